"""Every patient page reads at Flesch-Kincaid grade 6 or below; the measure itself is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PATIENT_PAGES, built_page
from tests.readability import main_text_blocks, measure, page_readability, syllables

MAX_GRADE = 6.0


@pytest.mark.parametrize("source", PATIENT_PAGES)
def test_patient_page_reads_at_grade_6_or_below(site: Path, source: str) -> None:
    result = page_readability(built_page(site, source))
    assert result.words > 100, f"{source}: too little text measured ({result.words} words)"
    assert result.grade <= MAX_GRADE, f"{source}: grade {result.grade:.1f}"


@pytest.mark.parametrize(
    ("word", "count"), [("cat", 1), ("collagen", 3), ("infection", 3), ("treatment", 2)]
)
def test_syllables_are_counted(word: str, count: int) -> None:
    assert syllables(word) == count


@pytest.mark.parametrize(
    ("blocks", "sentences", "words"),
    [
        (["The cat sat on the mat."], 1, 6),
        (["One. Two! Three?"], 3, 3),
        (["A heading", "A list item without a full stop"], 2, 9),
        (["It's 24 hours."], 1, 3),
    ],
)
def test_sentences_and_words_are_counted(blocks: list[str], sentences: int, words: int) -> None:
    result = measure(blocks)
    assert (result.sentences, result.words) == (sentences, words)


def test_grade_tells_plain_from_hard_text() -> None:
    plain = measure(["The cat sat on the mat. It was warm. We went home."])
    hard = measure(
        [
            "Microneedling, a minimally invasive dermatological intervention, "
            "stimulates endogenous collagen synthesis through controlled "
            "percutaneous microinjuries, consequently ameliorating cutaneous irregularities."
        ]
    )
    assert plain.grade < 2 < 12 < hard.grade


def test_citations_and_permalinks_are_not_measured() -> None:
    html = (
        '<article class="md-content__inner"><h1>Title<a class="headerlink" href="#t">¶</a></h1>'
        '<p>Skin heals. <sup class="citation">[<a href="#s">1</a>]</sup></p>'
        "<ul><li>Outer item<ul><li>Inner item</li></ul></li></ul></article>"
    )
    assert main_text_blocks(html) == ["Title", "Skin heals.", "Outer item", "Inner item"]
