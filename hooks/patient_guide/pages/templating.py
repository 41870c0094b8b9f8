"""Render page Markdown as a Jinja2 template and report authors' mistakes by file and line."""

from __future__ import annotations

import datetime
import marshal
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from ..build_cache import BuildCache, cache_key
from ..data_files import DataFileError, Problem, not_utf8, shown_path
from .citations import Source, UnknownSourceError, citation_markdown
from .day_grid import NEUTRAL, Rule, day_grid, known_end, reminders
from .guide_additions import PLACEHOLDER
from .limits import size_problem
from .markup import rendered
from .points import Point
from .quotes import ArticleShelf

KEPT_TEMPLATE_FORMAT = "code and included fragments"  # what a kept page template holds
PAGE_NOTE = "page-note.md"
# The timings a page may name, and the grid words that say them where no clinic sets them.
# {{ timing(name) }}: the grid label of its neutral words, which a clinic's handouts replace
# with its own (print_data.timing_words).
TIMING_WORDS = {
    "exercise": "exercise",
    "redness": "redness",
    "spf": "spf",
    "sun_days": "until_clinic",
    "makeup_days": "until_clinic",
    "retinoid_days": "several_days_clinic",
    "scrub_days": "until_clinic",
    "checklist_days": "until_clinic",
}
SOURCE_LIST = "source-list.md"


class PageTemplateError(DataFileError):
    """An author's mistake in a page or fragment, located by file and (when known) line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__([Problem(path, line, message)])
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class PageSource:
    """A page as the renderer needs it: where it lives and its Markdown after the front matter."""

    uri: str  # path inside docs/, e.g. "faq.md": citations link relative to it
    path: str  # path shown to the author, e.g. "docs/faq.md"
    markdown: str
    first_line: int  # the file's line number of the Markdown's first line
    meta: Mapping[str, Any]


# Methods a page may call on the values it is given: text's and a date's, nothing else's.
SAFE_METHODS = {
    str: {"upper", "lower", "title", "capitalize", "strip", "replace", "startswith", "endswith",
          "split", "join", "format"},
    datetime.date: {"isoformat", "strftime"},
}  # fmt: skip
LARGEST_RESULT = 100_000  # characters or items a template's * or ** may make
RENDER_SECONDS = 10  # a page's template that takes longer is stopped (a loop in a loop in a loop)


class RenderTimeout(Exception):
    """A page's template ran for longer than RENDER_SECONDS."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop what runs inside after seconds, where the clock can interrupt it (the main thread of
    a build; `mkdocs serve` builds in another thread, where nothing is stopped)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expired(signal_number: int, frame: object) -> None:
        raise RenderTimeout(
            f"the page's template ran for more than {seconds:g} s; look for loops inside loops"
        )

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def page_function(function: Callable[..., Any]) -> Callable[..., Any]:
    """A function the guide gives pages to call (cite, point...), marked as such."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    call.page_function = True  # type: ignore[attr-defined]
    return call


class GuideSandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, narrowed: a page reads the values the guide gives it and calls only the
    guide's own functions and a few methods of text and dates, never a method of another object
    (a data model's methods can read files or run commands), and cannot make huge values."""

    intercepted_binops = frozenset(["*", "**"])

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if callable(value) and not isinstance(value, jinja2.runtime.Macro):
            return any(
                isinstance(obj, kind) and attr in names for kind, names in SAFE_METHODS.items()
            )
        return True

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        owner = getattr(obj, "__self__", None)
        if owner is not None and any(
            isinstance(owner, kind) and getattr(obj, "__name__", "") in names
            for kind, names in SAFE_METHODS.items()
        ):
            return True
        return bool(getattr(obj, "page_function", False)) or isinstance(obj, jinja2.runtime.Macro)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for value, times in ((left, right), (right, left)):
                if (
                    isinstance(value, str | list | tuple)
                    and isinstance(times, int)
                    and len(value) * times > LARGEST_RESULT
                ):
                    raise OverflowError(f"the value would hold more than {LARGEST_RESULT} items")
        if operator == "**" and isinstance(right, int) and right > 64:
            raise OverflowError("the power is too large")
        return super().call_binop(context, operator, left, right)


class PageRenderer:
    """Renders pages with the shared fragments, the site values and the citation helper."""

    def __init__(
        self,
        fragments_dir: Path,
        sources: dict[str, Source],
        site_values: dict[str, Any],
        cache: BuildCache | None = None,
        source_word: str = "Source",  # a citation's tooltip: "Source 2: <title>"
        points: dict[str, Point] | None = None,
        shelf: ArticleShelf | None = None,  # the articles, to find each quote in; None: unchecked
        rules: tuple[Rule, ...] = (),  # the aftercare day grid's rules
        grid_words: dict[str, str] | None = None,  # labels.yml's grid group
    ) -> None:
        self.cache = cache
        self.source_word = source_word
        self.points = points or {}
        self.shelf = shelf
        self.rules = rules
        self.grid_words = grid_words or {}
        self.fragments_dir = fragments_dir.resolve()
        self.sources = sources
        self.site_values = {
            name: page_function(value) if callable(value) else value
            for name, value in site_values.items()
        }
        # The sandbox refuses Python's insides (`cycler.__init__.__globals__`) and changes to
        # the site's values; a page sees only the names the guide gives it, not Jinja's globals.
        self.environment = GuideSandbox(
            loader=FragmentLoader(self.fragments_dir),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.environment.globals.clear()
        self._includes: dict[str, list[str]] = {}  # fragment -> the fragments it includes

    def render(self, page: PageSource) -> str:
        """The page's Markdown with its template rendered and the page note appended."""
        reviewed = review_date(page)
        variables = {
            **self.site_values,
            "sources": list(self.sources.values()),
            "cite": page_function(self._cite_for(page.uri)),
            "point": page_function(self._point_for(page.uri)),
            "aftercare_grid": page_function(self._grid_for(page.uri)),
            "timing": page_function(self._timing),
            "source_list": page_function(self._source_list),
            "guide_additions": page_function(lambda: Markup(PLACEHOLDER)),
            "reviewed": reviewed,
        }
        with self._author_errors(page, variables), time_limit(RENDER_SECONDS):
            template, included = self._page_template(page)
            self._refuse_include_loops(included)
            body = template.render(variables)
            note = self.environment.get_template(PAGE_NOTE).render(variables)
        return f"{body.rstrip()}\n\n{note}"

    def _cite_for(self, page_uri: str) -> Callable[..., Markup]:
        def cite(*evidence: str) -> Markup:
            return Markup(
                citation_markdown(
                    tuple(map(str, evidence)), self.sources, page_uri, self.source_word, self.shelf
                )
            )

        return cite

    def _point_for(self, page_uri: str) -> Callable[..., Markup]:
        cite = self._cite_for(page_uri)

        def point(name: str, cited_only: bool = False) -> Markup:
            if name not in self.points:
                known = ", ".join(self.points) or "none yet"
                raise UnknownSourceError(
                    f"unknown point {name!r}; the points are {known} (docs/_data/points.yml)"
                )
            found = self.points[name]
            if cited_only:  # the point's citation, after words that say it more briefly
                return cite(*found.evidence)
            say = self.environment.from_string(found.say).render(timing=page_function(self._timing))
            # The span says that the citation after it covers every sentence of the point.
            return Markup(
                f'<span class="point" data-point="{name}">{say}</span> {cite(*found.evidence)}'
            )

        return point

    def _grid_for(self, page_uri: str) -> Callable[[], Markup]:
        point = self._point_for(page_uri)

        def aftercare_grid() -> Markup:
            """The day grid as the website shows it: the neutral timings, each rule cited, or
            marked as the guide's own where no point backs it."""
            grid = day_grid(self.rules, NEUTRAL, self.grid_words, paper=False)
            rows = [
                {
                    "rule": row.rule,
                    "words": row.words,
                    "days": row.days,
                    "after": row.after or known_end(row, self.grid_words),
                    "citation": point(row.rule.point, cited_only=True) if row.rule.point else "",
                }
                for row in grid.rows
            ]
            calendar = [
                {"day": reminder.day, "words": reminder.words}
                for reminder in reminders(self.rules, NEUTRAL)
            ]
            return Markup(
                rendered(
                    "day-grid.html",
                    grid=grid,
                    rows=rows,
                    words=self.grid_words,
                    reminders=calendar,
                )
            )

        return aftercare_grid

    def _timing(self, name: str) -> Markup:
        """The neutral words for a timing a clinic may set (its handouts print the clinic's):
        {{ timing("exercise") }} -> '48 hours'."""
        if name not in TIMING_WORDS:
            raise UnknownSourceError(
                f"unknown timing {name!r}; the timings are {', '.join(TIMING_WORDS)}"
            )
        words = self.grid_words[TIMING_WORDS[name]]
        return Markup(f'<span class="timing" data-timing="{name}">{escape(words)}</span>')

    def _source_list(self) -> Markup:
        template = self.environment.get_template(SOURCE_LIST)
        return Markup(template.render(sources=list(self.sources.values())))

    def _page_template(self, page: PageSource) -> tuple[jinja2.Template, list[str]]:
        """The page's template, compiled, and the fragments it includes; or both as an earlier
        build found them (Jinja compiles to Python code, kept with marshal as its own bytecode
        cache does)."""
        environment = type(self.environment).__name__
        key = cache_key(
            KEPT_TEMPLATE_FORMAT, page.path, page.markdown, environment, jinja2.__version__,
            sys.version,
        )  # fmt: skip
        kept = self.cache.get(key) if self.cache else None
        if kept is not None:
            code, included = marshal.loads(kept)
        else:
            tree = self.environment.parse(page.markdown, page.path, page.path)
            included = self._included(tree, page.path, page.first_line)
            code = self.environment.compile(tree, name=page.path, filename=page.path)
            if self.cache:
                self.cache.put(key, marshal.dumps((code, included)))
        template = self.environment.template_class.from_code(
            self.environment, code, self.environment.make_globals(None)
        )
        return template, included

    @contextmanager
    def _author_errors(self, page: PageSource, variables: dict[str, Any]) -> Iterator[None]:
        """Turn template errors into a PageTemplateError naming the file and line."""
        path: str
        line: int | None
        try:
            yield
        except PageTemplateError:
            raise
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
        except SecurityError as error:
            path, line = self._where(error, page)
            raise PageTemplateError(
                path,
                line,
                f"{str(error).rstrip('.')}; a page can use only the names the guide gives it "
                f"({', '.join(sorted(variables))})",
            ) from None
        except RecursionError as error:
            looping = self._fragment_in_loop(error)
            raise PageTemplateError(
                shown_path(looping) if looping else page.path,
                None,
                "fragments include each other without end; remove the loop",
            ) from None
        except Exception as error:  # {{ 1 / 0 }}, {{ site_name + 1 }}: the author's expression
            path, line = self._where(error, page)
            raise PageTemplateError(
                path, line, f"{type(error).__name__}: {error}; fix the expression on this line"
            ) from None

    def _fragment_in_loop(self, error: RecursionError) -> str | None:
        """The fragment that was rendering when the includes went too deep (it is in the loop)."""
        folder = self.fragments_dir.resolve()
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if Path(frame.filename).resolve().is_relative_to(folder):
                return frame.filename
        return None

    def _refuse_include_loops(self, included: list[str]) -> None:
        """Refuse fragments that include each other in a loop (from those the page includes),
        before rendering."""

        def visit(chain: tuple[str, ...], included: list[str]) -> None:
            for name in included:
                if name in chain:
                    loop = " -> ".join((*chain[chain.index(name) :], name))
                    raise PageTemplateError(
                        shown_path(self.fragments_dir / chain[-1]),
                        None,
                        f"fragments include each other in a loop ({loop}); remove one include",
                    )
                if (self.fragments_dir / name).is_file():  # a missing one: reported on render
                    visit((*chain, name), self._included_by(name))

        visit((), included)

    def _included_by(self, fragment: str) -> list[str]:
        if fragment not in self._includes:
            loader = self.environment.loader
            assert loader is not None, "the renderer has a fragment loader"
            source, filename, _ = loader.get_source(self.environment, fragment)
            name = filename or fragment
            tree = self.environment.parse(source, name, name)
            self._includes[fragment] = self._included(tree, name)
        return self._includes[fragment]

    def _included(
        self, tree: jinja2.nodes.Template, filename: str, first_line: int = 1
    ) -> list[str]:
        """The fragments a template includes by name (a name made while rendering is skipped);
        an {% import %} is refused: it renders the fragment without the page's names."""
        for node in tree.find_all((jinja2.nodes.Import, jinja2.nodes.FromImport)):
            raise PageTemplateError(
                shown_path(filename),
                first_line + node.lineno - 1,
                "{% import %} is not for pages: it reads a fragment without the page's names; "
                'use {% include "fragment.md" %}',
            )
        found = jinja2.meta.find_referenced_templates(tree)
        return [name for name in found if name is not None]

    def _where(self, error: BaseException, page: PageSource) -> tuple[str, int | None]:
        """The innermost page or fragment line that the error's traceback passes through."""
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if frame.filename == page.path and frame.lineno:
                return page.path, page.first_line + frame.lineno - 1
            if Path(frame.filename).parent == self.fragments_dir:
                return shown_path(frame.filename), frame.lineno
        return page.path, None


class FragmentLoader(jinja2.FileSystemLoader):
    """Loads fragments from one folder, each checked for size before Jinja reads it."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as error:
            line, what = not_utf8(error)
            raise PageTemplateError(
                shown_path(self.folder / template), line, f"the fragment {what}"
            ) from None
        if not Path(filename).resolve().is_relative_to(self.folder.resolve()):
            raise PageTemplateError(
                shown_path(filename),
                None,
                "the fragment is a link to a file outside the fragments' folder; copy the file "
                "into the folder instead",
            )
        problem = size_problem(source)
        if problem:
            raise PageTemplateError(shown_path(filename), problem[0], f"the fragment {problem[1]}")
        return source, filename, uptodate


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
