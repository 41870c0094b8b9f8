"""Reading the site, searching included, asks nothing of any host but the site's own server."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE_DARK, VIEWS, OpenPage, View, page_path, read_and_search
from tests.conftest import ALL_PAGES


@pytest.mark.parametrize("view", [VIEWS[0], PHONE_DARK], ids=lambda view: view.name)
def test_every_page_and_search_load_only_from_the_site(open_page: OpenPage, view: View) -> None:
    for source in ALL_PAGES:
        log = read_and_search(open_page, page_path(source), view, "does it hurt")
        assert log.elsewhere == [], f"{source} asked other hosts for {log.elsewhere}"
        assert any("search_index.json" in url for url in log.seen), "search index not loaded"
        assert all(url.startswith(log.local_prefix) for url in log.seen)


def test_request_log_sees_a_request_to_another_host(open_page: OpenPage) -> None:
    # The check above would pass vacuously if other hosts' requests went unseen: make one. (A
    # fetch() would not do: the site's Content-Security-Policy stops it inside the browser; a
    # link followed to another site is not the policy's to stop.)
    page, log = open_page("")
    with page.expect_event("requestfailed"):
        page.evaluate("location.assign('https://fonts.googleapis.com/css?family=Roboto')")
    assert log.elsewhere == ["https://fonts.googleapis.com/css?family=Roboto"]
