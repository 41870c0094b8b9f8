"""Print branded handouts for one or many clinics, in parallel, each into its own folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from ..clinic_files.settings import Clinic, ClinicFileError, clinic_slug, load_clinic
from ..data_files import shown_path
from ..handouts.jobs import HandoutError, HandoutSet, PrintJob, TypesettingError
from ..handouts.printing import mapped, print_jobs, typeset, write_handouts
from ..output_folders import OutputFolderError, Replacement, replaced_atomically


@dataclass(frozen=True)
class ClinicOutcome:
    """What happened to one clinic file: its folder of PDFs, or why nothing was written."""

    source: Path
    folder: Path | None = None
    pdf_count: int = 0
    error: str | None = None
    without_notes: tuple[str, ...] = ()  # translations printed without the clinic's notes
    unused: tuple[str, ...] = ()  # settings for a language no handouts are printed in
    problems: tuple[str, ...] = ()  # what could not be removed, why, and what to do


def print_for_clinic(
    clinic_file: Path, handout_sets: list[HandoutSet], output: Path
) -> ClinicOutcome:
    """Print every handout for one clinic, in each language (a translation's into a folder
    named by its code: es/); its folder is replaced only when all succeed."""
    translations = [handout_set.translation for handout_set in handout_sets]
    try:
        clinic = load_clinic(clinic_file, translations=translations)
    except ClinicFileError as error:
        return ClinicOutcome(clinic_file, error=str(error))
    target = output / clinic.slug
    replacement = Replacement()
    try:
        with replaced_atomically(target, "--clinic-output", replacement=replacement) as staging:
            count = 0
            for handout_set in handout_sets:
                folder = staging / (handout_set.translation or "")
                count += len(write_handouts(handout_set, folder, clinic))
    except TypesettingError as error:
        problem = blamed(error, clinic, handout_sets[0])
        return ClinicOutcome(clinic_file, error=problem, problems=tuple(replacement.problems))
    except (HandoutError, OutputFolderError) as error:
        problems = tuple(replacement.problems)
        return ClinicOutcome(clinic_file, error=f"{clinic_file}: {error}", problems=problems)
    without_notes = tuple(
        handout_set.translation
        for handout_set in handout_sets
        if handout_set.translation
        and clinic.aftercare_notes
        and not clinic.notes_in(handout_set.translation)
    )
    return ClinicOutcome(
        clinic_file,
        target,
        count,
        without_notes=without_notes,
        unused=unused_languages(clinic, translations),
        problems=tuple(replacement.problems),
    )


def unused_languages(clinic: Clinic, translations: list[str | None]) -> tuple[str, ...]:
    """The clinic's translated settings for languages no handouts are printed in (a wrong
    language code, or a build without that language), as the settings' names."""
    given = {
        "translated_aftercare_notes": clinic.translated_aftercare_notes,
        "timings: translated_warning_signs": clinic.timings.translated_warning_signs,
    }
    return tuple(
        f"{name}: {language}:"
        for name, by_language in given.items()
        for language in sorted(by_language)
        if language not in translations
    )


def blamed(error: TypesettingError, clinic: Clinic, handouts: HandoutSet) -> str:
    """What to fix when a clinic's handout does not print: the logo when the handout prints
    without it, the clinic's details when it prints without the clinic, else the template."""
    first = print_jobs(handouts)[0]
    folder = handouts.template_folder.resolve()
    source = shown_path(clinic.source)
    if clinic.logo is not None and _prints(replace(first, clinic=_without_logo(clinic)), folder):
        line = first_line_of(clinic.source, "logo:")
        return (
            f"{source}:{line}: logo: {clinic.logo.name!r} cannot be printed ({error.problem}); "
            "export it again as a plain SVG or as a PNG"
        )
    if _prints(first, folder):
        return (
            f"{source}: the clinic's details cannot be printed ({error.problem}); check the "
            "name, address and notes for unusual characters"
        )
    return f"{source}: {error}"


def _without_logo(clinic: Clinic) -> Clinic:
    return clinic.model_copy(update={"logo": None, "logo_svg": None})


def _prints(job: PrintJob, template_folder: Path) -> bool:
    try:
        typeset(job, template_folder, None)
    except HandoutError:
        return False
    return True


def first_line_of(path: Path, start: str) -> int | None:
    """The number of the first line of a file that starts with start."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return next((n for n, line in enumerate(lines, start=1) if line.startswith(start)), None)


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
