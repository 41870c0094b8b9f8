"""Source files that are not ordinary files (a named pipe, a link to a device, a folder named
like a page) or too big: refused in one line naming each, before anything reads them, so the
build neither hangs on a pipe nor fills the disk from /dev/zero."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from patient_guide.source_files import not_an_ordinary_file, source_file_problem
from tests.conftest import PROJECT, copy_project

pytestmark = pytest.mark.faults


def test_each_kind_of_file_that_is_not_ordinary_is_named(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text("# Page\n")
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "folder.md").mkdir()
    (tmp_path / "zero.svg").symlink_to("/dev/zero")
    (tmp_path / "nowhere.svg").symlink_to(tmp_path / "gone.svg")
    (tmp_path / "loop.svg").symlink_to(tmp_path / "loop.svg")
    (tmp_path / "linked.md").symlink_to(tmp_path / "page.md")
    assert not_an_ordinary_file(tmp_path / "page.md") is None
    assert not_an_ordinary_file(tmp_path / "linked.md") is None  # a link to a page is fine
    assert (
        not_an_ordinary_file(tmp_path / "pipe.md") == "is a named pipe (FIFO), not an ordinary file"
    )
    assert not_an_ordinary_file(tmp_path / "folder.md") == "is a folder, not an ordinary file"
    assert not_an_ordinary_file(tmp_path / "zero.svg") == (
        "is a device, through a link, not an ordinary file"
    )
    assert not_an_ordinary_file(tmp_path / "nowhere.svg") == "is a link to nothing"
    assert str(not_an_ordinary_file(tmp_path / "loop.svg")).startswith("cannot be read (")
    with (tmp_path / "big.png").open("wb") as big:
        big.truncate(3 << 20)
    assert source_file_problem(tmp_path / "big.png", max_bytes=2 << 20) == (
        f"{tmp_path}/big.png: is 3 MB, more than the 2 MB a source file may be; make it "
        "smaller, or remove it"
    )


@pytest.mark.parametrize("where", ["docs/notes.md", "docs/es/notes.md", "docs/_data/notes.yml"])
def test_a_page_that_is_a_named_pipe_fails_the_build_instead_of_hanging_it(
    tmp_path: Path, where: str
) -> None:
    project = copy_project(tmp_path / "project")
    os.mkfifo(project / where)
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--config", "mkdocs.yml", "--no-handouts"],
        cwd=project, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith("build failed:")]
    assert line == (
        f"build failed: {where}: is a named pipe (FIFO), not an ordinary file; replace it with "
        "an ordinary file, or remove it"
    )
    assert not (project / "site").exists()
    assert [path.name for path in project.iterdir() if path.name.startswith(".site")] == []
