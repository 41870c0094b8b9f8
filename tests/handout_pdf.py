"""Reading printed handouts as a reader sees them: words, their printed sizes, lines, QR codes."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium
import zxingcpp
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

MM = 72 / 25.4  # points in a millimetre

FOOTER_BAND = 17 * 72 / 25.4  # the bottom margin, in points: the footer lives there
HEADER_BAND = 13 * 72 / 25.4


@dataclass(frozen=True)
class PrintedLine:
    """Words printed on one baseline, next to each other, at one size."""

    page: int
    left: float
    right: float
    baseline: float  # points from the bottom of the page
    size: float  # the printed size, in points
    text: str


def text_of(pdf: Path | bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def page_texts(pdf: Path | bytes) -> list[str]:
    """Each page's text, line ends joined by spaces."""
    document = pypdfium2.PdfDocument(pdf)
    return [" ".join(page.get_textpage().get_text_range().split()) for page in document]


def flat_text(pdf: Path | bytes) -> str:
    """The text with line ends joined by spaces, as a reader reads across lines."""
    return " ".join(text_of(pdf).replace("\r\n", "\n").split())


# A run of numbers followed by words: the day numbers over a table of the day grid, then its
# first row (a wrapped "How long" header's last word may come between).
NUMBERS_THEN_WORDS = re.compile(r"((?:\b\d{1,2}\s+){2,})(?=[^\W\d])")


def grid_days(text: str) -> list[list[int]]:
    """The day numbers over each table of a printed day grid (a week to a table), in order: the
    runs of two or more numbers that count up one by one."""
    runs = ([int(day) for day in found.split()] for found in NUMBERS_THEN_WORDS.findall(text))
    return [days for days in runs if days == list(range(days[0], days[0] + len(days)))]


def write_in_lines(pdf: Path | bytes) -> list[list[float]]:
    """The lengths in mm of the lines drawn to write on, page by page: thin horizontal strokes
    shorter than a column (a table's rules are wider than they are thin, or span the table)."""
    pages = []
    for page in pypdfium2.PdfDocument(pdf):
        lengths = []
        for item in page.get_objects(max_depth=5):
            if item.type != pdfium.FPDF_PAGEOBJ_PATH:
                continue
            left, bottom, right, top = item.get_bounds()
            width, height = (right - left) / MM, (top - bottom) / MM
            if height <= 0.35 and 5 < width < 100:
                lengths.append(round(width, 1))
        pages.append(sorted(lengths))
    return pages


def printed_lines(pdf: Path | bytes) -> list[PrintedLine]:
    """Every printed line of the PDF, with the size its letters are printed at (the font size
    times the scale of any picture it is drawn in)."""
    lines: list[PrintedLine] = []
    for number, page in enumerate(pypdfium2.PdfDocument(pdf)):
        textpage = page.get_textpage()
        current: list[tuple[float, float, float, str]] = []  # x, baseline, size, character
        for index in range(textpage.count_chars()):
            character = textpage.get_text_range(index, 1)
            if character in "\r\n":
                continue
            if character.isspace():  # a space between words: it has no size of its own
                if current:
                    current.append((*current[-1][:3], " "))
                continue
            matrix = pdfium.FS_MATRIX()
            pdfium.FPDFText_GetMatrix(textpage, index, matrix)
            size = (
                pdfium.FPDFText_GetFontSize(textpage, index)
                * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            )
            x, y = ctypes_origin(textpage, index)
            if current and not same_line(current[-1], (x, y, size)):
                lines.append(line_of(number, current))
                current = []
            current.append((x, y, round(size, 2), character))
        if current:
            lines.append(line_of(number, current))
    return lines


def ctypes_origin(textpage: pypdfium2.PdfTextPage, index: int) -> tuple[float, float]:
    import ctypes

    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
    return x.value, y.value


def same_line(last: tuple[float, float, float, str], following: tuple[float, float, float]) -> bool:
    x, y, size, _ = last
    return (
        abs(y - following[1]) < 0.5
        and abs(size - following[2]) < 0.05
        and 0 <= following[0] - x < 3 * size
    )


def line_of(page: int, characters: list[tuple[float, float, float, str]]) -> PrintedLine:
    return PrintedLine(
        page=page,
        left=characters[0][0],
        right=characters[-1][0] + characters[-1][2] * 0.6,
        baseline=characters[0][1],
        size=characters[0][2],
        text="".join(character for *_, character in characters).strip(),
    )


def body_size(lines: list[PrintedLine]) -> float:
    """The size most letters are printed at."""
    counts: Counter[float] = Counter()
    for line in lines:
        counts[line.size] += len(line.text)
    return counts.most_common(1)[0][0]


def page_count(pdf: Path | bytes) -> int:
    return len(pypdfium2.PdfDocument(pdf))


def page_feet(lines: list[PrintedLine], body: float) -> list[PrintedLine]:
    """The last line of text at the body size or larger on each page but the last: what a reader
    reads before turning the page (the footer's smaller type is not counted)."""
    return [
        min(
            (line for line in lines if line.page == page and line.size >= body - 0.01),
            key=lambda line: line.baseline,
        )
        for page in range(max(line.page for line in lines))
    ]


def last_lines(lines: list[PrintedLine], foot: PrintedLine) -> str:
    """The page's foot line and the line above it, as one text."""
    above = [line for line in lines if line.page == foot.page and line.baseline > foot.baseline]
    before = min(above, key=lambda line: line.baseline, default=None)
    return f"{before.text.strip()} {foot.text.strip()}" if before else foot.text.strip()


def page_heights(pdf: Path | bytes) -> list[float]:
    return [page.get_height() for page in pypdfium2.PdfDocument(pdf)]


def lowest_content(pdf: Path | bytes) -> list[float]:
    """For each page, the lowest point (from the bottom) of anything printed above the footer:
    words, pictures and lines alike."""
    lowest = []
    for page in pypdfium2.PdfDocument(pdf):
        bottoms = [
            bottom
            for item in page.get_objects(max_depth=3)
            for _left, bottom, _right, top in [item.get_bounds()]
            if bottom > FOOTER_BAND and top < page.get_height() - HEADER_BAND
        ]
        lowest.append(min(bottoms) if bottoms else page.get_height())
    return lowest


def qr_codes_on_page(pdf: Path | bytes, page: int) -> list[str]:
    image = pypdfium2.PdfDocument(pdf)[page].render(scale=3).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image)]


def closest_to_the_edge(pdf: Path | bytes) -> float:
    """How near (in mm) any printed letter comes to an edge of its page, over all pages."""
    nearest = float("inf")
    for page in pypdfium2.PdfDocument(pdf):
        width, height = page.get_size()
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            if textpage.get_text_range(index, 1).isspace():
                continue
            left, bottom, right, top = textpage.get_charbox(index)
            nearest = min(nearest, left, bottom, width - right, height - top)
    return nearest / MM


def starts_with_a_drawing(pdf: Path | bytes, number: int) -> bool:
    """Whether page `number` (from 0) has, in its top third, a drawing over 40 mm tall: a picture
    or a box that is kept whole, so the page before may end early."""
    page = pypdfium2.PdfDocument(pdf)[number]
    height = page.get_height()
    for item in page.get_objects(max_depth=1):
        if item.type == pdfium.FPDF_PAGEOBJ_TEXT:
            continue
        _, bottom, _, top = item.get_bounds()
        if top - bottom > 40 * MM and height - top < height / 3:
            return True
    return False


def catalog(reader: PdfReader) -> DictionaryObject:
    """The PDF's catalog (/Root): its language, tags and structure tree."""
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    return root


def stranded_at_page_feet(pdf: Path, leads: list[str]) -> list[str]:
    """The headings and lead-ins a handout leaves at the foot of a page, away from what they
    introduce, as 'page N: text'."""
    lines = printed_lines(pdf)
    body = body_size(lines)
    lowest = lowest_content(pdf)  # a picture below the last line is what the line leads to
    return [
        f"page {number}: {foot.text!r}"
        for number, foot in enumerate(page_feet(lines, body), start=1)
        if lowest[number - 1] > foot.baseline - 3 * foot.size
        and (
            foot.size >= body * 1.2
            # a lead-in's last two lines ("Ask your clinic:", "... to see what is normal then.")
            or any(lead.endswith(last_lines(lines, foot)) for lead in leads)
        )
    ]
