"""The real site, built once: pages, navigation, citations, notes, privacy and search index."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import material
import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from patient_guide.pages.citations import load_sources
from tests.conftest import ALL_PAGES, PATIENT_PAGES, PROJECT, built_page

SITE_ROOT = "https://site.invalid/"
RESOURCE_ATTRIBUTES = {
    "link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src",
    "video": "src", "audio": "src", "embed": "src", "object": "data", "track": "src",
}  # fmt: skip


def soup(site: Path, source: str) -> BeautifulSoup:
    return BeautifulSoup(built_page(site, source).read_text("utf-8"), "html.parser")


def article(site: Path, source: str) -> Tag:
    found = soup(site, source).select_one("article.md-content__inner")
    assert found is not None, f"{source}: no article"
    return found


def page_url(source: str) -> str:
    stem = source.removesuffix(".md")
    return SITE_ROOT if stem == "index" else f"{SITE_ROOT}{stem}/"


def nav_entries() -> list[str]:
    config = yaml.load((PROJECT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    return [next(iter(entry.values())) for entry in config["nav"]]


@pytest.mark.parametrize("source", ALL_PAGES)
def test_page_is_built_and_in_navigation(site: Path, source: str) -> None:
    assert source in nav_entries()
    links = soup(site, "index.md").select("nav.md-nav--primary a.md-nav__link[href]")
    targets = {urljoin(SITE_ROOT, str(link["href"])) for link in links}
    assert page_url(source) in targets
    assert article(site, source).find("h1") is not None


def cited_anchors(site: Path, source: str) -> list[str]:
    """Each citation link on a page, as the absolute URL it points to."""
    links = article(site, source).select(".citation:not(.citation-own) a[href]")
    return [urljoin(page_url(source), str(link["href"])) for link in links]


def test_every_citation_resolves_to_a_sources_entry(site: Path) -> None:
    entries = {f"{page_url('sources.md')}#{h['id']}" for h in article(site, "sources.md")("h3")}
    for source in ALL_PAGES:
        for target in cited_anchors(site, source):
            assert target in entries, f"{source}: citation {target} has no Sources entry"


def test_every_source_article_is_listed_and_cited(site: Path) -> None:
    sources = load_sources(PROJECT / "docs" / "_data" / "sources.yml")
    assert len(sources) == 5
    listing = article(site, "sources.md").get_text(" ")
    cited = {target for page in PATIENT_PAGES for target in cited_anchors(site, page)}
    for source in sources.values():
        assert source.file in listing and source.title in listing
        assert f"{page_url('sources.md')}#{source.anchor}" in cited, f"{source.file} never cited"


def is_navigation(block: Tag) -> bool:
    """A list item that opens with a link to another page (the home page's menus)."""
    first = next((child for child in block.children if str(child).strip()), None)
    return isinstance(first, Tag) and first.name == "a"


@pytest.mark.parametrize("source", PATIENT_PAGES)
def test_patient_page_cites_its_facts(site: Path, source: str) -> None:
    body = article(site, source)
    statements = [
        block for block in body.select("p, li")
        if not block.find_parent(class_=["page-note", "admonition", "prompt"])
        and "prompt" not in block.get_attribute_list("class")
        and not is_navigation(block)
        and len(block.get_text()) > 60
    ]  # fmt: skip
    cited = [block for block in statements if block.select(".citation")]
    assert statements, f"{source}: no statements"
    assert len(cited) >= len(statements) / 2, f"{source}: most statements carry no citation"


@pytest.mark.parametrize("source", ALL_PAGES)
def test_page_has_general_information_note_and_review_date(site: Path, source: str) -> None:
    notes = article(site, source).select(".page-note")
    assert len(notes) == 1
    text = notes[0].get_text(" ")
    assert "not medical advice" in text
    time = notes[0].find("time")
    assert time is not None and re.fullmatch(r"\d{4}-\d\d-\d\d", str(time["datetime"]))
    assert "Last reviewed" in text


@pytest.mark.parametrize("source", PATIENT_PAGES)
def test_patient_page_opens_with_key_points(site: Path, source: str) -> None:
    body = article(site, source)
    first_block = body.find("h1").find_next_sibling()  # type: ignore[union-attr]
    assert first_block is not None and "admonition" in first_block.get_attribute_list("class")
    assert first_block.select_one(".admonition-title").get_text(strip=True) == "Key points"  # type: ignore[union-attr]
    assert 3 <= len(first_block.select("li")) <= 5


def test_faq_has_at_least_15_cited_questions(site: Path) -> None:
    body = article(site, "faq.md")
    questions = [h for h in body("h2") if h.get_text(strip=True).rstrip("¶").endswith("?")]
    assert len(questions) >= 15
    for question in questions:
        answer = []
        for sibling in question.find_next_siblings():
            if sibling.name == "h2":
                break
            answer.append(sibling)
        assert answer, f"{question.get_text()} has no answer"
        # An answer states cited facts, or, where no source covers the question, tells the
        # patient what to ask their clinic (a prompt: class "prompt", see the README).
        cited = any(part.select(".citation") for part in answer)
        prompts = [
            prompt for part in answer for prompt in [part, *part.select(".prompt")]
            if "prompt" in (prompt.get("class") or [])
        ]  # fmt: skip
        uncovered = any("ask your clinic" in prompt.get_text().lower() for prompt in prompts)
        assert cited or uncovered, question.get_text()


def section_after(body: Tag, heading_text: str) -> list[Tag]:
    heading = next(h for h in body("h2") if h.get_text(strip=True).startswith(heading_text))
    blocks = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        blocks.append(sibling)
    return blocks


def test_procedure_walks_through_numbered_steps(site: Path) -> None:
    body = article(site, "procedure.md")
    for part in ("Before", "During", "Right after"):
        steps = [item for block in section_after(body, part) for item in block.select("ol > li")]
        assert len(steps) >= 2, f"'{part}' has no numbered steps"


def test_aftercare_is_a_grid_of_rules_and_days(site: Path) -> None:
    body = article(site, "aftercare.md")
    grid = body.select_one("table.day-grid")
    assert grid is not None
    days = [th.get_text(strip=True) for th in grid.select("thead th.day-column")]
    assert days[0] == "Day 1" and len(days) >= 3
    rows = grid.select("tbody tr")
    assert len(rows) >= 5
    for row in rows:
        assert row.select("input[type=checkbox]"), f"{row.get_text()} has no tick box"
        assert len(row.select("td")) == len(days) + 1  # a cell a day, then "after that"
    caption = body.select_one("#day-grid-title")
    assert caption is not None and "Day 1 is the day of your session" in caption.get_text()
    calls = [
        box for box in section_after(body, "When to get help")
        if "warning" in (box.get("class") or [])
    ]  # fmt: skip
    assert len(calls) == 1, "the 'Call your clinic if' box is on the page, under its heading"
    text = calls[0].get_text(" ").lower()
    assert "infection" in text and "redness" in text


@pytest.mark.parametrize("source", ["procedure.md", "faq.md"])
def test_questions_to_ask_your_clinic_are_tick_boxes(site: Path, source: str) -> None:
    page = article(site, source)
    lead = next(tag for tag in page.select(".checklist strong") if "Ask your clinic" in tag.text)
    questions_list = lead.find_next("ul")
    assert questions_list is not None
    questions = questions_list.select("li")
    assert len(questions) >= 5
    assert all(item.select_one("input[type=checkbox]") for item in questions)
    assert all(item.get_text().strip().endswith("?") for item in questions)
    assert not re.search(r"\d{3}", questions_list.get_text()), "a phone number from nowhere"


def test_sources_page_lists_every_disagreement(site: Path) -> None:
    rows = [row for row in section_after(article(site, "sources.md"), "Where the sources disagree")]
    table_rows = [tr for block in rows for tr in block.select("tbody tr")]
    assert len(table_rows) >= 5
    for row in table_rows:
        assert len(row.select(".citation a")) >= 2, f"disagreement not cited: {row.get_text()}"


def external_resources(html: str) -> list[str]:
    page = BeautifulSoup(html, "html.parser")
    found = []
    for tag, attribute in RESOURCE_ATTRIBUTES.items():
        for element in page.find_all(tag):
            if tag == "link" and not set(element.get_attribute_list("rel")) - {
                "canonical",
                "alternate",
            }:
                continue
            for value in [element.get(attribute), *str(element.get("srcset", "")).split(",")]:
                if value and urlsplit(str(value).strip().split(" ")[0]).netloc:
                    found.append(f"<{tag}> {value}")
    found += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)", html)
    found += re.findall(r"@import\s+['\"]?(?:https?:)?//\S+", html)
    return found


def test_external_resource_detector_finds_third_party_loads() -> None:
    html = (
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example/x.js"></script><img srcset="a.png 1x, https://t.example/p 2x">'
        '<style>body{background:url("https://t.example/bg.png")}</style>'
        '<link rel="canonical" href="https://site.example/"><a href="https://elsewhere.example">x</a>'
    )
    assert len(external_resources(html)) == 4


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    for path in sorted(site.rglob("*")):
        if path.suffix in {".html", ".css", ".js"}:
            found = external_resources(path.read_text("utf-8", errors="replace"))
            if path.suffix == ".js":  # scripts mention URLs in strings; only imports matter
                found = [f for f in found if f.startswith("@import")]
            assert not found, f"{path.relative_to(site)} loads {found}"


def test_search_finds_every_page_in_the_guides_own_words(site: Path) -> None:
    """Every page is searched, but no article's words, citation or "this guide's own advice"
    tag: a patient's search shows the guide's sentences, in the page's language."""
    for folder in (site, site / "es"):
        index = json.loads((folder / "search" / "search_index.json").read_text("utf-8"))
        locations = {doc["location"] for doc in index["docs"]}
        for source in ALL_PAGES:
            assert page_url(source).removeprefix(SITE_ROOT) in locations, (folder, source)
        text = " ".join(doc["text"] for doc in index["docs"])
        assert "numbing cream is then applied" in (site / "procedure" / "index.html").read_text()
        for words in ("numbing cream is then applied", "own advice", "consejo propio", "<q"):
            assert words not in text, (folder, words)


def test_clinic_details_appear_only_when_configured(project_copy: Path, tmp_path: Path) -> None:
    from tests.conftest import build_in_process

    config = project_copy / "mkdocs.yml"
    text = config.read_text().replace(
        "extra:\n", "extra:\n  clinic:\n    name: Fern & Skin <3 Clinic\n    phone: 555 0100\n"
    )
    config.write_text(text)
    build_in_process(config, tmp_path / "branded")
    page = built_page(tmp_path / "branded", "aftercare.md").read_text("utf-8")
    assert "Fern &amp; Skin &lt;3 Clinic" in page and "555 0100" in page
    assert "Skin <3" not in page


def selectors(css: str) -> list[str]:
    """The selectors of a stylesheet's rules and at-rules, in order, spaces made single."""
    return [" ".join(prelude.split()) for prelude in re.findall(r"[^{}]+(?=\{)", css)]


def test_every_page_loads_stylesheets_and_scripts_that_exist_and_trimmed_theme_styles(
    site: Path,
) -> None:
    """Material's stylesheets are trimmed to what the pages use, each language's to its own
    pages, and renamed by their content (a host keeps such files a year): no page may point at
    a file that is not there."""
    theme = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for reference in re.findall(r'(?:href|src)="([^"#?]+\.(?:css|js))"', html):
            path = urlsplit(reference).path
            target = (
                site / path.lstrip("/")
                if reference.startswith(("/", "http"))
                else page.parent / path
            )
            assert target.resolve().is_file(), f"{page.relative_to(site)} loads {reference}"
    for folder in (site, site / "es"):
        styles = folder / "assets" / "stylesheets"
        for stem in ("main", "palette"):
            [trimmed] = styles.glob(f"{stem}.*.min.css")
            [original] = theme.glob(f"{stem}.*.min.css")
            assert trimmed.name != original.name and not (styles / original.name).exists()
            content = trimmed.read_bytes()
            assert trimmed.name == f"{stem}.{hashlib.sha256(content).hexdigest()[:8]}.min.css"
            assert len(content) < 0.8 * original.stat().st_size
        # The guide's own stylesheet without its comments (notes for its editors), rules intact.
        source = (PROJECT / "docs" / "stylesheets" / "patient-guide.css").read_text()
        shipped = (folder / "stylesheets" / "patient-guide.css").read_text(encoding="utf-8")
        assert "/*" not in shipped and len(shipped) < 0.8 * len(source)
        without = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
        assert selectors(shipped) == selectors(without) and len(selectors(shipped)) > 50
