"""Print a set of handouts into a folder: one PDF per handout and paper size, length-checked."""

from __future__ import annotations

import threading
from pathlib import Path

from ..clinic_files.settings import Clinic
from ..pages.day_grid import MIN_DAYS
from ..worker_processes import mapped, stop_if_asked
from .catalog import EDITIONS, PAPER_SIZES
from .jobs import HandoutError, HandoutFile, HandoutSet, PrintJob, RenderedHandout
from .press import Press
from .print_data import grid_data, job_timings


def print_jobs(handout_set: HandoutSet, clinic: Clinic | None = None) -> list[PrintJob]:
    """One job per handout, edition and paper size."""
    return [
        PrintJob(
            handout=handout,
            paper=paper,
            pages=tuple(handout_set.pages[source] for source in handout.pages),
            site_name=handout_set.site_name,
            labels=handout_set.labels,
            clinic=clinic,
            translation=handout_set.translation,
            edition=edition,
            rules=handout_set.rules,
        )
        for handout in handout_set.handouts
        for edition in EDITIONS
        for paper in PAPER_SIZES
    ]


def clinic_settings_printed(job: PrintJob) -> list[str]:
    """The clinic's settings that take room in the job's handout, by their names in its file:
    its name, address and website at the top, its notes and warning signs (in the handout's
    language) where the handout prints them, and timings past day 7 (a second week of the
    day grid)."""
    clinic = job.clinic
    assert clinic is not None

    def in_language(setting: str, translated: str) -> str:
        return f"{translated}: {job.translation}:" if job.translation else setting

    settings = ["name", *(key for key in ("address", "website") if getattr(clinic, key))]
    if job.clinic_notes:
        settings.append(in_language("aftercare_notes", "translated_aftercare_notes"))
    if job.prints_call_box and job_timings(job).warning_signs:
        settings.append(in_language("timings: warning_signs", "timings: translated_warning_signs"))
    grid = grid_data(job) if job.prints_day_grid else None
    if grid is not None and grid["days"] > MIN_DAYS:
        settings.append(f"timings past day {MIN_DAYS}")
    return settings


def too_long(job: PrintJob, page_count: int) -> str | None:
    """Why a printed handout breaks its length limit, or None when it fits."""
    if job.fits(page_count):
        return None
    limit = job.handout.page_limit(job.edition)
    folder = f"docs/{job.translation}/" if job.translation else "docs/"
    fix = f"shorten {folder}{f', {folder}'.join(job.handout.pages)}"
    if job.clinic:
        fix += f" or, in {job.clinic.source}, the {', '.join(clinic_settings_printed(job))}"
    return (
        f"{job.file_in_folder} prints on {page_count} pages; "
        f"at most {limit} {'page' if limit == 1 else 'pages'} allowed: {fix}"
    )


def write_handouts(
    handout_set: HandoutSet,
    folder: Path,
    clinic: Clinic | None = None,
    workers: int = 1,
    press: Press | None = None,
    stopping: threading.Event | None = None,
) -> list[HandoutFile]:
    """Print every handout in every edition and paper size into folder, workers at a time;
    stopped between handouts once `stopping` is set (a build in the background)."""
    jobs = print_jobs(handout_set, clinic)
    typeset_press = press or Press(handout_set.template_folder)

    def typeset(job: PrintJob) -> RenderedHandout:
        stop_if_asked(stopping)
        return typeset_press.typeset(job)

    # The longest first, so that the workers finish together rather than one of them alone on
    # the booklet at the end.
    order = sorted(range(len(jobs)), key=lambda number: -typesetting_effort(jobs[number]))
    with mapped(typeset, [jobs[number] for number in order], workers) as rendered_jobs:
        results = dict(zip(order, rendered_jobs, strict=True))
    stop_if_asked(stopping)
    return write_printed([(job, results[number]) for number, job in enumerate(jobs)], folder)


def typesetting_effort(job: PrintJob) -> int:
    """How much a job has to lay out, roughly: its pages' blocks, twice over in large print."""
    blocks = sum(len(page.blocks) for page in job.pages)
    return blocks * (2 if job.edition == "large-print" else 1)


def write_printed(
    printed: list[tuple[PrintJob, RenderedHandout]], folder: Path
) -> list[HandoutFile]:
    """Write printed handouts into folder, once each is known to be within its length."""
    for job, rendered in printed:
        problem = too_long(job, rendered.page_count)
        if problem:
            raise HandoutError(problem)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for job, rendered in printed:
        path = folder / job.file_name
        try:
            path.write_bytes(rendered.pdf)
        except OSError as error:  # a full disk says no file: name the one being written
            error.filename = error.filename or str(path)
            raise
        written.append(
            HandoutFile(
                title=job.handout.title,
                edition_label=job.labels["edition"][job.edition],
                paper_label=job.labels["paper"][job.paper],
                file_name=job.file_name,
                size_bytes=len(rendered.pdf),
                page_count=rendered.page_count,
            )
        )
    return written
