"""The --clinic part of the build command: which clinic files, checked first, and what happened."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..clinic_files.logos import LogoProof
from ..clinic_files.settings import ClinicFileError, clinic_files, clinic_slug, load_clinic
from ..clinics.batch import ClinicOutcome, duplicate_outputs, print_batch
from ..clinics.shards import Shard, shard_of
from ..handouts.jobs import HandoutSet
from ..output_folders import OutputFolderError, check_replaceable, remove_left_behind
from ..source_files import not_an_ordinary_file
from .batch_report import BatchProgress, BatchSummary


class ClinicChoiceError(Exception):
    """The clinic files named on the command line cannot be printed; the message lists why."""


@dataclass(frozen=True)
class ClinicChoice:
    """The clinic files this run prints: all that --clinic names, or one shard of them."""

    files: list[Path]
    named: int  # how many clinic files --clinic names, in every shard together
    shard: Shard | None = None

    def __str__(self) -> str:
        """E.g. "shard 2 of 4: 13 of 50 clinic files", or "50 clinic files" without a shard."""
        if self.shard is None:
            return f"{self.named} clinic files"
        return f"{self.shard}: {len(self.files)} of {self.named} clinic files"


def checked_clinic_files(
    clinic: Path, output: Path, shard: Shard | None = None, translations: Sequence[str] = ()
) -> ClinicChoice:
    """The clinic files named by --clinic (only the shard's, with a shard), each read and
    checked, for the guide's translations too, before anything is built. Output folder clashes
    are checked across all shards."""
    if output.exists() and not output.is_dir():
        raise ClinicChoiceError(
            f"{output}: exists and is not a folder; choose another --clinic-output"
        )
    named = clinic_files_to_print(clinic)
    files = named if shard is None else shard_of(named, shard)
    problems = [outcome.error for outcome in duplicate_outputs(named) if outcome.error]
    for line in remove_left_behind(output, clinic_folders(named)):
        print(f"  {line}")
    proof = LogoProof()  # each logo is printed once, as the handouts will print it
    refused = []  # clinic folders in the way: a wrong --clinic-output, once the files are right
    for path in files:
        try:
            load_clinic(path, proof, translations)
            check_replaceable(output / clinic_slug(path), "--clinic-output")
        except ClinicFileError as error:
            problems.extend(map(str, error.problems))
        except OutputFolderError as error:
            refused.append(f"{error} (for {path})")
    if problems:
        raise ClinicChoiceError("\n  ".join(problems))
    if refused:
        raise OutputFolderError("\n".join(refused))
    return ClinicChoice(files, len(named), shard)


def clinic_folders(files: list[Path]) -> list[str]:
    """The names of the output folders the clinic files print into."""
    return [clinic_slug(path) for path in files]


def clinic_files_to_print(clinic: Path) -> list[Path]:
    """The clinic settings files named by --clinic: one file, or every one in a folder; an entry
    named like one that is not an ordinary file is refused, one line each."""
    if not os.path.lexists(clinic):
        raise ClinicChoiceError(
            f"--clinic: {clinic}: not found; give a clinic .yml file or a folder"
        )
    if not clinic.is_dir():
        problem = not_an_ordinary_file(clinic)
        if problem is not None:
            raise ClinicChoiceError(
                f"--clinic: {clinic}: {problem}; give a clinic .yml file or a folder"
            )
        return [clinic]
    refused: list[str] = []
    try:
        found = clinic_files(clinic, refused)
    except ClinicFileError as error:
        raise ClinicChoiceError(f"--clinic: {error}") from None
    if refused:
        raise ClinicChoiceError("\n  ".join(refused))
    if not found:
        raise ClinicChoiceError(f"--clinic: {clinic} holds no .yml clinic settings files")
    return found


def print_clinics(
    printed: list[HandoutSet], choice: ClinicChoice, output: Path, jobs: int, force: bool = False
) -> list[ClinicOutcome]:
    """Print every language's handouts (printed: the main language's set first) per clinic,
    but not for a clinic whose folder is up to date, unless force. Stopped (Ctrl-C, or a
    fault), it removes what its stopped workers left, and says so."""
    progress = BatchProgress(len(choice.files), where=f" in {choice.shard}" if choice.shard else "")
    if not choice.files:
        return []
    try:
        return print_batch(choice.files, printed, output, jobs, progress, force)
    except BaseException:
        print(flush=True)  # after the progress bar
        for line in remove_left_behind(output, clinic_folders(choice.files)):
            print(f"  {line}", flush=True)
        raise


def report_clinics(
    outcomes: list[ClinicOutcome],
    choice: ClinicChoice | None = None,
    summary: BatchSummary | None = None,
) -> int:
    """Say where each clinic's handouts went and how the batch went; list the clinics that
    failed and exit non-zero."""
    for outcome in outcomes:
        for problem in outcome.problems:
            print(f"warning: {problem}", file=sys.stderr)
        if outcome.folder:
            kept = " (up to date, not printed again)" if outcome.up_to_date else ""
            print(f"  {outcome.pdf_count} handouts for {outcome.source} in {outcome.folder}/{kept}")
        for language in outcome.without_notes:
            print(
                f"  {outcome.source}: no aftercare notes in {language!r} "
                f"(translated_aftercare_notes: {language}:), so its {language} handouts have "
                "no notes box"
            )
        for handout in outcome.left_out:
            print(f"  {outcome.source}: {handout}")
        for setting in outcome.unused:
            print(
                f"  {outcome.source}: {setting} is not used: no handouts are printed in that "
                "language (check the language code)"
            )
    if summary is not None:
        print(summary)
    failures = [outcome for outcome in outcomes if outcome.error]
    for outcome in failures:
        print(f"clinic failed: {outcome.error}", file=sys.stderr)
    in_shard = f" ({choice})" if choice and choice.shard else ""
    if failures:
        print(
            f"{len(failures)} of {len(outcomes)} clinics failed{in_shard}; "
            "nothing was written for them.",
            file=sys.stderr,
        )
        return 1
    if choice and choice.shard:
        print(shard_summary(choice))
    return 0


def shard_summary(choice: ClinicChoice) -> str:
    """The last line of a sharded run: how much of the batch this shard printed."""
    if not choice.files:
        return f"{choice}; nothing to print in this shard (more shards than clinic files)"
    return f"printed {choice}"
