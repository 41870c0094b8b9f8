"""What the handout template (overrides/handout/handout.typ) reads: the job (job.json) and the
pages' blocks (articles.json). The one declaration of the data Python gives Typst
(tests/test_template_inputs.py holds both sides to it)."""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict


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
    own_timings: bool  # the clinic sets at least one timing (warning signs aside)
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
    first_sections: tuple[str, ...]  # sections moved up to fill the first page, by heading id
    site_name: str
    reviewed: ReviewedDate
    web_url: str
    short_url: str
    qr_code: str  # SVG text
    clinic: ClinicInputs | None
    grid: GridInputs | None
    page_urls: list[str]  # a link to one of them gives its page
    notes_after: int  # the page after which a clinic's notes print; -1: none


# The pages' blocks (articles.json): a list per page of blocks, each holding blocks or text
# runs. Made by article_blocks.py, then print_data.py (what paper leaves out or prints once) and
# points_once.py (what a booklet says once); tests/test_template_inputs.py holds every node of
# the real pages to these shapes.


class TextRun(TypedDict):
    kind: Literal["text"]
    text: str


class StyledRun(TypedDict):
    """Words in bold ("strong", and "term": a word being defined) or italics ("emph")."""

    kind: Literal["strong", "emph", "term"]
    runs: list[Run]


class MarkedRun(TypedDict):
    """A span of a class the template knows: a prompt ("Ask your clinic:") or a line to write
    on."""

    kind: Literal["prompt", "write-in"]
    classes: list[str]
    runs: list[Run]


class BreakRun(TypedDict):
    kind: Literal["break"]


class PointRun(TypedDict):
    """A shared point ({{ point() }}): a booklet prints each once."""

    kind: Literal["point"]
    id: str
    runs: list[Run]


class TimingRun(TypedDict):
    """Words a clinic's own timing replaces ({{ timing() }})."""

    kind: Literal["timing"]
    key: str
    runs: list[Run]


class LanguageRun(TypedDict):
    kind: Literal["language"]
    lang: str
    runs: list[Run]


class LinkRun(TypedDict):
    """A link: its words, then on paper the page of the handout or the address to type."""

    kind: Literal["link"]
    url: str
    shown: str
    runs: list[Run]


class PictureRun(TypedDict):
    kind: Literal["picture"]
    svg: str
    alt: str
    view_width: float | None
    smallest_text: float | None  # the smallest words drawn in it, in its own units


Run = (
    TextRun | StyledRun | MarkedRun | BreakRun | PointRun | TimingRun | LanguageRun | LinkRun
    | PictureRun
)  # fmt: skip


class Paragraph(TypedDict):
    kind: Literal["paragraph"]
    classes: list[str]
    runs: list[Run]


class Heading(TypedDict):
    kind: Literal["heading"]
    level: int
    id: str
    runs: list[Run]


class DayGridPlace(TypedDict):
    """Where the aftercare day grid prints (its rows are the job's: JobInputs.grid)."""

    kind: Literal["day-grid"]


class Group(TypedDict):
    kind: Literal["group"]
    classes: list[str]
    blocks: list[Block]


class ListItem(TypedDict):
    tick: bool  # a tick box before it
    blocks: list[Block]


class ListBlock(TypedDict):
    kind: Literal["list"]
    ordered: bool
    classes: list[str]
    items: list[ListItem]


class Figure(TypedDict):
    kind: Literal["figure"]
    classes: list[str]
    runs: list[Run]
    caption: list[Run]


class Box(TypedDict):
    """A box ("Key points", "Ask your clinic", "Call your clinic if"); number: where a box a
    booklet prints once is printed (its earlier copies point to it)."""

    kind: Literal["box"]
    variant: str
    title: list[Run]
    blocks: list[Block]
    letters: int  # how long it is: the template keeps short boxes whole
    number: NotRequired[int]


class BoxPointer(TypedDict):
    """An earlier copy of a box, as one line: 'See "Call your clinic if" (page 5).'"""

    kind: Literal["box-pointer"]
    title: list[Run]
    variant: str
    box: int


Block = Paragraph | Heading | DayGridPlace | Group | ListBlock | Figure | Box | BoxPointer
