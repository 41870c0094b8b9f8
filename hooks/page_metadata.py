"""MkDocs hook: what search engines and link previews read (JSON-LD, Open Graph, preview images)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from patient_guide.adapters.build_runs import Startup, run_of, start_run
from patient_guide.adapters.page_metadata import PageMetadata

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

    from patient_guide.adapters.site_build import MkDocsCommand


startup = Startup()  # the command MkDocs runs, told once per process (before any build)


def on_startup(command: MkDocsCommand, **kwargs: Any) -> None:
    startup.command = command


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    start_run(config, PageMetadata.started(config, startup.command))


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs: Any
) -> dict[str, Any]:
    return run_of(config, PageMetadata).describe(context, page, config)


def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    run_of(config, PageMetadata).draw(config)
