"""The offline copy's zip: written whole, and what a stopped build left of it removed."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from patient_guide.output_folders import alive
from patient_guide.site.offline_copy import write_site_zip


def a_pid_no_process_has() -> int:
    return next(pid for pid in range(4_000_000, 4_100_000) if not alive(pid))


def test_a_zip_left_part_written_by_a_stopped_build_is_removed_and_a_running_ones_kept(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    (site / "faq").mkdir(parents=True)
    (site / "faq" / "index.html").write_text("<p>Does it hurt?</p>")
    target = tmp_path / "site-offline.zip"
    stopped = tmp_path / f".site-offline.zip.writing-{a_pid_no_process_has()}"
    running = tmp_path / f".site-offline.zip.writing-{os.getppid()}"  # the test's parent runs
    for left in (stopped, running):
        left.write_bytes(b"PK\x03\x04 half a zip")
    write_site_zip(site, target, "site")
    assert not stopped.exists() and running.exists()
    with zipfile.ZipFile(target) as archive:
        assert archive.read("site/faq/index.html") == b"<p>Does it hurt?</p>"
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["site", "site-offline.zip", running.name]
    )
