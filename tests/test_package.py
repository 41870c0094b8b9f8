"""The project as a Python package: `pip install .` gives the patient_guide package and the
`patient-guide` command, the same command as build.py."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import PROJECT

PACKAGING = ["pyproject.toml", "README.md", "LICENSE"]


def built_wheel(tmp_path: Path) -> Path:
    """The project's wheel, built offline from a copy of what packaging reads (a build in the
    project itself would leave build/ and *.egg-info behind)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in PACKAGING:
        shutil.copy2(PROJECT / name, source / name)
    shutil.copytree(
        PROJECT / "hooks" / "patient_guide",
        source / "hooks" / "patient_guide",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    wheels = tmp_path / "wheels"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--quiet", "--wheel-dir", str(wheels), str(source)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (wheel,) = wheels.glob("*.whl")
    return wheel


def options_of(help_text: str) -> list[str]:
    return sorted(set(re.findall(r"--[a-z-]+", help_text)))


def test_pip_install_gives_the_package_and_the_patient_guide_command(tmp_path: Path) -> None:
    wheel = built_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    package = PROJECT / "hooks" / "patient_guide"
    expected = {
        path.relative_to(package.parent).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert expected <= set(names), sorted(expected - set(names))
    assert not [name for name in names if name.startswith(("tests/", "docs/", "bench/"))]

    target = tmp_path / "installed"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
         "--target", str(target), str(wheel)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    command = target / "bin" / "patient-guide"
    assert command.is_file()
    # The installed copy of the package, not the project's hooks/ folder, answers.
    env = {**os.environ, "PYTHONPATH": str(target)}
    installed = subprocess.run(
        [sys.executable, str(command), "--help"], capture_output=True, text=True, env=env
    )
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout.startswith("usage: patient-guide")
    where = subprocess.run(
        [sys.executable, "-c", "import patient_guide; print(patient_guide.__file__)"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    assert Path(where.stdout.strip()).is_relative_to(target)
    script = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--help"], capture_output=True, text=True
    )
    assert options_of(installed.stdout) == options_of(script.stdout), "the same options"


def test_patient_guide_command_refuses_a_mistake_in_one_line(tmp_path: Path) -> None:
    """The installed command reads its options as build.py does (no set-up, no build here)."""
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from patient_guide.command_line.options import main; "
         "sys.exit(main(['--shard', '2/4']))"],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == "patient-guide: --shard goes with --clinic FOLDER; see --help\n"
