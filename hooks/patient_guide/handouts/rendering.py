"""Render handouts to PDF with WeasyPrint: own template and print CSS, a QR code, no network.

WeasyPrint is imported when the first handout is rendered, not with this module: importing it takes
about a second, which builds without handouts (and `mkdocs serve`) should not pay.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import logging
import os
import posixpath
import re
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
import segno
from markupsafe import Markup

from ..clinics.settings import Clinic
from ..site.addresses import short_url
from .catalog import PAPER_SIZES, Handout

TEMPLATE = "handout.html"
STYLESHEET = "print.css"
PDF_VARIANT = "pdf/ua-1"
ID_ATTRIBUTE = re.compile(r'\b(id|for)="([^"]+)"')
IN_PAGE_LINK = re.compile(r'href="#([^"]+)"')


class HandoutError(Exception):
    """A handout could not be rendered as it should be; the message says which and why."""


@dataclass(frozen=True)
class PrintedPage:
    """A page of the site as a handout prints it."""

    source: str  # e.g. "faq.md"
    description: str
    url: str  # the page's address on the website
    html: str  # the page's article content
    reviewed: datetime.date


@dataclass(frozen=True)
class PrintJob:
    """One PDF to make: a handout, a paper size, its pages, and the clinic (or none)."""

    handout: Handout
    paper: str
    pages: tuple[PrintedPage, ...]
    site_name: str
    sources_url: str
    clinic: Clinic | None = None


@dataclass(frozen=True)
class RenderedHandout:
    pdf: bytes
    page_count: int


@contextmanager
def weasyprint_problems() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs at warning level or above (missing images, fonts...)."""
    problems: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            problems.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield problems
    finally:
        logger.removeHandler(handler)


def css_string(text: str) -> str:
    """Text as a quoted CSS string that cannot end the string or the <style> element."""
    escaped = "".join(
        f"\\{ord(char):X} " if char in '"\\<>' or ord(char) < 32 else char for char in text
    )
    return f'"{escaped}"'


def scoped_ids(html: str, scope: str) -> str:
    """Prefix a page's element ids and in-page links, so pages printed together never clash."""
    html = ID_ATTRIBUTE.sub(lambda match: f'{match[1]}="{scope}--{match[2]}"', html)
    return IN_PAGE_LINK.sub(lambda match: f'href="#{scope}--{match[1]}"', html)


# A link to another page of the site: relative, so neither an in-page '#' link nor a full URL.
RELATIVE_LINK = re.compile(r'href="(?![#]|[a-zA-Z][a-zA-Z0-9+.-]*:)([^"]*)"')


def absolute_links(html: str, page_url: str) -> str:
    """Point a page's links to other pages at the website, so they work from paper and PDF."""
    return RELATIVE_LINK.sub(lambda match: f'href="{urljoin(page_url, match[1])}"', html)


# A picture of the site itself: a relative src, so not a data: or full URL.
SITE_PICTURE = re.compile(r'(<img\b[^>]*?\bsrc=")(?![a-zA-Z][a-zA-Z0-9+.-]*:)([^"]+)"')
PICTURE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg"}


def embedded_pictures(
    html: str, page_url: str, read: Callable[[str], bytes | None], source: str
) -> str:
    """Put a page's pictures into its HTML as data: URLs: the handout then needs no site files
    (they are not written yet when handouts print), and may read no file it should not."""

    def embedded(match: re.Match[str]) -> str:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), match[2]))
        kind = PICTURE_TYPES.get(posixpath.splitext(path)[1].lower())
        content = read(path) if kind else None
        if content is None:
            raise HandoutError(
                f"{source}: picture {match[2]!r} is not a .svg, .png or .jpg file of the site"
            )
        return f'{match[1]}data:{kind};base64,{base64.b64encode(content).decode()}"'

    return SITE_PICTURE.sub(embedded, html)


def qr_code_data_uri(url: str) -> str:
    return str(segno.make_qr(url, error="m").svg_data_uri(scale=4, border=2))


def _template_line(error: BaseException) -> int | None:
    """The handout template's line that a rendering error passes through last."""
    lines = [
        frame.lineno
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.endswith(TEMPLATE)
    ]
    return lines[-1] if lines else None


class HandoutRenderer:
    """Renders print jobs; the template, stylesheets and fonts are loaded once and reused."""

    def __init__(self, template_folder: Path) -> None:
        self.template_folder = template_folder.resolve()
        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.template_folder),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )
        environment.filters["css_string"] = lambda text: Markup(css_string(str(text)))
        try:
            self.template = environment.get_template(TEMPLATE)
        except jinja2.TemplateSyntaxError as error:
            raise self._template_error(error, error.lineno) from None
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.fonts = FontConfiguration()
        print_css = CSS(filename=str(self.template_folder / STYLESHEET), font_config=self.fonts)
        self.stylesheets = {
            paper: [print_css, CSS(string=f"@page {{ size: {size} }}")]
            for paper, (size, _label) in PAPER_SIZES.items()
        }
        self.cache: dict[str, Any] = {}

    def html(self, job: PrintJob) -> str:
        """The handout as an HTML document, ready for WeasyPrint."""
        try:
            return self._render_template(job)
        except jinja2.TemplateError as error:
            raise self._template_error(error, _template_line(error)) from None

    def _template_error(self, error: jinja2.TemplateError, line: int | None) -> HandoutError:
        path = os.path.relpath(self.template_folder / TEMPLATE)
        where = f"{path}:{line}" if line else path
        return HandoutError(
            f"{where}: {str(error.message or error).rstrip('.')}; fix the handout template"
        )

    def _render_template(self, job: PrintJob) -> str:
        first = job.pages[0]
        reviewed = min(page.reviewed for page in job.pages)
        return self.template.render(
            handout=job.handout,
            articles=[
                Markup(
                    scoped_ids(absolute_links(page.html, page.url), page.source.removesuffix(".md"))
                )
                for page in job.pages
            ],
            clinic=job.clinic,
            site_name=job.site_name,
            title=job.handout.title,
            subject=first.description,
            author=job.clinic.name if job.clinic else job.site_name,
            reviewed=reviewed,
            reviewed_text=f"{reviewed.day} {reviewed.strftime('%B %Y')}",
            web_url=first.url,
            short_url=short_url(first.url),
            qr_code=qr_code_data_uri(first.url),
            sources_url=short_url(job.sources_url),
        )

    def render(self, job: PrintJob) -> RenderedHandout:
        """Lay out and write the PDF; any WeasyPrint warning makes the handout fail."""
        from weasyprint import HTML
        from weasyprint.urls import FatalURLFetchingError

        from .local_files import LocalFilesOnly

        name = f"{job.handout.file_name(job.paper)}"
        allowed = [self.template_folder]
        if job.clinic and job.clinic.logo:
            allowed.append(job.clinic.logo.parent)
        identifier = hashlib.sha256(
            f"{name}|{job.clinic.source if job.clinic else ''}".encode()
        ).hexdigest()[:32]
        with weasyprint_problems() as problems:
            try:
                document = HTML(
                    string=self.html(job),
                    base_url=self.template_folder.as_uri() + "/",
                    url_fetcher=LocalFilesOnly(allowed),
                ).render(
                    font_config=self.fonts,
                    stylesheets=self.stylesheets[job.paper],
                    pdf_variant=PDF_VARIANT,
                    cache=self.cache,
                )
                pdf = document.write_pdf(
                    pdf_variant=PDF_VARIANT, pdf_identifier=identifier.encode()
                )
            except (Exception, FatalURLFetchingError) as error:
                raise HandoutError(f"{name}: {error}") from None
        if problems:
            raise HandoutError(f"{name}: {problems[0]}")
        return RenderedHandout(pdf=pdf, page_count=len(document.pages))
