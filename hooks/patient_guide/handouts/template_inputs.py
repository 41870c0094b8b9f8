"""What the handout template (overrides/handout/handout.typ) reads from `sys.inputs.job`: the one
declaration of the data Python gives Typst (tests/test_template_inputs.py holds both to it)."""

from __future__ import annotations

from typing import TypedDict


class ReviewedDate(TypedDict):
    """The date the handout's pages were last reviewed, and the same in words."""

    year: int
    month: int
    day: int
    text: str


class GridRowInputs(TypedDict):
    """One rule of the aftercare day grid as printed."""

    kind: str  # "rule" (a tick box each day it lasts) or "check" (one box, on its day)
    words: str
    short: str  # the rule in a few words, for the grid's later weeks
    svg: str | None  # its picture
    alt: str | None  # the picture's words for those who cannot see it
    days: list[bool]  # a tick box on this day?
    after: str  # "until your clinic says", "until ___" or nothing
    last_day: int | None  # the day it lasts to, where known
    in_hours: bool  # it counts hours: it ends at the time of the session that day


class GridInputs(TypedDict):
    """The aftercare day grid: its number of day columns and its rows."""

    days: int
    rows: list[GridRowInputs]


class ClinicInputs(TypedDict):
    """A clinic's details as printed text, its logo as SVG text."""

    timing_words: dict[str, str]  # what a page prints where it names a timing the clinic sets
    warning_signs: list[str]
    name: str
    phone: str
    after_hours_phone: str | None
    address: str | None
    website: str | None
    logo: str | None
    notes: list[str]


class JobInputs(TypedDict):
    """Everything one handout prints apart from its pages' blocks (sys.inputs.articles)."""

    title: str
    description: str
    author: str
    keywords: list[str]
    labels: dict[str, str]  # labels.yml's handout group
    grid_labels: dict[str, str]  # labels.yml's grid group
    lang: str
    paper: str  # Typst's paper name: "a4", "us-letter"
    large: bool
    first_sections: tuple[str, ...]  # sections large print moves up, by heading id
    site_name: str
    reviewed: ReviewedDate
    web_url: str
    short_url: str
    qr_code: str  # SVG text
    clinic: ClinicInputs | None
    grid: GridInputs | None
    page_urls: list[str]  # a link to one of them gives its page
    notes_after: int  # the page after which a clinic's notes print; -1: none
