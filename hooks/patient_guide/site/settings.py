"""Site-wide values from mkdocs.yml's `extra:`: the clinic (when configured) and the procedure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..guide_errors import GuideError
from ..plain_text import html_problem, plain_text
from .structured_data import Procedure


class SiteValueError(GuideError):
    """The `extra:` section of mkdocs.yml has a value pages cannot use."""


@dataclass(frozen=True)
class ClinicContact:
    """The clinic hosting the site, as mkdocs.yml's `extra.clinic` gives it."""

    name: str
    phone: str | None = None


CLINIC_FIELDS = tuple(field.name for field in fields(ClinicContact))


def clinic_from_extra(extra: Mapping[str, Any]) -> ClinicContact | None:
    """The clinic from `extra.clinic` in mkdocs.yml, or None when none is set (so a page that
    prints `{{ clinic.name }}` without `{% if clinic %}` is an error, not "None")."""
    clinic = extra.get("clinic")
    if clinic is None:
        return None
    if not isinstance(clinic, dict):
        raise SiteValueError("mkdocs.yml: extra.clinic must be a mapping with name and phone")
    unknown = sorted(set(clinic) - set(CLINIC_FIELDS))
    if unknown:
        raise SiteValueError(
            f"mkdocs.yml: extra.clinic has an unknown key {unknown[0]!r}; "
            f"the keys are {', '.join(CLINIC_FIELDS)}"
        )
    values: dict[str, str] = {}
    for field in CLINIC_FIELDS:
        value = clinic.get(field)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
            raise SiteValueError(f"mkdocs.yml: extra.clinic.{field} must be text")
        markup = html_problem(str(value))
        if markup:
            raise SiteValueError(f"mkdocs.yml: extra.clinic.{field} {markup}")
        values[field] = str(value).strip()
    if "name" not in values:
        raise SiteValueError("mkdocs.yml: extra.clinic needs a name when it is set")
    return ClinicContact(**values)


# Settings of mkdocs.yml the theme prints into every page as they are (unescaped).
PRINTED_SETTINGS = ("site_name", "site_description", "site_author", "copyright")


def check_printed_settings(config: Mapping[str, Any]) -> None:
    """The settings the theme prints into every page are plain text: markup there would reach
    every page, and the pages' security header would allow a script in it."""
    for key in PRINTED_SETTINGS:
        value = config.get(key)
        if value is None:
            continue
        try:
            plain_text(value, 300)
        except ValueError as error:
            raise SiteValueError(f"mkdocs.yml: {key} {error}") from None


def procedure_from_extra(extra: Mapping[str, Any]) -> Procedure:
    """What the site is about, from `extra.procedure` in mkdocs.yml (for search engines)."""
    procedure = extra.get("procedure")
    example = "procedure: {name: Microneedling, also_called: Collagen induction therapy}"
    if not isinstance(procedure, dict) or set(procedure) != {"name", "also_called"}:
        raise SiteValueError(f"mkdocs.yml: extra needs exactly these keys: '{example}'")
    for key, value in procedure.items():
        if not isinstance(value, str) or not value.strip() or html_problem(value):
            raise SiteValueError(f"mkdocs.yml: extra.procedure.{key} must be plain text")
    return Procedure(name=procedure["name"].strip(), also_called=procedure["also_called"].strip())
