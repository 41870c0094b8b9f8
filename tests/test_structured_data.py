"""Structured data: every page's JSON-LD is valid schema.org and says what the page shows."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from patient_guide.pages.outline import Section
from patient_guide.site.structured_data import (
    DescribedPage,
    Procedure,
    StructuredDataError,
    json_ld_script,
    page_data,
)
from tests.conftest import ALL_PAGES, PROJECT, built_page, mkdocs_settings
from tests.schema_vocabulary import vocabulary

SITE_URL = mkdocs_settings()["site_url"]


def front_matter(source: str) -> dict[str, Any]:
    text = (PROJECT / "docs" / source).read_text(encoding="utf-8")
    meta: dict[str, Any] = yaml.safe_load(text.split("---")[1])
    return meta


def page_soup(site: Path, source: str) -> BeautifulSoup:
    return BeautifulSoup(built_page(site, source).read_text(encoding="utf-8"), "html.parser")


def json_ld(soup: BeautifulSoup) -> dict[str, Any]:
    scripts = soup.find_all("script", attrs={"type": "application/ld+json"})
    assert len(scripts) == 1, f"{len(scripts)} JSON-LD scripts"
    data: dict[str, Any] = json.loads(scripts[0].string or "")
    return data


def words(element: Tag) -> str:
    """An element's visible words, without citation marks and heading anchors."""
    for mark in element.select(".citation, a.headerlink"):
        mark.decompose()
    return re.sub(r"\s+", " ", element.get_text(" ")).strip().replace(" .", ".")


def plain(text: str) -> str:
    return re.sub(r"[\s.,]+", " ", text).strip()


@pytest.mark.parametrize("source", ALL_PAGES)
def test_page_describes_itself_as_a_medical_web_page_for_patients(site: Path, source: str) -> None:
    data = json_ld(page_soup(site, source))
    meta = front_matter(source)
    assert data["@context"] == "https://schema.org"
    assert "MedicalWebPage" in (
        data["@type"] if isinstance(data["@type"], list) else [data["@type"]]
    )
    assert data["name"] == meta["title"]
    assert data["description"] == meta["description"]
    assert data["lastReviewed"] == meta["reviewed"].isoformat()
    assert data["inLanguage"] == page_soup(site, source).html["lang"]  # type: ignore[index]
    datetime.date.fromisoformat(data["lastReviewed"])
    canonical = page_soup(site, source).find("link", rel="canonical")
    assert canonical is not None and data["url"] == canonical["href"]
    assert data["about"]["@type"] == "MedicalProcedure"
    assert data["about"]["name"] == mkdocs_settings()["extra"]["procedure"]["name"]
    assert data["audience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
    assert vocabulary().problems(data) == []


def test_faq_data_holds_exactly_the_questions_and_answers_the_page_shows(site: Path) -> None:
    soup = page_soup(site, "faq.md")
    data = json_ld(soup)
    assert "FAQPage" in data["@type"]
    article = soup.select_one("article")
    assert article is not None
    shown = []
    for heading in article.find_all("h2"):
        if not words(heading).endswith("?"):
            continue  # a section that is not a question, such as the questions to ask a clinic
        answer = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2" or "page-note" in (sibling.get("class") or []):
                break
            if sibling.name != "figure":  # a picture and its caption are not the answer
                answer.append(words(sibling))
        shown.append((words(heading), " ".join(answer)))
    given = [(item["name"], item["acceptedAnswer"]["text"]) for item in data["mainEntity"]]
    assert len(given) == len(shown) >= 20
    for (question, answer), (shown_question, shown_answer) in zip(given, shown, strict=True):
        assert question == shown_question
        assert plain(answer) == plain(shown_answer), question
    assert all(item["@type"] == "Question" for item in data["mainEntity"])
    assert all(item["acceptedAnswer"]["@type"] == "Answer" for item in data["mainEntity"])


def test_procedure_data_lists_the_steps_the_page_shows_in_order(site: Path) -> None:
    soup = page_soup(site, "procedure.md")
    procedure = json_ld(soup)["about"]
    for anchor, key in [("before", "preparation"), ("during", "howPerformed"),
                        ("right-after", "followup")]:  # fmt: skip
        heading = soup.find("h2", id=anchor)
        assert heading is not None, anchor
        steps_list = heading.find_next_sibling("ol")
        assert steps_list is not None
        steps = [words(item) for item in steps_list.find_all("li", recursive=False)]
        expected = " ".join(f"{number}. {step}" for number, step in enumerate(steps, start=1))
        assert plain(procedure[key]) == plain(expected), key
        assert len(steps) >= 4


def test_json_ld_cannot_end_its_script_element_early(site: Path) -> None:
    for source in ALL_PAGES:
        raw = built_page(site, source).read_text(encoding="utf-8")
        for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S):
            assert "<" not in text and ">" not in text, source


@pytest.mark.parametrize(
    ("node", "problem"),
    [
        ({"@type": "MedicalWebPage", "cookingMethod": "fry"}, "not a property of"),
        ({"@type": "MedicalWebPage", "lastReviewd": "2026-11-20"}, "not a schema.org property"),
        ({"@type": "MedicalWebPages"}, "is not a schema.org type"),
        ({"@type": "MedicalWebPage", "about": {"@type": "Question", "bogus": 1}}, "bogus"),
        ({"@type": "FAQPage", "audience": {"@type": "Answer"}}, "is not one of"),
    ],
)
def test_the_vocabulary_check_finds_what_schema_org_does_not_allow(
    node: dict[str, Any], problem: str
) -> None:
    problems = vocabulary().problems(node)
    assert any(problem in text for text in problems), problems


def described(page_type: str, sections: list[Section]) -> DescribedPage:
    return DescribedPage(
        "docs/x.md", "en", "X", "About x.", "https://x.example/x/", datetime.date(2026, 1, 2),
        page_type, sections,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("page_type", "sections", "says"),
    [
        ("faq", [Section("Not a question", "a", ["Words."])], "needs questions"),
        ("procedure", [Section("During", "during", ["Words, no steps."])], "'## During'"),
    ],
)
def test_a_page_type_without_its_parts_is_refused(
    page_type: str, sections: list[Section], says: str
) -> None:
    with pytest.raises(StructuredDataError, match=says) as error:
        page_data(described(page_type, sections), Procedure("M", "C"), "Site", "https://x/")
    assert str(error.value).startswith("docs/x.md: ")


def test_json_ld_script_escapes_what_could_end_it() -> None:
    script = str(json_ld_script({"name": "</script><script>alert(1)</script> & more"}))
    body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["name"] == "</script><script>alert(1)</script> & more"
