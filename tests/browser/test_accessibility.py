"""axe-core finds no WCAG 2.2 A/AA violation on any page, on desktop and phone, light and dark."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import (
    PHONE_DARK,
    SCREENSHOTS,
    VIEWS,
    OpenPage,
    View,
    open_search,
    page_path,
    settled,
)
from tests.conftest import ALL_PAGES

# WCAG 2.2 A and AA, plus axe's best practices (heading order, landmarks), which Lighthouse counts.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
AXE = Axe()


def wcag_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 A/AA and best-practice violations on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    violations: list[dict[str, Any]] = AXE.run(page, options=options).response["violations"]
    return violations


def described(violations: list[dict[str, Any]]) -> str:
    """One line per violation: the rule, where, and what axe says to fix."""
    lines = []
    for violation in violations:
        for node in violation["nodes"][:3]:
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"{violation['id']} at {node['target']}: {summary}")
    return "\n".join(lines)


def assert_palette(page: Page, view: View) -> None:
    """The page really is in the palette the view asks for (Material picks it from the system)."""
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    assert scheme == ("slate" if view.color_scheme == "dark" else "default")


def assert_no_violations(page: Page, view: View, shot: str, full_page: bool = False) -> None:
    """Keep a screenshot of the page as axe sees it, then check it has no violation."""
    folder = SCREENSHOTS / view.name
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{shot}.png", full_page=full_page)
    violations = wcag_violations(page)
    assert not violations, described(violations)


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
@pytest.mark.parametrize("source", ALL_PAGES)
def test_page_has_no_wcag_violations(open_page: OpenPage, source: str, view: View) -> None:
    # Once per page, wait until nothing more loads: what shows late is seen (see open_page).
    until = "networkidle" if view == VIEWS[0] else "load"
    page, _ = open_page(page_path(source), view, until=until)
    assert_palette(page, view)
    assert_no_violations(page, view, source.removesuffix(".md"), full_page=True)


@pytest.mark.parametrize("view", [VIEWS[0], PHONE_DARK], ids=lambda view: view.name)
def test_open_search_with_results_has_no_wcag_violations(open_page: OpenPage, view: View) -> None:
    page, _ = open_page("", view)
    open_search(page)
    page.locator(".md-search__input").press_sequentially("redness")
    page.locator(".md-search-result__item").first.wait_for()
    settled(page)
    dialog = page.get_by_role("dialog", name="Search")
    assert dialog.count() == 1
    assert_no_violations(page, view, "search-open")
