"""Read a rendered page as readers see it: its sections, each with its paragraphs and steps."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

BLOCKS = {"p", "li"}
# Parts of a page that are not its own words: citation marks, heading anchors, the page's
# footnote, and the picture strip that retells the steps.
SKIPPED = {
    ("span", "citation"),
    ("a", "headerlink"),
    ("div", "page-note"),
    ("div", "picture-strip"),
}


@dataclass
class Section:
    """A page section: its heading (h2), its id, and the text of each paragraph and list item."""

    heading: str
    anchor: str
    paragraphs: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)  # items of numbered lists, in order

    @property
    def text(self) -> str:
        """All the section's words, as one text."""
        return " ".join([*self.paragraphs, *self.steps])


class _OutlineReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = []
        self.open: list[str] = []  # the tags of the element being read, outermost first
        self.skip_depth = 0  # > 0 inside an element whose words are not read
        self.heading: list[str] | None = None
        self.heading_anchor = ""
        self.block: list[str] | None = None
        self.block_tag = ""
        self.block_numbered = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "hr", "input", "meta", "link", "wbr", "source"}:
            return
        self.open.append(tag)
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        skipped = any((tag, name) in SKIPPED for name in classes)
        if self.skip_depth or skipped:
            self.skip_depth += 1
            return
        if tag == "h2":
            self.heading, self.heading_anchor = [], values.get("id") or ""
        elif tag in BLOCKS and self.block is None and self.sections:
            self.block, self.block_tag = [], tag
            self.block_numbered = tag == "li" and "ol" in self.open[:-1][-1:]

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open:
            return
        while self.open and self.open.pop() != tag:
            pass
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if tag == "h2" and self.heading is not None:
            self.sections.append(Section(_words(self.heading), self.heading_anchor))
            self.heading = None
        elif tag == self.block_tag and self.block is not None and tag not in self.open:
            text = _words(self.block)
            section = self.sections[-1]
            if text:
                (section.steps if self.block_numbered else section.paragraphs).append(text)
            self.block = None

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.heading is not None:
            self.heading.append(data)
        elif self.block is not None:
            self.block.append(data)


def page_sections(html: str) -> list[Section]:
    """The page's h2 sections in order; text before the first h2 (the key points) is left out."""
    reader = _OutlineReader()
    reader.feed(html)
    reader.close()
    return reader.sections


def _words(parts: list[str]) -> str:
    return re.sub(r"\s+", " ", "".join(parts)).strip()
