"""The --clinic part of the build command: which clinic files, checked first, and what happened."""

from __future__ import annotations

import sys
from pathlib import Path

from ..clinics.batch import ClinicOutcome, duplicate_outputs, print_batch
from ..clinics.settings import ClinicFileError, clinic_files, load_clinic
from ..handouts.printing import HandoutSet


class ClinicChoiceError(Exception):
    """The clinic files named on the command line cannot be printed; the message lists why."""


def checked_clinic_files(clinic: Path, output: Path) -> list[Path]:
    """The clinic files named by --clinic, each read and checked before anything is built."""
    if output.exists() and not output.is_dir():
        raise ClinicChoiceError(
            f"{output}: exists and is not a folder; choose another --clinic-output"
        )
    files = clinic_files_to_print(clinic)
    problems = [outcome.error for outcome in duplicate_outputs(files) if outcome.error]
    for path in files:
        try:
            load_clinic(path)
        except ClinicFileError as error:
            problems.extend(map(str, error.problems))
    if problems:
        raise ClinicChoiceError("\n  ".join(problems))
    return files


def clinic_files_to_print(clinic: Path) -> list[Path]:
    """The clinic settings files named by --clinic: one file, or every one in a folder."""
    if not clinic.exists():
        raise ClinicChoiceError(
            f"--clinic: {clinic}: not found; give a clinic .yml file or a folder"
        )
    if clinic.is_file():
        return [clinic]
    try:
        found = clinic_files(clinic)
    except ClinicFileError as error:
        raise ClinicChoiceError(f"--clinic: {error}") from None
    if not found:
        raise ClinicChoiceError(f"--clinic: {clinic} holds no .yml clinic settings files")
    return found


def show_progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    start = "\n" if done == 0 else "\r"
    end = "\n" if done == total else ""
    bar = "#" * filled + "." * (width - filled)
    print(f"{start}    [{bar}] {done}/{total} clinics", end=end, flush=True)


def print_clinics(
    printed: HandoutSet, clinic_files: list[Path], output: Path, jobs: int
) -> list[ClinicOutcome]:
    return print_batch(clinic_files, printed, output, jobs, show_progress)


def report_clinics(outcomes: list[ClinicOutcome]) -> int:
    """Say where each clinic's handouts went; list the clinics that failed and exit non-zero."""
    for outcome in outcomes:
        if outcome.folder:
            print(f"  {outcome.pdf_count} handouts for {outcome.source} in {outcome.folder}/")
    failures = [outcome for outcome in outcomes if outcome.error]
    for outcome in failures:
        print(f"clinic failed: {outcome.error}", file=sys.stderr)
    if failures:
        print(
            f"{len(failures)} of {len(outcomes)} clinics failed; nothing was written for them.",
            file=sys.stderr,
        )
        return 1
    return 0
