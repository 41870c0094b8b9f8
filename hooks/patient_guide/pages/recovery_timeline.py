"""The recovery timeline: stages of healing read from data, drawn as an SVG picture."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ..data_checks import read_entries
from ..data_files import DataFileError, shown_path
from ..plain_text import plain_field
from .markup import rendered
from .quotes import QuoteError, parse_evidence

WIDTH = 560
LEFT, TEXT_LEFT = 40, 84  # the line of dots, and where the words start
WHEN_SIZE, SEE_SIZE = 25, 22
LINE_HEIGHT = 30
STAGE_GAP = 26
WRAP_AT = 35  # characters per line at SEE_SIZE, so words stay inside the picture
FONT = "Atkinson Hyperlegible, DejaVu Sans, Arial, Helvetica, sans-serif"
COLOURS = {"ink": "#111111", "accent": "#00695c", "line": "#444444"}


class Stage(BaseModel):
    """One stage of healing: when it is, what you may see, and the passages that say so."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    when: Annotated[str, plain_field(300), Field(examples=["First day"])]
    see: Annotated[str, plain_field(300), Field(examples=["Red, tender skin."])]
    evidence: Annotated[
        tuple[Annotated[str, plain_field(300)], ...],
        Field(min_length=1, examples=['["004: red and tender"]']),
    ]


def load_stages(path: Path, known_sources: set[str]) -> list[Stage]:
    """The stages in the data file, each checked: plain text, known source ids."""
    stages = read_entries(path, Stage, item="stage")
    for number, (stage, line) in enumerate(stages, start=1):
        for text in stage.evidence:
            try:
                source_id = parse_evidence(text).source_id
            except QuoteError as error:
                raise DataFileError.at(
                    shown_path(path), line, f"stage {number}: evidence: {error}"
                ) from None
            if source_id not in known_sources:
                raise DataFileError.at(
                    shown_path(path),
                    line,
                    f"stage {number}: evidence: unknown source {source_id!r}; "
                    "use an id from docs/_data/sources.yml",
                )
    return [stage for stage, _line in stages]


ALT_PATTERN = (
    "Timeline of healing in {count} stages, from {first} to {last}. "
    "Each stage is written out below."
)


def timeline_alt(stages: list[Stage], pattern: str = ALT_PATTERN) -> str:
    """The picture's text alternative (pattern: labels.yml's web.timeline_alt); the page lists
    every stage in words right below it."""
    return pattern.format(
        count=len(stages), first=stages[0].when.lower(), last=stages[-1].when.lower()
    )


@dataclass(frozen=True)
class _Line:
    y: int
    words: str


@dataclass(frozen=True)
class _PlacedStage:
    when: str
    top: int  # the baseline of its name
    dot: int  # the centre of its dot
    lines: list[_Line]


def timeline_svg(stages: list[Stage], alt: str) -> str:
    """A tall picture (it fits a phone): a dot per stage on a line, its name and what you see."""
    placed = []
    top = STAGE_GAP + WHEN_SIZE
    for stage in stages:
        wrapped = textwrap.wrap(stage.see, WRAP_AT)
        lines = [
            _Line(top + number * LINE_HEIGHT + 4, words)
            for number, words in enumerate(wrapped, start=1)
        ]
        placed.append(_PlacedStage(stage.when, top, top - WHEN_SIZE // 3, lines))
        top += (len(wrapped) + 1) * LINE_HEIGHT + STAGE_GAP + 4
    return rendered(
        "recovery-timeline.svg",
        width=WIDTH,
        height=top - WHEN_SIZE,
        left=LEFT,
        text_left=TEXT_LEFT,
        title=alt,
        stages=placed,
        font=FONT,
        sizes={"when": WHEN_SIZE, "see": SEE_SIZE},
        colours=COLOURS,
    )
