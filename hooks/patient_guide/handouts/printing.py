"""Print a set of handouts into a folder: one PDF per handout and paper size, length-checked."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar

from ..build_cache import BuildCache
from ..clinics.settings import Clinic
from .catalog import EDITIONS, PAPER_SIZES
from .jobs import HandoutError, HandoutFile, HandoutSet, PrintJob, RenderedHandout
from .typesetting import fingerprint, print_inputs, typesetter_for

PR_SET_PDEATHSIG = 1  # linux/prctl.h
Item = TypeVar("Item")
Result = TypeVar("Result")


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


@contextmanager
def mapped(
    task: Callable[[Item], Result], items: list[Item], workers: int, processes: bool = False
) -> Iterator[Iterable[Result]]:
    """task's results for items, in order, workers at a time: in threads (Typst lets go of the
    interpreter lock while it typesets), or in fresh processes for long batches, where the
    Python around Typst would otherwise take turns. Processes are spawned, never forked: a
    process that has typeset must not fork, as Typst's own threads would not come along."""
    if workers <= 1 or len(items) <= 1:
        yield map(task, items)
        return
    count = min(workers, len(items))
    pool: Executor = (
        ProcessPoolExecutor(
            count, get_context("spawn"), initializer=start_worker, initargs=(os.getpid(),)
        )
        if processes
        else ThreadPoolExecutor(count)
    )
    with pool:
        try:
            yield pool.map(task, items)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # Ctrl-C: finish what runs, start none


def start_worker(builder: int) -> None:
    """A worker process dies with the builder that started it (killed, it cannot stop its
    workers), and leaves Ctrl-C to it: the terminal sends Ctrl-C to the whole group, the
    builder stops the batch, and the workers finish the clinic they are printing."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with(builder)


def die_with(parent: int) -> None:
    """Have this process killed when its parent process ends: at once on Linux (the kernel's
    parent-death signal), within a second elsewhere (a thread that watches the parent)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before the signal was set
                    os._exit(1)
                return
        except (AttributeError, OSError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="watch-builder", daemon=True).start()


def too_long(job: PrintJob, page_count: int) -> str | None:
    """Why a printed handout breaks its length limit, or None when it fits."""
    limit = job.handout.page_limit(job.edition)
    if limit is None or page_count <= limit:
        return None
    folder = f"docs/{job.translation}/" if job.translation else "docs/"
    fix = f"shorten {folder}{f', {folder}'.join(job.handout.pages)}"
    if job.clinic and job.clinic_notes:
        notes = (
            f"translated_aftercare_notes: {job.translation}:"
            if job.translation
            else "aftercare_notes"
        )
        fix += f" or the {notes} in {job.clinic.source}"
    return (
        f"{job.file_name} prints on {page_count} pages; "
        f"at most {limit} {'page' if limit == 1 else 'pages'} allowed: {fix}"
    )


def typeset(job: PrintJob, template_folder: Path, cache: BuildCache | None) -> RenderedHandout:
    """The job's PDF; printed again without the handout's leave_out_if_too_long sections when
    it is too long with them."""
    printed = typeset_once(job, template_folder, cache)
    shorter = job.handout.shortened()
    if shorter is not None and too_long(job, printed.page_count):
        return typeset_once(replace(job, handout=shorter), template_folder, cache)
    return printed


def typeset_once(job: PrintJob, template_folder: Path, cache: BuildCache | None) -> RenderedHandout:
    """The job's PDF: from the cache when the same inputs printed it before."""
    if cache is None:
        return typesetter_for(template_folder).typeset(job)
    inputs = print_inputs(job)
    key = fingerprint(inputs, template_folder)
    kept = cache.get(key)
    if kept is not None:
        return RenderedHandout(pdf=kept[4:], page_count=int.from_bytes(kept[:4], "big"))
    printed = typesetter_for(template_folder).typeset(job, inputs)
    cache.put(key, printed.page_count.to_bytes(4, "big") + printed.pdf)
    return printed


def write_handouts(
    handout_set: HandoutSet,
    folder: Path,
    clinic: Clinic | None = None,
    workers: int = 1,
    cache: BuildCache | None = None,
) -> list[HandoutFile]:
    """Print every handout in every edition and paper size into folder, workers at a time."""
    jobs = print_jobs(handout_set, clinic)
    task = partial(typeset, template_folder=handout_set.template_folder.resolve(), cache=cache)
    with mapped(task, jobs, workers) as rendered_jobs:
        results = list(rendered_jobs)
    for job, rendered in zip(jobs, results, strict=True):
        problem = too_long(job, rendered.page_count)
        if problem:
            raise HandoutError(problem)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for job, rendered in zip(jobs, results, strict=True):
        (folder / job.file_name).write_bytes(rendered.pdf)
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
