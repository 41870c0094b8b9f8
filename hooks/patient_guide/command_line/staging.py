"""Build into a new folder beside the old one and swap it in only when the build has succeeded."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class OutputFolderError(Exception):
    """The output folder cannot be used; the message says which and what to choose instead."""


@contextmanager
def staging_folder(target: Path, option: str = "--site-dir") -> Iterator[Path]:
    """A new folder beside target; on success it replaces target, on failure it is removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and not target.is_dir():
        raise OutputFolderError(f"{target}: exists and is not a folder; choose another {option}")
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        staging.chmod(0o755)  # readable by a web server, like a folder mkdir makes
        yield staging
        retired = target.with_name(f".{target.name}.old-{os.getpid()}")
        if target.exists():
            target.rename(retired)
        staging.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
