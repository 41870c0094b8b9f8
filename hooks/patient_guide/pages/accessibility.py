"""Accessibility fixes to the website's HTML: labelled checklist tick boxes, a named search."""

from __future__ import annotations

import hashlib
import re

# One task-list item as pymdownx.tasklist writes it (custom_checkbox, clickable_checkbox): the
# words of the item run from the label to the first citation, nested list or end of the item.
TASK_ITEM = re.compile(
    r'(?P<opening><label class="task-list-control"><input type="checkbox")(?P<checked> checked)?/>'
    r'(?P<indicator><span class="task-list-indicator"></span>)</label>'
    r"(?P<words>.*?)(?=<sup class=\"citation\">|<ul|<ol|</li>)",
    re.DOTALL,
)
TAG = re.compile(r"<[^>]+>")


def tick_id(words: str, taken: set[str]) -> str:
    """An id for a tick box that stays the same while its words do, unique on its page."""
    plain = " ".join(TAG.sub("", words).split())
    base = "tick-" + hashlib.sha1(plain.encode()).hexdigest()[:8]
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def labelled_checklist(html: str) -> str:
    """Put each task item's words inside its tick box's label, and give the box an id."""
    taken: set[str] = set()

    def label(item: re.Match[str]) -> str:
        words = item["words"].strip()
        box_id = tick_id(words, taken)
        checked = item["checked"] or ""
        return f'{item["opening"]} id="{box_id}"{checked}/>{item["indicator"]} {words}</label> '

    return TASK_ITEM.sub(label, html)


# Material's search dialog has no accessible name, so screen readers announce an unnamed dialog.
UNNAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def named_search_dialog(html: str, name: str) -> str:
    """Give Material's search dialog an accessible name (its markup is not a template block)."""
    named = f'<div class="md-search" data-md-component="search" role="dialog" aria-label="{name}">'
    return html.replace(UNNAMED_SEARCH_DIALOG, named)
