"""The aftercare checklist: ticks are labelled, survive a reload, clear on request, and print."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import SCREENSHOTS, OpenPage

STORAGE_KEY = "microneedling-guide.checklist-ticks"


def tick_boxes(page: Page) -> list[str]:
    """Each checklist tick box's accessible name, as a screen reader announces it: its label's
    words, or (a box of the day grid) its aria-label, the rule and the day."""
    boxes = page.locator(".checklist").get_by_role("checkbox")
    return [
        boxes.nth(index).evaluate(
            "box => box.getAttribute('aria-label') || box.labels[0].innerText.trim()"
        )
        for index in range(boxes.count())
    ]


def tick(page: Page, name: str) -> None:
    """Click a tick box where a patient does: on its picture of a box, which the task list
    draws over the real one."""
    page.get_by_role("checkbox", name=name, exact=True).click(force=True)


def checked(page: Page) -> list[bool]:
    boxes = page.locator(".checklist").get_by_role("checkbox")
    ticked: list[bool] = boxes.evaluate_all("boxes => boxes.map(box => box.checked)")
    return ticked


def test_every_tick_box_has_a_name_of_its_own(open_page: OpenPage) -> None:
    page, _ = open_page("aftercare/")
    names = tick_boxes(page)
    assert len(names) >= 15 and all(names)
    assert len(set(names)) == len(names), "two boxes would sound the same"
    for name in names:  # found by role and name, as assistive technology finds them
        assert page.get_by_role("checkbox", name=name, exact=True).count() == 1


def test_ticks_survive_a_reload_and_clear_on_request(open_page: OpenPage) -> None:
    page, log = open_page("aftercare/")
    assert not any(checked(page)), "a fresh browser starts with no ticks"
    names = tick_boxes(page)
    tick(page, names[0])
    page.get_by_role("checkbox", name=names[-1], exact=True).focus()
    page.keyboard.press("Space")  # ticked from the keyboard
    requests_before_reload = len(log.seen)

    page.reload()
    page.wait_for_load_state("networkidle")
    ticks = checked(page)
    assert ticks[0] and ticks[-1] and sum(ticks) == 2
    stored = page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')")
    assert stored and len(re.findall(r'"grid-[a-z-]+-day-\d+":true', stored)) == 2
    # Reloading fetches only the page's own files: ticks are never sent anywhere.
    assert all(url.startswith(log.local_prefix) for url in log.seen[requests_before_reload:])

    clear = page.get_by_role("button", name="Clear all ticks")
    assert clear.is_visible()
    clear.click()
    assert not any(checked(page))
    assert page.locator(".checklist-status").inner_text() == "All ticks cleared."
    page.reload()
    page.wait_for_load_state("networkidle")
    assert not any(checked(page))
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is None


def test_printed_checklist_has_no_site_header_navigation_or_search(open_page: OpenPage) -> None:
    page, _ = open_page("aftercare/")
    first = tick_boxes(page)[0]
    tick(page, first)
    page.emulate_media(media="print")
    for part in [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search"]:
        assert not page.locator(part).first.is_visible(), f"{part} shows in print"
    assert not page.get_by_role("button", name="Clear all ticks").is_visible()
    assert page.locator(".checklist").is_visible()
    assert page.get_by_role("checkbox", name=first, exact=True).is_visible()
    assert checked(page)[0]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "aftercare-print.png", full_page=True)


# What may be stored under the key already: another version's ticks, another script's value, a
# hand in the browser's tools. None of them ticks a box, and none stops the list from working.
STORED_VALUES = {
    "a number": "5",
    "null": "null",
    "a list": "[1, 2]",
    "a string": '"ticked"',
    "true": "true",
    "not JSON": "{ticks",
    "empty": "",
    "the page's ticks a number": '{"/aftercare/": 5}',
    "the page's ticks a list": '{"/aftercare/": [true]}',
    "the page's ticks null": '{"/aftercare/": null}',
    "ticks not true": '{"/aftercare/": {"tick-0": "yes", "tick-1": 1, "tick-2": {}}}',
    "a __proto__ key": '{"__proto__": {"tick-0": true}, "/aftercare/": {"__proto__": true}}',
}


def ticks_stored(page: Page) -> dict[str, dict[str, bool]]:
    stored = page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')")
    return json.loads(stored) if stored else {}


@pytest.mark.parametrize("stored", STORED_VALUES.values(), ids=STORED_VALUES.keys())
def test_the_checklist_works_whatever_was_stored_before(open_page: OpenPage, stored: str) -> None:
    page, _ = open_page("aftercare/")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, stored])
    page.reload(wait_until="load")  # the page's scripts have run; it loads nothing after
    assert not any(checked(page))
    clear = page.get_by_role("button", name="Clear all ticks")
    assert clear.is_visible()

    first = tick_boxes(page)[0]
    tick(page, first)
    page.reload(wait_until="load")
    assert checked(page)[0] and sum(checked(page)) == 1, "the tick was not kept"
    pages = ticks_stored(page)
    assert list(pages["/aftercare/"].values()) == [True]
    assert all(isinstance(ticks, dict) for ticks in pages.values())

    page.get_by_role("button", name="Clear all ticks").click()
    assert not any(checked(page))
    assert "/aftercare/" not in ticks_stored(page)
    # Errors in the console or a script fail the test (the open_page fixture).


# As a browser that keeps no site data behaves: even reading `localStorage` throws.
BLOCKED_STORAGE = """
Object.defineProperty(window, "localStorage", {
  get() { throw new DOMException("The document is sandboxed", "SecurityError"); },
});
"""


def test_the_checklist_works_where_the_browser_keeps_nothing(open_page: OpenPage) -> None:
    # Site data blocked: storage throws. Ticks then last while the page is open, the list and
    # its clear button work as before, and no script of the page stops with an error (the
    # open_page fixture).
    page, _ = open_page("aftercare/")
    page.add_init_script(BLOCKED_STORAGE)
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("(() => { try { localStorage; } catch { return 'blocked'; } })()")
    names = tick_boxes(page)
    tick(page, names[0])
    tick(page, names[1])
    assert checked(page)[:2] == [True, True]
    page.get_by_role("button", name="Clear all ticks").click()
    assert not any(checked(page))
    assert page.locator(".checklist-status").inner_text() == "All ticks cleared."
