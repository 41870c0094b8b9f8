"""Authors' mistakes in front matter, and MkDocs' own messages, located by file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from patient_guide.adapters.mkdocs_messages import MessageLocator
from patient_guide.pages.front_matter import claim_title, read_page
from patient_guide.pages.templating import PageTemplateError
from tests.conftest import PROJECT

GOOD = "---\ntitle: Aftercare\ndescription: What to do.\nreviewed: 2026-11-20\n---\n\n# Aftercare\n"


def test_good_page_is_read_with_its_front_matter() -> None:
    page = read_page("docs/a.md", GOOD.encode())
    assert page.meta["title"] == "Aftercare" and page.line_of("reviewed") == 4


def test_every_setting_the_guide_uses_is_accepted() -> None:
    settings = (
        "subtitle: After your session\npage_type: faq\nsearch:\n  boost: 2\n  exclude: false\n"
        "show_sources: true\nhide: [toc]\ntemplate: handouts.html\n"
    )
    page = read_page("docs/a.md", GOOD.replace("---\n\n", settings + "---\n\n").encode())
    assert page.meta["search"] == {"boost": 2, "exclude": False} and page.meta["show_sources"]


@pytest.mark.parametrize(
    ("raw", "where", "words"),
    [
        (b"", "docs/a.md: ", "the page is empty"),
        (b"# Just a heading\n", "docs/a.md:1: ", "front matter is missing"),
        (b"---\ntitle: A\n", "docs/a.md:1: ", "no closing '---' line"),
        (GOOD.replace("title: Aftercare", "title: [Aftercare").encode(), "docs/a.md:2: ", "YAML"),
        (GOOD.replace("11-20", "13-01").encode(), "docs/a.md:4: ", "2026-13-01, which does not"),
        (GOOD.replace("2026-11-20", "2026-11-20 10:00:00").encode(), "docs/a.md:4: ",
         "a date with a time; give the date alone"),
        (GOOD.replace("title: Aftercare", "title: 42").encode(), "docs/a.md:2: ", "not text"),
        (GOOD.replace("title: Aftercare", "title: ' '").encode(), "docs/a.md:2: ", "'title'"),
        (GOOD.replace("description: What to do.\n", "").encode(), "docs/a.md:1: ", "missing"),
        (GOOD.replace("2026-11-20", "soon").encode(), "docs/a.md:4: ", "not a date"),
        (b"---\n- a list\n---\n", "docs/a.md:2: ", "'key: value' lines"),
        (GOOD.replace("# Aftercare", "# Caf\xe9").encode("latin-1"), "docs/a.md:7: ", "not UTF-8"),
        (GOOD.replace("2026-11-20", "2999-01-01").encode(), "docs/a.md:4: ", "a day still to come"),
        (
            GOOD.replace("title: A", "title: B\ntitle: A").encode(),
            "docs/a.md:3: ",
            "key 'title' is given twice",
        ),
        (GOOD.encode() + b"x" * 4001 + b"\n", "docs/a.md:8: ", "this line has 4001 characters"),
        (GOOD.encode() + b"word word\n" * 30000, "docs/a.md: ", "a page is at most 256 KB"),
        # What the theme prints into the page's head as it is: plain text, lists it knows.
        (GOOD.replace("description: What to do.", 'description: "x\\"><script>alert(1)</script>"')
         .encode(), "docs/a.md:3: ", "front matter 'description' contains HTML"),
        (GOOD.replace("title: Aftercare", "title: Aftercare\nhide: 5").encode(), "docs/a.md:3: ",
         "front matter 'hide' is 5; give a list of any of navigation, toc"),
        (GOOD.replace("title: Aftercare", "title: Aftercare\ntemplate: sitemap.xml").encode(),
         "docs/a.md:3: ", "front matter 'template' is 'sitemap.xml'"),
        (GOOD.replace("title: Aftercare", "title: Aftercare\ntemplate: ../../x.html").encode(),
         "docs/a.md:3: ", "give the name of an .html file in overrides/"),
        # Keys the theme prints unescaped (author, status, a redirect's location) are not the
        # guide's: refused by name, so none reaches a page.
        (GOOD.replace("title: Aftercare", "title: Aftercare\nauthor: '\"><b>x'").encode(),
         "docs/a.md:3: ", "front matter 'author' is not a setting of this guide; remove it"),
        (GOOD.replace("title: Aftercare", "title: Aftercare\nstatus: 'new\" onclick=\"x'")
         .encode(), "docs/a.md:3: ", "front matter 'status' is not a setting"),
        (GOOD.replace("title: Aftercare", "title: Aftercare\nlocation: 'javascript:x'").encode(),
         "docs/a.md:3: ", "front matter 'location' is not a setting"),
        (GOOD.replace("title: Aftercare", "title: Aftercare\nsearch:\n  boost: high").encode(),
         "docs/a.md:3: ", "give boost: a number from 0 to 10"),
        (GOOD.replace("title: Aftercare", "title: Aftercare\nsearch:\n  rank: 2").encode(),
         "docs/a.md:3: ", "front matter 'search' is {'rank': 2}"),
        (GOOD.replace("title: Aftercare", "title: Aftercare\nshow_sources: 'yes'").encode(),
         "docs/a.md:3: ", "front matter 'show_sources' is 'yes'; give true or false"),
        (GOOD.encode() + b"a NUL\x00 here\n", "docs/a.md:8: ", "invisible character U+0000"),
        (GOOD.encode() + "two\u2028lines\n".encode(), "docs/a.md:8: ", "U+2028"),
    ],
)  # fmt: skip
def test_bad_page_is_refused_with_file_line_and_fix(raw: bytes, where: str, words: str) -> None:
    with pytest.raises(PageTemplateError) as error:
        read_page("docs/a.md", raw)
    assert str(error.value).startswith(where) and words in str(error.value)


@pytest.fixture
def locator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MessageLocator:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "results.md").write_text("# Results\n\nSee [the FAQ](faq.md#pain).\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: X\nnav:\n  - Gone: gone.md\ncolour: 1\n")
    return MessageLocator(Path("mkdocs.yml"), Path("docs"))


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Doc file 'results.md' contains a link 'faq.md#pain', but the doc 'faq.md' does not "
         "contain an anchor '#pain'.",
         "docs/results.md:3: link 'faq.md#pain': faq.md has no heading or anchor '#pain'"),
        ("Doc file 'results.md' contains a link 'faq.md#pain', but the target 'faq.md' is not "
         "found among documentation files.",
         "docs/results.md:3: link 'faq.md#pain' points to no page"),
        ("A reference to 'gone.md' is included in the 'nav' configuration, which is not found in "
         "the documentation files.",
         "mkdocs.yml:3: nav lists 'gone.md', but there is no docs/gone.md"),
        ("Config value 'colour': Unrecognised configuration name: colour",
         "mkdocs.yml:4: unknown setting 'colour'"),
        ("MkDocs encountered an error parsing the configuration file: while parsing a block\n"
         '  in "mkdocs.yml", line 2, column 1\nexpected <block end>\n  in "mkdocs.yml", line 4',
         "mkdocs.yml:2: not valid YAML (while parsing a block; expected <block end>"),
        # --config /etc/passwd: a YAML file, but not settings
        ("The configuration is invalid. Expected a key-value mapping (dict) but received: "
         "<class 'str'>", "mkdocs.yml: is not an MkDocs configuration"),
        ("Something MkDocs says that we do not know", "Something MkDocs says that we do not know"),
    ],
)  # fmt: skip
def test_mkdocs_message_is_located(locator: MessageLocator, message: str, expected: str) -> None:
    located = locator.located(message)
    assert located is not None and located.startswith(expected), located


@pytest.mark.parametrize(
    "summary", ["Aborted with 1 warnings in strict mode!", "Error reading page 'faq.md':"]
)
def test_mkdocs_summary_lines_are_dropped(locator: MessageLocator, summary: str) -> None:
    assert locator.located(summary) is None


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_dependency_is_pinned_with_a_hash(lock: str) -> None:
    text = (PROJECT / lock).read_text()
    entries = re.split(r"\n(?=[a-z0-9])", text.split("\n\n", 1)[-1].strip())
    packages = [entry for entry in entries if "==" in entry.splitlines()[0]]
    assert len(packages) > 10
    for entry in packages:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]
    assert "--require-hashes" in (PROJECT / "bootstrap.py").read_text()


def test_a_title_can_be_claimed_by_one_page_only() -> None:
    titles: dict[str, str] = {}
    claim_title(titles, "docs/a.md", read_page("docs/a.md", GOOD.encode()))
    with pytest.raises(PageTemplateError, match=r"^docs/b.md:2: title 'Aftercare' is already used"):
        claim_title(titles, "docs/b.md", read_page("docs/b.md", GOOD.encode()))
