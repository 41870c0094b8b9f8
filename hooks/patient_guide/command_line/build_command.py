"""The build command's steps: check, build site and handouts, pack, print for clinics, report."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..adapters.handout_events import printed_handouts
from ..adapters.language_events import behind_translations, translation_codes, translation_configs
from ..adapters.mkdocs_messages import MkDocsMessages, failure_report
from ..adapters.output_places import output_places, project_places
from ..adapters.site_build import SITE_MISTAKES, ConfigurationError, build_site, load_configuration
from ..addresses import placeholder_reason
from ..clinics.shards import Shard
from ..data_files import shown_path
from ..output_folders import (
    OutputFolderError,
    ProtectedFolder,
    Replacement,
    check_output_place,
    check_writable,
    remove_left_behind,
    replaced_atomically,
    resolved,
    stage_name,
)
from ..pages.translation_guard import BehindPage
from ..site.offline_copy import check_site_zip, write_site_zip
from ..worker_processes import WorkerStopped
from .batch_report import (
    BatchSummary,
    check_report_place,
    report_data,
    report_failed_run,
    write_report,
)
from .clinic_printing import (
    ClinicChoice,
    ClinicChoiceError,
    checked_clinic_files,
    clinic_files_to_print,
    print_clinics,
    report_clinics,
)
from .machine_faults import machine_fault

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

T = TypeVar("T")
AUTHOR_MISTAKES: tuple[type[Exception], ...] = (*SITE_MISTAKES, ClinicChoiceError)
USAGE_ERROR = 2


@dataclass(frozen=True)
class BuildOptions:
    """What the build command was asked to do."""

    config: Path
    site_dir: Path
    clinic: Path | None = None
    shard: Shard | None = None
    clinic_output: Path = Path("clinic-handouts")
    jobs: int = 1
    force: bool = False  # print clinics again whose handouts are up to date
    report: Path | None = None  # where the clinic batch's JSON report goes
    handouts: bool = True
    offline: bool = False
    offline_printer: bool = False  # the offline copy holds the clinic page's printer too
    strict_translations: bool = False
    require_site_url: bool = False
    verbose: bool = False
    project: Path | None = None  # where build.py is: never an output, nor inside one


class Terminated(BaseException):
    """The build was asked to stop (SIGTERM); like Ctrl-C (KeyboardInterrupt, also not an
    Exception, so no `except Exception` in MkDocs can mistake it for an error), it leaves the
    old site as it was."""


def stop_on_sigterm() -> None:
    """Turn SIGTERM into an exception, so the staging folder is cleaned up as for Ctrl-C (the
    handout workers reset it: see worker_processes.mapped)."""

    def terminate(signal_number: int, frame: object) -> None:
        raise Terminated

    signal.signal(signal.SIGTERM, terminate)


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


def site_zip(site_dir: Path) -> Path:
    """Where the offline site's zip goes: beside the folder, with the folder's name."""
    return site_dir.with_name(f"{site_dir.name}.zip")


def site_report(site_dir: Path) -> str:
    pages = sorted(site_dir.rglob("*.html"))
    size = sum(path.stat().st_size for path in site_dir.rglob("*") if path.is_file())
    return f"{len(pages)} HTML pages, {size / 1024:.0f} KiB in {os.path.relpath(site_dir)}/"


def run_build(options: BuildOptions) -> int:
    """Build as asked; a failure leaves every earlier output as it was. The exit status."""
    messages = MkDocsMessages.installed(options.verbose)
    total = 2 + bool(options.clinic) + options.offline
    started = time.perf_counter()
    site = Replacement()  # whether the new site took the old one's place
    try:
        site_dir = resolved(options.site_dir, "--site-dir")
        if options.clinic:
            clinic_files_to_print(options.clinic)  # a missing clinic file is --clinic's fault
        if options.report:
            check_report_place(options.report)
        check_places(project_places(options.config, options.clinic, options.project), options)
        staging = stage_name(site_dir, "building")
        config = step(
            1, total, "check configuration",
            lambda: load_configuration(
                options.config,
                staging,
                offline=options.offline,
                offline_printer=options.offline_printer,
                handouts=options.handouts,
                strict_translations=options.strict_translations,
            ),
        )  # fmt: skip
        clinics = (
            checked_clinic_files(
                options.clinic, options.clinic_output, options.shard, translation_codes(config)
            )
            if options.clinic
            else None
        )
        check_outputs(config, options, site_dir)
        check_site_url(config, options)
        with replaced_atomically(site_dir, staging=staging, replacement=site) as staging:
            config.site_dir = str(staging)
            name = "build site and handouts" if options.handouts else "build site"
            step(2, total, f"{name} (strict)", lambda: build_site(config))
            if options.offline:
                step(
                    3, total, "pack for a USB stick",
                    lambda: write_site_zip(staging, site_zip(site_dir), site_dir.name),
                )  # fmt: skip
        report_removals(site)
        outcomes = []
        printing_started = time.perf_counter()
        if clinics is not None:
            printed = printed_handouts(config)
            if printed is None:
                raise ConfigurationError(
                    f"{options.config}: this build printed no handouts, so none can be branded; "
                    "check extra.print_handouts"
                )
            translated = [printed_handouts(c) for c in translation_configs(config).values()]
            sets = [printed, *(handout_set for handout_set in translated if handout_set)]
            outcomes = step(
                total, total, clinic_step_name(clinics),
                lambda: print_clinics(
                    sets, clinics, options.clinic_output, options.jobs, options.force
                ),
            )  # fmt: skip
        summary = BatchSummary.of(outcomes, time.perf_counter() - printing_started)
        if options.report:
            write_report(options.report, report_data(outcomes, summary))
    except OutputFolderError as error:
        report_failed_run(options.report, str(error))
        for line in str(error).splitlines():
            print(f"build.py: {line}", file=sys.stderr)
        if site.swapped:
            print(after_the_site(options), file=sys.stderr)
        return USAGE_ERROR
    except AUTHOR_MISTAKES as error:
        report = failure_report(error, messages.problems, options.config)
        return failed(report, site, options)
    except RecursionError as error:  # a page or data file nested hundreds of levels deep
        report = failure_report(error, messages.problems, options.config)
        return failed(f"{report}\n  it nests too deeply to build; flatten it", site, options)
    except OSError as error:
        return failed(machine_fault(error), site, options)
    except WorkerStopped as error:
        return failed(str(error), site, options)
    except (KeyboardInterrupt, Terminated) as stop:
        report_failed_run(options.report, "stopped (Ctrl-C or SIGTERM)")
        if site.swapped:
            print(f"\nbuild interrupted. {after_the_site(options)}", file=sys.stderr)
        else:
            print("\nbuild interrupted; the previous site folder is unchanged.", file=sys.stderr)
        report_removals(site)
        return 143 if isinstance(stop, Terminated) else 130
    print(f"built {site_report(site_dir)} in {time.perf_counter() - started:.2f} s")
    report_behind(behind_translations(config))
    if options.offline:
        print(f"  offline copy for a USB stick: {os.path.relpath(site_zip(site_dir))}")
    return report_clinics(outcomes, clinics, summary if clinics else None)


def check_outputs(config: MkDocsConfig, options: BuildOptions, site_dir: Path) -> None:
    """Refuse output places that hold the user's files; remove what stopped builds left."""
    check_places(output_places(config, options.clinic, options.project), options)
    if options.offline:
        check_site_zip(site_zip(site_dir), site_dir.name)
    for line in remove_left_behind(site_dir.parent, [site_dir.name]):
        print(f"  {line}")


def check_site_url(config: MkDocsConfig, options: BuildOptions) -> None:
    """Warn (or with --require-site-url, fail) when the handouts would point at an example
    address: every QR code and printed address leads to site_url."""
    reason = placeholder_reason(config.site_url or "")
    if reason is None:
        return
    problem = (
        f"{options.config}: site_url {config.site_url} {reason}, so every handout's QR code and "
        "printed address point nowhere; set site_url to the address the site is published at"
    )
    if options.require_site_url:
        raise ConfigurationError(problem)
    print(f"warning: {problem} (--require-site-url makes this an error)", file=sys.stderr)


def check_places(places: list[ProtectedFolder], options: BuildOptions) -> None:
    """The site and the clinic handouts go to places that hold nothing of the user's, and
    neither holds the other; the clinic handouts' place can be written (checked before the
    site is built, as the handouts are printed after it is replaced)."""
    site = ProtectedFolder(options.site_dir, "the site folder")
    clinic_output = ProtectedFolder(options.clinic_output, "the clinic handouts' folder")
    if not options.clinic:
        check_output_place(options.site_dir, places, "--site-dir")
        return
    check_output_place(options.clinic_output, [*places, site], "--clinic-output", whole=False)
    check_output_place(options.site_dir, [*places, clinic_output], "--site-dir")
    check_writable(options.clinic_output, "--clinic-output")


def report_behind(behind: list[BehindPage]) -> None:
    """List the translated pages that are behind (each shows a notice), and what to do."""
    if behind:
        print(f"{len(behind)} translated page(s) behind the English page (each shows a notice):")
        for page in behind:
            print(f"  {page}")
        print("  translate the change, then set translated_from: to the English 'reviewed' date")


def clinic_step_name(clinics: ClinicChoice) -> str:
    return f"print clinic handouts ({clinics})" if clinics.shard else "print clinic handouts"


def after_the_site(options: BuildOptions) -> str:
    """What is true when printing fails once the new site has taken the old one's place."""
    return (
        f"The site was built and replaced in {shown_path(options.site_dir)}/, but the clinic "
        f"handouts were not all printed: each clinic's folder in "
        f"{shown_path(options.clinic_output)}/ is its previous one or a whole new one."
    )


def report_removals(site: Replacement) -> None:
    """Say what could not be removed, why, and what to do (once)."""
    for problem in site.problems:
        print(f"warning: {problem}", file=sys.stderr)
    site.problems.clear()


def failed(report: str, site: Replacement, options: BuildOptions) -> int:
    """Say what failed and what it left as it was."""
    report_failed_run(options.report, report)
    print(f"\nbuild failed: {report}", file=sys.stderr)
    if site.swapped:
        print(after_the_site(options), file=sys.stderr)
    else:
        print("Nothing was changed in the previous site folder.", file=sys.stderr)
    report_removals(site)
    return 1
