"""Build the patient-guide website: check the configuration, build the site strictly, report."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import bootstrap

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PROJECT = Path(__file__).resolve().parent
RUNTIME_LOCK = "requirements.lock"
DEBIAN_PACKAGES: dict[str, str] = {}
T = TypeVar("T")


class BuildFailed(Exception):
    """A problem the user can fix, already explained in the message."""


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
        default=PROJECT / "site",
        metavar="DIR",
        help="where to write the built site (default: site/)",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="also print MkDocs' informational messages"
    )
    return parser.parse_args(argv)


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


def show_mkdocs_messages(verbose: bool) -> None:
    """Print MkDocs' warnings and errors (and with --verbose, its info) on standard error."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("\n%(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


def load_configuration(config_file: Path, site_dir: Path) -> MkDocsConfig:
    from mkdocs.config import load_config

    if not config_file.is_file():
        raise BuildFailed(f"{config_file}: no such file; pass --config with your mkdocs.yml")
    return load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)


def build_site(config: MkDocsConfig) -> None:
    from mkdocs.commands.build import build

    config.plugins.on_startup(command="build", dirty=False)
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
    try:
        yield staging
        retired = target.with_name(f".{target.name}.old-{os.getpid()}")
        if target.exists():
            target.rename(retired)
        staging.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def site_report(site_dir: Path) -> str:
    pages = sorted(site_dir.rglob("*.html"))
    size = sum(path.stat().st_size for path in site_dir.rglob("*") if path.is_file())
    return f"{len(pages)} HTML pages, {size / 1024:.0f} KiB in {os.path.relpath(site_dir)}/"


def main(args: argparse.Namespace) -> int:
    from mkdocs.exceptions import MkDocsException

    show_mkdocs_messages(args.verbose)
    site_dir = args.site_dir.resolve()
    started = time.perf_counter()
    try:
        with staging_folder(site_dir) as staging:
            config = step(
                1, 2, "check configuration", lambda: load_configuration(args.config, staging)
            )
            step(2, 2, "build site (strict)", lambda: build_site(config))
    except (BuildFailed, MkDocsException) as error:
        message = str(error) or type(error).__name__
        print(f"\nbuild failed: {message}", file=sys.stderr)
        print("Nothing was changed in the previous site folder.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nbuild interrupted; the previous site folder is unchanged.", file=sys.stderr)
        return 130
    print(f"built {site_report(site_dir)} in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    arguments = parse_args()
    bootstrap.run_in_venv(RUNTIME_LOCK, DEBIAN_PACKAGES)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main(arguments))
