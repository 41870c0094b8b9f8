"""Build a translation inside the main build, into its folder of the main site (site/es/)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from ..data_files import refuse_unsafe_configuration
from ..language_sites import Language
from ..site.theme_templates import ThemeTemplateCache
from .build_errors import stops_the_build
from .build_runs import finished_run, start_run
from .hosting import offline_build
from .site_build import (
    HANDOUTS_SWITCH,
    OFFLINE_SWITCH,
    STRICT_TRANSLATIONS_SWITCH,
    MkDocsCommand,
    switches,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def build_translation(
    main: MkDocsConfig, language: Language, command: MkDocsCommand
) -> MkDocsConfig:
    """Build one translation as the main build was built (strictness, switches, address)."""
    from mkdocs.commands.build import build

    assert language.config is not None, "a translation has its own configuration file"
    config_file = Path(main.config_file_path or "mkdocs.yml").parent / language.config
    if not config_file.is_file():
        raise PluginError(
            f"{language.config}: no such file, named in extra.languages for {language.code!r}; "
            "create it (INHERIT: mkdocs.yml; see Languages in the README) or remove the language"
        )
    with stops_the_build():
        refuse_unsafe_configuration(config_file)  # before MkDocs reads it (see site_build)
    with switches(
        **{
            OFFLINE_SWITCH: offline_build(main),
            HANDOUTS_SWITCH: bool(main.extra.get("print_handouts", True)),
            STRICT_TRANSLATIONS_SWITCH: bool(main.extra.get("strict_translations")),
        }
    ):
        config = load_config(
            config_file=str(config_file),
            site_dir=str(Path(main.site_dir) / language.code),
            site_url=main.site_url,
            strict=main.strict,
        )
    # The translation's theme is the main build's: it loads the templates that one compiled.
    main_templates = finished_run(main, ThemeTemplateCache)
    if main_templates is not None:
        start_run(config, ThemeTemplateCache(shared_with=main_templates))
    config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return config
