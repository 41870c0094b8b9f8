"""The data Python gives the handout template is the data the template reads: one declaration
(patient_guide/handouts/template_inputs.py), held to the template's own words."""

from __future__ import annotations

import json
import re
import types
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict

import pytest

from patient_guide.handouts.article_blocks import SPAN_KINDS, STYLED_INLINE
from patient_guide.handouts.jobs import HandoutSet
from patient_guide.handouts.print_data import articles_json
from patient_guide.handouts.template_inputs import (
    Block,
    ClinicInputs,
    GridInputs,
    GridRowInputs,
    JobInputs,
    ReviewedDate,
    Run,
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


# Each kind of block and run, and its declared shape.
SHAPES: dict[str, Any] = {
    kind: shape
    for shape in (*get_args(Run), *get_args(Block))
    for kind in get_args(get_type_hints(shape)["kind"])
}


def shape_problems(value: object, hint: Any, where: str) -> list[str]:
    """Where value is not of the declared type hint (a TypedDict, list, union or plain type)."""
    origin = get_origin(hint)
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: not a list"]
        (item,) = get_args(hint)
        return [p for n, v in enumerate(value) for p in shape_problems(v, item, f"{where}[{n}]")]
    if origin in (Union, types.UnionType):
        choices = get_args(hint)
        if all(is_typeddict(choice) for choice in choices):  # a block or run, by its kind
            kind = value.get("kind") if isinstance(value, dict) else None
            if kind not in SHAPES:
                return [f"{where}: a node of no declared kind ({kind!r})"]
            return shape_problems(value, SHAPES[kind], f"{where}<{kind}>")
        if any(not shape_problems(value, choice, where) for choice in choices):
            return []
        return [f"{where}: {value!r} is none of {choices}"]
    if origin is Literal:
        return [] if value in get_args(hint) else [f"{where}: {value!r} not in {get_args(hint)}"]
    if is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{where}: not a mapping"]
        keys = set(value)
        required, optional = set(hint.__required_keys__), set(hint.__optional_keys__)
        if not required <= keys <= required | optional:
            return [
                f"{where}: keys {sorted(keys)}, declared {sorted(required)} + {sorted(optional)}"
            ]
        hints = get_type_hints(hint)
        return [p for key in keys for p in shape_problems(value[key], hints[key], f"{where}.{key}")]
    if hint is type(None):
        return [] if value is None else [f"{where}: {value!r} is not None"]
    if hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{where}: {value!r} is not a number"]
    if hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{where}: {value!r} is not a whole number"]
    return [] if isinstance(value, hint) else [f"{where}: {value!r} is not {hint.__name__}"]


def test_every_kind_made_has_a_declared_shape() -> None:
    assert set(SHAPES) == kinds_made()


def test_every_block_and_run_of_every_handout_has_its_declared_shape(
    built: tuple[Path, HandoutSet], spanish_handouts: HandoutSet
) -> None:
    """What Typst is given for every handout of both languages, node by node."""
    problems = []
    for handout_set in (built[1], spanish_handouts):
        for handout in handout_set.handouts:
            pages = tuple(handout_set.pages[source] for source in handout.pages)
            articles = json.loads(articles_json(pages, handout))
            where = f"{handout_set.translation or 'en'} {handout.slug}"
            problems += shape_problems(articles, list[list[Block]], where)
    assert problems == []


@pytest.mark.parametrize(
    "node",
    [
        {"kind": "heading", "level": "2", "id": "a", "runs": []},  # a level as text
        {"kind": "paragraph", "classes": [], "runs": [{"kind": "text"}]},  # a run without text
        {"kind": "box", "variant": "note", "title": [], "blocks": [], "letters": 3, "extra": 1},
        {"kind": "list", "ordered": False, "classes": [], "items": [{"tick": 1, "blocks": []}]},
        {"kind": "marquee"},
    ],
)
def test_the_shape_check_finds_each_kind_of_mistake(node: dict[str, Any]) -> None:
    assert shape_problems([node], list[Block], "page") != []
