"""Unit tests: the theme's stylesheet trimmed to what the site's pages and scripts can use."""

from __future__ import annotations

import pytest

from patient_guide.site.stylesheet_trim import (
    trimmed_stylesheet,
    used_class_names,
    without_comments,
)

SAME = "(the same)"
USED = used_class_names(
    ['<body data-md-color-scheme="slate"><div class="md-header md-typeset">'],
    ['el.classList.add("md-search")'],
)


@pytest.mark.parametrize(
    ("css", "kept"),
    [
        # a rule for classes that are used stays; one for a class nowhere goes
        (".md-header{color:red}.md-tabs{color:blue}", ".md-header{color:red}"),
        # a class only a script adds stays
        (".md-search{top:0}", ".md-search{top:0}"),
        # of a rule's selectors, those that cannot match go; the rule stays for the others
        (".md-tabs,.md-header a{margin:0}", ".md-header a{margin:0}"),
        # elements, attributes and states need no class
        ("a:hover,[data-md-color-scheme=slate]{color:red}", SAME),
        # a colour scheme or colour no page names goes
        ("[data-md-color-scheme=slate] a{x:1}[data-md-color-primary=red]{y:2}",
         "[data-md-color-scheme=slate] a{x:1}"),
        # :not() needs no class, :is() needs one of its own: left alone
        ("a:not(.md-tabs){x:1}.md-header :is(.md-tabs,.md-typeset){y:2}", SAME),
        # commas inside brackets do not split a selector
        (".md-tabs :is(a,b){x:1}", ""),
        # at-rules that hold rules are trimmed inside, and go when empty
        ("@media screen{.md-tabs{x:1}.md-header{y:2}}@media print{.md-tabs{x:1}}",
         "@media screen{.md-header{y:2}}"),
        # other at-rules stay as they are
        ("@keyframes fade{0%{opacity:0}to{opacity:1}}", SAME),
        # an icon picture goes when no rule left reads its variable; one still read stays
        (':root{--md-tabs-icon:url("data:image/svg+xml;x");--md-header-icon:url("data:image/svg+xml;y")}'
         ".md-header:after{mask-image:var(--md-header-icon)}.md-tabs:after{mask-image:var(--md-tabs-icon)}",
         ':root{--md-header-icon:url("data:image/svg+xml;y")}.md-header:after{mask-image:var(--md-header-icon)}'),
        # quotes may hold braces; the source map (of the whole file) is dropped
        ('.md-header:before{content:"{"}/*# sourceMappingURL=main.css.map*/',
         '.md-header:before{content:"{"}'),
    ],
)  # fmt: skip
def test_rules_no_page_can_use_go_and_the_rest_stays_as_it_was(css: str, kept: str) -> None:
    assert trimmed_stylesheet(css, USED) == (css if kept is SAME else kept)


def test_a_class_counts_wherever_its_name_is_written() -> None:
    used = used_class_names(["<p class='a b-c'>x</p>"], ["'md-search-result__meta'"])
    assert {"a", "b-c", "md-search-result__meta"} <= used
    assert "md-tabs" not in used


def test_an_unclosed_brace_is_an_error_not_a_guess() -> None:
    with pytest.raises(ValueError, match="not closed"):
        trimmed_stylesheet(".md-header{color:red", USED)


def test_comments_go_and_strings_stay_as_they_were() -> None:
    css = "a { content: \"/* kept */\"; }\n\n/* it's gone */\nb::before { content: '*/'; }\n"
    assert without_comments(css) == "a { content: \"/* kept */\"; }\nb::before { content: '*/'; }\n"
