"""Unit tests: rendering page Markdown with Jinja2, and locating authors' mistakes."""

from __future__ import annotations

import datetime
import marshal
from pathlib import Path
from typing import Any

import pytest

from patient_guide.build_cache import BuildCache
from patient_guide.pages import templating
from patient_guide.pages.citations import Source
from patient_guide.pages.templating import PageRenderer, PageSource, PageTemplateError
from patient_guide.site.settings import ClinicContact

SOURCES = {"000": Source(1, "000", "000_a.txt", "First article", "Garbled.")}
REVIEWED = datetime.date(2026, 11, 20)
NOTE = "\n\nNOTE reviewed 2026-11-20\n"


@pytest.fixture
def fragments(tmp_path: Path) -> Path:
    folder = tmp_path / "_fragments"
    folder.mkdir()
    (folder / "page-note.md").write_text("NOTE reviewed {{ reviewed.isoformat() }}\n")
    (folder / "box.md").write_text("BOX for {{ clinic.name if clinic else 'your clinic' }}\n")
    (folder / "broken.md").write_text("line one\n{{ clinic.nmae }}\n")
    (folder / "unclosed.md").write_text("{% if clinic %}\nno end\n")
    (folder / "self.md").write_text("one\n{% include 'self.md' %}\n")
    (folder / "ping.md").write_text("{% include 'pong.md' %}\n")
    (folder / "pong.md").write_text("{% include 'ping.md' %}\n")
    (folder / "huge.md").write_text("x" * 5000 + "\n")
    (folder / "latin1.md").write_bytes("fine\nBad caf\u00e9\n".encode("latin-1"))
    (tmp_path / "secret.md").write_text("a secret\n")
    (folder / "linked.md").symlink_to(tmp_path / "secret.md")
    (folder / "source-list.md").write_text(
        "{% for s in sources %}{{ s.number }}={{ s.title }};{% endfor %}"
    )
    return folder


def render(
    fragments: Path,
    markdown: str,
    clinic: ClinicContact | None = None,
    meta: dict[str, Any] | None = None,
    first_line: int = 5,
) -> str:
    site = {"site_name": "Guide", "clinic": clinic}
    renderer = PageRenderer(fragments, SOURCES, site)
    page = PageSource(
        "faq.md",
        "docs/faq.md",
        markdown,
        first_line,
        {"reviewed": REVIEWED} if meta is None else meta,
    )
    return renderer.render(page)


@pytest.mark.parametrize(
    ("markdown", "clinic", "expected"),
    [
        ("Site: {{ site_name }}", None, "Site: Guide" + NOTE),
        (
            "Fact. {{ cite('000: a fact') }}",
            None,
            'Fact. <span class="citation" data-search-exclude>'
            '[[1](sources.md#source-000 "Source 1: First article")] '
            '<q lang="en">a fact</q></span>' + NOTE,
        ),
        ('{% include "box.md" %}', None, "BOX for your clinic" + NOTE),
        ('{% include "box.md" %}', ClinicContact("Fern"), "BOX for Fern" + NOTE),
        ("{{ source_list() }}", None, "1=First article;" + NOTE),
        (
            "Call {{ clinic.name }}",
            ClinicContact("<script>x</script>"),
            "Call &lt;script&gt;x&lt;/script&gt;" + NOTE,
        ),
        (
            "Authors may write <b>HTML</b>.",
            None,
            "Authors may write <b>HTML</b>." + NOTE,
        ),
    ],
)
def test_page_is_rendered(
    fragments: Path, markdown: str, clinic: ClinicContact | None, expected: str
) -> None:
    assert render(fragments, markdown, clinic) == expected


@pytest.mark.parametrize(
    ("markdown", "where", "message"),
    [
        ("ok\n\n{{ site_nme }}", "docs/faq.md:7", "'site_nme' is undefined; check the spelling"),
        ("one\n{% if clinic.name %}\nnever closed", "docs/faq.md:7", "Unexpected end of template"),
        ("{{ cite('000: a') }}\n{{ cite('042: b') }}", "docs/faq.md:6", "unknown source id '042'"),
        ("{{ cite('000') }}", "docs/faq.md:5", "'000' names no passage"),
        ("{{ point('redness') }}", "docs/faq.md:5", "unknown point 'redness'"),
        ("x\n{% include 'missing.md' %}", "docs/faq.md:6", "fragment 'missing.md' not found"),
        ("{% include 'broken.md' %}", "_fragments/broken.md:2", "'nmae'"),
        ("{% include 'unclosed.md' %}", "_fragments/unclosed.md:2", "template syntax error"),
        ("{{ clinic.name }", "docs/faq.md:5", "template syntax error"),
        ("Call {{ clinic.name }}.", "docs/faq.md:5", "'None' has no attribute 'name'"),
        ("a\n{{ 1 / 0 }}", "docs/faq.md:6", "ZeroDivisionError: division by zero; fix the"),
        ("{{ site_name + 1 }}", "docs/faq.md:5", "TypeError: can only concatenate str"),
        ("{% include 'self.md' %}", "_fragments/self.md", "loop (self.md -> self.md)"),
        ("{% include 'ping.md' %}", "_fragments/pong.md", "(ping.md -> pong.md -> ping.md)"),
        ("{% include 'huge.md' %}", "_fragments/huge.md:1", "this line has 5000 characters"),
        ("{% include 'latin1.md' %}", "_fragments/latin1.md:2", "not UTF-8 text (byte 0xe9)"),
        (
            "{{ cycler.__init__.__globals__ }}",
            "docs/faq.md:5",
            "access to attribute '__init__' of 'StrictUndefined' object is unsafe; a page can use",
        ),
        (
            "{{ reviewed.__class__.__subclasses__() }}",
            "docs/faq.md:5",
            "access to attribute '__class__' of 'date' object is unsafe",
        ),
        ("{{ cite.__globals__ }}", "docs/faq.md:5", "'__globals__' of 'function' object is unsafe"),
        ("{% set x = sources.append(1) %}", "docs/faq.md:5", "is unsafe"),
        # A data model's own methods (they can read files or run commands) are not the page's.
        ("{{ sources[0].__init__ }}", "docs/faq.md:5", "is unsafe"),
        ("{{ sources[0].anchor }} {{ reviewed.replace(year=1) }}", "docs/faq.md:5", "unsafe"),
        ('{{ "a" * 300000 }}', "docs/faq.md:5", "OverflowError: the value would hold more than"),
        ("{{ 2 ** 100000 }}", "docs/faq.md:5", "OverflowError: the power is too large"),
        ("{% include 'linked.md' %}", "_fragments/linked.md", "a link to a file outside"),
        # An import renders the fragment without the page's names: refused where it is written.
        ("a\n{% import 'box.md' as box %}", "docs/faq.md:6", "use {% include"),
        ("{% from 'box.md' import x %}", "docs/faq.md:5", "{% import %} is not for pages"),
    ],
)
def test_author_error_names_file_and_line(
    fragments: Path, markdown: str, where: str, message: str
) -> None:
    with pytest.raises(PageTemplateError) as error:
        render(fragments, markdown)
    text = str(error.value)
    assert text.split(": ")[0].endswith(where), text
    assert message in text


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({}, "front matter 'reviewed' is missing"),
        ({"reviewed": "last week"}, "is 'last week', not a date"),
    ],
)
def test_page_without_review_date_is_refused(
    fragments: Path, meta: dict[str, Any], message: str
) -> None:
    with pytest.raises(PageTemplateError, match=message):
        render(fragments, "text", meta=meta)


def test_a_template_that_runs_too_long_is_stopped(
    fragments: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templating, "RENDER_SECONDS", 0.3)
    loops = "{% for a in 'x' * 999 %}{% for b in 'x' * 999 %}{% for c in 'x' * 99 %}"
    with pytest.raises(PageTemplateError, match=r"ran for more than 0\.3 s; look for loops"):
        render(fragments, loops + "{% endfor %}{% endfor %}{% endfor %}")


def test_a_template_cannot_use_jinja_globals_or_change_site_values(fragments: Path) -> None:
    for markdown in ("{{ range(3) | list }}", "{{ namespace() }}", "{{ dict(a=1) }}"):
        with pytest.raises(PageTemplateError, match="is undefined"):
            render(fragments, markdown)


def test_a_kept_page_template_still_sees_a_fragment_made_to_loop(
    fragments: Path, tmp_path: Path
) -> None:
    """The next build takes the page's compiled template and its includes from the cache; the
    fragments are read again, so one edited to include itself is still refused."""
    cache = BuildCache(tmp_path / "kept")
    page = PageSource("faq.md", "docs/faq.md", "{% include 'box.md' %}", 1, {"reviewed": REVIEWED})
    site = {"site_name": "Guide", "clinic": None}
    assert (
        PageRenderer(fragments, SOURCES, site, cache).render(page) == "BOX for your clinic" + NOTE
    )
    assert len(list((tmp_path / "kept").iterdir())) == 1
    (fragments / "box.md").write_text("{% include 'box.md' %}\n")
    with pytest.raises(PageTemplateError, match=r"loop \(box.md -> box.md\)"):
        PageRenderer(fragments, SOURCES, site, cache).render(page)


@pytest.mark.parametrize("kept", [b"garbage", b"", marshal.dumps(("not code", ["x.md"]))])
def test_a_kept_page_template_that_cannot_be_read_is_compiled_again(
    fragments: Path, tmp_path: Path, kept: bytes
) -> None:
    """A cache file cut short (a full disk, a kill) or changed by hand is not an author's error."""
    cache = BuildCache(tmp_path / "kept")
    page = PageSource("faq.md", "docs/faq.md", "{% include 'box.md' %}", 1, {"reviewed": REVIEWED})
    site = {"site_name": "Guide", "clinic": None}
    PageRenderer(fragments, SOURCES, site, cache).render(page)
    (entry,) = (tmp_path / "kept").iterdir()
    entry.write_bytes(kept)
    again = PageRenderer(fragments, SOURCES, site, cache).render(page)
    assert again == "BOX for your clinic" + NOTE
