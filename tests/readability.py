"""Flesch-Kincaid grade of a built page's main text, counted offline with pyphen.

Run `python -m tests.readability site` to print the grade of every page of a built site.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pyphen
from bs4 import BeautifulSoup, Tag

BLOCKS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "summary"]
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*")
HYPHENATOR = pyphen.Pyphen(lang="en_US")


@dataclass(frozen=True)
class Readability:
    """Counts of a text and its Flesch-Kincaid grade."""

    sentences: int
    words: int
    syllables: int

    @property
    def grade(self) -> float:
        if not self.words:
            return 0.0
        return (
            0.39 * self.words / max(self.sentences, 1) + 11.8 * self.syllables / self.words - 15.59
        )


def syllables(word: str) -> int:
    """Syllables in a word, from pyphen's hyphenation points (as textstat 0.7.4 counts)."""
    return len(HYPHENATOR.positions(word.lower())) + 1


def sentences_of(text_blocks: list[str]) -> list[str]:
    """Sentences of a page: each block (paragraph, list item, heading) ends at least one."""
    found = []
    for block in text_blocks:
        found += [part for part in SENTENCE_END.split(block.strip()) if WORD.search(part)]
    return found


def measure(text_blocks: list[str]) -> Readability:
    sentences = sentences_of(text_blocks)
    words = [word for sentence in sentences for word in WORD.findall(sentence)]
    return Readability(len(sentences), len(words), sum(syllables(word) for word in words))


def main_text_blocks(html: str) -> list[str]:
    """The text of each block of the page's article, without citation numbers or permalinks."""
    article = BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")
    if article is None:
        raise ValueError("no <article class='md-content__inner'> in the page")
    for extra in article.select("sup.citation, a.headerlink, script, style"):
        extra.decompose()
    blocks = []
    for block in article.find_all(BLOCKS):
        assert isinstance(block, Tag)
        own_text = " ".join(
            piece.get_text(" ") if isinstance(piece, Tag) else str(piece)
            for piece in block.children
            if not (isinstance(piece, Tag) and piece.name in [*BLOCKS, "ul", "ol", "table"])
        )
        if own_text.strip():
            blocks.append(" ".join(own_text.split()))
    return blocks


def page_readability(page: Path) -> Readability:
    return measure(main_text_blocks(page.read_text(encoding="utf-8")))


def main(site_dir: str) -> None:
    for page in sorted(Path(site_dir).rglob("index.html")):
        if page.parent.name in {"search", "assets"}:
            continue
        result = page_readability(page)
        name = page.parent.relative_to(site_dir).as_posix() or "(home)"
        print(
            f"{name:30} grade {result.grade:5.2f}  "
            f"({result.words} words, {result.sentences} sentences)"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "site")
