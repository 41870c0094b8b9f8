"""MkDocs hook: read each page strictly, then render it with Jinja2 (citations, fragments, data)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError

from citations import SourceListError, load_sources
from front_matter import claim_title, read_page
from page_rendering import PageRenderer, PageSource, PageTemplateError, review_date
from recovery_timeline import RecoveryTimelineError, Stage, load_stages, timeline_alt, timeline_svg
from site_values import SiteValueError, clinic_from_extra

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

SOURCES_FILE = Path("_data") / "sources.yml"
RECOVERY_FILE = Path("_data") / "recovery.yml"
RECOVERY_PICTURE = "images/recovery-timeline.svg"  # drawn from RECOVERY_FILE in every build
FRAGMENTS_DIR = Path("_fragments")

renderer: PageRenderer | None = None
stages: list[Stage] = []
page_titles: dict[str, str] = {}  # title -> the page that has it, for this build


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    global renderer
    docs = Path(config.docs_dir)
    try:
        sources = load_sources(docs / SOURCES_FILE)
        clinic = clinic_from_extra(config.extra)
        stages[:] = load_stages(Path(os.path.relpath(docs / RECOVERY_FILE)), set(sources))
    except (SourceListError, SiteValueError, RecoveryTimelineError) as error:
        raise PluginError(str(error)) from None
    site = {
        "site_name": config.site_name,
        "clinic": clinic,
        "recovery_stages": stages,
        "recovery_timeline_alt": timeline_alt(stages),
    }
    renderer = PageRenderer(docs / FRAGMENTS_DIR, sources, site)
    page_titles.clear()


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> None:
    from mkdocs.structure.files import File

    files.append(File.generated(config, RECOVERY_PICTURE, content=timeline_svg(stages)))


def on_page_read_source(page: Page, config: MkDocsConfig) -> str:
    path = shown_path(page)
    try:
        text = read_page(path, Path(page.file.abs_src_path or "").read_bytes())
        claim_title(page_titles, path, text)
    except PageTemplateError as error:
        raise PluginError(str(error)) from None
    return text.text


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert renderer is not None, "on_config runs first"
    source = page.file.content_string
    front_matter_lines = source[: len(source) - len(markdown)].count("\n")
    if not source.endswith(markdown):
        front_matter_lines = 0
    page_source = PageSource(
        uri=page.file.src_uri,
        path=shown_path(page),
        markdown=markdown,
        first_line=front_matter_lines + 1,
        meta=page.meta,
    )
    try:
        # The sitemap's date for the page: when it was reviewed, not when it was built.
        page.update_date = review_date(page_source).isoformat()
        return renderer.render(page_source)
    except PageTemplateError as error:
        raise PluginError(str(error)) from None


def shown_path(page: Page) -> str:
    """The page's file as the author knows it, e.g. docs/faq.md."""
    return os.path.relpath(page.file.abs_src_path or page.file.src_uri)
