"""Checklist tick boxes get ids and labels; Material's search dialog gets a name."""

from __future__ import annotations

import markdown

from patient_guide.pages.accessibility import (
    UNNAMED_SEARCH_DIALOG,
    labelled_checklist,
    named_search_dialog,
    tick_id,
)

TASKLIST = {"pymdownx.tasklist": {"custom_checkbox": True, "clickable_checkbox": True}}


def checklist_html(source: str) -> str:
    """Markdown task list as the site's configuration renders it, then labelled."""
    html = markdown.markdown(source, extensions=list(TASKLIST), extension_configs=TASKLIST)
    return labelled_checklist(html)


def test_item_words_become_the_tick_box_label() -> None:
    html = checklist_html("- [ ] Stay *out* of the sun.\n")
    box = tick_id("Stay <em>out</em> of the sun.", set())
    assert f'<input type="checkbox" id="{box}"/>' in html
    assert '<span class="task-list-indicator"></span> Stay <em>out</em> of the sun.</label>' in html


def test_citation_and_nested_list_stay_outside_the_label() -> None:
    html = checklist_html(
        '- [x] Wear a hat. <sup class="citation">[1]</sup>\n- [ ] Parent\n    - [ ] Child\n'
    )
    assert ' checked/><span class="task-list-indicator"></span> Wear a hat.</label> <sup' in html
    assert "Parent</label> <ul" in html
    assert html.count("<label") == html.count('<input type="checkbox" id="tick-') == 3


def test_tick_ids_are_stable_and_unique_on_a_page() -> None:
    taken: set[str] = set()
    first = tick_id("Drink water.", taken)
    assert tick_id("Drink  <b>water</b>.", set()) == first  # markup and spacing do not count
    assert tick_id("Drink water.", taken) == f"{first}-2"
    assert tick_id("Rest.", taken) != first


def test_pages_without_a_checklist_are_unchanged() -> None:
    html = '<ul><li>A plain <label for="x">list</label></li></ul>'
    assert labelled_checklist(html) == html


def test_search_dialog_gets_a_name() -> None:
    page = f"<body>{UNNAMED_SEARCH_DIALOG}</div></body>"
    assert 'role="dialog" aria-label="Search">' in named_search_dialog(page, "Search")
