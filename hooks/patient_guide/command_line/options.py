"""The build command's options, read with the standard library alone (build.py reads them before
.venv exists); `patient-guide`, the installed command, is the same command."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from ..clinics.shards import parse_shard

RUNTIME_LOCK = "requirements.lock"
USAGE_ERROR = 2
# A Ctrl-C before the build began (once under way, the build stops its own in one line).
INTERRUPTED = "\nbuild interrupted before it began; nothing was changed."
INTERRUPTED_CODE = 130


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose every mistake is one line: what is wrong, and where to look."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: {message}; see --help\n")


def positive(text: str) -> int:
    """An argparse type: a whole number from 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1, not {text!r}")
    return int(text)


def parser(prog: str, project: Path, setup: str = "") -> argparse.ArgumentParser:
    """The command's options; `project` is where mkdocs.yml is by default, and `setup` says what
    the command sets up on first use."""
    parser = OneLineParser(
        prog=prog,
        description=(
            f"Build the microneedling patient guide. {setup}The site is built in MkDocs strict "
            "mode: any warning fails the build, and the previous site is kept until a new one is "
            "complete."
        ),
    )
    parser.add_argument(
        "--config", type=Path, default=project / "mkdocs.yml", metavar="FILE",
        help="the MkDocs configuration to build (default: mkdocs.yml)",
    )  # fmt: skip
    parser.add_argument(
        "--site-dir", type=Path, metavar="DIR",
        help="where to write the built site (default: site/ beside the configuration)",
    )  # fmt: skip
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--clinic", type=Path, metavar="FILE_OR_FOLDER",
        help="also print handouts branded for this clinic settings file, or for every .yml "
        "file in this folder (see clinics/example.yml)",
    )  # fmt: skip
    what.add_argument(
        "--no-handouts", action="store_true",
        help="build the website only, without printing the PDF handouts (faster while editing)",
    )  # fmt: skip
    parser.add_argument(
        "--clinic-output", type=Path, metavar="DIR",
        help="where branded handouts go, one folder per clinic "
        "(default: clinic-handouts/ beside the configuration)",
    )  # fmt: skip
    parser.add_argument(
        "--shard", metavar="K/N",
        help="with --clinic FOLDER: print only the K-th of N fixed slices of its clinic files "
        "(e.g. 2/4), so several machines can share a big batch",
    )  # fmt: skip
    parser.add_argument(
        "--force", action="store_true",
        help="with --clinic: print every clinic again, also those whose handouts are up to date "
        "(printed before from the same clinic file, logo, pages and template)",
    )  # fmt: skip
    parser.add_argument(
        "--report", type=Path, metavar="FILE",
        help="with --clinic: also write what happened to each clinic (its files, or its error) "
        "as JSON into FILE, e.g. report.json",
    )  # fmt: skip
    parser.add_argument(
        "--jobs", type=positive, default=os.cpu_count() or 1, metavar="N",
        help="how many clinics to print at once (default: the number of CPU cores)",
    )  # fmt: skip
    parser.add_argument(
        "--offline", action="store_true",
        help="build a copy that works opened from disk (a kiosk, a USB stick), search and "
        "handouts included, into site-offline/ and site-offline.zip",
    )  # fmt: skip
    parser.add_argument(
        "--offline-printer", action="store_true",
        help="with --offline: put the clinic page's printer (30 MB) into the copy too, for a "
        "kiosk that serves the copy with a web server (opened from disk, a browser does not "
        "run it)",
    )  # fmt: skip
    parser.add_argument(
        "--strict-translations", action="store_true",
        help="fail when a translated page is behind its English page (for CI); without it the "
        "build lists such pages and each shows a notice",
    )  # fmt: skip
    parser.add_argument(
        "--require-site-url", action="store_true",
        help="fail when site_url in mkdocs.yml is an example address (example.org, localhost), "
        "where every handout's QR code would point nowhere (for CI); without it, a warning",
    )  # fmt: skip
    parser.add_argument(
        "--verbose", action="store_true", help="also print MkDocs' informational messages"
    )
    return parser


def parsed(argv: list[str] | None, prog: str, project: Path, setup: str = "") -> argparse.Namespace:
    """The options given, each mistake (alone or between options) stopping in one line."""
    cli = parser(prog, project, setup)
    args = cli.parse_args(argv)
    if args.clinic_output and not args.clinic:
        cli.error("--clinic-output goes with --clinic")
    for option in ("force", "report"):
        if getattr(args, option) and not args.clinic:
            cli.error(f"--{option} goes with --clinic")
    if args.offline_printer and not args.offline:
        cli.error("--offline-printer goes with --offline")
    if args.offline_printer and args.no_handouts:
        cli.error("--offline-printer needs the handouts: leave out --no-handouts")
    if args.shard is not None and not args.clinic:
        cli.error("--shard goes with --clinic FOLDER")
    if args.shard is not None and args.clinic.is_file():
        cli.error(f"--shard splits a folder of clinic files; {args.clinic} is one file")
    try:
        args.shard = None if args.shard is None else parse_shard(args.shard)
    except ValueError as error:
        cli.error(f"--shard: {error}")
    return args


def run(args: argparse.Namespace, project: Path) -> int:
    """Build as the options say; `project` is the project folder, never an output."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from .build_command import BuildOptions, run_build, stop_on_sigterm

    stop_on_sigterm()
    folder = args.config.parent
    return run_build(
        BuildOptions(
            config=args.config,
            site_dir=args.site_dir or folder / ("site-offline" if args.offline else "site"),
            clinic=args.clinic,
            shard=args.shard,
            clinic_output=args.clinic_output or folder / "clinic-handouts",
            jobs=args.jobs,
            force=args.force,
            report=args.report,
            handouts=not args.no_handouts,
            offline=args.offline,
            offline_printer=args.offline_printer,
            strict_translations=args.strict_translations,
            require_site_url=args.require_site_url,
            verbose=args.verbose,
            project=project,
        )
    )


def main(argv: list[str] | None = None) -> int:
    """`patient-guide`: build.py's command, installed, run in the project's folder."""
    project = Path.cwd()
    try:
        return run(parsed(argv, "patient-guide", project), project)
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return INTERRUPTED_CODE
