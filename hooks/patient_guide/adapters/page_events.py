"""The page_templating hook's work at each MkDocs event: read pages strictly, template them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from ..build_cache import BuildCache
from ..data_files import shown_path
from ..dates import long_date
from ..language_sites import is_translation
from ..pages.active_content import active_content, line_in
from ..pages.citations import SOURCES_PAGE, load_sources
from ..pages.day_grid import load_rules
from ..pages.front_matter import claim_title, read_page
from ..pages.guide_additions import PLACEHOLDER, Addition, additions_list, collect, marked_additions
from ..pages.guide_additions import SECTION_ID as ADDITIONS_ID
from ..pages.points import load_points
from ..pages.quotes import ArticleShelf
from ..pages.recovery_timeline import Stage, load_stages, timeline_alt, timeline_svg
from ..pages.templating import PageRenderer, PageSource, PageTemplateError, review_date
from ..site.settings import check_printed_settings, clinic_from_extra
from .build_errors import stops_the_build
from .build_runs import build_labels

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

SOURCES_FILE = Path("_data") / "sources.yml"
RECOVERY_FILE = Path("_data") / "recovery.yml"
RECOVERY_PICTURE = "images/recovery-timeline.svg"  # drawn from RECOVERY_FILE in every build
FRAGMENTS_DIR = Path("_fragments")


@dataclass
class PageTemplating:
    """What one build knows while it templates pages: the renderer, the timeline, the titles."""

    renderer: PageRenderer
    stages: list[Stage]
    translation: bool  # pages give translated_from: in place of reviewed:
    timeline_alt: str
    labels: dict[str, str]  # labels.yml's web group
    templates: set[str]  # the theme's page templates, by name
    titles: dict[str, str] = field(default_factory=dict)  # title -> the page that has it
    additions: dict[str, Addition] = field(default_factory=dict)  # the guide's own sentences

    @classmethod
    def started(cls, config: MkDocsConfig) -> PageTemplating:
        """Read the sources, the timeline stages and the site values the pages use."""
        docs = Path(config.docs_dir)
        translation = is_translation(config.extra, str(config.theme["language"]))
        with stops_the_build():
            check_printed_settings(config)
            sources = load_sources(docs / SOURCES_FILE)
            clinic = clinic_from_extra(config.extra)
            stages = load_stages(docs / RECOVERY_FILE, set(sources))
            labels = build_labels(config)
            main_docs = docs.parent if translation else None
            points = load_points(docs, main_docs)
            rules = load_rules(docs, main_docs)
            shelf = ArticleShelf.from_setting()
        language = str(config.theme["language"])
        alt = timeline_alt(stages, labels["web"]["timeline_alt"])
        site = {
            "site_name": config.site_name,
            "labels": labels,
            "long_date": lambda date: long_date(date, language),
            "clinic": clinic,
            "recovery_stages": stages,
            "recovery_timeline_alt": alt,
        }
        cache = BuildCache.beside(config.config_file_path, "page-templates")
        renderer = PageRenderer(
            docs / FRAGMENTS_DIR,
            sources,
            site,
            cache,
            labels["web"]["source"],
            points,
            shelf,
            rules,
            labels.get("grid", {}),
        )
        templates = {
            path.name for folder in config.theme.dirs for path in Path(folder).glob("*.html")
        }
        return cls(renderer, stages, translation, alt, labels["web"], templates)

    def add_timeline_picture(self, files: Files, config: MkDocsConfig) -> None:
        """The timeline picture, drawn from the same stages the aftercare page lists."""
        files.append(
            File.generated(
                config, RECOVERY_PICTURE, content=timeline_svg(self.stages, self.timeline_alt)
            )
        )

    def read_source(self, page: Page) -> str:
        """The page's text, once it is known to be UTF-8 with good front matter and a new title."""
        path = page_path(page)
        with stops_the_build():
            text = read_page(
                path, Path(page.file.abs_src_path or "").read_bytes(), self.translation
            )
            claim_title(self.titles, path, text)
            template = text.meta.get("template")
            if template is not None and template not in self.templates:
                raise PageTemplateError(
                    path,
                    text.line_of("template"),
                    f"front matter 'template' is {template!r}, which is not a template of the "
                    "theme; put it in overrides/ or leave the key out",
                )
        return text.text

    def render(self, markdown: str, page: Page) -> str:
        """The page's Markdown with its template rendered (citations, fragments, site values)."""
        source = page.file.content_string
        front_matter_lines = source[: len(source) - len(markdown)].count("\n")
        if not source.endswith(markdown):
            front_matter_lines = 0
        if self.translation:  # the translation shows the date of the review it follows
            page.meta["reviewed"] = page.meta.get("translated_from")
        page_source = PageSource(
            uri=page.file.src_uri,
            path=page_path(page),
            markdown=markdown,
            first_line=front_matter_lines + 1,
            meta=page.meta,
        )
        with stops_the_build():
            # The sitemap's date for the page: when it was reviewed, not when it was built.
            page.update_date = review_date(page_source).isoformat()
            return self.renderer.render(page_source)

    def finish_content(self, html: str, page: Page, files: Files) -> str:
        """The page's HTML, known to hold nothing that would run in the browser, with each
        sentence of the guide's own marked and noted for the Sources page."""
        self.refuse_active_content(html, page)
        label = f"[{escape(self.labels['guide_own'])}]"
        sources = files.get_file_from_path(SOURCES_PAGE)
        if sources is not None:
            target = get_relative_url(sources.url, page.url) + f"#{ADDITIONS_ID}"
            label = f'<a href="{target}">{label}</a>'
        # Neither is searched: a patient's search finds the guide's words, not its sources'.
        marker = f'<span class="citation citation-own" data-search-exclude>{label}</span>'

        html, words = marked_additions(html, marker)
        collect(self.additions, words, page.title or page.file.src_uri, page.url)
        return html

    def list_additions(self, page: Page) -> None:
        """The page that asks for it (Sources) lists every sentence of the guide's own."""
        if page.content and PLACEHOLDER in page.content:
            listed = [
                Addition(
                    addition.words,
                    [(title, get_relative_url(url, page.url)) for title, url in addition.pages],
                )
                for addition in self.additions.values()
            ]
            page.content = page.content.replace(
                PLACEHOLDER, additions_list(listed, self.labels["guide_own_none"])
            )

    def refuse_active_content(self, html: str, page: Page) -> None:
        """Refuse HTML that would run in the reader's browser or load from another site."""
        found = active_content(html)
        if found is None:
            return
        line = line_in(page.file.content_string, found.needle)
        where = f"{page_path(page)}:{line}" if line else page_path(page)
        raise PluginError(f"{where}: the page has {found.what}; {found.fix}")

    def finish(self) -> None:
        """Every page is rendered: forget the compiled templates of pages that are gone."""
        if self.renderer and self.renderer.cache:
            self.renderer.cache.forget_unused()


def page_path(page: Page) -> str:
    """The page's file as the author knows it, e.g. docs/faq.md."""
    return shown_path(page.file.abs_src_path or page.file.src_uri)
