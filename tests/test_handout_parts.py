"""Unit tests: the handout catalog, the article as printed blocks, and the Typst typesetter."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from patient_guide.addresses import short_url
from patient_guide.data_files import DataFileError
from patient_guide.handouts.article_blocks import printed_article
from patient_guide.handouts.catalog import Handout, handouts_of_page, load_handouts
from patient_guide.handouts.jobs import HandoutError, HandoutSet
from patient_guide.handouts.pictures import site_pictures
from patient_guide.handouts.press import Press
from patient_guide.handouts.printing import print_jobs
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
        ("- {slug: x, title: X, pages: [faq.md], clinic_notes: aftercare.md}",
         ":1: handout 1: clinic_notes: 'aftercare.md' is not one of its pages"),
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
        "- {slug: all, title: All, pages: [faq.md, aftercare.md], clinic_notes: aftercare.md}\n"
    )
    faq, booklet = load_handouts(path, PAGES)
    assert faq == Handout(slug="faq", title="FAQ", pages=("faq.md",), max_pages=2)
    assert booklet.clinic_notes == "aftercare.md" and booklet.max_pages is None
    assert faq.site_path("letter") == "handouts/faq-letter.pdf"
    assert faq.site_path("a4", "large-print") == "handouts/faq-large-print-a4.pdf"
    assert (faq.page_limit("regular"), faq.page_limit("large-print")) == (2, None)
    assert handouts_of_page([faq, booklet], "faq.md") == [faq]
    assert handouts_of_page([faq, booklet], "aftercare.md") == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://a.example/faq/", "a.example/faq"), ("http://a.example/", "a.example")],
)
def test_short_url_is_what_people_type(url: str, expected: str) -> None:
    assert short_url(url) == expected


PAGE_URL = "https://g.example/aftercare/"


def text(words: str) -> dict[str, Any]:
    return {"kind": "text", "text": words}


def paragraph(*runs: dict[str, Any], classes: list[str] | None = None) -> dict[str, Any]:
    return {"kind": "paragraph", "classes": classes or [], "runs": list(runs)}


@pytest.mark.parametrize(
    ("html", "blocks"),
    [
        ('<h2 id="d">Day one<a class="headerlink" href="#d">&para;</a></h2>',
         [{"kind": "heading", "level": 2, "id": "d", "runs": [text("Day one")]}]),
        ("<p>Stay\n   out   of the sun.</p>", [paragraph(text("Stay out of the sun."))]),
        ('<p>See <a href="../faq/">the FAQ</a> or <a href="#d">above</a>.</p>',
         [paragraph(text("See "),
                    {"kind": "link", "url": "https://g.example/faq/", "shown": "g.example/faq",
                     "runs": [text("the FAQ")]},
                    text(" or above."))]),
        ("<p>Use <strong>only</strong> <em>mild</em> <dfn>SPF</dfn>.</p>",
         [paragraph(text("Use "), {"kind": "strong", "runs": [text("only")]}, text(" "),
                    {"kind": "emph", "runs": [text("mild")]}, text(" "),
                    {"kind": "term", "runs": [text("SPF")]}, text("."))]),
        ('<p>Sí: <span lang="es">gracias</span></p>',
         [paragraph(text("Sí: "), {"kind": "language", "lang": "es", "runs": [text("gracias")]})]),
        ('<ul class="task-list"><li class="task-list-item"><label class="task-list-control">'
         '<input type="checkbox"/><span class="task-list-indicator"></span> Wear a hat.</label>'
         "</li></ul>",
         [{"kind": "list", "ordered": False, "classes": ["task-list"],
           "items": [{"tick": True, "blocks": [paragraph(text("Wear a hat."))]}]}]),
        ('<ol><li>One</li><li><span class="web-only">Only online</span></li></ol>',
         [{"kind": "list", "ordered": True, "classes": [],
           "items": [{"tick": False, "blocks": [paragraph(text("One"))]}]}]),
        ('<div class="admonition warning"><p class="admonition-title">Call if</p>'
         '<p><span class="prompt">It hurts.</span></p></div>',
         [{"kind": "box", "variant": "warning", "title": [text("Call if")],
           "blocks": [paragraph({"kind": "prompt", "classes": ["prompt"],
                                 "runs": [text("It hurts.")]})],
           "letters": len("It hurts.")}]),
        ('<p class="web-only">See the <a href="../sources/">sources</a>.</p>'
         '<div class="page-note"><p>Last reviewed</p></div>', []),
        ('<p><span class="prompt phone-write-in">Phone:</span> '
         '<span class="write-in phone-write-in"></span></p>',
         [paragraph({"kind": "prompt", "classes": ["prompt", "phone-write-in"],
                     "runs": [text("Phone:")]}, text(" "),
                    {"kind": "write-in", "classes": ["write-in", "phone-write-in"], "runs": []},
                    classes=["phone-write-in"])]),
    ],
)  # fmt: skip
def test_article_becomes_blocks_the_template_walks(html: str, blocks: list[dict[str, Any]]) -> None:
    assert printed_article(html, "aftercare.md", PAGE_URL) == blocks


def test_citations_stay_off_paper() -> None:
    html = (
        '<p>Wear a hat. <span class="citation"><a href="../sources/#source-002" '
        'title="Source 3: What it is">[3]</a> <q lang="en">hat</q></span> '
        '<span class="own">SPF is a number.</span><span class="citation citation-own">'
        '<a href="../sources/#what-this-guide-adds">[own]</a></span></p>'
    )
    assert printed_article(html, "aftercare.md", PAGE_URL) == [
        paragraph(text("Wear a hat. SPF is a number."))
    ]


def test_pictures_travel_as_svg_text_with_their_alt_text() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60">'
        '<text font-size="12">x</text></svg>'
    )
    png = io.BytesIO()
    Image.new("RGB", (8, 4), "red").save(png, "PNG")
    svg_data, png_data = (
        base64.b64encode(data).decode() for data in (svg.encode(), png.getvalue())
    )
    html = (
        f'<figure class="picture"><img alt="A hat" src="data:image/svg+xml;base64,{svg_data}">'
        f'<figcaption>Hat</figcaption></figure><p><img alt="Red" src="data:image/png;base64,'
        f'{png_data}"> Red.</p>'
    )
    figure, red = printed_article(html, "a.md", PAGE_URL)
    picture = figure["runs"][0]
    assert (picture["svg"], picture["alt"]) == (svg, "A hat")
    assert (picture["view_width"], picture["smallest_text"]) == (120, 12)
    assert figure["caption"] == [text("Hat")]
    assert red["runs"][0]["svg"].startswith(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 4"'
    )
    assert red["runs"][0]["smallest_text"] is None


def test_the_sites_own_pictures_are_read_from_its_files_by_address() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>'
    png = io.BytesIO()
    Image.new("RGB", (6, 3), "blue").save(png, "PNG")
    files = {"images/hat.svg": svg.encode(), "images/dot.png": png.getvalue()}
    asked: list[str] = []

    def read(path: str) -> bytes | None:
        asked.append(path)
        return files.get(path)

    picture = site_pictures("faq/", read)
    html = '<p><img alt="Hat" src="../images/hat.svg"> <img alt="Dot" src="../images/dot.png"></p>'
    runs = printed_article(html, "faq.md", PAGE_URL, picture)[0]["runs"]
    hat, dot = (run for run in runs if run["kind"] == "picture")
    assert hat["svg"] == svg and 'viewBox="0 0 6 3"' in dot["svg"]
    assert asked == ["images/hat.svg", "images/dot.png"]
    for source in ("../images/gone.svg", "../images/hat.gif"):
        with pytest.raises(HandoutError, match="picture 'Gone' cannot be printed"):
            printed_article(f'<p><img alt="Gone" src="{source}"></p>', "faq.md", PAGE_URL, picture)


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<table><tr><td>x</td></tr></table>", "faq.md: <table> cannot be printed in a handout"),
        ('<div><iframe src="https://x.example"></iframe></div>',
         "faq.md: <iframe> cannot be printed"),
        ('<p><code class="x">a</code><video class="clip"></video></p>',
         'faq.md: <video class="clip"> cannot be printed'),
        ('<p><img src="data:image/svg+xml;base64,PHN2Zy8+"></p>',
         'faq.md: a picture has no alt text (data:image/svg+xml;base64,PHN2Zy8+); describe it'),
        ('<p><img alt="Pixel" src="data:image/gif;base64,R0lG"></p>',
         "faq.md: picture 'Pixel' cannot be printed; use an .svg, .png or .jpg file"),
    ],
)  # fmt: skip
def test_what_a_handout_cannot_print_is_named(html: str, message: str) -> None:
    with pytest.raises(HandoutError) as error:
        printed_article(html, "faq.md", PAGE_URL)
    assert str(error.value).startswith(message), str(error.value)


@pytest.fixture
def handout_set(built: tuple[Path, HandoutSet]) -> HandoutSet:
    return built[1]


def edited_template(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the print layout with one edit."""
    folder = tmp_path / "handout"
    shutil.copytree(PROJECT / "overrides" / "handout", folder)
    template = folder / "handout.typ"
    source = template.read_text()
    assert old in source
    template.write_text(source.replace(old, new, 1))
    return folder


@pytest.mark.parametrize(
    ("addition", "message"),
    [
        ('#read("/etc/hostname")', "handout.typ:1: file not found (searched at"),
        ('#image("../../pyproject.toml")',
         'handout.typ:1: path `"../../pyproject.toml"` would escape'),
        ("#let x = (", "handout.typ:1: unclosed delimiter"),
        ('#text(font: "Comic Sans MS")[x]', "handout.typ:1: unknown font family: comic sans ms"),
        ('#image(bytes("<svg xmlns=\'http://www.w3.org/2000/svg\'/>"), format: "svg")',
         "handout.typ:1: PDF/UA-1 error: missing alt text"),
    ],
)  # fmt: skip
def test_template_problems_fail_the_handout_with_the_templates_line(
    handout_set: HandoutSet, tmp_path: Path, addition: str, message: str
) -> None:
    folder = edited_template(tmp_path, "// Print layout", f"{addition}\n// Print layout")
    job = print_jobs(handout_set)[0]
    with pytest.raises(HandoutError) as error:
        Press(folder).typeset(job)
    shown = str(error.value)
    assert shown.startswith(f"{job.file_name}: "), shown
    assert message in shown and shown.endswith("fix the handout template"), shown
    assert "\n" not in shown


def test_typst_reads_no_file_outside_the_print_layout(
    handout_set: HandoutSet, tmp_path: Path
) -> None:
    (tmp_path / "secret.typ").write_text("#let secret = 1")
    imported = edited_template(
        tmp_path, "// Print layout", '#import "../secret.typ": secret\n// Print layout'
    )
    with pytest.raises(HandoutError, match=r"handout\.typ:1: .*a path could reach outside"):
        Press(imported).typeset(print_jobs(handout_set)[0])
    read_by_path = edited_template(
        tmp_path / "read",
        "// Print layout",
        '#let secret = read("../../secret.typ")\n// Print layout',
    )
    with pytest.raises(HandoutError, match=re.escape('handout.typ:1: path `"../../secret.typ"`')):
        Press(read_by_path).typeset(print_jobs(handout_set)[0])


def test_text_is_data_never_typst_markup(handout_set: HandoutSet, tmp_path: Path) -> None:
    page = handout_set.pages["faq.md"]
    tricky = "#set text(fill: red) *not bold* ] $x$ <label> @ref // no comment \\"
    job = replace(
        print_jobs(handout_set)[0],
        handout=Handout(slug="faq", title=tricky, pages=("faq.md",)),
        pages=(
            replace(
                page,
                blocks=[
                    {"kind": "heading", "level": 1, "runs": [text("FAQ")]},
                    paragraph(text(tricky)),
                ],
            ),
        ),
    )
    import pypdfium2

    pdf = Press(PROJECT / "overrides" / "handout").typeset(job).pdf
    words = (
        "".join(p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(pdf))
        .replace("\r\n", " ")
        .replace("\n", " ")
    )
    assert tricky in words


def test_loading_the_handouts_hook_does_not_import_the_typesetter() -> None:
    # Builds without handouts should not load Typst or pikepdf.
    code = (
        "import sys, runpy; "
        "[runpy.run_path(f'hooks/{hook}.py') for hook in "
        "('handouts', 'web_pages', 'page_templating', 'page_metadata', 'hosting')]; "
        "print('pikepdf' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.stdout.strip() == "False", result.stderr


def test_a_dirty_rebuild_keeps_the_handouts_it_cannot_print() -> None:
    """`mkdocs serve --dirty` renders only the pages that changed: the handouts are printed
    again only when every page they print was rendered."""
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from patient_guide.adapters.handout_events import all_rendered

    pages = {}
    for name in ("aftercare.md", "faq.md"):
        file = File(name, "/docs", "/site", use_directory_urls=True)
        pages[name] = Page(None, file, {})  # type: ignore[arg-type]
    files = Files([page.file for page in pages.values()])
    handouts = [Handout(slug="care", title="Care", pages=("aftercare.md", "faq.md"))]
    pages["aftercare.md"].content = "<p>Rendered.</p>"
    assert not all_rendered(handouts, files), "faq.md was not rendered"
    pages["faq.md"].content = ""
    assert all_rendered(handouts, files), "an empty page is rendered all the same"


def test_a_dirty_rebuild_lists_the_handouts_printed_before(tmp_path: Path) -> None:
    """The run of a `serve --dirty` rebuild is new: it finds what the build before printed in
    the site folder, in the order a build prints them, with their page counts."""
    import pikepdf

    from patient_guide.handouts.jobs import files_already_printed

    for name, pages in (("care-large-print-letter.pdf", 3), ("care-a4.pdf", 2)):
        pdf = pikepdf.new()
        for _ in range(pages):
            pdf.add_blank_page()
        pdf.save(tmp_path / name)
    handouts = [Handout(slug="care", title="Care", pages=("aftercare.md",))]
    labels = {"edition": {"regular": "Regular", "large-print": "Large print"},
              "paper": {"a4": "A4", "letter": "US Letter"}}  # fmt: skip
    found = files_already_printed(handouts, tmp_path, labels)
    assert [(f.file_name, f.page_count, f.edition_label) for f in found] == [
        ("care-a4.pdf", 2, "Regular"),
        ("care-large-print-letter.pdf", 3, "Large print"),
    ]
    assert found[0].size_bytes == (tmp_path / "care-a4.pdf").stat().st_size
