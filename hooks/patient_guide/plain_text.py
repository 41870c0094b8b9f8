"""Checks for settings that are printed as plain text: no HTML, no control characters, short."""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from pydantic import AfterValidator

from .data_files import WrittenInteger

# The start of an HTML tag, comment or declaration: '<b', '</b', '<!--', '<?xml'.
# A browser reads '<' as a tag only when a letter, '/', '!' or '?' follows at once: "if pain
# lasts < a week" is text.
HTML_TAG = re.compile(r"<(?:[/?]?[A-Za-z]|!)")


def html_problem(text: str) -> str | None:
    """Why text holding HTML markup is refused (settings are plain text), or None."""
    tag = HTML_TAG.search(text)
    if tag is None:
        return None
    return (
        f"contains HTML ({text[tag.start() : tag.start() + 12]!r}...); this is plain text, so "
        "write it as it should read"
    )


def plain_text(value: object, limit: int, *, multiline: bool = False) -> str:
    """value as stripped plain text of at most limit characters; ValueError says what to fix."""
    if isinstance(value, WrittenInteger) or not isinstance(value, str):
        raise ValueError(not_text(value))
    text = value.strip()
    markup = html_problem(text)
    if markup:
        raise ValueError(markup)
    allowed = "\n\t" if multiline else ""
    for char in text:
        kind = unicodedata.category(char)
        if kind not in {"Cc", "Cf"} or char in allowed:
            continue
        if char == "\n":
            raise ValueError("must be on one line")
        if kind == "Cf":  # right-to-left overrides, zero-width spaces, byte order marks
            name = unicodedata.name(char, "a format character")
            raise ValueError(
                f"contains the invisible character U+{ord(char):04X} ({name}), which changes "
                "how the text is shown; remove it"
            )
        raise ValueError(f"contains the control character U+{ord(char):04X}; remove it")
    if len(text) > limit:
        raise ValueError(f"is {len(text)} characters; the limit is {limit}")
    return text


def not_text(value: object) -> str:
    """Why a YAML value that is not a string cannot be used as text."""
    if isinstance(value, list | dict):
        return f"must be text, not a {'list' if isinstance(value, list) else 'mapping'}"
    if isinstance(value, bool):
        kind = "true/false"
    elif isinstance(value, int | float | WrittenInteger):
        kind = "a number"
    elif isinstance(value, datetime.date):
        kind = "a date"
    else:
        kind = f"a {type(value).__name__}"
    return f"must be text, not {kind}; put the value in quotes"


def plain_field(limit: int) -> Any:
    """A pydantic validator for a model's text field: plain text of at most limit characters."""
    return AfterValidator(lambda value: plain_text(value, limit))
