"""Unit tests: reading the sources file and turning source ids into citation links."""

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

SOURCES = {
    "000": Source(1, "000", "000_a.txt", "First article", "Garbled."),
    "001": Source(2, "001", "001_b.txt", "Second article", "Hype."),
    "004": Source(3, "004", "004_c.txt", "Third article", "Plain."),
}


@pytest.mark.parametrize(
    ("ids", "page", "expected"),
    [
        (
            ("000",),
            "faq.md",
            '<sup class="citation">[[1](sources.md#source-000 "Source 1: First article")]</sup>',
        ),
        (
            ("004", "000"),
            "faq.md",
            '<sup class="citation">[[1](sources.md#source-000 "Source 1: First article"), '
            '[3](sources.md#source-004 "Source 3: Third article")]</sup>',
        ),
        (
            ("001", "001"),
            "faq.md",
            '<sup class="citation">[[2](sources.md#source-001 "Source 2: Second article")]</sup>',
        ),
        (
            ("001",),
            "guides/aftercare.md",
            '<sup class="citation">[[2](../sources.md#source-001 "Source 2: Second article")]'
            "</sup>",
        ),
    ],
)
def test_citation_links_number_and_target(ids: tuple[str, ...], page: str, expected: str) -> None:
    assert citation_markdown(ids, SOURCES, page) == expected


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (("009",), "unknown source id '009'"),
        (("000", "7"), "unknown source id '7'"),
        ((), "needs at least one source id"),
    ],
)
def test_citation_of_unknown_source_is_refused(ids: tuple[str, ...], message: str) -> None:
    with pytest.raises(UnknownSourceError, match=message):
        citation_markdown(ids, SOURCES, "faq.md")


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
