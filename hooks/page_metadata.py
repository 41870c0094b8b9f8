"""MkDocs hook: what search engines and link previews read (JSON-LD, Open Graph, preview images)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from patient_guide.site.metadata import PageMetadata

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

state = PageMetadata()


def on_startup(command: str, **kwargs: Any) -> None:
    state.start(command)


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    state.configure(config)


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs: Any
) -> dict[str, Any]:
    return state.describe(context, page, config)


def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    state.draw(config)
