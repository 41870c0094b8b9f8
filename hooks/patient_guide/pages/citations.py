"""The source articles behind the site, and the numbered citation links that point to them."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ..data_checks import read_entries
from ..data_files import DataFileError, shown_path
from ..plain_text import plain_field
from .markup import rendered

SOURCES_PAGE = "sources.md"


class UnknownSourceError(Exception):
    """A page cites a source id that the sources file does not list."""


class SourceEntry(BaseModel):
    """One entry of the sources file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, plain_field(500), Field(examples=['"005"'])]
    file: Annotated[str, plain_field(500), Field(examples=["005_a1b2c3.txt"])]
    title: Annotated[str, plain_field(500), Field(examples=["What microneedling is"])]
    quality: Annotated[str, plain_field(500), Field(examples=["Clear and careful."])]


@dataclass(frozen=True)
class Source:
    """One source article as listed on the Sources page."""

    number: int
    id: str
    file: str
    title: str
    quality: str

    @property
    def anchor(self) -> str:
        """The id of this source's entry on the Sources page."""
        return f"source-{self.id}"


def load_sources(path: Path) -> dict[str, Source]:
    """Read the sources file into an ordered mapping of id -> Source, checking every entry."""
    sources: dict[str, Source] = {}
    for number, (entry, line) in enumerate(read_entries(path, SourceEntry, "source"), start=1):
        if entry.id in sources:
            raise DataFileError.at(
                shown_path(path),
                line,
                f"source {number}: id {entry.id!r} is listed twice; give each its own",
            )
        sources[entry.id] = Source(number, **entry.model_dump())
    return sources


def citation_markdown(
    ids: tuple[str, ...], sources: dict[str, Source], page_uri: str, source_word: str = "Source"
) -> str:
    """Markdown for a superscript citation such as [1, 3], each number linking to its source
    (its tooltip "Source 1: <title>", source_word in the page's language)."""
    if not ids:
        raise UnknownSourceError('cite() needs at least one source id, e.g. cite("002")')
    unknown = [source_id for source_id in ids if str(source_id) not in sources]
    if unknown:
        known = ", ".join(sources)
        raise UnknownSourceError(
            f"unknown source id {unknown[0]!r} in cite(); the known ids are {known} "
            "(listed in docs/_data/sources.yml)"
        )
    target = posixpath.relpath(SOURCES_PAGE, posixpath.dirname(page_uri) or ".")
    cited = sorted({sources[str(source_id)] for source_id in ids}, key=lambda s: s.number)
    return rendered("citation.md", cited=cited, target=target, source_word=source_word)
