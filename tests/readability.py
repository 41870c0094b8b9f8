"""How easy a built page's main text is to read, counted offline with pyphen: the Flesch-Kincaid
grade for English, the Fernández-Huerta score for Spanish (80 or more is "easy", about grade 6).

Run `python -m tests.readability site` to print the figures of every page of a built site (the
pages of site/es/ in Spanish).
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
WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
HYPHENATORS = {"en": pyphen.Pyphen(lang="en_US"), "es": pyphen.Pyphen(lang="es")}


@dataclass(frozen=True)
class Readability:
    """Counts of a text and its Flesch-Kincaid grade."""

    sentences: int
    words: int
    syllables: int
    language: str = "en"

    @property
    def grade(self) -> float:
        if not self.words:
            return 0.0
        return (
            0.39 * self.words / max(self.sentences, 1) + 11.8 * self.syllables / self.words - 15.59
        )

    @property
    def fernandez_huerta(self) -> float:
        """Spanish reading ease (as textstat counts it): 206.84 - 60 x syllables per word -
        1.02 x words per sentence; 80 to 90 is "easy", about sixth grade."""
        if not self.words:
            return 100.0
        return (
            206.84 - 60 * self.syllables / self.words - 1.02 * self.words / max(self.sentences, 1)
        )

    def figure(self) -> str:
        if self.language == "es":
            return f"Fernández-Huerta {self.fernandez_huerta:5.1f}"
        return f"grade {self.grade:5.2f}"


def syllables(word: str, language: str = "en") -> int:
    """Syllables in a word, from pyphen's hyphenation points (as textstat 0.7.4 counts)."""
    return len(HYPHENATORS[language].positions(word.lower())) + 1


def sentences_of(text_blocks: list[str]) -> list[str]:
    """Sentences of a page: each block (paragraph, list item, heading) ends at least one."""
    found = []
    for block in text_blocks:
        found += [part for part in SENTENCE_END.split(block.strip()) if WORD.search(part)]
    return found


def measure(text_blocks: list[str], language: str = "en") -> Readability:
    sentences = sentences_of(text_blocks)
    words = [word for sentence in sentences for word in WORD.findall(sentence)]
    counted = sum(syllables(word, language) for word in words)
    return Readability(len(sentences), len(words), counted, language)


def main_text_blocks(html: str) -> list[str]:
    """The text of each block of the page's article, without citation numbers or permalinks."""
    article = BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")
    if article is None:
        raise ValueError("no <article class='md-content__inner'> in the page")
    for extra in article.select(".citation, a.headerlink, script, style"):
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
    """The page's figures, in the language its <html lang> names."""
    html = page.read_text(encoding="utf-8")
    language = re.search(r'<html lang="([a-z]+)', html)
    return measure(main_text_blocks(html), language[1] if language else "en")


def main(site_dir: str) -> None:
    for page in sorted(Path(site_dir).rglob("index.html")):
        if page.parent.name in {"search", "assets"}:
            continue
        result = page_readability(page)
        name = page.parent.relative_to(site_dir).as_posix() or "(home)"
        print(f"{name:30} {result.figure()}  ({result.words} words, {result.sentences} sentences)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "site")
