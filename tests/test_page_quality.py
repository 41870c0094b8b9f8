"""What search engines and Lighthouse count: titles, descriptions, language, canonical, sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from tests.browser.conftest import page_path
from tests.conftest import ALL_PAGES, SITE_PAGES, built_page, mkdocs_settings

SITE_URL = mkdocs_settings()["site_url"]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def head_of(site: Path, source: str) -> BeautifulSoup:
    return BeautifulSoup(built_page(site, source).read_text(encoding="utf-8"), "html.parser")


def meta_description(soup: BeautifulSoup) -> str:
    tag = soup.find("meta", attrs={"name": "description"})
    return str(tag["content"]) if tag else ""


def test_titles_and_descriptions_are_unique_and_useful(site: Path) -> None:
    titles = {source: head_of(site, source).title.string for source in SITE_PAGES}  # type: ignore[union-attr]
    descriptions = {source: meta_description(head_of(site, source)) for source in SITE_PAGES}
    assert len(set(titles.values())) == len(SITE_PAGES), titles
    assert len(set(descriptions.values())) == len(SITE_PAGES), descriptions
    for source, description in descriptions.items():
        assert 50 <= len(description) <= 160, f"{source}: description of {len(description)} chars"


@pytest.mark.parametrize("source", ALL_PAGES)
def test_page_has_language_canonical_viewport_and_image_alt_text(site: Path, source: str) -> None:
    soup = head_of(site, source)
    assert soup.html is not None and soup.html.get("lang") == "en"
    canonical = soup.find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == urljoin(SITE_URL, page_path(source))
    assert soup.find("meta", attrs={"name": "viewport"}) is not None
    for image in soup.find_all("img"):
        assert image.get("alt") is not None, f"{source}: image without alt text: {image}"


def test_sitemap_lists_every_page_at_its_canonical_address(site: Path) -> None:
    sitemap = ElementTree.parse(site / "sitemap.xml")
    listed = {loc.text for loc in sitemap.iter(f"{SITEMAP}loc")}
    assert listed == {urljoin(SITE_URL, page_path(source)) for source in SITE_PAGES}
