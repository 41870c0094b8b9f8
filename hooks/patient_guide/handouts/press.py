"""A press: prints jobs from one template folder, for one build or one printing worker."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..build_cache import BuildCache, cache_key
from .catalog import Handout
from .jobs import PrintedPage, PrintJob, RenderedHandout
from .print_data import articles_json, job_data, qr_code
from .typesetting import (
    HandoutTypesetter,
    PrintInputs,
    layout_identity,
    template_times,
)


class Press:
    """Prints jobs from one template folder: with a warm Typst compiler per thread, each set of
    pages' blocks and each QR code made once however many clinics print them, and PDFs kept in
    cache when one is given. Made by the build that prints, or by a printing worker: sent to
    a worker process, a press arrives with none of this and warms up there."""

    def __init__(self, template_folder: Path, cache: BuildCache | None = None) -> None:
        self.template_folder = template_folder.resolve()
        self.cache = cache
        self._threads = threading.local()  # each thread's typesetter
        self._articles: dict[tuple[tuple[PrintedPage, ...], Handout], bytes] = {}
        self._qr_codes: dict[str, str] = {}
        self._identities: dict[tuple[tuple[str, int, int], ...], str] = {}
        self._neutral_fits: dict[PrintJob, bool] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"template_folder": self.template_folder, "cache": self.cache}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]  # a fresh press in the worker

    def typesetter(self) -> HandoutTypesetter:
        """This thread's typesetter, made the first time it is asked for."""
        typesetter: HandoutTypesetter | None = getattr(self._threads, "typesetter", None)
        if typesetter is None:
            typesetter = self._threads.typesetter = HandoutTypesetter(self.template_folder)
        return typesetter

    def inputs(self, job: PrintJob) -> PrintInputs:
        """What Typst is given for the job."""
        url = job.pages[0].url
        if url not in self._qr_codes:
            self._qr_codes[url] = qr_code(url)
        pages = (job.pages, job.handout)
        if pages not in self._articles:
            self._articles[pages] = articles_json(*pages).encode()
        job_json = json.dumps(job_data(job, self._qr_codes[url]), sort_keys=True)
        return PrintInputs(job=job_json.encode(), articles=self._articles[pages])

    def layout(self) -> str:
        """The template's files and the versions that print them (see layout_identity), read
        again only when a template file changes (an edit under `mkdocs serve`)."""
        times = template_times(self.template_folder)
        if times not in self._identities:
            self._identities = {times: layout_identity(self.template_folder)}
        return self._identities[times]

    def fingerprint(self, inputs: PrintInputs, layout: str | None = None) -> str:
        """What a job's PDF is made from: two jobs with the same fingerprint print the same
        bytes. layout: self.layout(), when the caller has it already."""
        return cache_key(inputs.job, inputs.articles, layout or self.layout())

    def typeset(self, job: PrintJob, inputs: PrintInputs | None = None) -> RenderedHandout:
        """The job's PDF (inputs: its inputs, when the caller has made them already); printed
        again without the handout's leave_out_if_too_long sections when it is too long with
        them. A clinic's PDF names those sections (left_out) when the clinic's settings take
        their room, that is when the guide's own PDF keeps them."""
        printed = self._typeset_once(job, inputs or self.inputs(job))
        shorter = job.handout.shortened()
        if shorter is None or job.fits(printed.page_count):
            return printed
        shortened = replace(job, handout=shorter)
        printed = self._typeset_once(shortened, self.inputs(shortened))
        if job.clinic is None or not self._fits_without_clinic(job):
            return printed
        left_out = tuple(map(job.section_title, job.handout.leave_out_if_too_long))
        return replace(printed, left_out=left_out)

    def _fits_without_clinic(self, job: PrintJob) -> bool:
        """Whether the guide's own print of the job, without a clinic, fits its page limit."""
        neutral = replace(job, clinic=None)
        if neutral not in self._neutral_fits:
            printed = self._typeset_once(neutral, self.inputs(neutral))
            self._neutral_fits[neutral] = job.fits(printed.page_count)
        return self._neutral_fits[neutral]

    def _typeset_once(self, job: PrintJob, inputs: PrintInputs) -> RenderedHandout:
        """The job's PDF: from the cache when the same inputs printed it before."""
        if self.cache is None:
            return self.typesetter().typeset(job, inputs)
        key = self.fingerprint(inputs)
        kept = self.cache.get(key)
        if kept is not None:
            return RenderedHandout(pdf=kept[4:], page_count=int.from_bytes(kept[:4], "big"))
        printed = self.typesetter().typeset(job, inputs)
        self.cache.put(key, printed.page_count.to_bytes(4, "big") + printed.pdf)
        return printed
