"""The printed handouts: length, type sizes, layout, QR code, PDF/UA tags, clinic branding."""

from __future__ import annotations

import datetime
import itertools
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pdfua
import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from patient_guide.clinic_files.settings import ClinicTimings, load_clinic
from patient_guide.clinics.batch import print_for_clinic
from patient_guide.command_line.clinic_printing import report_clinics
from patient_guide.dates import long_date
from patient_guide.handouts.catalog import EDITIONS, PAPER_SIZES
from patient_guide.handouts.jobs import HandoutError, HandoutSet, PrintJob, RenderedHandout
from patient_guide.handouts.press import Press
from patient_guide.handouts.printing import print_jobs, too_long, write_handouts
from patient_guide.handouts.typesetting import HandoutTypesetter, PrintInputs
from patient_guide.labels import site_labels
from patient_guide.pages.front_matter import read_page
from tests.conftest import PROJECT, build_in_process, built_page, lead_ins, mkdocs_settings
from tests.handout_pdf import (
    body_size,
    catalog,
    closest_to_the_edge,
    flat_text,
    grid_days,
    lowest_content,
    page_count,
    page_heights,
    page_texts,
    printed_lines,
    qr_codes_on_page,
    starts_with_a_drawing,
    stranded_at_page_feet,
    text_of,
    write_in_lines,
)

SITE_URL = "https://microneedling-guide.example.org/"
LABELS = site_labels(PROJECT / "docs")
PAGE_POINTS = {"a4": (595, 842), "letter": (612, 792)}
NEUTRAL_HANDOUTS = [
    # (slug, most pages allowed in regular print, the page it prints, its web address)
    ("procedure", 3, "procedure.md", f"{SITE_URL}procedure/"),
    ("aftercare", 2, "aftercare.md", f"{SITE_URL}aftercare/"),
    ("faq", 4, "faq.md", f"{SITE_URL}faq/"),
    ("booklet", None, "index.md", SITE_URL),
]
# Printed sizes, in points: the body text, and the smallest anything a reader needs may be.
TYPE_SIZES = {"regular": (12, 10), "large-print": (16, 14)}
LINE_SPACING = {"regular": 1.4, "large-print": 1.5}
CASES = [
    (slug, limit, url, edition, paper)
    for slug, limit, _source, url in NEUTRAL_HANDOUTS
    for edition in EDITIONS
    for paper in PAPER_SIZES
]
CASE_IDS = [f"{slug}-{edition}-{paper}" for slug, _, _, edition, paper in CASES]


def printed_pages(slug: str) -> list[Path]:
    """The English pages a handout prints, in order."""
    handouts = yaml.safe_load((PROJECT / "docs" / "_data" / "handouts.yml").read_text("utf-8"))
    pages = next(entry["pages"] for entry in handouts if entry["slug"] == slug)
    return [PROJECT / "docs" / source for source in pages]


def review_dates(slug: str) -> list[datetime.date]:
    """The review dates of the pages a handout prints (it carries the earliest)."""
    return [
        read_page(str(path), path.read_bytes()).meta["reviewed"] for path in printed_pages(slug)
    ]


def part_titles(slug: str) -> list[str]:
    """The titles of a handout's parts (its pages')."""
    return [
        str(read_page(str(path), path.read_bytes()).meta["title"]) for path in printed_pages(slug)
    ]


def handout(folder: Path, slug: str, edition: str, paper: str) -> Path:
    """A printed handout in a folder of handouts."""
    return folder / f"{slug}{EDITIONS[edition]}-{paper}.pdf"


@pytest.mark.parametrize(("slug", "max_pages", "url", "edition", "paper"), CASES, ids=CASE_IDS)
def test_neutral_handout_is_printed_and_complete(
    site: Path, slug: str, max_pages: int | None, url: str, edition: str, paper: str
) -> None:
    pdf = handout(site / "handouts", slug, edition, paper)
    reader = PdfReader(pdf)
    pages = len(reader.pages)
    if max_pages and edition == "regular":
        assert pages <= max_pages
    width, height = PAGE_POINTS[paper]
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (width, height)
    text = flat_text(pdf)
    title = str(reader.metadata.title)  # type: ignore[union-attr]
    assert title and title in text
    assert all(f"Page {number} of {pages}" in text for number in range(1, pages + 1))
    reviewed = long_date(min(review_dates(slug)), "en")
    assert text.count(f"Last reviewed {reviewed}. {LABELS['handout']['general']}") == pages
    assert url.removeprefix("https://").rstrip("/") in text.replace("/ ", "/")
    assert "Phone:" not in text and "Fernhill" not in text, "a neutral handout shows a clinic"
    assert LABELS["handout"]["online"] in page_texts(pdf)[0], "the sources: online, on page 1"
    assert not re.search(r"\[\d+(, \d+)*\]", text), "a citation mark is printed on the reading line"
    assert "Where this comes from" not in text, "paper lists no articles"
    assert qr_codes_on_page(pdf, 0) == [url], "the QR code beside the address, on page 1"


@pytest.mark.parametrize(("slug", "max_pages", "url", "edition", "paper"), CASES, ids=CASE_IDS)
def test_every_letter_prints_8_mm_or_more_from_the_paper_edge(
    site: Path, slug: str, max_pages: int | None, url: str, edition: str, paper: str
) -> None:
    """Office printers leave a few millimetres at each edge unprinted: the footer's second line
    must not land there."""
    assert closest_to_the_edge(handout(site / "handouts", slug, edition, paper)) >= 8


@pytest.mark.parametrize(("slug", "max_pages", "url", "edition", "paper"), CASES, ids=CASE_IDS)
def test_type_is_large_enough_and_lines_are_spaced(
    site: Path, slug: str, max_pages: int | None, url: str, edition: str, paper: str
) -> None:
    lines = printed_lines(handout(site / "handouts", slug, edition, paper))
    body, smallest = TYPE_SIZES[edition]
    assert body_size(lines) >= body
    too_small = [line for line in lines if line.size < smallest - 0.01]
    assert not too_small, [(line.text, line.size) for line in too_small[:5]]
    # Line spacing: the distance between the baselines of two lines of the same paragraph.
    spacings = [
        (lower.baseline - upper.baseline) * -1 / upper.size
        for upper, lower in itertools.pairwise(lines)
        if upper.page == lower.page
        and upper.size == lower.size == body_size(lines)
        and abs(upper.left - lower.left) < 15
        and 0 < upper.baseline - lower.baseline < 2 * upper.size
    ]
    assert spacings and min(spacings) >= LINE_SPACING[edition] - 0.01, min(spacings)


@pytest.fixture(scope="module")
def english_lead_ins(site: Path) -> list[str]:
    leads = lead_ins(site)
    assert "Ask your clinic:" in leads
    return leads


@pytest.mark.parametrize(("slug", "max_pages", "url", "edition", "paper"), CASES, ids=CASE_IDS)
def test_pages_are_filled_and_no_heading_or_lead_in_is_stranded(
    site: Path,
    english_lead_ins: list[str],
    slug: str,
    max_pages: int | None,
    url: str,
    edition: str,
    paper: str,
) -> None:
    pdf = handout(site / "handouts", slug, edition, paper)
    heights = page_heights(pdf)
    texts = page_texts(pdf)
    grid_starts = LABELS["grid"]["caption_paper"].split(":")[0]  # "How to use it"
    for page, lowest in enumerate(lowest_content(pdf)[:-1]):
        # A page may end early so that a week of the day grid, a picture or a box starts whole
        # on the next one.
        grid_next = grid_starts in texts[page + 1][:600]
        whole_next = starts_with_a_drawing(pdf, page + 1)
        assert lowest < heights[page] / 2 or grid_next or whole_next, (
            f"page {page + 1} is more than half empty"
        )
    assert stranded_at_page_feet(pdf, english_lead_ins) == []


# Per language folder: the heading of what is normal and its last words, the grid's heading, and
# the first words of how to use the grid.
AFTERCARE_SECTIONS = {
    "": ("What you may see", "The weeks after", "What to do each day", "How to use it"),
    "es": ("Qué puede notar", "Las semanas siguientes", "Qué hacer cada día", "Cómo usar la tabla"),
}


def normal_and_grid_pages(pdf: Path, folder: str) -> tuple[set[int], int, int]:
    """The pages (from 0) that "What you may see" prints on, the page of the grid's heading and
    the page of the grid itself (its "How to use it" words)."""
    normal, normal_ends, grid_heading, grid_starts = AFTERCARE_SECTIONS[folder]
    pages = page_texts(pdf)
    return (
        {n for n, text in enumerate(pages) if normal in text or normal_ends in text},
        next(n for n, text in enumerate(pages) if grid_heading in text),
        next(n for n, text in enumerate(pages) if grid_starts in text),
    )


@pytest.mark.parametrize("paper", list(PAPER_SIZES))
@pytest.mark.parametrize("folder", list(AFTERCARE_SECTIONS))
def test_large_print_aftercare_keeps_the_grid_under_its_heading_and_what_is_normal_whole(
    site: Path, folder: str, paper: str
) -> None:
    """Large print moves "What you may see" up to the first page where it fits there whole;
    otherwise it prints whole after the grid, before when to get help. The grid starts the
    second page under its own heading, and the sheet is at most two sheets of paper."""
    pdf = handout(site / folder / "handouts", "aftercare", "large-print", paper)
    normal, grid_heading, grid = normal_and_grid_pages(pdf, folder)
    assert len(normal) == 1 and (normal == {0} or min(normal) > grid), normal
    assert grid_heading == grid == 1
    assert page_count(pdf) <= 4


def test_a_clinics_aftercare_keeps_the_grid_under_its_heading_and_what_is_normal_whole(
    built: tuple[Path, HandoutSet], spanish_handouts: HandoutSet, tmp_path: Path
) -> None:
    """A clinic's taller masthead leaves less room on the first page. In large print, "What you
    may see" moves up where it fits there whole, and otherwise prints in its place after the
    grid, never split across two pages. In regular print the day grid still starts on the front
    page, and the clinic's two short notes leave room for every section on the back (in US
    Letter the grid once went over to the back and pushed what is normal off the sheet)."""
    outcome = print_for_clinic(
        PROJECT / "clinics" / "example.yml", [built[1], spanish_handouts], tmp_path
    )
    assert outcome.error is None and outcome.folder is not None
    assert outcome.left_out == (), "the example's sheets leave nothing out that the guide's keep"
    for folder, paper in itertools.product(AFTERCARE_SECTIONS, PAPER_SIZES):
        pdf = outcome.folder / folder / f"aftercare-large-print-{paper}.pdf"
        normal, grid_heading, grid = normal_and_grid_pages(pdf, folder)
        assert len(normal) == 1, (pdf, normal)
        assert grid_heading == grid, pdf
        assert normal == {0} or min(normal) > grid, pdf
        pdf = outcome.folder / folder / f"aftercare-{paper}.pdf"
        normal, grid_heading, grid = normal_and_grid_pages(pdf, folder)
        assert grid_heading == grid == 0, pdf
        assert normal == {1} and page_count(pdf) == 2, pdf


NOTE = ("Use the gentle cleanser from your kit each morning and evening. " * 3)[:139] + "."
NOTA = ("Use el limpiador suave de su kit cada mañana y cada noche, sin frotar. " * 3)[:139]
SIGN = ("Blisters, crusts or weeping on the treated skin, or pain that gets worse. " * 2)[:89]
SIGNO = ("Ampollas, costras o supuración en la piel tratada, o un dolor que empeora. " * 2)[:89]
# Clinics with a taller masthead than the example's: (settings, the papers where the grid starts
# the front page, "a4" or "en-a4" for English only; US Letter is the shorter). The clinic of
# every limit has an 80-letter name, a long address, three notes of 140 letters and three signs
# of 90; unset or short timings give its one-week grid the column of how long each rule lasts,
# which makes the grid taller.
LONG_ADDRESS = (
    "Suite 1200, Riverside Medical Plaza Building, 12345 North Commonwealth Avenue, "
    "Springfield Heights, Example State 12345-6789, United States of America"
)
LONGEST_ADDRESS = (LONG_ADDRESS + ", Suite entrance on the north side of the building")[:200]
SHORTEST_TIMINGS = ClinicTimings(
    sun_days=1,
    no_makeup_days=1,
    no_retinoid_days=1,
    no_scrub_days=1,
    hard_exercise_hours=24,
    call_if_red_on_day=2,
    spf=15,
)
TALL_MASTHEADS: dict[str, tuple[dict[str, Any], set[str]]] = {
    "name of 60 letters": (
        {"name": "Fernhill Skin and Laser Clinic of Springfield and Riverside!"},
        {"a4", "letter"},
    ),
    "address of 70 letters, no timings": (
        {"address": LONG_ADDRESS[:70], "timings": ClinicTimings()},
        {"a4", "letter"},
    ),
    "every limit, no timings": ({"timings": ClinicTimings()}, {"a4", "letter"}),
    "every limit, the shortest timings": (
        {"timings": SHORTEST_TIMINGS},
        {"a4", "letter"},
    ),
    "address of 150 letters, no timings": (
        {"address": LONG_ADDRESS, "timings": ClinicTimings()},
        {"a4", "en-letter"},
    ),
    # The grid's measured opening once fitted by a few points where the grid did not.
    "no notes, a long name and address, a few timings": (
        {
            "name": "Fernhill Skin and Laser Clinic of Springfield East",
            "address": LONG_ADDRESS,
            "website": None,
            "aftercare_notes": (),
            "translated_aftercare_notes": {},
            "timings": ClinicTimings(no_scrub_days=3, call_if_red_on_day=4, hard_exercise_hours=96),
        },
        {"a4", "letter"},
    ),
    # The clinic's notes move up too: the grid, three long notes and three signs fill a page.
    "every limit, an address of 100 letters, no timings": (
        {"address": LONG_ADDRESS[:100], "timings": ClinicTimings()},
        {"a4"},
    ),
    "every limit, an address of 200 letters, no timings": (
        {"address": LONGEST_ADDRESS, "timings": ClinicTimings()},
        {"en-a4"},
    ),
    "every limit, an address of 200 letters, the shortest timings": (
        {"address": LONGEST_ADDRESS, "timings": SHORTEST_TIMINGS},
        {"a4", "en-letter"},
    ),
}
AT_EVERY_LIMIT: dict[str, Any] = {
    "name": ("Fernhill Skin and Laser Clinic of Springfield " * 2)[:80],
    "address": "12 Example Street, Springfield, Long County, Example State 12345",
    "aftercare_notes": (NOTE,) * 3,
    "translated_aftercare_notes": {"es": (NOTA,) * 3},
}
NOTES_TITLE = {"": "Notes from your clinic", "es": "Notas de su clínica"}
SIGNS = {"warning_signs": (SIGN,) * 3, "translated_warning_signs": {"es": (SIGNO,) * 3}}


@pytest.mark.parametrize("case", list(TALL_MASTHEADS))
def test_a_tall_masthead_keeps_every_section_of_the_aftercare_sheet_on_one_sheet(
    built: tuple[Path, HandoutSet], spanish_handouts: HandoutSet, tmp_path: Path, case: str
) -> None:
    """Under a clinic's long name or address the day grid still starts the front page and
    "What you may see" prints whole on the back; where the grid cannot start the front page,
    "What you may see" moves up to fill it, and the grid starts the back under its heading. No
    section is left out (a long name once pushed the grid to the back, leaving the front half
    empty and dropping what is normal; the clinic at every limit got no handouts)."""
    settings, grid_in_front = TALL_MASTHEADS[case]
    clinic = load_clinic(PROJECT / "clinics" / "example.yml")
    if case.startswith("every limit"):
        timings = settings["timings"].model_copy(update=SIGNS)
        settings = {**AT_EVERY_LIMIT, **settings, "timings": timings}
    clinic = clinic.model_copy(update=settings)
    press = Press(built[1].template_folder)
    for handout_set in (built[1], spanish_handouts):
        folder = handout_set.translation or ""
        for job in print_jobs(handout_set, clinic):
            if job.handout.slug != "aftercare" or job.edition != "regular":
                continue
            printed = press.typeset(job)
            assert printed.left_out == (), (folder, job.file_name)
            pdf = tmp_path / f"{folder}-{job.file_name}"
            pdf.write_bytes(printed.pdf)
            normal, grid_heading, grid = normal_and_grid_pages(pdf, folder)
            assert page_count(pdf) == 2 and grid_heading == grid, pdf.name
            assert lowest_content(pdf)[0] < page_heights(pdf)[0] / 2, "front page half empty"
            in_front = bool({job.paper, f"{folder or 'en'}-{job.paper}"} & grid_in_front)
            assert (normal, grid) == (({1}, 0) if in_front else ({0}, 1)), pdf.name
            notes = {n for n, text in enumerate(page_texts(pdf)) if NOTES_TITLE[folder] in text}
            if clinic.notes_in(job.translation) and not in_front:  # moved up with what is normal
                assert notes == {0}, pdf.name


@pytest.mark.parametrize("folder", ["", "es"])
def test_an_answers_picture_prints_on_the_page_of_its_words(site: Path, folder: str) -> None:
    """A question's small picture (its short answer beside it) and the answer's first words
    print on one page: the picture never ends a page, with the question's heading above it, and
    the words it sums up overleaf (the Spanish FAQ once did so in A4)."""
    page = BeautifulSoup(built_page(site / folder, "faq.md").read_text("utf-8"), "html.parser")
    pairs = []
    for figure in page.select("figure.answer-figure"):
        answer = figure.find_next_sibling("p")
        assert answer is not None and figure.figcaption is not None
        prompt = figure.figcaption.select_one(".prompt")
        assert prompt is not None
        pairs.append((" ".join(prompt.get_text().split()), " ".join(answer.get_text().split()[:4])))
    assert len(pairs) >= 3
    for edition, paper in itertools.product(EDITIONS, PAPER_SIZES):
        pdf = handout(site / folder / "handouts", "faq", edition, paper)
        pages = [" ".join(text.split()) for text in page_texts(pdf)]
        for caption, words in pairs:
            where = [number for number, text in enumerate(pages) if caption in text]
            assert where and words in pages[where[0]], (pdf.name, caption, words)


def test_notes_move_up_alone_on_a_sheet_printed_without_what_is_normal(
    spanish_handouts: HandoutSet,
) -> None:
    """A clinic whose Spanish Letter sheet fits only without "What you may see": its notes
    still move up to the front page, so the back keeps room for the grid and when to get help
    (they once stayed on the back, and the clinic got no handouts)."""
    london = (
        "Suite 4, Second Floor, Riverside Medical Chambers\n"
        "123-125 Old Brompton Road, South Kensington\n"
        "Entrance in Cranley Mews, blue door, ring bell 4\n"
        "London SW7 3RP, United Kingdom"
    )
    clinic = load_clinic(PROJECT / "clinics" / "example.yml").model_copy(
        update={
            **AT_EVERY_LIMIT,
            "name": "Fernhill Skin and Laser Clinic of Kensington, Chelsea and Fulham Group",
            "phone": "+44 (0) 20 7946 0958",
            "after_hours_phone": "+44 (0) 20 7946 0959",
            "address": london,
            "timings": ClinicTimings().model_copy(update=SIGNS),
        }
    )
    job = next(
        job
        for job in print_jobs(spanish_handouts, clinic)
        if job.file_name == "aftercare-letter.pdf"
    )
    printed = Press(spanish_handouts.template_folder).typeset(job)
    pages = page_texts(printed.pdf)
    assert len(pages) == 2
    notes = [n for n, text in enumerate(pages) if NOTES_TITLE["es"] in text]
    grid = [n for n, text in enumerate(pages) if "Cómo usar la tabla" in text]
    assert (notes, grid) == ([0], [1])
    assert printed.left_out == ("Qué puede notar",), "and the build says so"


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_each_part_of_the_booklet_follows_on_with_its_title_above_its_words(
    site: Path, edition: str
) -> None:
    """Parts follow on, rather than leave pages nearly empty; a part's title is never the last
    thing on a page."""
    for paper in PAPER_SIZES:
        pages = page_texts(handout(site / "handouts", "booklet", edition, paper))
        for title in part_titles("booklet")[1:]:
            # The title over the part, not the first page's link to it ("… (page 2): …").
            heading = re.compile(re.escape(title) + r"(?! \(page)")
            found = next(found for text in pages if (found := heading.search(text)))
            after = found.string[found.end() :]
            assert len(after.split("Last reviewed")[0]) > 100, f"{title!r} ends a page"


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_handout_is_tagged_accessible_pdf(site: Path, edition: str) -> None:
    for slug, *_ in NEUTRAL_HANDOUTS:
        pdf = handout(site / "handouts", slug, edition, "a4")
        reader = PdfReader(pdf)
        root = catalog(reader)
        assert bool(root.get("/MarkInfo", {}).get("/Marked")) is True
        assert "/StructTreeRoot" in root
        assert str(root["/Lang"]) == "en"
        metadata = reader.metadata
        assert metadata is not None
        assert metadata.title and metadata.subject
        assert metadata.author == "Microneedling: a guide for patients"
        assert b"pdfuaid" in reader.xmp_metadata.stream.get_data()  # type: ignore[union-attr]
        assert reader.outline, f"{pdf.name} has no bookmarks"


def test_every_handout_passes_the_pdf_ua_checks(site: Path) -> None:
    pdfs = sorted((site / "handouts").glob("*.pdf"))
    assert len(pdfs) == len(NEUTRAL_HANDOUTS) * len(EDITIONS) * len(PAPER_SIZES)
    for pdf in pdfs:
        report = pdfua.validate(str(pdf))
        problems = [f"{finding.rule_id}: {finding.message}" for finding in report.findings]
        assert not problems, f"{pdf.name}: {problems}"


BOX_POINTER = re.compile(r"(?:See|Vea) [“«](.+?)[”»] \((?:page|página) (\d+)\)")
BOX_TITLES = {"": "Call your clinic if", "es": "Llame a su clínica si"}  # the box pages repeat


@pytest.mark.parametrize("folder", list(BOX_TITLES))
def test_booklet_points_each_earlier_part_to_the_box_it_prints_once(
    site: Path, folder: str
) -> None:
    """The booklet prints the "Call your clinic if" box once, in its aftercare part (its last
    copy); the earlier parts that have it on the web (is it right for me, the procedure) say on
    which later page it is, and that page has it."""
    call_box = BOX_TITLES[folder]
    for edition, paper in itertools.product(EDITIONS, PAPER_SIZES):
        pages = page_texts(handout(site / folder / "handouts", "booklet", edition, paper))
        pointers = [
            (number, title, int(target))
            for number, text in enumerate(pages, start=1)
            for title, target in BOX_POINTER.findall(text)
            if title == call_box
        ]
        assert len(pointers) == 2, (edition, paper)
        for number, title, target in pointers:
            assert target > number and title in pages[target - 1], (edition, paper, title)


def test_booklet_link_to_a_section_gives_the_sections_page(
    built: tuple[Path, HandoutSet], tmp_path: Path
) -> None:
    """A link to a section of another part (procedure.md#before-your-visit) gives the page where
    that section starts, not where its part starts: here pages of text come between the two."""
    handout_set = built[1]
    procedure = handout_set.pages["procedure.md"]
    section = next(
        number
        for number, block in enumerate(procedure.blocks)
        if block.get("id") == "before-your-visit"
    )
    more = [{"kind": "paragraph", "classes": [], "runs": [{"kind": "text", "text": "More text."}]}]
    blocks = procedure.blocks[:section] + more * 150 + procedure.blocks[section:]
    pages = {**handout_set.pages, "procedure.md": replace(procedure, blocks=blocks)}
    booklet = next(handout for handout in handout_set.handouts if handout.slug == "booklet")
    longer = replace(handout_set, handouts=[booklet], pages=pages)
    write_handouts(longer, tmp_path)
    printed = page_texts(handout(tmp_path, "booklet", "regular", "a4"))
    pointers = [
        int(target)
        for text in printed
        for target in re.findall(r"list to take to your visit \(page (\d+)\)", text)
    ]
    part = next(number for number, text in enumerate(printed, 1) if "What happens during" in text)
    assert pointers and all(target > part for target in pointers), (part, pointers)
    for target in pointers:
        assert "Before your visit: a list to take with you" in printed[target - 1]


@pytest.mark.parametrize(
    ("slug", "edition", "paper"),
    list(itertools.product(["aftercare", "booklet"], EDITIONS, PAPER_SIZES)),
)
def test_a_week_of_the_day_grid_is_never_split_across_pages(
    site: Path, slug: str, edition: str, paper: str
) -> None:
    """A patient ticks a day's column from top to bottom: the day numbers, the first row and the
    last (the redness check) of the first week print on the same page."""
    pages = page_texts(handout(site / "handouts", slug, edition, paper))
    days = [number for number, text in enumerate(pages) if [1, 2, 3, 4, 5, 6, 7] in grid_days(text)]
    firsts = [number for number, text in enumerate(pages) if "Stay out of the sun. Outside" in text]
    checks = [number for number, text in enumerate(pages) if "Some redness is normal." in text]
    assert days and firsts and checks and days[0] == firsts[0] == checks[0], (days, firsts, checks)


@pytest.mark.parametrize(
    ("language", "edition", "paper"), list(itertools.product(["", "es"], EDITIONS, PAPER_SIZES))
)
def test_the_aftercare_lines_to_write_on_are_long_enough_for_handwriting(
    site: Path, language: str, edition: str, paper: str
) -> None:
    """The grid's page has a line for the date of the session, one beside "until day" in each row
    a clinic ends, and one for the sunscreen's SPF: long enough to write a date or a number by
    hand (large print, where people write larger, longer still)."""
    pages = write_in_lines(handout(site / language / "handouts", "aftercare", edition, paper))
    grid_page = next(lines for lines in pages if len(lines) >= 6)
    shortest, date = (10, 35) if edition == "regular" else (15, 45)
    assert len(grid_page) == 7 and min(grid_page) >= shortest, grid_page  # the SPF and 5 days
    assert max(grid_page) >= date, grid_page  # the date of the session


def test_aftercare_puts_the_day_grid_on_the_front_page(site: Path) -> None:
    pdf = handout(site / "handouts", "aftercare", "regular", "letter")
    front = " ".join(line.text for line in printed_lines(pdf) if line.page == 0)
    assert grid_days(front) == [[1, 2, 3, 4, 5, 6, 7]] and "How long" in front
    assert "Stay out of the sun" in front and "No makeup." in front
    text = flat_text(pdf)
    how_to_use = LABELS["grid"]["caption_paper"].split(":")[0]
    order = [LABELS["handout"]["online"], "Aftercare checklist", "Key points",
             "What to do each day", how_to_use, "Some redness is normal",
             "Call your clinic if • The redness"]  # fmt: skip
    positions = [text.index(words) for words in order]
    assert positions == sorted(positions)
    assert "What you may see" in text and "Your next session:" in text, "printed: they fit"
    assert text.index("The weeks after") < text.index("When to get help"), "what is normal first"


def test_checklist_prints_empty_tick_boxes(site: Path) -> None:
    text = text_of(handout(site / "handouts", "aftercare", "regular", "a4"))
    assert not re.search("[\u2610-\u2612\u2713\u2714\u2705]", text), "a tick or box glyph printed"
    page = BeautifulSoup(built_page(site, "aftercare.md").read_text(), "html.parser")
    checkboxes = page.select(".checklist input[type=checkbox]")
    assert checkboxes and not any(box.has_attr("checked") for box in checkboxes)


def test_handouts_page_lists_every_pdf_with_print_paper_pages_and_size(site: Path) -> None:
    page = BeautifulSoup(built_page(site, "handouts.md").read_text(), "html.parser")
    rows = page.select("table.handout-table tbody tr")
    assert len(rows) == len(NEUTRAL_HANDOUTS) * len(EDITIONS) * len(PAPER_SIZES)
    for row in rows:
        _title, edition, paper, pages, download = (
            cell.get_text(" ", strip=True) for cell in row.select("td")
        )
        assert edition in {"Regular print", "Large print"} and paper in {"A4", "US Letter"}
        link = row.select_one("a[href]")
        assert link is not None
        pdf = (built_page(site, "handouts.md").parent / str(link["href"])).resolve()
        size = re.search(r"(\d+) KB", download)
        assert pdf.is_file() and size
        assert abs(int(size[1]) - pdf.stat().st_size / 1024) <= 1
        assert int(pages) == page_count(pdf)
        assert ("large-print" in pdf.name) == (edition == "Large print")


@pytest.mark.parametrize(
    ("slug", "source"),
    [("procedure", "procedure.md"), ("aftercare", "aftercare.md"), ("faq", "faq.md")],
)
def test_page_links_to_its_handouts(site: Path, slug: str, source: str) -> None:
    html = built_page(site, source)
    links = BeautifulSoup(html.read_text(), "html.parser").select(".handout-links a[href]")
    targets = {(html.parent / str(link["href"])).resolve() for link in links}
    assert targets == {
        handout(site / "handouts", slug, edition, paper).resolve()
        for edition in EDITIONS
        for paper in PAPER_SIZES
    }


@pytest.fixture(scope="module")
def branded(built: tuple[Path, HandoutSet], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Handouts printed for the example clinic."""
    output = tmp_path_factory.mktemp("clinics")
    outcome = print_for_clinic(PROJECT / "clinics" / "example.yml", [built[1]], output)
    assert outcome.error is None and outcome.folder is not None
    assert outcome.pdf_count == len(NEUTRAL_HANDOUTS) * len(EDITIONS) * len(PAPER_SIZES)
    return outcome.folder


@pytest.mark.parametrize("edition", list(EDITIONS))
@pytest.mark.parametrize("paper", list(PAPER_SIZES))
def test_branded_handouts_show_the_clinic(branded: Path, paper: str, edition: str) -> None:
    clinic = load_clinic(PROJECT / "clinics" / "example.yml")
    for slug, max_pages, _source, url in NEUTRAL_HANDOUTS:
        pdf = handout(branded, slug, edition, paper)
        text = flat_text(pdf)
        assert clinic.name in text and clinic.phone in text
        assert str(clinic.after_hours_phone) in text
        assert PdfReader(pdf).metadata.author == clinic.name  # type: ignore[union-attr]
        pages = page_count(pdf)
        if max_pages and edition == "regular":
            assert pages <= max_pages
        assert qr_codes_on_page(pdf, 0) == [url], "the QR code at the top of the first page"
    aftercare = flat_text(handout(branded, "aftercare", edition, paper))
    assert "Notes from your clinic" in aftercare
    assert all(note in aftercare for note in clinic.aftercare_notes)
    faq = flat_text(handout(branded, "faq", edition, paper))
    assert "Notes from your clinic" not in faq


def test_a_clinics_handouts_read_as_its_own_advice(
    site: Path, branded: Path, built: tuple[Path, HandoutSet]
) -> None:
    """Every page of the guide's handouts says it is general information, not medical advice;
    a clinic's say they are general information for its patients, without telling them that
    other advice comes first. Where a clinic sets its own timings, its aftercare sheet leaves
    out the guide's line that advice varies; without them, the line stays."""
    varies = "Some advice varies, so follow what your clinic tells you."
    for slug, *_ in NEUTRAL_HANDOUTS:
        guides, clinics = (
            page_texts(handout(folder, slug, "regular", "a4"))
            for folder in (site / "handouts", branded)
        )
        assert all("General information, not medical advice" in page for page in guides), slug
        assert all(
            "General information for patients of Fernhill Skin Clinic." in page
            and "not medical advice" not in page
            for page in clinics
        ), slug
    assert varies in flat_text(handout(site / "handouts", "aftercare", "regular", "a4"))
    assert varies not in flat_text(handout(branded, "aftercare", "regular", "a4"))
    assert varies in flat_text(handout(branded, "faq", "regular", "a4")), "not the grid's page"
    clinic = load_clinic(PROJECT / "clinics" / "example.yml")
    untimed = clinic.model_copy(update={"timings": ClinicTimings()})
    job = next(job for job in print_jobs(built[1], untimed) if job.handout.slug == "aftercare")
    assert varies in flat_text(Press(built[1].template_folder).typeset(job).pdf)


def test_a_wide_logo_and_a_name_ending_in_a_full_stop(
    built: tuple[Path, HandoutSet], tmp_path: Path
) -> None:
    """A logo ten times wider than high is drawn 45 mm wide at most, so the name and phones
    beside it keep their room, clear of the QR code; a name that ends in a full stop ends the
    footer's sentence with it, not with a second."""
    wide = tmp_path / "wide.svg"
    wide.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 100">'
        '<rect width="1000" height="100" fill="#00594f"/></svg>'
    )
    clinic = load_clinic(PROJECT / "clinics" / "example.yml").model_copy(
        update={"name": "Smith & Co.", "logo": wide, "logo_svg": wide.read_text()}
    )
    job = next(job for job in print_jobs(built[1], clinic) if job.file_name == "faq-a4.pdf")
    pdf = Press(built[1].template_folder).typeset(job).pdf
    millimetre = 72 / 25.4
    phones = next(line for line in printed_lines(pdf) if line.text.startswith("Phone:"))
    assert phones.left <= (13 + 45 + 5 + 1) * millimetre, "beside a logo at most 45 mm wide"
    assert phones.right <= (210 - 13 - 20 - 5) * millimetre, "clear of the QR code"
    footers = [text for text in page_texts(pdf) if "General information for patients of" in text]
    assert footers and all("Smith & Co.." not in " ".join(text.split()) for text in footers)
    assert "patients of Smith & Co." in " ".join(footers[0].split())


WRITE_IN = "Write your clinic's phone number here"


@pytest.mark.parametrize("slug", ["aftercare", "procedure"])
def test_call_box_has_the_clinics_phones_or_lines_to_write_them(
    site: Path, branded: Path, slug: str
) -> None:
    neutral = flat_text(handout(site / "handouts", slug, "regular", "a4"))
    assert WRITE_IN in neutral and "After-hours number:" in neutral
    clinic = flat_text(branded / f"{slug}-a4.pdf")
    assert WRITE_IN not in clinic
    box = clinic[clinic.index("Call your clinic if") :]
    assert "Phone: +1 555 0100 After hours: +1 555 0199" in box


def test_clinic_at_every_limit_still_fits_aftercare_within_its_limit(
    built: tuple[Path, HandoutSet],
    spanish_handouts: HandoutSet,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two weeks of timings, three long notes and three long signs under a long name: the
    sheets keep within their limits by leaving out what is normal, and the build says which
    sheets leave it out and what of the clinic's would make room, again when the clinic is
    up to date."""
    folder = tmp_path / "clinic"
    folder.mkdir()
    shutil.copy(PROJECT / "clinics" / "example-logo.svg", folder / "logo.svg")
    days = ["sun_days", "no_makeup_days", "no_retinoid_days", "no_scrub_days"]
    settings = {
        **AT_EVERY_LIMIT,
        "phone": "+1 555 0100",
        "after_hours_phone": "+1 555 0199",
        "website": "https://fernhill-clinic.example/",
        "logo": "logo.svg",
        "timings": {
            **dict.fromkeys(days, 14),
            "hard_exercise_hours": 168,
            "call_if_red_on_day": 14,
            "spf": 100,
            **SIGNS,
        },
    }
    (folder / "largest.yml").write_text(yaml.safe_dump(json_ready(settings), allow_unicode=True))
    outcome = print_for_clinic(
        folder / "largest.yml", [built[1], spanish_handouts], tmp_path / "out"
    )
    assert outcome.error is None, outcome.error  # within 2 pages, and 4 in large print
    letter = flat_text(tmp_path / "out" / "largest" / "aftercare-letter.pdf")
    assert "What you may see" not in letter, "left out to stay within the limit"
    for language, printed_sign in (("", SIGN), ("es", SIGNO)):
        aftercare = flat_text(tmp_path / "out" / "largest" / language / "aftercare-a4.pdf")
        assert "SPF 100" in aftercare
        assert grid_days(aftercare) == [list(range(1, 8)), list(range(8, 15))], "two weeks"
        assert printed_sign[:40] in aftercare, "the clinic's signs are in the call box"
    said = (
        'aftercare-letter.pdf leaves out "What you may see" to keep within its page limit; to '
        "make room, shorten in the clinic file: name, address, website, aftercare_notes, "
        "timings: warning_signs, timings past day 7"
    )
    assert said in outcome.left_out
    spanish = [line for line in outcome.left_out if line.startswith("es/aftercare-a4.pdf")]
    assert spanish and spanish[0].endswith(
        "translated_aftercare_notes: es:, timings: translated_warning_signs: es:, timings past "
        "day 7"
    )
    signs = ("website, timings: warning_signs", "website, timings: translated_warning_signs: es:")
    for line in outcome.left_out:  # a FAQ prints the signs in its call box, not the notes
        assert "faq" not in line or line.endswith(signs), line
    again = print_for_clinic(folder / "largest.yml", [built[1], spanish_handouts], tmp_path / "out")
    assert again.up_to_date and again.left_out == outcome.left_out
    report_clinics([again])
    assert f"largest.yml: {said}" in capsys.readouterr().out


def json_ready(value: object) -> object:
    """Settings as YAML writes them: tuples as lists."""
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [json_ready(item) for item in value]
    return value


def test_a_clinics_timings_print_in_its_grid_and_wherever_its_handouts_name_them(
    built: tuple[Path, HandoutSet], tmp_path: Path
) -> None:
    timings = ClinicTimings(
        no_makeup_days=5, hard_exercise_hours=72, call_if_red_on_day=4, spf=30,
        warning_signs=("Blisters on the treated skin.",),
    )  # fmt: skip
    clinic = load_clinic(PROJECT / "clinics" / "example.yml").model_copy(
        update={"timings": timings}
    )
    write_handouts(built[1], tmp_path, clinic)
    aftercare = flat_text(tmp_path / "aftercare-a4.pdf")
    assert grid_days(aftercare) == [[1, 2, 3, 4, 5, 6, 7]], "a week: no timing goes beyond it"
    assert "SPF 30 sunscreen" in aftercare and "SPF sunscreen" not in aftercare
    assert "No makeup. to the end of day 5" in aftercare, "the day it ends, beside its row"
    key_point = "No makeup, strong skin products or scrubs until your clinic says."
    assert key_point in aftercare, "not all its days are set: the grid leaves some to the clinic"
    assert "for 72 hours after your session" in aftercare
    assert "has not started to fade by day 4 (day 1 is the day of your session)." in aftercare
    start = aftercare.index("Call your clinic if")
    box = aftercare[start : aftercare.index("Phone:", start)]
    assert "Your clinic also asks you to call if: • Blisters on the treated skin." in box
    faq = flat_text(tmp_path / "faq-a4.pdf")
    assert "for 72 hours after your session" in faq and "48 hours after your session" not in faq
    assert "Do not wear makeup to the end of day 5 (day 1 is the day of your session)." in faq
    faq_key_point = "stay out of the sun until your clinic says. Skip makeup to the end of day 5"
    assert faq_key_point in faq, "each timing on its own: the sun's days are not set"
    procedure = flat_text(tmp_path / "procedure-a4.pdf")
    assert "Do not wear makeup to the end of day 5 (day 1 is the day of your session)." in procedure
    assert "Do not use scrubs or other exfoliants until your clinic says." in procedure
    assert "Stay out of the sun until your clinic says." in faq, "a timing it does not set"
    assert "skin products for several days, until your clinic says, so" in faq
    neutral = flat_text(built[0] / "handouts" / "aftercare-a4.pdf")
    assert "use SPF sunscreen (a high SPF)" in neutral, "a line to write the SPF on"
    assert "No makeup. to the end of day No retinoids" in neutral, "a line to write the day on"
    assert LABELS["grid"]["caption_paper_blanks"] in neutral
    assert LABELS["grid"]["caption_paper_blanks"] in aftercare, "the clinic left some unset"
    assert "by day 3 (day 1 is the day of your session)" in neutral
    assert "No makeup, strong skin products or scrubs until your clinic says." in neutral


def test_a_clinic_that_sets_every_timing_leaves_only_the_session_date_to_write(
    built: tuple[Path, HandoutSet], tmp_path: Path
) -> None:
    timings = ClinicTimings(
        sun_days=7, no_makeup_days=3, no_retinoid_days=5, no_scrub_days=7,
        hard_exercise_hours=48, call_if_red_on_day=3, spf=30,
    )  # fmt: skip
    clinic = load_clinic(PROJECT / "clinics" / "example.yml").model_copy(
        update={"timings": timings}
    )
    write_handouts(built[1], tmp_path, clinic)
    pdf = tmp_path / "aftercare-a4.pdf"
    assert [len(lines) for lines in write_in_lines(pdf)] == [1, 0], "the date of the session"
    text = flat_text(pdf)
    assert LABELS["grid"]["caption_paper_blanks"] not in text
    checklist = "until the day your aftercare checklist shows"  # every day it names is set
    assert f"No makeup, strong skin products or scrubs {checklist}." in text
    # The FAQ and the procedure, which hold no checklist, give each day.
    faq = flat_text(tmp_path / "faq-a4.pdf")
    assert "Skip makeup to the end of day 3 (day 1 is the day of your session)" in faq
    assert "strong skin products to the end of day 5 (day 1 is the day of your session)" in faq
    procedure = flat_text(tmp_path / "procedure-a4.pdf")
    assert (
        "scrubs or other exfoliants to the end of day 7 (day 1 is the day of your session)."
        in procedure
    )
    assert checklist not in faq and checklist not in procedure
    assert "No makeup. to the end of day 3" in text
    assert "No scrubs or other exfoliants. to the end of day 7" in text


def test_clinic_text_is_printed_as_text_not_markup(
    built: tuple[Path, HandoutSet], tmp_path: Path
) -> None:
    # The loader refuses HTML in clinic files; the handout prints any text as it is.
    clinic = load_clinic(PROJECT / "clinics" / "example.yml").model_copy(
        update={
            "name": "<b>Bold</b> & #set text(red) *Clinic* ]",
            "aftercare_notes": ("<i>Call</i> us & $come$ back. // #pagebreak()",),
        }
    )
    write_handouts(built[1], tmp_path, clinic)
    assert "<b>Bold</b> & #set text(red) *Clinic* ]" in flat_text(tmp_path / "faq-a4.pdf")
    aftercare = tmp_path / "aftercare-a4.pdf"
    assert "<i>Call</i> us & $come$ back. // #pagebreak()" in flat_text(aftercare)
    assert page_count(aftercare) <= 2


def test_handout_that_would_be_too_long_is_refused(
    built: tuple[Path, HandoutSet], tmp_path: Path
) -> None:
    handout_set = built[1]
    aftercare = handout_set.pages["aftercare.md"]
    more = [{"kind": "paragraph", "classes": [], "runs": [{"kind": "text", "text": "More text."}]}]
    longer = replace(aftercare, blocks=more * 150 + aftercare.blocks)
    pages = {**handout_set.pages, "aftercare.md": longer}
    outcome = print_for_clinic(
        PROJECT / "clinics" / "example.yml", [replace(handout_set, pages=pages)], tmp_path
    )
    assert outcome.error is not None
    assert re.search(r"aftercare-a4.pdf prints on \d pages; at most 2 pages allowed", outcome.error)
    assert "shorten docs/aftercare.md or, in " in outcome.error
    assert "example.yml, the name, address, website, aftercare_notes" in outcome.error
    assert not (tmp_path / "example").exists(), "a clinic that failed got a folder"
    assert not list(tmp_path.iterdir()), "temporary files were left behind"


def test_a_spanish_sheet_too_long_is_named_with_its_folder_and_spanish_settings(
    spanish_handouts: HandoutSet,
) -> None:
    """The message names the Spanish file as it is in the clinic's folder, and the Spanish
    notes and signs that take its room, not the English ones."""
    clinic = load_clinic(PROJECT / "clinics" / "example.yml")
    signs = clinic.timings.model_copy(update=SIGNS)
    clinic = clinic.model_copy(update={"timings": signs})
    for job in print_jobs(spanish_handouts, clinic):
        if job.handout.page_limit(job.edition) is None:
            continue  # as long as it needs
        message = too_long(job, 9)
        assert message is not None and message.startswith(f"es/{job.file_name} prints on 9 pages")
        if job.handout.slug == "aftercare":
            assert message.endswith(
                "translated_aftercare_notes: es:, timings: translated_warning_signs: es:"
            )
        if job.handout.slug == "faq":
            assert message.endswith("website, timings: translated_warning_signs: es:")


def test_serve_prints_the_handouts(project_copy: Path, tmp_path: Path) -> None:
    build_in_process(project_copy / "mkdocs.yml", tmp_path / "site", command="serve")
    printed = {path.name for path in (tmp_path / "site" / "handouts").glob("*.pdf")}
    assert {"aftercare-a4.pdf", "aftercare-large-print-letter.pdf"} <= printed
    handouts_page = built_page(tmp_path / "site", "handouts.md").read_text()
    assert "aftercare-large-print-letter.pdf" in handouts_page


def test_pdf_files_are_compact(site: Path) -> None:
    data = handout(site / "handouts", "faq", "regular", "a4").read_bytes()
    assert data.startswith(b"%PDF-1.7")
    assert b"/ObjStm" in data, "the structure tree is not packed into object streams"
    assert PdfReader(handout(site / "handouts", "faq", "regular", "a4")).pages[0].extract_text()


def test_every_link_in_a_handout_points_at_the_website(built: tuple[Path, HandoutSet]) -> None:
    site, _ = built
    site_url = mkdocs_settings()["site_url"]
    for pdf in sorted((site / "handouts").glob("*.pdf")):
        links = [
            str(annotation.get_object()["/A"]["/URI"])
            for page in PdfReader(pdf).pages
            for annotation in page.get("/Annots", [])
            if "/URI" in annotation.get_object().get("/A", {})
        ]
        assert links, f"{pdf.name} has no links"
        outside = [link for link in links if not link.startswith(site_url)]
        assert not outside, f"{pdf.name}: {outside[:3]}"


def test_a_rebuild_reprints_only_the_handouts_whose_pages_changed(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "first"
    build_in_process(project_copy / "mkdocs.yml", first)
    printed: list[str] = []
    original = HandoutTypesetter.typeset

    def counted(self: HandoutTypesetter, job: PrintJob, inputs: PrintInputs) -> RenderedHandout:
        printed.append(job.file_name)
        return original(self, job, inputs)

    monkeypatch.setattr(HandoutTypesetter, "typeset", counted)
    second = tmp_path / "second"
    build_in_process(project_copy / "mkdocs.yml", second)
    assert printed == [], "handouts were printed again from unchanged pages"
    for pdf in (first / "handouts").glob("*.pdf"):
        assert (second / "handouts" / pdf.name).read_bytes() == pdf.read_bytes()
    faq = project_copy / "docs" / "faq.md"
    faq.write_text(faq.read_text().replace("## Does it hurt?", "## Does it hurt at all?"))
    build_in_process(project_copy / "mkdocs.yml", tmp_path / "third")
    assert {name.split("-")[0] for name in printed} == {"faq"}, "the booklet prints no FAQ"
    assert "Does it hurt at all?" in flat_text(tmp_path / "third" / "handouts" / "faq-a4.pdf")


@pytest.mark.parametrize(
    "line",
    [
        '#import "@preview/cetz:0.3.0": canvas',
        '  #include "@local/house:1.0.0"',
        'import("@x/y:1")',
        # however the name is put together
        '#import ("@" + "preview/cetz:0.2.2"): canvas',
        '#import "\\u{40}local/evil:0.1.0"',
        '#let a = "https://x" // hidden behind a comment: #import "@preview/a:1"',
        '#let p = "pre" + "view"; #import ("@" + p + "/cetz:0.2.2")',
    ],
)
def test_a_template_that_uses_a_typst_package_is_refused_before_typst_runs(
    tmp_path: Path, line: str
) -> None:
    shutil.copytree(PROJECT / "overrides" / "handout", tmp_path / "handout")
    template = tmp_path / "handout" / "handout.typ"
    template.write_text("// a plain comment\n" + line + "\n" + template.read_text())
    with pytest.raises(HandoutError, match=r"handout.typ:2: the template imports or includes"):
        HandoutTypesetter(tmp_path / "handout")


def test_a_template_may_import_a_file_of_its_own_folder(tmp_path: Path) -> None:
    shutil.copytree(PROJECT / "overrides" / "handout", tmp_path / "handout")
    (tmp_path / "handout" / "parts.typ").write_text("#let part = 1\n")
    template = tmp_path / "handout" / "handout.typ"
    template.write_text('#import "parts.typ": part\n' + template.read_text())
    HandoutTypesetter(tmp_path / "handout")  # refuses nothing


@pytest.mark.parametrize("language", ["", "es"])
def test_neutral_aftercare_sheets_print_every_section(site: Path, language: str) -> None:
    """The sections that give way to a clinic's long notes all print on the neutral sheets, in
    every size and paper, in both languages: nothing gives way without notes."""
    config = yaml.safe_load((PROJECT / "docs" / language / "_data/handouts.yml").read_text())
    aftercare = next(handout for handout in config if handout["slug"] == "aftercare")
    page = BeautifulSoup(built_page(site / language, "aftercare.md").read_text(), "html.parser")
    headings = [
        next(page.select(f"h2#{section}")[0].stripped_strings)  # less its "¶" link
        for section in aftercare["leave_out_if_too_long"]
    ]
    sheets = sorted((site / language / "handouts").glob("aftercare-*.pdf"))
    assert len(sheets) == 4 and len(headings) == 1
    for sheet in sheets:
        text = flat_text(sheet)
        assert all(heading in text for heading in headings), (sheet.name, headings)
