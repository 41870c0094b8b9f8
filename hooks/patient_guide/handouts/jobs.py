"""What one printed handout is made of: the pages it prints, its paper, edition and clinic."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..guide_errors import GuideError
from ..labels import Labels
from ..pages.day_grid import Rule
from .catalog import EDITIONS, PAPER_SIZES, Handout

if TYPE_CHECKING:
    from ..clinic_files.settings import Clinic


class HandoutError(GuideError):
    """A handout could not be printed as it should be; the message says which and why."""


class TypesettingError(HandoutError):
    """Typst could not print a job; `problem` is Typst's message, without the template's place."""

    def __init__(self, message: str, problem: str) -> None:
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True, eq=False)  # the same page is the same object: it keys a cache
class PrintedPage:
    """A page of the site as a handout prints it."""

    source: str  # e.g. "faq.md"
    description: str
    url: str  # the page's address on the website
    blocks: list[dict[str, Any]]  # the article, as the template walks it (article_blocks)
    reviewed: datetime.date
    language: str = "en"


@dataclass(frozen=True)
class PrintJob:
    """One PDF to make: a handout, a paper size, an edition, its pages and the clinic (or none)."""

    handout: Handout
    paper: str
    pages: tuple[PrintedPage, ...]
    site_name: str
    labels: Labels = field(compare=False)  # the words of the handout's language (labels.yml)
    clinic: Clinic | None = None
    edition: str = "regular"
    translation: str | None = None  # a translation's language code; None for the main language
    rules: tuple[Rule, ...] = field(default=(), compare=False)  # the day grid's rules

    @property
    def file_name(self) -> str:
        return self.handout.file_name(self.paper, self.edition)

    @property
    def file_in_folder(self) -> str:
        """Where a clinic's folder holds the PDF: es/faq-a4.pdf for a Spanish handout."""
        return f"{self.translation}/{self.file_name}" if self.translation else self.file_name

    @property
    def prints_call_box(self) -> bool:
        """Whether the handout prints a "Call your clinic if" box (where a clinic's own warning
        signs print)."""
        return "warning" not in self.handout.leave_out_boxes and any(
            block.get("kind") == "box" and block.get("variant") == "warning"
            for block in self._blocks
        )

    @property
    def prints_day_grid(self) -> bool:
        return any(block.get("kind") == "day-grid" for block in self._blocks)

    @property
    def _blocks(self) -> list[dict[str, Any]]:
        return [block for page in self.pages for block in page.blocks]

    def fits(self, page_count: int) -> bool:
        """Whether a print of page_count pages is within the handout's length limit."""
        limit = self.handout.page_limit(self.edition)
        return limit is None or page_count <= limit

    def section_title(self, heading_id: str) -> str:
        """The title of the section with that heading id in the job's pages (the id if none)."""
        for page in self.pages:
            for block in page.blocks:
                if block.get("kind") == "heading" and block.get("id") == heading_id:
                    return words_of(block["runs"]).strip()
        return heading_id

    @property
    def clinic_notes(self) -> tuple[str, ...]:
        """The clinic's own notes in the handout's language, when this handout prints them."""
        if self.clinic and self.handout.clinic_notes:
            return self.clinic.notes_in(self.translation)
        return ()


def words_of(runs: list[dict[str, Any]]) -> str:
    """The words of a block's runs, all the way down: a heading's title as it reads."""
    return "".join(run.get("text", "") + words_of(run.get("runs", [])) for run in runs)


@dataclass(frozen=True)
class RenderedHandout:
    pdf: bytes
    page_count: int
    left_out: tuple[str, ...] = ()  # the titles of sections left out to keep within its limit


@dataclass(frozen=True)
class HandoutSet:
    """Everything needed to print the handouts, without MkDocs: sent to each worker."""

    handouts: list[Handout]
    pages: dict[str, PrintedPage]
    template_folder: Path
    site_name: str
    labels: Labels  # the words of the handouts' language (labels.yml)
    translation: str | None = None  # the language code of a translation; None for the main one
    rules: tuple[Rule, ...] = ()  # the aftercare day grid's rules, in the handouts' language


@dataclass(frozen=True)
class HandoutFile:
    """A printed PDF as the Handouts page lists it."""

    title: str
    edition_label: str
    paper_label: str
    file_name: str
    size_bytes: int
    page_count: int

    @property
    def size_text(self) -> str:
        return f"{max(1, round(self.size_bytes / 1024))} KB"

    @property
    def pages_text(self) -> str:
        return str(self.page_count)


def files_already_printed(
    handouts: list[Handout], folder: Path, labels: Labels
) -> list[HandoutFile]:
    """The handouts an earlier build printed into folder, in the order a build prints them, as
    the Handouts page lists them (a `mkdocs serve --dirty` rebuild keeps them)."""
    import pikepdf

    found = []
    for handout in handouts:
        for edition in EDITIONS:
            for paper in PAPER_SIZES:
                path = folder / handout.file_name(paper, edition)
                if not path.is_file():
                    continue
                with pikepdf.open(path) as pdf:
                    page_count = len(pdf.pages)
                found.append(
                    HandoutFile(
                        title=handout.title,
                        edition_label=labels["edition"][edition],
                        paper_label=labels["paper"][paper],
                        file_name=path.name,
                        size_bytes=path.stat().st_size,
                        page_count=page_count,
                    )
                )
    return found
