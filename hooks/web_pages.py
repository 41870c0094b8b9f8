"""MkDocs hook: finish each web page for readers (tick boxes that work, a named search dialog)."""

from __future__ import annotations

from typing import Any

from patient_guide.pages.accessibility import labelled_checklist, named_search_dialog


def on_page_content(html: str, **kwargs: Any) -> str:
    return labelled_checklist(html)


def on_post_page(output: str, **kwargs: Any) -> str:
    return named_search_dialog(output, "Search")
