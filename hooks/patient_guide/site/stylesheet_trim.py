"""The theme's stylesheet less what no page of the site can use: rules for classes that appear in
no page and no script (blog posts, tabs, code, consent banners...), and the pictures of icons
only those rules showed. A patient's phone then loads a quarter less CSS. The guide's own
stylesheet goes out without its comments, which are for the people who edit it."""

from __future__ import annotations

import re
from collections.abc import Iterable

CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
# The theme's colour schemes: [data-md-color-primary=red] applies only where a page names it.
COLOUR_ATTRIBUTE = re.compile(r"""\[(data-md-color-[a-z]+)=["']?([^\]"']+)["']?\]""")
ICON_VARIABLE = re.compile(r"(--[a-z0-9-]+):url\(\"?data:[^)]*\)")
URL = re.compile(r"url\([^)]*\)")
COLOUR_PAIR = re.compile(r"""(data-md-color-[a-z]+)=["']([^"']*)["']""")  # as a page writes it
# A comment or a string, whichever starts first: a string may hold "/*", a comment a quote.
COMMENT_OR_STRING = re.compile(r"""/\*.*?\*/|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'""", re.S)


def used_class_names(pages: Iterable[str], scripts: Iterable[str]) -> set[str]:
    """Every word of the pages and scripts that could be a class name, and the colours they
    name (data-md-color-primary="custom"): a page names its classes in class="...", a script
    as strings ("md-search-result__meta"); a word counts wherever it appears."""
    words: set[str] = set()
    for text in [*pages, *scripts]:
        words.update(re.findall(r"[_a-zA-Z][_a-zA-Z0-9-]*", text))
        words.update(f"{name}={value}" for name, value in COLOUR_PAIR.findall(text))
    return words


def trimmed_stylesheet(css: str, used: set[str]) -> str:
    """css without the rules whose every selector names a class not in used, and without the
    icon variables (--x: url(data:...)) no remaining rule reads."""
    kept = _kept_blocks(css, used)
    read = set(re.findall(r"var\((--[a-z0-9-]+)", kept))
    kept = ICON_VARIABLE.sub(lambda found: found[0] if found[1] in read else "", kept)
    kept = re.sub(r"(?<=[{;]);+|;+(?=})", "", kept)  # the separators of what went
    return re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", kept)  # the map is of the whole file


def without_comments(css: str) -> str:
    """css without its comments and the blank lines they leave; strings as they were."""
    kept = COMMENT_OR_STRING.sub(lambda found: "" if found[0].startswith("/*") else found[0], css)
    return re.sub(r"\n\s*\n", "\n", kept)


def _kept_blocks(css: str, used: set[str]) -> str:
    """The rules (and the at-rules that hold rules) worth keeping, in order."""
    out: list[str] = []
    position = 0
    while position < len(css):
        brace = css.find("{", position)
        if brace < 0:
            out.append(css[position:])
            break
        prelude = css[position:brace]
        end = _matching_brace(css, brace)
        body = css[brace + 1 : end]
        head = prelude.strip()
        if head.startswith("@media") or head.startswith("@supports") or head.startswith("@layer"):
            inner = _kept_blocks(body, used)
            if inner.strip():
                out.append(f"{prelude}{{{inner}}}")
        elif head.startswith("@"):
            out.append(css[position : end + 1])  # @keyframes, @font-face, @page: as they are
        else:
            selectors = [s for s in _selectors(prelude) if _applies(s, used)]
            if selectors:
                out.append(f"{','.join(selectors)}{{{body}}}")
        position = end + 1
    return "".join(out)


def _matching_brace(css: str, opening: int) -> int:
    depth = 0
    quote = ""
    for index in range(opening, len(css)):
        char = css[index]
        if quote:
            if char == quote and css[index - 1] != "\\":
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError("a stylesheet with a brace that is not closed")


def _selectors(prelude: str) -> list[str]:
    """A rule's selectors, split at the commas outside brackets (":is(.a, .b)" is one)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:index])
            start = index + 1
    parts.append(prelude[start:])
    return [part for part in parts if part.strip()]


def _applies(selector: str, used: set[str]) -> bool:
    """False when the selector needs a class, or a colour, no page or script has. Inside :not()
    neither is needed, and inside :is()/:where() one of several is: those are left alone."""
    needed = re.sub(r":(?:not|is|where|has)\([^()]*(?:\([^()]*\)[^()]*)*\)", "", selector)
    colours = [f"{name}={value}" for name, value in COLOUR_ATTRIBUTE.findall(needed)]
    needed = re.sub(r"\[[^\]]*\]", "", URL.sub("", needed))
    return all(name in used for name in [*CLASS.findall(needed), *colours])
