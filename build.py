"""Build the patient-guide website: check the configuration, build the site strictly, report."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Literal, TypeVar

import bootstrap

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from clinic_batch import ClinicOutcome
    from handout_printing import HandoutSet

PROJECT = Path(__file__).resolve().parent
HANDOUTS_HOOK = "handouts.py"
RUNTIME_LOCK = "requirements.lock"
OFFLINE_SWITCH = "MICRONEEDLING_OFFLINE"  # read by mkdocs.yml's offline plugin entry
T = TypeVar("T")
MkDocsCommand = Literal["build", "gh-deploy", "serve"]


class BuildFailed(Exception):
    """A problem the user can fix, already explained in the message."""


class Terminated(BaseException):
    """The build was asked to stop (SIGTERM); like Ctrl-C (KeyboardInterrupt, also not an
    Exception, so no `except Exception` in MkDocs can mistake it for an error), it leaves the
    old site as it was."""


def stop_on_sigterm() -> None:
    """Turn SIGTERM into an exception, so the staging folder is cleaned up as for Ctrl-C (the
    handout workers reset it: see handout_printing.mapped)."""

    def terminate(signal_number: int, frame: object) -> None:
        raise Terminated

    signal.signal(signal.SIGTERM, terminate)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            "Build the microneedling patient guide. On first use it creates .venv from "
            f"{RUNTIME_LOCK}. The site is built in MkDocs strict mode: any warning fails the "
            "build, and the previous site is kept until a new one is complete."
        )
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=PROJECT / "mkdocs.yml",
        metavar="FILE",
        help="the MkDocs configuration to build (default: mkdocs.yml)",
    )
    parser.add_argument(
        "--site-dir",
        type=Path,
        metavar="DIR",
        help="where to write the built site (default: site/ beside the configuration)",
    )
    parser.add_argument(
        "--clinic",
        type=Path,
        metavar="FILE_OR_FOLDER",
        help="also print handouts branded for this clinic settings file, or for every .yml "
        "file in this folder (see clinics/example.yml)",
    )
    parser.add_argument(
        "--clinic-output",
        type=Path,
        metavar="DIR",
        help="where branded handouts go, one folder per clinic "
        "(default: clinic-handouts/ beside the configuration)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="how many clinics to print at once (default: the number of CPU cores)",
    )
    parser.add_argument(
        "--no-handouts",
        action="store_true",
        help="build the website only, without printing the PDF handouts (faster while editing)",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="build a copy that works opened from disk (a kiosk, a USB stick), search and "
        "handouts included, into site-offline/ and site-offline.zip",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="also print MkDocs' informational messages"
    )
    args = parser.parse_args(argv)
    args.site_dir = args.site_dir or args.config.parent / (
        "site-offline" if args.offline else "site"
    )
    args.clinic_output = args.clinic_output or args.config.parent / "clinic-handouts"
    return args


def step(number: int, total: int, name: str, action: Callable[[], T]) -> T:
    """Run one build step, printing its name and how long it took."""
    print(f"[{number}/{total}] {name} ...", end=" ", flush=True)
    started = time.perf_counter()
    try:
        result = action()
    except BaseException:
        print("failed", flush=True)
        raise
    print(f"done in {time.perf_counter() - started:.2f} s", flush=True)
    return result


class MkDocsMessages(logging.Handler):
    """Keeps MkDocs' warnings and errors for the failure report; prints its info with --verbose."""

    def __init__(self, verbose: bool) -> None:
        super().__init__(logging.INFO if verbose else logging.WARNING)
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.problems.append(record.getMessage())
        else:
            print(f"INFO: {record.getMessage()}", file=sys.stderr)

    @classmethod
    def installed(cls, verbose: bool) -> MkDocsMessages:
        """A handler that takes over the 'mkdocs' logger (and so every plugin's and hook's)."""
        handler = cls(verbose)
        logger = logging.getLogger("mkdocs")
        logger.handlers[:] = [handler]
        logger.setLevel(handler.level)
        logger.propagate = False
        return handler


def failure_report(error: Exception, problems: list[str], config_file: Path) -> str:
    """What went wrong, each problem located by file and line where MkDocs' words allow."""
    from mkdocs_messages import MessageLocator

    locator = MessageLocator(config_file, config_file.parent / "docs")
    located = [text for text in map(locator.located, [*problems, str(error)]) if text]
    unique = list(dict.fromkeys(located)) or [type(error).__name__]
    return "\n  ".join(unique)


def load_configuration(config_file: Path, site_dir: Path, offline: bool = False) -> MkDocsConfig:
    from mkdocs.config import load_config

    from hosting import offline_build

    if not config_file.is_file():
        raise BuildFailed(f"{config_file}: no such file; pass --config with your mkdocs.yml")
    os.environ[OFFLINE_SWITCH] = "true" if offline else "false"
    config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
    if offline and not offline_build(config):
        raise BuildFailed(
            f"{config_file}: --offline needs mkdocs-material's offline plugin; add under plugins:"
            f"\n    - offline:\n        enabled: !ENV [{OFFLINE_SWITCH}, false]"
        )
    return config


def build_site(
    config: MkDocsConfig, print_handouts: bool = True, command: MkDocsCommand = "build"
) -> None:
    """Run the MkDocs build in this process, as `mkdocs build` (or `mkdocs serve`) does."""
    from mkdocs.commands.build import build

    config.plugins.on_startup(command=command, dirty=False)
    if not print_handouts:
        handouts_hook(config).run.print_pdfs = False
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


@contextmanager
def staging_folder(target: Path) -> Iterator[Path]:
    """A new folder beside target; on success it replaces target, on failure it is removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and not target.is_dir():
        raise BuildFailed(f"{target}: exists and is not a folder; choose another --site-dir")
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    staging.chmod(0o755)  # readable by a web server, like a folder mkdir makes
    try:
        yield staging
        retired = target.with_name(f".{target.name}.old-{os.getpid()}")
        if target.exists():
            target.rename(retired)
        staging.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def site_zip(site_dir: Path) -> Path:
    """Where the offline site's zip goes: beside the folder, with the folder's name."""
    return site_dir.with_name(f"{site_dir.name}.zip")


def checked_clinic_files(clinic: Path, output: Path) -> list[Path]:
    """The clinic files named by --clinic, each read and checked before anything is built."""
    from clinic_batch import duplicate_outputs
    from clinic_profile import ClinicFileError, load_clinic

    if output.exists() and not output.is_dir():
        raise BuildFailed(f"{output}: exists and is not a folder; choose another --clinic-output")
    files = clinic_files_to_print(clinic)
    problems = [outcome.error for outcome in duplicate_outputs(files) if outcome.error]
    for path in files:
        try:
            load_clinic(path)
        except ClinicFileError as error:
            problems.append(str(error))
    if problems:
        raise BuildFailed("\n  ".join(problems))
    return files


def clinic_files_to_print(clinic: Path) -> list[Path]:
    """The clinic settings files named by --clinic: one file, or every one in a folder."""
    from clinic_profile import ClinicFileError, clinic_files

    if not clinic.exists():
        raise BuildFailed(f"--clinic: {clinic}: not found; give a clinic .yml file or a folder")
    if clinic.is_file():
        return [clinic]
    try:
        found = clinic_files(clinic)
    except ClinicFileError as error:
        raise BuildFailed(f"--clinic: {error}") from None
    if not found:
        raise BuildFailed(f"--clinic: {clinic} holds no .yml clinic settings files")
    return found


def handouts_hook(config: MkDocsConfig) -> ModuleType:
    """The handouts hook module MkDocs loaded for this configuration."""
    hooks: Mapping[str, ModuleType] = config.hooks  # type: ignore[assignment]  # name -> module
    for name, module in hooks.items():
        if Path(name).name == HANDOUTS_HOOK:
            return module
    raise BuildFailed(f"{config.config_file_path}: hooks/{HANDOUTS_HOOK} is needed for handouts")


def handout_set(config: MkDocsConfig) -> HandoutSet:
    """The handouts and their printed pages, as the handouts hook collected them in this build."""
    printed: HandoutSet | None = handouts_hook(config).run.printed
    if printed is None:
        raise BuildFailed("this build printed no handouts, so none can be branded")
    return printed


def show_progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    start = "\n" if done == 0 else "\r"
    end = "\n" if done == total else ""
    bar = "#" * filled + "." * (width - filled)
    print(f"{start}    [{bar}] {done}/{total} clinics", end=end, flush=True)


def print_clinics(
    config: MkDocsConfig, clinic_files: list[Path], output: Path, jobs: int
) -> list[ClinicOutcome]:
    from clinic_batch import print_batch

    return print_batch(clinic_files, handout_set(config), output, jobs, show_progress)


def site_report(site_dir: Path) -> str:
    pages = sorted(site_dir.rglob("*.html"))
    size = sum(path.stat().st_size for path in site_dir.rglob("*") if path.is_file())
    return f"{len(pages)} HTML pages, {size / 1024:.0f} KiB in {os.path.relpath(site_dir)}/"


def main(args: argparse.Namespace) -> int:
    from mkdocs.exceptions import MkDocsException

    from offline_copy import write_site_zip

    messages = MkDocsMessages.installed(args.verbose)
    site_dir = args.site_dir.resolve()
    total = 2 + bool(args.clinic) + args.offline
    started = time.perf_counter()
    try:
        if args.clinic and args.no_handouts:
            raise BuildFailed("--clinic prints handouts, so it cannot be used with --no-handouts")
        clinic_files = checked_clinic_files(args.clinic, args.clinic_output) if args.clinic else []
        with staging_folder(site_dir) as staging:
            config = step(
                1, total, "check configuration",
                lambda: load_configuration(args.config, staging, args.offline),
            )  # fmt: skip
            name = "build site" if args.no_handouts else "build site and handouts"
            step(2, total, f"{name} (strict)", lambda: build_site(config, not args.no_handouts))
            if args.offline:
                step(
                    3, total, "pack for a USB stick",
                    lambda: write_site_zip(staging, site_zip(site_dir), site_dir.name),
                )  # fmt: skip
        outcomes = []
        if clinic_files:
            outcomes = step(
                total, total, "print clinic handouts",
                lambda: print_clinics(config, clinic_files, args.clinic_output, args.jobs),
            )  # fmt: skip
    except (BuildFailed, MkDocsException) as error:
        report = failure_report(error, messages.problems, args.config)
        print(f"\nbuild failed: {report}", file=sys.stderr)
        print("Nothing was changed in the previous site folder.", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, Terminated) as stop:
        print("\nbuild interrupted; the previous site folder is unchanged.", file=sys.stderr)
        return 143 if isinstance(stop, Terminated) else 130
    print(f"built {site_report(site_dir)} in {time.perf_counter() - started:.2f} s")
    if args.offline:
        print(f"  offline copy for a USB stick: {os.path.relpath(site_zip(site_dir))}")
    return report_clinics(outcomes)


def report_clinics(outcomes: list[ClinicOutcome]) -> int:
    """Say where each clinic's handouts went; list the clinics that failed and exit non-zero."""
    for outcome in outcomes:
        if outcome.folder:
            print(f"  {outcome.pdf_count} handouts for {outcome.source} in {outcome.folder}/")
    failures = [outcome for outcome in outcomes if outcome.error]
    for outcome in failures:
        print(f"clinic failed: {outcome.error}", file=sys.stderr)
    if failures:
        print(
            f"{len(failures)} of {len(outcomes)} clinics failed; nothing was written for them.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    arguments = parse_args()
    bootstrap.run_in_venv(RUNTIME_LOCK, bootstrap.PRINTING_PACKAGES)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.path.insert(0, str(PROJECT / "hooks"))
    stop_on_sigterm()
    sys.exit(main(arguments))
