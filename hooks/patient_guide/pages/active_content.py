"""Refuse what would run in a reader's browser if an author wrote it into a page: scripts,
event handlers, javascript: links and embedded frames (the site's CSP would allow them), the
elements a browser parses otherwise than a checker would (noscript, style, template: a script
hidden in them runs), and pictures or styles loaded from another site (a request that tells it
who reads the page)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import NamedTuple

ACTIVE_TAGS = {
    "script", "iframe", "frame", "object", "embed", "applet", "base",
    "noscript", "style", "template", "meta", "link", "form",
}  # fmt: skip
# Words of a script anywhere in the page, even inside an attribute: a browser that reads the
# markup otherwise than this checker does (noscript, svg) would run them.
SCRIPT_WORDS = ("<script", "</script")
LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
# Attributes whose address the browser fetches as the page loads (links are fetched only when
# followed); an SVG <image> or <use> fetches its href.
FETCHED_ATTRIBUTES = {"src", "srcset", "poster", "data", "xlink:href", "background"}
FETCHING_TAGS = {"image", "use", "feimage"}
ELSEWHERE = ("http:", "https:", "//", "ftp:")
RUNS_CODE = (
    "pages cannot run code in the reader's browser, so remove it (the site's own scripts are in "
    "docs/javascripts/)"
)
LOADS_ELSEWHERE = (
    "pages load nothing from other sites (a request tells them who reads the page), so put the "
    "file in docs/images/ and use that"
)


class Finding(NamedTuple):
    """What a page must not hold: what it is, words to find it by, and what to do."""

    what: str
    needle: str
    fix: str = RUNS_CODE


class _ActiveContentFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS:
            self.found.append(Finding(f"a <{tag}> element", f"<{tag}"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(Finding(f"an event handler ({name}=)", name))
            # As a browser reads an address: no spaces, any case, a backslash as "/" (\\h is //h).
            squeezed = "".join((value or "").split()).lower().replace("\\", "/")
            if name in LINK_ATTRIBUTES and squeezed.startswith(ACTIVE_SCHEMES):
                scheme = squeezed.split(":", 1)[0]
                self.found.append(Finding(f"a {scheme}: address", f"{scheme}:"))
            fetched = name in FETCHED_ATTRIBUTES or (name == "href" and tag in FETCHING_TAGS)
            if fetched and any(part.startswith(ELSEWHERE) for part in squeezed.split(",")):
                what = f"a file loaded from another site ({value})"
                self.found.append(Finding(what, str(value), LOADS_ELSEWHERE))
            if name == "style" and "url(" in squeezed:
                what = "a style that loads a file (url(...))"
                self.found.append(Finding(what, "url(", LOADS_ELSEWHERE))


def active_content(html: str) -> Finding | None:
    """What in a page's HTML would run in the browser, and words to find it by; None if nothing."""
    lowered = html.lower()
    for words in SCRIPT_WORDS:
        if words in lowered:
            return Finding("a <script> element", words)
    finder = _ActiveContentFinder()
    finder.feed(html)
    finder.close()
    return finder.found[0] if finder.found else None


def line_in(source: str, needle: str) -> int | None:
    """The first line of source that holds needle (any case)."""
    for number, line in enumerate(source.splitlines(), start=1):
        if needle.lower() in line.lower():
            return number
    return None
