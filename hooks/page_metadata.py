"""MkDocs hook: what search engines and link previews read (JSON-LD, Open Graph, preview images)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from patient_guide.adapters.page_metadata import METADATA_RUNS as runs

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

    from patient_guide.adapters.site_build import MkDocsCommand


def on_startup(command: MkDocsCommand, **kwargs: Any) -> None:
    runs.command = command


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    runs.start(config)


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs: Any
) -> dict[str, Any]:
    return runs.of(config).describe(context, page, config)


def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    runs.of(config).draw(config)
