"""Publishing is all or nothing, and the same sources always give the same bytes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import (
    PDFS_PER_SET,
    PROJECT,
    copy_project,
    ctrl_c_as_in_a_terminal,
    run_build,
    tree_digest,
)


@pytest.mark.parametrize(
    ("stop", "whole_group"),
    [(signal.SIGINT, False), (signal.SIGTERM, False), (signal.SIGINT, True)],
    ids=["SIGINT", "SIGTERM", "Ctrl-C to the build and its workers"],
)
def test_interrupted_build_keeps_the_previous_site_and_leaves_nothing_behind(
    project_copy: Path, stop: signal.Signals, whole_group: bool
) -> None:
    assert run_build(project_copy, "--no-handouts").returncode == 0
    before = tree_digest(project_copy / "site")
    command = [sys.executable, str(PROJECT / "build.py"), "--config", "mkdocs.yml"]
    build = subprocess.Popen(
        command, cwd=project_copy, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, preexec_fn=ctrl_c_as_in_a_terminal,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    # Wait until the build is writing its new site into a staging folder, then freeze it there
    # (a build takes under a second), so the signal lands while it works.
    while not list(project_copy.glob(".site.building-*/*")):
        assert build.poll() is None, build.communicate()
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.005)
    os.kill(build.pid, signal.SIGSTOP)
    assert list(project_copy.glob(".site.building-*")), "the build ended before it was stopped"
    if whole_group:
        os.killpg(build.pid, stop)  # as a terminal's Ctrl-C does
    else:
        os.kill(build.pid, stop)
    os.kill(build.pid, signal.SIGCONT)
    stdout, stderr = build.communicate(timeout=120)
    assert build.returncode == 128 + stop, stdout + stderr
    assert "build interrupted; the previous site folder is unchanged." in stderr
    assert "Traceback" not in stdout + stderr
    assert tree_digest(project_copy / "site") == before
    hidden = [path.name for path in project_copy.iterdir() if path.name.startswith(".")]
    assert hidden in ([], [".cache"]), hidden  # the build cache may stay; nothing half-built


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for place, epoch in [("first", "1"), ("second/deeper", "1800000000")]:
        project = copy_project(tmp_path / place)
        os.utime(project / "docs" / "faq.md", (0, 0))  # file times must not matter either
        result = subprocess.run(
            [sys.executable, str(PROJECT / "build.py"), "--config", "mkdocs.yml",
             "--clinic", "clinics/example.yml"],
            cwd=project, capture_output=True, text=True, timeout=600,
            env={**os.environ, "SOURCE_DATE_EPOCH": epoch},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        outputs.append({name: tree_digest(project / name) for name in ("site", "clinic-handouts")})
    first, second = outputs
    clinic_pdfs = [name for name in first["clinic-handouts"] if name.endswith(".pdf")]
    assert len(first["site"]) > 50 and len(clinic_pdfs) == 2 * PDFS_PER_SET
    assert first == second, sorted(
        name
        for folder in first
        for name in first[folder]
        if first[folder][name] != second[folder].get(name)
    )
