"""Patients' own questions, run against the built search index, find the page that answers them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site_search import SiteSearch

# query as a patient types it -> the page that answers it (must be in the first three results)
PATIENT_QUERIES = [
    ("does it hurt", "faq/"),
    ("pain", "faq/"),
    ("numbing cream", "procedure/"),
    ("can I wear makeup", "faq/"),
    ("makeup after", "aftercare/"),
    ("retinol", "aftercare/"),
    ("gym", "aftercare/"),
    ("exercise", "aftercare/"),
    ("how long is the redness", "faq/"),
    ("sunscreen", "aftercare/"),
    ("dark skin", "is-it-right-for-me/"),
    ("keloid", "is-it-right-for-me/"),
    ("skin cancer", "is-it-right-for-me/"),
    ("infection", "aftercare/"),
    ("side effects", "is-it-right-for-me/"),
    ("acne scars", "what-it-treats/"),
    ("stretch marks", "what-it-treats/"),
    ("wrinkles", "what-it-treats/"),
    ("how many sessions", "results/"),
    ("when will I see results", "results/"),
    ("collagen induction therapy", "what-is-microneedling/"),
    ("how does it work", "what-is-microneedling/"),
    ("what happens during the treatment", "procedure/"),
    ("sources", "sources/"),
]


@pytest.fixture(scope="module")
def search(site: Path) -> SiteSearch:
    return SiteSearch.from_site(site)


@pytest.mark.parametrize(("query", "expected"), PATIENT_QUERIES)
def test_patient_query_finds_the_answering_page(
    search: SiteSearch, query: str, expected: str
) -> None:
    top = search.pages_for(query)[:3]
    assert expected in top, f"{query!r} -> {top}"


def test_search_ranks_title_matches_first(search: SiteSearch) -> None:
    assert search.pages_for("aftercare checklist")[0] == "aftercare/"


def test_search_finds_nothing_for_unrelated_words(search: SiteSearch) -> None:
    assert search.pages_for("xylophone") == []
