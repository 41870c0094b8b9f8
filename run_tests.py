"""Run the whole test suite: lint and format (ruff), types (mypy) and tests (pytest), in .venv."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import bootstrap

DEV_LOCK = "requirements-dev.lock"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            f"Run ruff, mypy and the pytest suite. On first use it creates .venv from {DEV_LOCK}."
        )
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
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    arguments = parse_args()
    bootstrap.run_in_venv(DEV_LOCK, bootstrap.BROWSER_PACKAGES)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main(arguments.pytest_args))
