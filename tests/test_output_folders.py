"""Output folders: refused places, the build's mark, atomic swaps and what dead builds leave."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from patient_guide import output_folders
from patient_guide.adapters.output_places import project_places
from patient_guide.output_folders import (
    MARK,
    OutputFolderError,
    Replacement,
    check_mkdocs_site_dir,
    check_output_place,
    check_writable,
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
    inside = refusal(project, project / "site.txt" / "site")  # not a folder it could hold
    assert "site.txt, which is a file, not a folder" in inside


def test_a_folder_of_someones_files_is_refused_as_mkdocs_site_dir(project: Path) -> None:
    mine = project / "u"
    mine.mkdir()
    (mine / "thesis.txt").write_text("keep me\n")
    with pytest.raises(OutputFolderError, match="holds files no build wrote"):
        check_mkdocs_site_dir(mine)
    built = project / "built"
    (built / "search").mkdir(parents=True)  # a site MkDocs built before
    check_mkdocs_site_dir(built)
    check_mkdocs_site_dir(project / "new")


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


def test_only_a_marked_or_empty_folder_counts_as_written_by_the_build(tmp_path: Path) -> None:
    pdfs = tmp_path / "fern"  # a user's folder of PDFs looks like a clinic's, but is not one
    (pdfs / "es").mkdir(parents=True)
    (pdfs / "aftercare-a4.pdf").write_bytes(b"%PDF")
    (pdfs / "es" / "aftercare-a4.pdf").write_bytes(b"%PDF")
    assert not written_by_this_project(pdfs)
    headers = tmp_path / "old-site"  # a site from before the mark: its _headers says who
    headers.mkdir()
    (headers / "_headers").write_text(f"{output_folders.OLD_SITE_MARK[1]}\n")
    assert not written_by_this_project(headers)
    linked = tmp_path / "linked"  # a mark must be a file of the folder's own
    linked.mkdir()
    (tmp_path / "elsewhere").write_text("")
    (linked / MARK).symlink_to(tmp_path / "elsewhere")
    assert not written_by_this_project(linked)
    (tmp_path / "empty").mkdir()
    assert written_by_this_project(tmp_path / "empty")


@pytest.mark.parametrize("option", ["--site-dir", "--clinic-output"])
def test_a_folder_of_the_users_pdfs_is_refused_and_kept(project: Path, option: str) -> None:
    papers = project / "papers"
    (papers / "2024").mkdir(parents=True)
    (papers / "tax-2024.pdf").write_bytes(b"%PDF-1.4 tax")
    (papers / "2024" / "thesis.pdf").write_bytes(b"%PDF thesis")
    message = refusal(project, papers, option)
    assert "holds files this build did not write" in message and "\n" not in message
    with pytest.raises(OutputFolderError), replaced_atomically(papers, option) as staging:
        (staging / "index.html").write_text("new")
    assert sorted(path.name for path in papers.rglob("*")) == ["2024", "tax-2024.pdf", "thesis.pdf"]
    assert [entry.name for entry in project.iterdir() if entry.name.startswith(".papers")] == []


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


def leftover(parent: Path, name: str, *, marked: bool = True, files: int = 1) -> Path:
    """A folder as a stopped build leaves it: marked, with a file or more."""
    folder = parent / name
    folder.mkdir()
    if marked:
        (folder / MARK).write_text("")
    for number in range(files):
        (folder / f"page-{number}.html").write_text("x")
    return folder


def test_what_a_dead_build_left_is_removed_and_said(tmp_path: Path) -> None:
    dead = dead_pid()
    (tmp_path / "site").mkdir()
    leftover(tmp_path, f".site.building-{dead}-0a1b2c3d")
    leftover(tmp_path, f".site.building-{dead}-0a1b2c3e", files=0)
    (tmp_path / f".site.building-{dead}-0a1b2c3f").mkdir()  # killed before it was marked
    leftover(tmp_path, f".fern.building-{dead}-0a1b2c3d")  # not the output being built: kept
    leftover(tmp_path, ".site.old")  # not a name the build makes: kept
    alive = leftover(tmp_path, f".site.building-{os.getpid()}-0a1b2c3d")  # still running: kept
    said = remove_left_behind(tmp_path, ["site"])
    assert said == [
        f"removed {tmp_path}/.site.building-{dead}-{token}, left by a build that was stopped"
        for token in ("0a1b2c3d", "0a1b2c3e", "0a1b2c3f")
    ]
    assert sorted(entry.name for entry in tmp_path.iterdir()) == sorted(
        ["site", f".fern.building-{dead}-0a1b2c3d", ".site.old", alive.name]
    )
    assert [entry for entry, _ in left_behind(tmp_path, ["fern", "site"])] == [
        tmp_path / f".fern.building-{dead}-0a1b2c3d"
    ]


@pytest.mark.parametrize(
    "name",
    [
        ".thesis.building-1",  # no random part
        ".vim.old-2020",
        ".www.old-v1",
        ".site.building-0-0a1b2c3d",  # process 0 is no build
        ".site.building-1-0a1b",  # the build's random part has 8 hex digits
        ".site.building-{dead}-0a1b2c3d",  # the build's name, but not marked as the build's
        ".site.old-{dead}-0a1b2c3d",
    ],
)
def test_a_users_folder_named_like_a_leftover_is_kept(tmp_path: Path, name: str) -> None:
    name = name.format(dead=dead_pid())
    target = name[1:].split(".")[0]
    mine = leftover(tmp_path, name, marked=False)
    assert remove_left_behind(tmp_path, [target]) == []
    assert [path.name for path in mine.iterdir()] == ["page-0.html"]
    assert sorted(entry.name for entry in tmp_path.iterdir()) == [name]  # not restored either


def test_a_folder_a_dead_build_moved_aside_is_put_back(tmp_path: Path) -> None:
    aside = leftover(tmp_path, f".site.old-{dead_pid()}-0a1b2c3d", files=0)
    (aside / "index.html").write_text("the old site")
    said = remove_left_behind(tmp_path, ["site"])
    assert said == [f"restored {tmp_path}/site, moved aside by a build that was stopped"]
    assert (tmp_path / "site" / "index.html").read_text() == "the old site"
    assert [entry.name for entry in tmp_path.iterdir()] == ["site"]


def test_a_build_that_ended_but_was_not_reaped_counts_as_dead(tmp_path: Path) -> None:
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while Path(f"/proc/{zombie.pid}/stat").read_text().split()[2] != "Z":
        assert time.monotonic() < deadline, "the child did not end"
        time.sleep(0.05)
    leftover(tmp_path, f".site.building-{zombie.pid}-0a1b2c3d")
    try:
        assert [entry for entry, _ in left_behind(tmp_path, ["site"])] == [
            tmp_path / f".site.building-{zombie.pid}-0a1b2c3d"
        ]
    finally:
        zombie.wait()


@pytest.mark.parametrize("target", ["/", "/tmp/..", "//"])
def test_the_root_of_the_file_system_is_one_line_not_a_traceback(
    project: Path, target: str
) -> None:
    for option in ("--site-dir", "--clinic-output"):
        message = refusal(project, Path(target), option)
        assert message == (
            f"{option} /: is the root of the file system; "
            f"choose {output_folders.SUGGESTIONS[option]}"
        )


def test_a_link_that_loops_is_one_line(project: Path) -> None:
    (project / "loop").symlink_to(project / "loop")
    message = refusal(project, project / "loop" / "site")
    assert message.startswith(f"--site-dir {project / 'loop' / 'site'}: cannot be followed (")


def git_repository(folder: Path, *, bare: bool = False) -> Path:
    """A Git repository's own folder, laid out as Git lays it out."""
    (folder / "objects").mkdir(parents=True)
    (folder / "refs" / "tags").mkdir(parents=True)
    (folder / "HEAD").write_text("ref: refs/heads/main\n")
    return folder


@pytest.mark.parametrize(
    "inside",
    [
        "project/sub/.git/refs/tags",  # a repository below the project
        "other/.git",  # any other repository
        "other/.git/refs/new",
        "mirror.git/refs/tags",  # a bare repository
        "project/modules/lib.git/hooks",
    ],
)
def test_nothing_inside_a_git_repositorys_own_folder_is_an_output(
    project: Path, inside: str
) -> None:
    tmp_path = project.parent
    for repository in (".git", "project/sub/.git", "other/.git", "mirror.git"):
        git_repository(tmp_path / repository)
    git_repository(project / "modules" / "lib.git")
    for option in ("--site-dir", "--clinic-output"):
        message = refusal(project, tmp_path / inside, option)
        assert "is part of a Git repository's own folder" in message, message
        assert "\n" not in message
    assert not (tmp_path / inside).exists() or inside.endswith(("tags", ".git"))


def test_a_project_below_a_git_repository_is_protected_from_above(tmp_path: Path) -> None:
    """build.py's own folder is the project, wherever --config points (B3)."""
    root = tmp_path / "repo"
    git_repository(root / ".git")
    (root / "sub").mkdir()
    (root / "sub" / "mkdocs.yml").write_text("INHERIT: ../mkdocs.yml\n")
    places = project_places(root / "sub" / "mkdocs.yml", None, project=root)
    for target, says in [
        (root / ".git" / "refs" / "tags", "is inside the project's history"),
        (root, "the project folder"),
        (root / "docs" / "site", "is inside the pages folder"),
        (root / "clinics", "is the clinic files' folder"),
        (root / "sub", "is the project folder"),
    ]:
        with pytest.raises(OutputFolderError, match=says):
            check_output_place(target, places, "--site-dir")


def test_a_marked_folder_that_holds_a_git_repository_is_not_replaced(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "deploy" / ".git").mkdir(parents=True)
    (site / MARK).write_text("")
    with pytest.raises(OutputFolderError, match=r"holds a Git repository \(.*deploy/\.git\)"):
        check_output_place(site, [], "--site-dir")
    with pytest.raises(OutputFolderError), replaced_atomically(site) as staging:
        (staging / "index.html").write_text("new")
    assert (site / "deploy" / ".git").is_dir()


def test_a_clinic_file_elsewhere_does_not_make_the_projects_clinics_an_output(
    project: Path,
) -> None:
    elsewhere = project.parent / "their-clinics"
    elsewhere.mkdir()
    (elsewhere / "fern.yml").write_text("name: Fern\n")
    places = project_places(project / "mkdocs.yml", elsewhere / "fern.yml")
    with pytest.raises(OutputFolderError, match="is the clinic files' folder"):
        check_output_place(project / "clinics", places, "--clinic-output", whole=False)
    check_output_place(elsewhere / "out", places, "--clinic-output", whole=False)


def can_make_immutable(folder: Path) -> bool:
    """chattr +i works here (root, on a file system with the flag)."""
    probe = folder / "probe"
    probe.mkdir()
    try:
        made = subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode == 0
    except OSError:
        return False
    subprocess.run(["chattr", "-i", str(probe)], capture_output=True)
    probe.rmdir()
    return made


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Make a folder immutable (chattr +i); made mutable again afterwards."""
    if not can_make_immutable(tmp_path):
        pytest.skip("chattr +i is not possible here (needs root and a file system with it)")

    def make(folder: Path) -> None:
        subprocess.run(["chattr", "+i", str(folder)], check=True)

    yield make
    subprocess.run(["chattr", "-R", "-i", str(tmp_path)], check=True, capture_output=True)


def test_an_old_folder_that_cannot_be_removed_is_said_so_with_why_and_what_to_do(
    tmp_path: Path, immutable: Callable[[Path], None]
) -> None:
    target = tmp_path / "site"
    (target / "faq").mkdir(parents=True)
    (target / MARK).write_text("")
    (target / "faq" / "index.html").write_text("old")
    immutable(target / "faq")
    done = Replacement()
    with replaced_atomically(target, replacement=done) as staging:
        (staging / "index.html").write_text("new")
    assert done.swapped and (target / "index.html").read_text() == "new"
    [retired] = [entry for entry in tmp_path.iterdir() if entry.name != "site"]
    [problem] = done.problems
    assert problem.startswith(f"the previous {target}, moved to {retired}, could not be removed: ")
    assert f"{retired}/faq/index.html: operation not permitted" in problem
    assert "chattr -i" in problem and "\n" not in problem
    assert (retired / MARK).is_file(), "the mark goes last: the next build knows it as its own"

    # The next build finds it, cannot remove it either, and says so instead of "removed".
    retired = retired.rename(tmp_path / f".site.building-{dead_pid()}-0a1b2c3d")
    said = remove_left_behind(tmp_path, ["site"])
    assert len(said) == 1 and said[0].startswith(f"could not remove {retired}, left by a build")
    assert "operation not permitted" in said[0] and "chattr -i" in said[0]
    assert retired.exists()


def test_an_output_place_that_cannot_be_written_is_refused_before_the_build(
    tmp_path: Path, immutable: Callable[[Path], None]
) -> None:
    output = tmp_path / "out"
    output.mkdir()
    check_writable(output, "--clinic-output")
    check_writable(output / "new" / "deeper", "--clinic-output")
    immutable(output)
    for place in (output, output / "new"):
        with pytest.raises(OutputFolderError, match="cannot be written to"):
            check_writable(place, "--clinic-output")
    (tmp_path / "file").write_text("")
    with pytest.raises(OutputFolderError, match="is not a folder"):
        check_writable(tmp_path / "file" / "out", "--clinic-output")
