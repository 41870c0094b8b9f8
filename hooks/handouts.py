"""MkDocs hook: print the handouts (PDF) from the site's own pages and link them from the site."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from handout_catalog import (
    HANDOUTS_FOLDER,
    PAPER_SIZES,
    Handout,
    HandoutCatalogError,
    handouts_of_page,
    load_handouts,
)
from handout_printing import HandoutFile, HandoutSet, write_handouts
from handout_rendering import HandoutError, PrintedPage, embedded_pictures

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)
CATALOG_FILE = Path("_data") / "handouts.yml"
TEMPLATE_FOLDER = "handout"  # inside the theme's custom_dir


@dataclass
class HandoutRun:
    """What this build knows about handouts; build.py reads `printed` to print for clinics."""

    print_pdfs: bool = True  # off under `mkdocs serve` and with `build.py --no-handouts`
    handouts: list[Handout] = field(default_factory=list)
    printed: HandoutSet | None = None  # what the neutral handouts were printed from
    files: list[HandoutFile] = field(default_factory=list)


run = HandoutRun()


def on_startup(command: str, **kwargs: Any) -> None:
    run.print_pdfs = command != "serve"


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    if not config.site_url:
        raise PluginError("mkdocs.yml: site_url is needed for the handouts' QR codes and links")


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> None:
    known = {file.src_uri for file in files.documentation_pages()}
    try:
        run.handouts = load_handouts(Path(config.docs_dir) / CATALOG_FILE, known)
    except HandoutCatalogError as error:
        raise PluginError(str(error)) from None


def on_env(env: Environment, config: MkDocsConfig, files: Files, **kwargs: Any) -> None:
    run.printed, run.files = None, []
    if not run.print_pdfs:
        log.info("Handouts are not printed in this build (mkdocs serve or --no-handouts).")
        return
    try:
        pages = printed_pages(run.handouts, config, files)
    except HandoutError as error:
        raise PluginError(str(error)) from None
    run.printed = HandoutSet(
        handouts=run.handouts,
        pages=pages,
        template_folder=Path(config.theme.custom_dir or "overrides") / TEMPLATE_FOLDER,
        site_name=config.site_name,
        sources_url=urljoin(config.site_url or "", "sources/"),
    )
    try:
        run.files = write_handouts(
            run.printed, Path(config.site_dir) / HANDOUTS_FOLDER, workers=os.cpu_count() or 1
        )
    except HandoutError as error:
        raise PluginError(str(error)) from None


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    context["page_handouts"] = [
        (handout, [(label, handout.site_path(paper)) for paper, (_, label) in PAPER_SIZES.items()])
        for handout in handouts_of_page(run.handouts, page.file.src_uri)
        if run.files
    ]
    context["handout_files"] = run.files
    return context


def printed_pages(
    handouts: list[Handout], config: MkDocsConfig, files: Files
) -> dict[str, PrintedPage]:
    """Every page a handout prints, as the HTML the site shows (MkDocs renders pages before
    on_env, after every hook's on_page_content), its pictures inside it."""
    site_files = {file.dest_uri: file for file in files}

    def read(path: str) -> bytes | None:
        return site_files[path].content_bytes if path in site_files else None

    pages = {}
    for source in dict.fromkeys(name for handout in handouts for name in handout.pages):
        file = files.get_file_from_path(source)
        assert file is not None and file.page is not None, source
        page = file.page
        assert page.content is not None, f"{source} was not rendered (a --dirty build?)"
        reviewed = page.meta.get("reviewed")
        assert isinstance(reviewed, datetime.date), source
        pages[source] = PrintedPage(
            source=source,
            description=str(page.meta.get("description", "")),
            url=urljoin(config.site_url or "", page.url),
            html=embedded_pictures(page.content or "", page.url, read, source),
            reviewed=reviewed,
        )
    return pages
