"""Hostile inputs a clinic can give, in a file or in the clinic page's form: logos (bombs,
scripts, links to other files, entities, damaged files) and text the handouts cannot print. The
batch (tests/faults/test_hostile_clinic_files.py) and the page (tests/browser/test_clinic_page.py)
must refuse each one alike."""

from __future__ import annotations

import base64
import io
import struct
import zlib

from PIL import Image

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}</svg>'
EXPORT_AGAIN = "export it again as a plain SVG or as a PNG"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    checksum = struct.pack(">I", zlib.crc32(kind + data))
    return struct.pack(">I", len(data)) + kind + data + checksum


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims width x height grey pixels: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            png_chunk(b"IHDR", header),
            png_chunk(b"IDAT", zlib.compress(b"\0" * 4096)),
            png_chunk(b"IEND", b""),
        ]
    )


def real_png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(output, "PNG")
    return output.getvalue()


def real_jpeg() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(output, "JPEG")
    return output.getvalue()


def with_bad_checksum(png: bytes) -> bytes:
    """The PNG with a byte of its image data changed, so its checksum no longer fits."""
    damaged = bytearray(png)
    damaged[-20] ^= 0xFF
    return bytes(damaged)


def png_with_data(data: bytes) -> bytes:
    """A 20 x 10 PNG whose image data is data (not what it claims)."""
    header = struct.pack(">IIBBBBB", 20, 10, 8, 2, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            png_chunk(b"IHDR", header),
            png_chunk(b"IDAT", data),
            png_chunk(b"IEND", b""),
        ]
    )


def encoded(data: bytes) -> str:
    return base64.b64encode(data).decode()


def svg(inner: str) -> bytes:
    return SVG.format(inner).encode()


BOMB = png_claiming(30_000, 30_000)


def grey_png(width: int, height: int) -> bytes:
    output = io.BytesIO()
    Image.new("L", (width, height), 128).save(output, "PNG")
    return output.getvalue()


INNER_PICTURE = (
    f'<image href="data:image/png;base64,{base64.b64encode(grey_png(4000, 3000)).decode()}"/>'
)
HOSTILE_LOGOS = {
    "bomb.png": (BOMB, "has far too many pixels"),
    "wide.png": (png_claiming(20_000, 10), "10000 on a side"),
    "bomb.svg": (
        svg(f'<image href="data:image/png;base64,{base64.b64encode(BOMB).decode()}"/>'),
        "(the picture inside it) has far too many pixels",
    ),
    "nested.svg": (svg("<g>" * 5000 + "</g>" * 5000), "nested more than 100 deep"),
    "crowded.svg": (svg("<rect width='1' height='1'/>" * 30_000), "more than 20000 elements"),
    "latin1.svg": (
        b'<?xml version="1.0" encoding="ISO-8859-1"?>'
        + SVG.format("<title>Caf\xe9</title>").encode("latin-1"),
        "is not UTF-8 text; save the SVG again with UTF-8 encoding",
    ),
    "cut.png": (real_png()[:60], "(it is cut short); export it again"),
    "empty.png": (b"", "is not a PNG or SVG image"),
    "gif.png": (b"GIF89a" + b"\0" * 20, "is not a PNG or SVG image"),
    "unclosed.svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><g>', "is not a well-formed SVG"),
    "html.svg": (b'<?xml version="1.0"?><html/>', "it has no <svg> element"),
    "file.svg": (svg('<image href="other.png"/>'), "a link to another file or address"),
    "web.svg": (svg('<image href="https://example.com/x.png"/>'), "('https://example.com/x.png')"),
    "xlink.svg": (
        svg('<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="file:///etc/passwd"/>'),
        "('file:///etc/passwd')",
    ),
    "script.svg": (svg("<script>alert(1)</script>"), "contains a script"),
    "onload.svg": (SVG.replace("<svg ", '<svg onload="x()" ').format("").encode(), "onload"),
    "import.svg": (svg("<style>@import url(https://example.com/a.css);</style>"), "a style"),
    "xxe.svg": (
        b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + svg("<text>&x;</text>"),
        "entity declarations",
    ),
    "sheet.svg": (
        b'<?xml-stylesheet href="https://example.com/a.css"?>' + svg(""),
        "a link to a style sheet",
    ),
    "html-inside.svg": (svg("<foreignObject><p>x</p></foreignObject>"), "HTML inside it"),
    "cjk.svg": (svg("<text y='9'>\u4e2d</text>"), "draws text the handouts' typeface cannot print"),
    "novel.svg": (svg(f"<text y='9'>{'W' * 3000}</text>"), "more than 2000 letters of text"),
    "many-pictures.svg": (svg(INNER_PICTURE * 3), "pictures of far too many pixels together"),
    "cut-inside.svg": (
        svg(f'<image href="data:image/jpeg;base64,{encoded(real_jpeg()[:300])}"/>'),
        "(the picture inside it) cannot be read as a JPEG picture",
    ),
    "unpadded-inside.svg": (
        svg(f'<image href="data:image/png;base64,{encoded(real_png()).rstrip("=")}"/>'),
        "a damaged picture inside it",
    ),
    "no-pixels.png": (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 10, 10, 8, 2, 0, 0, 0))
        + png_chunk(b"IEND", b""),
        "cannot be read as a PNG picture (it is damaged)",
    ),
    "bad-crc.png": (with_bad_checksum(real_png()), "cannot be read as a PNG picture"),
    "not-zlib.png": (
        png_with_data(b"this is not zlib data" * 3),
        "cannot be read as a PNG picture",
    ),
}
# Logos only Typst finds wanting when it prints them: the batch prints each logo on its own first
# (LogoProof) and the clinic page does too, before any handout.
LOGOS_TYPST_CANNOT_DRAW = {
    "zero-size.svg": SVG.replace('viewBox="0 0 10 10"', 'width="0" height="0"')
    .format("<rect/>")
    .encode(),
    "use-loop.svg": svg(
        '<defs><g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></defs><use href="#a"/>'
    ),
}
# Logos the clinic page takes when chosen (their headers are sound) and refuses when it prints
# each logo on its own, before any handout: Typst cannot decode or draw them.
FOUND_BY_PRINTING = {"bad-crc.png", "not-zlib.png", *LOGOS_TYPST_CANNOT_DRAW}
# Odd logos both take: a comment that mentions an entity, an SVG without its namespace.
ODD_BUT_FINE_LOGOS = {
    "comment.svg": svg('<!-- made without <!ENTITY x "y"> --><rect width="5" height="5"/>'),
    "no-namespace.svg": b'<svg width="100" height="50"><rect width="100" height="50"/></svg>',
}

HOSTILE_TEXT = {
    "emoji": ("Fern \U0001f33f Clinic", "U+1F33F HERB), which the handouts' typeface cannot"),
    "Chinese": ("蕨诊所", "U+8568 CJK UNIFIED IDEOGRAPH-8568"),
    "private use": ("Fern\ue000", "U+E000"),
    "byte order mark": ("Fern\ufeffClinic", "the invisible character U+FEFF"),
    "right-to-left override": ("Fern \u202eClinic", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    "zero-width joiner": ("Fern\u200dClinic", "U+200D (ZERO WIDTH JOINER)"),
    "bell": ("Fern\a", "the control character U+0007"),
}
