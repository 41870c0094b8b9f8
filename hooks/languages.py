"""MkDocs hook: the guide in several languages (each its own build, joined by links both ways)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.plugins import event_priority
from patient_guide.languages.events import LanguageRun

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

languages = LanguageRun()


def on_startup(command: str, **kwargs: Any) -> None:
    languages.start(command)


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    languages.configure(config)


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> None:
    languages.add_shared_files(files, config)


def on_env(env: Environment, config: MkDocsConfig, **kwargs: Any) -> None:
    languages.add_template_values(env, config)


@event_priority(-50)  # after the other hooks are done with this language, before hosting
def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    languages.build_translations(config)
