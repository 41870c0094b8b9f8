"""MkDocs hook: finish the web pages for readers (tick boxes that work, a named search dialog, the
theme's stylesheet trimmed to what the pages use)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from patient_guide.adapters.build_runs import build_labels, finished_run, start_run
from patient_guide.adapters.theme_stylesheet import (
    strip_own_stylesheet_comments,
    trim_theme_stylesheets,
)
from patient_guide.pages.accessibility import labelled_checklist, named_search_dialog
from patient_guide.site.theme_templates import ThemeTemplateCache

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig


def on_env(env: Environment, config: MkDocsConfig, **kwargs: Any) -> None:
    # A translation's build starts with the main build's (see translation_builds).
    kept = finished_run(config, ThemeTemplateCache) or start_run(config, ThemeTemplateCache())
    kept.attach(env, config.config_file_path)


def on_page_content(html: str, **kwargs: Any) -> str:
    return labelled_checklist(html)


def on_post_page(output: str, config: MkDocsConfig, **kwargs: Any) -> str:
    return named_search_dialog(output, build_labels(config)["web"]["search"])


def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    trim_theme_stylesheets(config)  # the pages are written; the hosting hook's headers follow
    strip_own_stylesheet_comments(config)
    theme_templates = finished_run(config, ThemeTemplateCache)
    if theme_templates is not None:
        theme_templates.forget_unused()
