"""Benchmark the handouts: time per printed page, file sizes, clinic batches with 1 and 2 workers.

Run with `.venv/bin/python bench/handout_speed.py` after `python3 build.py`. It prints figures and
never fails on a threshold (targets: at most 5 ms per printed page, every step included, in one
process; a 50-clinic batch in both languages at least 100 PDFs/s on 2 cores; PDFs at most twice
WeasyPrint's size).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from patient_guide.adapters.handout_events import printed_handouts
from patient_guide.adapters.language_events import translation_configs
from patient_guide.adapters.site_build import build_site, load_configuration
from patient_guide.clinic_files.settings import load_clinic
from patient_guide.clinics.batch import print_batch
from patient_guide.handouts.jobs import HandoutSet
from patient_guide.handouts.press import Press
from patient_guide.handouts.printing import print_jobs

PROJECT = Path(__file__).resolve().parent.parent
# What WeasyPrint 70 wrote for the same handouts (regular print, A4), in bytes, on 2026-11-21,
# before Typst replaced it: the anchor for the file-size target.
WEASYPRINT_BYTES = {
    "procedure-a4.pdf": 44830,
    "aftercare-a4.pdf": 37839,
    "faq-a4.pdf": 44627,
    "booklet-a4.pdf": 164802,
}
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def built_handout_sets(site_dir: Path) -> list[HandoutSet]:
    """Build the site in-process (neutral handouts included) and return what each language's
    handouts were printed from, the main language first."""
    config = load_configuration(PROJECT / "mkdocs.yml", site_dir)
    build_site(config)
    printed = [printed_handouts(config)]
    printed += [printed_handouts(edition) for edition in translation_configs(config).values()]
    assert all(printed), "the build printed no handouts"
    return [handout_set for handout_set in printed if handout_set]


def generated_clinics(folder: Path, count: int) -> list[Path]:
    """count clinic files like the example one, each with its own name and phone."""
    shutil.copy(PROJECT / "clinics" / "example-logo.svg", folder / "logo.svg")
    paths = []
    for number in range(1, count + 1):
        path = folder / f"clinic-{number:03}.yml"
        path.write_text(
            f"name: Benchmark Clinic {number}\n"
            f'phone: "+1 555 {number:04}"\n'
            "logo: logo.svg\n"
            "website: https://clinic.example/\n"
        )
        paths.append(path)
    return paths


def time_each_handout(handout_set: HandoutSet, runs: int) -> None:
    """Typeset each handout runs times in this process, one thread, each time for another clinic
    (as a batch does): every step from the job to the packed PDF bytes (the job's data, Typst,
    pikepdf). Typst lays out again what differs between clinics, not the pages."""
    with tempfile.TemporaryDirectory() as scratch:
        clinics = [load_clinic(path) for path in generated_clinics(Path(scratch), runs + 1)]
    press = Press(handout_set.template_folder)
    jobs = print_jobs(handout_set, clinics[0])
    for job in jobs:
        press.typeset(job)  # warm-up: the first use parses the template and lays out the pages
    print(f"{'handout':34} {'median ms':>9} {'pages':>5} {'ms/page':>7} {'KiB':>6} {'vs Weasy':>8}")
    per_page = []
    for job in jobs:
        times = []
        for clinic in clinics[1:]:
            started = time.perf_counter()
            printed = press.typeset(replace(job, clinic=clinic))
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        per_page.append(median / printed.page_count)
        anchor = WEASYPRINT_BYTES.get(job.file_name)
        versus = f"{len(printed.pdf) / anchor:8.2f}" if anchor else f"{'':8}"
        print(
            f"{job.file_name:34} {median * 1000:9.1f} {printed.page_count:5} "
            f"{median * 1000 / printed.page_count:7.1f} {len(printed.pdf) / 1024:6.1f} {versus}"
        )
    print(f"median time per printed page: {statistics.median(per_page) * 1000:.1f} ms "
          "(target at most 5 ms)")  # fmt: skip


def time_batches(handout_sets: list[HandoutSet], clinics: int, workers: list[int]) -> None:
    """Print a batch of clinics in every language, once with each number of workers; then
    once more with nothing changed (every clinic up to date, nothing printed)."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        clinic_files = generated_clinics(folder, clinics)
        per_clinic = sum(len(print_jobs(handout_set)) for handout_set in handout_sets)
        languages = len(handout_sets)
        print(f"\n{clinics} clinics x {per_clinic} PDFs ({languages} languages)")
        print(f"{'workers':>7} {'seconds':>8} {'PDFs/s':>7} {'failed':>7}")
        for count in workers:
            output = folder / f"out-{count}"
            started = time.perf_counter()
            outcomes = print_batch(clinic_files, handout_sets, output, count)
            elapsed = time.perf_counter() - started
            failed = sum(1 for outcome in outcomes if outcome.error)
            pdfs = sum(outcome.pdf_count for outcome in outcomes)
            print(f"{count:7} {elapsed:8.2f} {pdfs / elapsed:7.1f} {failed:7}")
        started = time.perf_counter()
        outcomes = print_batch(clinic_files, handout_sets, output, workers[-1])
        kept = sum(1 for outcome in outcomes if outcome.up_to_date)
        print(f"again, nothing changed: {time.perf_counter() - started:.2f} s, "
              f"{kept} of {clinics} clinics up to date, none printed again")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="renders per handout (default 5)")
    parser.add_argument("--clinics", type=int, default=50, help="clinics in the batch (default 50)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as site:
        started = time.perf_counter()
        handout_sets = built_handout_sets(Path(site))
        print(f"site and neutral handouts built in {time.perf_counter() - started:.2f} s\n")
    time_each_handout(handout_sets[0], args.runs)
    time_batches(handout_sets, args.clinics, [1, 2])


if __name__ == "__main__":
    main()
