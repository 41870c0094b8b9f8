"""Unit tests: reading the sources file, and turning evidence into citations whose quotes are
found in their articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from patient_guide.data_files import DataFileError
from patient_guide.pages.citations import (
    Source,
    UnknownSourceError,
    citation_markdown,
    load_sources,
)
from patient_guide.pages.quotes import ARTICLES_SETTING, ArticleShelf, QuoteError

SOURCES = {
    "000": Source(1, "000", "000_a.txt", "First article", "Garbled."),
    "001": Source(2, "001", "001_b.txt", "Second article", "Hype."),
    "004": Source(3, "004", "004_c.txt", "Third article", "Plain."),
}


def cited(number: int, anchor: str, title: str, quote: str, up: str = "") -> str:
    return (
        f'[[{number}]({up}sources.md#source-{anchor} "Source {number}: {title}")] '
        f'<q lang="en">{quote}</q>'
    )


@pytest.mark.parametrize(
    ("evidence", "page", "expected"),
    [
        (("000: skin heals",), "faq.md", [cited(1, "000", "First article", "skin heals")]),
        (
            ("004: a sunburn", "000: red  skin"),
            "faq.md",
            [cited(1, "000", "First article", "red skin"),
             cited(3, "004", "Third article", "a sunburn")],
        ),
        (
            ("001: 24-48 hours *at most* <b>",),
            "guides/aftercare.md",
            [cited(2, "001", "Second article",
                   "24&#45;48 hours &#42;at most&#42; &#60;b&#62;", up="../")],
        ),
    ],
)  # fmt: skip
def test_citation_links_each_article_and_quotes_its_words(
    evidence: tuple[str, ...], page: str, expected: list[str]
) -> None:
    markdown = citation_markdown(evidence, SOURCES, page)
    assert markdown == f'<span class="citation" data-search-exclude>{" ".join(expected)}</span>'


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        (("009: words",), "unknown source id '009'"),
        (("000: words", "7: more"), "unknown source id '7'"),
        ((), "needs at least one article and its words"),
        (("000",), "'000' names no passage; each citation gives the article's id and its own"),
        (("000:  ",), "names no passage"),
        (("000: " + "word " * 31,), "is 31 words long; quote at most about 25 words"),
    ],
)  # fmt: skip
def test_citation_without_a_known_article_and_its_words_is_refused(
    evidence: tuple[str, ...], message: str
) -> None:
    with pytest.raises(UnknownSourceError, match=message):
        citation_markdown(evidence, SOURCES, "faq.md")


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("the skin heals", True),
        ("The Skin   HEALS", True),  # case and spaces do not count
        ("skin heals, slowly", True),  # nor punctuation
        ("don\u2019t rush", True),  # curly and straight apostrophes are the same
        ("24\u201348 hours", True),  # so are dashes
        ("the skin heals fast", False),
        ("skin heal", False),  # a word cut short is not the article's word...
        ("heals slowly don", True),  # ...but a quote may run across sentences
    ],
)
def test_a_quote_is_found_in_its_article_whatever_its_case_and_punctuation(
    tmp_path: Path, quote: str, found: bool
) -> None:
    (tmp_path / "000_a.txt").write_text("The skin heals, slowly.\nDon't rush: 24-48 hours.\n")
    shelf = ArticleShelf(tmp_path)
    if found:
        citation_markdown((f"000: {quote}",), SOURCES, "faq.md", shelf=shelf)
    else:
        with pytest.raises(UnknownSourceError, match=f'the quote "{quote}" is not in article 000'):
            citation_markdown((f"000: {quote}",), SOURCES, "faq.md", shelf=shelf)


def test_the_articles_folder_is_named_by_its_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ARTICLES_SETTING, raising=False)
    assert ArticleShelf.from_setting() is None
    monkeypatch.setenv(ARTICLES_SETTING, str(tmp_path))
    shelf = ArticleShelf.from_setting()
    assert shelf is not None and shelf.folder == tmp_path
    monkeypatch.setenv(ARTICLES_SETTING, str(tmp_path / "gone"))
    with pytest.raises(QuoteError, match=f"{ARTICLES_SETTING}=.*gone: no such folder"):
        ArticleShelf.from_setting()
    shelf = ArticleShelf(tmp_path)
    with pytest.raises(UnknownSourceError, match=r"cannot read article .*000_a\.txt"):
        citation_markdown(("000: words",), SOURCES, "faq.md", shelf=shelf)


def test_sources_file_is_read_in_order(tmp_path: Path) -> None:
    path = tmp_path / "sources.yml"
    path.write_text(
        "- {id: '002', file: b.txt, title: B, quality: ok}\n"
        "- {id: '001', file: a.txt, title: A, quality: poor}\n"
    )
    sources = load_sources(path)
    assert [(s.number, s.id, s.anchor) for s in sources.values()] == [
        (1, "002", "source-002"),
        (2, "001", "source-001"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- {id: '1', file: a, title: A", ":1: not valid YAML: while parsing a flow mapping"),
        ("", ": must be a list of sources"),
        ("id: 1", ": must be a list of sources"),
        ("- just text", ":1: source 1: must be a mapping"),
        ("- {id: '1', file: a, title: A}", ":1: source 1: quality: missing; add e.g. quality:"),
        ("- {id: '1', file: a, title: A, quality: q}\n- {id: '2', file: b, title: [B], quality: q}",
         ":2: source 2: title: must be text, not a list"),
        ("- id: '1'\n  file: a\n  title: A\n  quality: q\n  colour: red",
         ":5: source 1: colour: unknown key; the keys are id, file, title, quality"),
        ("- {id: 1, file: a, title: A, quality: q}", ":1: source 1: id: must be text, not a num"),
        ("- {id: '1', file: a, title: A, quality: q}\n- {id: '1', file: b, title: B, quality: q}",
         ":2: source 2: id '1' is listed twice"),
    ],
)  # fmt: skip
def test_bad_sources_file_is_explained(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "sources.yml"
    path.write_text(content)
    with pytest.raises(DataFileError) as error:
        load_sources(path)
    assert str(error.value).startswith(f"{path}{message}"), str(error.value)
    assert "\n" not in str(error.value)


def test_missing_sources_file_is_explained(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"nowhere\.yml: not found"):
        load_sources(tmp_path / "nowhere.yml")
