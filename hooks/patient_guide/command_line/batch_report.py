"""How a clinic batch tells its progress and its outcome: a progress line, a summary, a report."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..clinics.batch import ClinicOutcome
from ..output_folders import OutputFolderError, alive

REPORT_KIND = "patient-guide clinic batch report"  # the mark of a report this command wrote
LOG_STEPS = 10  # in a log, a line each tenth of the batch


@dataclass
class BatchProgress:
    """The batch's progress, in handouts printed: one line updated in place on a terminal; in a
    log (not a terminal), a line each tenth of the way. Both with an estimate of the time left."""

    clinics: int  # how many clinics the batch is for
    where: str = ""  # e.g. " in shard 2 of 4"
    stream: TextIO = field(default_factory=lambda: sys.stdout)
    started: float = field(default_factory=time.monotonic)
    logged: int = -1  # the last tenth a log line was written for

    def __call__(self, done: int, total: int) -> None:
        left = self.time_left(done, total)
        clinics = f"{self.clinics} clinic{'' if self.clinics == 1 else 's'}"
        line = f"    [{bar(done, total)}] {done}/{total} handouts for {clinics}{self.where}{left}"
        if self.stream.isatty():
            start = "\n" if done == 0 else "\r"
            end = "\n" if done == total else ""
            print(f"{start}{line}\033[K", end=end, file=self.stream, flush=True)
            return
        tenth = done * LOG_STEPS // max(total, 1)
        if tenth > self.logged:
            start = "\n" if self.logged < 0 else ""  # the step's name is on the line before
            self.logged = tenth
            print(f"{start}{line}", file=self.stream, flush=True)

    def time_left(self, done: int, total: int) -> str:
        """ ", about 40 s left" once some handouts are done; nothing at the start and the end."""
        if done == 0 or done >= total:
            return ""
        seconds = (time.monotonic() - self.started) / done * (total - done)
        return f", about {duration(seconds)} left"


def bar(done: int, total: int, width: int = 30) -> str:
    filled = width * done // max(total, 1)
    return "#" * filled + "." * (width - filled)


def duration(seconds: float) -> str:
    """Seconds in words a person reads at a glance: "8 s", "3 min 5 s", "2 h 4 min"."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60} s"
    return f"{whole // 3600} h {whole % 3600 // 60} min"


@dataclass(frozen=True)
class BatchSummary:
    """How many clinics were printed, were already up to date, or failed, and in how long."""

    printed: int
    up_to_date: int
    failed: int
    pdfs: int  # PDFs printed (up-to-date clinics' PDFs not counted)
    seconds: float

    @classmethod
    def of(cls, outcomes: list[ClinicOutcome], seconds: float) -> BatchSummary:
        return cls(
            printed=sum(1 for o in outcomes if o.folder and not o.up_to_date),
            up_to_date=sum(1 for o in outcomes if o.up_to_date),
            failed=sum(1 for o in outcomes if o.error),
            pdfs=sum(o.pdf_count for o in outcomes if o.folder and not o.up_to_date),
            seconds=seconds,
        )

    def __str__(self) -> str:
        rate = f", {self.pdfs / self.seconds:.0f} PDFs/s" if self.pdfs and self.seconds else ""
        return (
            f"clinics: {self.printed} printed ({self.pdfs} PDFs{rate}), {self.up_to_date} up "
            f"to date (not printed again), {self.failed} failed, in {duration(self.seconds)}"
        )


def report_data(outcomes: list[ClinicOutcome], summary: BatchSummary) -> dict[str, object]:
    """The batch as JSON data: the summary, and one entry per clinic with its files or error."""
    clinics = []
    for outcome in outcomes:
        entry: dict[str, object] = {"file": str(outcome.source), "status": status(outcome)}
        if outcome.folder:
            entry["folder"] = str(outcome.folder)
            entry["files"] = sorted(
                str(path.relative_to(outcome.folder)) for path in outcome.folder.rglob("*.pdf")
            )
        if outcome.error:
            entry["error"] = outcome.error
        if outcome.problems:
            entry["warnings"] = list(outcome.problems)
        if outcome.left_out:
            entry["left_out"] = list(outcome.left_out)
        clinics.append(entry)
    return {
        "report": REPORT_KIND,
        "outcome": "some clinics failed" if summary.failed else "every clinic printed",
        "printed": summary.printed,
        "up_to_date": summary.up_to_date,
        "failed": summary.failed,
        "pdfs_printed": summary.pdfs,
        "seconds": round(summary.seconds, 2),
        "clinics": clinics,
    }


def failed_run_data(reason: str) -> dict[str, object]:
    """The report of a run that stopped before its clinics were printed (a mistake, Ctrl-C, a
    worker killed): no clinic is reported printed, so none is taken for done."""
    return {"report": REPORT_KIND, "outcome": "the run failed", "error": reason, "clinics": []}


def status(outcome: ClinicOutcome) -> str:
    if outcome.error:
        return "failed"
    return "up to date" if outcome.up_to_date else "printed"


def check_report_place(path: Path) -> None:
    """Refuse a --report that would overwrite anything but an earlier report (a mistyped
    option must not replace a page, a settings file or a folder), or that cannot be written."""
    if path.is_dir():
        raise OutputFolderError(f"--report: {path} is a folder; give a file name, e.g. report.json")
    if os.path.lexists(path) and not is_report(path):
        raise OutputFolderError(
            f"--report: {path} exists and is not a batch report, so it is not overwritten; "
            "give a new file name, e.g. report.json"
        )
    if not path.parent.is_dir():
        raise OutputFolderError(f"--report: {path.parent} is not a folder; create it first")


def is_report(path: Path) -> bool:
    try:
        return bool(json.loads(path.read_text(encoding="utf-8")).get("report") == REPORT_KIND)
    except (OSError, ValueError, AttributeError):
        return False


def write_report(path: Path, data: dict[str, object]) -> None:
    """Write the report whole or not at all (a file beside it, then renamed); a part-written
    file that a killed run left beside it goes first."""
    for left in path.parent.glob(f".{path.name}.writing-*"):
        pid = left.name.rsplit("-", 1)[1]
        if pid.isdigit() and not alive(int(pid)):
            left.unlink(missing_ok=True)
    partial = path.with_name(f".{path.name}.writing-{os.getpid()}")
    try:
        partial.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def report_failed_run(path: Path | None, reason: str) -> None:
    """Replace an earlier report with one saying this run failed, so that nothing reads the
    earlier run's outcome as this one's; nothing where --report itself was refused."""
    if path is None:
        return
    try:
        check_report_place(path)
        write_report(path, failed_run_data(reason))
    except (OutputFolderError, OSError):
        return
