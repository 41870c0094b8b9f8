"""The typeface of the handouts and link previews: Atkinson Hyperlegible, from the lock file.

It was drawn for readers with low vision (the Braille Institute), and it comes as a Python
package, so no build reads a font of the operating system.
"""

from __future__ import annotations

import functools
import struct
from pathlib import Path

import fontpkg_atkinson_hyperlegible

TYPEFACE = "Atkinson Hyperlegible"
TYPEFACE_FOLDER = Path(fontpkg_atkinson_hyperlegible.__file__).parent / "files"
REGULAR = TYPEFACE_FOLDER / "AtkinsonHyperlegible-Regular.ttf"
BOLD = TYPEFACE_FOLDER / "AtkinsonHyperlegible-Bold.ttf"


@functools.cache
def printable_characters() -> frozenset[str]:
    """The characters the handouts' typeface draws in both its regular and bold weights."""
    return _characters(REGULAR.read_bytes()) & _characters(BOLD.read_bytes())


def unprintable_characters(text: str) -> list[str]:
    """The characters of text (other than line breaks) the handouts' typeface cannot draw."""
    drawn = printable_characters()
    return list(dict.fromkeys(char for char in text if char not in drawn and char not in "\n\t"))


def _characters(font: bytes) -> frozenset[str]:
    """The characters a TrueType font maps to glyphs: its Unicode cmap subtables of format 4
    (the Basic Multilingual Plane) and 12 (all of Unicode)."""
    tables = {
        font[start : start + 4]: struct.unpack(">I", font[start + 8 : start + 12])[0]
        for start in range(12, 12 + 16 * struct.unpack(">H", font[4:6])[0], 16)
    }
    cmap = tables[b"cmap"]
    codes: set[int] = set()
    for number in range(struct.unpack(">H", font[cmap + 2 : cmap + 4])[0]):
        platform, encoding, offset = struct.unpack(">HHI", font[cmap + 4 + 8 * number :][:8])
        if (platform, encoding) not in {(0, 3), (0, 4), (3, 1), (3, 10)}:
            continue
        table = cmap + offset
        kind = struct.unpack(">H", font[table : table + 2])[0]
        if kind == 4:
            codes |= _format_4(font, table)
        elif kind == 12:
            groups = struct.unpack(">I", font[table + 12 : table + 16])[0]
            for group in range(groups):
                first, last, _glyph = struct.unpack(">III", font[table + 16 + 12 * group :][:12])
                codes.update(range(first, last + 1))
    return frozenset(chr(code) for code in codes if code not in _SURROGATES)


def _format_4(font: bytes, table: int) -> set[int]:
    """The characters of a format 4 subtable that map to a glyph other than 'missing' (0)."""
    segments = struct.unpack(">H", font[table + 6 : table + 8])[0] // 2
    ends = table + 14
    starts = ends + 2 * segments + 2
    deltas = starts + 2 * segments
    offsets = deltas + 2 * segments

    def field(base: int, segment: int) -> int:
        return int(struct.unpack(">H", font[base + 2 * segment : base + 2 * segment + 2])[0])

    codes = set()
    for segment in range(segments):
        first, last = field(starts, segment), field(ends, segment)
        delta, range_offset = field(deltas, segment), field(offsets, segment)
        for code in range(first, min(last, 0xFFFE) + 1):
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                at = offsets + 2 * segment + range_offset + 2 * (code - first)
                glyph = struct.unpack(">H", font[at : at + 2])[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                codes.add(code)
    return codes


_SURROGATES = range(0xD800, 0xE000)
