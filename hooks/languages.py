"""MkDocs hook: the guide in several languages (each its own build, joined by links both ways)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.plugins import event_priority

from patient_guide.adapters.language_events import LANGUAGE_RUNS as runs

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from patient_guide.adapters.site_build import MkDocsCommand


def on_startup(command: MkDocsCommand, **kwargs: Any) -> None:
    runs.command = command


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    runs.start(config)


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> None:
    runs.of(config).read_english_pages(files, config)
    runs.of(config).add_shared_files(files, config)


@event_priority(-10)  # after the page's own template is rendered
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    return runs.of(config).mark_if_behind(markdown, page, config)


def on_env(env: Environment, config: MkDocsConfig, **kwargs: Any) -> None:
    runs.of(config).add_template_values(env, config)


@event_priority(-50)  # after the other hooks are done with this language, before hosting
def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    runs.of(config).report_behind(config)
    runs.of(config).build_translations(config)
