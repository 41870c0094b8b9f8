"""Render page Markdown as a Jinja2 template and report authors' mistakes by file and line."""

from __future__ import annotations

import datetime
import marshal
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..build_cache import BuildCache, cache_key
from ..data_files import shown_path
from .citations import Source, UnknownSourceError, citation_markdown

PAGE_NOTE = "page-note.md"
SOURCE_LIST = "source-list.md"


class PageTemplateError(Exception):
    """An author's mistake in a page or fragment, located by file and (when known) line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class PageSource:
    """A page as the renderer needs it: where it lives and its Markdown after the front matter."""

    uri: str  # path inside docs/, e.g. "faq.md": citations link relative to it
    path: str  # path shown to the author, e.g. "docs/faq.md"
    markdown: str
    first_line: int  # the file's line number of the Markdown's first line
    meta: Mapping[str, Any]


class PageRenderer:
    """Renders pages with the shared fragments, the site values and the citation helper."""

    def __init__(
        self,
        fragments_dir: Path,
        sources: dict[str, Source],
        site_values: dict[str, Any],
        cache: BuildCache | None = None,
        source_word: str = "Source",  # a citation's tooltip: "Source 2: <title>"
    ) -> None:
        self.cache = cache
        self.source_word = source_word
        self.fragments_dir = fragments_dir.resolve()
        self.sources = sources
        self.site_values = site_values
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.fragments_dir),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def render(self, page: PageSource) -> str:
        """The page's Markdown with its template rendered and the page note appended."""
        reviewed = review_date(page)
        variables = {
            **self.site_values,
            "sources": list(self.sources.values()),
            "cite": self._cite_for(page.uri),
            "source_list": self._source_list,
            "reviewed": reviewed,
        }
        with self._author_errors(page, variables):
            body = self._page_template(page).render(variables)
            note = self.environment.get_template(PAGE_NOTE).render(variables)
        return f"{body.rstrip()}\n\n{note}"

    def _cite_for(self, page_uri: str) -> Callable[..., Markup]:
        def cite(*ids: str) -> Markup:
            return Markup(
                citation_markdown(tuple(map(str, ids)), self.sources, page_uri, self.source_word)
            )

        return cite

    def _source_list(self) -> Markup:
        template = self.environment.get_template(SOURCE_LIST)
        return Markup(template.render(sources=list(self.sources.values())))

    def _page_template(self, page: PageSource) -> jinja2.Template:
        """The page's template, compiled, or as compiled by an earlier build (Jinja compiles
        to Python code, and keeps it with marshal as its own bytecode cache does)."""
        key = cache_key(page.path, page.markdown, jinja2.__version__, sys.version)
        kept = self.cache.get(key) if self.cache else None
        if kept is not None:
            code = marshal.loads(kept)
        else:
            code = self.environment.compile(page.markdown, name=page.path, filename=page.path)
            if self.cache:
                self.cache.put(key, marshal.dumps(code))
        return self.environment.template_class.from_code(
            self.environment, code, self.environment.make_globals(None)
        )

    @contextmanager
    def _author_errors(self, page: PageSource, variables: dict[str, Any]) -> Iterator[None]:
        """Turn template errors into a PageTemplateError naming the file and line."""
        path: str
        line: int | None
        try:
            yield
        except jinja2.TemplateSyntaxError as error:
            if error.filename and error.filename != page.path:
                path, line = shown_path(error.filename), error.lineno
            else:
                path, line = page.path, page.first_line + error.lineno - 1
            raise PageTemplateError(path, line, f"template syntax error: {error.message}") from None
        except jinja2.TemplateNotFound as error:
            path, line = self._where(error, page)
            raise PageTemplateError(
                path,
                line,
                f"fragment {error.name!r} not found; fragments live in "
                f"{shown_path(str(self.fragments_dir))}/",
            ) from None
        except jinja2.UndefinedError as error:
            path, line = self._where(error, page)
            names = ", ".join(sorted(variables))
            raise PageTemplateError(
                path, line, f"{error.message}; check the spelling (names you can use: {names})"
            ) from None
        except UnknownSourceError as error:
            path, line = self._where(error, page)
            raise PageTemplateError(path, line, str(error)) from None

    def _where(self, error: BaseException, page: PageSource) -> tuple[str, int | None]:
        """The innermost page or fragment line that the error's traceback passes through."""
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if frame.filename == page.path and frame.lineno:
                return page.path, page.first_line + frame.lineno - 1
            if Path(frame.filename).parent == self.fragments_dir:
                return shown_path(frame.filename), frame.lineno
        return page.path, None


def review_date(page: PageSource) -> datetime.date:
    """The page's `reviewed:` date from its front matter; every page must have one."""
    reviewed = page.meta.get("reviewed")
    if isinstance(reviewed, datetime.date):
        return reviewed
    problem = "is missing" if reviewed is None else f"is {reviewed!r}, not a date"
    raise PageTemplateError(
        page.path,
        None,
        f"front matter 'reviewed' {problem}; add 'reviewed: YYYY-MM-DD', the date the page "
        "was last checked against the sources",
    )
