"""Fit the built site to where it is read: a static host (its _headers file) or a kiosk's disk."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from ..data_files import shown_path
from ..language_sites import is_translation
from ..output_folders import check_mkdocs_site_dir
from ..site.security_headers import HEADERS_FILE, site_headers
from ..source_files import source_file_problem
from .build_errors import stops_the_build

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

# mkdocs-material's offline plugin loads this shim from unpkg.com; the kiosk has no network, so
# the project carries a copy (docs/javascripts/vendor/, licence inside).
IFRAME_WORKER_SHIM = "javascripts/vendor/iframe-worker-shim.js"
ANOTHER_SITE = re.compile(r"(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//")  # https://..., //host/...


def check_site_folder(config: MkDocsConfig) -> None:
    """Refuse a site folder of someone's own files before MkDocs empties it."""
    with stops_the_build():
        check_mkdocs_site_dir(Path(config.site_dir))


def refuse_other_sites(config: MkDocsConfig) -> None:
    """Refuse settings that make every page load something from another site (fonts, styles,
    scripts, analytics): a patient's visit is seen by no one else, and the offline copy works."""
    loaded = [
        f"{name} {str(getattr(entry, 'path', entry))!r}"
        for name in ("extra_css", "extra_javascript")
        for entry in config[name]
        if ANOTHER_SITE.match(str(getattr(entry, "path", entry)))
    ]
    if config.theme.get("font") not in (False, None):
        loaded.append("theme.font (Google Fonts); set font: false")
    if config.extra.get("analytics"):
        loaded.append("extra.analytics; remove it")
    if loaded:
        raise PluginError(
            f"{config_name(config)}: {'; '.join(loaded)}: the pages must load nothing from another "
            "site (no tracking, and the offline copy works); copy a file you need into docs/ and "
            "name it by its path there"
        )


def use_local_worker_shim(config: MkDocsConfig) -> None:
    """The offline copy loads the search worker shim from the site, not from unpkg.com."""
    if offline_build(config):
        config.extra["polyfills"] = [
            IFRAME_WORKER_SHIM if "iframe-worker" in str(script) else script
            for script in config.extra.get("polyfills", [])
        ]


def drop_unused_shim(files: Files, config: MkDocsConfig) -> None:
    """Only the copy opened from disk needs the shim."""
    shim = files.get_file_from_path(IFRAME_WORKER_SHIM)
    if shim is not None and not offline_build(config):
        files.remove(shim)  # only the copy opened from disk needs it


def write_headers_file(config: MkDocsConfig) -> None:
    """The _headers file static hosts read at the site's root (the offline copy has no host; a
    translation's folder has none of its own: the main build's file covers it)."""
    if not offline_build(config) and not is_translation(config.extra, config.theme["language"]):
        site = Path(config.site_dir)
        (site / HEADERS_FILE).write_text(site_headers(site), encoding="utf-8")


def offline_build(config: MkDocsConfig) -> bool:
    """True when mkdocs-material's offline plugin is on (`build.py --offline`)."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin is not None and plugin.config.enabled)


OFFLINE_PRINTER = "offline_printer"  # extra: build.py --offline-printer asked for the printer


def publishes_printer(config: MkDocsConfig) -> bool:
    """Whether this build puts the clinic page's printer into the site: every build but the
    offline copy, which has it only when asked (a browser does not run it from disk)."""
    return not offline_build(config) or bool(config.extra.get(OFFLINE_PRINTER))


def check_source_files(files: Files) -> None:
    """Refuse every source file (pages, pictures, the theme's files) that is not an ordinary
    file of a sane size, or that is a link to a file outside its folder (it would be published),
    one line each, before any is read."""
    problems = [
        problem
        for file in files
        if file.abs_src_path is not None
        and (problem := source_file_problem(Path(file.abs_src_path)) or outside_its_folder(file))
    ]
    if problems:
        raise PluginError("\n".join(problems))


def outside_its_folder(file: File) -> str | None:
    """What is wrong with a source file that is a link to a file outside its folder, or None."""
    if file.abs_src_path is None or file.src_dir is None:
        return None
    path, folder = Path(file.abs_src_path), Path(file.src_dir).resolve()
    if path.resolve().is_relative_to(folder):
        return None
    return (
        f"{shown_path(path)}: is a link to {path.resolve()}, outside {shown_path(folder)}, so "
        "the site would publish it; copy the file in, or remove the link"
    )


def config_name(config: MkDocsConfig) -> str:
    """The configuration file's name, as messages name it (mkdocs.yml, mkdocs.es.yml)."""
    return Path(config.config_file_path or "mkdocs.yml").name
