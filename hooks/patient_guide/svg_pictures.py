"""Pictures as SVG text: the one form Typst reads a picture from data in."""

from __future__ import annotations

import base64
import io


def raster_as_svg(content: bytes, kind: str) -> str:
    """A PNG or JPEG wrapped in an SVG of its own size, so the template places every picture
    the same way (Typst reads a picture from data only as SVG text)."""
    from PIL import Image

    with Image.open(io.BytesIO(content)) as image:
        width, height = image.size
    data = base64.b64encode(content).decode()
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}"><image width="{width}" height="{height}" '
        f'href="data:image/{kind};base64,{data}"/></svg>'
    )
