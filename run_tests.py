"""Run the whole test suite: lint and format (ruff), types (mypy) and tests (pytest), in .venv."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import bootstrap

DEV_LOCK = "requirements-dev.lock"
ARTICLES_SETTING = "PATIENT_GUIDE_ARTICLES"  # as hooks/patient_guide/pages/quotes.py reads it


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            f"Run ruff, mypy and the pytest suite. On first use it creates .venv from {DEV_LOCK}."
        )
    )
    parser.add_argument(
        "--fast",
        action="store_true",
        help="ruff, mypy and the unit tests only (pytest -m unit): no build, no browser",
    )
    parser.add_argument(
        "pytest_args",
        nargs="*",
        metavar="PYTEST_ARG",
        help="extra arguments for pytest, e.g. -k search (give them after --)",
    )
    return parser.parse_args()


def main(pytest_args: list[str]) -> int:
    os.chdir(bootstrap.PROJECT)
    # The articles are not part of the project; beside it (as CI keeps them) they are found.
    beside = bootstrap.PROJECT.parent / "shared" / "seeds"
    if not os.environ.get(ARTICLES_SETTING, "").strip() and beside.is_dir():
        os.environ[ARTICLES_SETTING] = str(beside.resolve())
    python = sys.executable
    checks = [
        ("ruff", [python, "-m", "ruff", "check", "."]),
        ("ruff format", [python, "-m", "ruff", "format", "--check", "."]),
        ("mypy", [python, "-m", "mypy"]),
        ("pytest", [python, "-m", "pytest", *pytest_args]),
    ]
    failed = []
    for name, command in checks:
        print(f"== {name}", flush=True)
        code = subprocess.run(command, check=False).returncode
        if name == "pytest" and code == 5:
            print("pytest collected no tests: that is a failure here", flush=True)
        if code != 0:
            failed.append(name)
    quotes_checked = bool(os.environ.get(ARTICLES_SETTING, "").strip())
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
    else:
        print("all checks passed")
    if not quotes_checked:  # the last line, so nobody takes a green run for a checked one
        print(
            f"NOTE: the quote check did not run: set {ARTICLES_SETTING} to the folder of the "
            "five source articles (CI uses ../shared/seeds) to check every quote against them"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    arguments = parse_args()
    bootstrap.run_in_venv(DEV_LOCK, bootstrap.BROWSER_PACKAGES)
    try:  # the second engine the build tests build the site with, in its own environment
        if not arguments.fast:
            bootstrap.ensure_venv(bootstrap.SECOND_ENGINE_LOCK, bootstrap.SECOND_ENGINE_VENV)
    except bootstrap.SetupError as error:
        sys.exit(f"setup: {error}")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main([*(["-m", "unit"] if arguments.fast else []), *arguments.pytest_args]))
