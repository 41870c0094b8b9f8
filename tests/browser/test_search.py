"""Patients' own questions, typed into the site's search box, find the page that answers them."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import (
    DESKTOP_LIGHT,
    PHONE_DARK,
    OpenPage,
    View,
    open_search,
    search_opened,
    search_results,
)

# query as a patient types it -> the page that answers it (must be among the first three results)
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
    ("can I go in the sun", "faq/"),
    ("dark skin", "is-it-right-for-me/"),
    ("keloid", "is-it-right-for-me/"),
    ("skin cancer", "is-it-right-for-me/"),
    ("who should not have it", "is-it-right-for-me/"),
    ("infection", "aftercare/"),
    ("side effects", "is-it-right-for-me/"),
    ("acne scars", "what-it-treats/"),
    ("stretch marks", "what-it-treats/"),
    ("wrinkles", "what-it-treats/"),
    ("pores", "what-it-treats/"),
    ("how many sessions", "results/"),
    ("how far apart", "results/"),
    ("when will I see results", "results/"),
    ("how long does it take", "faq/"),
    ("how much does it cost", "faq/"),
    ("back to work", "faq/"),
    ("can I do it at home", "faq/"),
    ("is it surgery", "faq/"),
    ("collagen induction therapy", "what-is-microneedling/"),
    ("how does it work", "what-is-microneedling/"),
    ("what happens during the treatment", "procedure/"),
    ("sources", "sources/"),
    # other forms of the pages' words, and the ingredient and device names the sources give
    ("moisturiser", "aftercare/"),
    ("moisturizer", "aftercare/"),
    ("scrubs", "aftercare/"),
    ("exfoliating", "aftercare/"),
    ("retinoids", "aftercare/"),
    ("vitamin A cream", "aftercare/"),
    ("SPF", "aftercare/"),
    ("sunburn", "aftercare/"),
    ("swollen", "aftercare/"),
    ("serum", "procedure/"),
    ("roller", "procedure/"),
    ("pregnant", "procedure/"),
    ("cold sores", "procedure/"),
    ("allergies", "procedure/"),
    ("acne cream", "procedure/"),
    ("bruising", "is-it-right-for-me/"),
    ("skin color", "is-it-right-for-me/"),
    ("dermatologist", "is-it-right-for-me/"),
    ("hyperpigmentation", "what-it-treats/"),
    ("elastin", "what-is-microneedling/"),
    ("sterile needles", "is-it-right-for-me/"),
]


@pytest.fixture(scope="module")
def search_page(browser: Browser, site_url: str) -> Iterator[Page]:
    """The home page on a desktop with its search box open, shared by the queries."""
    with search_opened(browser, site_url) as page:
        yield page


def test_there_are_at_least_25_patient_queries() -> None:
    assert len(PATIENT_QUERIES) >= 25
    assert len({query for query, _ in PATIENT_QUERIES}) == len(PATIENT_QUERIES)


@pytest.mark.parametrize(("query", "expected"), PATIENT_QUERIES)
def test_patient_query_finds_the_answering_page(
    search_page: Page, query: str, expected: str
) -> None:
    top = search_results(search_page, query)[:3]
    assert expected in top, f"{query!r} -> {top}"


def test_title_words_rank_their_page_first(search_page: Page) -> None:
    assert search_results(search_page, "aftercare checklist")[0] == "aftercare/"


def test_unrelated_words_find_nothing(search_page: Page) -> None:
    assert search_results(search_page, "xylophone") == []
    assert "No matching documents" in search_page.locator(".md-search-result__meta").inner_text()


def test_search_works_on_a_phone(open_page: OpenPage) -> None:
    page, _ = open_page("faq/", PHONE_DARK)
    open_search(page)
    results = search_results(page, "gym")
    assert "aftercare/" in results[:3]
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path.lstrip("/") == results[0]


@pytest.mark.parametrize("view", [DESKTOP_LIGHT, PHONE_DARK], ids=lambda view: view.name)
def test_a_query_that_arrives_whole_is_searched_too(open_page: OpenPage, view: View) -> None:
    """A query pasted, dictated or picked from a phone keyboard's suggestions arrives whole,
    without a key pressed; it finds its page as a typed one does (Material searches on keys)."""
    page, _ = open_page("", view)
    open_search(page)
    assert "aftercare/" in search_results(page, "gym", typed=False)[:3]


def search_requests(seen: list[str]) -> list[str]:
    """The requests for the search index and the search workers among seen."""
    return [url for url in seen if "search_index.json" in url or "/workers/" in url]


@pytest.mark.parametrize("view", [DESKTOP_LIGHT, PHONE_DARK], ids=lambda view: view.name)
def test_search_loads_only_when_a_patient_opens_it(open_page: OpenPage, view: View) -> None:
    """The index and the worker are the larger part of a page view on a phone; a patient who
    never searches never loads them."""
    page, log = open_page("aftercare/", view)
    page.mouse.wheel(0, 3000)
    page.wait_for_load_state("networkidle")
    assert search_requests(log.seen) == [], "search was loaded before anyone opened it"
    open_search(page)
    assert "aftercare/" in search_results(page, "makeup after")[:3]
    loaded = search_requests(log.seen)
    assert any("search_index.json" in url for url in loaded), loaded
    assert any("patient-search.js" in url for url in loaded), loaded


def test_search_opened_with_the_keyboard_loads_and_answers(open_page: OpenPage) -> None:
    page, log = open_page("")
    page.keyboard.press("/")
    assert "faq/" in search_results(page, "does it hurt")[:3]
    assert search_requests(log.seen), "the index was not loaded"


def test_a_result_marks_the_words_it_was_found_by(open_page: OpenPage) -> None:
    """Material marks a search's words on the page a result leads to (?h=): that needs the
    index at once, search box closed."""
    page, log = open_page("faq/?h=hurt")
    page.wait_for_function("() => document.querySelector('article mark') !== null")
    assert "hurt" in page.locator("article mark").first.inner_text().lower()
    assert any("search_index.json" in url for url in log.seen)
