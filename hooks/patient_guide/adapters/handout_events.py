"""What the handouts hook does at each MkDocs event: print the handouts from the rendered pages."""

from __future__ import annotations

import datetime
import os
import threading
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..build_cache import BuildCache
from ..handouts.article_blocks import printed_article
from ..handouts.catalog import (
    EDITIONS,
    HANDOUTS_FOLDER,
    PAPER_SIZES,
    Handout,
    handouts_of_page,
    load_handouts,
)
from ..handouts.jobs import (
    HandoutError,
    HandoutFile,
    HandoutSet,
    PrintedPage,
    files_already_printed,
)
from ..handouts.listing import PrintingHandout, being_printed, fill_in
from ..handouts.pictures import site_pictures
from ..language_sites import is_translation
from ..pages.day_grid import load_rules
from ..worker_processes import Background, stop_if_asked
from .build_errors import stops_the_build
from .build_runs import build_labels, finished_run
from .hosting import OFFLINE_PRINTER, publishes_printer

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)
CATALOG_FILE = Path("_data") / "handouts.yml"
LAYOUT_FOLDER = "handout"  # the print layout, inside the theme's custom_dir; never published
# mkdocs.yml's `extra.print_handouts` (true unless MICRONEEDLING_HANDOUTS=false) switches printing.
SWITCH = "print_handouts"


@dataclass
class HandoutRun:
    """What one build knows about handouts: which pages each prints, what they were printed from
    (clinic handouts are printed from it), the printing (in the background while the pages are
    made) and the files printed."""

    handouts: list[Handout] = field(default_factory=list)
    printed: HandoutSet | None = None
    printing: Background[list[HandoutFile]] | None = None
    listed: list[HandoutFile] | list[PrintingHandout] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)  # the written pages, which may list them
    files: list[HandoutFile] = field(default_factory=list)

    @classmethod
    def started(cls, config: MkDocsConfig) -> HandoutRun:
        if not config.site_url:
            raise PluginError("mkdocs.yml: site_url is needed for the handouts' QR codes and links")
        return cls()

    def read_catalog(self, files: Files, config: MkDocsConfig) -> None:
        """Read which pages each handout prints, and keep the print layout out of the site."""
        layout = layout_folder(config).resolve()
        for file in [file for file in files if file.abs_src_path]:
            if Path(file.abs_src_path or "").resolve().is_relative_to(layout):
                files.remove(file)
        known = {file.src_uri for file in files.documentation_pages()}
        with stops_the_build():
            self.handouts = load_handouts(Path(config.docs_dir) / CATALOG_FILE, known)

    def print_all(self, config: MkDocsConfig, files: Files) -> None:
        """Start printing every handout from the pages MkDocs has rendered (they are, by
        on_env), in the background while MkDocs makes the pages (see finish)."""
        printing = config.extra.get(SWITCH, True)
        if printing and not all_rendered(self.handouts, files):
            # `mkdocs serve --dirty` renders only the pages that changed: the handouts printed
            # before stay, as the pages do, and the Handouts page lists them.
            log.info("Handouts are not printed again in a --dirty rebuild; the last ones stay.")
            folder = Path(config.site_dir) / HANDOUTS_FOLDER
            self.files = self.listed = files_already_printed(
                self.handouts, folder, build_labels(config)
            )
            return
        if not printing:
            log.info("Handouts are not printed in this build (print_handouts is off).")
            return
        # Typst is loaded only by builds that print.
        from ..handouts.printing import print_jobs

        docs = Path(config.docs_dir)
        with stops_the_build():
            language = str(config.theme["language"])
            printed = self.printed = HandoutSet(
                handouts=self.handouts,
                pages=printed_pages(self.handouts, config, files),
                template_folder=layout_folder(config),
                site_name=config.site_name,
                labels=build_labels(config),
                translation=language if is_translation(config.extra, language) else None,
                rules=load_rules(
                    docs, docs.parent if is_translation(config.extra, language) else None
                ),
            )
        self.listed = being_printed(print_jobs(printed), printed.labels)
        self.pages = [Path(file.abs_dest_path) for file in files.documentation_pages()]
        self.printing = Background(partial(print_handouts, printed, config))

    def finish(self) -> None:
        """Wait for the printing (a build that fails or stops waits for it too: see
        Background.wait_for_all), and put each PDF's pages and size into the pages that list
        it (the Handouts page)."""
        if self.printing is None:
            return
        with stops_the_build():
            self.files = self.printing.result()
        self.printing = None
        for page in self.pages:
            fill_in(page, self.files)

    def page_context(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig
    ) -> dict[str, Any]:
        """The handouts made from this page, and every printed file for the Handouts page."""
        words = build_labels(config)
        context["page_handouts"] = [
            (
                handout,
                [
                    (
                        f"{words['paper'][paper]}, {words['edition'][edition].lower()}",
                        handout.site_path(paper, edition),
                    )
                    for edition in EDITIONS
                    for paper in PAPER_SIZES
                ],
            )
            for handout in handouts_of_page(self.handouts, page.file.src_uri)
            if self.listed
        ]
        context["handout_files"] = self.listed
        return context


def print_handouts(
    printed: HandoutSet, config: MkDocsConfig, stopping: threading.Event
) -> list[HandoutFile]:
    """Print every handout of the set into the site, and the clinic page's print kit (stopped
    between steps once `stopping` is set)."""
    from ..handouts.press import Press
    from ..handouts.print_kit import KIT_FOLDER, write_compiler, write_print_kit
    from ..handouts.printing import write_handouts

    cache = BuildCache.beside(config.config_file_path, "handouts")
    press = Press(printed.template_folder, cache)
    folder = Path(config.site_dir) / HANDOUTS_FOLDER
    workers = os.cpu_count() or 1
    printed_files = write_handouts(printed, folder, workers=workers, press=press, stopping=stopping)
    cache.forget_unused()
    stop_if_asked(stopping)
    write_print_kit(printed, press, folder / KIT_FOLDER)
    stop_if_asked(stopping)
    # A translation's clinic page uses the main language's printer.
    if printed.translation is None and publishes_printer(config):
        project = Path(config.config_file_path).parent
        if not write_compiler(project, folder / KIT_FOLDER):
            if config.extra.get(OFFLINE_PRINTER):
                raise HandoutError(
                    "--offline-printer: the clinic page's printer is not installed in "
                    "node_modules/; python3 build.py installs it from package-lock.json"
                )
            log.info(
                "The clinic page cannot print in the browser in this build: its printer is not "
                "installed (python3 build.py installs it from package-lock.json)."
            )
    return printed_files


def layout_folder(config: MkDocsConfig) -> Path:
    """The handouts' print layout: a folder of the theme's custom_dir (templates, stylesheet)."""
    return Path(config.theme.custom_dir or "overrides") / LAYOUT_FOLDER


def all_rendered(handouts: list[Handout], files: Files) -> bool:
    """Whether MkDocs has rendered every page the handouts print (a --dirty build renders only
    the pages that changed)."""
    sources = {name for handout in handouts for name in handout.pages}
    found = [files.get_file_from_path(source) for source in sources]
    return all(
        file is not None and file.page is not None and file.page.content is not None
        for file in found
    )


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
        reviewed = page.meta.get("reviewed")
        assert isinstance(reviewed, datetime.date), source
        url = urljoin(config.site_url or "", page.url)

        pages[source] = PrintedPage(
            source=source,
            description=str(page.meta.get("description", "")),
            url=url,
            blocks=printed_article(page.content or "", source, url, site_pictures(page.url, read)),
            reviewed=reviewed,
            language=str(config.theme["language"]),
        )
    return pages


def printed_handouts(config: MkDocsConfig) -> HandoutSet | None:
    """What this configuration's last build printed its handouts from (None if it printed none)."""
    run = finished_run(config, HandoutRun)
    return run.printed if run else None
