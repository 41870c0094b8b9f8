"""Unit tests: how a clinic batch tells its progress (terminal or log), its summary and report."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from patient_guide.clinics.batch import ClinicOutcome
from patient_guide.command_line.batch_report import (
    BatchProgress,
    BatchSummary,
    check_report_place,
    duration,
    report_data,
    report_failed_run,
    write_report,
)
from patient_guide.output_folders import OutputFolderError


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_in_a_log_progress_is_a_line_each_tenth_with_the_time_left() -> None:
    log = io.StringIO()
    progress = BatchProgress(50, stream=log, started=0.0)
    for done in range(0, 1601, 32):  # a group's round of handouts at a time
        progress(done, 1600)
    lines = log.getvalue().splitlines()
    assert lines[0] == ""  # the step's name ends the line before
    assert len(lines) == 12  # 0 %, 10 %, ... 100 %
    assert lines[1].endswith("] 0/1600 handouts for 50 clinics")
    assert "] 160/1600 handouts for 50 clinics, about " in lines[2] and lines[2].endswith(" left")
    assert lines[-1].endswith("] 1600/1600 handouts for 50 clinics") and "\r" not in log.getvalue()


def test_on_a_terminal_progress_is_one_line_updated_in_place() -> None:
    terminal = Terminal()
    progress = BatchProgress(1, where=" in shard 1 of 2", stream=terminal)
    for done in range(0, 33, 8):
        progress(done, 32)
    shown = terminal.getvalue()
    assert shown.count("\r") == 4
    assert shown.endswith("32/32 handouts for 1 clinic in shard 1 of 2\x1b[K\n")
    assert shown.count("\n") == 2  # the line starts on a line of its own, and ends it


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(0.4, "0 s"), (8.6, "9 s"), (59.4, "59 s"), (185, "3 min 5 s"), (7440, "2 h 4 min")],
)
def test_durations_read_at_a_glance(seconds: float, words: str) -> None:
    assert duration(seconds) == words


def outcomes(tmp_path: Path) -> list[ClinicOutcome]:
    printed = tmp_path / "out" / "ash"
    (printed / "es").mkdir(parents=True, exist_ok=True)
    for name in ("faq-a4.pdf", "es/faq-a4.pdf"):
        (printed / name).write_bytes(b"%PDF")
    return [
        ClinicOutcome(Path("batch/ash.yml"), printed, 2),
        ClinicOutcome(Path("batch/birch.yml"), tmp_path / "out" / "birch", 2, up_to_date=True),
        ClinicOutcome(Path("batch/cedar.yml"), error="batch/cedar.yml:2: phone: missing"),
    ]


def test_the_summary_and_the_report_count_each_outcome(tmp_path: Path) -> None:
    done = outcomes(tmp_path)
    summary = BatchSummary.of(done, 4.0)
    assert str(summary) == (
        "clinics: 1 printed (2 PDFs, 0 PDFs/s), 1 up to date (not printed again), 1 failed, in 4 s"
    )
    report = report_data(done, summary)
    assert (report["printed"], report["up_to_date"], report["failed"]) == (1, 1, 1)
    assert report["clinics"] == [
        {"file": "batch/ash.yml", "status": "printed", "folder": str(tmp_path / "out" / "ash"),
         "files": ["es/faq-a4.pdf", "faq-a4.pdf"]},
        {"file": "batch/birch.yml", "status": "up to date",
         "folder": str(tmp_path / "out" / "birch"), "files": []},
        {"file": "batch/cedar.yml", "status": "failed",
         "error": "batch/cedar.yml:2: phone: missing"},
    ]  # fmt: skip


def test_a_report_replaces_only_a_report(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    check_report_place(report)  # new: fine
    summary = BatchSummary.of(outcomes(tmp_path), 1.0)
    write_report(report, report_data(outcomes(tmp_path), summary))
    check_report_place(report)  # an earlier report: fine
    assert json.loads(report.read_text())["failed"] == 1
    assert [path.name for path in tmp_path.iterdir() if path.is_file()] == ["report.json"]
    settings = tmp_path / "mkdocs.yml"
    settings.write_text("site_name: x\n")
    with pytest.raises(OutputFolderError, match="exists and is not a batch report"):
        check_report_place(settings)
    with pytest.raises(OutputFolderError, match="is a folder"):
        check_report_place(tmp_path)
    with pytest.raises(OutputFolderError, match="is not a folder; create it first"):
        check_report_place(tmp_path / "nowhere" / "report.json")


def test_a_failed_run_replaces_the_last_report_and_a_killed_ones_leftovers_go(
    tmp_path: Path,
) -> None:
    report = tmp_path / "report.json"
    summary = BatchSummary.of(outcomes(tmp_path), 1.0)
    write_report(report, report_data(outcomes(tmp_path), summary))
    dead = tmp_path / ".report.json.writing-999999999"  # left by a run killed while writing
    dead.write_text("{")
    report_failed_run(report, "stopped (Ctrl-C or SIGTERM)")
    assert json.loads(report.read_text()) == {
        "report": "patient-guide clinic batch report", "outcome": "the run failed",
        "error": "stopped (Ctrl-C or SIGTERM)", "clinics": [],
    }  # fmt: skip
    assert not dead.exists()
    settings = tmp_path / "mkdocs.yml"
    settings.write_text("site_name: x\n")
    report_failed_run(settings, "anything")  # not a report: left alone
    assert settings.read_text() == "site_name: x\n"
