"""The source articles behind the site, and the numbered citation links that point to them."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

import yaml

SOURCES_PAGE = "sources.md"
REQUIRED_FIELDS = ("id", "file", "title", "quality")


class SourceListError(Exception):
    """The sources file is missing, unreadable or has a malformed entry."""


class UnknownSourceError(Exception):
    """A page cites a source id that the sources file does not list."""


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
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SourceListError(f"{path}: cannot be read ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise SourceListError(f"{path}: is not valid YAML ({error})") from error
    if not isinstance(entries, list) or not entries:
        raise SourceListError(f"{path}: must be a list of sources, each with {REQUIRED_FIELDS}")
    sources: dict[str, Source] = {}
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise SourceListError(f"{path}: entry {number} must be a mapping")
        missing = [field for field in REQUIRED_FIELDS if not str(entry.get(field) or "").strip()]
        if missing:
            raise SourceListError(f"{path}: entry {number} needs {', '.join(missing)}")
        source = Source(number, *(str(entry[field]).strip() for field in REQUIRED_FIELDS))
        if source.id in sources:
            raise SourceListError(f"{path}: source id {source.id!r} is listed twice")
        sources[source.id] = source
    return sources


def citation_markdown(ids: tuple[str, ...], sources: dict[str, Source], page_uri: str) -> str:
    """Markdown for a superscript citation such as [1, 3], each number linking to its source."""
    if not ids:
        raise UnknownSourceError('cite() needs at least one source id, e.g. cite("002")')
    unknown = [source_id for source_id in ids if str(source_id) not in sources]
    if unknown:
        known = ", ".join(sources)
        raise UnknownSourceError(
            f"unknown source id {unknown[0]!r} in cite(); the known ids are {known} "
            "(listed in docs/_data/sources.yml)"
        )
    target = posixpath.relpath(SOURCES_PAGE, posixpath.dirname(page_uri) or ".")
    cited = sorted({sources[str(source_id)] for source_id in ids}, key=lambda s: s.number)
    links = ", ".join(
        f'[{source.number}]({target}#{source.anchor} "Source {source.number}: {source.title}")'
        for source in cited
    )
    return f'<sup class="citation">[{links}]</sup>'
