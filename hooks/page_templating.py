"""MkDocs hook: read each page strictly, then render it with Jinja2 (citations, fragments, data)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.plugins import event_priority

from patient_guide.adapters.page_events import PAGE_RUNS as runs

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    runs.start(config)


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> None:
    runs.of(config).add_timeline_picture(files, config)


def on_page_read_source(page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    return runs.of(config).read_source(page)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    return runs.of(config).render(markdown, page)


def on_page_content(
    html: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: Any
) -> str:
    return runs.of(config).finish_content(html, page, files)


@event_priority(50)  # before search indexes the page
def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs: Any
) -> None:
    runs.of(config).list_additions(page)


def on_env(env: Any, config: MkDocsConfig, **kwargs: Any) -> None:
    runs.of(config).finish()
