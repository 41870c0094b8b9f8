"""The data Python gives the handout template is the data the template reads: one declaration
(patient_guide/handouts/template_inputs.py), held to the template's own words."""

from __future__ import annotations

import re

import pytest

from patient_guide.handouts.article_blocks import SPAN_KINDS, STYLED_INLINE
from patient_guide.handouts.template_inputs import (
    ClinicInputs,
    GridInputs,
    GridRowInputs,
    JobInputs,
    ReviewedDate,
)
from tests.conftest import PROJECT

TEMPLATE = PROJECT / "overrides" / "handout" / "handout.typ"


def fields_read(name: str) -> set[str]:
    """The fields the template reads from its value called `name` ("job.title" -> title)."""
    code = re.sub(r'"[^"\n]*"', '""', TEMPLATE.read_text())  # not in strings: "job.json"
    return set(re.findall(rf"(?<![\w-]){re.escape(name)}\.([a-z_]+)", code))


@pytest.mark.parametrize(
    ("name", "declared"),
    [
        ("job", JobInputs),
        ("clinic", ClinicInputs),  # job.clinic, named clinic in the template
        ("data", GridInputs),  # job.grid
        ("row", GridRowInputs),  # each of job.grid.rows
        ("reviewed", ReviewedDate),  # job.reviewed
    ],
)
def test_the_template_reads_every_declared_field_and_no_other(name: str, declared: type) -> None:
    assert fields_read(name) == set(declared.__annotations__)


def test_the_job_is_used_only_where_its_fields_are_named() -> None:
    """Typst lays out again whatever depends on a value that changed: a function that used
    `job` itself would change with any field of it, and one clinic's handout could reuse none
    of the layout of the clinic's before it in a batch."""
    lines = [line.split("//")[0].strip() for line in TEMPLATE.read_text().splitlines()]
    uses = [line for line in lines if re.search(r"(?<![\w-])job(?![\w-])", line)]
    assert '#let job = json("job.json")' in uses
    named = [line for line in uses if re.fullmatch(r"#let [a-z-]+ = job\.[a-z_]+", line)]
    assert len(named) == len(fields_read("job")) == len(uses) - 1, uses


def test_the_reader_finds_fields_and_not_names_that_only_end_alike() -> None:
    assert "title" in fields_read("job") and "phone" in fields_read("clinic")
    assert not fields_read("no-such-value")


HANDOUTS_CODE = PROJECT / "hooks" / "patient_guide" / "handouts"


def kinds_made() -> set[str]:
    """Every kind of block or text run the Python side hands the template: the kinds written
    out in the handouts package, and those its tables of tags and classes give."""
    written = {
        kind
        for path in HANDOUTS_CODE.glob("*.py")
        for kind in re.findall(r'"kind": "([a-z-]+)"', path.read_text(encoding="utf-8"))
    }
    return written | set(STYLED_INLINE.values()) | set(SPAN_KINDS.values())


def kinds_handled() -> set[str]:
    """The kinds the template tests for (kind == "x", kind in ("x", "y"))."""
    text = TEMPLATE.read_text(encoding="utf-8")
    single = set(re.findall(r'kind == "([a-z-]+)"', text))
    grouped = {
        kind
        for group in re.findall(r"kind in \(([^)]*)\)", text)
        for kind in re.findall(r'"([a-z-]+)"', group)
    }
    return single | grouped


def test_the_template_handles_every_kind_of_block_and_run_it_is_given() -> None:
    made = kinds_made()
    assert {"paragraph", "heading", "list", "box", "picture", "emph", "prompt"} <= made
    assert made - kinds_handled() == set()
