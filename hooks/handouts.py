"""MkDocs hook: print the handouts (PDF) from the site's own pages and link them from the site."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.plugins import event_priority

from patient_guide.adapters.build_runs import run_of, start_run
from patient_guide.adapters.handout_events import HandoutRun
from patient_guide.worker_processes import Background

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    start_run(config, HandoutRun.started(config))


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> None:
    run_of(config, HandoutRun).read_catalog(files, config)


def on_env(env: Any, config: MkDocsConfig, files: Files, **kwargs: Any) -> None:
    run_of(config, HandoutRun).print_all(config, files)


@event_priority(-60)  # after the translations are built (languages.py), while this printed
def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    run_of(config, HandoutRun).finish()


def on_build_error(error: Exception, **kwargs: Any) -> None:
    Background.stop_all()


def on_shutdown(**kwargs: Any) -> None:
    Background.stop_all()  # a build stopped by Ctrl-C or SIGTERM too (none runs after a build)


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs: Any
) -> dict[str, Any]:
    return run_of(config, HandoutRun).page_context(context, page, config)
