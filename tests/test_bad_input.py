"""Bad input, each a small mistake in a copy of the project: one clear message, nothing lost."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PROJECT, BuildOutcome, build_here, copy_project, run_build, tree_digest

OUTPUT_FOLDERS = ["site", "clinic-handouts"]
CLINIC = "clinics/bad.yml"
VALID_CLINIC = 'name: Fern Clinic\nphone: "+1 555 0100"\n'
# An alias bomb: ten copies of ten copies... of a word, nine deep, a few lines of YAML.
LAUGHS = "  laughs:\n    a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"    {name}: &{name} [{', '.join(['*' + before] * 10)}]\n"
    for before, name in zip("abcdefgh", "bcdefghi", strict=True)
)


@dataclass(frozen=True)
class BadInput:
    """A mistake someone will make, where the message must point, and what it must say."""

    name: str
    change: Callable[[Path], object]
    where: str  # the file, and ":line" where there is one
    says: str  # words of the explanation or the fix
    args: tuple[str, ...] = ()
    one_line: bool = False  # the whole explanation is the one 'build failed:' line
    usage: bool = False  # a wrong option: exit status 2, one 'build.py:' line


def each(*changes: Callable[[Path], object]) -> Callable[[Path], object]:
    """The changes, one after another."""
    return lambda project: [change(project) for change in changes]


def replaced(relative: str, old: str, new: str) -> Callable[[Path], object]:
    """The file with the first `old` replaced by `new`."""
    return edit(relative, lambda text: text.replace(old, new, 1))


def edit(relative: str, how: Callable[[str], str]) -> Callable[[Path], object]:
    return lambda project: (project / relative).write_text(how((project / relative).read_text()))


def write(relative: str, content: str | bytes) -> Callable[[Path], object]:
    def change(project: Path) -> None:
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)

    return change


def clinic(content: str | bytes, *extra_files: tuple[str, bytes]) -> Callable[[Path], object]:
    def change(project: Path) -> None:
        write(CLINIC, content)(project)
        for name, data in extra_files:
            write(f"clinics/{name}", data)(project)

    return change


def appended(text: str) -> Callable[[str], str]:
    return lambda page: page + text


def line_after(relative: str) -> str:
    """ "file:line" of the first line added after the file's current end (after one blank)."""
    return f"{relative}:{(PROJECT / relative).read_text().count(chr(10)) + 2}"


def line_with(relative: str, needle: str, below: int = 0) -> str:
    """ "file:line" of the first line of the project's file that contains needle (or of the line
    `below` lines under it, where a change adds a line)."""
    lines = (PROJECT / relative).read_text().splitlines()
    return f"{relative}:{next(n for n, line in enumerate(lines, 1) if needle in line) + below}"


def not_utf8(relative: str) -> Callable[[Path], object]:
    """The page saved in Latin-1, as an old editor might: 'café' becomes the byte 0xE9."""
    return lambda project: (project / relative).write_bytes(
        (project / relative).read_text().replace("\n# ", "\n# Café ", 1).encode("latin-1")
    )


def big_logo(project: Path) -> None:
    with (project / "clinics" / "logo.png").open("wb") as logo:
        logo.write(b"\x89PNG\r\n\x1a\n")
        logo.truncate(50 * 1024 * 1024)
    write(CLINIC, VALID_CLINIC + "logo: logo.png\n")(project)


CORPUS = [
    BadInput(
        "front matter not YAML",
        edit("docs/faq.md", lambda t: t.replace("title: Q", "title: [Q", 1)),
        "docs/faq.md:2",
        "front matter is not valid YAML",
    ),
    BadInput(
        "front matter without reviewed date",
        edit("docs/results.md", lambda t: t.replace("reviewed:", "checked:", 1)),
        "docs/results.md",
        "'reviewed' is missing",
    ),
    BadInput(
        "unclosed Jinja tag",
        edit("docs/aftercare.md", appended("\n{% if clinic.name %}\nopen\n")),
        "docs/aftercare.md:",
        "syntax error",
    ),
    BadInput(
        "undefined variable",
        edit("docs/faq.md", appended("\n{{ clinic_phone }}\n")),
        line_after("docs/faq.md"),
        "'clinic_phone' is undefined",
    ),
    BadInput(
        "unknown source id",
        edit("docs/faq.md", appended("\nMore. {{ cite('999: more') }}\n")),
        line_after("docs/faq.md"),
        "unknown source id '999'",
    ),
    BadInput(
        "link to a missing page",
        edit("docs/results.md", appended("\n[gone](no-such-page.md)\n")),
        line_after("docs/results.md"),
        "no-such-page.md",
    ),
    BadInput(
        "link to a missing anchor",
        edit("docs/results.md", appended("\n[ask](faq.md#no-such-question)\n")),
        line_after("docs/results.md"),
        "#no-such-question",
    ),
    BadInput(
        "missing fragment",
        edit("docs/procedure.md", appended("\n{% include 'nope.md' %}\n")),
        line_after("docs/procedure.md"),
        "'nope.md' not found",
    ),
    BadInput(
        "page not UTF-8", not_utf8("docs/what-it-treats.md"), "docs/what-it-treats.md:", "not UTF-8"
    ),
    BadInput("empty page", write("docs/results.md", ""), "docs/results.md", "the page is empty"),
    BadInput(
        "navigation names a missing page",
        edit(
            "mkdocs.yml",
            lambda t: t.replace(
                "  - Sources: sources.md\n", "  - Sources: sources.md\n  - Gone: gone.md\n"
            ),
        ),
        "mkdocs.yml",
        "gone.md",
    ),
    BadInput(
        "two pages with one title",
        edit(
            "docs/results.md",
            lambda t: t.replace(
                "title: Results and how many sessions",
                "title: Questions people ask about microneedling",
            ),
        ),
        "docs/results.md:2",
        "title 'Questions people ask about microneedling' is already used by docs/faq.md",
    ),
    BadInput(
        "mkdocs.yml not YAML",
        edit("mkdocs.yml", appended("\nextra_css: [unclosed\n")),
        "mkdocs.yml:",
        "YAML",
    ),
    BadInput(
        "mkdocs.yml unknown option",
        edit("mkdocs.yml", appended("\ncolour_scheme: teal\n")),
        "mkdocs.yml",
        "colour_scheme",
    ),
    BadInput(
        "handout list names a missing page",
        edit("docs/_data/handouts.yml", lambda t: t.replace("faq.md", "faqs.md", 1)),
        line_with("docs/_data/handouts.yml", "faq.md").rsplit(":", 1)[0] + ":",
        "'faqs.md' is not a page of the site",
        one_line=True,
    ),
    BadInput(
        "handout template error",
        edit("overrides/handout/handout.typ", appended("\n#let broken = (\n")),
        "overrides/handout/handout.typ:",
        "unclosed delimiter",
    ),
    BadInput(
        "clinic without phone", clinic("name: Fern Clinic\n"), CLINIC, "phone", ("--clinic", CLINIC)
    ),
    BadInput(
        "clinic field of the wrong type",
        clinic("name: [Fern]\nphone: '555 0100'\n"),
        CLINIC,
        "must be text",
        ("--clinic", CLINIC),
    ),
    BadInput(
        "clinic unknown key",
        clinic(VALID_CLINIC + "colour: teal\n"),
        CLINIC,
        "unknown key",
        ("--clinic", CLINIC),
    ),
    BadInput(
        "clinic key YAML reads as a date",
        clinic(VALID_CLINIC + "2026-12-06: closed\n"),
        f"{CLINIC}:3",
        "a key: YAML reads this key as a date, not as a name",
        ("--clinic", CLINIC),
        one_line=True,
    ),
    BadInput(
        "clinic signs not given in Spanish",
        clinic(VALID_CLINIC + "timings:\n  warning_signs: [Blisters on the skin.]\n"),
        f"{CLINIC}:3",
        "timings: warning_signs are not given in 'es'",
        ("--clinic", CLINIC),
        one_line=True,
    ),
    BadInput(
        "clinic timing out of its range",
        clinic(VALID_CLINIC + "timings:\n  no_makeup_days: 30\n"),
        f"{CLINIC}:4",
        "timings: no_makeup_days: is 30; give a number of days from 1 to 14",
        ("--clinic", CLINIC),
        one_line=True,
    ),
    BadInput(
        "clinic exercise hours not whole days",
        clinic(VALID_CLINIC + "timings:\n  hard_exercise_hours: 36\n"),
        f"{CLINIC}:4",
        "is 36; give a number of hours from 24 to 168 in steps of 24",
        ("--clinic", CLINIC),
        one_line=True,
    ),
    BadInput(
        "clinic timing misspelt",
        clinic(VALID_CLINIC + "timings:\n  makeup_days: 3\n"),
        f"{CLINIC}:4",
        "timings: makeup_days: unknown key; did you mean 'no_makeup_days'?",
        ("--clinic", CLINIC),
        one_line=True,
    ),
    BadInput(
        "clinic with too many warning signs",
        clinic(VALID_CLINIC + "timings:\n  warning_signs: [a, b, c, d]\n"),
        f"{CLINIC}:4",
        "timings: warning_signs: has 4 signs; give 1 to 3",
        ("--clinic", CLINIC),
        one_line=True,
    ),
    BadInput(
        "clinic note with a word too long to print",
        clinic(VALID_CLINIC + "aftercare_notes:\n  - " + "x" * 60 + "\n"),
        f"{CLINIC}:4",
        "note 1 has a word of 60 letters",
        ("--clinic", CLINIC),
        one_line=True,
    ),
    BadInput(
        "mkdocs.yml alias to itself",
        edit(
            "mkdocs.yml",
            lambda t: t.replace("  generator: false\n", "  generator: false\n  loop: &r [*r]\n", 1),
        ),
        "mkdocs.yml:",
        "an alias (*name) refers to itself",
        one_line=True,
    ),
    BadInput(
        "mkdocs.yml alias bomb",
        edit(
            "mkdocs.yml",
            lambda t: t.replace("  generator: false\n", "  generator: false\n" + LAUGHS, 1),
        ),
        "mkdocs.yml:",
        "write out to more than 100000 values",
        one_line=True,
    ),
    BadInput(
        "label with a name it does not fill in",
        edit("docs/_data/labels.yml", lambda t: t.replace("{count}", "{cuont}", 1)),
        line_with("docs/_data/labels.yml", "{count}"),
        "{cuont} is not a name this label fills in",
        one_line=True,
    ),
    BadInput(
        "label with HTML",
        edit(
            "docs/_data/labels.yml",
            lambda t: t.replace("  search: Search", "  search: <b>Search</b>", 1),
        ),
        line_with("docs/_data/labels.yml", "  search: Search"),
        "contains HTML",
        one_line=True,
    ),
    BadInput(
        "page template the theme does not have",
        edit(
            "docs/faq.md",
            lambda t: t.replace("page_type: faq", "page_type: faq\ntemplate: nothere.html", 1),
        ),
        line_with("docs/faq.md", "page_type: faq", below=1),
        "which is not a template of the theme",
        one_line=True,
    ),
    BadInput(
        "clinic logo outside its folder",
        clinic(VALID_CLINIC + "logo: ../../etc/passwd\n"),
        CLINIC,
        "logo",
        ("--clinic", CLINIC),
    ),
    BadInput(
        "clinic logo not an image",
        clinic(VALID_CLINIC + "logo: logo.png\n", ("logo.png", b"not an image\n")),
        CLINIC,
        "logo",
        ("--clinic", CLINIC),
    ),
    BadInput("clinic logo of 50 MB", big_logo, CLINIC, "logo", ("--clinic", CLINIC)),
    BadInput(
        "clinic name with a script",
        clinic("name: <script>alert(1)</script> Clinic\nphone: '555 0100'\n"),
        CLINIC,
        "HTML",
        ("--clinic", CLINIC),
    ),
    BadInput(
        "clinic phone not a number",
        clinic("name: Fern Clinic\nphone: call us\n"),
        CLINIC,
        "not a phone number",
        ("--clinic", CLINIC),
    ),
    BadInput(
        "clinic website not a web address",
        clinic(VALID_CLINIC + "website: javascript:alert(1)\n"),
        CLINIC,
        "website",
        ("--clinic", CLINIC),
    ),
    BadInput("clinic file empty", clinic(""), CLINIC, "the file is empty", ("--clinic", CLINIC)),
    BadInput(
        "clinic file not YAML",
        clinic("name: [unclosed\n"),
        CLINIC,
        "not valid YAML",
        ("--clinic", CLINIC),
    ),
    BadInput(
        "clinic file not text",
        clinic(b"\x89PNG\r\n\x1a\n\x00\x00"),
        CLINIC,
        "",
        ("--clinic", CLINIC),
    ),
    BadInput(
        "clinic settings in mkdocs.yml with HTML",
        edit(
            "mkdocs.yml",
            lambda text: text.replace(
                "\nextra:\n",
                '\nextra:\n  clinic:\n    name: "<b>Fern</b>"\n    phone: "555 0100"\n',
            ),
        ),
        "mkdocs.yml",
        "HTML",
    ),
    BadInput(
        "site folder is a file",
        write("not-a-folder", "a file\n"),
        "not-a-folder",
        "not a folder",
        ("--site-dir", "not-a-folder"),
        usage=True,
    ),
    BadInput(
        "clinic output folder is a file",
        write("out-file", "a file\n"),
        "out-file",
        "not a folder",
        ("--clinic", "clinics/example.yml", "--clinic-output", "out-file"),
        usage=True,
    ),
    BadInput(
        "unknown page type",
        edit("docs/faq.md", lambda t: t.replace("page_type: faq", "page_type: quiz", 1)),
        "docs/faq.md:5",
        "'page_type' is 'quiz'",
    ),
    BadInput(
        "procedure page type without steps",
        edit(
            "docs/results.md", lambda t: t.replace("reviewed:", "page_type: procedure\nreviewed:")
        ),
        "docs/results.md",
        "needs a '## During' section with numbered steps",
    ),
    BadInput(
        "recovery stage cites an unknown source",
        edit("docs/_data/recovery.yml", lambda t: t.replace('"002: For most', '"992: For most', 1)),
        line_with("docs/_data/recovery.yml", "- when: The weeks after"),
        "stage 3: evidence: unknown source '992'; use an id from docs/_data/sources.yml",
        one_line=True,
    ),
    BadInput(
        "citation without the article's words",
        edit("docs/results.md", appended("\nMore. {{ cite('002') }}\n")),
        line_after("docs/results.md"),
        "'002' names no passage; each citation gives the article's id and its own words",
        one_line=True,
    ),
    BadInput(
        "unknown point",
        edit("docs/faq.md", appended("\n{{ point('rednes') }}\n")),
        line_after("docs/faq.md"),
        "unknown point 'rednes'; the points are",
        one_line=True,
    ),
    BadInput(
        "point given twice",
        edit("docs/_data/points.yml", lambda t: t.replace("- id: sun\n", "- id: redness\n", 1)),
        line_with("docs/_data/points.yml", "- id: sun"),
        "point 'redness' is given twice; keep one",
        one_line=True,
    ),
    BadInput(
        "translation missing a point",
        edit("docs/es/_data/points.yml", lambda t: t.replace("- id: sun\n", "- id: sunn\n", 1)),
        "docs/es/_data/points.yml",
        "point 'sun' of docs/_data/points.yml is missing; translate it here",
        one_line=True,
    ),
    BadInput(
        "recovery stage with a misspelt key",
        edit("docs/_data/recovery.yml", lambda t: t.replace("  see:", "  seen:", 1)),
        line_with("docs/_data/recovery.yml", "  see:"),
        "stage 1: seen: unknown key; did you mean 'see'?",
    ),
    BadInput(
        "recovery data not YAML",
        edit("docs/_data/recovery.yml", lambda t: t.replace("  see: ", "  see: [", 1)),
        line_with("docs/_data/recovery.yml", "  see: "),
        "not valid YAML",
        one_line=True,
    ),
    BadInput(
        "recovery stage words of the wrong type",
        edit(
            "docs/_data/recovery.yml", lambda t: t.replace('- when: "Day 1,', "- when: [1]\n#", 1)
        ),
        line_with("docs/_data/recovery.yml", '- when: "Day 1,'),
        "stage 1: when: must be text, not a list",
        one_line=True,
    ),
    BadInput(
        "sources file not YAML",
        edit("docs/_data/sources.yml", lambda t: t.replace('- id: "001"', '- id: ["001"', 1)),
        line_with("docs/_data/sources.yml", '- id: "001"'),
        "not valid YAML: while parsing a flow sequence",
        one_line=True,
    ),
    BadInput(
        "source title of the wrong type",
        edit("docs/_data/sources.yml", lambda t: t.replace('- id: "002"', "- id: 2", 1)),
        line_with("docs/_data/sources.yml", '- id: "002"'),
        "source 3: id: must be text, not a number; put the value in quotes",
        one_line=True,
    ),
    BadInput(
        "handout list not YAML",
        edit("docs/_data/handouts.yml", lambda t: t.replace("[faq.md]", "[faq.md", 1)),
        line_with("docs/_data/handouts.yml", "pages: [faq.md]"),
        "not valid YAML",
        one_line=True,
    ),
    BadInput(
        "handout page limit of the wrong type",
        edit("docs/_data/handouts.yml", lambda t: t.replace("max_pages: 2", "max_pages: two", 1)),
        line_with("docs/_data/handouts.yml", "max_pages: 2"),
        "max_pages: must be a whole number",
        one_line=True,
    ),
    BadInput(
        "picture that is not there",
        edit("docs/results.md", appended("\n![A chart](images/no-such-chart.svg)\n")),
        "docs/results.md",
        "images/no-such-chart.svg",
    ),
    BadInput(
        "English page without its Spanish translation",
        lambda project: (
            write(
                "docs/tips.md", "---\ntitle: Tips\ndescription: Tips.\nreviewed: 2026-11-21\n---\n"
            )(project),
            edit(
                "mkdocs.yml",
                lambda t: t.replace(
                    "  - Sources: sources.md", "  - Sources: sources.md\n  - Tips: tips.md"
                ),
            )(project),
        ),
        "docs/es/tips.md",
        "every page needs its translation; copy docs/tips.md",
        one_line=True,
    ),
    BadInput(
        "translation with a review date of its own",
        edit(
            "docs/es/faq.md",
            lambda t: t.replace("translated_from:", "reviewed: 2026-11-21\ntranslated_from:", 1),
        ),
        line_with("docs/es/faq.md", "translated_from:"),
        "a translation has no 'reviewed' date of its own",
        one_line=True,
    ),
    BadInput(
        "translation without translated_from",
        edit("docs/es/results.md", lambda t: re.sub(r"translated_from: .*\n", "", t, count=1)),
        "docs/es/results.md",
        "front matter 'translated_from' is missing",
        one_line=True,
    ),
    BadInput(
        "Spanish labels missing a key",
        edit("docs/es/_data/labels.yml", lambda t: re.sub(r"  cleared: .*\n", "", t, count=1)),
        "docs/es/_data/labels.yml",
        "checklist.cleared is missing",
        one_line=True,
    ),
    BadInput(
        "language list naming a configuration that is not there",
        edit(
            "mkdocs.yml", lambda t: t.replace("config: mkdocs.es.yml", "config: mkdocs.fr.yml", 1)
        ),
        "mkdocs.fr.yml",
        "no such file, named in extra.languages",
        one_line=True,
    ),
    BadInput(
        "offline build without the offline plugin",
        edit("mkdocs.yml", lambda t: t.replace("  - offline:\n", "  - tags:\n", 1)),
        "mkdocs.yml",
        "--offline needs mkdocs-material's offline plugin",
        ("--offline",),
    ),
    BadInput(  # it wrote gigabytes into the staging folder
        "picture that is a link to /dev/zero",
        lambda project: (project / "docs" / "images" / "zero.svg").symlink_to("/dev/zero"),
        "docs/images/zero.svg",
        "is a device, through a link, not an ordinary file",
        one_line=True,
    ),
    BadInput(
        "picture of more than 50 MB",
        lambda project: (project / "docs" / "images" / "huge.png").open("wb").truncate(51 << 20),
        "docs/images/huge.png",
        "is 51 MB, more than the 50 MB a source file may be",
        one_line=True,
    ),
    BadInput(  # it was skipped without a word
        "clinic file that is a link to /dev/zero",
        lambda project: (project / "clinics" / "zero.yml").symlink_to("/dev/zero"),
        "clinics/zero.yml",
        "is a device, through a link, not an ordinary file",
        ("--clinic", "clinics"),
        one_line=True,
    ),
    BadInput(  # it emptied the previous site folder (attack, December 2026)
        "translation language code that is a path",
        lambda project: [
            edit("mkdocs.yml", lambda t: t.replace("    - lang: es", "    - lang: ../site", 1))(
                project
            ),
            edit("mkdocs.es.yml", lambda t: t.replace("  language: es", "  language: ../site", 1))(
                project
            ),
        ],
        "mkdocs.yml: extra.languages entry 2",
        "lang '../site' is not a language code",
    ),
    BadInput(
        "alias bomb in the file mkdocs.yml inherits from",
        each(
            write("base.yml", "extra:\n  generator: false\n" + LAUGHS),
            edit("mkdocs.yml", lambda t: "INHERIT: base.yml\n" + t),
        ),
        "base.yml:",
        "write out to more than 100000 values",
        one_line=True,
    ),
    BadInput(
        "INHERIT that leads back to itself",
        edit("mkdocs.yml", lambda t: "INHERIT: mkdocs.yml\n" + t),
        "mkdocs.yml",
        "INHERIT leads back to mkdocs.yml",
        one_line=True,
    ),
    BadInput(
        "alias bomb in a page's front matter",
        edit(
            "docs/what-it-treats.md",
            lambda t: t.replace("---\n", "---\n" + LAUGHS.replace("  laughs:\n", "laughs:\n"), 1),
        ),
        "docs/what-it-treats.md:",
        "write out to more than 100000 values",
    ),
    BadInput(
        "article file name with a folder in it",
        replaced("docs/_data/sources.yml", "\n  file: ", "\n  file: ../../etc/"),
        "docs/_data/sources.yml",
        "file",
    ),
    BadInput(
        "site address too long for a QR code",
        edit(
            "mkdocs.yml",
            lambda t: t.replace("site_url: https://", "site_url: https://" + "a" * 3000 + ".", 1),
        ),
        "site_url",
        "more than a QR code holds",
    ),
    BadInput(
        "page nested a thousand levels deep",
        edit(
            "docs/what-it-treats.md",
            lambda t: t + "\n" + '<div markdown="1">\n' * 1500 + "x\n" + "</div>\n" * 1500,
        ),
        "what-it-treats.md",
        "nests too deeply",
    ),
    BadInput(
        "stylesheet from another site",
        edit(
            "mkdocs.yml",
            lambda t: t.replace(
                "extra_css:\n", "extra_css:\n  - https://cdn.example.com/a.css\n", 1
            ),
        ),
        "mkdocs.yml",
        "load nothing from another site",
    ),
    BadInput(
        "web fonts switched on",
        edit("mkdocs.yml", lambda t: t.replace("  font: false", "  font:\n    text: Roboto", 1)),
        "mkdocs.yml",
        "theme.font",
    ),
    BadInput(
        "page that is a link to a file outside the project",
        lambda project: (project / "docs" / "leak.md").symlink_to("/etc/hostname"),
        "docs/leak.md",
        "outside docs",
    ),
]


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project built once with its neutral and example-clinic handouts."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_build(project, "--clinic", "clinics/example.yml")
    assert result.returncode == 0, result.stderr
    return project


def test_the_corpus_holds_at_least_35_distinct_mistakes() -> None:
    assert len(CORPUS) >= 35
    assert len({case.name for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.name)
def test_bad_input_gets_one_clear_message_and_nothing_is_lost(
    built_project: Path, tmp_path: Path, case: BadInput
) -> None:
    check_bad_input(built_project, tmp_path, case, build_here)


# A few cases run by the real build.py, in a process of its own, as a user runs it.
IN_A_PROCESS = ["front matter not YAML", "clinic file not YAML", "site folder is a file"]


@pytest.mark.parametrize("name", IN_A_PROCESS)
def test_bad_input_in_build_py_itself(built_project: Path, tmp_path: Path, name: str) -> None:
    case = next(case for case in CORPUS if case.name == name)
    check_bad_input(built_project, tmp_path, case, run_build)


def check_bad_input(
    built_project: Path,
    tmp_path: Path,
    case: BadInput,
    build: Callable[..., BuildOutcome | subprocess.CompletedProcess[str]],
) -> None:
    """The case's mistake, built: one clear message where it belongs, nothing lost."""
    project = tmp_path / "project"
    shutil.copytree(built_project, project, symlinks=True)
    before = {folder: tree_digest(project / folder) for folder in OUTPUT_FOLDERS}
    case.change(project)
    result = build(project, *case.args)
    output = result.stdout + result.stderr
    assert result.returncode == (2 if case.usage else 1), output
    assert "Traceback" not in output
    first_words = "build.py" if case.usage else "build failed|clinic failed"
    failures = re.findall(rf"^(?:{first_words}): .*$", result.stderr, re.MULTILINE)
    assert len(failures) == 1, result.stderr
    message = result.stderr[result.stderr.index(failures[0]) :]
    assert case.where in message, message
    assert case.says in message, message
    if case.one_line:
        assert case.where in failures[0] and case.says in failures[0], message
        assert message.splitlines()[1] == "Nothing was changed in the previous site folder."
    for folder, digest in before.items():
        assert tree_digest(project / folder) == digest, f"{folder}/ changed"
    leftovers = [
        p.name
        for p in project.rglob(".*")
        if ".building-" in p.name or ".printing-" in p.name or ".old-" in p.name
    ]
    assert not leftovers, leftovers
