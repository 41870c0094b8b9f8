"""Draw a page's link-preview picture (Open Graph, Twitter card) from its title, without network."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..guide_errors import GuideError
from ..typeface import BOLD, REGULAR

WIDTH, HEIGHT = 1200, 630  # the size link previews show without cropping
MARGIN = 80
# The picture is drawn in shades from the teal background (0) to white (255) and saved with a
# palette of those shades: a PNG a third the size of a full-colour one, made in a third the time.
BACKGROUND, WHITE = (0, 105, 92), (255, 255, 255)
TEXT, SOFT_TEXT = 255, 230  # white, and a light teal
SHADES = [
    round(dark + (light - dark) * shade / 255)
    for shade in range(256)
    for dark, light in zip(BACKGROUND, WHITE, strict=True)
]
TITLE_SIZES = (76, 64, 54, 46)  # the largest that fits in TITLE_LINES is used
TITLE_LINES = 3
# This file's own code: a cached picture drawn by other code is never used.
CARD_DESIGN = Path(__file__).read_bytes()


class SocialCardError(GuideError):
    """The picture cannot be drawn; the message says what to install."""


@dataclass(frozen=True)
class SocialCard:
    """What a page's preview picture shows."""

    title: str
    site_name: str
    address: str  # the site's address as people type it, e.g. guide.example.org
    alt_pattern: str = "{title}, from {site}"  # labels.yml's web.preview_alt

    @property
    def alt_text(self) -> str:
        return self.alt_pattern.format(title=self.title, site=self.site_name)


def card_png(card: SocialCard) -> bytes:
    """The preview picture as PNG bytes (the same bytes for the same card, build after build)."""
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, MARGIN), card.site_name, font=_font(REGULAR, 34), fill=SOFT_TEXT)
    size, lines = _fitted_title(card.title)
    title_font = _font(BOLD, size)
    line_height = round(size * 1.2)
    top = (HEIGHT - line_height * len(lines)) // 2
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * line_height), line, font=title_font, fill=TEXT)
    _draw_needle_row(draw)
    draw.text((MARGIN, HEIGHT - MARGIN - 34), card.address, font=_font(REGULAR, 30), fill=SOFT_TEXT)
    image.putpalette(SHADES)
    output = BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def _fitted_title(title: str) -> tuple[int, list[str]]:
    """The largest title size whose wrapped lines fit, and those lines."""
    width = WIDTH - 2 * MARGIN
    for size in TITLE_SIZES:
        lines = _wrapped(title, _font(BOLD, size), width)
        if len(lines) <= TITLE_LINES:
            return size, lines
    return TITLE_SIZES[-1], [*lines[: TITLE_LINES - 1], f"{lines[TITLE_LINES - 1]} …"]


def _wrapped(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _draw_needle_row(draw: ImageDraw.ImageDraw) -> None:
    """A row of fine needles above a line of skin, at the card's top right."""
    right, top = WIDTH - MARGIN, MARGIN
    for number in range(6):
        x = right - number * 22
        draw.line([(x, top), (x, top + 44)], fill=SOFT_TEXT, width=4)
    draw.line([(right - 5 * 22 - 16, top + 58), (right + 16, top + 58)], fill=SOFT_TEXT, width=6)


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        raise SocialCardError(
            f"{path} cannot be read: reinstall the dependencies (python3 build.py does)"
        ) from None
