"""Read a page strictly: UTF-8 text opening with valid front matter that names title and dates."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..data_files import DataFileError, decoded_text, parse_yaml
from ..plain_text import plain_text
from .limits import size_problem
from .templating import PageTemplateError

PAGE_TYPES = ("faq", "procedure")

# The block MkDocs reads as front matter: '---' on the first line, up to a '---' or '...' line.
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(?P<yaml>.*?\n)?(?:-{3}|\.{3})[ \t]*(?:\n|\Z)", re.DOTALL)
EXAMPLE = "---\ntitle: Page title\ndescription: One plain sentence.\nreviewed: 2026-11-20\n---"
REQUIRED: dict[str, tuple[type, str]] = {
    "title": (str, "the page's title, shown in browser tabs and search results"),
    "description": (str, "one plain sentence for search engines and link previews"),
    "reviewed": (datetime.date, "the date the page was last checked against the sources"),
}
# A translation's date is that of the review of the page it translates (docs/es/faq.md -> faq.md).
TRANSLATED_FROM = (datetime.date, "the 'reviewed' date of the page it translates")
# Front matter the theme prints into the page's head and header as it is: plain text only.
TEXT_KEYS = ("title", "description", "subtitle")
# Every key a page may give. The theme prints others (author, status, icon, location...) into
# its HTML unescaped, so a key outside this list is refused rather than passed on.
KNOWN_KEYS = (
    *REQUIRED,
    "translated_from",
    "subtitle",
    "page_type",
    "search",
    "show_sources",
    "hide",
    "template",
)
# What mkdocs-material's `hide:` may hide.
HIDEABLE = ("navigation", "toc", "footer", "feedback", "path", "tags")
# Characters no page needs, which readers of the text count or show otherwise than an editor:
# control characters (NUL...) and the Unicode line and paragraph separators.
UNSEEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
TEMPLATE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*\.html")


@dataclass(frozen=True)
class PageText:
    """A page's text and its checked front matter."""

    text: str
    meta: dict[str, Any]

    def line_of(self, key: str) -> int | None:
        """The line of `key:` in the front matter."""
        for number, line in enumerate(self.text.splitlines(), start=1):
            if line.startswith(f"{key}:"):
                return number
        return None


def read_page(path: str, raw: bytes, translation: bool = False) -> PageText:
    """Decode a page and check its front matter; raise PageTemplateError saying what to fix.
    A translation's page gives `translated_from:` in place of `reviewed:`."""
    try:
        text = decoded_text(raw, path)
    except DataFileError as error:
        bad_byte = error.problems[0]
        raise PageTemplateError(path, bad_byte.line, bad_byte.message) from None
    if not text.strip():
        raise PageTemplateError(path, None, f"the page is empty; start it with:\n{EXAMPLE}")
    too_big = size_problem(text)
    if too_big:
        raise PageTemplateError(path, too_big[0], f"the page {too_big[1]}")
    unseen = UNSEEN_CHARACTER.search(text)
    if unseen:
        line = text.count("\n", 0, unseen.start()) + 1
        raise PageTemplateError(
            path,
            line,
            f"the page holds the invisible character U+{ord(unseen[0]):04X}, which changes how "
            "lines are read; remove it",
        )
    block = FRONT_MATTER.match(text)
    if block is None:
        problem = "has no closing '---' line" if text.startswith("---") else "is missing"
        raise PageTemplateError(path, 1, f"front matter {problem}; start the page with:\n{EXAMPLE}")
    meta = _parse(path, block["yaml"] or "")
    page = PageText(text, meta)
    required = dict(REQUIRED)
    if translation:
        del required["reviewed"]
        required["translated_from"] = TRANSLATED_FROM
        if "reviewed" in meta:
            raise PageTemplateError(
                path,
                page.line_of("reviewed"),
                "a translation has no 'reviewed' date of its own; give translated_from: the "
                "'reviewed' date of the page it translates",
            )
    for key, (kind, purpose) in required.items():
        value = meta.get(key)
        if isinstance(value, datetime.datetime):  # a date with a time of day: YAML reads both
            raise PageTemplateError(
                path,
                page.line_of(key) or 1,
                f"front matter '{key}' is {value.isoformat(sep=' ')}, a date with a time; give "
                "the date alone (YYYY-MM-DD)",
            )
        if isinstance(value, kind) and (not isinstance(value, str) or value.strip()):
            continue
        problem = "is missing" if value is None else f"is {value!r}, not {_kind_name(kind)}"
        raise PageTemplateError(
            path, page.line_of(key) or 1, f"front matter '{key}' {problem}; give {purpose}"
        )
    for key in ("reviewed", "translated_from"):
        date = meta.get(key)
        if isinstance(date, datetime.date) and date > _tomorrow():  # a day's grace: time zones
            raise PageTemplateError(
                path,
                page.line_of(key),
                f"front matter '{key}' is {date.isoformat()}, a day still to come; give the "
                "date the page was last checked against the sources",
            )
    _check_theme_keys(path, page)
    page_type = meta.get("page_type")
    if page_type is not None and page_type not in PAGE_TYPES:
        raise PageTemplateError(
            path,
            page.line_of("page_type"),
            f"front matter 'page_type' is {page_type!r}; use one of {', '.join(PAGE_TYPES)}, "
            "or leave it out",
        )
    return page


def _check_theme_keys(path: str, page: PageText) -> None:
    """Front matter the theme prints or acts on: plain text, a list it knows, a template name."""
    meta = page.meta
    for key in meta:
        if key not in KNOWN_KEYS:
            raise PageTemplateError(
                path,
                page.line_of(str(key)),
                f"front matter '{key}' is not a setting of this guide; remove it (a page may "
                f"give {', '.join(KNOWN_KEYS)})",
            )
    for key in TEXT_KEYS:
        if key in meta:
            try:
                plain_text(meta[key], 300)
            except ValueError as error:
                raise PageTemplateError(
                    path, page.line_of(key), f"front matter '{key}' {error}"
                ) from None
    for key, valid, wanted in CHECKED_KEYS:
        value = meta.get(key)
        if value is not None and not valid(value):
            raise PageTemplateError(
                path, page.line_of(key), f"front matter '{key}' is {value!r}; give {wanted}"
            )


def _hide_ok(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(part, str) and part in HIDEABLE for part in value
    )


def _search_ok(value: object) -> bool:
    return isinstance(value, dict) and all(_search_setting(*item) for item in value.items())


def _template_ok(value: object) -> bool:
    return isinstance(value, str) and TEMPLATE_NAME.fullmatch(value) is not None


def _show_sources_ok(value: object) -> bool:
    return isinstance(value, bool)


# Front matter the theme or the guide acts on: the key, whether a value will do, what to give.
CHECKED_KEYS: tuple[tuple[str, Callable[[object], bool], str], ...] = (
    ("hide", _hide_ok, f"a list of any of {', '.join(HIDEABLE)}"),
    (
        "search",
        _search_ok,
        "boost: a number from 0 to 10 (2 ranks the page higher), or exclude: true",
    ),
    ("show_sources", _show_sources_ok, "true or false"),
    ("template", _template_ok, "the name of an .html file in overrides/, such as handouts.html"),
)


def _search_setting(key: object, value: object) -> bool:
    if key == "exclude":
        return isinstance(value, bool)
    if key == "boost" and isinstance(value, int | float) and not isinstance(value, bool):
        return 0 <= value <= 10
    return False


def claim_title(titles: dict[str, str], path: str, page: PageText) -> None:
    """Record the page's title in titles (title -> page); refuse one another page already has."""
    title = page.meta["title"].strip()
    if title in titles:
        raise PageTemplateError(
            path,
            page.line_of("title"),
            f"title '{title}' is already used by {titles[title]}; give each page its own title",
        )
    titles[title] = path


def _parse(path: str, front_matter: str) -> dict[str, Any]:
    try:
        meta = parse_yaml(front_matter, path, first_line=2)  # after the opening '---' line
    except DataFileError as error:
        problem = error.problems[0]
        words = problem.message
        if words.startswith("not valid"):
            words = f"is {words}"
        else:  # "'title' is given twice", "the control character … is not allowed"
            words = f"key {words}" if words.startswith("'") else f"has {words}"
        raise PageTemplateError(path, problem.line or 1, f"front matter {words}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise PageTemplateError(
            path, 2, f"front matter must be 'key: value' lines, like:\n{EXAMPLE}"
        )
    return dict(meta)


def _kind_name(kind: type) -> str:
    return "a date (YYYY-MM-DD)" if kind is datetime.date else "text"


def _tomorrow() -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=1)
