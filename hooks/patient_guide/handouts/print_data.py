"""The data a handout prints from, as the template reads it: the job (handout, paper, clinic,
day grid) and the pages' blocks, with what paper leaves out or prints once."""

from __future__ import annotations

import json
from typing import Any

import segno

from ..addresses import short_url
from ..dates import long_date
from ..pages.day_grid import NEUTRAL, Timings, day_grid
from .catalog import PAPER_SIZES, Handout
from .jobs import HandoutError, PrintedPage, PrintJob
from .points_once import points_once, varies_once
from .template_inputs import ClinicInputs, GridInputs, GridRowInputs, JobInputs


def job_data(job: PrintJob, qr_code_svg: str) -> JobInputs:
    """Everything the template prints apart from the pages' blocks, as JSON data; qr_code_svg is
    the QR code of the first page's address (made once per page: see qr_code)."""
    first = job.pages[0]
    reviewed = min(page.reviewed for page in job.pages)
    return {
        "title": job.handout.title,
        "description": first.description,
        # The guide's name for every clinic: the author is a style in Typst, and a style that
        # differs lays everything out again. A clinic's name is put in after (typesetting.packed).
        "author": job.site_name,
        "keywords": [word.strip() for word in job.labels["handout"]["keywords"].split(",")],
        "labels": job.labels["handout"],
        "grid_labels": job.labels["grid"],
        "lang": first.language,
        "paper": PAPER_SIZES[job.paper],
        "large": job.edition == "large-print",
        # Sections moved up to fill the first page when its first section cannot start there.
        "first_sections": job.handout.fill_first_page,
        "site_name": job.site_name,
        "reviewed": {
            "year": reviewed.year,
            "month": reviewed.month,
            "day": reviewed.day,
            "text": long_date(reviewed, first.language),
        },
        "web_url": first.url,
        "short_url": short_url(first.url),
        "qr_code": qr_code_svg,
        "clinic": clinic_data(job),
        "grid": grid_data(job),
        "page_urls": [page.url for page in job.pages],  # a link to one of them gives its page
        "notes_after": next(
            (n for n, page in enumerate(job.pages) if page.source == job.handout.clinic_notes), -1
        ),
    }


def articles_json(pages: tuple[PrintedPage, ...], handout: Handout) -> str:
    """The pages' blocks as the handout prints them (the same for every clinic)."""
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


def qr_code(url: str) -> str:
    """The QR code of a page's address, as SVG text."""
    try:
        return str(segno.make_qr(url, error="m").svg_inline(border=0, omitsize=True))
    except segno.DataOverflowError:
        raise HandoutError(
            f"mkdocs.yml: site_url makes a page's address {len(url)} characters long, more than "
            "a QR code holds; use a shorter site_url"
        ) from None


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
    last_days = {
        "sun_days": timings.sun_days,
        "makeup_days": timings.no_makeup_days,
        "retinoid_days": timings.no_retinoid_days,
        "scrub_days": timings.no_scrub_days,
    }
    for key, last_day in last_days.items():
        if last_day is not None:
            printed[key] = words["until_day_session"].format(day=last_day)
    if all(days is not None for days in last_days.values()):
        printed["checklist_days"] = words["until_checklist"]  # its grid gives each its day
    return printed


def clinic_data(job: PrintJob) -> ClinicInputs | None:
    """The clinic's details as printed text, its logo as SVG text."""
    clinic = job.clinic
    if clinic is None:
        return None
    timings = job_timings(job)
    return {
        "timing_words": timing_words(timings, job.labels["grid"]),
        "own_timings": timings.sets_any_timing,
        "warning_signs": list(timings.warning_signs),
        "name": clinic.name,
        "phone": clinic.phone,
        "after_hours_phone": clinic.after_hours_phone,
        "address": clinic.address,
        "website": clinic.website,
        "logo": clinic.logo_svg,  # checked when the clinic file was read
        "notes": list(job.clinic_notes),
    }
