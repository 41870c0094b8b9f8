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
        # Files fetched from another site as the page loads: the reader is tracked.
        (
            '<img src="https://evil.example/t.png" alt="x">',
            "a file loaded from another site (https://evil.example/t.png)",
        ),
        ('<img srcset="a.png 1x, //evil.example/b.png 2x">', "a file loaded from another site"),
        # A browser reads a backslash in an address as a slash: these are //evil.example too.
        ('<img src="\\\\evil.example/a.png">', "a file loaded from another site"),
        ('<img src="/\\evil.example/a.png">', "a file loaded from another site"),
        ('<svg><image href="http://evil.example/i.svg"/></svg>', "a file loaded from another site"),
        ('<span style="background:URL( https://e.example/p.gif )">x</span>', "a style that loads"),
    ],
)
def test_active_content_is_found(html: str, what: str) -> None:
    found = active_content(html)
    assert found is not None and found[0].startswith(what)


@pytest.mark.parametrize(
    "html",
    [
        '<p>If pain lasts &lt; a week, <a href="faq.md#pain">read this</a>.</p>',
        '<p>On the day <img src="images/step-clean.svg" alt="Cleaning"></p>',
        '<input type="checkbox" disabled> <label>online</label>',
        '<p>Read <a href="https://example.org/a">the article</a>.</p>',  # a link: not fetched
    ],
)
def test_plain_pages_pass(html: str) -> None:
    assert active_content(html) is None


def test_the_line_is_found_in_the_markdown() -> None:
    assert line_in("a\nb\n<IMG onerror=x>\n", "onerror") == 3


def test_a_script_is_found_on_its_own_line_not_on_a_line_that_says_script() -> None:
    page = "---\ndescription: a transcript\n---\ntext\n<script>x()</script>\n"
    found = active_content("<p>text</p><script>x()</script>")
    assert found is not None and line_in(page, found[1]) == 5
