"""MkDocs hook: what search engines and link previews read (JSON-LD, Open Graph, preview images)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError

from page_outline import page_sections
from site_values import SiteValueError, procedure_from_extra
from social_cards import HEIGHT, WIDTH, SocialCard, SocialCardError, card_png
from structured_data import DescribedPage, StructuredDataError, json_ld_script, page_data

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

CARDS_FOLDER = "assets/social"
cards: dict[str, SocialCard] = {}  # site path of each page's preview picture -> what it shows
draw_cards = True  # off under `mkdocs serve`, where nobody shares a link


def on_startup(command: str, **kwargs: Any) -> None:
    global draw_cards
    draw_cards = command != "serve"


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    try:
        procedure_from_extra(config.extra)
    except SiteValueError as error:
        raise PluginError(str(error)) from None
    cards.clear()


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs: Any
) -> dict[str, Any]:
    site_url = config.site_url or ""
    url = urljoin(site_url, page.url)
    title, description = str(page.meta["title"]), str(page.meta["description"])
    card_path = f"{CARDS_FOLDER}/{card_name(page.url)}.png"
    card = SocialCard(title, config.site_name, site_url.split("://", 1)[-1].rstrip("/"))
    cards[card_path] = card
    described = DescribedPage(
        path=os.path.relpath(page.file.abs_src_path or page.file.src_uri),
        language=str(config.theme["language"]),
        title=title,
        description=description,
        url=url,
        reviewed=page.meta["reviewed"],
        page_type=page.meta.get("page_type"),
        sections=page_sections(page.content or ""),
    )
    try:
        data = page_data(described, procedure_from_extra(config.extra), config.site_name, site_url)
    except StructuredDataError as error:
        raise PluginError(str(error)) from None
    context["structured_data"] = json_ld_script(data)
    context["social_meta"] = social_meta(
        title, description, url, card, urljoin(site_url, card_path)
    )
    return context


def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    if not draw_cards:
        return
    try:
        for path, card in cards.items():
            target = Path(config.site_dir) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(card_png(card))
    except SocialCardError as error:
        raise PluginError(str(error)) from None


def card_name(page_url: str) -> str:
    """The preview picture's name for a page: 'faq/' or 'faq.html' -> 'faq', '' -> 'index'."""
    return (page_url.removesuffix("/").removesuffix(".html") or "index").replace("/", "-")


def social_meta(
    title: str, description: str, url: str, card: SocialCard, image_url: str
) -> list[tuple[str, str, str]]:
    """Open Graph and Twitter card tags, as (attribute, name, content) for <meta> elements."""
    return [
        ("property", "og:type", "website"),
        ("property", "og:site_name", card.site_name),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "og:image", image_url),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", str(WIDTH)),
        ("property", "og:image:height", str(HEIGHT)),
        ("property", "og:image:alt", card.alt_text),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
        ("name", "twitter:image", image_url),
        ("name", "twitter:image:alt", card.alt_text),
    ]
