"""Describe a page to search engines as schema.org JSON-LD, built from the words the page shows."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..guide_errors import GuideError
from ..pages.outline import Section

# The procedure page's sections (by heading id) and the MedicalProcedure property each fills.
PROCEDURE_PARTS = {"before": "preparation", "during": "howPerformed", "right-after": "followup"}


class StructuredDataError(GuideError):
    """A page lacks what its page_type promises (questions, numbered steps)."""


@dataclass(frozen=True)
class Procedure:
    """What every page is about: the procedure's name and its other name."""

    name: str
    also_called: str


@dataclass(frozen=True)
class DescribedPage:
    """What the structured data says about one page."""

    path: str  # shown in errors, e.g. docs/faq.md
    language: str  # e.g. "en"
    title: str
    description: str
    url: str
    reviewed: datetime.date
    page_type: str | None  # "faq", "procedure" or None
    sections: list[Section]


def page_data(
    page: DescribedPage, procedure: Procedure, site_name: str, site_url: str
) -> dict[str, Any]:
    """The page's JSON-LD: a MedicalWebPage for patients, and an FAQPage on the FAQ."""
    about: dict[str, Any] = {
        "@type": "MedicalProcedure",
        "name": procedure.name,
        "alternateName": procedure.also_called,
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "description": page.description,
        "url": page.url,
        "inLanguage": page.language,
        "lastReviewed": page.reviewed.isoformat(),
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "about": about,
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": site_url},
    }
    if page.page_type == "faq":
        data["@type"] = ["MedicalWebPage", "FAQPage"]
        data["mainEntity"] = _questions(page)
    elif page.page_type == "procedure":
        about.update(_procedure_steps(page))
    return data


def json_ld_script(data: dict[str, Any]) -> Markup:
    """A <script type="application/ld+json"> element whose text can never end the element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for char in "<>&":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def _questions(page: DescribedPage) -> list[dict[str, Any]]:
    questions = [
        {
            "@type": "Question",
            "name": section.heading,
            "acceptedAnswer": {"@type": "Answer", "text": section.text},
        }
        for section in page.sections
        if section.heading.endswith("?") and section.text
    ]
    if not questions:
        raise StructuredDataError(
            f"{page.path}: page_type 'faq' needs questions: '## headings' that end with '?', "
            "each followed by its answer"
        )
    return questions


def _procedure_steps(page: DescribedPage) -> dict[str, str]:
    parts = {
        PROCEDURE_PARTS[section.anchor]: " ".join(
            f"{number}. {step}" for number, step in enumerate(section.steps, start=1)
        )
        for section in page.sections
        if section.anchor in PROCEDURE_PARTS and section.steps
    }
    if "howPerformed" not in parts:
        raise StructuredDataError(
            f"{page.path}: page_type 'procedure' needs a '## During' section with numbered steps "
            "(and may have '## Before' and '## Right after')"
        )
    return parts
