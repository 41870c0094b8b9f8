"""Set up what build.py and run_tests.py need: Debian packages, a virtual environment and the
clinic page's in-browser printer (node_modules, from package-lock.json)."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent
VENV = PROJECT / ".venv"
# The second engine the tests prove: ProperDocs, a maintained fork of MkDocs 1.6, in its own
# environment (mkdocs-material requires mkdocs, so one environment cannot hold both).
SECOND_ENGINE_VENV = PROJECT / ".venv-properdocs"
SECOND_ENGINE_LOCK = "requirements-properdocs.lock"
MIN_PYTHON = (3, 11)
# The browser the browser tests drive (Playwright never downloads one here). Building needs no
# Debian package: Typst and the typeface come from the lock file.
BROWSER_PACKAGES = {"chromium": "/usr/bin/chromium"}
# The clinic page prints in the browser with Typst compiled to WebAssembly, an npm package pinned
# with its integrity hash in package-lock.json; npm installs it (Debian's npm package has it).
NODE_LOCK = PROJECT / "package-lock.json"
NODE_MODULES = PROJECT / "node_modules"
NODE_PACKAGES = {"npm": "npm"}


class SetupError(Exception):
    """Something the machine lacks that this script cannot install."""


def venv_python(venv: Path = VENV) -> Path:
    """Path of a virtual environment's interpreter."""
    return venv / "bin" / "python"


def in_venv() -> bool:
    """True when this process already runs in the project's virtual environment."""
    return Path(sys.prefix).resolve() == VENV.resolve()


def missing_debian_packages(packages: dict[str, str]) -> list[str]:
    """Debian packages not on this machine, each given with a probe for what it provides."""
    return [package for package, probe in packages.items() if not _present(probe)]


def _present(probe: str) -> bool:
    """True when a path ("/usr/..."), a shared library ("libfoo.so.0") or a command exists."""
    if probe.startswith("/"):
        return Path(probe).exists()
    if ".so" in probe:
        ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
        try:
            listing = subprocess.run([ldconfig, "-p"], capture_output=True, text=True).stdout
        except OSError:
            return False
        return probe in listing
    return shutil.which(probe) is not None


def ensure_debian_packages(packages: dict[str, str]) -> None:
    """Install missing Debian packages as root, or stop with one line naming them."""
    missing = missing_debian_packages(packages)
    if not missing:
        return
    names = " ".join(missing)
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise SetupError(
            f"missing system packages; install them with: sudo apt-get install {names}"
        )
    print(f"setup: installing system packages: {names}", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    quiet = {"stdout": subprocess.DEVNULL, "env": env, "check": False}
    subprocess.run(["apt-get", "update", "-qq"], **quiet)  # type: ignore[call-overload]
    result = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        **quiet,  # type: ignore[call-overload]
    )
    if result.returncode != 0:
        raise SetupError(f"apt-get could not install: {names}")


def make_package_importable(venv: Path = VENV) -> None:
    """Put hooks/ on a virtual environment's import path, so build.py, the tests, the benchmark
    and handout workers import the patient_guide package as MkDocs' hooks do. This is the one
    place that changes the import path: MkDocs puts hooks/ there only while it imports a hook
    file."""
    for site_packages in venv.glob("lib/python3*/site-packages"):
        path_file = site_packages / "patient_guide.pth"
        line = f"{PROJECT / 'hooks'}\n"
        if not path_file.exists() or path_file.read_text() != line:
            path_file.write_text(line)


def ensure_venv(lock_file: str, venv: Path = VENV) -> None:
    """Create the virtual environment if needed and install the locked, hash-checked
    dependencies into it."""
    if sys.version_info < MIN_PYTHON:
        raise SetupError(f"Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer is needed")
    if importlib.util.find_spec("ensurepip") is None and not venv_python(venv).exists():
        ensure_debian_packages({"python3-venv": "/usr/lib/python3/dist-packages/ensurepip"})
    if not venv_python(venv).exists():
        print(f"setup: creating {venv.name}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    make_package_importable(venv)
    lock = PROJECT / lock_file
    stamp = venv / f".installed-{lock_file}"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"setup: installing dependencies from {lock_file}", flush=True)
    result = subprocess.run(
        [
            str(venv_python(venv)),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--require-hashes",
            "--no-deps",
            "-r",
            str(lock),
        ],
        check=False,
    )
    if result.returncode != 0:
        raise SetupError(f"pip could not install the dependencies in {lock_file}")
    stamp.write_text(digest)


def ensure_node_modules() -> None:
    """Install the locked npm packages (integrity-checked by npm ci) unless installed already
    (or the project has none: a copy of its Python side alone)."""
    if not NODE_LOCK.is_file():
        return
    stamp = NODE_MODULES / ".installed-package-lock.json"
    digest = hashlib.sha256(NODE_LOCK.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    ensure_debian_packages(NODE_PACKAGES)
    print(f"setup: installing the clinic page's printer from {NODE_LOCK.name}", flush=True)
    result = subprocess.run(
        ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=PROJECT,
        check=False,
    )
    if result.returncode != 0:
        raise SetupError(f"npm could not install the packages in {NODE_LOCK.name}")
    stamp.write_text(digest)


def run_in_venv(lock_file: str, debian_packages: dict[str, str] | None = None) -> None:
    """Make sure the environment is ready, then re-run the calling script inside .venv."""
    try:
        ensure_debian_packages(debian_packages or {})
        ensure_node_modules()
        if in_venv():
            return
        ensure_venv(lock_file)
    except SetupError as error:
        sys.exit(f"setup: {error}")
    except subprocess.CalledProcessError as error:
        sys.exit(f"setup: command failed: {' '.join(map(str, error.cmd))}")
    script = Path(sys.argv[0]).resolve()
    os.execv(str(venv_python()), [str(venv_python()), str(script), *sys.argv[1:]])
