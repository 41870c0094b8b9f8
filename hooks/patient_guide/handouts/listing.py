"""The Handouts page's list of PDFs while they are printed: each one's pages and size are marks
in the written page, filled in once the printing is done (the pages are made meanwhile)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..labels import Labels
from .jobs import HandoutFile, PrintJob

MARK = re.compile(r"<!--handout (pages|size) ([^ ]+)-->")


@dataclass(frozen=True)
class PrintingHandout:
    """A PDF being printed, as the Handouts page lists it until its pages and size are known."""

    title: str
    edition_label: str
    paper_label: str
    file_name: str

    @property
    def pages_text(self) -> Markup:
        return Markup(f"<!--handout pages {self.file_name}-->")

    @property
    def size_text(self) -> Markup:
        return Markup(f"<!--handout size {self.file_name}-->")


def being_printed(jobs: list[PrintJob], labels: Labels) -> list[PrintingHandout]:
    """The PDFs the jobs print, in their order."""
    return [
        PrintingHandout(
            title=job.handout.title,
            edition_label=labels["edition"][job.edition],
            paper_label=labels["paper"][job.paper],
            file_name=job.file_name,
        )
        for job in jobs
    ]


def fill_in(page: Path, printed: list[HandoutFile]) -> None:
    """Put each printed PDF's pages and size into a written page where it is marked."""
    if not page.is_file():  # a page this build did not write (mkdocs serve --dirty)
        return
    html = page.read_text(encoding="utf-8")
    if "<!--handout " not in html:
        return
    found = {file.file_name: file for file in printed}

    def filled(mark: re.Match[str]) -> str:
        file = found.get(mark[2])
        if file is None:
            return ""
        return file.pages_text if mark[1] == "pages" else file.size_text

    page.write_text(MARK.sub(filled, html), encoding="utf-8")
