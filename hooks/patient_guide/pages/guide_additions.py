"""The guide's own words: sentences no article says but the guide keeps because they are plainly
safer or explain a word. Authors wrap each in `<span class="own">`; the build marks it (shown with
the citations) and the Sources page lists every one of them, with the pages that say it."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

OWN_CLASS = "own"
PLACEHOLDER = '<div class="guide-additions"></div>'
SECTION_ID = "what-this-guide-adds"


@dataclass
class Addition:
    """One sentence of the guide's own, and the pages that say it (title, address)."""

    words: str
    pages: list[tuple[str, str]] = field(default_factory=list)


class _OwnSpans(HTMLParser):
    """Finds each `<span class="own">`: its words, and where its end tag ends in the HTML."""

    def __init__(self, html_text: str) -> None:
        super().__init__(convert_charrefs=True)
        # The parser counts lines at "\n" only: so do these offsets.
        self.line_starts = [0, *(found.end() for found in re.finditer("\n", html_text))]
        self.depth = 0  # spans open inside the own span, the own span included
        self.words: list[str] = []
        self.found: list[tuple[str, int]] = []  # (words, offset just after </span>)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "span":
            return
        if self.depth:
            self.depth += 1
        elif OWN_CLASS in (dict(attrs).get("class") or "").split():
            self.depth, self.words = 1, []

    def handle_endtag(self, tag: str) -> None:
        if tag != "span" or not self.depth:
            return
        self.depth -= 1
        if not self.depth:
            line, column = self.getpos()
            end = self.line_starts[line - 1] + column + len("</span>")
            self.found.append((" ".join("".join(self.words).split()), end))

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.words.append(data)


def marked_additions(page_html: str, marker: str) -> tuple[str, list[str]]:
    """The page's HTML with the marker after each of the guide's own sentences, and their words."""
    parser = _OwnSpans(page_html)
    parser.feed(page_html)
    parser.close()
    marked, start = [], 0
    for _words, end in parser.found:
        marked += [page_html[start:end], marker]
        start = end
    marked.append(page_html[start:])
    return "".join(marked), [words for words, _end in parser.found if words]


def additions_list(additions: list[Addition], empty: str) -> str:
    """The Sources page's list of every sentence of the guide's own, with links to its pages."""
    if not additions:
        return f"<p>{html.escape(empty)}</p>"
    items = []
    for addition in additions:
        pages = ", ".join(
            f'<a href="{html.escape(url)}">{html.escape(title)}</a>'
            for title, url in addition.pages
        )
        items.append(f"<li>{html.escape(addition.words)} ({pages})</li>")
    return f'<ul class="guide-additions">{"".join(items)}</ul>'


def collect(additions: dict[str, Addition], words: list[str], title: str, url: str) -> None:
    """Add a page's own sentences to the list, each sentence once with all its pages."""
    for sentence in words:
        addition = additions.setdefault(sentence, Addition(sentence))
        if (title, url) not in addition.pages:
            addition.pages.append((title, url))
