"""Print branded handouts for one or many clinics, in parallel, each into its own folder."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from ..build_cache import cache_key
from ..clinic_files.settings import Clinic, ClinicFileError, clinic_slug, load_clinic
from ..data_files import shown_path
from ..handouts.jobs import HandoutError, HandoutSet, PrintJob, RenderedHandout, TypesettingError
from ..handouts.press import Press
from ..handouts.printing import clinic_settings_printed, print_jobs, write_printed
from ..handouts.typesetting import PrintInputs
from ..output_folders import OutputFolderError, Replacement, replaced_atomically
from ..source_files import not_an_ordinary_file
from ..worker_processes import Progress, mapped

PRINTED_FROM = ".printed-from.json"  # in a clinic's folder: what its handouts were printed from
MAX_RECORD_BYTES = 64 * 1024  # a record names some 32 files: anything larger is not one
GROUP_SIZE = 16  # clinics a worker prints job by job; each holds its PDFs until the group ends


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
    up_to_date: bool = False  # its folder was already printed from the same files: kept
    # Handouts printed without some sections to keep within their page limit, and what of the
    # clinic's would make room for them.
    left_out: tuple[str, ...] = ()


@dataclass
class ClinicPrint:
    """One clinic of a group while it is printed: its jobs, in every language, and its PDFs."""

    source: Path
    clinic: Clinic
    jobs: list[PrintJob]
    inputs: list[PrintInputs]  # what Typst is given for each job
    made_from: str  # see printed_from
    printed: list[RenderedHandout] = field(default_factory=list)
    error: str | None = None


def print_for_clinic(
    clinic_file: Path, handout_sets: list[HandoutSet], output: Path, force: bool = False
) -> ClinicOutcome:
    """Print every handout for one clinic (see print_for_clinics)."""
    return print_for_clinics([clinic_file], handout_sets, output, force)[0]


def print_for_clinics(
    clinic_files: list[Path],
    handout_sets: list[HandoutSet],
    output: Path,
    force: bool = False,
    press: Press | None = None,
    progress: Progress = lambda units: None,
) -> list[ClinicOutcome]:
    """Print every handout for each clinic, in each language (a translation's into a folder
    named by its code: es/); a clinic's folder is replaced only when all its handouts print.
    progress hears each handout done (every handout of a clinic kept, or that failed, too).
    The clinics are printed a handout at a time, the same handout for each clinic in turn:
    Typst then lays out again only what differs between them (name, phones, notes). A clinic
    whose folder was printed from the same clinic file, logo, pages and template is kept as it
    is, unless force."""
    translations = [handout_set.translation for handout_set in handout_sets]
    press = press or Press(handout_sets[0].template_folder)
    outcomes: dict[Path, ClinicOutcome] = {}
    group: list[ClinicPrint] = []
    for path in clinic_files:
        try:
            clinic = load_clinic(path, translations=translations)
        except ClinicFileError as error:
            outcomes[path] = ClinicOutcome(path, error=str(error))
            progress(handouts_per_clinic(handout_sets))
            continue
        jobs = [job for handout_set in handout_sets for job in print_jobs(handout_set, clinic)]
        inputs = [press.inputs(job) for job in jobs]
        made_from = printed_from(jobs, inputs, press)
        record = None if force else printed_record(output / clinic.slug, made_from, jobs)
        if record is not None:
            folder = output / clinic.slug
            outcome = finished(path, clinic, handout_sets, folder, len(jobs), True)
            outcomes[path] = replace(outcome, left_out=tuple(record["left_out"]))
            progress(len(jobs))
        else:
            group.append(ClinicPrint(path, clinic, jobs, inputs, made_from))
    for number in range(len(group[0].jobs) if group else 0):
        for member in group:
            if member.error is None:
                print_one(member, number, press, handout_sets[0])
        progress(len(group))
    for member in group:
        outcomes[member.source] = written(member, handout_sets, output)
    return [outcomes[path] for path in clinic_files]


def handouts_per_clinic(handout_sets: list[HandoutSet]) -> int:
    """How many PDFs each clinic gets: every handout, edition and paper, in every language."""
    return sum(len(print_jobs(handout_set)) for handout_set in handout_sets)


def print_one(member: ClinicPrint, number: int, press: Press, handouts: HandoutSet) -> None:
    """Print a clinic's job of that number, or note why it cannot be printed."""
    try:
        member.printed.append(press.typeset(member.jobs[number], member.inputs[number]))
    except TypesettingError as error:
        member.error = blamed(error, member.clinic, handouts, press)
    except HandoutError as error:
        member.error = f"{member.source}: {error}"


def written(member: ClinicPrint, handout_sets: list[HandoutSet], output: Path) -> ClinicOutcome:
    """A printed clinic's folder put in place, with what it was printed from."""
    if member.error is not None:
        return ClinicOutcome(member.source, error=member.error)
    target = output / member.clinic.slug
    replacement = Replacement()
    try:
        with replaced_atomically(target, "--clinic-output", replacement=replacement) as staging:
            printed = list(zip(member.jobs, member.printed, strict=True))
            left_out = tuple(left_out_line(*pair) for pair in printed if pair[1].left_out)
            files = {}
            for handout_set in handout_sets:
                mine = [pair for pair in printed if pair[0].translation == handout_set.translation]
                folder = staging / (handout_set.translation or "")
                write_printed(mine, folder)
                for job, rendered in mine:
                    files[job.file_in_folder] = len(rendered.pdf)
            stamp = {"from": member.made_from, "files": files, "left_out": left_out}
            (staging / PRINTED_FROM).write_text(json.dumps(stamp, indent=1, sort_keys=True))
    except (HandoutError, OutputFolderError) as error:
        problems = tuple(replacement.problems)
        return ClinicOutcome(member.source, error=f"{member.source}: {error}", problems=problems)
    outcome = finished(member.source, member.clinic, handout_sets, target, len(member.jobs), False)
    return replace(outcome, problems=tuple(replacement.problems), left_out=left_out)


def left_out_line(job: PrintJob, printed: RenderedHandout) -> str:
    """What a clinic's handout left out to keep within its limit, and what takes the room."""
    sections = ", ".join(f'"{title}"' for title in printed.left_out)
    return (
        f"{job.file_in_folder} leaves out {sections} to keep within its page limit; to make "
        f"room, shorten in the clinic file: {', '.join(clinic_settings_printed(job))}"
    )


def printed_from(jobs: list[PrintJob], inputs: list[PrintInputs], press: Press) -> str:
    """What a clinic's handouts are made from: each job's inputs (the clinic file as printed,
    its logo, the pages), the handouts' settings, the template, Typst and the typeface."""
    layout = press.layout()
    made = zip(jobs, inputs, strict=True)
    return cache_key(*(press.fingerprint(given, layout) + repr(job.handout) for job, given in made))


def printed_record(folder: Path, made_from: str, jobs: list[PrintJob]) -> dict[str, Any] | None:
    """The record of folder's printing when folder holds every handout the jobs print, each as
    written, printed from what made_from names (see printed_from); None for anything else
    about the record (missing, not an ordinary file, not what this writes, nested too deep to
    read): print again. Its lines about sections left out are printed again, so each must be
    one printable line about one of the clinic's files."""
    record = folder / PRINTED_FROM
    if not_an_ordinary_file(record) or record.stat().st_size > MAX_RECORD_BYTES:
        return None
    names = {job.file_in_folder for job in jobs}
    try:
        kept = json.loads(record.read_text(encoding="utf-8"))
        sizes, left_out = kept["files"], kept["left_out"]
        if kept["from"] != made_from or set(sizes) != names or not isinstance(left_out, list):
            return None
        if not all(_said_of_a_file(line, names) for line in left_out):
            return None
        whole = all((folder / name).stat().st_size == size for name, size in sizes.items())
        return kept if whole else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def _said_of_a_file(line: object, names: set[str]) -> bool:
    """Whether a record's line is one this writes: printable text that starts with a file's name."""
    return isinstance(line, str) and line.isprintable() and line.split(" ", 1)[0] in names


def finished(
    source: Path,
    clinic: Clinic,
    handout_sets: list[HandoutSet],
    folder: Path,
    count: int,
    up_to_date: bool,
) -> ClinicOutcome:
    """A clinic whose folder holds all its handouts, with what its settings left unused."""
    translations = [handout_set.translation for handout_set in handout_sets]
    without_notes = tuple(
        translation
        for translation in translations
        if translation and clinic.aftercare_notes and not clinic.notes_in(translation)
    )
    return ClinicOutcome(
        source,
        folder,
        count,
        without_notes=without_notes,
        unused=unused_languages(clinic, translations),
        up_to_date=up_to_date,
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


def blamed(error: TypesettingError, clinic: Clinic, handouts: HandoutSet, press: Press) -> str:
    """What to fix when a clinic's handout does not print: the logo when the handout prints
    without it, the clinic's details when it prints without the clinic, else the template."""
    first = print_jobs(handouts)[0]
    source = shown_path(clinic.source)
    if clinic.logo is not None and _prints(replace(first, clinic=_without_logo(clinic)), press):
        line = first_line_of(clinic.source, "logo:")
        return (
            f"{source}:{line}: logo: {clinic.logo.name!r} cannot be printed ({error.problem}); "
            "export it again as a plain SVG or as a PNG"
        )
    if _prints(first, press):
        return (
            f"{source}: the clinic's details cannot be printed ({error.problem}); check the "
            "name, address and notes for unusual characters"
        )
    return f"{source}: {error}"


def _without_logo(clinic: Clinic) -> Clinic:
    return clinic.model_copy(update={"logo": None, "logo_svg": None})


def _prints(job: PrintJob, press: Press) -> bool:
    try:
        press.typeset(job)
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
    on_progress: Callable[[int, int], None] = lambda done, total: None, force: bool = False,
) -> list[ClinicOutcome]:  # fmt: skip
    """Print for every clinic file, workers at a time, each worker a group of clinics at a time
    with one press it keeps warm; outcomes in the order of clinic_files. on_progress hears how
    many of the batch's handouts are done, of how many, as each is printed (or kept)."""
    clashes = duplicate_outputs(clinic_files)
    skipped = {outcome.source for outcome in clashes}
    todo = [path for path in clinic_files if path not in skipped]
    press = Press(handout_sets[0].template_folder)
    task = partial(
        print_for_clinics, handout_sets=handout_sets, output=output, force=force, press=press
    )
    outcomes = {outcome.source: outcome for outcome in clashes}
    total = len(todo) * handouts_per_clinic(handout_sets)
    done = 0

    def handouts_done(units: int) -> None:
        nonlocal done
        done += units
        on_progress(done, total)

    on_progress(0, total)
    groups = in_groups(todo, workers)
    with mapped(task, groups, workers, processes=True, progress=handouts_done) as results:
        for group_outcomes in results:
            outcomes.update((outcome.source, outcome) for outcome in group_outcomes)
    return [outcomes[path] for path in clinic_files]


def in_groups(files: list[Path], workers: int) -> list[list[Path]]:
    """The files in groups of at most GROUP_SIZE, as even as can be, a whole number of groups
    for each worker where there are enough files (50 files, 2 workers: 13, 13, 12, 12)."""
    if not files:
        return []
    count = math.ceil(len(files) / GROUP_SIZE)
    count = min(len(files), math.ceil(count / workers) * workers)
    size, larger = divmod(len(files), count)
    groups, start = [], 0
    for number in range(count):
        end = start + size + (1 if number < larger else 0)
        groups.append(files[start:end])
        start = end
    return groups
