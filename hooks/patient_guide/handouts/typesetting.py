"""Typeset a print job into a tagged PDF/UA-1 with Typst: the job goes in as data, never markup.

One compiler per thread and template folder: the fonts and the template are read once. Typst
reads no file outside the template folder, and no system font: the typeface comes from the lock.
"""

from __future__ import annotations

import datetime
import functools
import io
import json
import os
import re
import threading
from importlib.metadata import version
from pathlib import Path
from typing import Any, Literal

import segno
import typst

from ..addresses import short_url
from ..build_cache import cache_key
from ..dates import long_date
from ..pages.day_grid import NEUTRAL, Timings, day_grid
from ..typeface import TYPEFACE_FOLDER
from .catalog import PAPER_SIZES, Handout
from .jobs import HandoutError, PrintedPage, PrintJob, RenderedHandout, TypesettingError
from .points_once import points_once, varies_once
from .template_inputs import ClinicInputs, GridInputs, GridRowInputs, JobInputs

TEMPLATE = "handout.typ"
PDF_STANDARD: Literal["ua-1"] = "ua-1"
TEMPLATE_PLACE = re.compile(r"([\w./-]+\.typ):(\d+):\d+")
# A Typst package ("@preview/name:1.0.0") is downloaded when first used: the build never fetches.
PACKAGE_SPEC = re.compile(r"\"@[\w-]+/|\\u\{40\}")
NO_PACKAGES = "no-packages"  # a folder that does not exist, where Typst may look for packages
IMPORT_OR_INCLUDE = re.compile(r"\b(?:import|include)\b")
LOCAL_FILE = re.compile(r"\s+\"[\w.-]+\.typ\"")  # a file beside the template, by its name


def job_data(job: PrintJob) -> JobInputs:
    """Everything the template prints, as JSON data."""
    first = job.pages[0]
    reviewed = min(page.reviewed for page in job.pages)
    clinic = job.clinic
    return {
        "title": job.handout.title,
        "description": first.description,
        "author": clinic.name if clinic else job.site_name,
        "keywords": [word.strip() for word in job.labels["handout"]["keywords"].split(",")],
        "labels": job.labels["handout"],
        "grid_labels": job.labels["grid"],
        "lang": first.language,
        "paper": PAPER_SIZES[job.paper],
        "large": job.edition == "large-print",
        # Sections large print moves up to the first page when they fit there.
        "first_sections": job.handout.large_print_first if job.edition == "large-print" else (),
        "site_name": job.site_name,
        "reviewed": {
            "year": reviewed.year,
            "month": reviewed.month,
            "day": reviewed.day,
            "text": long_date(reviewed, first.language),
        },
        "web_url": first.url,
        "short_url": short_url(first.url),
        "qr_code": qr_code(first.url),
        "clinic": clinic_data(job),
        "grid": grid_data(job),
        "page_urls": [page.url for page in job.pages],  # a link to one of them gives its page
        "notes_after": next(
            (n for n, page in enumerate(job.pages) if page.source == job.handout.clinic_notes), -1
        ),
    }


@functools.lru_cache(maxsize=64)
def articles_json(pages: tuple[PrintedPage, ...], handout: Handout) -> str:
    """The pages' blocks as the handout prints them: made once for a set of pages, however many
    clinics print them."""
    kept = [
        left_out(page.blocks, handout.leave_out_boxes, handout.leave_out_sections) for page in pages
    ]
    return json.dumps(varies_once(points_once(printed_once(kept)), handout.advice_varies))


def left_out(
    blocks: list[dict[str, Any]], boxes: tuple[str, ...], sections: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The blocks less the boxes of the given kinds and the sections with the given ids (a
    section: its heading and all under it, to the next heading of its level or above)."""
    kept: list[dict[str, Any]] = []
    skipping: int | None = None  # the level of the heading being left out
    for block in blocks:
        if block["kind"] == "heading":
            if skipping is not None and block["level"] <= skipping:
                skipping = None
            if skipping is None and block.get("id") in sections:
                skipping = block["level"]
        if skipping is None and not (block["kind"] == "box" and block["variant"] in boxes):
            kept.append(block)
    return kept


def printed_once(articles: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """The articles with each box printed once: a booklet of several pages repeats its "Call your
    clinic if" box on every page, and paper needs it once. It prints in full where it last
    appears (after a session, in the aftercare part, where a patient needs it), and each earlier
    copy becomes a line pointing to that page; a heading left with nothing under it goes."""
    identities = [[_box_identity(block) for block in blocks] for blocks in articles]
    last = {
        identity: (article, index)
        for article, found in enumerate(identities)
        for index, identity in enumerate(found)
        if identity is not None
    }
    numbers = {identity: number for number, identity in enumerate(last)}
    kept = []
    for article_number, blocks in enumerate(articles):
        article = []
        for index, block in enumerate(blocks):
            identity = identities[article_number][index]
            if identity is None:
                article.append(block)
            elif last[identity] == (article_number, index):
                article.append({**block, "number": numbers[identity]})
            elif block["title"]:
                article.append(pointer_to(block, numbers[identity]))
        kept.append([block for number, block in enumerate(article) if not empty(article, number)])
    return kept


def _box_identity(block: dict[str, Any]) -> str | None:
    """A box's content as a key (two copies of a box are the same box), or None for no box."""
    return json.dumps(block, sort_keys=True) if block["kind"] == "box" else None


def pointer_to(box: dict[str, Any], number: int) -> dict[str, Any]:
    """A line that stands for a later copy of a box: 'See "Call your clinic if" (page 5).'"""
    return {"kind": "box-pointer", "title": box["title"], "variant": box["variant"], "box": number}


def empty(blocks: list[dict[str, Any]], number: int) -> bool:
    """True for a heading with nothing under it before the next heading of its level or above."""
    block = blocks[number]
    if block["kind"] != "heading":
        return False
    following = blocks[number + 1] if number + 1 < len(blocks) else None
    return following is None or (
        following["kind"] == "heading" and following["level"] <= block["level"]
    )


@functools.lru_cache(maxsize=64)
def qr_code(url: str) -> str:
    """The QR code of a page's address, as SVG text: made once per page, not once per clinic."""
    try:
        return str(segno.make_qr(url, error="m").svg_inline(border=0, omitsize=True))
    except segno.DataOverflowError:
        raise HandoutError(
            f"mkdocs.yml: site_url makes a page's address {len(url)} characters long, more than "
            "a QR code holds; use a shorter site_url"
        ) from None


def print_inputs(job: PrintJob) -> dict[str, str]:
    """What Typst is given for a job (sys.inputs): the job's data and its pages' blocks."""
    return {
        "job": json.dumps(job_data(job), sort_keys=True),
        "articles": articles_json(job.pages, job.handout),
    }


def fingerprint(inputs: dict[str, str], template_folder: Path) -> str:
    """What a job's PDF is made from: its inputs, the template, Typst, the typeface, the packing.
    Two jobs with the same fingerprint print the same bytes."""
    templates = tuple(
        (path.name, path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(template_folder.glob("*.typ"))
    )
    return cache_key(
        inputs["job"], inputs["articles"], _layout_identity(templates, template_folder)
    )


@functools.lru_cache(maxsize=8)
def _layout_identity(templates: tuple[tuple[str, int, int], ...], template_folder: Path) -> str:
    """The template files' contents and the versions that typeset and pack them, read once per
    version of the templates (an edit under `mkdocs serve` changes their times)."""
    return cache_key(
        *(template_folder.joinpath(name).read_bytes() for name, _time, _size in templates),
        version("typst"),
        version("fontpkg-atkinson-hyperlegible"),
        version("pikepdf"),
        Path(__file__).read_bytes(),  # how the data is made and the PDF packed
    )


def job_timings(job: PrintJob) -> Timings:
    """The timings the job prints: its clinic's, in the handout's language, or none set."""
    return job.clinic.timings.for_grid(job.translation) if job.clinic else NEUTRAL


def grid_data(job: PrintJob) -> GridInputs | None:
    """The aftercare day grid as the job prints it (None without rules)."""
    if not job.rules:
        return None
    grid = day_grid(job.rules, job_timings(job), job.labels["grid"], paper=True)
    rows = [
        GridRowInputs(
            kind=row.rule.kind,
            words=row.words,
            short=row.rule.short or row.words,
            svg=row.rule.picture_svg,
            alt=row.rule.alt,
            days=list(row.days),
            after=row.after,
            last_day=row.last_day,
            in_hours=row.in_hours,
        )
        for row in grid.rows
    ]
    return GridInputs(days=grid.days, rows=rows)


def timing_words(timings: Timings, words: dict[str, str]) -> dict[str, str]:
    """What a clinic's handouts print where a page names a timing it sets ({{ timing() }})."""
    printed = {}
    if timings.hard_exercise_hours is not None:
        printed["exercise"] = words["exercise_clinic"].format(hours=timings.hard_exercise_hours)
    if timings.call_if_red_on_day is not None:
        day = timings.call_if_red_on_day
        printed["redness"] = (
            words["redness_clinic_one"] if day == 2 else words["redness_clinic"].format(day=day)
        )
    if timings.spf is not None:
        printed["spf"] = words["spf_clinic"].format(spf=timings.spf)
    return printed


def clinic_data(job: PrintJob) -> ClinicInputs | None:
    """The clinic's details as printed text, its logo as SVG text."""
    clinic = job.clinic
    if clinic is None:
        return None
    timings = job_timings(job)
    return {
        "timing_words": timing_words(timings, job.labels["grid"]),
        "warning_signs": list(timings.warning_signs),
        "name": clinic.name,
        "phone": clinic.phone,
        "after_hours_phone": clinic.after_hours_phone,
        "address": clinic.address,
        "website": clinic.website,
        "logo": clinic.logo_svg,  # checked when the clinic file was read
        "notes": list(job.clinic_notes),
    }


def _epoch_seconds(day: datetime.date) -> int:
    """The review date as the PDF's creation time, so a rebuild writes the same bytes."""
    return int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp())


class HandoutTypesetter:
    """Typesets print jobs with one Typst compiler, made once."""

    def __init__(self, template_folder: Path) -> None:
        self.template_folder = template_folder.resolve()
        refuse_packages(self.template_folder)
        nowhere = str(self.template_folder / NO_PACKAGES)  # no package is looked for elsewhere
        self.compiler = typst.Compiler(
            str(self.template_folder / TEMPLATE),
            root=str(self.template_folder),
            font_paths=[str(TYPEFACE_FOLDER)],
            ignore_system_fonts=True,
            package_path=nowhere,
            package_cache_path=nowhere,
        )

    def typeset(self, job: PrintJob, inputs: dict[str, str] | None = None) -> RenderedHandout:
        """The job's PDF, object streams packed; any Typst warning fails the handout. inputs are
        the job's print_inputs, when the caller has made them already."""
        reviewed = min(page.reviewed for page in job.pages)
        try:
            pdf, warnings = self.compiler.compile_with_warnings(
                format="pdf",
                sys_inputs=inputs or print_inputs(job),
                pdf_standards=[PDF_STANDARD],
                timestamp=_epoch_seconds(reviewed),
            )
        except typst.TypstError as error:
            raise TypesettingError(
                f"{job.file_name}: {self._explained(error)}", str(error.message).rstrip(".")
            ) from None
        if warnings:
            raise TypesettingError(
                f"{job.file_name}: {self._explained(warnings[0])}",
                str(warnings[0].message).rstrip("."),
            )
        assert isinstance(pdf, bytes)
        return packed(pdf)

    def _explained(self, problem: typst.TypstError | typst.TypstWarning) -> str:
        """Typst's message with the template's file and line, in one line."""
        message = str(problem.message).rstrip(".")
        place = TEMPLATE_PLACE.search(str(problem.diagnostic))
        if place:
            path = os.path.relpath(self.template_folder / Path(place[1]).name)
            return f"{path}:{place[2]}: {message}; fix the handout template"
        return f"{message}; fix the handout template"


def refuse_packages(template_folder: Path) -> None:
    """Refuse a handout template that imports or includes anything but a file of its own folder
    named in plain words: a package ("@preview/...", however the name is put together) would be
    downloaded, or read from outside the folder."""
    for path in sorted(template_folder.glob("*.typ")):
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines, start=1):
            uses = [found.end() for found in IMPORT_OR_INCLUDE.finditer(line)]
            if PACKAGE_SPEC.search(line) or any(not LOCAL_FILE.match(line, end) for end in uses):
                raise HandoutError(
                    f"{os.path.relpath(path)}:{number}: the template imports or includes "
                    "something other than a file of its own folder by name (a package would be "
                    "downloaded, a path could reach outside the folder); the build fetches "
                    "nothing, so copy what you need into overrides/handout/ and import it by "
                    'its file name, e.g. #import "parts.typ"'
                )


def packed(pdf: bytes) -> RenderedHandout:
    """The PDF rewritten with object streams (Typst writes its structure tree one object at a
    time, which makes files 3 to 4 times larger), with an ID made from its content."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        output = io.BytesIO()
        document.save(
            output,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            deterministic_id=True,
        )
        return RenderedHandout(pdf=output.getvalue(), page_count=len(document.pages))


_per_thread = threading.local()


def typesetter_for(template_folder: Path) -> HandoutTypesetter:
    """One typesetter per thread and template folder, made the first time it is asked for."""
    typesetters: dict[Path, HandoutTypesetter] = _per_thread.__dict__.setdefault("typesetters", {})
    if template_folder not in typesetters:
        typesetters[template_folder] = HandoutTypesetter(template_folder)
    return typesetters[template_folder]
