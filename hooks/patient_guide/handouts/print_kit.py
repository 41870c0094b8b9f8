"""The print kit: what the clinic page prints a clinic's handouts from in the browser, written
beside the handouts. The template and the typeface, and for each handout the same two files
Typst reads when the build prints it (job.json with no clinic, articles.json); the page puts
the clinic's details into the job and compiles with the same template."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..build_cache import cache_key
from ..clinic_files.settings import SCHEMA_FILE, clinic_schema
from ..pages.day_grid import IN_HOURS, MIN_DAYS
from ..typeface import TYPEFACE_FOLDER, printable_characters
from .jobs import HandoutSet, PrintJob
from .press import Press
from .printing import print_jobs
from .typesetting import TEMPLATE

KIT_FOLDER = "kit"  # inside the handouts folder
INDEX = "index.json"
PRINTABLE = "printable.json"  # the characters the typeface draws, as [first, last] code points
RULES = "rules.json"  # the aftercare day grid's rules, for a clinic's own timings
FONTS_FOLDER = "fonts"
# The printer, from node_modules: the compiler (Typst in WebAssembly) and the YAML reader that
# loads a clinic file back into the form; only the files the browser loads.
TYPST_PACKAGE = "@myriaddreamin/typst-ts-web-compiler/pkg/"
RENDERER_PACKAGE = "@myriaddreamin/typst-ts-renderer/pkg/"  # draws the first page's preview
COMPILER_FILES = {  # file in node_modules -> name in the kit (.js: every host serves it as such)
    f"{TYPST_PACKAGE}typst_ts_web_compiler.mjs": "typst_ts_web_compiler.js",
    f"{TYPST_PACKAGE}typst_ts_web_compiler_bg.wasm": "typst_ts_web_compiler_bg.wasm",
    f"{RENDERER_PACKAGE}typst_ts_renderer.mjs": "typst_ts_renderer.js",
    f"{RENDERER_PACKAGE}typst_ts_renderer_bg.wasm": "typst_ts_renderer_bg.wasm",
    "js-yaml/dist/js-yaml.mjs": "js-yaml.js",
}
COMPILER_FOLDER = "typst"


def write_print_kit(handout_set: HandoutSet, press: Press, folder: Path) -> None:
    """Write the kit for every handout of the set into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(handout_set.template_folder / TEMPLATE, folder / TEMPLATE)
    # The form checks what a clinic types with the rules the batch checks a clinic file with.
    (folder / SCHEMA_FILE).write_text(json.dumps(clinic_schema(), ensure_ascii=False))
    (folder / PRINTABLE).write_text(json.dumps(code_point_runs(printable_characters())))
    # The grid's rules: the page makes a clinic's grid from its timings as day_grid does.
    rules = [dataclasses.asdict(rule) for rule in handout_set.rules]
    grid_rules = {"min_days": MIN_DAYS, "in_hours": IN_HOURS, "rules": rules}
    (folder / RULES).write_text(json.dumps(grid_rules, ensure_ascii=False), encoding="utf-8")
    fonts = sorted(TYPEFACE_FOLDER.glob("*.ttf"))
    (folder / FONTS_FOLDER).mkdir(exist_ok=True)
    for font in fonts:
        shutil.copyfile(font, folder / FONTS_FOLDER / font.name)
    articles: dict[bytes, str] = {}
    entries = []
    reviewed = []
    for job in print_jobs(handout_set):
        reviewed += [page.reviewed for page in job.pages]
        prints = []
        for variant in _variants(job):
            inputs = press.inputs(variant)
            name = f"articles-{cache_key(inputs.articles)[:16]}.json"
            name = articles.setdefault(inputs.articles, name)
            job_file = f"{variant.file_name.removesuffix('.pdf')}{_suffix(variant, job)}.json"
            (folder / job_file).write_bytes(inputs.job)
            prints.append({"job": job_file, "articles": name})
        entries.append(_entry(job, prints))
    for text, name in articles.items():
        (folder / name).write_bytes(text)
    index = {
        "language": handout_set.pages[next(iter(handout_set.pages))].language,
        "reviewed": max(reviewed).isoformat() if reviewed else None,
        "template": TEMPLATE,
        "fonts": [f"{FONTS_FOLDER}/{font.name}" for font in fonts],
        "handouts": entries,
    }
    (folder / INDEX).write_text(json.dumps(index, indent=1), encoding="utf-8")


def code_point_runs(characters: frozenset[str]) -> list[list[int]]:
    """The characters as runs of consecutive code points, [first, last] each."""
    runs: list[list[int]] = []
    for point in sorted(map(ord, characters)):
        if runs and runs[-1][1] == point - 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return runs


def _variants(job: PrintJob) -> list[PrintJob]:
    """The job, then the job without its leave_out_if_too_long sections where it has them (the
    page prints that when a clinic's notes make the first too long, as the build does)."""
    shorter = job.handout.shortened()
    return [job] if shorter is None else [job, replace(job, handout=shorter)]


def _suffix(variant: PrintJob, job: PrintJob) -> str:
    return "" if variant is job else "-shortened"


def _entry(job: PrintJob, prints: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "file": job.file_name,
        "handout": job.handout.slug,
        "title": job.handout.title,
        "paper": job.paper,
        "edition": job.edition,
        "page_limit": job.handout.page_limit(job.edition),
        "prints_clinic_notes": bool(job.handout.clinic_notes),
        "prints": prints,
    }


def write_compiler(project: Path, folder: Path) -> bool:
    """Copy the in-browser compiler from the project's node_modules into folder; False when it
    is not installed (build.py installs it; a plain `mkdocs build` may run without)."""
    package = project / "node_modules"
    if not all((package / source).is_file() for source in COMPILER_FILES):
        return False
    target = folder / COMPILER_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for source, name in COMPILER_FILES.items():
        linked_or_copied(package / source, target / name)
    return True


def linked_or_copied(source: Path, target: Path) -> None:
    """target as a hard link to source (31 MB written by every build otherwise), or a copy where
    the two are on different file systems."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
