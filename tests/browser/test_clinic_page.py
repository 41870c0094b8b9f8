"""The clinic page prints a clinic's handouts in the browser: the same handouts the batch prints
for the same clinic, from the site's own files only; the form says what to fix beside each
field; no patient page loads the printer."""

from __future__ import annotations

import io
import json
import random
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Browser, Page, Route

from patient_guide.clinic_files.settings import (
    Clinic,
    ClinicFileError,
    clinic_schema,
    load_clinic,
)
from patient_guide.handouts.jobs import HandoutSet
from patient_guide.handouts.press import Press
from patient_guide.handouts.print_data import clinic_data, grid_data
from patient_guide.handouts.printing import print_jobs
from patient_guide.labels import site_labels
from tests.browser.conftest import DESKTOP_LIGHT, PHONE_DARK, OpenPage, View, page_path
from tests.browser.test_accessibility import assert_no_violations
from tests.conftest import PROJECT
from tests.handout_pdf import body_size, printed_lines, qr_codes_on_page
from tests.hostile_inputs import (
    FOUND_BY_PRINTING,
    HOSTILE_LOGOS,
    HOSTILE_TEXT,
    LOGOS_TYPST_CANNOT_DRAW,
    ODD_BUT_FINE_LOGOS,
    real_png,
)

CLINIC_PAGE = "for-clinics/"
# Half a kilobyte that writes out to a billion notes (nine levels of ten aliases each).
ALIAS_BOMB = (
    b"a0: &a0 [x]\n"
    + b"".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n".encode() for n in range(1, 9))
    + b"name: Fern\nphone: '555 0100'\naftercare_notes: *a8\n"
)
TIMING_NAMES = ["sun_days", "no_makeup_days", "no_retinoid_days", "no_scrub_days",
                "hard_exercise_hours", "call_if_red_on_day", "spf"]  # fmt: skip
PRINTER = "typst_ts_web_compiler"
# A clinic the page has never seen, with a note for each language and a phone for out of hours.
HIDDEN_CLINIC = """\
name: Rowan & Vale Dermatology
phone: "+44 20 7946 0321"
after_hours_phone: "020 7946 0999"
address: 4 Quay Lane, Harbourside
website: https://rowan-vale.example
aftercare_notes:
  - Rinse with cool water only on the first evening.
  - Call us to book your next visit.
translated_aftercare_notes:
  es:
    - Enjuague solo con agua fría la primera noche.
timings:
  sun_days: 10
  no_makeup_days: 2
  hard_exercise_hours: 72
  call_if_red_on_day: 4
  spf: 50
  warning_signs:
    - Blisters on the treated skin.
  translated_warning_signs:
    es:
      - Ampollas en la piel tratada.
"""


# The form has made its handouts, or given up (its button is back, and no longer loading).
FINISHED = """() => {
  const form = document.getElementById("clinic-form");
  return form.dataset.made || !form.querySelector("button[type=submit]").disabled;
}"""


def as_typed(clinic: Clinic) -> dict[str, Any]:
    """A clinic's settings as its staff would type them into the form."""
    return {
        "name": clinic.name,
        "phone": clinic.phone,
        "after_hours_phone": clinic.after_hours_phone,
        "address": clinic.address,
        "website": clinic.website,
        "notes": {"en": list(clinic.notes_in(None)), "es": list(clinic.notes_in("es"))},
        "signs": {
            "en": list(clinic.timings.warning_signs),
            "es": list(clinic.timings.translated_warning_signs.get("es", ())),
        },
        "timings": clinic.timings.model_dump(include=set(TIMING_NAMES)),
    }


def has_words(selector: str) -> str:
    """A function for wait_for_function: true once the element says something. (A function,
    not an expression: Playwright runs an expression with eval, which the site's policy may
    refuse.)"""
    return f"() => document.querySelector({selector!r}).textContent !== ''"


PREVIEWS_DRAWN = """() => [...document.querySelectorAll('.clinic-form__preview')]
  .every(picture => picture.complete && picture.naturalWidth > 0)"""


def fill_in(page: Page, clinic: dict[str, Any], language: str, paper: str, edition: str) -> None:
    for field in ("name", "phone", "after_hours_phone", "address", "website"):
        page.fill(f"#clinic-{field}", clinic.get(field) or "")
    for code, notes in clinic["notes"].items():
        for number, note in enumerate(notes, start=1):
            page.fill(f"#clinic-note-{code}-{number}", note)
    for code, signs in clinic["signs"].items():
        for number, sign in enumerate(signs, start=1):
            page.fill(f"#clinic-sign-{code}-{number}", sign)
    for name, value in clinic["timings"].items():
        page.fill(f"#clinic-{name}", "" if value is None else str(value))
    page.select_option("#clinic-language", language)
    page.select_option("#clinic-paper", paper)
    page.select_option("#clinic-edition", edition)


def made_in_the_browser(page: Page) -> dict[str, bytes]:
    """Make the handouts and save each one the page offers: file name -> PDF."""
    page.click("#clinic-form button[type=submit]")
    return made_in_the_browser_after_asking(page)


def made_in_the_browser_after_asking(page: Page) -> dict[str, bytes]:
    """Once the handouts are asked for: save each one the page offers, file name -> PDF."""
    page.wait_for_function(FINISHED, timeout=120_000)
    status = page.inner_text(".clinic-form__status")
    assert page.get_attribute("#clinic-form", "data-made"), f"nothing made: {status}"
    saved = {}
    links = page.locator(".clinic-form__files a")
    for number in range(links.count()):
        with page.expect_download() as download:
            links.nth(number).click()
        saved[download.value.suggested_filename] = Path(download.value.path()).read_bytes()
    return saved


def type_sizes(pdf: bytes) -> list[float]:
    """Every type size a PDF prints in, the body's first."""
    lines = printed_lines(pdf)
    return [body_size(lines), *sorted({round(line.size, 2) for line in lines})]


def what_it_prints(pdf: bytes) -> dict[str, Any]:
    """What a reader, a screen reader and a printer get from a PDF: each page's text, the
    fonts, the tag tree's roles, the pictures, the language and the author."""
    document = pdfium.PdfDocument(pdf)
    text = [document[n].get_textpage().get_text_range() for n in range(len(document))]
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        fonts = sorted(
            {
                str(font.get("/BaseFont"))
                for page in opened.pages
                for font in (page.Resources.get("/Font") or {}).values()
            }
        )
        roles: list[str] = []
        tree = opened.Root.get("/StructTreeRoot")
        stack: list[Any] = [tree] if tree is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Dictionary):
                if "/S" in node:
                    roles.append(str(node.S))
                kids = node.get("/K")
                stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
        pictures = sum(len(page.get_images()) for page in opened.pages)
        author = str(opened.open_metadata().get("dc:creator"))
        language = str(opened.Root.get("/Lang"))
    return {
        "pages": len(text),
        "text": text,
        "fonts": fonts,
        "roles": sorted(roles),
        "pictures": pictures,
        "language": language,
        "author": author,
    }


@pytest.mark.parametrize(
    ("language", "paper", "edition", "logo"),
    [("en", "a4", "regular", "logo.svg"), ("es", "letter", "large-print", "logo.png")],
)
def test_the_clinic_page_prints_what_the_batch_prints(
    open_page: OpenPage,
    served_handouts: dict[str, HandoutSet],
    tmp_path: Path,
    language: str,
    paper: str,
    edition: str,
    logo: str,
) -> None:
    logo_file = tmp_path / logo
    if logo.endswith(".svg"):
        logo_file.write_bytes((PROJECT / "clinics" / "example-logo.svg").read_bytes())
    else:
        logo_file.write_bytes(real_png())
    clinic_file = tmp_path / "rowan-vale.yml"
    clinic_file.write_text(f"{HIDDEN_CLINIC}logo: {logo}\n", encoding="utf-8")
    clinic = load_clinic(clinic_file)
    handout_set = served_handouts[language]
    jobs = [
        job
        for job in print_jobs(handout_set, clinic)
        if job.paper == paper and job.edition == edition
    ]
    press = Press(handout_set.template_folder)
    batch = {job.file_name: press.typeset(job).pdf for job in jobs}

    # Each language's page, printing its own language's handouts (the page prints every
    # language: the form's choice, tested above through the grid and below through the file).
    clinic_page = page_path("for-clinics.md", "" if language == "en" else f"{language}/")
    page, log = open_page(clinic_page, until="load")
    fill_in(page, as_typed(clinic), language, paper, edition)
    page.fill("#clinic-website", "https://rowan-vale.example")  # as typed: the batch adds "/"
    page.set_input_files("#clinic-logo", logo_file)
    saved = made_in_the_browser(page)
    browser = {name: pdf for name, pdf in saved.items() if name.endswith(".pdf")}
    zip_name = f"rowan-vale-dermatology-{language}-{paper}-{edition}.zip"
    with zipfile.ZipFile(io.BytesIO(saved.pop(zip_name))) as all_of_them:
        assert all_of_them.testzip() is None
        assert {name: all_of_them.read(name) for name in all_of_them.namelist()} == browser
    assert sorted(saved) == sorted(browser)  # each handout, and the zip of all

    assert sorted(browser) == sorted(batch)
    # Each handout shows its first page, drawn whole, the shape of its paper.
    page.wait_for_function(PREVIEWS_DRAWN)
    previews = page.eval_on_selector_all(
        ".clinic-form__preview", "all => all.map(p => [p.naturalHeight / p.naturalWidth, p.alt])"
    )
    shape = 297 / 210 if paper == "a4" else 11 / 8.5
    assert len(previews) == len(batch)
    assert all(abs(height - shape) < 0.01 for height, _ in previews), previews
    assert all(alt.startswith(("The first page of", "La primera página")) for _, alt in previews)
    for name, pdf in browser.items():
        made_here, made_by_batch = what_it_prints(pdf), what_it_prints(batch[name])
        assert made_here == made_by_batch, name
        assert clinic.name in made_here["text"][0], name
        # The checks the command line's handouts pass: the QR code, the type sizes, the size
        # (not packed into object streams, the page's PDFs are about twice as large).
        assert qr_codes_on_page(pdf, 0) == qr_codes_on_page(batch[name], 0) != [], name
        assert type_sizes(pdf) == type_sizes(batch[name]), name
        assert len(pdf) < 3 * len(batch[name]), name
    assert any(PRINTER in url for url in log.seen), "the printer was not loaded from the site"


def test_what_was_typed_saves_as_a_clinic_file_the_batch_reads_the_same(
    open_page: OpenPage, tmp_path: Path
) -> None:
    (tmp_path / "logo.svg").write_bytes((PROJECT / "clinics" / "example-logo.svg").read_bytes())
    typed_file = tmp_path / "rowan-vale.yml"
    typed_file.write_text(f"{HIDDEN_CLINIC}logo: logo.svg\n", encoding="utf-8")
    clinic = load_clinic(typed_file)
    page, _ = open_page(CLINIC_PAGE, until="load")
    fill_in(page, as_typed(clinic), "en", "a4", "regular")
    page.set_input_files("#clinic-logo", tmp_path / "logo.svg")
    page.click("#clinic-form [data-save]")
    with page.expect_download() as download:
        page.locator(".clinic-form__files a").last.click()
    assert download.value.suggested_filename == "rowan-vale-dermatology.yml"
    saved_file = tmp_path / "saved" / download.value.suggested_filename
    saved_file.parent.mkdir()
    download.value.save_as(saved_file)
    (saved_file.parent / "logo.svg").write_bytes((tmp_path / "logo.svg").read_bytes())
    text = saved_file.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=clinic.schema.json\n")
    saved = load_clinic(saved_file)
    kept = {"source", "logo"}  # where each file is, not what it says
    assert saved.model_dump(exclude=kept) == clinic.model_dump(exclude=kept)


def test_a_clinic_file_loads_back_into_the_form(open_page: OpenPage) -> None:
    example = PROJECT / "clinics" / "example.yml"
    clinic = load_clinic(example)
    page, _ = open_page(CLINIC_PAGE, until="load")
    page.set_input_files("#clinic-clinic_file", example)
    page.wait_for_selector("#clinic-form[data-loaded]")
    typed = as_typed(clinic)
    for field in ("name", "phone", "after_hours_phone", "address", "website"):
        assert page.input_value(f"#clinic-{field}") == (typed[field] or ""), field
    for code, notes in typed["notes"].items():
        shown = [page.input_value(f"#clinic-note-{code}-{number}") for number in (1, 2, 3)]
        assert shown == [*notes, *[""] * (3 - len(notes))], code
    assert "example-logo.svg" in page.inner_text(".clinic-form__status")  # choose it again


# Files a clinic might load that are not clinic files the batch reads, and what the form says.
NOT_CLINIC_FILES = {
    "a list": (b"- just\n- a list\n", "cannot be read as a clinic file"),
    "broken YAML": (b"name: [unclosed\n", "cannot be read as a clinic file"),
    "a picture": (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "cannot be read as a clinic file"),
    "too big": (b"name: x\n" + b"# padding\n" * 7000, "too big"),
    "alias bomb": (ALIAS_BOMB, "a0 is not something the form can take"),
    "a list for a name": (b"name: [1, 2]\nphone: '555 0100'\n", "name is not something"),
    "a misspelt key": (b"nmae: Fern\nphone: '555 0100'\n", "nmae is not something"),
    "a word for a number": (b"name: Fern\ntimings: {sun_days: x}\n", "timings: sun_days is"),
}


def test_a_file_that_is_not_a_clinic_file_is_refused_beside_the_field(
    open_page: OpenPage,
) -> None:
    page, _ = open_page(CLINIC_PAGE, until="load")
    for kind, (content, says) in NOT_CLINIC_FILES.items():
        page.evaluate("document.getElementById('clinic-clinic_file-problem').textContent = ''")
        chosen = {"name": f"{kind}.yml", "mimeType": "application/yaml", "buffer": content}
        page.set_input_files("#clinic-clinic_file", chosen)  # type: ignore[arg-type]
        page.wait_for_function(has_words("#clinic-clinic_file-problem"))
        assert says in page.inner_text("#clinic-clinic_file-problem"), kind
        assert page.input_value("#clinic-name") == "", kind


def test_the_form_says_what_to_fix_beside_each_field_and_prints_nothing(
    open_page: OpenPage,
) -> None:
    page, log = open_page(CLINIC_PAGE, until="load")
    page.fill("#clinic-phone", "555 12")  # 5 digits: a phone number has 6 to 15
    page.fill("#clinic-website", "rowan-vale.example")  # not in full
    page.fill("#clinic-note-en-1", "x" * 141)
    page.click("#clinic-form button[type=submit]")
    page.wait_for_function(has_words(".clinic-form__status"))
    problems = {
        field: page.inner_text(f"#clinic-{field}-problem")
        for field in ("name", "phone", "website", "note-en-1", "after_hours_phone")
    }
    assert problems["name"] == "Fill this in."
    assert "+1 555 0100" in problems["phone"]
    assert "https://fernhill.example/" in problems["website"]
    assert "140" in problems["note-en-1"]
    assert problems["after_hours_phone"] == ""  # left empty: it is optional
    assert page.get_attribute("#clinic-phone", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "clinic-name"
    assert not any(PRINTER in url for url in log.seen), "the printer loaded for a wrong form"


def some_timings(count: int) -> list[dict[str, int | None]]:
    """Timings a clinic may set: none, the fewest, the most, and count mixes within the
    schema's limits (each left out now and then)."""
    limits = clinic_schema()["$defs"]["ClinicTimings"]["properties"]
    ranges = {
        name: list(range(limits[name]["minimum"], limits[name]["maximum"] + 1,
                         limits[name].get("multipleOf", 1)))
        for name in TIMING_NAMES
    }  # fmt: skip
    chosen = random.Random(26)
    mixes = [
        {name: chosen.choice([None, *values]) for name, values in ranges.items()}
        for _ in range(count)
    ]
    fewest: dict[str, int | None] = {name: values[0] for name, values in ranges.items()}
    most: dict[str, int | None] = {name: values[-1] for name, values in ranges.items()}
    return [dict.fromkeys(TIMING_NAMES), fewest, most, *mixes]


# The grid and the call box's words, as the page's printer (a module it loads when asked) makes
# them for a clinic's timings.
PRINT_DATA = """async ([rules, timings, words]) => {
  const entry = document.querySelector("script[src*='clinic-handouts']").src;
  const printing = await import(new URL("clinic-printing.js", entry).href);
  return [
    printing.dayGrid(rules, timings, words),
    printing.timingWords(timings, words),
    printing.ownTimings(timings),
  ];
}"""


def test_the_page_makes_the_grid_and_the_call_box_words_the_batch_makes(
    open_page: OpenPage, served_handouts: dict[str, HandoutSet], tmp_path: Path
) -> None:
    page, _ = open_page(CLINIC_PAGE, until="load")
    for language, handout_set in served_handouts.items():
        kit = "/" + page_path("handouts.md", "" if language == "en" else f"{language}/") + "kit/"
        rules = page.evaluate(f"fetch('{kit}rules.json').then(r => r.json())")
        job = next(job for job in print_jobs(handout_set) if job.rules)
        for number, timings in enumerate(some_timings(12)):
            settings = {name: value for name, value in timings.items() if value is not None}
            clinic_file = tmp_path / f"clinic-{language}-{number}.yml"
            clinic_file.write_text(
                f"name: Rowan\nphone: '555 0100'\ntimings: {json.dumps(settings)}\n"
            )
            branded = replace(job, clinic=load_clinic(clinic_file))
            words = job.labels["grid"]
            made = page.evaluate(PRINT_DATA, [rules, timings, words])
            assert made[0] == grid_data(branded), (language, timings)
            clinic = clinic_data(branded)
            assert clinic is not None
            assert made[1] == clinic["timing_words"], (language, timings)
            assert made[2] == clinic["own_timings"], (language, timings)


def logo_problem(page: Page, name: str, content: bytes) -> str:
    """Choose a logo in the form; what the form says of it (nothing when it takes it)."""
    kind = "image/png" if name.endswith(".png") else "image/svg+xml"
    page.set_input_files("#clinic-logo", files=[])
    page.wait_for_function(f"() => !({has_words('#clinic-logo-problem')})()")
    page.evaluate("document.getElementById('clinic-logo').dataset.checked = ''")
    page.set_input_files("#clinic-logo", {"name": name, "mimeType": kind, "buffer": content})
    page.wait_for_function(LOGO_CHECKED)
    return page.inner_text("#clinic-logo-problem")


# The form has checked the chosen logo: it says what is wrong, or it has taken it.
LOGO_CHECKED = """() => document.getElementById('clinic-logo-problem').textContent !== ''
  || document.getElementById('clinic-logo').dataset.checked === 'taken'"""


def test_the_page_refuses_each_logo_the_batch_refuses_and_takes_what_it_takes(
    open_page: OpenPage,
) -> None:
    page, log = open_page(CLINIC_PAGE, until="load")
    refused = {
        name: logo_problem(page, name, logo)
        for name, (logo, _) in HOSTILE_LOGOS.items()
        if name not in FOUND_BY_PRINTING
    }
    assert all(refused.values()), [name for name, said in refused.items() if not said]
    # Read, not shown: the browser's own policy refuses the styles and handlers the hostile
    # logos hold even while the form reads them, and says so. Seen: not a fault of the site.
    assert any("inline event handler" in said for said in log.refused)
    log.refused.clear()
    taken = {
        "example-logo.svg": (PROJECT / "clinics" / "example-logo.svg").read_bytes(),
        "logo.png": real_png(),
        **ODD_BUT_FINE_LOGOS,
    }
    assert {name: logo_problem(page, name, logo) for name, logo in taken.items()} == dict.fromkeys(
        taken, ""
    )
    assert not any(PRINTER in url for url in log.seen)  # checked before any printing


def test_a_logo_typst_cannot_draw_is_refused_before_any_handout_is_printed(
    open_page: OpenPage,
) -> None:
    logos = {name: HOSTILE_LOGOS[name][0] for name in FOUND_BY_PRINTING if name in HOSTILE_LOGOS}
    page, _ = open_page(CLINIC_PAGE, until="load")
    page.fill("#clinic-name", "Fern Clinic")
    page.fill("#clinic-phone", "555 0100")
    for name, logo in {**logos, **LOGOS_TYPST_CANNOT_DRAW}.items():
        assert logo_problem(page, name, logo) == "", name  # its headers are sound
        page.click("#clinic-form button[type=submit]")
        page.wait_for_function(FINISHED)
        assert "Export it again" in page.inner_text("#clinic-logo-problem"), name
        assert page.locator(".clinic-form__files li").count() == 0, name
        assert page.get_attribute("#clinic-form", "data-made") is None


def problem_after_submit(page: Page, field: str, value: str) -> str:
    """What the form says beside a field holding value, once the clinic asks for handouts."""
    page.fill(f"#clinic-{field}", value)
    page.evaluate(f"document.getElementById('clinic-{field}-problem').textContent = ''")
    page.click("#clinic-form button[type=submit]")
    page.wait_for_function(has_words(f"#clinic-{field}-problem"))
    said = page.inner_text(f"#clinic-{field}-problem")
    page.fill(f"#clinic-{field}", "")
    return said


def test_the_page_refuses_text_the_handouts_cannot_print(open_page: OpenPage) -> None:
    page, _ = open_page(CLINIC_PAGE, until="load")
    for field in ("name", "address", "note-en-1"):
        for kind, (text, _) in HOSTILE_TEXT.items():
            said = problem_after_submit(page, field, text)
            assert "cannot print" in said or "invisible or control character" in said, kind


# Values the batch refuses in a clinic file, typed into the form: it refuses each beside its
# field (field in the form, key in the file, value).
REFUSED_BY_BOTH = [
    ("name", "name", "<b>Fernhill</b>"),
    ("name", "name", "Fern\thill"),
    ("name", "name", "Fern\u00adhill"),
    ("address", "address", "12 Main St <!-- x"),
    ("website", "website", "https://host.example:abc/"),
    ("website", "website", "https://@/"),
    ("website", "website", "https://host.example:99999/"),
    ("website", "website", "HTTPS://EXAMPLE.COM"),
    ("website", "website", "https://ex.example/<b>"),
]


def test_the_form_refuses_what_the_batch_refuses(open_page: OpenPage, tmp_path: Path) -> None:
    page, _ = open_page(CLINIC_PAGE, until="load")
    for field, key, value in REFUSED_BY_BOTH:
        clinic_file = tmp_path / "fern.yml"
        settings = {**FERN, key: value}
        clinic_file.write_text(json.dumps(settings), encoding="utf-8")  # JSON is YAML
        with pytest.raises(ClinicFileError):
            load_clinic(clinic_file)
        assert problem_after_submit(page, field, value), (field, value)


FERN = {"name": "Fern", "phone": "555 0100"}


def test_signs_in_the_main_language_need_every_other_and_not_the_reverse(
    open_page: OpenPage, tmp_path: Path
) -> None:
    """As the batch, which prints every language: English signs need Spanish ones too; Spanish
    signs alone are the Spanish handouts' own."""
    clinic_file = tmp_path / "fern.yml"
    english_only = {"warning_signs": ["Blisters."]}
    clinic_file.write_text(json.dumps({**FERN, "timings": english_only}))
    with pytest.raises(ClinicFileError):
        load_clinic(clinic_file, translations=["es"])
    spanish_only = {"translated_warning_signs": {"es": ["Ampollas."]}}
    clinic_file.write_text(json.dumps({**FERN, "timings": spanish_only}))
    load_clinic(clinic_file, translations=["es"])

    page, _ = open_page(CLINIC_PAGE, until="load")
    page.fill("#clinic-name", "Fern Clinic")
    page.fill("#clinic-phone", "555 0100")
    page.fill("#clinic-sign-en-1", "Blisters.")
    page.click("#clinic-form [data-save]")
    page.wait_for_function(has_words("#clinic-sign-es-1-problem"))
    page.fill("#clinic-sign-en-1", "")
    page.fill("#clinic-sign-es-1", "Ampollas.")
    page.click("#clinic-form [data-save]")
    page.wait_for_function("() => document.querySelector('.clinic-form__files a') !== null")
    assert page.inner_text("#clinic-sign-es-1-problem") == ""


def test_text_that_looks_like_pdf_structure_prints_as_text(open_page: OpenPage) -> None:
    page, _ = open_page(CLINIC_PAGE, until="load")
    page.fill("#clinic-name", "Fernhill /Type /Page")
    page.fill("#clinic-phone", "555 0100")
    page.click("#clinic-form button[type=submit]")
    page.wait_for_function(FINISHED, timeout=120_000)
    assert page.get_attribute("#clinic-form", "data-made") == "4"


@pytest.mark.parametrize("view", [DESKTOP_LIGHT, PHONE_DARK], ids=lambda view: view.name)
def test_the_clinic_page_has_no_wcag_violations(open_page: OpenPage, view: View) -> None:
    page, _ = open_page(CLINIC_PAGE, view)
    page.click("#clinic-form button[type=submit]")  # with its problems shown
    page.wait_for_selector("#clinic-name[aria-invalid]")
    page.mouse.move(0, 0)  # no button is hovered by chance
    assert_no_violations(page, view, "for-clinics", full_page=True)


def test_the_offline_copy_leaves_the_printer_out(kiosk: Path, browser: Browser) -> None:
    """A browser does not load the printer from disk: the copy for a USB stick is 30 MB lighter
    without it (the kit's data stay: they are small). Its clinic page says where the form works,
    and its button, off, sends nothing: the form's script is a module, which a browser does not
    run from disk."""
    kit = kiosk / "handouts" / "kit"
    assert (kit / "index.json").is_file()
    assert not (kit / "typst").exists()
    context = browser.new_context()
    page = context.new_page()
    page.goto((kiosk / "for-clinics.html").as_uri())
    words = site_labels(PROJECT / "docs")["clinic_form"]
    assert page.inner_text(".clinic-form__status") == words["needs_script"]
    assert page.is_disabled("#clinic-form button[type=submit]")
    context.close()


def test_once_its_script_runs_the_form_can_be_sent(open_page: OpenPage) -> None:
    page, _ = open_page(CLINIC_PAGE, until="load")
    page.wait_for_function("() => !document.querySelector('#clinic-form [type=submit]').disabled")
    assert page.inner_text(".clinic-form__status") == ""


FOCUSED = "() => document.activeElement.id || document.activeElement.textContent.trim()"


def tab_to(page: Page, wanted: str, most: int = 80) -> None:
    """Press Tab until the element with this id (or these words) has the focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == wanted:
            return
    raise AssertionError(f"Tab never reached {wanted}")


def test_a_clinic_makes_its_handouts_with_the_keyboard_alone(open_page: OpenPage) -> None:
    page, _ = open_page(CLINIC_PAGE, until="load")
    words = site_labels(PROJECT / "docs")["clinic_form"]
    tab_to(page, "clinic-name")
    page.keyboard.type("Fern Clinic")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "clinic-phone", "the phone follows the name"
    page.keyboard.type("555 0100")
    tab_to(page, words["make"])
    page.keyboard.press("Enter")
    page.wait_for_function(FINISHED, timeout=120_000)
    assert page.get_attribute("#clinic-form", "data-made") == "4"
    first = page.locator(".clinic-form__files a").first.inner_text()
    tab_to(page, first)  # what was made is reached with the keyboard too
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pdf")


def test_once_it_has_printed_the_page_prints_on_without_the_network(
    open_page: OpenPage, tmp_path: Path
) -> None:
    """After its first handouts the page holds its printer and every language's print kit:
    with the network gone it prints on, in another language, paper and print size, and asks
    for nothing (a request offline would fail the test)."""
    page, _ = open_page(CLINIC_PAGE, until="load")
    page.fill("#clinic-name", "Fern Clinic")
    page.fill("#clinic-phone", "555 0100")
    first = made_in_the_browser(page)
    assert "aftercare-a4.pdf" in first
    page.context.set_offline(True)
    page.evaluate("delete document.getElementById('clinic-form').dataset.made")
    page.evaluate("document.querySelector('.clinic-form__files').textContent = ''")
    page.select_option("#clinic-language", "es")
    page.select_option("#clinic-paper", "letter")
    page.select_option("#clinic-edition", "large-print")
    logo = tmp_path / "logo.svg"  # its check too was kept
    logo.write_bytes((PROJECT / "clinics" / "example-logo.svg").read_bytes())
    page.set_input_files("#clinic-logo", logo)
    page.wait_for_function(LOGO_CHECKED)
    assert page.get_attribute("#clinic-logo", "data-checked") == "taken"
    offline = made_in_the_browser(page)
    pdfs = sorted(name for name in offline if name.endswith(".pdf"))
    assert pdfs == sorted(name.replace("-a4", "-large-print-letter") for name in first if
                          name.endswith(".pdf")), pdfs  # fmt: skip
    assert all(offline[name].startswith(b"%PDF-") for name in pdfs)


def test_offline_before_its_printer_is_loaded_the_page_says_to_connect_once(
    open_page: OpenPage,
) -> None:
    page, log = open_page(CLINIC_PAGE, until="load")
    page.fill("#clinic-name", "Fern Clinic")
    page.fill("#clinic-phone", "555 0100")
    page.context.set_offline(True)
    page.click("#clinic-form button[type=submit]")
    page.wait_for_function(FINISHED)
    words = site_labels(PROJECT / "docs")["clinic_form"]
    assert page.inner_text(".clinic-form__status") == words["offline"]
    assert all("ERR_INTERNET_DISCONNECTED" in error for error in log.errors), log.errors
    log.errors.clear()  # the requests the page made offline, on purpose
    page.context.set_offline(False)  # connected again, it loads what failed and prints
    assert "aftercare-a4.pdf" in made_in_the_browser(page)


def test_a_logo_still_being_checked_when_handouts_are_asked_for_is_printed(
    open_page: OpenPage, tmp_path: Path
) -> None:
    """The check of a logo loads when one is first chosen; a clinic that asks for its handouts
    before the check is done gets them with the logo (the page waits for the check)."""
    page, _ = open_page(CLINIC_PAGE, until="load")
    page.fill("#clinic-name", "Fern Clinic")
    page.fill("#clinic-phone", "555 0100")
    held: list[Route] = []
    page.route("**/clinic-logo.js", lambda route: held.append(route))  # the check, held back
    logo = tmp_path / "logo.svg"
    logo.write_bytes((PROJECT / "clinics" / "example-logo.svg").read_bytes())
    page.set_input_files("#clinic-logo", logo)
    while not held:
        page.wait_for_timeout(20)
    page.click("#clinic-form button[type=submit]")
    page.wait_for_timeout(200)  # the page has the request for handouts while the check waits
    held[0].continue_()
    saved = made_in_the_browser_after_asking(page)
    first = next(pdf for name, pdf in saved.items() if name.endswith(".pdf"))
    assert "Fernhill" in what_it_prints(first)["text"][0], "the logo (its word) is printed"


def test_a_logo_taken_away_while_its_check_loads_is_not_printed(
    open_page: OpenPage, tmp_path: Path
) -> None:
    page, _ = open_page(CLINIC_PAGE, until="load")
    page.fill("#clinic-name", "Fern Clinic")
    page.fill("#clinic-phone", "555 0100")
    held: list[Route] = []
    page.route("**/clinic-logo.js", lambda route: held.append(route))
    logo = tmp_path / "logo.svg"
    logo.write_bytes((PROJECT / "clinics" / "example-logo.svg").read_bytes())
    page.set_input_files("#clinic-logo", logo)
    while not held:
        page.wait_for_timeout(20)
    page.set_input_files("#clinic-logo", files=[])  # the clinic changes its mind
    held[0].continue_()
    saved = made_in_the_browser(page)
    first = next(pdf for name, pdf in saved.items() if name.endswith(".pdf"))
    assert "Fernhill" not in what_it_prints(first)["text"][0], "the logo taken away is printed"


def test_a_logo_whose_file_name_the_batch_could_not_read_is_not_saved(open_page: OpenPage) -> None:
    page, _ = open_page(CLINIC_PAGE, until="load")
    page.fill("#clinic-name", "Fern Clinic")
    page.fill("#clinic-phone", "555 0100")
    assert logo_problem(page, "<b>logo.png", real_png()) == ""  # it prints as it is
    page.click("#clinic-form [data-save]")
    page.wait_for_function(has_words("#clinic-logo-problem"))
    assert "Rename the logo file" in page.inner_text("#clinic-logo-problem")
    assert page.locator(".clinic-form__files a").count() == 0
