"""MkDocs hook: read each page strictly, then render it with Jinja2 (citations, fragments, data)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.plugins import event_priority

from patient_guide.pages.events import PageTemplating

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

state = PageTemplating()


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    state.configure(config)


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> None:
    state.add_timeline_picture(files, config)


def on_page_read_source(page: Page, **kwargs: Any) -> str:
    return state.read_source(page)


def on_page_markdown(markdown: str, page: Page, **kwargs: Any) -> str:
    return state.render(markdown, page)


def on_page_content(html: str, page: Page, files: Files, **kwargs: Any) -> str:
    return state.finish_content(html, page, files)


@event_priority(50)  # before search indexes the page
def on_page_context(context: dict[str, Any], page: Page, **kwargs: Any) -> None:
    state.list_additions(page)


def on_env(env: Any, **kwargs: Any) -> None:
    state.finish()
