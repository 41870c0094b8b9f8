"""The site works by keyboard alone: search opens, a result is followed, focus always shows."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import OpenPage, settled

# The box around the focused element and what shows its focus for it (a hidden tick box shows
# it on its label, Material's hidden palette switch on the label after it), a few pixels wider,
# inside the viewport.
FOCUS_REGION = """() => {
  const element = document.activeElement;
  const shownBy = [...(element.labels || []), element.nextElementSibling].filter(e => e);
  const boxes = [element, ...shownBy].map(e => e.getBoundingClientRect())
    .filter(box => box.width > 0 && box.height > 0);
  if (!boxes.length) return null;
  const left = Math.max(0, Math.min(...boxes.map(b => b.left)) - 4);
  const top = Math.max(0, Math.min(...boxes.map(b => b.top)) - 4);
  const right = Math.min(innerWidth, Math.max(...boxes.map(b => b.right)) + 4);
  const bottom = Math.min(innerHeight, Math.max(...boxes.map(b => b.bottom)) + 4);
  if (right <= left || bottom <= top) return null;
  return {x: left, y: top, width: right - left, height: bottom - top};
}"""
# Where focus is, in words, and its kind: elements of one kind (same tag and classes, in the same
# kind of parent) share their focus style. None when focus is back on the page itself. One call
# per tab stop: each call to the browser costs more than what it runs.
FOCUS_STOP = """() => {
  const e = document.activeElement;
  if (e === document.body) return null;
  const kind = e => `${e.tagName}.${e.className.toString().replace("focus-visible", "")}`;
  const text = (e.textContent || "").trim().slice(0, 40);
  return {
    where: `${e.tagName.toLowerCase()}.${e.className} "${text}"`,
    kind: `${kind(e)} in ${kind(e.parentElement)}`,
  };
}"""


def focus_is_visible(page: Page) -> bool:
    """True when the focused element looks different focused than not focused (pixels compared)."""
    region = page.evaluate(FOCUS_REGION)
    if region is None:
        return False
    settled(page)
    focused = page.screenshot(clip=region)
    page.evaluate("window.keyboardFocus = document.activeElement; window.keyboardFocus.blur()")
    settled(page)
    unfocused = page.screenshot(clip=region)
    page.evaluate("window.keyboardFocus.focus()")
    settled(page)
    return focused != unfocused


@pytest.mark.parametrize("path", ["", "aftercare/", "procedure/", "for-clinics/"])
def test_focus_is_visible_on_every_tab_stop(open_page: OpenPage, path: str) -> None:
    page, _ = open_page(path)
    seen: list[str] = []
    kinds_checked: set[str] = set()
    hidden: list[str] = []
    for _ in range(200):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_STOP)
        if stop is None or (seen and stop["where"] == seen[0]):
            break
        where, kind = stop["where"], stop["kind"]
        seen.append(where)
        if kind in kinds_checked:
            continue
        kinds_checked.add(kind)
        if not focus_is_visible(page):
            hidden.append(where)
    assert len(seen) > 10 and len(kinds_checked) > 5, f"only {len(seen)} tab stops: {seen}"
    assert not hidden, f"focus not visible on: {hidden}"


def test_search_opens_and_a_result_is_followed_with_the_keyboard(open_page: OpenPage) -> None:
    page, _ = open_page("")
    page.keyboard.press("/")
    search_box = page.locator(".md-search__input")
    assert search_box.evaluate("box => box === document.activeElement")
    page.keyboard.type("makeup")
    page.locator(".md-search-result__item").first.wait_for()
    settled(page)
    page.keyboard.press("ArrowDown")
    result = page.evaluate("document.activeElement.href")
    assert result and "makeup" in result, f"focus is not on a result: {result}"
    assert focus_is_visible(page), "the focused search result shows no focus"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == urlsplit(result).path
    assert "makeup" in page.locator("article").inner_text().lower()
