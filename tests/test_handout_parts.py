"""Unit tests: the handout catalog, CSS escaping, id scoping, the fetcher and warning capture."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from patient_guide.data_files import DataFileError
from patient_guide.handouts.catalog import Handout, handouts_of_page, load_handouts
from patient_guide.handouts.local_files import LocalFilesOnly
from patient_guide.handouts.printing import HandoutSet, print_jobs
from patient_guide.handouts.rendering import (
    HandoutError,
    HandoutRenderer,
    absolute_links,
    css_string,
    scoped_ids,
    short_url,
)
from tests.conftest import PROJECT

PAGES = {"faq.md", "aftercare.md"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("slug: x", ": must be a list of handouts"),
        ("- {slug: x, title: X}", ":1: handout 1: pages: missing; add e.g. pages: [aftercare.md]"),
        ("- {slug: x, title: X, pages: [faq.md], colour: red}",
         ":1: handout 1: colour: unknown key; the keys are slug, title, pages"),
        ("- {slug: x, title: X, pages: []}", ":1: handout 1: pages: needs at least 1 item"),
        ("- slug: x\n  title: X\n  pages: faq.md", ":3: handout 1: pages: must be a list"),
        ("- {slug: x, title: X, pages: [gone.md]}", ":1: handout 1: pages: 'gone.md' is not a"),
        ("- {slug: x, title: X, pages: [faq.md], max_pages: 0}",
         ":1: handout 1: max_pages: input should be greater than or equal to 1"),
        ("- {slug: x, title: X, pages: [faq.md], max_pages: two}",
         ":1: handout 1: max_pages: must be a whole number"),
        ("- {slug: x, title: X, pages: [faq.md]}\n- {slug: x, title: Y, pages: [faq.md]}",
         ": two handouts share a slug"),
        ("- {slug: x, title: X, pages: [faq.md]\n", ":1: not valid YAML: while parsing a flow"),
    ],
)  # fmt: skip
def test_bad_handout_catalog_is_explained(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "handouts.yml"
    path.write_text(content)
    with pytest.raises(DataFileError) as error:
        load_handouts(path, PAGES)
    assert str(error.value).startswith(f"{path}{message}"), str(error.value)


def test_catalog_reads_handouts_and_finds_a_page_handout(tmp_path: Path) -> None:
    path = tmp_path / "handouts.yml"
    path.write_text(
        "- {slug: faq, title: FAQ, pages: [faq.md], max_pages: 2}\n"
        "- {slug: all, title: All, pages: [faq.md, aftercare.md], clinic_notes: true}\n"
    )
    faq, booklet = load_handouts(path, PAGES)
    assert faq == Handout(slug="faq", title="FAQ", pages=("faq.md",), max_pages=2)
    assert booklet.clinic_notes and booklet.max_pages is None
    assert faq.site_path("letter") == "handouts/faq-letter.pdf"
    assert handouts_of_page([faq, booklet], "faq.md") == [faq]
    assert handouts_of_page([faq, booklet], "aftercare.md") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fern Clinic", '"Fern Clinic"'),
        ('Say "hi"', '"Say \\22 hi\\22 "'),
        ("</style><script>", '"\\3C /style\\3E \\3C script\\3E "'),
        ("a\\b\nc", '"a\\5C b\\A c"'),
    ],
)
def test_css_string_cannot_escape_its_quotes(text: str, expected: str) -> None:
    assert css_string(text) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<h2 id="pain">Pain</h2>', '<h2 id="faq--pain">Pain</h2>'),
        ('<a href="#pain">x</a> <a href="../sources/#s">y</a>',
         '<a href="#faq--pain">x</a> <a href="../sources/#s">y</a>'),
        ('<input id="c1"><label for="c1">', '<input id="faq--c1"><label for="faq--c1">'),
    ],
)  # fmt: skip
def test_ids_are_scoped_to_their_page(html: str, expected: str) -> None:
    assert scoped_ids(html, "faq") == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://a.example/faq/", "a.example/faq"), ("http://a.example/", "a.example")],
)
def test_short_url_is_what_people_type(url: str, expected: str) -> None:
    assert short_url(url) == expected


def test_fetcher_serves_only_files_inside_the_build(tmp_path: Path) -> None:
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("secret")
    fetcher = LocalFilesOnly([inside])
    assert fetcher.fetch((inside / "logo.svg").as_uri()).read()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for blocked in [
        "https://example.org/logo.png",
        "http://127.0.0.1/",
        (tmp_path / "secret.txt").as_uri(),
        (inside / ".." / "secret.txt").as_uri(),
        "ftp://example.org/x",
    ]:
        with pytest.raises(ValueError, match="only use files inside the build"):
            fetcher.fetch(blocked)


@pytest.fixture
def handout_set(built: tuple[Path, HandoutSet]) -> HandoutSet:
    return built[1]


@pytest.mark.parametrize(
    ("addition", "message"),
    [
        ('<img src="nowhere.png" alt="">', "nowhere.png"),
        ('<img src="https://tracker.example/pixel.png" alt="">', "tracker.example"),
        ('<img src="file:///etc/hostname" alt="">', "/etc/hostname"),
    ],
)
def test_missing_or_outside_resource_fails_the_handout(
    handout_set: HandoutSet, tmp_path: Path, addition: str, message: str
) -> None:
    templates = tmp_path / "handout"
    shutil.copytree(PROJECT / "overrides" / "handout", templates)
    template = templates / "handout.html"
    template.write_text(template.read_text().replace("<main>", f"<main>{addition}"))
    job = print_jobs(handout_set)[0]
    with pytest.raises(HandoutError, match=message):
        HandoutRenderer(templates).render(job)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="../sources/#source-001">1</a>', "https://g.example/sources/#source-001"),
        ('<a href="../faq/">FAQ</a>', "https://g.example/faq/"),
        ('<a href="/handouts/faq-a4.pdf">PDF</a>', "https://g.example/handouts/faq-a4.pdf"),
        ('<a href="#day-one">Day one</a>', "#day-one"),
        ('<a href="https://other.example/x">x</a>', "https://other.example/x"),
        ('<a href="mailto:clinic@example.org">mail</a>', "mailto:clinic@example.org"),
    ],
)
def test_links_to_other_pages_point_at_the_website(html: str, expected: str) -> None:
    assert f'href="{expected}"' in absolute_links(html, "https://g.example/aftercare/")


def test_loading_the_handouts_hook_does_not_import_weasyprint() -> None:
    # Importing WeasyPrint takes about a second; builds without handouts should not pay it.
    code = (
        "import sys, runpy; "
        "[runpy.run_path(f'hooks/{hook}.py') for hook in "
        "('handouts', 'web_pages', 'page_templating', 'page_metadata', 'hosting')]; "
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.stdout.strip() == "False", result.stderr
