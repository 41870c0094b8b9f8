"""Turn a page's article HTML, as MkDocs rendered it, into blocks that the Typst template walks.

The handouts print the same words as the website. What Typst gets is data (a JSON tree of blocks
and text runs), never Typst markup, so no text can change the layout. Only a closed set of
elements is known; anything else stops the build with the page and the element named.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from ..addresses import short_url
from .jobs import HandoutError
from .pictures import data_picture

Node = dict[str, Any]  # one block or text run, as the template reads it (JSON)

VOID_ELEMENTS = {"img", "input", "br", "hr", "wbr"}
BLOCK_ELEMENTS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "div", "figure"}
# Inline elements that print as their words alone: their markup means nothing on paper.
PLAIN_INLINE = {"time", "label", "abbr", "small", "code"}
STYLED_INLINE = {"strong": "strong", "b": "strong", "em": "emph", "i": "emph", "dfn": "term"}
# Classes of <span> the template knows; a span of another class (or none) is its words.
SPAN_KINDS = {"prompt": "prompt", "write-in": "write-in"}
# Citations stay off paper: the printed address leads to the website, which shows them.
DROPPED_CLASSES = {"headerlink", "task-list-indicator", "page-note", "web-only", "citation"}
KNOWN = (
    "headings, paragraphs, lists, tick-box lists, boxes, figures with pictures and captions, "
    "emphasis, links and language spans"
)


@dataclass
class Element:
    """An element of the article: its tag, attributes and children (elements and text)."""

    tag: str
    attributes: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attributes.get("class", "").split()

    def described(self) -> str:
        """The element as an author would look for it in the page's HTML."""
        classes = self.attributes.get("class")
        return f'<{self.tag} class="{classes}">' if classes else f"<{self.tag}>"


class _TreeBuilder(HTMLParser):
    """Build a tree of Elements from HTML (MkDocs writes it well-formed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("article", {})
        self.open: list[Element] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


class _Converter:
    """Walk one page's element tree into blocks and runs."""

    def __init__(self, page: str, page_url: str, picture: Callable[[str], str]) -> None:
        self.page = page
        self.page_url = page_url
        self.picture_svg = picture

    def unknown(self, element: Element) -> HandoutError:
        return HandoutError(
            f"{self.page}: {element.described()} cannot be printed in a handout (handouts print "
            f'{KNOWN}); leave it out of the page or mark it class="web-only"'
        )

    # Blocks

    def blocks(self, children: list[Element | str]) -> list[Node]:
        """Blocks of a container; loose words and inline elements become paragraphs."""
        blocks: list[Node] = []
        loose: list[Element | str] = []

        def flush() -> None:
            runs = tidy(self.runs(loose))
            if runs:
                blocks.append({"kind": "paragraph", "classes": [], "runs": runs})
            loose.clear()

        for child in children:
            if isinstance(child, Element) and child.tag in BLOCK_ELEMENTS:
                flush()
                blocks.extend(self.block(child))
            else:
                loose.append(child)
        flush()
        return blocks

    def block(self, element: Element) -> list[Node]:
        classes = element.classes
        if DROPPED_CLASSES.intersection(classes):
            return []
        tag = element.tag
        if re.fullmatch("h[1-6]", tag):
            runs = tidy(self.runs(element.children))
            return [
                {"kind": "heading", "level": int(tag[1]), "id": element.attributes.get("id", ""),
                 "runs": runs}
            ]  # fmt: skip
        if tag == "p":
            if any(
                isinstance(child, Element) and "phone-write-in" in child.classes
                for child in element.children
            ):
                classes = [*classes, "phone-write-in"]
            return [
                {"kind": "paragraph", "classes": classes, "runs": tidy(self.runs(element.children))}
            ]
        if tag in {"ul", "ol"}:
            return [self.list_block(element)]
        if tag == "figure":
            return [self.figure(element)]
        if tag == "div" and "admonition" in classes:
            return [self.box(element)]
        if tag == "div" and "day-grid-box" in classes:
            return [{"kind": "day-grid"}]  # each handout prints its clinic's grid (job data)
        if tag == "div":
            return [{"kind": "group", "classes": classes, "blocks": self.blocks(element.children)}]
        raise self.unknown(element)

    def list_block(self, element: Element) -> Node:
        items = []
        for child in element.children:
            if isinstance(child, str):
                if child.strip():
                    raise self.unknown(element)
                continue
            if child.tag != "li":
                raise self.unknown(child)
            tick = any(
                isinstance(part, Element)
                and part.tag == "label"
                and "task-list-control" in part.classes
                for part in child.children
            )
            blocks = self.blocks(child.children)
            if blocks:  # an item only for the website prints nothing, not an empty bullet
                items.append({"tick": tick, "blocks": blocks})
        return {
            "kind": "list",
            "ordered": element.tag == "ol",
            "classes": element.classes,
            "items": items,
        }

    def figure(self, element: Element) -> Node:
        caption = [
            child
            for child in element.children
            if isinstance(child, Element) and child.tag == "figcaption"
        ]
        content = [child for child in element.children if child not in caption]
        return {
            "kind": "figure",
            "classes": element.classes,
            "runs": tidy(self.runs(content)),
            "caption": tidy(self.runs(caption[0].children)) if caption else [],
        }

    def box(self, element: Element) -> Node:
        titles = [
            child
            for child in element.children
            if isinstance(child, Element) and "admonition-title" in child.classes
        ]
        kinds = [name for name in element.classes if name != "admonition"]
        blocks = self.blocks([child for child in element.children if child not in titles])
        return {
            "kind": "box",
            "variant": kinds[0] if kinds else "note",
            "title": tidy(self.runs(titles[0].children)) if titles else [],
            "blocks": blocks,
            "letters": letters_in(blocks),  # how long it is: the template keeps short boxes whole
        }

    # Text runs

    def runs(self, children: list[Element | str]) -> list[Node]:
        runs: list[Node] = []
        for child in children:
            if isinstance(child, str):
                runs.append({"kind": "text", "text": child})
            else:
                runs.extend(self.inline(child))
        return runs

    def inline(self, element: Element) -> list[Node]:
        tag, classes = element.tag, element.classes
        if DROPPED_CLASSES.intersection(classes):
            return []
        if tag in BLOCK_ELEMENTS:
            raise self.unknown(element)
        if tag in STYLED_INLINE:
            return [{"kind": STYLED_INLINE[tag], "runs": self.runs(element.children)}]
        if tag in PLAIN_INLINE:
            return self.runs(element.children)
        if tag == "span":
            return self.span(element)
        if tag == "a":
            return self.link(element)
        if tag == "img":
            return [self.picture(element)]
        if tag == "input" and element.attributes.get("type") == "checkbox":
            return []  # the list item prints its own tick box
        if tag == "br":
            return [{"kind": "break"}]
        raise self.unknown(element)

    def span(self, element: Element) -> list[Node]:
        runs = self.runs(element.children)
        if "point" in element.classes:  # a shared point: a booklet prints each one once
            return [{"kind": "point", "id": element.attributes.get("data-point", ""), "runs": runs}]
        if "timing" in element.classes:  # a clinic's handouts print its own timing here
            return [
                {"kind": "timing", "key": element.attributes.get("data-timing", ""), "runs": runs}
            ]
        for name, kind in SPAN_KINDS.items():
            if name in element.classes:
                return [{"kind": kind, "classes": element.classes, "runs": runs}]
        language = element.attributes.get("lang")
        if language:
            return [{"kind": "language", "lang": language, "runs": runs}]
        return runs

    def link(self, element: Element) -> list[Node]:
        href = element.attributes.get("href", "")
        runs = self.runs(element.children)
        url = urljoin(self.page_url, href)
        if not href or url.split("#")[0] == self.page_url:
            return runs  # a place on the same page: on paper, only its words
        # On paper a link is its words and the address to type: the reader cannot click it.
        return [{"kind": "link", "url": url, "shown": short_url(url.split("#")[0]), "runs": runs}]

    def picture(self, element: Element) -> Node:
        alt = element.attributes.get("alt", "").strip()
        source = element.attributes.get("src", "")
        if not alt:
            raise HandoutError(
                f'{self.page}: a picture has no alt text ({source[:60]}); describe it in alt="..."'
            )
        try:
            svg = self.picture_svg(source)
        except (ValueError, OSError):  # not a picture it can read (bad data, base64, PNG)
            raise HandoutError(
                f"{self.page}: picture {alt!r} cannot be printed; use an .svg, .png or .jpg file "
                "of the site"
            ) from None
        return {"kind": "picture", "svg": svg, "alt": alt, **drawn_text_scale(svg)}


def letters_in(nodes: list[Node]) -> int:
    """How many letters the blocks or runs hold, all the way down."""
    total = 0
    for node in nodes:
        total += len(node.get("text", ""))
        for part in ("runs", "blocks", "title"):
            total += letters_in(node.get(part, []))
        for item in node.get("items", []):
            total += letters_in(item["blocks"])
    return total


VIEW_WIDTH = re.compile(r'viewBox="[-\d.]+[ ,]+[-\d.]+[ ,]+([\d.]+)')
FONT_SIZE = re.compile(r'font-size="([\d.]+)"')


def drawn_text_scale(svg: str) -> dict[str, float | None]:
    """The picture's width and its smallest drawn words, in its own units: the template prints
    it wide enough for those words to be readable."""
    width = VIEW_WIDTH.search(svg)
    sizes = [float(size) for size in FONT_SIZE.findall(svg)]
    return {
        "view_width": float(width[1]) if width else None,
        "smallest_text": min(sizes) if sizes and width else None,
    }


SPACES = re.compile(r"\s+")


def tidy(runs: list[Node]) -> list[Node]:
    """A block's runs as they read: white space collapsed, words joined, none at either end
    (nor between the pictures that lead a block and the words after them)."""
    runs = strip_ends(joined(runs))
    if runs and runs[0]["kind"] == "picture":
        leading = list(
            itertools.takewhile(
                lambda run: run["kind"] == "picture" or run.get("text", "x").isspace(), runs
            )
        )
        pictures = [run for run in leading if run["kind"] == "picture"]
        return pictures + strip_ends(runs[len(leading) :])
    return runs


def joined(runs: list[Node]) -> list[Node]:
    """Runs with white space collapsed and adjacent words joined, inline elements' too."""
    result: list[Node] = []
    for run in runs:
        if "runs" in run:
            run = {**run, "runs": joined(run["runs"])}
        if run["kind"] == "text":
            text = run["text"]
            if result and result[-1]["kind"] == "text":
                text = result.pop()["text"] + text
            run = {"kind": "text", "text": SPACES.sub(" ", text)}
        result.append(run)
    return result


def strip_ends(runs: list[Node]) -> list[Node]:
    """Drop the spaces at both ends of a block's runs."""
    while runs and runs[0]["kind"] == "text" and not runs[0]["text"].strip():
        runs = runs[1:]
    while runs and runs[-1]["kind"] == "text" and not runs[-1]["text"].strip():
        runs = runs[:-1]
    if runs and runs[0]["kind"] == "text":
        runs = [{"kind": "text", "text": runs[0]["text"].lstrip()}, *runs[1:]]
    if runs and runs[-1]["kind"] == "text":
        runs = [*runs[:-1], {"kind": "text", "text": runs[-1]["text"].rstrip()}]
    return runs


def printed_article(
    html: str, page: str, page_url: str, picture: Callable[[str], str] = data_picture
) -> list[Node]:
    """A page's article HTML as blocks for the handout template; `picture` reads a picture's
    src as SVG text (site_pictures reads the site's files)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    converter = _Converter(page, page_url, picture)
    return converter.blocks(builder.root.children)
