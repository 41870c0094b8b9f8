"""Three pages have a checklist (aftercare, the visit list, the questions list): each page keeps
its own ticks, so ticking or clearing one never changes another, even for the same words."""

from __future__ import annotations

from urllib.parse import urljoin

from tests.browser.conftest import OpenPage
from tests.browser.test_checklist import checked, tick_boxes

SAME_QUESTION = "How many sessions will I need, and how far apart?"


def test_each_page_keeps_its_own_ticks(open_page: OpenPage) -> None:
    page, _ = open_page("faq/")
    assert SAME_QUESTION in tick_boxes(page)
    page.get_by_text(SAME_QUESTION, exact=True).click()  # the words are the label

    page.goto(urljoin(page.url, "../procedure/"))
    page.wait_for_load_state("networkidle")
    assert SAME_QUESTION in tick_boxes(page)
    assert not any(checked(page)), "a tick on the FAQ showed on the procedure page"
    page.get_by_text(SAME_QUESTION, exact=True).click()  # the words are the label
    page.get_by_role("button", name="Clear all ticks").click()
    assert not any(checked(page))

    page.goto(urljoin(page.url, "../faq/"))
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("checkbox", name=SAME_QUESTION, exact=True).is_checked(), (
        "clearing the procedure page's ticks cleared the FAQ's"
    )
