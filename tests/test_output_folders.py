"""Output folders: refused places, the build's mark, atomic swaps and what dead builds leave."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from patient_guide import output_folders
from patient_guide.command_line.output_places import project_places
from patient_guide.output_folders import (
    MARK,
    OutputFolderError,
    check_output_place,
    left_behind,
    remove_left_behind,
    replaced_atomically,
    swap_in,
    written_by_this_project,
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with its configuration and the folders a user keeps."""
    root = tmp_path / "project"
    for folder in ("docs/images", "hooks", "overrides", ".git", "clinics"):
        (root / folder).mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: x\n")
    (root / "docs" / "index.md").write_text("# Home\n")
    return root


def refusal(project: Path, target: Path, option: str = "--site-dir") -> str:
    places = project_places(project / "mkdocs.yml", project / "clinics")
    with pytest.raises(OutputFolderError) as caught:
        check_output_place(target, places, option)
    return str(caught.value)


@pytest.mark.parametrize(
    ("relative", "says"),
    [
        (".", "is the project folder"),
        ("docs", "is the pages folder"),
        ("docs/images", "is inside the pages folder"),
        ("hooks", "is the hooks folder"),
        ("overrides/site", "is inside the theme's overrides"),
        (".git", "is the project's history"),
        ("clinics", "is the clinic files' folder"),
        ("clinics/out", "is inside the clinic files' folder"),
        ("..", "holds the project folder"),
    ],
)
def test_a_folder_the_user_keeps_is_refused(project: Path, relative: str, says: str) -> None:
    message = refusal(project, project / relative)
    assert says in message
    assert message.startswith("--site-dir ")
    assert message.endswith("choose a new folder, such as site/")
    assert "\n" not in message


def test_a_folder_with_files_the_build_did_not_write_is_refused(project: Path) -> None:
    mine = project / "notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("keep me\n")
    message = refusal(project, mine, "--clinic-output")
    assert "holds files this build did not write" in message
    assert (mine / "todo.txt").read_text() == "keep me\n"


def test_a_file_is_not_an_output_folder(project: Path) -> None:
    (project / "site.txt").write_text("x")
    assert "exists and is not a folder" in refusal(project, project / "site.txt")
    assert (project / "site.txt").read_text() == "x"


def test_a_link_is_judged_by_the_folder_it_points_to(project: Path) -> None:
    (project / "site").symlink_to(project / "docs", target_is_directory=True)
    assert "is the pages folder" in refusal(project, project / "site")


def test_empty_marked_and_new_folders_may_be_replaced(project: Path) -> None:
    places = project_places(project / "mkdocs.yml")
    (project / "empty").mkdir()
    (project / "marked").mkdir()
    (project / "marked" / MARK).write_text("")
    (project / "marked" / "index.html").write_text("old")
    for name in ("empty", "marked", "new"):
        check_output_place(project / name, places, "--site-dir")
    assert written_by_this_project(project / "marked")


def test_an_older_builds_clinic_folder_of_pdfs_counts_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "fern"
    (folder / "es").mkdir(parents=True)
    (folder / "aftercare-a4.pdf").write_bytes(b"%PDF")
    (folder / "es" / "aftercare-a4.pdf").write_bytes(b"%PDF")
    assert written_by_this_project(folder)
    (folder / "logo.png").write_bytes(b"png")
    assert not written_by_this_project(folder)


def test_a_replacement_swaps_in_whole_and_marked(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / MARK).write_text("")
    (target / "old.html").write_text("old")
    with replaced_atomically(target) as staging:
        (staging / "new.html").write_text("new")
    assert sorted(entry.name for entry in target.iterdir()) == [MARK, "new.html"]
    assert [entry.name for entry in tmp_path.iterdir()] == ["site"]  # nothing left beside it


def test_a_failed_build_keeps_the_old_folder_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.html").write_text("old")
    with pytest.raises(RuntimeError), replaced_atomically(target) as staging:
        (staging / "half.html").write_text("half")
        raise RuntimeError("the build failed")
    assert [entry.name for entry in target.iterdir()] == ["old.html"]
    assert [entry.name for entry in tmp_path.iterdir()] == ["site"]


def test_a_folder_filled_by_someone_else_during_the_build_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "site"
    refused = pytest.raises(OutputFolderError, match="holds files this build did not write")
    with refused, replaced_atomically(target) as staging:
        (staging / "index.html").write_text("new")
        target.mkdir()
        (target / "mine.txt").write_text("mine")
    assert [entry.name for entry in target.iterdir()] == ["mine.txt"]


def test_new_folders_follow_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        with replaced_atomically(tmp_path / "site"):
            pass
        os.umask(0o077)
        with replaced_atomically(tmp_path / "private"):
            pass
    finally:
        os.umask(previous)
    assert (tmp_path / "site").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "private").stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("can_exchange", [True, False])
def test_a_swap_leaves_the_new_folder_in_place_and_returns_the_old(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, can_exchange: bool
) -> None:
    if not can_exchange:  # a system without renameat2: rename aside, then in
        monkeypatch.setattr(output_folders, "exchange", lambda first, second: False)
    target, new = tmp_path / "site", tmp_path / ".site.building-1-ab"
    target.mkdir()
    (target / "old").write_text("")
    new.mkdir()
    (new / "new").write_text("")
    retired = swap_in(new, target)
    assert retired is not None
    assert [entry.name for entry in target.iterdir()] == ["new"]
    assert [entry.name for entry in retired.iterdir()] == ["old"]
    assert (retired == new) is can_exchange


def test_the_exchange_really_swaps_on_this_system(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "from-a").write_text("")
    assert output_folders.exchange(first, second), "renameat2(RENAME_EXCHANGE) is not available"
    assert [entry.name for entry in second.iterdir()] == ["from-a"]


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                           capture_output=True, text=True)  # fmt: skip
    return int(child.stdout)


def test_what_a_dead_build_left_is_removed_and_said(tmp_path: Path) -> None:
    dead = dead_pid()
    (tmp_path / "site").mkdir()
    (tmp_path / f".site.building-{dead}-0a1b").mkdir()
    (tmp_path / f".fern.building-{dead}-0a1b").mkdir()
    (tmp_path / ".site.old").mkdir()  # not a name the build makes: kept
    alive = tmp_path / f".site.building-{os.getpid()}-0a1b"  # a build still running: kept
    alive.mkdir()
    said = remove_left_behind(tmp_path, "site")
    assert said == [
        f"removed {tmp_path}/.site.building-{dead}-0a1b, left by a build that was stopped"
    ]
    assert sorted(entry.name for entry in tmp_path.iterdir()) == sorted(
        ["site", f".fern.building-{dead}-0a1b", ".site.old", alive.name]
    )
    assert [entry for entry, _ in left_behind(tmp_path)] == [
        tmp_path / f".fern.building-{dead}-0a1b"
    ]


def test_a_folder_a_dead_build_moved_aside_is_put_back(tmp_path: Path) -> None:
    aside = tmp_path / f".site.old-{dead_pid()}-0a1b"
    aside.mkdir()
    (aside / "index.html").write_text("the old site")
    said = remove_left_behind(tmp_path)
    assert said == [f"restored {tmp_path}/site, moved aside by a build that was stopped"]
    assert (tmp_path / "site" / "index.html").read_text() == "the old site"
    assert [entry.name for entry in tmp_path.iterdir()] == ["site"]


def test_a_build_that_ended_but_was_not_reaped_counts_as_dead(tmp_path: Path) -> None:
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while Path(f"/proc/{zombie.pid}/stat").read_text().split()[2] != "Z":
        assert time.monotonic() < deadline, "the child did not end"
        time.sleep(0.05)
    (tmp_path / f".site.building-{zombie.pid}-0a1b").mkdir()
    try:
        assert [entry for entry, _ in left_behind(tmp_path)] == [
            tmp_path / f".site.building-{zombie.pid}-0a1b"
        ]
    finally:
        zombie.wait()
