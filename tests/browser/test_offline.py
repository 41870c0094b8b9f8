"""The offline kiosk copy: `build.py --offline`, unzipped, works from file:// with search and
handouts, asking nothing of any network."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Page

from tests.browser.conftest import RequestLog, open_search
from tests.conftest import ALL_PAGES


def test_the_zip_holds_every_page_search_and_the_handouts(kiosk: Path) -> None:
    for source in ALL_PAGES:
        assert (kiosk / source.replace(".md", ".html")).is_file(), source
    assert (kiosk / "search" / "search_index.js").is_file()
    assert (kiosk / "javascripts" / "vendor" / "iframe-worker-shim.js").is_file()
    assert len(list((kiosk / "handouts").glob("*.pdf"))) >= 8
    for page in kiosk.glob("*.html"):
        assert "unpkg.com" not in page.read_text(encoding="utf-8"), page.name


def test_pages_link_to_each_other_from_disk(open_from_disk: tuple[Page, RequestLog]) -> None:
    page, _ = open_from_disk
    page.get_by_role("navigation", name="Navigation").get_by_role(
        "link", name="Aftercare checklist"
    ).first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/aftercare.html")
    assert page.title().startswith("Aftercare checklist")
    assert page.evaluate("[...document.images].every(image => image.naturalWidth > 0)")


def test_search_works_from_disk(open_from_disk: tuple[Page, RequestLog]) -> None:
    page, log = open_from_disk
    open_search(page)
    page.locator(".md-search__input").press_sequentially("does it hurt")
    # Results come while the words are typed: wait for those of the whole question.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.md-search-result__item > a')]"
        ".slice(0, 3).some(link => link.href.includes('/faq.html'))",
        timeout=15_000,
    )
    links = page.locator(".md-search-result__item > a").evaluate_all(
        "links => links.slice(0, 3).map(link => link.href)"
    )
    assert any("/faq.html" in link for link in links), links
    assert any(url.endswith("search/search_index.js") for url in log.seen)


def test_handout_links_open_pdfs_on_the_stick(
    open_from_disk: tuple[Page, RequestLog], kiosk: Path
) -> None:
    page, _ = open_from_disk
    page.goto((kiosk / "aftercare.html").as_uri())
    links = page.locator(".handout-links a").evaluate_all("links => links.map(l => l.href)")
    assert len(links) == 4, links  # A4 and US Letter, regular and large print
    for link in links:
        target = Path(unquote(urlsplit(link).path))
        assert target.is_file() and target.read_bytes().startswith(b"%PDF"), link
