"""Print a set of handouts into a folder: one PDF per handout and paper size, length-checked."""

from __future__ import annotations

import functools
import multiprocessing
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from clinic_profile import Clinic
from handout_catalog import PAPER_SIZES, Handout
from handout_rendering import (
    HandoutError,
    HandoutRenderer,
    PrintedPage,
    PrintJob,
    RenderedHandout,
)


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


def print_jobs(
    handouts: list[Handout], pages: dict[str, PrintedPage], site_name: str, sources_url: str,
    clinic: Clinic | None = None,
) -> list[PrintJob]:  # fmt: skip
    return [
        PrintJob(
            handout=handout,
            paper=paper,
            pages=tuple(pages[source] for source in handout.pages),
            site_name=site_name,
            sources_url=sources_url,
            clinic=clinic,
        )
        for handout in handouts
        for paper in PAPER_SIZES
    ]


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
    handouts: list[Handout], pages: dict[str, PrintedPage], folder: Path, template_folder: Path,
    site_name: str, sources_url: str, clinic: Clinic | None = None, workers: int = 1,
) -> list[HandoutFile]:  # fmt: skip
    """Render every handout in every paper size into folder, workers PDFs at a time."""
    jobs = print_jobs(handouts, pages, site_name, sources_url, clinic)
    task = partial(render, template_folder=template_folder.resolve())
    if workers > 1 and len(jobs) > 1:
        with multiprocessing.get_context("fork").Pool(min(workers, len(jobs))) as pool:
            results = pool.map(task, jobs)
    else:
        results = [task(job) for job in jobs]
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
