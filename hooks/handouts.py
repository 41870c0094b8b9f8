"""MkDocs hook: print the handouts (PDF) from the site's own pages and link them from the site."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from patient_guide.adapters.handout_events import HANDOUT_RUNS as runs

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    runs.start(config)


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> None:
    runs.of(config).read_catalog(files, config)


def on_env(env: Any, config: MkDocsConfig, files: Files, **kwargs: Any) -> None:
    runs.of(config).print_all(config, files)


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs: Any
) -> dict[str, Any]:
    return runs.of(config).page_context(context, page, config)
