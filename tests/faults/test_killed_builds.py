"""Builds killed with SIGKILL at every moment they change a folder (each rename, swap, removal,
mark and handout written, in the builder and in its printing workers), and builds racing:
every folder is then the old one or the new one, no process lives on, and the next build
cleans up what was left and says so."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PROJECT, copy_project

pytestmark = pytest.mark.faults

KILL_POINTS = Path(__file__).with_name("kill_points.py")
OLD = "this-is-the-old-folder.txt"  # put into each output before a killed build
LEFT_BY_A_STOPPED_BUILD = ", left by a build that was stopped"


@dataclass
class Project:
    """A project copy with its site and clinic handouts built once, and a way to run builds
    that die at a chosen moment."""

    root: Path
    sitecustomize: Path
    arguments: tuple[str, ...]

    def build(self, kill_at: int = 0, tag: str = "run") -> tuple[int, str, list[str]]:
        """Run build.py; kill_at > 0 kills it at that moment. Exit status, stderr, moments."""
        counter = self.root.parent / f"moments-{tag}-{kill_at}"
        counter.unlink(missing_ok=True)
        path = [str(self.sitecustomize), *filter(None, [os.environ.get("PYTHONPATH")])]
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(path),
            "KILL_POINTS_COUNTER": str(counter),
            "KILL_AT": str(kill_at),
        }
        command = [sys.executable, str(PROJECT / "build.py"), *self.arguments]
        result = subprocess.run(
            command, cwd=self.root, env=environment, capture_output=True, text=True, timeout=600
        )
        assert_no_process_lives_on(counter)
        moments = counter.read_text().splitlines() if counter.exists() else []
        return result.returncode, result.stdout + result.stderr, moments

    def outputs(self) -> list[Path]:
        """The site and each clinic's folder."""
        clinics = self.root / "clinic-handouts"
        return [self.root / "site", *sorted(clinics.iterdir() if clinics.exists() else [])]

    def leftovers(self) -> list[str]:
        places = [self.root, self.root / "clinic-handouts"]
        return sorted(
            entry.name
            for place in places
            if place.exists()
            for entry in place.iterdir()
            if entry.name.startswith(".") and ("-" in entry.name) and entry.name != ".cache"
        )


def digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def assert_no_process_lives_on(counter: Path) -> None:
    """No process of the build (found by the counter file in its environment) is running."""
    marker = f"KILL_POINTS_COUNTER={counter}".encode()
    deadline = time.monotonic() + 10
    while True:
        living = []
        for process in Path("/proc").iterdir():
            try:
                if process.name.isdigit() and marker in (process / "environ").read_bytes():
                    living.append(process.name)
            except OSError:
                continue
        if not living:
            return
        assert time.monotonic() < deadline, f"processes of a killed build live on: {living}"
        time.sleep(0.1)


def mark_as_old(project: Project) -> dict[Path, dict[str, str]]:
    """Put the OLD file into every output; what each output then holds."""
    for folder in project.outputs():
        (folder / OLD).write_text("old\n")
    return {folder: digest(folder) for folder in project.outputs()}


def assert_each_output_old_or_new(project: Project, before: dict[Path, dict[str, str]]) -> None:
    """Each output holds what it held (old) or the same files without OLD (new, and whole:
    the builds are reproducible, so a new folder's files are the old ones')."""
    for folder, old in before.items():
        new = {name: sha for name, sha in old.items() if name != OLD}
        assert folder.is_dir(), f"{folder.name} is missing"
        now = digest(folder)
        assert now in (old, new), f"{folder.name} is neither the old folder nor a whole new one"


def prepared(tmp_path_factory: pytest.TempPathFactory, *arguments: str) -> Project:
    root = copy_project(tmp_path_factory.mktemp("killed") / "project")
    sitecustomize = root.parent / "kill-points"
    sitecustomize.mkdir()
    shutil.copy(KILL_POINTS, sitecustomize / "sitecustomize.py")
    project = Project(root, sitecustomize, ("--config", "mkdocs.yml", *arguments))
    code, said, _ = project.build(tag="first")
    assert code == 0, said
    return project


def kill_at_every_moment(project: Project, moments: list[int]) -> None:
    for moment in moments:
        before = mark_as_old(project)
        code, said, _ = project.build(kill_at=moment)
        assert code == -9, f"the build was not killed at moment {moment}: {said}"
        assert_each_output_old_or_new(project, before)
        left = project.leftovers()
        code, said, _ = project.build(tag=f"after-{moment}")
        assert code == 0, said
        assert "Traceback" not in said
        for name in left:
            assert name in said and LEFT_BY_A_STOPPED_BUILD in said, (
                f"the build after moment {moment} did not say it removed {name}: {said}"
            )
        assert project.leftovers() == [], f"left after the clean build: {project.leftovers()}"
        assert all(not (folder / OLD).exists() for folder in project.outputs())


def moments_of(project: Project) -> list[str]:
    """What a build that is not killed does, one line per moment."""
    mark_as_old(project)
    code, said, moments = project.build(tag="count")
    assert code == 0, said
    return moments


def test_a_site_build_killed_at_every_moment_keeps_the_old_site_or_the_new(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    project = prepared(tmp_path_factory, "--no-handouts")
    moments = moments_of(project)
    swaps = [
        n for n, line in enumerate(moments, 1) if ".site.building-" in line or "renameat2" in line
    ]
    assert len(swaps) >= 4, moments  # the mark, the exchange, the old site's removal, at least
    caches = [n for n, line in enumerate(moments, 1) if "/.cache/" in line]
    kill_at_every_moment(project, [*swaps, *caches[:1], *caches[-1:]])


def test_a_clinic_batch_killed_at_every_stage_keeps_each_clinics_folder_old_or_new(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    clinics = tmp_path_factory.mktemp("clinics")
    example = (PROJECT / "clinics" / "example.yml").read_text()
    shutil.copy(PROJECT / "clinics" / "example-logo.svg", clinics)
    for number in range(2):  # two workers, a clinic each: every stage happens in both at once
        (clinics / f"clinic-{number}.yml").write_text(
            example.replace("Fernhill Skin Clinic", f"Clinic {number}")
        )
    # --force: each build prints the clinics again (unchanged, they would be kept as they are)
    project = prepared(tmp_path_factory, "--clinic", str(clinics), "--jobs", "2", "--force")
    moments = moments_of(project)
    workers = [n for n, line in enumerate(moments, 1) if "clinic-handouts/" in line]
    assert workers, moments
    stages: dict[str, int] = {}
    for number in workers:  # the first moment of each kind in each clinic's folder
        _pid, event, where = moments[number - 1].split(" ", 2)
        kind = "pdf" if ".pdf" in where else "mark" if "patient-guide-output" in where else where
        stages.setdefault(f"{event} {kind}", number)
    swaps = [n for n, line in enumerate(moments, 1) if "renameat2" in line or "os.rename" in line]
    kill_at_every_moment(project, sorted({*stages.values(), *swaps, workers[-1]}))


def test_two_builds_at_once_each_finish_or_say_why_and_the_site_is_whole(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    project = prepared(tmp_path_factory, "--no-handouts")
    whole = digest(project.root / "site")
    command = [sys.executable, str(PROJECT / "build.py"), "--config", "mkdocs.yml", "--no-handouts"]
    for _ in range(3):
        builds = [
            subprocess.Popen(
                command, cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        for build in builds:
            _out, errors = build.communicate(timeout=600)
            assert "Traceback" not in errors
            if build.returncode != 0:
                assert len(errors.strip().splitlines()) <= 2, errors
        assert digest(project.root / "site") == whole
        assert project.leftovers() == []
