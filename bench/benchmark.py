"""Benchmark the build against plain MkDocs: site, handouts, clinic batches, page weight, memory.

Run with `.venv/bin/python bench/benchmark.py` (after `python3 build.py` has made .venv). It prints
figures (median, min and max of --runs runs) and never fails on a threshold.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from functools import partial
from pathlib import Path

import yaml
from handout_speed import built_handout_sets, time_batches, time_each_handout
from mkdocs.utils.yaml import yaml_load

PROJECT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

PROJECT_PARTS = ["docs", "overrides", "hooks", "clinics", "mkdocs.yml", "mkdocs.es.yml"]
# Run a command and print the peak memory (RSS, KiB) of its largest process, itself or a worker.
PEAK_RSS = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)"
)


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


def timed_run(command: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds a command takes, and the peak RSS (MiB) of its largest process."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, *command], cwd=cwd, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{result.stderr}")
    return elapsed, int(result.stdout.strip().splitlines()[-1]) // 1024


def summary(times: list[float]) -> str:
    return f"{statistics.median(times):8.2f} {min(times):8.2f} {max(times):8.2f}"


def repeat(runs: int, measure: Callable[[], tuple[float, int]]) -> tuple[list[float], int]:
    """Times of runs measurements, and the highest peak memory among them."""
    results = [measure() for _ in range(runs)]
    return [seconds for seconds, _ in results], max(peak for _, peak in results)


def anchor_config(project: Path) -> Path:
    """The project's mkdocs.yml with its hooks (templating, handouts, languages) switched off."""
    with (project / "mkdocs.yml").open(encoding="utf-8") as stream:
        config = yaml_load(stream)  # as MkDocs reads it, !ENV tags resolved
    config.pop("hooks", None)
    anchor = project / "mkdocs-anchor.yml"
    anchor.write_text(yaml.safe_dump(config, sort_keys=False))
    return anchor


def translation_anchor_config(project: Path, anchor: Path, translation: str) -> Path:
    """A translation's configuration (mkdocs.es.yml) on top of the anchor, without hooks."""
    own = (project / translation).read_text(encoding="utf-8").replace("INHERIT: mkdocs.yml", "")
    config = project / f"mkdocs-anchor-{translation}"
    config.write_text(f"INHERIT: {anchor.name}\n{own}")
    return config


def cold(command: list[str], project: Path) -> tuple[float, int]:
    """A build with nothing kept from an earlier one (no .cache/: a fresh clone, a hosted
    builder)."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    return timed_run(command, project)


def time_builds(runs: int) -> None:
    print(f"{'build':44} {'median s':>8} {'min s':>8} {'max s':>8} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(Path(scratch) / "project")
        anchor = anchor_config(project)
        spanish = translation_anchor_config(project, anchor, "mkdocs.es.yml")
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-d"]
        build = [sys.executable, str(PROJECT / "build.py"), "--config", "mkdocs.yml"]

        def warm(command: list[str]) -> Callable[[], tuple[float, int]]:
            return partial(timed_run, command, project)

        rows: list[tuple[str, Callable[[], tuple[float, int]]]] = [
            ("a. mkdocs build, no hooks: English", warm([*mkdocs, "anchor", "-f", anchor.name])),
            ("   the same: Spanish", warm([*mkdocs, "anchor/es", "-f", spanish.name])),
            ("b. build.py cold (no .cache/): both, 32 PDFs", partial(cold, build, project)),
            ("   build.py warm (a rebuild): the same", warm(build)),
            ("   build.py --no-handouts, warm: site only", warm([*build, "--no-handouts"])),
        ]
        # The rows take turns, run by run, and each ratio is taken within one run: this
        # machine's speed drifts by a tenth or more over minutes, which would otherwise land on
        # whichever row ran while it was slow.
        times: list[list[float]] = [[] for _ in rows]
        peaks = [0] * len(rows)
        for _ in range(runs):
            for row, (_, measure) in enumerate(rows):
                seconds, peak = measure()
                times[row].append(seconds)
                peaks[row] = max(peaks[row], peak)
        for (name, _), row_times, peak in zip(rows, times, peaks, strict=True):
            print(f"{name:44} {summary(row_times)} {peak:9}")
        anchors = [english + spanish for english, spanish in zip(times[0], times[1], strict=True)]
        print(f"a, both languages: {statistics.median(anchors):.2f} s")
        for row, label, target in [(2, "b cold", 2.0), (3, "b warm", 1.2), (4, "site only", 1.5)]:
            ratios = [seconds / anchor for seconds, anchor in zip(times[row], anchors, strict=True)]
            median = statistics.median(ratios)
            print(
                f"ratio {label}/a, each run against its own anchor: median {median:.2f} "
                f"(min {min(ratios):.2f}, max {max(ratios):.2f}; target at most {target})"
            )


def time_clinic_batch_command(clinics: int, jobs: list[int]) -> None:
    """The batch as a clinic runs it, build.py --clinic FOLDER, for its memory."""
    from handout_speed import generated_clinics

    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(Path(scratch) / "project")
        folder = project / "batch"
        folder.mkdir()
        generated_clinics(folder, clinics)
        for count in jobs:
            command = [sys.executable, str(PROJECT / "build.py"), "--config", "mkdocs.yml",
                       "--clinic", "batch", "--jobs", str(count)]  # fmt: skip
            seconds, peak = timed_run(command, project)
            print(
                f"build.py --clinic ({clinics} clinics, {count} workers, site included): "
                f"{seconds:.1f} s, peak {peak} MiB"
            )


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weights(site: Path) -> None:
    """What a browser loads on a first view of each page (HTML, CSS, JS, images), and what
    search adds when a patient first opens it (the index and the workers)."""
    print(f"\n{'first view of':28} {'files':>5} {'raw KiB':>8} {'gzip KiB':>9} {'gzip KB':>8}")
    heaviest = 0
    for html_file in sorted(site.rglob("index.html")):
        html = html_file.read_text(encoding="utf-8")
        loaded = {html_file}
        for reference in re.findall(r'(?:href|src)="([^"#?]+)"', html):
            if reference.endswith((".css", ".js", ".png", ".svg", ".woff2", ".ico")):
                target = (html_file.parent / reference).resolve()
                if target.is_file():
                    loaded.add(target)
        files = [path.read_bytes() for path in loaded]
        raw, packed = sum(map(len, files)), sum(map(gzip_size, files))
        heaviest = max(heaviest, packed)
        name = html_file.parent.relative_to(site).as_posix() if html_file.parent != site else "/"
        print(
            f"{name:28} {len(files):5} {raw / 1024:8.1f} {packed / 1024:9.1f} {packed / 1000:8.1f}"
        )
    print(f"heaviest first view: {heaviest / 1000:.1f} KB gzip (target at most 75 KB)")
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("*.js"))
    for name, paths in [("index", [site / "search" / "search_index.json"]), ("workers", workers)]:
        data = [path.read_bytes() for path in paths]
        raw, packed = sum(map(len, data)), sum(map(gzip_size, data))
        print(f"search {name}, loaded when search is first opened: "
              f"{raw / 1024:.1f} KiB raw, {packed / 1024:.1f} KiB gzip")  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def time_serve_rebuilds(runs: int) -> None:
    """From saving a page to `mkdocs serve` serving the rebuilt page."""
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(Path(scratch) / "project")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.yml",
             "-a", f"127.0.0.1:{port}"],
            cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}/faq/"
        try:
            wait_for(url, "</html>", timeout=120)
            page = project / "docs" / "faq.md"
            original = page.read_text()
            handout = f"http://127.0.0.1:{port}/handouts/faq-a4.pdf"
            times, handout_times = [], []
            for run in range(runs):
                marker = f"Benchmark edit {run} {time.time_ns()}"
                before = fetched(handout)
                started = time.perf_counter()
                page.write_text(f"{original}\n{marker}\n")
                wait_for(url, marker, timeout=60)
                times.append(time.perf_counter() - started)
                while fetched(handout) == before:
                    time.sleep(0.02)
                handout_times.append(time.perf_counter() - started)
                time.sleep(0.5)
            print(f"\nserve: save faq.md -> rebuilt page served {summary(times)} s, "
                  f"its reprinted handout served {summary(handout_times)} s "
                  "(median, min, max)")  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)


def fetched(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        content: bytes = response.read()
        return content


def wait_for(url: str, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8", "replace"):
                    return
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit(f"{url} did not show {text!r} within {timeout} s")


def scaled_project(target: Path, factor: int) -> Path:
    """The project with each patient page copied factor - 1 times (own title and nav entry), in
    every language (a translation must have every page)."""
    project = copy_project(target)
    for docs, config_name, last_entry in (
        ("docs", "mkdocs.yml", "  - Sources: sources.md\n"),
        ("docs/es", "mkdocs.es.yml", "  - Fuentes: sources.md\n"),
    ):
        extra_nav = []
        for page in sorted((project / docs).glob("*.md")):
            if page.name in {"index.md", "sources.md", "handouts.md"}:
                continue
            text = page.read_text()
            for copy in range(2, factor + 1):
                name = f"{page.stem}-{copy}.md"
                copied = re.sub(r"^title: (.*)$", rf"title: \1 ({copy})", text, count=1, flags=re.M)
                (project / docs / name).write_text(copied)
                extra_nav.append(f"  - {name}\n")
        config_file = project / config_name
        config = config_file.read_text()
        assert last_entry in config, f"{config_name} no longer ends its nav with {last_entry!r}"
        config_file.write_text(config.replace(last_entry, last_entry + "".join(extra_nav)))
    return project


def time_scale(runs: int, factors: list[int]) -> None:
    print(f"\n{'scale (site only, both)':24} {'pages':>6} {'median s':>8} {'min s':>8} "
          f"{'max s':>8} {'peak MiB':>9} {'s/page':>7}")  # fmt: skip
    for factor in factors:
        with tempfile.TemporaryDirectory() as scratch:
            project = scaled_project(Path(scratch) / "project", factor)
            pages = sum(len(list((project / docs).glob("*.md"))) for docs in ("docs", "docs/es"))
            command = [sys.executable, str(PROJECT / "build.py"), "--config", "mkdocs.yml",
                       "--no-handouts"]  # fmt: skip
            times, peak = repeat(runs, partial(timed_run, command, project))
            print(f"{f'{factor}x':24} {pages:6} {summary(times)} {peak:9} "
                  f"{statistics.median(times) / pages:7.3f}")  # fmt: skip


def machine() -> str:
    """The machine the figures were measured on, and when."""
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), "unknown CPU",
    ) if Path("/proc/cpuinfo").exists() else platform.processor()  # fmt: skip
    system = platform.freedesktop_os_release().get("PRETTY_NAME", platform.platform())
    return (
        f"{time.strftime('%Y-%m-%d')}: {system}, {os.cpu_count()} cores ({model}), "
        f"Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each measure (default 5)")
    parser.add_argument("--clinics", type=int, default=50, help="clinics in the batch (default 50)")
    args = parser.parse_args()
    print(f"{machine()}\n")
    time_builds(args.runs)
    with tempfile.TemporaryDirectory() as site:
        handout_sets = built_handout_sets(Path(site))
        print()
        time_each_handout(handout_sets[0], args.runs)
        page_weights(Path(site))
    time_batches(handout_sets, args.clinics, [1, 2])
    time_clinic_batch_command(args.clinics, [2])
    time_serve_rebuilds(args.runs)
    time_scale(args.runs, [1, 10, 40])


if __name__ == "__main__":
    main()
