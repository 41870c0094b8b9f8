"""Link previews: every page's Open Graph and Twitter card tags, and its picture drawn offline."""

from __future__ import annotations

import socket
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from patient_guide.adapters.page_metadata import card_name
from patient_guide.site.social_cards import SocialCard, card_png
from tests.conftest import ALL_PAGES, SITE_PAGES, build_in_process, built_page, mkdocs_settings

SITE_URL = mkdocs_settings()["site_url"]


def meta_tags(site: Path, source: str) -> dict[str, str]:
    soup = BeautifulSoup(built_page(site, source).read_text(encoding="utf-8"), "html.parser")
    tags = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key and str(key).startswith(("og:", "twitter:")):
            assert key not in tags, f"{source}: {key} given twice"
            tags[str(key)] = str(tag["content"])
    tags["description"] = str(soup.find("meta", attrs={"name": "description"})["content"])  # type: ignore[index]
    tags["canonical"] = str(soup.find("link", rel="canonical")["href"])  # type: ignore[index]
    tags["title"] = soup.title.string if soup.title and soup.title.string else ""
    return tags


@pytest.mark.parametrize("source", ALL_PAGES)
def test_page_has_open_graph_and_twitter_card_tags(site: Path, source: str) -> None:
    tags = meta_tags(site, source)
    assert tags["og:type"] == "website"
    assert tags["title"].startswith(tags["og:title"]) and tags["og:title"]
    assert tags["og:description"] == tags["description"] == tags["twitter:description"]
    assert tags["og:url"] == tags["canonical"]
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:title"] == tags["og:title"]
    assert tags["og:image"] == tags["twitter:image"]
    assert tags["og:image"].startswith(SITE_URL) and tags["og:image"].endswith(".png")
    assert tags["og:title"] in tags["og:image:alt"] == tags["twitter:image:alt"]


@pytest.mark.parametrize("source", ALL_PAGES)
def test_preview_picture_is_in_the_site_at_the_size_the_tags_say(site: Path, source: str) -> None:
    tags = meta_tags(site, source)
    picture = site / urlsplit(tags["og:image"]).path.removeprefix(urlsplit(SITE_URL).path)
    with Image.open(picture) as image:
        assert image.format == "PNG"
        assert image.size == (int(tags["og:image:width"]), int(tags["og:image:height"]))
        assert image.size == (1200, 630)


def test_every_page_has_its_own_preview_picture(site: Path) -> None:
    pictures = {meta_tags(site, source)["og:image"] for source in ALL_PAGES}
    assert len(pictures) == len(ALL_PAGES)
    contents = {(site / urlsplit(url).path.lstrip("/")).read_bytes() for url in pictures}
    assert len(contents) == len(ALL_PAGES)


def test_preview_picture_shows_the_title_in_large_light_letters() -> None:
    """Two titles differ in the picture's text area, and the letters stand out from the teal."""
    one = Image.open(
        BytesIO(card_png(SocialCard("Aftercare", "A guide", "guide.example")))
    ).convert("RGB")
    two = Image.open(
        BytesIO(card_png(SocialCard("Questions", "A guide", "guide.example")))
    ).convert("RGB")
    middle = (80, 200, 1120, 430)
    assert one.crop(middle).tobytes() != two.crop(middle).tobytes()
    colours = {colour for _, colour in one.crop(middle).getcolors(1_000_000) or []}
    assert (255, 255, 255) in colours and (0, 105, 92) in colours


def test_a_long_title_still_fits_the_picture() -> None:
    title = "A very long page title that goes on and on " * 4
    image = Image.open(BytesIO(card_png(SocialCard(title, "A guide", "guide.example"))))
    right_edge = image.convert("RGB").crop((1190, 0, 1200, 630))
    assert {colour for _, colour in right_edge.getcolors(100_000) or []} == {(0, 105, 92)}


@pytest.mark.parametrize(
    ("url", "name"),
    [("", "index"), ("faq/", "faq"), ("faq.html", "faq"), ("index.html", "index"),
     ("guide/steps/", "guide-steps")],
)  # fmt: skip
def test_preview_picture_names(url: str, name: str) -> None:
    assert card_name(url) == name


def test_pictures_are_drawn_with_no_network(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise OSError("this test allows no network connections")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    site = project_copy / "site"
    build_in_process(project_copy / "mkdocs.yml", site)
    assert len(list((site / "assets" / "social").glob("*.png"))) == len(SITE_PAGES)


def test_preview_picture_is_saved_with_a_palette_of_its_shades() -> None:
    """A palette PNG (one byte a pixel) is a third the size of a full-colour one."""
    image = Image.open(BytesIO(card_png(SocialCard("Aftercare", "A guide", "guide.example"))))
    assert image.mode == "P"
