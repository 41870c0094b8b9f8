"""MkDocs hook: finish each web page for readers (tick boxes that work, a named search dialog)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from page_accessibility import labelled_checklist, named_search_dialog

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page


def on_page_content(html: str, page: Page, **kwargs: Any) -> str:
    return labelled_checklist(html)


def on_post_page(output: str, page: Page, **kwargs: Any) -> str:
    return named_search_dialog(output, "Search")
