"""The data Python gives the handout template is the data the template reads: one declaration
(patient_guide/handouts/template_inputs.py), held to the template's own words."""

from __future__ import annotations

import re

import pytest

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
    return set(re.findall(rf"(?<![\w-]){re.escape(name)}\.([a-z_]+)", TEMPLATE.read_text()))


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


def test_the_reader_finds_fields_and_not_names_that_only_end_alike() -> None:
    assert "title" in fields_read("job") and "phone" in fields_read("clinic")
    assert not fields_read("no-such-value")
