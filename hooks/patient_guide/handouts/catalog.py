"""The printable handouts: which pages each one prints, its paper sizes and its file names."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..data_checks import read_entries
from ..data_files import DataFileError, shown_path

HANDOUTS_FOLDER = "handouts"
# paper slug -> (Typst's name for the paper, label shown to readers)
PAPER_SIZES = {"a4": "a4", "letter": "us-letter"}  # file name part -> Typst's paper name
# edition slug -> (file name part, label shown to readers); large print is 16 pt, one column
EDITIONS = {"regular": "", "large-print": "-large-print"}  # edition -> file name part


class Handout(BaseModel):
    """One handout: a title, the pages it prints and how long it may be."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: Annotated[str, Field(pattern="^[a-z0-9-]+$", examples=["aftercare"])]
    title: Annotated[str, Field(min_length=1, examples=["Aftercare checklist"])]
    pages: Annotated[tuple[str, ...], Field(min_length=1, examples=["[aftercare.md]"])]
    max_pages: Annotated[int | None, Field(ge=1)] = None  # regular print
    max_pages_large_print: Annotated[int | None, Field(ge=1)] = None  # none: as long as it needs
    # The page after which a clinic's own aftercare notes print, in a marked box (none: no notes).
    clinic_notes: Annotated[str | None, Field(examples=["aftercare.md"])] = None
    # What the handout leaves out of its pages on paper: boxes by kind (abstract: "Key points",
    # question: "Ask your clinic"), and sections by their heading's id.
    leave_out_boxes: tuple[Literal["abstract", "question", "warning", "note"], ...] = ()
    leave_out_sections: Annotated[tuple[str, ...], Field(examples=["[what-you-may-see]"])] = ()
    # Sections (by heading id) printed only while the handout still fits its page limit: a
    # clinic's long notes or signs push them out rather than past the limit.
    leave_out_if_too_long: Annotated[tuple[str, ...], Field(examples=["[next-session]"])] = ()
    # One line printed once in place of every page's "advice varies" line (class "varies"): a
    # booklet says it once, naming the topics of all its parts.
    advice_varies: Annotated[str | None, Field(min_length=1)] = None
    # Sections (by heading id) moved up, before the page's first section, when that section (the
    # day grid) cannot start on the first page and they fit there whole: they fill the first
    # page, rather than leave it half empty.
    fill_first_page: Annotated[tuple[str, ...], Field(examples=["[what-you-may-see]"])] = ()

    def file_name(self, paper: str, edition: str = "regular") -> str:
        """The PDF's name, e.g. faq-a4.pdf or faq-large-print-letter.pdf."""
        return f"{self.slug}{EDITIONS[edition]}-{paper}.pdf"

    def site_path(self, paper: str, edition: str = "regular") -> str:
        """Where the PDF lives in the built site, e.g. handouts/faq-a4.pdf."""
        return f"{HANDOUTS_FOLDER}/{self.file_name(paper, edition)}"

    def shortened(self) -> Handout | None:
        """The handout without its leave_out_if_too_long sections, or None when it has none."""
        if not self.leave_out_if_too_long:
            return None
        return self.model_copy(
            update={
                "leave_out_sections": (*self.leave_out_sections, *self.leave_out_if_too_long),
                "leave_out_if_too_long": (),
            }
        )

    def page_limit(self, edition: str) -> int | None:
        """The most pages the edition may print."""
        return self.max_pages if edition == "regular" else self.max_pages_large_print


def load_handouts(path: Path, known_pages: set[str]) -> list[Handout]:
    """Read and check the handouts file; every page it names must be a page of the site."""
    handouts = read_entries(path, Handout, item="handout")
    for number, (handout, line) in enumerate(handouts, start=1):
        if handout.clinic_notes and handout.clinic_notes not in handout.pages:
            raise DataFileError.at(
                shown_path(path),
                line,
                f"handout {number}: clinic_notes: {handout.clinic_notes!r} is not one of its "
                "pages; name the page the clinic's notes print after",
            )
        missing = [page for page in handout.pages if page not in known_pages]
        if missing:
            raise DataFileError.at(
                shown_path(path),
                line,
                f"handout {number}: pages: {missing[0]!r} is not a page of the site; "
                "use a Markdown file of docs/",
            )
    slugs = [handout.slug for handout, _line in handouts]
    if len(set(slugs)) != len(slugs):
        raise DataFileError.at(
            shown_path(path), None, "two handouts share a slug; give each its own"
        )
    return [handout for handout, _line in handouts]


def handouts_of_page(handouts: list[Handout], page: str) -> list[Handout]:
    """The handouts made from this page alone (the booklet is listed on the Handouts page)."""
    return [handout for handout in handouts if handout.pages == (page,)]
