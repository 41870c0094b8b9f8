"""Print a set of handouts into a folder: one PDF per handout and paper size, length-checked."""

from __future__ import annotations

import functools
import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from ..clinics.settings import Clinic
from .catalog import PAPER_SIZES, Handout
from .rendering import (
    HandoutError,
    HandoutRenderer,
    PrintedPage,
    PrintJob,
    RenderedHandout,
)

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass(frozen=True)
class HandoutSet:
    """Everything needed to print the handouts, without MkDocs: sent to each worker."""

    handouts: list[Handout]
    pages: dict[str, PrintedPage]
    template_folder: Path
    site_name: str
    sources_url: str


@dataclass(frozen=True)
class HandoutFile:
    """A printed PDF as the Handouts page lists it."""

    title: str
    paper_label: str
    file_name: str
    size_bytes: int
    page_count: int

    @property
    def size_text(self) -> str:
        return f"{max(1, round(self.size_bytes / 1024))} KB"


@functools.cache
def renderer_for(template_folder: Path) -> HandoutRenderer:
    """One renderer per process and template folder: stylesheets and fonts are parsed once."""
    return HandoutRenderer(template_folder)


def print_jobs(handout_set: HandoutSet, clinic: Clinic | None = None) -> list[PrintJob]:
    """One job per handout and paper size."""
    return [
        PrintJob(
            handout=handout,
            paper=paper,
            pages=tuple(handout_set.pages[source] for source in handout.pages),
            site_name=handout_set.site_name,
            sources_url=handout_set.sources_url,
            clinic=clinic,
        )
        for handout in handout_set.handouts
        for paper in PAPER_SIZES
    ]


@contextmanager
def mapped(
    task: Callable[[Item], Result], items: list[Item], workers: int
) -> Iterator[Iterable[Result]]:
    """task's results for items, in order: in worker processes when more than one helps."""
    if workers <= 1 or len(items) <= 1:
        yield map(task, items)
        return
    pool = multiprocessing.get_context("fork").Pool(
        min(workers, len(items)), initializer=_worker_signals
    )
    with pool:
        yield pool.imap(task, items)


def _worker_signals() -> None:
    """Workers leave Ctrl-C to the builder, and end at once when the pool stops them (SIGTERM),
    whatever handlers they were forked with."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def too_long(job: PrintJob, page_count: int) -> str | None:
    """Why a printed handout breaks its length limit, or None when it fits."""
    limit = job.handout.max_pages
    if limit is None or page_count <= limit:
        return None
    fix = f"shorten docs/{', docs/'.join(job.handout.pages)}"
    if job.clinic and job.handout.clinic_notes and job.clinic.aftercare_notes:
        fix += f" or the aftercare_notes in {job.clinic.source}"
    return (
        f"{job.handout.file_name(job.paper)} prints on {page_count} pages; "
        f"at most {limit} {'page' if limit == 1 else 'pages'} allowed: {fix}"
    )


def render(job: PrintJob, template_folder: Path) -> RenderedHandout:
    return renderer_for(template_folder).render(job)


def write_handouts(
    handout_set: HandoutSet, folder: Path, clinic: Clinic | None = None, workers: int = 1
) -> list[HandoutFile]:
    """Render every handout in every paper size into folder, workers PDFs at a time."""
    jobs = print_jobs(handout_set, clinic)
    task = partial(render, template_folder=handout_set.template_folder.resolve())
    with mapped(task, jobs, workers) as rendered_jobs:
        results = list(rendered_jobs)
    for job, rendered in zip(jobs, results, strict=True):
        problem = too_long(job, rendered.page_count)
        if problem:
            raise HandoutError(problem)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for job, rendered in zip(jobs, results, strict=True):
        name = job.handout.file_name(job.paper)
        (folder / name).write_bytes(rendered.pdf)
        label = PAPER_SIZES[job.paper][1]
        written.append(
            HandoutFile(job.handout.title, label, name, len(rendered.pdf), rendered.page_count)
        )
    return written
