"""The points the guide makes on several pages (how long redness lasts, makeup, the sun...), each
written once with its evidence, so that no two pages can say it differently.

A page writes `{{ point("redness") }}`. A translation's file gives each point in its language
(`say:`) and takes the evidence from the main language's file, so both cite the same passages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ..data_checks import read_entries
from ..data_files import DataFileError, shown_path
from ..plain_text import plain_field

POINTS_FILE = Path("_data") / "points.yml"


class PointEntry(BaseModel):
    """One point of the main language's file: its id, its words and its evidence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, plain_field(60), Field(examples=["redness"])]
    say: Annotated[str, plain_field(600), Field(examples=["Your skin may be red."])]
    evidence: Annotated[
        tuple[Annotated[str, plain_field(300)], ...],
        Field(min_length=1, examples=['["004: red and tender"]']),
    ]


class TranslatedPoint(BaseModel):
    """One point of a translation's file: its id and its words (the evidence is the main's)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, plain_field(60), Field(examples=["redness"])]
    say: Annotated[str, plain_field(600), Field(examples=["Su piel puede estar roja."])]


@dataclass(frozen=True)
class Point:
    """A point as pages print it."""

    say: str
    evidence: tuple[str, ...]


def load_points(docs: Path, main_docs: Path | None = None) -> dict[str, Point]:
    """The points of docs/_data/points.yml; for a translation (main_docs given), its words
    with the main language's evidence, the two files holding the same ids."""
    path = docs / POINTS_FILE
    if path.exists() and not path.is_file():
        raise DataFileError.at(
            shown_path(path), None, "is not a file (a folder?); it must be the points' YAML file"
        )
    if not path.is_file():
        return {}
    if main_docs is None:
        entries = unique(read_entries(path, PointEntry, "point"), path)
        return {entry.id: Point(entry.say, entry.evidence) for entry in entries.values()}
    main = load_points(main_docs)
    translated = unique(read_entries(path, TranslatedPoint, "point"), path)
    missing = [point for point in main if point not in translated]
    extra = [point for point in translated if point not in main]
    if missing or extra:
        main_path = shown_path(main_docs / POINTS_FILE)
        problem = (
            f"point {missing[0]!r} of {main_path} is missing; translate it here"
            if missing
            else f"point {extra[0]!r} is not in {main_path}; remove it or add it there first"
        )
        raise DataFileError.at(shown_path(path), None, problem)
    return {key: Point(translated[key].say, point.evidence) for key, point in main.items()}


Entry = TypeVar("Entry", PointEntry, TranslatedPoint)


def unique(entries: list[tuple[Entry, int | None]], path: Path) -> dict[str, Entry]:
    """The entries by id, refusing an id given twice."""
    found: dict[str, Entry] = {}
    for entry, line in entries:
        if entry.id in found:
            raise DataFileError.at(
                shown_path(path), line, f"point {entry.id!r} is given twice; keep one"
            )
        found[entry.id] = entry
    return found
