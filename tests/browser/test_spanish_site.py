"""The Spanish edition (site/es/) as a Spanish-speaking patient reads it: no WCAG violation on any
page or view, Spanish search that finds the answering Spanish page, language links both ways,
nothing asked of other hosts, and all of it in the offline copy too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page

from tests.browser.conftest import (
    PHONE_DARK,
    VIEWS,
    OpenPage,
    RequestLog,
    View,
    open_search,
    page_path,
    read_and_search,
    search_opened,
    search_results,
    settled,
)
from tests.browser.test_accessibility import assert_no_violations, assert_palette
from tests.browser.test_privacy import printer_loaded
from tests.conftest import ALL_PAGES, built_page

SPANISH = "es/"

# query as a Spanish-speaking patient types it -> the Spanish page that answers it (must be among
# the first three results). Patients often leave out accents and the '¿', and say a word in
# another form than the page does ("cicatriz", "sesión", "dolor"): many are asked several ways.
SPANISH_QUERIES = [
    ("¿duele?", "es/faq/"),
    ("duele", "es/faq/"),
    ("dolor", "es/faq/"),
    ("molestias", "es/faq/"),
    ("crema anestésica", "es/procedure/"),
    ("crema anestesica", "es/procedure/"),
    ("¿puedo maquillarme?", "es/faq/"),
    ("maquillaje", "es/aftercare/"),
    ("retinol", "es/aftercare/"),
    ("gimnasio", "es/aftercare/"),
    ("ejercicio", "es/aftercare/"),
    ("protector solar", "es/aftercare/"),
    ("bloqueador solar", "es/aftercare/"),
    ("crema hidratante", "es/aftercare/"),
    ("exfoliantes", "es/aftercare/"),
    ("cuidados después del tratamiento", "es/aftercare/"),
    ("cuánto dura el enrojecimiento", "es/faq/"),
    ("cuanto dura el enrojecimiento", "es/faq/"),
    # the page with the signs of infection to look for, as "infection" finds in English
    ("infección", "es/aftercare/"),
    ("infeccion", "es/aftercare/"),
    ("efectos secundarios", "es/is-it-right-for-me/"),
    ("piel oscura", "es/is-it-right-for-me/"),
    ("queloides", "es/is-it-right-for-me/"),
    ("cáncer de piel", "es/faq/"),
    ("embarazada", "es/procedure/"),
    ("herpes", "es/procedure/"),
    ("cicatrices de acné", "es/faq/"),
    ("cicatrices de acne", "es/faq/"),
    ("cicatriz", "es/what-it-treats/"),
    ("estrías", "es/what-it-treats/"),
    ("estrias", "es/what-it-treats/"),
    ("arrugas", "es/what-it-treats/"),
    ("manchas oscuras", "es/what-it-treats/"),
    ("cuántas sesiones", "es/results/"),
    ("cuantas sesiones", "es/results/"),
    ("sesión", "es/results/"),
    ("¿cuándo veré resultados?", "es/results/"),
    ("cuando vere resultados", "es/results/"),
    ("¿cuánto cuesta?", "es/faq/"),
    ("precio", "es/results/"),
    ("¿es una operación?", "es/faq/"),
    ("cirugía", "es/what-is-microneedling/"),
    ("cirugia", "es/what-is-microneedling/"),
    ("colageno", "es/what-is-microneedling/"),
    ("inducción de colágeno", "es/what-is-microneedling/"),
    ("terapia de inducción de colágeno", "es/faq/"),
    ("terapia de induccion de colageno", "es/faq/"),
    ("elastina", "es/what-is-microneedling/"),
    ("sérum", "es/procedure/"),
    ("serum", "es/procedure/"),
    ("dermatólogo", "es/is-it-right-for-me/"),
    ("dermatologo", "es/is-it-right-for-me/"),
    ("volver al trabajo", "es/faq/"),
    ("¿puedo hacérmelo en casa?", "es/faq/"),
    ("folletos", "es/handouts/"),
]


@pytest.fixture(scope="module")
def spanish_search(browser: Browser, site_url: str) -> Iterator[Page]:
    """The Spanish home page on a desktop with its search box open, shared by the queries."""
    with search_opened(browser, site_url + SPANISH) as page:
        yield page


def assert_spanish_only(query: str, results: list[str]) -> None:
    assert all(result.startswith(SPANISH) for result in results), f"{query!r} -> {results}"


# 1. Accessibility: axe-core, as tests/browser/test_accessibility.py does for the English pages.


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
@pytest.mark.parametrize("source", ALL_PAGES)
def test_spanish_page_has_no_wcag_violations(open_page: OpenPage, source: str, view: View) -> None:
    until = "networkidle" if view == VIEWS[0] else "load"  # once per page: see open_page
    page, _ = open_page(page_path(source, SPANISH), view, until=until)
    assert page.locator("html").get_attribute("lang") == "es"
    assert_palette(page, view)
    assert_no_violations(page, view, f"es-{source.removesuffix('.md')}", full_page=True)


@pytest.mark.parametrize("view", [VIEWS[0], PHONE_DARK], ids=lambda view: view.name)
def test_open_spanish_search_with_results_has_no_wcag_violations(
    open_page: OpenPage, view: View
) -> None:
    page, _ = open_page(SPANISH, view)
    open_search(page)
    page.locator(".md-search__input").press_sequentially("enrojecimiento")
    page.locator(".md-search-result__item").first.wait_for()
    settled(page)
    assert page.get_by_role("dialog", name="Buscar").count() == 1
    assert_no_violations(page, view, "es-search-open")


# 2. Search: Spanish questions find the Spanish page that answers them, and only Spanish pages.


def test_there_are_at_least_25_spanish_queries() -> None:
    queries = [query for query, _ in SPANISH_QUERIES]
    assert len(SPANISH_QUERIES) >= 25
    assert len(set(queries)) == len(queries)
    pages = {expected for _, expected in SPANISH_QUERIES}
    assert {page_path(source, SPANISH) for source in ALL_PAGES} - pages <= {"es/", "es/sources/"}


@pytest.mark.parametrize(("query", "expected"), SPANISH_QUERIES)
def test_spanish_query_finds_the_answering_spanish_page(
    spanish_search: Page, query: str, expected: str
) -> None:
    results = search_results(spanish_search, query)
    assert_spanish_only(query, results)
    assert expected in results[:3], f"{query!r} -> {results[:3]}"


def test_a_word_typed_without_accents_is_marked_as_the_page_spells_it(spanish_search: Page) -> None:
    search_results(spanish_search, "infeccion")
    marked = spanish_search.locator(".md-search-result mark").all_inner_texts()
    assert "infección" in [word.lower() for word in marked], marked


def test_a_result_names_a_missing_word_as_it_was_typed(spanish_search: Page) -> None:
    query = "puedo maquillarme despues"
    search_results(spanish_search, query)
    missing = spanish_search.locator(".md-search-result__terms del").all_text_contents()
    assert missing and set(missing) <= set(query.split()), missing


def test_english_words_find_no_english_page_from_the_spanish_search(spanish_search: Page) -> None:
    assert search_results(spanish_search, "xilófono") == []
    for query in ["aftercare checklist", "does it hurt", "gym"]:
        assert_spanish_only(query, search_results(spanish_search, query))


# 3. Language links: each page links to the same page in the other language, both ways.


@pytest.mark.parametrize("source", ALL_PAGES)
def test_language_links_go_to_the_same_page_and_back(
    open_page: OpenPage, site_url: str, source: str
) -> None:
    english, spanish = page_path(source), page_path(source, SPANISH)
    page, _ = open_page(english)
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    page.wait_for_url(site_url + spanish)
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()
    page.wait_for_url(site_url + english)
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize(("folder", "other"), [("", SPANISH), (SPANISH, "")], ids=["en", "es"])
def test_every_pages_language_link_leads_to_a_page_that_exists(
    site: Path, folder: str, other: str
) -> None:
    for source in ALL_PAGES:
        html = BeautifulSoup(built_page(site / folder, source).read_text("utf-8"), "html.parser")
        links = html.select("nav.language-links a[href]")
        assert len(links) == 1, f"{folder}{source}: {links}"
        link = links[0]
        target = urljoin("/" + page_path(source, folder), str(link["href"]))
        assert target == "/" + page_path(source, other), f"{folder}{source}: {link}"
        target_file = site / target.lstrip("/") / "index.html"
        assert target_file.is_file(), f"{folder}{source} links to {target}, which is missing"
        target_html = BeautifulSoup(target_file.read_text("utf-8"), "html.parser").html
        assert target_html is not None, target_file
        assert link["hreflang"] == link["lang"] == target_html["lang"], f"{folder}{source}: {link}"


# 4. Privacy: only the site's own server is asked, and the browser refuses nothing under the
# site's Content-Security-Policy (open_page fails the test on any refusal).


def test_every_spanish_page_and_its_search_load_only_from_the_site(open_page: OpenPage) -> None:
    """On a phone (the English pages are checked on a desk: what a page loads does not depend
    on the screen, and one of the two checks would see it if it did)."""
    view = PHONE_DARK
    for source in ALL_PAGES:
        log = read_and_search(open_page, page_path(source, SPANISH), view, "¿duele?")
        assert log.elsewhere == [], f"es/{source} asked other hosts for {log.elsewhere}"
        assert all(url.startswith(log.local_prefix) for url in log.seen), log.seen
        index = log.local_prefix + "es/search/search_index.json"
        assert index in log.seen, "the Spanish search index was not loaded"
        assert log.local_prefix + "search/search_index.json" not in log.seen
        assert not printer_loaded(log), f"es/{source} loaded the clinic page's printer"


# 5. The offline copy (build.py --offline, opened from disk): Spanish pages, search, links.


def test_the_offline_copy_holds_the_spanish_pages_and_search(kiosk: Path) -> None:
    for source in ALL_PAGES:
        page = kiosk / SPANISH / source.replace(".md", ".html")
        assert page.is_file(), page
        assert '<html lang="es"' in page.read_text(encoding="utf-8"), page
    assert (kiosk / SPANISH / "search" / "search_index.js").is_file()


def test_spanish_search_works_from_disk(
    open_from_disk: tuple[Page, RequestLog], kiosk: Path
) -> None:
    page, log = open_from_disk
    page.goto((kiosk / SPANISH / "index.html").as_uri())
    page.wait_for_load_state("networkidle")
    open_search(page)
    # Typed without its accent: the project's search worker reads it from disk too.
    results = [f"/{path}" for path in search_results(page, "infeccion")]
    spanish_folder = urlsplit((kiosk / SPANISH).as_uri()).path + "/"
    assert results and all(result.startswith(spanish_folder) for result in results), results
    assert spanish_folder + "aftercare.html" in results[:3], results[:3]
    assert (kiosk / SPANISH / "search" / "search_index.js").as_uri() in log.seen


def test_language_links_work_from_disk(
    open_from_disk: tuple[Page, RequestLog], kiosk: Path
) -> None:
    page, _ = open_from_disk
    page.goto((kiosk / "faq.html").as_uri())
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    page.wait_for_url((kiosk / SPANISH / "faq.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.title().startswith("Preguntas frecuentes")
    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()
    page.wait_for_url((kiosk / "faq.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "en"
