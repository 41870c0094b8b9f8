"""Fit the built site to where it is read: a static host (its _headers file) or a kiosk's disk."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from ..language_sites import is_translation
from ..output_folders import check_mkdocs_site_dir
from ..site.security_headers import HEADERS_FILE, site_headers
from ..source_files import source_file_problem
from .build_errors import stops_the_build

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

# mkdocs-material's offline plugin loads this shim from unpkg.com; the kiosk has no network, so
# the project carries a copy (docs/javascripts/vendor/, licence inside).
IFRAME_WORKER_SHIM = "javascripts/vendor/iframe-worker-shim.js"


def check_site_folder(config: MkDocsConfig) -> None:
    """Refuse a site folder of someone's own files before MkDocs empties it."""
    with stops_the_build():
        check_mkdocs_site_dir(Path(config.site_dir))


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


def check_source_files(files: Files) -> None:
    """Refuse every source file (pages, pictures, the theme's files) that is not an ordinary
    file of a sane size, one line each, before any is read."""
    problems = [
        problem
        for file in files
        if file.abs_src_path is not None
        and (problem := source_file_problem(Path(file.abs_src_path))) is not None
    ]
    if problems:
        raise PluginError("\n".join(problems))
