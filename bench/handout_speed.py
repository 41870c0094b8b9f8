"""Benchmark the handouts: render time of each handout, and clinic batches with 1 and 2 workers.

Run with `.venv/bin/python bench/handout_speed.py` after `python3 build.py`. It prints figures and
never fails on a threshold (targets: each handout <= 0.25 s, a 50-clinic batch >= 8 PDFs/s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from patient_guide.clinics.batch import print_batch
from patient_guide.command_line.site_build import build_site, load_configuration
from patient_guide.handouts.events import printed_handouts
from patient_guide.handouts.printing import HandoutSet, print_jobs, renderer_for

PROJECT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def built_handout_set(site_dir: Path) -> HandoutSet:
    """Build the site in-process (neutral handouts included) and return what it printed from."""
    config = load_configuration(PROJECT / "mkdocs.yml", site_dir)
    build_site(config)
    printed = printed_handouts(config)
    assert printed is not None, "the build printed no handouts"
    return printed


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
    renderer = renderer_for(handout_set.template_folder.resolve())
    jobs = print_jobs(handout_set)
    renderer.render(jobs[0])  # warm-up: first use loads fonts
    print(f"{'handout':28} {'median s':>9} {'min s':>7} {'max s':>7} {'pages':>6}")
    for job in jobs:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            rendered = renderer.render(job)
            times.append(time.perf_counter() - started)
        name = job.handout.file_name(job.paper)
        print(
            f"{name:28} {statistics.median(times):9.3f} {min(times):7.3f} {max(times):7.3f} "
            f"{rendered.page_count:6}"
        )


def time_batches(handout_set: HandoutSet, clinics: int, workers: list[int]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        clinic_files = generated_clinics(folder, clinics)
        per_clinic = len(handout_set.handouts) * 2
        print(f"\n{clinics} clinics x {per_clinic} PDFs")
        print(f"{'workers':>7} {'seconds':>8} {'PDFs/s':>7} {'failed':>7}")
        for count in workers:
            output = folder / f"out-{count}"
            started = time.perf_counter()
            outcomes = print_batch(clinic_files, handout_set, output, count)
            elapsed = time.perf_counter() - started
            failed = sum(1 for outcome in outcomes if outcome.error)
            pdfs = sum(outcome.pdf_count for outcome in outcomes)
            print(f"{count:7} {elapsed:8.2f} {pdfs / elapsed:7.2f} {failed:7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="renders per handout (default 5)")
    parser.add_argument("--clinics", type=int, default=50, help="clinics in the batch (default 50)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as site:
        started = time.perf_counter()
        handout_set = built_handout_set(Path(site))
        print(f"site and neutral handouts built in {time.perf_counter() - started:.2f} s\n")
    time_each_handout(handout_set, args.runs)
    time_batches(handout_set, args.clinics, [1, 2])


if __name__ == "__main__":
    main()
