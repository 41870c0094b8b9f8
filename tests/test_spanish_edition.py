"""The Spanish edition: every page and handout in Spanish, joined to the English one both ways,
with nothing left in English and a guard that shows when a translation falls behind."""

from __future__ import annotations

import datetime
import json
import posixpath
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pdfua
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader

from patient_guide.clinics.batch import ClinicOutcome, print_for_clinic
from patient_guide.command_line.clinic_printing import report_clinics
from patient_guide.dates import long_date
from patient_guide.handouts.catalog import EDITIONS, PAPER_SIZES
from patient_guide.handouts.jobs import HandoutSet
from patient_guide.pages.front_matter import read_page
from patient_guide.pages.translation_guard import english_review
from tests.conftest import (
    ALL_PAGES,
    PATIENT_PAGES,
    PROJECT,
    SITE_PAGES,
    built_page,
    copy_project,
    lead_ins,
    run_build,
)
from tests.handout_pdf import catalog, flat_text, qr_codes_on_page, stranded_at_page_feet
from tests.readability import page_readability

SITE_URL = "https://microneedling-guide.example.org/"
HANDOUT_SLUGS = ["procedure", "aftercare", "faq", "booklet"]
MIN_FERNANDEZ_HUERTA = 80
# Words that are English and never Spanish: one of them on a Spanish page or handout is a string
# left untranslated. (Words both languages share, like "general" or "no", are not listed.)
ENGLISH_WORDS = set(
    [
        "the",
        "and",
        "your",
        "you",
        "with",
        "this",
        "that",
        "what",
        "when",
        "which",
        "where",
        "page",
        "print",
        "printed",
        "from",
        "read",
        "skin",
        "clinic",
        "clinics",
        "search",
        "ticks",
        "tick",
        "source",
        "sources",
        "handout",
        "handouts",
        "after",
        "before",
        "treatment",
        "reviewed",
        "information",
        "numbing",
        "session",
        "sessions",
        "day",
        "days",
        "week",
        "weeks",
        "call",
        "ask",
        "not",
        "for",
        "how",
        "does",
        "should",
        "will",
        "can",
        "about",
        "home",
        "questions",
        "answers",
        "last",
        "regular",
        "large",
        "letter",
        "paper",
        "phone",
        "hours",
        "notes",
        "online",
        "scan",
        "code",
        "redness",
        "sunscreen",
        "makeup",
    ]
)
# Allowed: the articles' file names, the procedure's English name given beside the Spanish one,
# and web addresses (the two languages' pages have the same names: es/aftercare/).
ALLOWED = re.compile(
    r"\b\d{3}_[0-9a-f]+\.txt\b|\bmicroneedling\b|\bSPF\b|\S*\.(?:org|example)\S*",
    re.IGNORECASE,
)
SOURCE_NUMBER = re.compile(r"\d+")


def spanish(site: Path, source: str) -> Path:
    return built_page(site / "es", source)


def visible_text(html: str, without: str = "") -> str:
    """The words a reader sees or hears on the page: body text and text alternatives (less the
    elements the selector `without` names)."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.select(", ".join(filter(None, ["script, style, svg, code", without]))):
        hidden.decompose()
    body = soup.body
    assert body is not None
    alternatives = [
        str(element.get(attribute, ""))
        for attribute in ("alt", "aria-label", "title", "placeholder")
        for element in body.find_all(attrs={attribute: True})  # type: ignore[call-overload]
    ]
    return " ".join([body.get_text(" "), *alternatives])


def english_words_in(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z]+", ALLOWED.sub(" ", text))
    return sorted({word for word in words if word.lower() in ENGLISH_WORDS})


def citations_by_section(html: str) -> list[tuple[str, list[tuple[int, str]]]]:
    """Each section of the article (from one h2 to the next) with each passage it cites, as
    (source number, quoted words)."""
    article = BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")
    assert article is not None
    sections: list[tuple[str, list[tuple[int, str]]]] = [("(top)", [])]
    for element in article.find_all(["h2", "span"]):
        assert isinstance(element, Tag)
        if element.name == "h2":
            sections.append((element.get_text(" ", strip=True), []))
        elif "citation" in (element.get("class") or []) and "citation-own" not in element["class"]:
            for link in element.find_all("a"):
                quote = link.find_next_sibling("q")
                number = int(SOURCE_NUMBER.findall(link.get_text())[0])
                sections[-1][1].append((number, quote.get_text() if quote else ""))
    return sections


@pytest.mark.parametrize("source", ALL_PAGES)
def test_every_page_has_its_spanish_page(site: Path, source: str) -> None:
    html = spanish(site, source).read_text(encoding="utf-8")
    assert '<html lang="es"' in html
    assert 'aria-label="Ir a la página anterior"' in html or 'aria-label="Buscar"' in html, (
        "Material's own interface is in Spanish"
    )
    english = built_page(site, source).read_text(encoding="utf-8")
    assert '<html lang="en"' in english


def test_each_language_has_its_own_search_index(site: Path) -> None:
    for folder, language in ((site, "en"), (site / "es", "es")):
        index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [language]
        locations = {entry["location"].split("#")[0] for entry in index["docs"]}
        assert locations, folder
        assert not any(location.startswith("es/") for location in locations), folder
    spanish = json.loads((site / "es" / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = [entry["title"] for entry in spanish["docs"]]
    assert "Cuidados después de las microagujas, día a día" in titles
    assert "Aftercare checklist for microneedling" not in titles


def test_both_languages_split_and_index_words_alike(site: Path) -> None:
    """mkdocs.es.yml repeats the search settings (a plugin's are not inherited): they must agree."""
    english, spanish = (
        json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
        for folder in (site, site / "es")
    )
    for setting in ("separator", "pipeline", "fields"):
        assert spanish[setting] == english[setting], setting


@pytest.mark.parametrize("folder", ["", "es"])
def test_pages_search_with_the_projects_worker_wrapping_materials(site: Path, folder: str) -> None:
    workers = site / folder / "assets" / "javascripts" / "workers"
    page = BeautifulSoup(
        built_page(site / folder, "faq.md").read_text(encoding="utf-8"), "html.parser"
    )
    config = page.select_one("#__config")
    assert config is not None
    search = json.loads(config.get_text())["search"]
    address, _, material = search.partition("?material=")
    assert address == "../assets/javascripts/workers/patient-search.js", search
    assert (workers / "patient-search.js").is_file() and (workers / material).is_file(), search


@pytest.mark.parametrize("source", ALL_PAGES)
def test_language_links_go_to_the_same_page_both_ways(site: Path, source: str) -> None:
    for here, there, language in (
        (built_page(site, source), spanish(site, source), "es"),
        (spanish(site, source), built_page(site, source), "en"),
    ):
        soup = BeautifulSoup(here.read_text(encoding="utf-8"), "html.parser")
        links = soup.select("nav.language-links a")
        assert [link.get("hreflang") for link in links] == [language], here
        target = posixpath.normpath(posixpath.join(here.parent.as_posix(), str(links[0]["href"])))
        assert Path(target, "index.html") == there or Path(target) == there


@pytest.mark.parametrize("source", ALL_PAGES)
def test_hreflang_links_name_both_languages_and_a_default(site: Path, source: str) -> None:
    path = "" if source == "index.md" else source.removesuffix(".md") + "/"
    expected = {
        "en": f"{SITE_URL}{path}",
        "es": f"{SITE_URL}es/{path}",
        "x-default": f"{SITE_URL}{path}",
    }
    for page in (built_page(site, source), spanish(site, source)):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        found = {
            str(link["hreflang"]): str(link["href"])
            for link in soup.select("head link[rel=alternate][hreflang]")
        }
        assert found == expected, page


def test_sitemaps_list_each_pages_other_language(site: Path) -> None:
    names = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    for folder in (site, site / "es"):
        urls = ElementTree.parse(folder / "sitemap.xml").getroot().findall("s:url", names)
        assert len(urls) == len(SITE_PAGES)
        for url in urls:
            location = url.findtext("s:loc", namespaces=names)
            alternates = {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", names)
            }
            assert set(alternates) == {"en", "es", "x-default"}, location
            assert location in (alternates["en"], alternates["es"])


def test_structured_data_says_the_page_is_in_spanish(site: Path) -> None:
    for source in ALL_PAGES:
        html = spanish(site, source).read_text(encoding="utf-8")
        script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
        assert script is not None, source
        assert '"inLanguage":"es"' in script[1].replace(" ", ""), source


@pytest.mark.parametrize("source", PATIENT_PAGES)
def test_spanish_page_is_easy_to_read(site: Path, source: str) -> None:
    result = page_readability(spanish(site, source))
    assert result.language == "es"
    assert result.words > 100, f"{source}: too little text measured ({result.words} words)"
    assert result.fernandez_huerta >= MIN_FERNANDEZ_HUERTA, (
        f"es/{source}: Fernández-Huerta {result.fernandez_huerta:.1f}"
    )


@pytest.mark.parametrize("source", ALL_PAGES)
def test_no_english_is_left_on_a_spanish_page(site: Path, source: str) -> None:
    # The articles' words a citation quotes are English on purpose (lang="en"), and hidden
    # until "Show sources": they are not the page's own words.
    text = visible_text(spanish(site, source).read_text(encoding="utf-8"), without="q[lang=en]")
    # The one English word on purpose: the link that takes a reader to the English page.
    text = text.replace("English", " ")
    assert english_words_in(text) == [], source


def test_the_english_word_check_finds_english(site: Path) -> None:
    # The check above would pass if it saw no text at all: on an English page it finds plenty.
    text = visible_text(built_page(site, "aftercare.md").read_text(encoding="utf-8"))
    assert {"the", "your", "skin", "clinic"} <= set(english_words_in(text))


def test_spanish_page_cites_the_same_passages_in_each_section(site: Path) -> None:
    for source in ALL_PAGES:
        english = citations_by_section(built_page(site, source).read_text(encoding="utf-8"))
        translated = citations_by_section(spanish(site, source).read_text(encoding="utf-8"))
        assert len(translated) == len(english), f"es/{source}: not the same sections"
        for (heading, cited), (spanish_heading, spanish_cited) in zip(
            english, translated, strict=True
        ):
            assert spanish_cited == cited, (
                f"es/{source}: section {spanish_heading!r} cites {spanish_cited}, "
                f"its English section {heading!r} cites {cited}"
            )


def translated_from(handout: str) -> datetime.date:
    """The review a Spanish handout follows: the earliest of its pages' translated_from."""
    slug = handout.split("-")[0]
    catalog = yaml.safe_load((PROJECT / "docs" / "es" / "_data" / "handouts.yml").read_text())
    pages = next(entry["pages"] for entry in catalog if entry["slug"] == slug)
    dates: list[datetime.date] = []
    for source in pages:
        path = PROJECT / "docs" / "es" / source
        dates.append(
            read_page(str(path), path.read_bytes(), translation=True).meta["translated_from"]
        )
    return min(dates)


def test_every_spanish_handout_is_printed_in_spanish(site: Path) -> None:
    folder = site / "es" / "handouts"
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == len(HANDOUT_SLUGS) * len(EDITIONS) * len(PAPER_SIZES)
    for pdf in pdfs:
        reader = PdfReader(pdf)
        assert str(catalog(reader)["/Lang"]) == "es", pdf.name
        text = flat_text(pdf)
        assert f"Última revisión {long_date(translated_from(pdf.name), 'es')}" in text, pdf.name
        assert english_words_in(text) == [], pdf.name
        report = pdfua.validate(str(pdf))
        assert not report.findings, f"{pdf.name}: {report.findings[:3]}"
    aftercare = folder / "aftercare-a4.pdf"
    assert qr_codes_on_page(aftercare, 0) == [f"{SITE_URL}es/aftercare/"]
    handouts_page = spanish(site, "handouts.md").read_text(encoding="utf-8")
    assert "Letra grande" in handouts_page and "Carta (EE. UU.)" in handouts_page


@pytest.mark.parametrize("paper", PAPER_SIZES)
def test_the_spanish_faq_keeps_its_questions_for_the_clinic(site: Path, paper: str) -> None:
    """The questions to tick and take to the clinic are the FAQ's one thing to act on: the
    Spanish FAQ keeps them within its four pages, in A4 and Letter. On paper it leaves out the
    two answers that only say to ask the clinic how long a session lasts and what it costs,
    which the list asks, and the treatment's other name."""
    printed = flat_text(site / "es" / "handouts" / f"faq-{paper}.pdf")
    assert (
        "Preguntas para su clínica" in printed
        and "¿Cuánto dura una sesión y cuánto cuesta?" in printed
    )
    assert "¿Cuánto cuesta?" not in printed and "¿Cuánto dura una sesión?" not in printed
    page = spanish(site, "faq.md").read_text(encoding="utf-8")
    assert "¿Cuánto cuesta?" in page, "the website keeps it"


def test_no_spanish_handout_strands_a_heading_or_lead_in_at_a_page_foot(site: Path) -> None:
    leads = lead_ins(site / "es")
    assert "Pregunte a su clínica:" in leads
    stranded = {
        pdf.name: stranded_at_page_feet(pdf, leads)
        for pdf in sorted((site / "es" / "handouts").glob("*.pdf"))
    }
    assert len(stranded) == len(EDITIONS) * len(PAPER_SIZES) * 4
    assert {name: feet for name, feet in stranded.items() if feet} == {}


def test_clinic_prints_spanish_handouts_with_its_spanish_notes(
    built: tuple[Path, HandoutSet], spanish_handouts: HandoutSet, tmp_path: Path
) -> None:
    sets = [built[1], spanish_handouts]
    outcome = print_for_clinic(PROJECT / "clinics" / "example.yml", sets, tmp_path)
    assert outcome.error is None, outcome.error
    assert outcome.without_notes == ()
    folder = tmp_path / "example" / "es"
    assert len(list(folder.glob("*.pdf"))) == len(HANDOUT_SLUGS) * 4
    text = flat_text(folder / "aftercare-letter.pdf")
    assert "Notas de su clínica" in text and "Traiga esta hoja a su próxima visita." in text
    assert "Bring this sheet" not in text
    assert "Bring this sheet" in flat_text(tmp_path / "example" / "aftercare-letter.pdf")


def printed_in_both_languages(
    built: tuple[Path, HandoutSet], spanish: HandoutSet, clinic: Path, settings: str
) -> tuple[Path, ClinicOutcome]:
    """A clinic file of Fern Clinic with settings, printed in English and Spanish into out/."""
    clinic.write_text(f'name: Fern Clinic\nphone: "+1 555 0100"\n{settings}')
    return clinic, print_for_clinic(clinic, [built[1], spanish], clinic.parent / "out")


def test_clinic_without_spanish_notes_gets_spanish_handouts_without_a_notes_box(
    built: tuple[Path, HandoutSet],
    spanish_handouts: HandoutSet,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, outcome = printed_in_both_languages(
        built, spanish_handouts, tmp_path / "english-only.yml",
        "aftercare_notes: [Bring this sheet to your next visit.]\n",
    )  # fmt: skip
    assert outcome.error is None, outcome.error
    assert outcome.without_notes == ("es",)
    text = flat_text(tmp_path / "out" / "english-only" / "es" / "aftercare-a4.pdf")
    assert "Fern Clinic" in text and "Notas de su clínica" not in text
    assert "Notes from your clinic" in flat_text(
        tmp_path / "out" / "english-only" / "aftercare-a4.pdf"
    )
    report_clinics([outcome])
    assert "no aftercare notes in 'es'" in capsys.readouterr().out


def test_clinic_signs_not_given_in_spanish_stop_that_clinic_with_the_line_to_fix(
    built: tuple[Path, HandoutSet], spanish_handouts: HandoutSet, tmp_path: Path
) -> None:
    clinic, outcome = printed_in_both_languages(
        built, spanish_handouts, tmp_path / "signs.yml",
        "timings:\n  warning_signs: [Blisters on the treated skin.]\n",
    )  # fmt: skip
    assert outcome.error is not None and outcome.error.startswith(f"{clinic}:3: timings: ")
    assert "translated_warning_signs: es:" in outcome.error
    assert not (tmp_path / "out").exists(), "nothing printed for that clinic"
    english_only = print_for_clinic(clinic, [built[1]], tmp_path / "english")
    assert english_only.error is None, "a build without Spanish needs no Spanish signs"


def test_clinic_settings_for_a_language_not_printed_are_reported(
    built: tuple[Path, HandoutSet],
    spanish_handouts: HandoutSet,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, outcome = printed_in_both_languages(
        built, spanish_handouts, tmp_path / "french.yml",
        "translated_aftercare_notes: {fr: [Apportez cette feuille.]}\n",
    )  # fmt: skip
    assert outcome.error is None, outcome.error
    assert outcome.unused == ("translated_aftercare_notes: fr:",)
    report_clinics([outcome])
    assert "translated_aftercare_notes: fr: is not used" in capsys.readouterr().out


def test_an_english_review_puts_its_translation_behind_everywhere(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    english = english_review(project / "docs", "faq.md")
    faq = project / "docs" / "es" / "faq.md"
    faq.write_text(re.sub(r"translated_from: .*", "translated_from: 2026-11-21", faq.read_text()))
    reviewed = long_date(english, "es")

    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "docs/es/faq.md translates the review of 2026-11-21" in result.stdout
    assert f"docs/faq.md was reviewed again on {english.isoformat()}" in result.stdout
    assert "docs/es/aftercare.md" not in result.stdout  # only the page that is behind
    page = BeautifulSoup(spanish(project / "site", "faq.md").read_text(), "html.parser")
    notice = page.select_one("article p.translation-behind")
    assert notice is not None and reviewed in notice.get_text()
    link = notice.select_one("a[hreflang=en]")
    assert link is not None and link["href"] == "../../faq/"
    assert page.select_one("article h1 + p.translation-behind") is not None, "shown first"
    assert spanish(project / "site", "aftercare.md").read_text().count("translation-behind") == 0
    printed = flat_text(project / "site" / "es" / "handouts" / "faq-a4.pdf")
    assert "Esta traducción está atrasada" in printed and reviewed in printed
    assert "microneedling-guide.example.org/faq" in printed  # where to read the English page

    before = (project / "site" / "es" / "faq" / "index.html").read_bytes()
    strict = run_build(project, "--strict-translations")
    assert strict.returncode == 1
    assert "translations behind their English page (--strict-translations)" in strict.stderr
    assert "docs/es/faq.md translates the review of 2026-11-21" in strict.stderr
    assert "Traceback" not in strict.stderr
    assert (project / "site" / "es" / "faq" / "index.html").read_bytes() == before


def test_a_translation_up_to_date_builds_strictly(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "clinics")
    result = run_build(project, "--strict-translations", "--no-handouts")
    assert result.returncode == 0, result.stderr
    assert "behind" not in result.stdout


@pytest.mark.parametrize("source", ALL_PAGES)
def test_spanish_page_has_its_own_spanish_link_preview(site: Path, source: str) -> None:
    soup = BeautifulSoup(spanish(site, source).read_text(encoding="utf-8"), "html.parser")
    tags = {
        str(meta.get("property") or meta.get("name")): str(meta["content"])
        for meta in soup.select("meta[content]")
        if meta.get("property") or meta.get("name")
    }
    assert tags["og:url"].startswith(f"{SITE_URL}es/")
    assert tags["og:image"].startswith(f"{SITE_URL}es/assets/social/")
    picture = site / tags["og:image"].removeprefix(SITE_URL)
    assert picture.is_file() and picture.stat().st_size > 1000
    assert tags["og:site_name"] == "Microagujas: una guía para pacientes"
    alt = tags["og:image:alt"]
    assert alt.endswith(", de Microagujas: una guía para pacientes"), alt
    assert english_words_in(alt + " " + tags["og:description"]) == [], source
