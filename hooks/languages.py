"""MkDocs hook: the guide in several languages (each its own build, joined by links both ways)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.plugins import event_priority

from patient_guide.adapters.build_runs import Startup, run_of, start_run
from patient_guide.adapters.language_events import LanguageRun

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from patient_guide.adapters.site_build import MkDocsCommand


startup = Startup()  # the command MkDocs runs, told once per process (before any build)


def on_startup(command: MkDocsCommand, **kwargs: Any) -> None:
    startup.command = command


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    start_run(config, LanguageRun.started(config, startup.command))


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> None:
    run_of(config, LanguageRun).read_english_pages(files, config)
    run_of(config, LanguageRun).add_shared_files(files, config)


@event_priority(-10)  # after the page's own template is rendered
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    return run_of(config, LanguageRun).mark_if_behind(markdown, page, config)


def on_env(env: Environment, config: MkDocsConfig, **kwargs: Any) -> None:
    run_of(config, LanguageRun).add_template_values(env, config)


@event_priority(-50)  # after the other hooks are done with this language, before hosting
def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    run_of(config, LanguageRun).report_behind(config)
    run_of(config, LanguageRun).build_translations(config)
