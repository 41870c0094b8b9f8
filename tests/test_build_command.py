"""build.py as a user runs it: steps with timings, clear author errors, the old site kept."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import PDFS_PER_SET, PROJECT, run_build, tree_digest

SHARD_FORM = "write it as K/N, whole numbers with 1 <= K <= N, e.g. --shard 2/4"


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
        "--force",
        "--report",
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
        (["--force"], "--force goes with --clinic"),
        (["--report", "report.json"], "--report goes with --clinic"),
        (["--offline-printer"], "--offline-printer goes with --offline"),
        (
            ["--offline", "--offline-printer", "--no-handouts"],
            "--offline-printer needs the handouts: leave out --no-handouts",
        ),
        (
            ["--clinic", "clinics/example.yml", "--shard", "1/2"],
            "--shard splits a folder of clinic files; clinics/example.yml is one file",
        ),
        *(
            (["--clinic", "clinics", "--shard", shard], f"--shard: {problem}; {SHARD_FORM}")
            for shard, problem in [
                ("0/3", "shard 0/3 does not exist"),
                ("0/0", "shard 0/0 does not exist"),
                ("4/3", "shard 4/3 does not exist"),
                ("a/b", "'a/b' is not a shard"),
                ("3", "'3' is not a shard"),
            ]
        ),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--jobs"], "argument --jobs: expected one argument"),
        (["--jobs", "-1"], "must be a whole number from 1, not '-1'"),
    ],
)
def test_option_combinations_that_make_no_sense_are_refused(
    project_copy: Path, arguments: list[str], message: str
) -> None:
    result = run_build(project_copy, *arguments)
    assert result.returncode == 2, result.stderr  # a usage error
    assert result.stdout == ""
    assert result.stderr.endswith("; see --help\n"), result.stderr  # one line, no usage text
    [line] = result.stderr.splitlines()
    assert line.startswith("build.py: ") and message in line
    assert not (project_copy / "site").exists()


def test_missing_config_is_refused(tmp_path: Path) -> None:
    result = run_build(tmp_path)
    assert result.returncode == 1
    assert "mkdocs.yml: no such file" in result.stderr


def test_clinic_handouts_one_file_then_a_batch_with_a_bad_file(project_copy: Path) -> None:
    result = run_build(project_copy, "--clinic", "clinics/example.yml", "--clinic-output", "out")
    assert result.returncode == 0, result.stderr
    assert (
        "[3/3] print clinic handouts" in result.stdout
        and f"{PDFS_PER_SET * 2}/{PDFS_PER_SET * 2} handouts for 1 clinic" in result.stdout
    )
    assert len(list((project_copy / "out" / "example").glob("*.pdf"))) == PDFS_PER_SET
    assert len(list((project_copy / "site" / "handouts").glob("*.pdf"))) == PDFS_PER_SET
    before = tree_digest(project_copy / "out")
    before_example = tree_digest(project_copy / "out" / "example")

    (project_copy / "clinics" / "typo.yml").write_text('name: Typo Clinic\nphon: "555 0100"\n')
    (project_copy / "clinics" / "second.yml").write_text("name: Second Clinic\n")
    report = project_copy / "report.json"
    result = run_build(
        project_copy, "--clinic", "clinics", "--clinic-output", "out", "--jobs", "2",
        "--report", "report.json",
    )  # fmt: skip
    assert result.returncode == 1
    failure = json.loads(report.read_text())  # a report of this run, not an earlier one
    assert failure["outcome"] == "the run failed" and failure["clinics"] == []
    assert "clinics/typo.yml:2: phon: unknown key" in failure["error"]
    # Every bad file is named at once, before anything is built or printed.
    assert "clinics/typo.yml:2: phon: unknown key; did you mean 'phone'?" in result.stderr
    assert "clinics/second.yml:1: phone: missing" in result.stderr
    assert "[2/3]" not in result.stdout, "checked with the configuration, before the build"
    assert "Traceback" not in result.stdout + result.stderr
    assert tree_digest(project_copy / "out") == before

    (project_copy / "clinics" / "typo.yml").unlink()
    (project_copy / "clinics" / "second.yml").write_text('name: Second Clinic\nphone: "555 0101"\n')
    result = run_build(
        project_copy, "--clinic", "clinics", "--clinic-output", "out", "--jobs", "2",
        "--report", "report.json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"{PDFS_PER_SET * 4}/{PDFS_PER_SET * 4} handouts for 2 clinics" in result.stdout
    assert sorted(path.name for path in (project_copy / "out").iterdir()) == ["example", "second"]
    # The example clinic, printed by the first run from the same files, is kept as it was.
    assert tree_digest(project_copy / "out" / "example") == before_example
    assert "clinics/example.yml in out/example/ (up to date, not printed again)" in result.stdout
    assert f"clinics: 1 printed ({2 * PDFS_PER_SET} PDFs, " in result.stdout
    assert ", 1 up to date (not printed again), 0 failed, in " in result.stdout
    written = json.loads(report.read_text())
    assert written["outcome"] == "every clinic printed"
    assert (written["printed"], written["up_to_date"], written["failed"]) == (1, 1, 0)
    entries = {Path(entry["file"]).name: entry for entry in written["clinics"]}
    assert entries["example.yml"]["status"] == "up to date"
    assert entries["second.yml"]["status"] == "printed"
    assert len(entries["second.yml"]["files"]) == 2 * PDFS_PER_SET  # English and es/
    assert "es/faq-a4.pdf" in entries["second.yml"]["files"]


def test_a_report_is_never_written_over_a_file_that_is_not_one(project_copy: Path) -> None:
    settings = (project_copy / "mkdocs.yml").read_bytes()
    result = run_build(project_copy, "--clinic", "clinics/example.yml", "--report", "mkdocs.yml")
    assert result.returncode == 2
    assert result.stderr == (
        "build.py: --report: mkdocs.yml exists and is not a batch report, so it is not "
        "overwritten; give a new file name, e.g. report.json\n"
    )
    assert (project_copy / "mkdocs.yml").read_bytes() == settings
    assert not (project_copy / "site").exists(), "refused before anything was built"


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
    assert "handouts for 1 clinic in shard 2 of 2" in result.stdout
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


def refused_in_one_line(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """The one line a wrong output option gets (exit status 2), with words in it."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "[2/" not in result.stdout
    [line] = [line for line in result.stderr.splitlines() if "site_url" not in line]
    assert line.startswith("build.py: "), line
    for word in words:
        assert word in line, line
    return line


def test_a_folder_of_the_users_pdfs_is_never_an_output(project_copy: Path) -> None:
    """B1: a folder of PDFs is not the build's; only its mark makes a folder the build's."""
    papers = project_copy / "papers"
    (papers / "2024").mkdir(parents=True)
    (papers / "tax-2024.pdf").write_bytes(b"%PDF-1.4 tax")
    (papers / "2024" / "thesis.pdf").write_bytes(b"%PDF thesis")
    mine = tree_digest(papers)
    result = run_build(project_copy, "--no-handouts", "--site-dir", "papers")
    refused_in_one_line(result, "--site-dir papers: holds files this build did not write")
    (project_copy / "out" / "example").mkdir(parents=True)
    (project_copy / "out" / "example" / "invoice.pdf").write_bytes(b"%PDF invoice")
    result = run_build(project_copy, "--clinic", "clinics/example.yml", "--clinic-output", "out")
    refused_in_one_line(result, "--clinic-output out/example: holds files this build did not")
    assert tree_digest(papers) == mine
    assert (project_copy / "out" / "example" / "invoice.pdf").read_bytes() == b"%PDF invoice"
    assert not (project_copy / "site").exists()


def test_folders_named_like_leftovers_are_the_users(project_copy: Path) -> None:
    """B2: only a folder named as the build names them, and marked, is a leftover."""
    (project_copy / "pub" / "www").mkdir(parents=True)
    for name in (".www.old-v1", ".www.building-1", ".www.old-0-0a1b2c3d"):
        (project_copy / "pub" / name).mkdir()
        (project_copy / "pub" / name / "index.html").write_text("v1")
    result = run_build(project_copy, "--no-handouts", "--site-dir", "pub/www")
    assert result.returncode == 0, result.stderr
    assert "removed" not in result.stdout and "restored" not in result.stdout
    assert sorted(path.name for path in (project_copy / "pub").iterdir()) == [
        ".www.building-1", ".www.old-0-0a1b2c3d", ".www.old-v1", "www"
    ]  # fmt: skip


def test_no_output_goes_into_git_or_the_project_whatever_the_config(project_copy: Path) -> None:
    """B3, B4, B17: the protected places do not depend on where --config is."""
    (project_copy / ".git" / "refs" / "tags").mkdir(parents=True)
    (project_copy / ".git" / "objects").mkdir()
    (project_copy / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (project_copy / "sub").mkdir()
    (project_copy / "sub" / "mkdocs.yml").write_text(
        "INHERIT: ../mkdocs.yml\ndocs_dir: ../docs\n"
        "theme: {name: material, custom_dir: ../overrides}\n"
        "hooks: [../hooks/languages.py, ../hooks/page_templating.py, ../hooks/web_pages.py, "
        "../hooks/handouts.py, ../hooks/page_metadata.py, ../hooks/hosting.py]\n"
        "extra: {languages: [{lang: en, name: English}]}\n"
    )
    for name in ("build.py", "bootstrap.py"):  # build.py's folder is the project
        shutil.copy(PROJECT / name, project_copy / name)
    (project_copy / ".venv").symlink_to(sys.prefix)  # so bootstrap sees it runs in .venv
    git = tree_digest(project_copy / ".git")
    command = [sys.executable, "build.py", "--config", "sub/mkdocs.yml"]
    for site_dir, says in [
        (".git/refs/tags", "--site-dir .git/refs/tags: is inside the project's history"),
        (".", "--site-dir .: is the project folder"),
        ("clinics", "is the clinic files' folder"),
        ("hooks", "is the hooks folder"),
        ("/", "--site-dir /: is the root of the file system"),
        ("/tmp/..", "--site-dir /: is the root of the file system"),
    ]:
        result = subprocess.run(
            [*command, "--no-handouts", "--site-dir", site_dir],
            cwd=project_copy, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        refused_in_one_line(result, says)
    assert tree_digest(project_copy / ".git") == git


def test_the_projects_clinic_files_are_no_output_for_clinic_files_elsewhere(
    project_copy: Path, tmp_path: Path
) -> None:
    """B17: --clinic-output clinics, with the clinic file elsewhere, is still the project's
    clinic files' folder."""
    elsewhere = tmp_path / "theirs"
    elsewhere.mkdir()
    (elsewhere / "fern.yml").write_text("name: Fern Clinic\nphone: '555 0100'\n")
    before = tree_digest(project_copy / "clinics")
    result = run_build(project_copy, "--clinic", str(elsewhere / "fern.yml"), "--clinic-output",
                       "clinics")  # fmt: skip
    refused_in_one_line(result, "--clinic-output clinics: is the clinic files' folder")
    assert tree_digest(project_copy / "clinics") == before


def test_a_missing_clinic_file_is_blamed_on_clinic(project_copy: Path) -> None:
    """B17: not on --clinic-output, which sits inside the missing file's folder."""
    result = run_build(project_copy, "--clinic", "../missing.yml")
    assert result.returncode == 1, result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith("build failed:")]
    assert line == (
        "build failed: --clinic: ../missing.yml: not found; give a clinic .yml file or a folder"
    )


def test_clinic_entries_that_are_not_files_are_each_reported(project_copy: Path) -> None:
    """B17: a named pipe, a folder or a link to /dev/zero named *.yml is said, not skipped."""
    folder = small_clinic_folder(project_copy, ["ash"])
    os.mkfifo(folder / "pipe.yml")
    (folder / "folder.yml").mkdir()
    (folder / "zero.yml").symlink_to("/dev/zero")
    result = run_build(project_copy, "--clinic", "batch")
    assert result.returncode == 1, result.stderr
    assert "[1/3]" not in result.stdout
    for name, kind in [
        ("folder.yml", "is a folder"),
        ("pipe.yml", "is a named pipe (FIFO)"),
        ("zero.yml", "is a device, through a link"),
    ]:
        [line] = [line for line in result.stderr.splitlines() if f"batch/{name}" in line]
        assert f"batch/{name}: {kind}, not an ordinary file" in line
    result = run_build(project_copy, "--clinic", "batch/pipe.yml")  # named on its own
    assert result.returncode == 1 and "batch/pipe.yml: is a named pipe (FIFO)" in result.stderr


def test_an_unwritable_clinic_output_is_refused_before_anything_is_built(
    project_copy: Path,
) -> None:
    """B15: the site is built before the handouts are printed, so a place they cannot go is
    found first (an immutable folder: root can write anywhere else)."""
    out = project_copy / "out"
    out.mkdir()
    if subprocess.run(["chattr", "+i", str(out)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not possible here (needs root and a file system with it)")
    try:
        result = run_build(project_copy, "--clinic", "clinics/example.yml", "--clinic-output",
                           "out")  # fmt: skip
    finally:
        subprocess.run(["chattr", "-i", str(out)], check=True)
    refused_in_one_line(result, "--clinic-output out: out cannot be written to")
    assert "[1/3]" not in result.stdout
    assert not (project_copy / "site").exists()


def test_the_offline_copy_holds_the_clinic_pages_printer_only_when_asked(
    project_copy: Path,
) -> None:
    """Opened from disk a browser does not run the printer, so the copy leaves its 30 MB out;
    a kiosk that serves the copy with a web server asks for it."""
    result = run_build(project_copy, "--offline", "--offline-printer")  # none installed here
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "--offline-printer: the clinic page's printer is not installed" in result.stderr
    (project_copy / "node_modules").symlink_to(PROJECT / "node_modules")
    printer = Path("handouts") / "kit" / "typst" / "typst_ts_web_compiler_bg.wasm"
    for asked, folder in ((False, "without"), (True, "with")):
        extra = ["--offline-printer"] if asked else []
        result = run_build(project_copy, "--offline", "--site-dir", folder, *extra)
        assert result.returncode == 0, result.stderr
        assert (project_copy / folder / printer).is_file() == asked, folder
        with zipfile.ZipFile(project_copy / f"{folder}.zip") as packed:
            assert (f"{folder}/{printer.as_posix()}" in packed.namelist()) == asked, folder
