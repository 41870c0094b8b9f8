"""A page's pictures as the handout template takes them: SVG text, read from the site's files."""

from __future__ import annotations

import base64
import posixpath
import re
from collections.abc import Callable

from ..svg_pictures import raster_as_svg

# A picture written into the page as data (a data: URL): an SVG, or a PNG or JPEG.
DATA_PICTURE = re.compile(r"data:image/(svg\+xml|png|jpeg);base64,(.*)", re.DOTALL)
# A picture of the site itself: a relative address, so no scheme ("https:", "data:").
SITE_ADDRESS = re.compile(r"(?![a-zA-Z][a-zA-Z0-9+.-]*:)")
RASTER_KINDS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg"}


def as_svg(content: bytes, kind: str) -> str:
    """A picture's bytes as SVG text: an SVG as it is, a PNG or JPEG inside one."""
    return content.decode() if kind == "svg" else raster_as_svg(content, kind)


def data_picture(source: str) -> str:
    """A data: URL picture as SVG text; ValueError for anything else."""
    match = DATA_PICTURE.fullmatch(source)
    if not match:
        raise ValueError(source[:40])
    kind = "svg" if match[1] == "svg+xml" else match[1]
    return as_svg(base64.b64decode(match[2], validate=True), kind)


def site_pictures(page_url: str, read: Callable[[str], bytes | None]) -> Callable[[str], str]:
    """What reads a page's pictures as SVG text: its site's own (.svg, .png or .jpg files,
    addressed from the page at page_url, a path in the site) or data: URLs. ValueError names
    what cannot be printed. Handouts print while the site is built, before its files are
    written: `read` gives a file of the site by its path, or None."""

    def picture(source: str) -> str:
        if not SITE_ADDRESS.match(source):
            return data_picture(source)
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), source))
        extension = posixpath.splitext(path)[1].lower()
        kind = "svg" if extension == ".svg" else RASTER_KINDS.get(extension)
        content = read(path) if kind else None
        if kind is None or content is None:
            raise ValueError(source[:60])
        return as_svg(content, kind)

    return picture
