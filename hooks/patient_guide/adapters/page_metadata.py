"""The page_metadata hook's work at each MkDocs event: JSON-LD, link previews, their pictures."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from ..addresses import short_url
from ..build_cache import BuildCache, cache_key
from ..data_files import shown_path
from ..pages.outline import page_sections
from ..site.settings import procedure_from_extra
from ..site.social_cards import CARD_DESIGN, HEIGHT, WIDTH, SocialCard, card_png
from ..site.structured_data import (
    DescribedPage,
    Procedure,
    json_ld_script,
    page_data,
)
from .build_errors import stops_the_build
from .build_runs import build_labels

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

    from .site_build import MkDocsCommand

CARDS_FOLDER = "assets/social"


@dataclass
class PageMetadata:
    """What one build knows while it describes pages to search engines and link previews."""

    draw_cards: bool  # off under `mkdocs serve`, where nobody shares a link
    procedure: Procedure  # what every page is about, from mkdocs.yml
    cards: dict[str, SocialCard] = field(default_factory=dict)  # site path -> what it shows

    @classmethod
    def started(cls, config: MkDocsConfig, command: MkDocsCommand) -> PageMetadata:
        with stops_the_build():
            return cls(command != "serve", procedure_from_extra(config.extra))

    def describe(self, context: dict[str, Any], page: Page, config: MkDocsConfig) -> dict[str, Any]:
        """Add the page's JSON-LD and its link-preview tags to its template context."""
        site_url = config.site_url or ""
        described = described_page(page, config)
        with stops_the_build():
            data = page_data(described, self.procedure, config.site_name, site_url)
        card_path = f"{CARDS_FOLDER}/{card_name(page.url)}.png"
        card = self.cards[card_path] = SocialCard(
            described.title,
            config.site_name,
            short_url(site_url),
            build_labels(config)["web"]["preview_alt"],
        )
        context["structured_data"] = json_ld_script(data)
        context["social_meta"] = social_meta(described, card, urljoin(site_url, card_path))
        return context

    def draw(self, config: MkDocsConfig) -> None:
        """Draw every page's preview picture into the site."""
        if not self.draw_cards:
            return
        cache = BuildCache.beside(config.config_file_path, "link-previews")
        typeface = version("fontpkg-atkinson-hyperlegible")
        with stops_the_build():
            for path, card in self.cards.items():
                target = Path(config.site_dir) / path
                target.parent.mkdir(parents=True, exist_ok=True)
                key = cache_key(repr(card), CARD_DESIGN, typeface)
                picture = cache.get(key)
                if picture is None:
                    picture = card_png(card)
                    cache.put(key, picture)
                target.write_bytes(picture)
        cache.forget_unused()


def described_page(page: Page, config: MkDocsConfig) -> DescribedPage:
    """What the page's structured data and link preview say, from its front matter and words."""
    return DescribedPage(
        path=shown_path(page.file.abs_src_path or page.file.src_uri),
        language=str(config.theme["language"]),
        title=str(page.meta["title"]),
        description=str(page.meta["description"]),
        url=urljoin(config.site_url or "", page.url),
        reviewed=page.meta["reviewed"],
        page_type=page.meta.get("page_type"),
        # Only an FAQ or procedure page's data is made from its sections.
        sections=page_sections(page.content or "") if page.meta.get("page_type") else [],
    )


def card_name(page_url: str) -> str:
    """The preview picture's name for a page: 'faq/' or 'faq.html' -> 'faq', '' -> 'index'."""
    return (page_url.removesuffix("/").removesuffix(".html") or "index").replace("/", "-")


def social_meta(
    page: DescribedPage, card: SocialCard, image_url: str
) -> list[tuple[str, str, str]]:
    """Open Graph and Twitter card tags, as (attribute, name, content) for <meta> elements."""
    return [
        ("property", "og:type", "website"),
        ("property", "og:site_name", card.site_name),
        ("property", "og:title", page.title),
        ("property", "og:description", page.description),
        ("property", "og:url", page.url),
        ("property", "og:image", image_url),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", str(WIDTH)),
        ("property", "og:image:height", str(HEIGHT)),
        ("property", "og:image:alt", card.alt_text),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", page.title),
        ("name", "twitter:description", page.description),
        ("name", "twitter:image", image_url),
        ("name", "twitter:image:alt", card.alt_text),
    ]
