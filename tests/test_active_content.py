"""Unit tests: what an author writes into a page may not run in a reader's browser."""

from __future__ import annotations

import pytest

from patient_guide.pages.active_content import active_content, line_in


@pytest.mark.parametrize(
    ("html", "what"),
    [
        ("<p>x</p><script>alert(1)</script>", "a <script> element"),
        ('<img src="x.png" onerror="alert(1)">', "an event handler (onerror=)"),
        ('<a href=" Java\nScript:alert(1)">x</a>', "a javascript: address"),
        ('<iframe src="https://example.org"></iframe>', "a <iframe> element"),
        ('<object data="data:text/html,&lt;script&gt;"></object>', "a <object> element"),
        ('<svg><a xlink:href="javascript:x()">y</a></svg>', "a javascript: address"),
        # What a browser reads otherwise than a parser: a script inside them runs.
        (
            '<noscript><p title="</noscript><script>alert(6)</script>"></p></noscript>',
            "a <script> element",
        ),
        ("<svg><style><script>alert(7)</script></style></svg>", "a <script> element"),
        ("<noscript><p>x</p></noscript>", "a <noscript> element"),
        ("<style>body{display:none}</style>", "a <style> element"),
        ('<meta http-equiv="refresh" content="0;url=https://example.org">', "a <meta> element"),
    ],
)
def test_active_content_is_found(html: str, what: str) -> None:
    found = active_content(html)
    assert found is not None and found[0] == what


@pytest.mark.parametrize(
    "html",
    [
        '<p>If pain lasts &lt; a week, <a href="faq.md#pain">read this</a>.</p>',
        '<p>On the day <img src="images/step-clean.svg" alt="Cleaning"></p>',
        '<input type="checkbox" disabled> <label>online</label>',
    ],
)
def test_plain_pages_pass(html: str) -> None:
    assert active_content(html) is None


def test_the_line_is_found_in_the_markdown() -> None:
    assert line_in("a\nb\n<IMG onerror=x>\n", "onerror") == 3
