"""The passages citations rest on: each cited fact quotes its article's own words, and the build
finds every quote in its article when the articles are at hand.

The five articles are other people's text, so they are not part of the project: the build reads
them from the folder named by PATIENT_GUIDE_ARTICLES, and without it checks no quote.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..guide_errors import GuideError
from ..source_files import not_an_ordinary_file

ARTICLES_SETTING = "PATIENT_GUIDE_ARTICLES"
MOST_WORDS = 30  # "a short quote, at most about 25 words"
EVIDENCE_FORM = 'cite("004: a few words of article 004, exactly as it writes them")'


class QuoteError(GuideError):
    """A citation's quote is missing, too long or not in its article."""


@dataclass(frozen=True)
class Evidence:
    """One cited article and the passage of it the fact rests on."""

    source_id: str
    quote: str


def parse_evidence(text: str) -> Evidence:
    """'004: safe and effective procedure' -> the article's id and its words."""
    source_id, colon, quote = str(text).partition(":")
    quote = " ".join(quote.split())
    if not colon or not source_id.strip() or not quote:
        raise QuoteError(
            f"{text!r} names no passage; each citation gives the article's id and its own "
            f"words, like {EVIDENCE_FORM}"
        )
    words = len(quote.split())
    if words > MOST_WORDS:
        raise QuoteError(
            f'the quote "{quote[:60]}..." is {words} words long; quote at most about 25 words, '
            "the ones the fact rests on"
        )
    return Evidence(source_id.strip(), quote)


def comparable(text: str) -> str:
    """Text as quotes are compared: letters and digits only, in lower case, single-spaced
    (so case, punctuation, curly quotes, dashes and line breaks do not count)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


LARGEST_ARTICLE = 5 * 1024 * 1024  # an article is a few pages of text


class ArticleShelf:
    """The articles, read once, each as comparable text, by file name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._texts: dict[str, str] = {}

    @classmethod
    def from_setting(cls) -> ArticleShelf | None:
        """The shelf of the folder PATIENT_GUIDE_ARTICLES names, or None when it is not set."""
        folder = os.environ.get(ARTICLES_SETTING, "").strip()
        if not folder:
            return None
        path = Path(folder).expanduser()
        if not path.is_dir():
            raise QuoteError(
                f"{ARTICLES_SETTING}={folder}: no such folder; point it at the folder that holds "
                "the five source articles, or unset it to build without checking quotes"
            )
        return cls(path)

    def text(self, file_name: str) -> str:
        if file_name not in self._texts:
            path = self.folder / file_name
            problem = not_an_ordinary_file(path)
            if problem is None and path.stat().st_size > LARGEST_ARTICLE:
                problem = f"is more than {LARGEST_ARTICLE // 1024 // 1024} MB"
            if problem is not None:
                raise QuoteError(
                    f"{ARTICLES_SETTING}: cannot read article {path} ({problem}); the folder "
                    "must hold the files named in docs/_data/sources.yml, as ordinary text files"
                )
            try:
                self._texts[file_name] = comparable(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as error:
                reason = getattr(error, "strerror", None) or "not UTF-8 text"
                raise QuoteError(
                    f"{ARTICLES_SETTING}: cannot read article {path} ({reason}); the folder "
                    "must hold the files named in docs/_data/sources.yml"
                ) from None
        return self._texts[file_name]

    def check(self, evidence: Evidence, file_name: str) -> None:
        """Refuse a quote its article does not hold."""
        if f" {comparable(evidence.quote)} " not in f" {self.text(file_name)} ":  # whole words
            raise QuoteError(
                f'the quote "{evidence.quote}" is not in article {evidence.source_id}; quote '
                "the article's own words"
            )
