"""Print branded handouts for one or many clinics, in parallel, each into its own folder."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..handouts.jobs import HandoutError, HandoutSet
from ..handouts.printing import mapped, write_handouts
from .settings import ClinicFileError, clinic_slug, load_clinic


@dataclass(frozen=True)
class ClinicOutcome:
    """What happened to one clinic file: its folder of PDFs, or why nothing was written."""

    source: Path
    folder: Path | None = None
    pdf_count: int = 0
    error: str | None = None
    without_notes: tuple[str, ...] = ()  # translations printed without the clinic's notes


def print_for_clinic(
    clinic_file: Path, handout_sets: list[HandoutSet], output: Path
) -> ClinicOutcome:
    """Print every handout for one clinic, in each language (a translation's into a folder
    named by its code: es/); its folder is replaced only when all succeed."""
    try:
        clinic = load_clinic(clinic_file)
    except ClinicFileError as error:
        return ClinicOutcome(clinic_file, error=str(error))
    output.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{clinic.slug}.printing-", dir=output))
    try:
        count = 0
        for handout_set in handout_sets:
            folder = staging / (handout_set.translation or "")
            count += len(write_handouts(handout_set, folder, clinic))
        target = output / clinic.slug
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
        without_notes = tuple(
            handout_set.translation
            for handout_set in handout_sets
            if handout_set.translation
            and clinic.aftercare_notes
            and not clinic.notes_in(handout_set.translation)
        )
        return ClinicOutcome(clinic_file, target, count, without_notes=without_notes)
    except HandoutError as error:
        return ClinicOutcome(clinic_file, error=f"{clinic_file}: {error}")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def duplicate_outputs(clinic_files: list[Path]) -> list[ClinicOutcome]:
    """Clinic files whose output folder another file in the batch already claims."""
    seen: dict[str, Path] = {}
    clashes = []
    for path in clinic_files:
        slug = clinic_slug(path)
        if slug in seen:
            clashes.append(ClinicOutcome(
                path, error=f"{path}: prints into the same folder as {seen[slug]}; rename one"
            ))  # fmt: skip
        else:
            seen[slug] = path
    return clashes


def print_batch(
    clinic_files: list[Path], handout_sets: list[HandoutSet], output: Path, workers: int,
    on_progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[ClinicOutcome]:  # fmt: skip
    """Print for every clinic file, workers at a time; outcomes in the order of clinic_files."""
    clashes = duplicate_outputs(clinic_files)
    skipped = {outcome.source for outcome in clashes}
    todo = [path for path in clinic_files if path not in skipped]
    task = partial(print_for_clinic, handout_sets=handout_sets, output=output)
    outcomes = {outcome.source: outcome for outcome in clashes}
    on_progress(0, len(todo))
    with mapped(task, todo, workers, processes=True) as results:
        for done, outcome in enumerate(results, start=1):
            outcomes[outcome.source] = outcome
            on_progress(done, len(todo))
    return [outcomes[path] for path in clinic_files]
