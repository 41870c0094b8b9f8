"""Dates as a reader of each language writes them: "21 November 2026", "21 de noviembre de 2026"."""

from __future__ import annotations

import datetime

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
}
PATTERNS = {"en": "{day} {month} {year}", "es": "{day} de {month} de {year}"}


def long_date(date: datetime.date, language: str) -> str:
    """The date in words, in the language (English for a language not listed here)."""
    code = language if language in MONTHS else "en"
    month = MONTHS[code].split()[date.month - 1]
    return PATTERNS[code].format(day=date.day, month=month, year=date.year)
