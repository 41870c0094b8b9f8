"""build.py as a user runs it: steps with timings, clear author errors, the old site kept."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PDFS_PER_SET, PROJECT

SHARD_FORM = "write it as K/N, whole numbers with 1 <= K <= N, e.g. --shard 2/4"


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


def test_help_documents_every_option() -> None:
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    for option in (
        "--config",
        "--site-dir",
        "--clinic",
        "--clinic-output",
        "--jobs",
        "--shard",
        "--no-handouts",
        "--verbose",
        "strict",
    ):
        assert option in result.stdout


def test_site_only_build_shows_its_steps_and_prints_no_handouts(project_copy: Path) -> None:
    result = run_build(project_copy, "--site-dir", "site", "--no-handouts")
    assert result.returncode == 0, result.stderr
    assert "[1/2] check configuration ... done in" in result.stdout
    assert "[2/2] build site (strict) ... done in" in result.stdout
    assert not (project_copy / "site" / "handouts" / "faq-a4.pdf").exists()
    assert (project_copy / "site" / "index.html").is_file()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--clinic", "clinics/example.yml", "--no-handouts"], "not allowed with argument"),
        (["--clinic-output", "out"], "--clinic-output goes with --clinic"),
        (["--jobs", "0"], "must be a whole number from 1, not '0'"),
        (["--shard", "2/4"], "--shard goes with --clinic FOLDER"),
        (
            ["--clinic", "clinics/example.yml", "--shard", "1/2"],
            "--shard splits a folder of clinic files; clinics/example.yml is one file",
        ),
        *(
            (["--clinic", "clinics", "--shard", shard], f"--shard: {problem}; {SHARD_FORM}")
            for shard, problem in [
                ("0/3", "shard 0/3 does not exist"),
                ("4/3", "shard 4/3 does not exist"),
                ("a/b", "'a/b' is not a shard"),
                ("3", "'3' is not a shard"),
            ]
        ),
    ],
)
def test_option_combinations_that_make_no_sense_are_refused(
    project_copy: Path, arguments: list[str], message: str
) -> None:
    result = run_build(project_copy, *arguments)
    assert result.returncode == 2, result.stderr  # argparse's usage error
    assert "usage: build.py" in result.stderr and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert [line for line in lines if "error:" in line] == [lines[-1]]  # one line, the last
    assert lines[-1].startswith("build.py: error: ") and message in lines[-1]
    assert not (project_copy / "site").exists()


def test_missing_config_is_refused(tmp_path: Path) -> None:
    result = run_build(tmp_path)
    assert result.returncode == 1
    assert "mkdocs.yml: no such file" in result.stderr


def test_clinic_handouts_one_file_then_a_batch_with_a_bad_file(project_copy: Path) -> None:
    result = run_build(project_copy, "--clinic", "clinics/example.yml", "--clinic-output", "out")
    assert result.returncode == 0, result.stderr
    assert "[3/3] print clinic handouts" in result.stdout and "1/1 clinics" in result.stdout
    assert len(list((project_copy / "out" / "example").glob("*.pdf"))) == PDFS_PER_SET
    assert len(list((project_copy / "site" / "handouts").glob("*.pdf"))) == PDFS_PER_SET
    before = tree_digest(project_copy / "out")

    (project_copy / "clinics" / "typo.yml").write_text('name: Typo Clinic\nphon: "555 0100"\n')
    (project_copy / "clinics" / "second.yml").write_text("name: Second Clinic\n")
    result = run_build(project_copy, "--clinic", "clinics", "--clinic-output", "out", "--jobs", "2")
    assert result.returncode == 1
    # Every bad file is named at once, before anything is built or printed.
    assert "clinics/typo.yml:2: phon: unknown key; did you mean 'phone'?" in result.stderr
    assert "clinics/second.yml:1: phone: missing" in result.stderr
    assert "[2/3]" not in result.stdout, "checked with the configuration, before the build"
    assert "Traceback" not in result.stdout + result.stderr
    assert tree_digest(project_copy / "out") == before

    (project_copy / "clinics" / "typo.yml").unlink()
    (project_copy / "clinics" / "second.yml").write_text('name: Second Clinic\nphone: "555 0101"\n')
    result = run_build(project_copy, "--clinic", "clinics", "--clinic-output", "out", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "2/2 clinics" in result.stdout
    assert sorted(path.name for path in (project_copy / "out").iterdir()) == ["example", "second"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--clinic", "clinics/nowhere.yml"], "not found"),
        (["--clinic", "docs/_fragments"], "holds no .yml clinic settings files"),
    ],
)
def test_bad_clinic_arguments_are_refused(
    project_copy: Path, arguments: list[str], message: str
) -> None:
    result = run_build(project_copy, *arguments)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def small_clinic_folder(project: Path, names: list[str]) -> Path:
    """A folder of minimal clinic files (no logo, no notes), one per name."""
    folder = project / "batch"
    folder.mkdir()
    for name in names:
        (folder / f"{name}.yml").write_text(f"name: {name.title()} Clinic\nphone: '555 0100'\n")
    return folder


def test_a_shard_prints_only_its_slice_of_the_clinics(project_copy: Path) -> None:
    small_clinic_folder(project_copy, ["ash", "birch", "cedar"])
    result = run_build(
        project_copy, "--clinic", "batch", "--clinic-output", "out", "--shard", "2/2"
    )
    assert result.returncode == 0, result.stderr
    assert "[3/3] print clinic handouts (shard 2 of 2: 1 of 3 clinic files)" in result.stdout
    assert "1/1 clinics in shard 2 of 2" in result.stdout
    assert result.stdout.rstrip().endswith("printed shard 2 of 2: 1 of 3 clinic files")
    # Sorted by name and dealt round-robin: ash and cedar are shard 1's, birch is shard 2's.
    assert [path.name for path in (project_copy / "out").iterdir()] == ["birch"]
    assert len(list((project_copy / "out" / "birch").glob("*.pdf"))) == PDFS_PER_SET


def test_a_shard_beyond_the_clinic_files_succeeds_with_nothing_to_print(
    project_copy: Path,
) -> None:
    small_clinic_folder(project_copy, ["ash", "birch", "cedar"])
    result = run_build(
        project_copy, "--clinic", "batch", "--clinic-output", "out", "--shard", "4/4"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith(
        "shard 4 of 4: 0 of 3 clinic files; nothing to print in this shard "
        "(more shards than clinic files)"
    )
    assert not (project_copy / "out").exists()
    assert (project_copy / "site" / "index.html").is_file()
