"""The source articles behind the site, and the numbered citation links that point to them."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ..data_checks import read_entries
from ..data_files import DataFileError, shown_path
from ..plain_text import plain_field
from .markup import rendered
from .quotes import EVIDENCE_FORM, ArticleShelf, QuoteError, parse_evidence

SOURCES_PAGE = "sources.md"


class UnknownSourceError(Exception):
    """A citation names an article the sources file does not list, or no passage of it, or a
    passage the article does not hold."""


# An article's file in the articles folder: letters, digits, ".", "_" and "-", no folder.
ARTICLE_FILE = r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$"


class SourceEntry(BaseModel):
    """One entry of the sources file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, plain_field(500), Field(examples=['"005"'])]
    file: Annotated[str, plain_field(200), Field(pattern=ARTICLE_FILE, examples=["005.txt"])]
    title: Annotated[str, plain_field(500), Field(examples=["What microneedling is"])]
    quality: Annotated[str, plain_field(500), Field(examples=["Clear and careful."])]


@dataclass(frozen=True)
class Source:
    """One source article as listed on the Sources page."""

    number: int
    id: str
    file: str
    title: str
    quality: str

    @property
    def anchor(self) -> str:
        """The id of this source's entry on the Sources page."""
        return f"source-{self.id}"


def load_sources(path: Path) -> dict[str, Source]:
    """Read the sources file into an ordered mapping of id -> Source, checking every entry."""
    sources: dict[str, Source] = {}
    for number, (entry, line) in enumerate(read_entries(path, SourceEntry, "source"), start=1):
        if entry.id in sources:
            raise DataFileError.at(
                shown_path(path),
                line,
                f"source {number}: id {entry.id!r} is listed twice; give each its own",
            )
        sources[entry.id] = Source(number, **entry.model_dump())
    return sources


def citation_markdown(
    evidence: tuple[str, ...],
    sources: dict[str, Source],
    page_uri: str,
    source_word: str = "Source",
    shelf: ArticleShelf | None = None,
) -> str:
    """Markdown for a citation: each cited article's number, linking to it on the Sources page
    (its tooltip "Source 1: <title>", source_word in the page's language), and the passage of
    it the fact rests on, in English. With the articles at hand, every passage is looked up."""
    if not evidence:
        raise UnknownSourceError(
            f"cite() needs at least one article and its words, like {EVIDENCE_FORM}"
        )
    cited = []
    for text in evidence:
        try:
            item = parse_evidence(text)
        except QuoteError as error:
            raise UnknownSourceError(str(error)) from None
        if item.source_id not in sources:
            known = ", ".join(sources)
            raise UnknownSourceError(
                f"unknown source id {item.source_id!r} in cite(); the known ids are {known} "
                "(listed in docs/_data/sources.yml)"
            )
        source = sources[item.source_id]
        if shelf is not None:
            try:
                shelf.check(item, source.file)
            except QuoteError as error:
                raise UnknownSourceError(str(error)) from None
        cited.append(CitedPassage(source, item.quote))
    cited.sort(key=lambda passage: passage.source.number)
    target = posixpath.relpath(SOURCES_PAGE, posixpath.dirname(page_uri) or ".")
    return rendered("citation.md", cited=cited, target=target, source_word=source_word)


@dataclass(frozen=True)
class CitedPassage:
    """A cited article and the words of it a fact rests on."""

    source: Source
    quote: str
