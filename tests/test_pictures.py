"""Pictures: original SVG with text alternatives, in the site and the handouts, fit for black and
white print; the recovery timeline drawn from the same data as the words beside it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from patient_guide.data_files import DataFileError
from patient_guide.pages.recovery_timeline import (
    Stage,
    load_stages,
    timeline_alt,
    timeline_svg,
)
from tests.conftest import ALL_PAGES, PROJECT, build_in_process, built_page
from tests.handout_pdf import catalog

SVG = "{http://www.w3.org/2000/svg}"
PICTURES = sorted((PROJECT / "docs" / "images").glob("*.svg"))
# Where each picture must appear: the page, and the handout PDF that prints that page.
SHOWN_ON: dict[str, tuple[str, str | None]] = {
    "skin-channels.svg": ("what-is-microneedling.md", "booklet-a4.pdf"),
    # Web only: on paper the stages are written out in a list, in the handout's own type.
    "recovery-timeline.svg": ("aftercare.md", None),
    "step-needling.svg": ("procedure.md", "procedure-a4.pdf"),
    "body-areas.svg": ("what-it-treats.md", "booklet-a4.pdf"),
    # what the patient does or avoids after a session, on the one-page aftercare sheet
    "action-sunscreen.svg": ("aftercare.md", "aftercare-a4.pdf"),
    "action-no-makeup.svg": ("aftercare.md", "aftercare-a4.pdf"),
    "action-no-exercise.svg": ("aftercare.md", "aftercare-a4.pdf"),
    "action-no-retinoids.svg": ("aftercare.md", "aftercare-a4.pdf"),
    "action-moisturiser.svg": ("aftercare.md", "aftercare-a4.pdf"),
    "action-check-skin.svg": ("aftercare.md", "aftercare-a4.pdf"),
    "action-sun.svg": ("procedure.md", "procedure-a4.pdf"),
}
SOURCES = {"000", "001", "002", "003", "004"}


def page_soup(site: Path, source: str) -> BeautifulSoup:
    return BeautifulSoup(built_page(site, source).read_text(encoding="utf-8"), "html.parser")


def grey_contrast_on_white(colour: str) -> float:
    """The contrast with white of a colour printed in greyscale (WCAG's relative luminance)."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(char * 2 for char in value)
    channels = [int(value[index : index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def drawn_svgs(site: Path) -> list[Path]:
    return sorted((site / "images").glob("*.svg"))


def test_every_picture_is_a_self_contained_svg_with_a_title(site: Path) -> None:
    pictures = drawn_svgs(site)
    assert {path.name for path in pictures} >= {*SHOWN_ON, "step-clean.svg", "step-after.svg"}
    for path in pictures:
        text = path.read_text(encoding="utf-8")
        root = ElementTree.fromstring(text)
        assert root.tag == f"{SVG}svg", path.name
        assert root.get("viewBox"), path.name
        title = root.find(f"{SVG}title")
        assert title is not None and len((title.text or "").split()) >= 3, path.name
        for element in root.iter():
            name = element.tag.removeprefix(SVG)
            assert name not in {"script", "foreignObject", "image", "style"}, (path.name, name)
            for attribute, value in element.attrib.items():
                assert not attribute.endswith("href") or value.startswith("#"), path.name
                assert not attribute.startswith("on"), (path.name, attribute)
        assert "url(http" not in text and "@import" not in text, path.name


def test_pictures_print_in_black_and_white(site: Path) -> None:
    """On white paper, every line and letter stays dark enough in grey (3:1, WCAG's figure for
    graphics), and the picture brings its own white background."""
    for path in drawn_svgs(site):
        root = ElementTree.fromstring(path.read_text(encoding="utf-8"))
        first_shape = next(e for e in root if e.tag.removeprefix(SVG) not in {"title", "defs"})
        assert first_shape.tag == f"{SVG}rect", path.name
        assert first_shape.get("fill", "").lower() in {"#fff", "#ffffff", "white"}, path.name
        for element in root.iter():
            inks = [element.get("stroke")]
            if element.tag == f"{SVG}text":
                inks.append(element.get("fill"))
            for ink in inks:
                if ink and ink.startswith("#"):
                    assert grey_contrast_on_white(ink) >= 3, (path.name, ink)


@pytest.mark.parametrize("source", ALL_PAGES)
def test_every_picture_on_a_page_has_its_text_alternative(site: Path, source: str) -> None:
    for image in page_soup(site, source).select("article img"):
        alt = str(image.get("alt") or "")
        assert len(alt.split()) >= 3, (source, image.get("src"))
        assert (built_page(site, source).parent / str(image["src"])).resolve().is_file()


@pytest.mark.parametrize(("picture", "shown"), SHOWN_ON.items())
def test_picture_is_on_its_page_and_in_its_handout(
    site: Path, picture: str, shown: tuple[str, str | None]
) -> None:
    source, handout = shown
    sources = [str(image["src"]) for image in page_soup(site, source).select("article img")]
    assert any(src.endswith(f"images/{picture}") for src in sources), sources
    alt = next(
        str(image["alt"])
        for image in page_soup(site, source).select("article img")
        if str(image["src"]).endswith(f"images/{picture}")
    )
    printed = {
        pdf.name: alt_texts_of(pdf.read_bytes()).count(alt)
        for pdf in (site / "handouts").glob("*.pdf")
    }
    if handout is None:
        assert not any(printed.values()), f"{picture} is for the web only: {printed}"
    else:
        assert printed[handout] >= 1, (handout, alt)


def alt_texts_of(pdf: bytes) -> list[str]:
    """The /Alt texts in a PDF's structure tree (the typesetter tags each image as a Figure)."""
    from io import BytesIO

    reader = PdfReader(BytesIO(pdf))
    found: list[str] = []
    todo: list[Any] = [catalog(reader)["/StructTreeRoot"]]
    while todo:
        node = todo.pop()
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, dict):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                todo.extend(kids if isinstance(kids, list) else [kids])
        elif isinstance(node, list):
            todo.extend(node)
    return found


def test_timeline_shows_the_same_stages_as_the_aftercare_page(site: Path) -> None:
    stages = yaml.safe_load((PROJECT / "docs/_data/recovery.yml").read_text())
    svg = ElementTree.fromstring((site / "images/recovery-timeline.svg").read_text())
    drawn = " ".join(text.text or "" for text in svg.iter(f"{SVG}text"))
    listed = [
        re.sub(r"\s+", " ", item.get_text(" ")).strip()
        for item in page_soup(site, "aftercare.md").select(
            "#what-you-may-see ~ .recovery-stages li"
        )
    ]
    assert len(listed) == len(stages) >= 3
    for stage, item in zip(stages, listed, strict=True):
        assert stage["when"] in drawn and stage["see"].split()[0] in drawn
        assert " ".join(stage["see"].split()) in " ".join(drawn.split())
        assert item.startswith(f"{stage['when']}: {stage['see']}")


def test_a_changed_stage_changes_both_the_picture_and_the_words(project_copy: Path) -> None:
    data = project_copy / "docs/_data/recovery.yml"
    old = yaml.safe_load(data.read_text())[-1]["see"]
    data.write_text(data.read_text().replace(old, "Results take time."))
    site = project_copy / "site"
    build_in_process(project_copy / "mkdocs.yml", site, command="serve")
    picture = (site / "images/recovery-timeline.svg").read_text()
    assert "Results take time." in picture
    assert "Results take time." in built_page(site, "aftercare.md").read_text()
    assert old.split()[-1] not in picture  # the old stage's last word


def test_timeline_grows_with_its_stages_and_escapes_its_words() -> None:
    # Made in code, past the checks a data file gets, to see that the picture escapes any text.
    one = [
        Stage.model_construct(when="First day", see="Red skin & <tender>.", evidence=("001: red",))
    ]
    long = "Healed, with a longer sentence that wraps. " * 3
    two = [*one, Stage(when="Later", see=long, evidence=("002: later",))]
    short, tall = (
        ElementTree.fromstring(timeline_svg(stages, timeline_alt(stages))) for stages in (one, two)
    )
    assert int(tall.get("height", 0)) > int(short.get("height", 0))
    assert len(tall.findall(f"{SVG}text")) > 3  # the long words wrapped onto several lines
    assert "Red skin & <tender>." in [text.text for text in short.iter(f"{SVG}text")]
    width = int(tall.get("width", 0))
    assert all(int(text.get("x", 0)) < width for text in tall.iter(f"{SVG}text"))


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("", ": must be a list of stages"),
        ("- when: Day 1\n  see: Red.\n", ":1: stage 1: evidence: missing"),
        ("- when: Day 1\n  see: Red.\n  evidence: ['999: red']\n",
         ":1: stage 1: evidence: unknown source '999'"),
        ("- when: Day 1\n  see: Red.\n  evidence: ['001']\n",
         ":1: stage 1: evidence: '001' names no passage"),
        ("- when: Day 1\n  see: <b>Red</b>\n  evidence: ['001: red']\n",
         ":2: stage 1: see: contains"),
        ("- when: Day 1\n  see: Red.\n  evidence: ['001: red']\n- when: [Day 2]\n  see: Red.\n"
         "  evidence: ['001: red']\n", ":4: stage 2: when: must be text, not a list"),
        ("- when: [Day 1\n", ":1: not valid YAML"),
    ],
)  # fmt: skip
def test_bad_timeline_data_is_named_with_what_to_fix(
    tmp_path: Path, content: str, says: str
) -> None:
    path = tmp_path / "recovery.yml"
    path.write_text(content)
    with pytest.raises(DataFileError) as error:
        load_stages(path, SOURCES)
    assert str(error.value).startswith(f"{path}{says}"), str(error.value)
