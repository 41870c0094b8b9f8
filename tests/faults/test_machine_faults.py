"""A full disk, an unwritable folder or a vanishing file: one message, no traceback, site kept."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from patient_guide.command_line.machine_faults import machine_fault
from tests.conftest import PROJECT, run_build, tree_digest

pytestmark = pytest.mark.faults

# Runs build.py with one library call made to fail as the machine would make it fail.
FAULTY_BUILD = """
import errno, os, runpy, shutil, sys
kind, build_py = sys.argv.pop(1), sys.argv.pop(1)
real_copyfile, real_mkdir = shutil.copyfile, os.mkdir

def copyfile(source, target, *args, **kwargs):
    if kind == "full" and str(target).endswith(".css"):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
    if kind == "vanished" and str(source).endswith("checklist.js"):
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(source))
    return real_copyfile(source, target, *args, **kwargs)

def mkdir(path, *args, **kwargs):
    if kind == "read-only" and ".building-" in os.fspath(path):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.path.dirname(os.fspath(path)))
    if kind == "clinic-read-only" and ".example.building-" in os.fspath(path):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.path.dirname(os.fspath(path)))
    return real_mkdir(path, *args, **kwargs)

shutil.copyfile, os.mkdir = copyfile, mkdir
sys.argv[0] = build_py
runpy.run_path(build_py, run_name="__main__")
"""


def faulty_environment() -> dict[str, str]:
    """This environment, with build.py's folder on the import path (it imports bootstrap)."""
    path = [str(PROJECT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path)}


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("faults") / "project")
    result = run_build(project, "--no-handouts")
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("full", ": the disk is full; free some space on that disk, then build again"),
        ("read-only", ": the folder is read-only; choose a folder you can write to"),
        ("vanished", "checklist.js: a file vanished while the site was built; check that nothing"),
    ],
)
def test_a_fault_of_the_machine_is_one_message_and_the_site_is_kept(
    built_once: Path, kind: str, says: str
) -> None:
    before = tree_digest(built_once / "site")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            FAULTY_BUILD,
            kind,
            str(PROJECT / "build.py"),
            "--config",
            "mkdocs.yml",
            "--no-handouts",
        ],
        cwd=built_once,
        env=faulty_environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    failures = [line for line in result.stderr.splitlines() if line.startswith("build failed:")]
    assert len(failures) == 1 and says in failures[0], result.stderr
    assert "Nothing was changed in the previous site folder." in result.stderr
    assert tree_digest(built_once / "site") == before
    assert not [path for path in built_once.glob(".site.*")], "a staging folder was left behind"


def test_a_fault_once_the_site_is_replaced_says_the_site_was_replaced(built_once: Path) -> None:
    """B15: the clinic handouts are printed after the new site took the old one's place; a
    fault then must not say that nothing was changed."""
    result = subprocess.run(
        [
            sys.executable, "-c", FAULTY_BUILD, "clinic-read-only", str(PROJECT / "build.py"),
            "--config", "mkdocs.yml", "--clinic", "clinics/example.yml", "--clinic-output", "out",
        ],
        cwd=built_once,
        env=faulty_environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    failure = next(n for n, line in enumerate(lines) if line.startswith("build failed:"))
    assert lines[failure] == (
        "build failed: out: the folder is read-only; choose a folder you can write to"
    )
    assert lines[failure + 1] == (
        "The site was built and replaced in site/, but the clinic handouts were not all "
        "printed: each clinic's folder in out/ is its previous one or a whole new one."
    )
    assert "Nothing was changed" not in result.stderr
    assert (built_once / "site" / "handouts").is_dir()  # the new site, with its handouts


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            OSError(errno.ENOSPC, "No space left", "/x/site/a.css"),
            "/x/site/a.css: the disk is full",
        ),
        (PermissionError(errno.EACCES, "Permission denied", "out"), "out: permission denied; "),
        (OSError(errno.EIO, "Input/output error"), "the build: Input/output error; build again"),
        (  # a copy onto a full disk names the copy, not the file it was read from (B15)
            OSError(errno.ENOSPC, "No space left", ".venv/bundle.min.js", None, "/full/site/b.js"),
            "/full/site/b.js: the disk is full",
        ),
        (
            OSError(errno.ENOENT, "No such file", "docs/a.css", None, "site/a.css"),
            "docs/a.css: a file vanished",
        ),
    ],
)
def test_machine_fault_names_where_what_and_what_to_do(error: OSError, expected: str) -> None:
    assert machine_fault(error).startswith(expected)
