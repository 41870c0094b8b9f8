"""Markup the build writes itself (citation links, the timeline picture), from Jinja templates."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"


# Characters Markdown reads as markup inside a line, written as character references so that
# words from elsewhere (an article's quote) print exactly as they are.
# HTML's own specials are written the same way.
CHARACTER_REFERENCES = {ord(char): f"&#{ord(char)};" for char in "&<>\"'\\`*_{}[]()#+-.!|~"}


def markdown_safe(text: str) -> Markup:
    """Text that prints as it is in HTML and in Markdown (a quote holds no markup)."""
    return Markup(str(text).translate(CHARACTER_REFERENCES))


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value is text, so it can never become markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["markdown_safe"] = markdown_safe
    return environment


def rendered(template: str, **values: Any) -> str:
    """A template of this package rendered with values, each escaped."""
    return _environment().get_template(template).render(**values)
