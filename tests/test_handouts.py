"""The printed handouts: length, text, QR code, PDF tags, clinic branding, links from the site."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from bs4 import BeautifulSoup
from pypdf import PdfReader

from patient_guide.clinics.batch import print_for_clinic
from patient_guide.clinics.settings import load_clinic
from patient_guide.handouts.catalog import PAPER_SIZES
from patient_guide.handouts.printing import HandoutSet, write_handouts
from tests.conftest import PROJECT, build_in_process, built_page, mkdocs_settings

SITE_URL = "https://microneedling-guide.example.org/"
PAGE_POINTS = {"a4": (595, 842), "letter": (612, 792)}
NEUTRAL_HANDOUTS = [
    # (slug, most pages allowed, the page it prints, its web address)
    ("procedure", 2, "procedure.md", f"{SITE_URL}procedure/"),
    ("aftercare", 2, "aftercare.md", f"{SITE_URL}aftercare/"),
    ("faq", 2, "faq.md", f"{SITE_URL}faq/"),
    ("booklet", None, "index.md", SITE_URL),
]
CASES = [(*case, paper) for case in NEUTRAL_HANDOUTS for paper in PAPER_SIZES]


def text_of(pdf: Path) -> str:
    document = pypdfium2.PdfDocument(str(pdf))
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def qr_codes_on_first_page(pdf: Path) -> list[str]:
    page = pypdfium2.PdfDocument(str(pdf))[0]
    image = page.render(scale=3).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize(("slug", "max_pages", "source", "url", "paper"), CASES)
def test_neutral_handout_is_printed_and_complete(
    site: Path, slug: str, max_pages: int | None, source: str, url: str, paper: str
) -> None:
    pdf = site / "handouts" / f"{slug}-{paper}.pdf"
    reader = PdfReader(pdf)
    pages = len(reader.pages)
    if max_pages:
        assert pages <= max_pages
    if slug == "aftercare":
        assert pages == 1, "the neutral checklist fits one page; a clinic's notes may need two"
    width, height = PAGE_POINTS[paper]
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (width, height)
    text = text_of(pdf)
    title = str(reader.metadata.title)  # type: ignore[union-attr]
    assert title and title in text.replace("\r", "")
    assert f"Page 1 of {pages}" in text
    assert "Last reviewed 21 November 2026" in text
    assert "General information, not medical advice" in text
    assert url.removeprefix("https://").rstrip("/") in text.replace("\r\n", "").replace("\n", "")
    assert "Phone:" not in text and "Fernhill" not in text, "a neutral handout shows a clinic"
    assert qr_codes_on_first_page(pdf) == [url]


@pytest.mark.parametrize("slug", [case[0] for case in NEUTRAL_HANDOUTS])
def test_handout_is_tagged_accessible_pdf(site: Path, slug: str) -> None:
    reader = PdfReader(site / "handouts" / f"{slug}-a4.pdf")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title and metadata.subject
    assert metadata.author == "Microneedling: a guide for patients"
    assert b"pdfuaid" in reader.xmp_metadata.stream.get_data()  # type: ignore[union-attr]


def test_handout_text_follows_reading_order(site: Path) -> None:
    text = text_of(site / "handouts" / "aftercare-a4.pdf")
    # The stage names come twice (the recovery timeline, then the checklist): each heading is
    # looked for after the one before it.
    order = ["Aftercare checklist", "What you may see", "First day", "Days 2 to 3",
             "First week", "The weeks after", "When to contact your clinic"]  # fmt: skip
    position = 0
    for heading in order:
        assert heading in text[position:], f"{heading!r} is not after the heading before it"
        position = text.index(heading, position)


def test_checklist_prints_empty_tick_boxes(site: Path) -> None:
    text = text_of(site / "handouts" / "aftercare-a4.pdf")
    assert not re.search("[\u2610-\u2612\u2713\u2714\u2705]", text), "a tick or box glyph printed"
    page = BeautifulSoup(built_page(site, "aftercare.md").read_text(), "html.parser")
    checkboxes = page.select(".checklist input[type=checkbox]")
    assert checkboxes and not any(box.has_attr("checked") for box in checkboxes)


def test_handouts_page_lists_every_pdf_with_paper_and_size(site: Path) -> None:
    page = BeautifulSoup(built_page(site, "handouts.md").read_text(), "html.parser")
    rows = page.select("table.handout-table tbody tr")
    assert len(rows) == len(NEUTRAL_HANDOUTS) * len(PAPER_SIZES)
    for row in rows:
        cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
        assert cells[1] in {"A4", "US Letter"}
        link = row.select_one("a[href]")
        assert link is not None
        pdf = (built_page(site, "handouts.md").parent / str(link["href"])).resolve()
        size = re.search(r"(\d+) KB", cells[3])
        assert pdf.is_file() and size
        assert abs(int(size[1]) - pdf.stat().st_size / 1024) <= 1


@pytest.mark.parametrize(
    ("slug", "source"),
    [("procedure", "procedure.md"), ("aftercare", "aftercare.md"), ("faq", "faq.md")],
)
def test_page_links_to_its_handouts(site: Path, slug: str, source: str) -> None:
    html = built_page(site, source)
    links = BeautifulSoup(html.read_text(), "html.parser").select(".handout-links a[href]")
    targets = {(html.parent / str(link["href"])).resolve() for link in links}
    assert targets == {
        (site / "handouts" / f"{slug}-{paper}.pdf").resolve() for paper in PAPER_SIZES
    }


@pytest.fixture(scope="module")
def branded(built: tuple[Path, HandoutSet], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Handouts printed for the example clinic."""
    output = tmp_path_factory.mktemp("clinics")
    outcome = print_for_clinic(PROJECT / "clinics" / "example.yml", built[1], output)
    assert outcome.error is None and outcome.folder is not None
    assert outcome.pdf_count == len(NEUTRAL_HANDOUTS) * len(PAPER_SIZES)
    return outcome.folder


@pytest.mark.parametrize("paper", list(PAPER_SIZES))
def test_branded_handouts_show_the_clinic(branded: Path, paper: str) -> None:
    clinic = load_clinic(PROJECT / "clinics" / "example.yml")
    for slug, max_pages, _source, url in NEUTRAL_HANDOUTS:
        pdf = branded / f"{slug}-{paper}.pdf"
        text = text_of(pdf)
        assert clinic.name in text and clinic.phone in text
        assert str(clinic.after_hours_phone) in text
        assert PdfReader(pdf).metadata.author == clinic.name  # type: ignore[union-attr]
        if max_pages:
            assert len(PdfReader(pdf).pages) <= max_pages
        assert qr_codes_on_first_page(pdf) == [url]
    aftercare = text_of(branded / f"aftercare-{paper}.pdf")
    assert f"From {clinic.name}" in aftercare
    assert all(note[:40] in aftercare.replace("\r\n", " ") for note in clinic.aftercare_notes)
    assert f"From {clinic.name}" not in text_of(branded / f"faq-{paper}.pdf")


WRITE_IN = "Write your clinic's phone number here"


@pytest.mark.parametrize("slug", ["aftercare", "procedure"])
def test_only_neutral_handouts_leave_a_line_for_the_clinics_phone(
    site: Path, branded: Path, slug: str
) -> None:
    assert WRITE_IN in text_of(site / "handouts" / f"{slug}-a4.pdf")
    assert WRITE_IN not in text_of(branded / f"{slug}-a4.pdf")


def test_clinic_at_every_limit_still_fits_aftercare_within_its_limit(
    built: tuple[Path, HandoutSet], tmp_path: Path
) -> None:
    folder = tmp_path / "clinic"
    folder.mkdir()
    shutil.copy(PROJECT / "clinics" / "example-logo.svg", folder / "logo.svg")
    note = ("Use the gentle cleanser from your kit each morning and evening. " * 3)[:139] + "."
    (folder / "largest.yml").write_text(
        f"name: {('Fernhill Skin and Laser Clinic of Springfield ' * 2)[:80]}\n"
        'phone: "+1 555 0100"\nafter_hours_phone: "+1 555 0199"\n'
        "address: 12 Example Street, Springfield, Long County, Example State 12345\n"
        "website: https://fernhill-clinic.example/\nlogo: logo.svg\n"
        f"aftercare_notes: [{note!r}, {note!r}, {note!r}]\n"
    )
    outcome = print_for_clinic(folder / "largest.yml", built[1], tmp_path / "out")
    assert outcome.error is None, outcome.error


def test_clinic_text_is_printed_as_text_not_markup(
    built: tuple[Path, HandoutSet], tmp_path: Path
) -> None:
    # The loader refuses HTML in clinic files; the handout escapes it all the same.
    clinic = load_clinic(PROJECT / "clinics" / "example.yml").model_copy(
        update={
            "name": "<b>Bold</b> & <script>x()</script> Clinic",
            "aftercare_notes": ("<i>Call</i> us & <u>come</u> back.",),
        }
    )
    write_handouts(built[1], tmp_path, clinic)
    assert "<b>Bold</b> & <script>x()</script> Clinic" in text_of(tmp_path / "faq-a4.pdf")
    assert "<i>Call</i> us & <u>come</u> back." in text_of(tmp_path / "aftercare-a4.pdf")


def test_handout_that_would_be_too_long_is_refused(
    built: tuple[Path, HandoutSet], tmp_path: Path
) -> None:
    handout_set = built[1]
    aftercare = handout_set.pages["aftercare.md"]
    longer = replace(aftercare, html=aftercare.html + "<p>More text to read.</p>" * 150)
    pages = {**handout_set.pages, "aftercare.md": longer}
    outcome = print_for_clinic(
        PROJECT / "clinics" / "example.yml", replace(handout_set, pages=pages), tmp_path
    )
    assert outcome.error is not None
    assert re.search(r"aftercare-a4.pdf prints on \d pages; at most 2 pages allowed", outcome.error)
    assert "shorten docs/aftercare.md or the aftercare_notes in" in outcome.error
    assert not (tmp_path / "example").exists(), "a clinic that failed got a folder"
    assert not list(tmp_path.iterdir()), "temporary files were left behind"


def test_serve_does_not_print_handouts(
    project_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO"):
        build_in_process(project_copy / "mkdocs.yml", tmp_path / "site", command="serve")
    assert "Handouts are not printed in this build" in caplog.text
    assert not list((tmp_path / "site").rglob("*.pdf"))
    handouts_page = built_page(tmp_path / "site", "handouts.md").read_text()
    assert "printed by <code>python build.py</code>" in handouts_page


def test_first_page_is_read_as_one_pdf_stream(site: Path) -> None:
    data = (site / "handouts" / "faq-a4.pdf").read_bytes()
    assert data.startswith(b"%PDF-1.7")
    assert PdfReader(io.BytesIO(data)).pages[0].extract_text()


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
