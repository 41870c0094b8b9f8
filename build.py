"""Build the patient guide: the website, its handouts, an offline copy, clinics' handouts."""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent
# The options are read with the standard library alone, before .venv exists.
sys.path.insert(0, str(PROJECT / "hooks"))

from patient_guide.command_line.options import (  # noqa: E402
    INTERRUPTED,
    INTERRUPTED_CODE,
    RUNTIME_LOCK,
    parsed,
    run,
)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, make sure .venv is ready (re-running this inside it), then build."""
    args = parsed(argv, "build.py", PROJECT, f"On first use it creates .venv from {RUNTIME_LOCK}. ")
    import bootstrap  # here, so a Ctrl-C while it loads is the one-line stop below

    bootstrap.run_in_venv(RUNTIME_LOCK)
    return run(args, PROJECT)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # before the build began: it stops its own Ctrl-C once under way
        print(INTERRUPTED, file=sys.stderr)
        sys.exit(INTERRUPTED_CODE)
