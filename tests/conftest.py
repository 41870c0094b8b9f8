"""Shared fixtures: the project's paths, one in-process build of the real site, project copies."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup

from patient_guide.adapters.handout_events import printed_handouts
from patient_guide.adapters.language_events import translation_configs
from patient_guide.adapters.site_build import MkDocsCommand, build_site, load_configuration
from patient_guide.pages.quotes import ARTICLES_SETTING

if TYPE_CHECKING:
    from patient_guide.handouts.jobs import HandoutSet

PROJECT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# Every page a patient reads, by source file; Sources is a reference page for reviewers.
PATIENT_PAGES = [
    "index.md",
    "what-is-microneedling.md",
    "what-it-treats.md",
    "is-it-right-for-me.md",
    "procedure.md",
    "aftercare.md",
    "results.md",
    "faq.md",
]
ALL_PAGES = [*PATIENT_PAGES, "handouts.md", "sources.md"]
# Every page the site builds: the clinic page too (linked from the Handouts page, not in the
# patients' menu; its own tests are in tests/browser/test_clinic_page.py).
SITE_PAGES = [*ALL_PAGES, "for-clinics.md"]
PROJECT_PARTS = ["docs", "overrides", "hooks", "clinics", "mkdocs.yml", "mkdocs.es.yml"]

# Each set of handouts: 4 handouts, in regular and large print, on A4 and US Letter.
PDFS_PER_SET = 4 * 2 * 2


def mkdocs_settings(config_file: Path = PROJECT / "mkdocs.yml") -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it (its !ENV tags included), before any checking."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open(encoding="utf-8") as stream:
        settings: dict[str, Any] = yaml_load(stream)
    return settings


def built_page(site: Path, source: str) -> Path:
    """The built HTML file of a Markdown source, e.g. faq.md -> site/faq/index.html."""
    stem = source.removesuffix(".md")
    return site / ("index.html" if stem == "index" else f"{stem}/index.html")


def build_in_process(
    config_file: Path, site_dir: Path, command: MkDocsCommand = "build"
) -> HandoutSet | None:
    """Build a site the way `mkdocs build --strict` (or serve) does, inside this process;
    return what the handouts were printed from (None when they were not printed)."""
    config = load_configuration(config_file, site_dir)
    build_site(config, command=command)
    TRANSLATIONS[site_dir] = {
        code: printed_handouts(translation)
        for code, translation in translation_configs(config).items()
    }
    return printed_handouts(config)


# What each in-process build's translations printed their handouts from, by site folder.
TRANSLATIONS: dict[Path, dict[str, HandoutSet | None]] = {}


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, HandoutSet]:
    """The real project's site and what its handouts print, built once for the session."""
    site_dir = tmp_path_factory.mktemp("site")
    printed = build_in_process(PROJECT / "mkdocs.yml", site_dir)
    assert printed is not None, "the real build printed no handouts"
    return site_dir, printed


@pytest.fixture(scope="session")
def spanish_handouts(built: tuple[Path, HandoutSet]) -> HandoutSet:
    """What the real project's Spanish handouts were printed from, in the session's build."""
    printed = TRANSLATIONS[built[0]]["es"]
    assert printed is not None, "the Spanish build printed no handouts"
    return printed


@pytest.fixture(scope="session")
def site(built: tuple[Path, HandoutSet]) -> Path:
    """The real project's built site folder."""
    return built[0]


@pytest.fixture(scope="session")
def articles() -> Path:
    """The folder of the five source articles, named by PATIENT_GUIDE_ARTICLES. They are others'
    text and not part of the project; without the setting, the quote checks do not run, and
    run_tests.py says so on its last line."""
    folder = os.environ.get(ARTICLES_SETTING, "").strip()
    if not folder:
        pytest.skip(f"quote check not run: set {ARTICLES_SETTING} to the folder of the articles")
    path = Path(folder)
    assert path.is_dir(), f"{ARTICLES_SETTING}={folder}: no such folder"
    return path


def copy_project(target: Path) -> Path:
    """Copy the project's sources (docs, overrides, hooks, clinics, mkdocs.yml) into target."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


@pytest.fixture
def project_copy(tmp_path: Path) -> Iterator[Path]:
    """A copy of the project's sources to change freely."""
    yield copy_project(tmp_path / "project")


# The tiers (`pytest -m unit`, `-m build`, `-m browser`, `-m faults`). A test is a unit test
# unless it builds: through a fixture that builds or copies the project, or in a module that runs
# builds, MkDocs or pip in subprocesses.
BUILDING_FIXTURES = {"built", "site", "spanish_handouts", "branded", "project_copy"}
BUILDING_MODULES = {
    "test_bad_input", "test_build_command", "test_evidence", "test_mkdocs_commands",
    "test_output_folders", "test_package", "test_publishing", "test_second_engine",
}  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its tier."""
    for item in items:
        path = Path(str(item.fspath))
        if "browser" in path.parts:
            item.add_marker(pytest.mark.browser)
        elif item.get_closest_marker("faults") is None:
            fixtures = set(getattr(item, "fixturenames", ()))
            builds = fixtures & BUILDING_FIXTURES or path.stem in BUILDING_MODULES
            item.add_marker(pytest.mark.build if builds else pytest.mark.unit)


def ctrl_c_as_in_a_terminal() -> None:
    """Let a build the tests start feel Ctrl-C (SIGINT) even when the tests run in the
    background, where a shell starts commands with SIGINT ignored (and Python then never turns
    it into KeyboardInterrupt): for subprocess's preexec_fn."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real build.py (in this venv) against a project copy, from inside that copy."""
    command = [sys.executable, str(PROJECT / "build.py"), "--config", "mkdocs.yml", *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300)


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def lead_ins(site: Path) -> list[str]:
    """The paragraphs that lead into a list ("Ask your clinic:") on a built site's pages: the
    list next, or a <div> that starts with one (past anything shown only on the web)."""
    found = []
    for source in ALL_PAGES:
        page = BeautifulSoup(built_page(site, source).read_text(encoding="utf-8"), "html.parser")
        for paragraph in page.select("article p"):
            following = paragraph.find_next_sibling()
            while following is not None and "web-only" in (following.get("class") or []):
                following = following.find_next_sibling()
            if following is not None and following.name == "div":
                following = following.find(True)
            if following is not None and following.name in ("ul", "ol"):
                found.append(" ".join(paragraph.get_text().split()))
    return found


@dataclass(frozen=True)
class BuildOutcome:
    """What a build.py run ended with and printed."""

    returncode: int
    stdout: str
    stderr: str


def build_here(project: Path, *args: str) -> BuildOutcome:
    """What `build.py --config mkdocs.yml ARGS` does in the project copy, run inside this process
    (what build.py runs after its set-up): no Python to start for each of many runs. Usage
    mistakes end as build.py's do, with exit code 2."""
    from patient_guide.command_line.options import parsed, run

    out, err = io.StringIO(), io.StringIO()
    sigterm = signal.getsignal(signal.SIGTERM)  # build.py turns SIGTERM into an exception
    with (
        contextlib.chdir(project),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = run(parsed(["--config", "mkdocs.yml", *args], "build.py", PROJECT), PROJECT)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        finally:
            signal.signal(signal.SIGTERM, sigterm)
    return BuildOutcome(code, out.getvalue(), err.getvalue())
