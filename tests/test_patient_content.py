"""Patient pages talk to the patient and are true to their sources, checked on the built site.

Every sentence of a patient page's main text must be one of:

- a fact, with a citation (`{{ cite(...) }}`) right after it, or a shared point
  (`{{ point(...) }}`, whose citation covers each of its sentences);
- the guide's own (a definition, or advice that is plainly safer), inside
  `<span class="own">`: the Sources page lists every such sentence;
- a prompt (what to tell, ask, tick, write down or read; it claims nothing about microneedling):
  inside an element with the class `prompt` (`<span class="prompt">`, a paragraph followed by
  `{: .prompt }`, or a `<div class="prompt" markdown>` box);
- navigation: a sentence that starts with a link, or starts with "See" or "Read" and holds one;
- a lead-in that ends with ":" and introduces the list below it (the list's items are checked).

Headings, box titles, table headers, the picture's text alternatives and the page note at the
foot of every page are not sentences of the text and are not checked. The Key points box is
checked like the rest: its facts carry their citations too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from tests.conftest import PATIENT_PAGES, built_page

# Markers put into a block's text where the HTML shows a citation, the guide's own words, a
# prompt or a link.
CITED, OWN, PROMPT, LINK = "\x01", "\x02", "\x03", "\x04"
BLOCKS = ["p", "li", "td", "dd", "dt", "figcaption"]
NESTED = {*BLOCKS, "ul", "ol", "table", "div", "figure", "h1", "h2", "h3", "h4", "h5", "h6"}
NOT_TEXT = [
    "a.headerlink", "script", "style", ".page-note", ".handout-links", ".admonition-title", "th",
    "img",
]  # fmt: skip
SENTENCE_END = re.compile(r"([.!?][\"'\u201d)\]]*" + f"[{CITED}]*)" + r"\s+")
WORD = re.compile(r"[A-Za-z0-9]+")
NAVIGATION_START = ("See ", "Read ")


def article(site: Path, source: str) -> Tag:
    page = BeautifulSoup(built_page(site, source).read_text("utf-8"), "html.parser")
    found = page.select_one("article.md-content__inner")
    assert found is not None, f"{source}: no article"
    return found


def marked_text(element: Tag) -> str:
    """The element's own words, with a marker for each citation, definition, prompt and link;
    nested blocks are left out (they are checked as blocks of their own)."""
    parts: list[str] = []
    for child in element.children:
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            classes = child.get_attribute_list("class")
            if child.name in NESTED:
                continue
            if "citation" in classes:
                parts.append("" if "citation-own" in classes else CITED)
            elif "point" in classes:
                # a shared point: the citation after it covers each of its sentences
                parts.append(re.sub(r"([.!?])(\s+|$)", rf"\1{CITED}\2", marked_text(child)))
            elif "own" in classes:
                # every sentence inside the guide's own words starts with its marker
                words = re.sub(r"([.!?:])\s+", r"\1 " + OWN, marked_text(child))
                parts.append(OWN + words)
            elif "prompt" in classes:
                # every sentence inside the prompt starts with the prompt marker
                words = re.sub(r"([.!?:])\s+", r"\1 " + PROMPT, marked_text(child))
                parts.append(PROMPT + words)
            elif child.name == "a":
                parts.append(LINK + marked_text(child))
            else:
                parts.append(marked_text(child))
    return "".join(parts)


def sentences(block: Tag) -> list[str]:
    text = " ".join(marked_text(block).split())
    text = re.sub(rf"([.!?:][\"'\u201d)\]]*)\s+({CITED})", r"\1\2", text)
    parts = SENTENCE_END.sub("\\1\n", text).split("\n")
    return [part.strip() for part in parts if WORD.search(part)]


def is_exempt(sentence: str) -> bool:
    plain = sentence.replace(LINK, "")
    return (
        CITED in sentence
        or sentence.startswith(OWN)
        or sentence.startswith(PROMPT)
        or sentence.startswith(LINK)
        or (plain.startswith(NAVIGATION_START) and LINK in sentence)
        or sentence.rstrip(CITED).endswith(":")
    )


def unmarked_sentences(body: Tag) -> list[str]:
    for extra in body.select(", ".join(NOT_TEXT)):
        extra.decompose()
    found = []
    for block in body.find_all(BLOCKS):
        if block.find_parent(class_="prompt") or "prompt" in (block.get("class") or []):
            continue
        for sentence in sentences(block):
            if not is_exempt(sentence):
                found.append(re.sub("[\x01-\x04]", "", sentence))
    return found


@pytest.mark.parametrize("source", PATIENT_PAGES)
def test_every_sentence_is_cited_or_marked_as_claiming_nothing(site: Path, source: str) -> None:
    unmarked = unmarked_sentences(article(site, source))
    assert not unmarked, (
        f"{source}: these sentences have no citation and are not marked as the guide's own "
        f"(class 'own'), a prompt (class 'prompt') or navigation: {unmarked}"
    )


def test_the_sentence_check_tells_marked_from_unmarked() -> None:
    html = (
        '<article class="md-content__inner"><h2>Heading with no full stop</h2>'
        '<p>Skin heals. <span class="citation"><a href="#s">[1]</a> <q>heals</q></span> It glows.'
        ' <span class="prompt">Ask your clinic. Tell them if you are pregnant.</span></p>'
        '<ul><li><span class="own"><dfn>SPF</dfn> is a number. It shows sun.</span>'
        '<span class="citation citation-own"><a href="#own">[own]</a></span></li>'
        "<li><dfn>Retinoids</dfn> are skin products made from vitamin A.</li>"
        '<li><a href="../faq/">Questions</a>: short answers.</li>'
        '<li>See the <a href="../aftercare/">checklist</a>.</li>'
        "<li>It can include:<ul><li>Swelling.</li></ul></li></ul>"
        '<div class="prompt"><p>Tick each box.</p></div>'
        '<div class="page-note"><p>General information.</p></div></article>'
    )
    body = BeautifulSoup(html, "html.parser").article
    assert body is not None
    assert unmarked_sentences(body) == [
        "It glows.",
        "Retinoids are skin products made from vitamin A.",
        "Swelling.",
    ]


# Words patients use for a commentary about the articles, which belongs on the Sources page.
TALK_ABOUT_SOURCES = [
    "our sources",
    "one article",
    "one source",
    "the articles",
    "the sources disagree",
    "some articles",
    "another says",
    "we give the safer",
    "we go with",
]


@pytest.mark.parametrize("source", PATIENT_PAGES)
def test_patient_page_talks_to_the_patient_not_about_the_sources(site: Path, source: str) -> None:
    body = article(site, source)
    for extra in body.select(".page-note, a.headerlink"):
        extra.decompose()
    text = " ".join(body.get_text(" ").split()).lower()
    found = [phrase for phrase in TALK_ABOUT_SOURCES if phrase in text]
    assert not found, f"{source} talks about its sources: {found}"


# Action-critical words, and the pages where they must be defined (in <dfn>) where first used.
DEFINED_WORDS = {
    "retinoid": ["procedure.md", "aftercare.md", "faq.md"],
    "exfoliant": ["aftercare.md", "faq.md"],
    "spf": ["aftercare.md", "faq.md"],
    "keloid": ["is-it-right-for-me.md", "procedure.md", "faq.md"],
    "active acne": ["is-it-right-for-me.md", "procedure.md", "faq.md"],
    "serum": ["what-is-microneedling.md", "procedure.md"],
    "collagen": ["index.md", "what-is-microneedling.md", "what-it-treats.md", "faq.md"],
}


@pytest.mark.parametrize("word", DEFINED_WORDS)
def test_action_critical_words_are_defined_where_they_first_appear(site: Path, word: str) -> None:
    for source in DEFINED_WORDS[word]:
        body = article(site, source)
        for extra in body.select(".admonition.abstract, .page-note, img, .citation"):
            extra.decompose()  # the Key points box comes before the text that explains it, and
            # a citation quotes the article's (English) words, not the page's
        text = body.get_text(" ").lower()
        first = text.find(word)
        assert first >= 0, f"{source} never uses {word!r}"
        definitions = [dfn for dfn in body("dfn") if word in dfn.get_text().lower()]
        assert definitions, f"{source} uses {word!r} but does not define it in a <dfn>"
        block = definitions[0].find_parent(["p", "li", "dd", "td", "figcaption"])
        assert block is not None
        first_block = next(
            found
            for found in body.find_all(["p", "li", "dd", "td", "figcaption"])
            if word in found.get_text(" ").lower()
        )
        assert block is first_block or block in first_block.find_all(True), (
            f"{source}: {word!r} is first used before it is defined"
        )


def test_call_your_clinic_box_has_signs_and_room_for_the_phone(site: Path) -> None:
    for source in ["procedure.md", "aftercare.md"]:
        boxes = [
            box
            for box in article(site, source).select(".admonition")
            if box.select_one(".admonition-title")
            and "Call your clinic if" in box.select_one(".admonition-title").get_text()  # type: ignore[union-attr]
        ]
        assert len(boxes) == 1, f"{source}: no 'Call your clinic if' box"
        text = boxes[0].get_text(" ").lower()
        assert "infect" in text and "red" in text
        assert boxes[0].select_one(".write-in"), f"{source}: no line to write the clinic's phone"


def test_procedure_has_a_before_your_visit_list_to_tick(site: Path) -> None:
    body = article(site, "procedure.md")
    heading = body.find(id="before-your-visit")
    assert heading is not None
    box = heading.find_next("div", class_="checklist")
    assert box is not None and "prompt" in box["class"]
    text = box.get_text(" ").lower()
    for said in ["pregnant", "medicines", "acne cream", "cold sore", "allerg", "keloid"]:
        assert said in text, said
    for asked in ["how many sessions", "cost", "how long", "who will", "skin products"]:
        assert asked in text, asked
    assert len(box.select("input[type=checkbox]")) >= 12


def test_timeline_says_how_to_use_it(site: Path) -> None:
    text = article(site, "aftercare.md").get_text(" ").lower()
    assert "find the day you are on (day 1 is the day of your session)" in text


ACTION_PICTURES = [  # the day grid's rows, in order: each shows the patient's own action
    "action-sunscreen.svg",
    "action-moisturiser.svg",
    "action-no-makeup.svg",
    "action-no-retinoids.svg",
    "action-no-scrubs.svg",
    "action-no-exercise.svg",
    "action-check-skin.svg",
]


def test_aftercare_shows_the_patients_own_actions(site: Path) -> None:
    images = [str(img["src"]) for img in article(site, "aftercare.md").select("table.day-grid img")]
    assert [src.rsplit("/", 1)[-1] for src in images] == ACTION_PICTURES


# The articles' junk: brand and product names, hype, spam, spun phrases and wrong claims. None of
# it may be published, the Sources page and the search index included.
JUNK = [
    "mmd",
    "needle pen",
    "revolution",
    "miracle",
    "game-changer",
    "game changer",
    "beacon",
    "by storm",
    "cornerstone",
    "remarkable",
    "fountain of youth",
    "panacea",
    "skincare industry",
    "skincare enthusiasts",
    "transformative",
    "holistic",
    "splendid lines",
    "crow's toes",
    "crow\u2019s toes",
    "dull rigidity",
    "convey balance",
    "eschew",
    "natural light",
    "tendon",
    "cause trauma",
    "dive deeper",
    "interesting study",
    "specially selected",
    "external resource",
    "thousands of men",
    "testimonials",
    "before-and-after",
    "permanent makeup",
    "1.5 - 2 hours",
    "laxity",
    "non-invasive",
    "forced production",
]


def published_files(site: Path) -> list[Path]:
    return [*sorted(site.rglob("*.html")), site / "search" / "search_index.json"]


def test_no_junk_from_the_articles_is_published(site: Path) -> None:
    for path in published_files(site):
        text = path.read_text("utf-8").lower()
        if path.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False).lower()
        found = [junk for junk in JUNK if junk in text]
        assert not found, f"{path.relative_to(site)} publishes {found}"


def test_junk_list_is_really_in_the_articles(articles: Path) -> None:
    """The list names real junk: most of it is in the articles."""
    text = " ".join(path.read_text("utf-8").lower() for path in articles.glob("*.txt"))
    missing = [junk for junk in JUNK if junk not in text]
    assert len(missing) <= 3, missing  # "miracle" and the like are watched for, not quoted


def test_sources_page_has_its_parts(site: Path) -> None:
    headings = [h.get_text(strip=True).rstrip("¶") for h in article(site, "sources.md")("h2")]
    for wanted in [
        "The five articles",
        "How this guide was written",
        "What this guide adds to its sources",
        "Where the sources disagree",
        "What our sources do not cover",
        "What we left out",
    ]:
        assert wanted in headings, wanted
