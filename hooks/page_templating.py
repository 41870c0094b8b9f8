"""MkDocs hook: read each page strictly, then render it with Jinja2 (citations, fragments, data)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.plugins import event_priority

from patient_guide.adapters.build_runs import run_of, start_run
from patient_guide.adapters.page_events import PageTemplating

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    start_run(config, PageTemplating.started(config))


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> None:
    run_of(config, PageTemplating).add_timeline_picture(files, config)


def on_page_read_source(page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    return run_of(config, PageTemplating).read_source(page)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    return run_of(config, PageTemplating).render(markdown, page)


def on_page_content(
    html: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: Any
) -> str:
    return run_of(config, PageTemplating).finish_content(html, page, files)


@event_priority(50)  # before search indexes the page
def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs: Any
) -> None:
    run_of(config, PageTemplating).list_additions(page)


def on_env(env: Any, config: MkDocsConfig, **kwargs: Any) -> None:
    run_of(config, PageTemplating).finish()
