"""Generated front matter and clinic settings: every outcome is a valid value or a clear error."""

from __future__ import annotations

import datetime
import string
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patient_guide.clinic_files.settings import Clinic, ClinicFileError, ClinicSettings, load_clinic
from patient_guide.pages.front_matter import PageText, read_page
from patient_guide.pages.templating import PageTemplateError
from patient_guide.plain_text import html_problem

PAGE = "docs/page.md"
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# YAML values of every kind an editor might type, including ones that are wrong for the field.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True),
    st.dates(),
    st.text(max_size=60),
    st.text(alphabet="<>&\"'/\\:;!?-_ #%{}[]\t\n" + string.ascii_letters, max_size=40),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=8), inner, max_size=3), max_leaves=6)  # fmt: skip


def yaml_text(mapping: dict[Any, Any]) -> str:
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)


def front_matter_keys() -> st.SearchStrategy[str]:
    return st.sampled_from(["title", "description", "reviewed", "search", "hide"]) | st.text(
        max_size=10
    )


def assert_clear(error: Exception, where: str) -> None:
    message = str(error)
    assert message.startswith(where), message
    assert "Traceback" not in message and len(message.splitlines()) <= 12, message
    if isinstance(error, ClinicFileError):  # one located line per problem
        assert all(line.startswith(where) for line in message.splitlines()), message


# Front matter near the real thing: each required key present, its value right or wrong.
near_valid_front_matter = st.fixed_dictionaries(
    {
        "title": st.text(max_size=40) | values,
        "description": st.text(max_size=80) | values,
        "reviewed": st.dates() | values,
    },
    optional={"search": values, "hide": values},
)


@FUZZ
@given(
    meta=near_valid_front_matter | st.dictionaries(front_matter_keys(), values, max_size=6),
    body=st.text(max_size=200),
)
def test_generated_front_matter_is_read_or_clearly_refused(meta: dict[str, Any], body: str) -> None:
    raw = f"---\n{yaml_text(meta)}---\n\n{body}".encode()
    try:
        page = read_page(PAGE, raw)
    except PageTemplateError as error:
        assert_clear(error, PAGE)
        return
    assert isinstance(page, PageText)
    assert isinstance(page.meta["title"], str) and page.meta["title"].strip()
    assert isinstance(page.meta["reviewed"], datetime.date)


@FUZZ
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_as_a_page_are_read_or_clearly_refused(raw: bytes) -> None:
    for candidate in (raw, b"---\n" + raw):
        try:
            read_page(PAGE, candidate)
        except PageTemplateError as error:
            assert_clear(error, PAGE)


clinic_keys = st.sampled_from(list(ClinicSettings.model_fields)) | st.text(max_size=12)


@FUZZ
@given(
    settings_=st.dictionaries(clinic_keys, values, max_size=8),
    name=st.text(max_size=90),
    phone=st.text(alphabet="0123456789 +-().x", max_size=25),
)
def test_generated_clinic_settings_are_loaded_or_clearly_refused(
    settings_: dict[str, Any], name: str, phone: str
) -> None:
    mapping = {"name": name, "phone": phone, **settings_}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clinic.yml"
        path.write_text(yaml_text(mapping), encoding="utf-8")
        try:
            clinic = load_clinic(path)
        except ClinicFileError as error:
            assert_clear(error, str(path))
            return
    assert isinstance(clinic, Clinic)
    assert clinic.name.strip() and html_problem(clinic.name) is None


@FUZZ
@given(raw=st.binary(max_size=300))
def test_any_bytes_as_a_clinic_file_are_loaded_or_clearly_refused(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clinic.yml"
        path.write_bytes(raw)
        try:
            load_clinic(path)
        except ClinicFileError as error:
            assert_clear(error, str(path))
