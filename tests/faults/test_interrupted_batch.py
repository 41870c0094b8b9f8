"""Ctrl-C in a clinic batch, as a terminal sends it (SIGINT to the whole process group), at
moments from the workers' first instant on: the builder stops at once, no worker lives on, each
clinic's folder is its old one or a whole new one, nothing is left beside them, and the last
line says what is true (the site was replaced; the handouts were not all printed)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest

from patient_guide.worker_processes import WorkerStopped, mapped
from tests.conftest import PROJECT, copy_project, ctrl_c_as_in_a_terminal
from tests.faults.test_killed_builds import digest

pytestmark = pytest.mark.faults

CLINICS = 12  # about 4 s of printing at 100 PDFs a second: longer than the longest delay
STOP_WITHIN_SECONDS = 20  # the builder kills its workers; waiting for them takes far less


def children(pid: int) -> list[int]:
    """The processes whose parent is pid."""
    found = []
    for process in Path("/proc").iterdir():
        try:
            if process.name.isdigit():
                stat = (process / "stat").read_text()
                if int(stat.rpartition(")")[2].split()[1]) == pid:
                    found.append(int(process.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def group_members(group: int) -> list[int]:
    """The living processes of a process group (zombies do not count)."""
    found = []
    for process in Path("/proc").iterdir():
        try:
            if process.name.isdigit():
                fields = (process / "stat").read_text().rpartition(")")[2].split()
                if int(fields[3]) == group and fields[0] not in {"Z", "X"}:
                    found.append(int(process.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy with a folder of clinic files, built and printed once."""
    project = copy_project(tmp_path_factory.mktemp("interrupted") / "project")
    folder = project / "batch"
    folder.mkdir()
    example = (PROJECT / "clinics" / "example.yml").read_text()
    shutil.copy(PROJECT / "clinics" / "example-logo.svg", folder)
    for number in range(CLINICS):
        (folder / f"clinic-{number}.yml").write_text(
            example.replace("Fernhill Skin Clinic", f"Clinic {number}")
        )
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--config", "mkdocs.yml",
         "--clinic", "batch", "--jobs", "2"],
        cwd=project, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return project


def interrupted_batch(project: Path, delay: float) -> tuple[int | None, str]:
    """Start a batch, send Ctrl-C to its group delay seconds after its first worker appears;
    the exit status (None: still running STOP_WITHIN_SECONDS later) and what it said."""
    builder = subprocess.Popen(  # --force: the clinics are up to date, printed by the fixture
        [sys.executable, str(PROJECT / "build.py"), "--config", "mkdocs.yml",
         "--clinic", "batch", "--jobs", "2", "--force"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=ctrl_c_as_in_a_terminal,
    )  # fmt: skip
    try:
        assert builder.stdout is not None and builder.stderr is not None
        said = b""
        while b"print clinic handouts" not in said:
            chunk = os.read(builder.stdout.fileno(), 4096)
            assert chunk, f"the build ended before printing: {builder.wait()}"
            said += chunk
        deadline = time.monotonic() + 30
        while not children(builder.pid):
            assert time.monotonic() < deadline, "no worker process was started"
            time.sleep(0.001)
        time.sleep(delay)
        os.killpg(builder.pid, signal.SIGINT)
        try:
            code = builder.wait(STOP_WITHIN_SECONDS)
        except subprocess.TimeoutExpired:
            return None, ""  # the group is killed below
        deadline = time.monotonic() + 5
        while group_members(builder.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        living = group_members(builder.pid)
        assert not living, f"processes of the stopped build live on: {living}"
        return code, builder.stderr.read().decode()
    finally:
        if builder.returncode is None or group_members(builder.pid):
            os.killpg(builder.pid, signal.SIGKILL)
            builder.wait()


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2, 0.5, 1.0, 2.0])
def test_ctrl_c_in_a_clinic_batch_stops_it_at_once_and_loses_nothing(
    batch: Path, delay: float
) -> None:
    outputs = batch / "clinic-handouts"
    before = {folder.name: digest(folder) for folder in outputs.iterdir()}
    site = digest(batch / "site")
    code, said = interrupted_batch(batch, delay)
    assert code is not None, f"the build did not stop within {STOP_WITHIN_SECONDS} s of Ctrl-C"
    assert code == 130, said
    assert "Traceback" not in said, said
    assert said.rstrip().endswith(
        "build interrupted. The site was built and replaced in site/, but the clinic handouts "
        "were not all printed: each clinic's folder in clinic-handouts/ is its previous one or "
        "a whole new one."
    ), said
    assert digest(batch / "site") == site  # reproducible: the new site is the same
    assert sorted(entry.name for entry in outputs.iterdir()) == sorted(before)  # no leftovers
    for name, files in before.items():
        assert digest(outputs / name) == files, f"{name} is not the old folder nor a whole new one"


def tenfold(item: int, payload: bytes = b"") -> int:
    """A task for worker processes: item * 10; item 3 ends its worker, item 4 fails."""
    if item == 3:
        os._exit(3)  # as the kernel's out-of-memory killer would end it, without a word
    if item == 4:
        raise ValueError(f"no {item}")
    return item * 10


def test_worker_processes_answer_in_order_and_a_dead_worker_is_an_error_not_a_wait() -> None:
    big = partial(tenfold, payload=b"x" * (16 << 20))  # more than a pipe holds: sent in parts
    with mapped(big, [0, 1, 2, 5, 6, 7], 3, processes=True) as results:
        assert list(results) == [0, 10, 20, 50, 60, 70]
    started = time.monotonic()
    stopped = pytest.raises(WorkerStopped, match="a printing worker process ended with status 3")
    with stopped, mapped(big, [0, 1, 2, 3, 5, 6, 7, 8], 2, processes=True) as results:
        list(results)
    assert time.monotonic() - started < STOP_WITHIN_SECONDS
    failed = pytest.raises(ValueError, match="no 4")  # the task's own error, as in the builder
    with failed, mapped(big, [0, 4, 5], 2, processes=True) as results:
        list(results)
