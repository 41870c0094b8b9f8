"""Every fact rests on a passage the build finds in its article; the guide's own sentences are
listed; hedges are kept; each point gives the same times on every page, in both languages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from patient_guide.pages.citations import load_sources
from patient_guide.pages.quotes import ARTICLES_SETTING, ArticleShelf, Evidence
from tests.conftest import ALL_PAGES, PATIENT_PAGES, PROJECT, built_page, copy_project

LANGUAGES = {"en": "", "es": "es"}  # language -> its folder of the site and of docs/
BLOCKS = ["p", "li", "td", "figcaption"]
SOURCES = load_sources(PROJECT / "docs" / "_data" / "sources.yml")
FILES_BY_NUMBER = {source.number: source.file for source in SOURCES.values()}
QUOTED = re.compile(r'"(\d{3}): ((?:[^"\\]|\\.)+)"')  # "004: words" in a page or a data file


def article(site: Path, language: str, source: str) -> Tag:
    html = built_page(site / LANGUAGES[language], source).read_text("utf-8")
    found = BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")
    assert found is not None, f"{language}/{source}: no article"
    for extra in found.select(".page-note, a.headerlink, .web-only.admonition"):
        extra.decompose()
    return found


def passages(citation: Tag) -> Iterator[tuple[int, str]]:
    """Each (source number, quoted words) of a citation."""
    for link in citation.find_all("a"):
        quote = link.find_next_sibling("q")
        assert quote is not None, f"a citation without its words: {citation}"
        yield int(re.sub(r"\D", "", link.get_text())), quote.get_text()


# The quotes


def test_every_quote_on_the_site_is_in_its_article(site: Path, articles: Path) -> None:
    shelf = ArticleShelf(articles)
    checked = 0
    for language in LANGUAGES:
        for source in ALL_PAGES:
            for citation in article(site, language, source).select(".citation:not(.citation-own)"):
                for number, quote in passages(citation):
                    shelf.check(Evidence(f"{number:03d}", quote), FILES_BY_NUMBER[number])
                    checked += 1
    assert checked > 300, f"only {checked} quotes found on the site"


def shelf_of_the_projects_own_quotes(folder: Path, project: Path) -> Path:
    """A stand-in for the articles: for each article, every passage the project quotes of it,
    so a build finds them all but a new, wrong one (the real articles are not needed)."""
    texts: dict[str, list[str]] = {source.file: [] for source in SOURCES.values()}
    for path in [*project.glob("docs/**/*.md"), *project.glob("docs/**/*.yml")]:
        for source_id, quote in QUOTED.findall(path.read_text("utf-8")):
            texts[SOURCES[source_id].file].append(quote.replace('\\"', '"'))
    folder.mkdir()
    for file, quotes in texts.items():
        (folder / file).write_text("\n".join(quotes) + "\n", encoding="utf-8")
    return folder


def test_a_quote_not_in_its_article_fails_the_build_at_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    shelf = shelf_of_the_projects_own_quotes(tmp_path / "articles", project)
    faq = project / "docs" / "faq.md"
    lines = faq.read_text("utf-8").splitlines()
    planted = len(lines) + 2
    faq.write_text(
        "\n".join([*lines, "", 'Redness lasts a week. {{ cite("004: for about a week") }}', ""]),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--no-handouts", "--config", "mkdocs.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, ARTICLES_SETTING: str(shelf)},
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        f'build failed: docs/faq.md:{planted}: the quote "for about a week" is not in article 004; '
        "quote the article's own words"
    ) in result.stderr.splitlines(), result.stderr


# The guide's own words


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sentence_of_the_guides_own_is_marked_and_listed(site: Path, language: str) -> None:
    sources = article(site, language, "sources.md")
    listed = [
        " ".join(item.get_text(" ").split()) for item in sources.select("ul.guide-additions li")
    ]
    own = set()
    for source in PATIENT_PAGES:
        body = article(site, language, source)
        spans = body.select("span.own")
        markers = body.select(".citation-own a[href$='#what-this-guide-adds']")
        assert len(markers) == len(spans), f"{language}/{source}: an own sentence is not marked"
        own |= {" ".join(span.get_text().split()) for span in spans}
    assert own, f"{language}: no sentence of the guide's own"
    for words in own:
        assert any(item.startswith(words) for item in listed), f"{language}: not listed: {words}"


def test_the_sources_page_no_longer_claims_every_fact_comes_from_the_articles(site: Path) -> None:
    for language in LANGUAGES:
        text = article(site, language, "sources.md").get_text(" ").lower()
        for claim in ("every fact on this site comes from", "cada dato de este sitio sale de"):
            assert claim not in text, language


# Hedges: a strong form ("will", "always", "casi todos") only where the quote carries it

STRONG_FORMS = {
    "en": {
        r"\bwill\b": ["will"],
        r"\balways\b": ["always"],
        r"\bnever\b": ["never"],
        r"\beveryone\b|\beverybody\b": ["everyone", "everybody"],
        r"\ball skin\b": ["all skin"],
        r"\b(?<!generally )safe\b(?! when)": ["safe"],
        r"\bworks well\b": ["works well"],
        r"\bcompletely\b": ["completely"],
        r"\bpermanent": ["permanent"],
    },
    "es": {
        r"\bsiempre\b": ["always"],
        r"\bnunca\b": ["never"],
        r"\bcasi tod[oa]s\b": ["nearly all", "almost all", "virtually"],
        r"\bcasi siempre\b": ["almost always", "nearly always"],
        r"\bser[áa]n?\b|\bva a\b|\bvan a\b": ["will"],
        r"\btodo el mundo\b|\btodas las personas\b": ["everyone"],
        r"\btodos los tipos\b|\btoda piel\b": ["all skin"],
        r"\bsegur[oa]\b(?! cuando)": ["safe"],
        r"\bfunciona bien\b": ["works well"],
        r"\bcompletamente\b|\bpor completo\b": ["completely"],
        r"\bpermanente": ["permanent"],
    },
}


def claims(block: Tag) -> Iterator[tuple[str, list[str]]]:
    """A block's words, cut at each citation: each piece of text with the quotes that cite it
    (prompts are left out: they claim nothing)."""
    words: list[str] = []

    def walk(element: Tag) -> Iterator[tuple[str, list[str]]]:
        nonlocal words
        for child in element.children:
            if not isinstance(child, Tag):
                words.append(str(child))
                continue
            classes = child.get_attribute_list("class")
            if child.name in {"ul", "ol"} or "prompt" in classes:
                continue  # nested lists are blocks of their own; the rest claims nothing
            if "citation" in classes:
                if "citation-own" not in classes:
                    yield " ".join("".join(words).split()), [q for _, q in passages(child)]
                words = []
                continue
            yield from walk(child)

    yield from walk(block)
    if "".join(words).strip():
        yield " ".join("".join(words).split()), []


def unhedged(body: Tag, language: str) -> list[str]:
    """The pieces of text that use a strong form their quotes do not carry."""
    found = []
    for block in body.find_all(BLOCKS):
        if block.find_parent(class_="prompt"):
            continue
        for text, quotes in claims(block):
            for strong, carried_by in STRONG_FORMS[language].items():
                said = text.lower()
                if re.search(strong, said) and not any(
                    re.search(rf"\b{word}\b", quote.lower())
                    for quote in quotes
                    for word in carried_by
                ):
                    found.append(f"{re.search(strong, said)[0]!r} in: {text}")  # type: ignore[index]
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("source", PATIENT_PAGES)
def test_the_articles_hedges_are_kept(site: Path, language: str, source: str) -> None:
    found = unhedged(article(site, language, source), language)
    assert not found, f"{language}/{source}: stronger than its quotes: {found}"


def test_the_hedge_check_finds_a_lost_hedge() -> None:
    body = BeautifulSoup(
        "<article><p>It will heal. "
        '<span class="citation"><a href="#s">[1]</a> <q>it may heal</q></span> '
        'It will glow. <span class="citation"><a href="#s">[2]</a> <q>it will glow</q></span>'
        ' <span class="prompt">You will get a call.</span></p>'
        "<p>Es seguro y casi todos lo notan.</p></article>",
        "html.parser",
    ).article
    assert body is not None
    assert unhedged(body, "en") == ["'will' in: It will heal."]
    assert unhedged(body, "es") == [
        "'casi todos' in: Es seguro y casi todos lo notan.",
        "'seguro' in: Es seguro y casi todos lo notan.",
    ]


# One answer per point: the times a page gives for a point are the times the point gives

TOPICS = {
    "redness": r"\bred\b|\bredness\b|\benrojecimiento\b|\brojez\b|\broja\b",
    "exercise": r"exercise|\bgym\b|sport|ejercicio|gimnasio|deporte",
    "makeup": r"makeup|maquilla",
    "retinoids": r"retinoid|retinol",
    "scrubs": r"\bscrub|exfoliant",
    "sun": r"\bsun\b|sunscreen|\bsol\b|protector solar",
    "sessions-apart": r"\bapart\b|entre una sesión|entre sesiones|separad",
    "results-time": r"\bresults?\b|resultado",
}
NUMBER_WORDS = {
    "a few": "few", "few": "few", "unos": "few", "unos pocos": "few", "pocos": "few",
    "several": "several", "varios": "several", "varias": "several",
    "a": "1", "an": "1", "one": "1", "un": "1", "una": "1",
}  # fmt: skip
UNITS = {"hour": "hour", "hora": "hour", "day": "day", "día": "day", "dia": "day",
         "week": "week", "semana": "week"}  # fmt: skip
TIME = re.compile(
    r"\b(?P<count>\d+(?:\s*(?:to|a|y)\s*\d+)?|a few|few|several|unos pocos|unos|pocos|varios|varias"
    r"|an?|one|una?)"
    r"\s+(?P<unit>hours?|horas?|days?|días?|dias?|weeks?|semanas?)"
)


def times(text: str) -> set[tuple[str, str]]:
    """The lengths of time a text gives, as (count, unit): '1 to 2 days' -> (1, day), (2, day)."""
    found = set()
    for match in TIME.finditer(text.lower()):
        unit = UNITS[match["unit"].rstrip("s")]
        counts = re.findall(r"\d+", match["count"]) or [NUMBER_WORDS[match["count"]]]
        found |= {(count, unit) for count in counts}
    return found


def topic_of(text: str) -> str | None:
    """The one point a sentence is about, or None (no point, or several at once)."""
    topics = [topic for topic, pattern in TOPICS.items() if re.search(pattern, text.lower())]
    return topics[0] if len(topics) == 1 else None


def point_times(site: Path, language: str) -> dict[str, set[tuple[str, str]]]:
    """The times each point gives, as the language's pages print it (a point is the same
    words on every page; one no page prints gives none)."""
    docs = PROJECT / "docs" / LANGUAGES[language]
    points = yaml.safe_load((docs / "_data" / "points.yml").read_text("utf-8"))
    printed: dict[str, str] = {}
    for source in PATIENT_PAGES:
        for span in article(site, language, source).select("span.point[data-point]"):
            printed[str(span["data-point"])] = " ".join(span.get_text().split())
    return {
        point["id"]: times(printed.get(point["id"], ""))
        for point in points
        if point["id"] in TOPICS
    }


def contradictions(pages: dict[str, Tag], allowed: dict[str, set[tuple[str, str]]]) -> list[str]:
    """Sentences that give a point a time its entry in the points file does not give."""
    found = []
    for source, body in pages.items():
        for block in body.find_all(BLOCKS):
            for text, _quotes in claims(block):
                for sentence in re.split(r"(?<=[.!?])\s+", text):
                    topic, said = topic_of(sentence), times(sentence)
                    if topic and said and not said <= allowed[topic]:
                        found.append(f"{source}: {sentence} (the point gives {allowed[topic]})")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_point_gives_the_same_times_on_every_page(site: Path, language: str) -> None:
    allowed = point_times(site, language)
    assert set(allowed) == set(TOPICS), "every topic is a point of the points file"
    pages = {source: article(site, language, source) for source in PATIENT_PAGES}
    assert not contradictions(pages, allowed)


def test_the_point_check_finds_a_contradiction() -> None:
    allowed = {"redness": times("in 1 to 2 days (24 to 48 hours), or a few days")}
    allowed |= {topic: set() for topic in TOPICS if topic != "redness"}
    page = BeautifulSoup(
        "<article><p>Redness fades in 2 days. Redness lasts about a week.</p>"
        "<p>Keep out of the sun and skip makeup for 3 days.</p></article>",
        "html.parser",
    ).article
    assert page is not None
    assert contradictions({"faq.md": page}, allowed) == [
        f"faq.md: Redness lasts about a week. (the point gives {allowed['redness']})"
    ]
    assert times("1 a 2 días (24 a 48 horas) o unos días") == allowed["redness"]
