"""Run queries against a built search index the way mkdocs-material's search (lunr) ranks them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lunr.builder import Builder
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.stop_word_filter import stop_word_filter

TAG = re.compile(r"<[^>]*>")
MATERIAL_DEFAULT_SEPARATOR = r"[\s\-]+"


@dataclass(frozen=True)
class SiteSearch:
    """The site's search index, rebuilt with lunr.py using the settings Material uses."""

    index: Any
    docs: dict[str, dict[str, Any]]

    @classmethod
    def from_site(cls, site_dir: Path) -> SiteSearch:
        data = json.loads((site_dir / "search" / "search_index.json").read_text("utf-8"))
        config = data["config"]
        if config["separator"] != MATERIAL_DEFAULT_SEPARATOR:
            raise ValueError(f"the simulator only knows the default separator, not {config}")
        builder = Builder()
        if "stopWordFilter" in config["pipeline"]:
            builder.pipeline.add(stop_word_filter)
        builder.b(0)  # Material turns off length normalisation
        builder.ref("location")
        for name, spec in config["fields"].items():
            builder.field(name, boost=spec["boost"], extractor=_text_of(name))
        docs = {}
        for doc in data["docs"]:
            docs[doc["location"]] = doc
            builder.add(doc, attributes={"boost": doc.get("boost", 1)})
        return cls(builder.build(), docs)

    def pages_for(self, query: str) -> list[str]:
        """Page locations in the order Material lists them for this query (best first)."""
        terms = [term for part in query.split() for term in re.split(r"[\s\-]+", part) if term]
        clauses = list(dict.fromkeys(term.lower() for term in terms))
        lunr_query = " ".join(f"{term}*" for term in clauses)
        scored: list[tuple[float, str]] = []
        for result in self.index.search(lunr_query):
            location = result["ref"]
            is_section = "#" in location
            # Material's post-query boost: the share of (non-stop-word) query terms matched
            found = result["match_data"].metadata
            matched = {term for term in clauses if any(key.startswith(term) for key in found)}
            counted = matched | {term for term in clauses if term not in STOP_WORDS}
            boost = (0 if is_section else 1) + len(matched) / max(len(counted), 1)
            scored.append((result["score"] * (1 + boost**2), location))
        pages: list[str] = []
        for _, location in sorted(scored, key=lambda item: -item[0]):
            page = location.split("#")[0]
            if page not in pages:
                pages.append(page)
        return pages


def _text_of(field: str) -> Any:
    def extract(doc: dict[str, Any]) -> str | None:
        value = doc.get(field)
        return None if value is None else TAG.sub(" ", value)

    return extract
