"""Unit tests: the clinic details that pages may show, read from mkdocs.yml's extra section."""

from __future__ import annotations

from typing import Any

import pytest

from patient_guide.site.settings import (
    ClinicContact,
    SiteValueError,
    check_printed_settings,
    clinic_from_extra,
)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, None),
        ({"clinic": None}, None),
        ({"clinic": {"name": "Fern Clinic"}}, ClinicContact(name="Fern Clinic")),
        (
            {"clinic": {"name": " Fern Clinic ", "phone": "+1 555 0100"}},
            ClinicContact(name="Fern Clinic", phone="+1 555 0100"),
        ),
        ({"clinic": {"name": "Fern", "phone": 5550100}}, ClinicContact("Fern", "5550100")),
    ],
)
def test_clinic_is_read_from_extra(extra: dict[str, Any], expected: ClinicContact | None) -> None:
    assert clinic_from_extra(extra) == expected


@pytest.mark.parametrize(
    ("clinic", "message"),
    [
        ("Fern Clinic", "must be a mapping"),
        ({"phone": "555"}, "needs a name"),
        ({"name": "Fern", "fax": "1"}, "unknown key 'fax'"),
        ({"name": ["Fern"]}, "extra.clinic.name must be text"),
        ({"name": "Fern", "phone": True}, "extra.clinic.phone must be text"),
        ({"name": "   "}, "extra.clinic.name must be text"),
    ],
)
def test_bad_clinic_is_explained(clinic: object, message: str) -> None:
    with pytest.raises(SiteValueError, match=message):
        clinic_from_extra({"clinic": clinic})


@pytest.mark.parametrize("key", ["site_name", "site_description", "site_author", "copyright"])
def test_a_setting_the_theme_prints_into_every_page_is_plain_text(key: str) -> None:
    with pytest.raises(SiteValueError, match=f"mkdocs.yml: {key} contains HTML"):
        check_printed_settings({key: "Guide</title><script>alert(1)</script>"})
    check_printed_settings({key: "If pain lasts < a week: a guide"})  # '<' as text is fine
