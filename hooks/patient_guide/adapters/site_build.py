"""One MkDocs build of the site in this process, with the switches mkdocs.yml reads from the
environment (the offline copy, the handouts), as `mkdocs build` would run it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mkdocs.exceptions import MkDocsException

from ..data_files import refuse_unsafe_configuration
from ..guide_errors import GuideError
from .hosting import OFFLINE_PRINTER, offline_build

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

MkDocsCommand = Literal["build", "gh-deploy", "serve"]
# Read by mkdocs.yml through !ENV, so `mkdocs build` users can set them too.
OFFLINE_SWITCH = "MICRONEEDLING_OFFLINE"
HANDOUTS_SWITCH = "MICRONEEDLING_HANDOUTS"
STRICT_TRANSLATIONS_SWITCH = "MICRONEEDLING_STRICT_TRANSLATIONS"


class ConfigurationError(GuideError):
    """The configuration cannot build what was asked; the message says what to add."""


# What an author can fix, with a message that says how: the guide's own mistakes (a configuration
# that cannot build what was asked among them), or what MkDocs (or a hook) refused.
SITE_MISTAKES: tuple[type[Exception], ...] = (GuideError, MkDocsException)


@contextmanager
def switches(**values: bool) -> Iterator[None]:
    """Set the environment switches mkdocs.yml reads while it loads, then restore them."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update({name: "true" if on else "false" for name, on in values.items()})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def load_configuration(
    config_file: Path,
    site_dir: Path,
    *,
    offline: bool = False,
    offline_printer: bool = False,
    handouts: bool = True,
    strict_translations: bool = False,
) -> MkDocsConfig:
    """mkdocs.yml loaded strictly (any warning fails the build) to build into site_dir."""
    from mkdocs.config import load_config

    if not config_file.exists():
        raise ConfigurationError(f"{config_file}: no such file; pass --config with your mkdocs.yml")
    if not config_file.is_file():
        raise ConfigurationError(
            f"{config_file}: is not a file (a folder or a device); pass --config with your "
            "mkdocs.yml"
        )
    values = {
        OFFLINE_SWITCH: offline,
        HANDOUTS_SWITCH: handouts,
        STRICT_TRANSLATIONS_SWITCH: strict_translations,
    }
    # Before MkDocs reads it: MkDocs writes every value out (for its debug log), so an alias bomb
    # would fill the memory first.
    refuse_unsafe_configuration(config_file)
    with switches(**values):
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
    config.extra[OFFLINE_PRINTER] = offline_printer
    if offline and not offline_build(config):
        raise ConfigurationError(
            f"{config_file}: --offline needs mkdocs-material's offline plugin; add under plugins:"
            f"\n    - offline:\n        enabled: !ENV [{OFFLINE_SWITCH}, false]"
        )
    if not handouts and config.extra.get("print_handouts", True):
        raise ConfigurationError(
            f"{config_file}: --no-handouts needs this under extra:"
            f"\n  print_handouts: !ENV [{HANDOUTS_SWITCH}, true]"
        )
    if strict_translations and not config.extra.get("strict_translations"):
        raise ConfigurationError(
            f"{config_file}: --strict-translations needs this under extra:"
            f"\n  strict_translations: !ENV [{STRICT_TRANSLATIONS_SWITCH}, false]"
        )
    return config


def build_site(config: MkDocsConfig, command: MkDocsCommand = "build") -> None:
    """Run the MkDocs build in this process, as `mkdocs build` (or `mkdocs serve`) does."""
    from mkdocs.commands.build import build

    config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
