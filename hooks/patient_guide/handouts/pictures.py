"""Put a page's pictures into its HTML, so a handout needs no file of the site to print."""

from __future__ import annotations

import base64
import posixpath
import re
from collections.abc import Callable

from .jobs import HandoutError

# A picture of the site itself: a relative src, so not a data: or full URL.
SITE_PICTURE = re.compile(r'(<img\b[^>]*?\bsrc=")(?![a-zA-Z][a-zA-Z0-9+.-]*:)([^"]+)"')
PICTURE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg"}


def embedded_pictures(
    html: str, page_url: str, read: Callable[[str], bytes | None], source: str
) -> str:
    """A page's pictures as data: URLs in its HTML. Handouts print while the site is built, before
    its files are written, and the printed pages travel to worker processes and clinic batches."""

    def embedded(match: re.Match[str]) -> str:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), match[2]))
        kind = PICTURE_TYPES.get(posixpath.splitext(path)[1].lower())
        content = read(path) if kind else None
        if content is None:
            raise HandoutError(
                f"{source}: picture {match[2]!r} is not a .svg, .png or .jpg file of the site"
            )
        return f'{match[1]}data:{kind};base64,{base64.b64encode(content).decode()}"'

    return SITE_PICTURE.sub(embedded, html)
