"""Two pages have a checklist (the visit list on the procedure page, the aftercare day grid):
each page keeps its own ticks, so ticking or clearing one never changes the other."""

from __future__ import annotations

from urllib.parse import urljoin

from tests.browser.conftest import OpenPage
from tests.browser.test_checklist import checked, tick, tick_boxes

VISIT_QUESTION = "How many sessions will I need, and how far apart?"
GRID_BOX = "No makeup. Day 1."


def test_each_page_keeps_its_own_ticks(open_page: OpenPage) -> None:
    page, _ = open_page("procedure/")
    assert VISIT_QUESTION in tick_boxes(page)
    tick(page, VISIT_QUESTION)

    page.goto(urljoin(page.url, "../aftercare/"))
    page.wait_for_load_state("networkidle")
    assert GRID_BOX in tick_boxes(page)
    assert not any(checked(page)), "a tick on the procedure page showed on the aftercare page"
    tick(page, GRID_BOX)
    page.get_by_role("button", name="Clear all ticks").click()
    assert not any(checked(page))

    page.goto(urljoin(page.url, "../procedure/"))
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("checkbox", name=VISIT_QUESTION, exact=True).is_checked(), (
        "clearing the aftercare page's ticks cleared the procedure page's"
    )
