"""The printable handouts: which pages each one prints, its paper sizes and its file names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

HANDOUTS_FOLDER = "handouts"
# paper slug -> (CSS @page size, label shown to readers)
PAPER_SIZES = {"a4": ("A4", "A4"), "letter": ("letter", "US Letter")}
FIELDS = {"slug", "title", "pages", "max_pages", "clinic_notes"}


class HandoutCatalogError(Exception):
    """The handouts file has an entry that cannot be printed."""


@dataclass(frozen=True)
class Handout:
    """One handout: a title, the pages it prints and how long it may be."""

    slug: str
    title: str
    pages: tuple[str, ...]
    max_pages: int | None = None
    clinic_notes: bool = False  # print the clinic's own aftercare notes in a marked section

    def file_name(self, paper: str) -> str:
        return f"{self.slug}-{paper}.pdf"

    def site_path(self, paper: str) -> str:
        """Where the PDF lives in the built site, e.g. handouts/faq-a4.pdf."""
        return f"{HANDOUTS_FOLDER}/{self.file_name(paper)}"


def load_handouts(path: Path, known_pages: set[str]) -> list[Handout]:
    """Read and check the handouts file; every page it names must be a page of the site."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise HandoutCatalogError(f"{path}: cannot be read as YAML ({error})") from error
    if not isinstance(entries, list):
        raise HandoutCatalogError(f"{path}: must be a list of handouts")
    handouts: list[Handout] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: handout {number}"
        if not isinstance(entry, dict) or not {"slug", "title", "pages"} <= set(entry):
            raise HandoutCatalogError(f"{where} needs slug, title and pages")
        unknown = sorted(set(entry) - FIELDS)
        if unknown:
            raise HandoutCatalogError(f"{where}: unknown key {unknown[0]!r}")
        pages = entry["pages"]
        if not isinstance(pages, list) or not pages:
            raise HandoutCatalogError(f"{where}: pages must be a list of Markdown files")
        missing = [page for page in pages if page not in known_pages]
        if missing:
            raise HandoutCatalogError(f"{where}: {missing[0]!r} is not a page of the site")
        max_pages = entry.get("max_pages")
        if max_pages is not None and (not isinstance(max_pages, int) or max_pages < 1):
            raise HandoutCatalogError(f"{where}: max_pages must be a whole number from 1")
        handouts.append(
            Handout(
                slug=str(entry["slug"]),
                title=str(entry["title"]),
                pages=tuple(pages),
                max_pages=max_pages,
                clinic_notes=bool(entry.get("clinic_notes", False)),
            )
        )
    slugs = [handout.slug for handout in handouts]
    if len(set(slugs)) != len(slugs):
        raise HandoutCatalogError(f"{path}: two handouts share a slug")
    return handouts


def handouts_of_page(handouts: list[Handout], page: str) -> list[Handout]:
    """The handouts made from this page alone (the booklet is listed on the Handouts page)."""
    return [handout for handout in handouts if handout.pages == (page,)]
