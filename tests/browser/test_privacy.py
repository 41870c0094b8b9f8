"""Reading the site, searching included, asks nothing of any host but the site's own server."""

from __future__ import annotations

from pathlib import Path

from tests.browser.conftest import (
    DESKTOP_LIGHT,
    PHONE_DARK,
    OpenPage,
    RequestLog,
    page_path,
    read_and_search,
)
from tests.conftest import ALL_PAGES, mkdocs_settings


def test_every_page_and_search_load_only_from_the_site(open_page: OpenPage) -> None:
    """On a desk (the Spanish pages are checked on a phone: what a page loads does not depend
    on the screen, and one of the two checks would see it if it did)."""
    for source in ALL_PAGES:
        log = read_and_search(open_page, page_path(source), DESKTOP_LIGHT, "does it hurt")
        assert log.elsewhere == [], f"{source} asked other hosts for {log.elsewhere}"
        assert any("search_index.json" in url for url in log.seen), "search index not loaded"
        assert all(url.startswith(log.local_prefix) for url in log.seen)
        assert not printer_loaded(log), f"{source} loaded the clinic page's printer"


def printer_loaded(log: RequestLog) -> bool:
    """Whether a page loaded the clinic page's printer (30 MB): only that page may, when asked."""
    return any("typst_ts" in url or "clinic-handouts" in url for url in log.seen)


def test_request_log_sees_a_request_to_another_host(open_page: OpenPage) -> None:
    # The check above would pass vacuously if other hosts' requests went unseen: make one. (A
    # fetch() would not do: the site's Content-Security-Policy stops it inside the browser; a
    # link followed to another site is not the policy's to stop.)
    page, log = open_page("")
    with page.expect_event("requestfailed"):
        page.evaluate("location.assign('https://fonts.googleapis.com/css?family=Roboto')")
    assert log.elsewhere == ["https://fonts.googleapis.com/css?family=Roboto"]
    log.elsewhere.clear()  # seen as intended: do not fail the test for it


PUBLISHED = mkdocs_settings()["site_url"]


def alternates_fetched(log: RequestLog) -> list[str]:
    return [url for url in log.seen if url.endswith("/sitemap.xml")]


def test_a_copy_served_away_from_its_address_asks_nothing_of_it(
    open_page: OpenPage, mirrored_site: tuple[Path, str]
) -> None:
    # On a phone only: what a page loads does not depend on the screen (every page is checked
    # on a desk in English and on a phone in Spanish, and one would see it if it did).
    # The published build, served where a local preview, a mirror or a clinic's copy is: its
    # head still names each page's other editions at the published address, and reading it
    # asks that address nothing, and the server nothing it has no answer for.
    # Every page has the same head; these are the pages whose bodies differ in what they load
    # (the day grid's script, the handouts' list, the sources), in both languages.
    _, base = mirrored_site
    for folder in ["", "es/"]:
        for source in ["index.md", "aftercare.md", "handouts.md", "sources.md"]:
            page, log = open_page(page_path(source, folder), PHONE_DARK, base)  # see above
            page.mouse.wheel(0, 5000)
            page.wait_for_load_state("networkidle")
            editions = page.locator("link[hreflang]").evaluate_all("all => all.map(l => l.href)")
            assert any(url.startswith(PUBLISHED) for url in editions), editions
            assert log.problems() == [], f"{folder}{source}: {log.problems()}"
            assert alternates_fetched(log) == []
            page.context.close()


def test_the_check_sees_materials_script_fetch_an_alternates_sitemap(
    open_page: OpenPage, mirrored_site: tuple[Path, str]
) -> None:
    # The check above would pass vacuously if the fetch went unseen: a copy of a page whose
    # language links are written the exact way Material's script looks for makes it happen.
    site_dir, base = mirrored_site
    written = (site_dir / "faq" / "index.html").read_text()
    assert written.count('<link rel="alternate " hreflang=') >= 2
    planted = site_dir / "faq-planted" / "index.html"
    planted.parent.mkdir()
    planted.write_text(written.replace('<link rel="alternate " ', '<link rel="alternate" '))
    _, log = open_page("faq-planted/", DESKTOP_LIGHT, base)
    fetched = alternates_fetched(log)
    assert f"{PUBLISHED}es/faq/sitemap.xml" in fetched, log.seen
    # The site's Content-Security-Policy stops it in the browser; the check counts it all the same.
    assert any(f"{PUBLISHED}es/faq/sitemap.xml" in text for text in log.refused), log.problems()
    for seen in [log.elsewhere, log.refused, log.errors]:
        seen.clear()  # seen as intended: do not fail the test for them
