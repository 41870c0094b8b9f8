"""The guard against stale translations: each translated page names the English review it
follows (`translated_from:`); a later English review puts it behind, which the build lists, the
page shows (on the web and on paper) and `--strict-translations` refuses."""

from __future__ import annotations

import datetime
import html
import posixpath
from dataclasses import dataclass
from pathlib import Path

from ..data_files import shown_path
from .front_matter import read_page


@dataclass(frozen=True)
class BehindPage:
    """A translated page whose English page was reviewed after the review it translates."""

    path: str  # as the author knows it, e.g. docs/es/faq.md
    translated_from: datetime.date
    english_path: str  # docs/faq.md
    english_reviewed: datetime.date

    def __str__(self) -> str:
        return (
            f"{self.path} translates the review of {self.translated_from.isoformat()}, but "
            f"{self.english_path} was reviewed again on {self.english_reviewed.isoformat()}"
        )


def english_pages(main_docs: Path, language_folders: set[str]) -> list[str]:
    """The main language's pages (e.g. faq.md), leaving out the translations' folders and the
    folders that are not published (_fragments/, _data/)."""
    pages = []
    for path in sorted(main_docs.rglob("*.md")):
        parts = path.relative_to(main_docs).parts
        if parts[0] not in language_folders and not any(p.startswith(("_", ".")) for p in parts):
            pages.append(path.relative_to(main_docs).as_posix())
    return pages


def missing_pages(english: list[str], translated: set[str], docs_dir: Path) -> list[str]:
    """What to fix when the two languages do not have the same pages, one line each."""
    folder = shown_path(docs_dir)
    english_folder = shown_path(docs_dir.parent)
    lines = [
        f"{folder}/{page} is missing: every page needs its translation; copy "
        f"{english_folder}/{page}, translate it and give translated_from: its 'reviewed' date"
        for page in english
        if page not in translated
    ]
    lines += [
        f"{folder}/{page} translates {english_folder}/{page}, which does not exist; remove it or "
        "rename it to the page it translates"
        for page in sorted(translated - set(english))
    ]
    return lines


def english_review(main_docs: Path, page: str) -> datetime.date:
    """The English page's `reviewed:` date, from its front matter."""
    path = main_docs / page
    meta = read_page(shown_path(path), path.read_bytes()).meta  # may raise a PageTemplateError
    reviewed: datetime.date = meta["reviewed"]
    return reviewed


def english_link(page_url: str) -> str:
    """The English page, as a link from the same page in a translation's folder (es/faq/)."""
    here = posixpath.dirname(f"x/{page_url}")  # the translation's page, one folder down
    target = posixpath.relpath(page_url or ".", here or ".")
    return target + "/" if page_url.endswith("/") or not page_url else target


def behind_notice(notice: str, link_words: str, link: str, language: str) -> str:
    """The notice a page that is behind shows first, as HTML (for the web and for paper)."""
    return (
        f'<p class="translation-behind" role="note">{html.escape(notice)} '
        f'<a href="{html.escape(link)}" hreflang="{language}">{html.escape(link_words)}</a></p>'
    )
