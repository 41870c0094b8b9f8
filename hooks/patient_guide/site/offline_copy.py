"""Pack the offline site into one zip for a USB stick, the same bytes for the same site."""

from __future__ import annotations

import glob
import os
import zipfile
from pathlib import Path

from ..data_files import shown_path
from ..output_folders import MARK_TEXT, OLD_SITE_MARK, OutputFolderError, alive

# Zip entries carry a date; a fixed one keeps the zip identical build after build.
ENTRY_DATE = (1980, 1, 1, 0, 0, 0)
# The zip's comment says who wrote it, so a later build replaces only a zip of its own.
COMMENT = MARK_TEXT.encode()


def check_site_zip(target: Path, folder_name: str) -> None:
    """Refuse to replace a file at target that is not an offline copy this project wrote."""
    if not target.exists() and not target.is_symlink():
        return
    try:
        with zipfile.ZipFile(target) as archive:
            if archive.comment == COMMENT:
                return
            name, first_line = OLD_SITE_MARK  # a zip from before the comment: its _headers
            headers = archive.read(f"{folder_name}/{name}").decode(errors="replace")
            if headers.startswith(first_line):
                return
    except (OSError, KeyError, zipfile.BadZipFile):
        pass
    raise OutputFolderError(
        f"{shown_path(target)}: the offline copy's zip would replace a file this build did not "
        "write; move that file, or choose another --site-dir"
    )


def write_site_zip(site: Path, target: Path, folder_name: str) -> None:
    """Zip every file of site under folder_name/; target is replaced only once complete. A
    part-written zip that a stopped build left beside it is removed first."""
    for left in target.parent.glob(f".{glob.escape(target.name)}.writing-*"):
        pid = left.name.rpartition("-")[2]
        if pid.isdigit() and not alive(int(pid)) and left.is_file() and not left.is_symlink():
            left.unlink(missing_ok=True)
    partial = target.with_name(f".{target.name}.writing-{os.getpid()}")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.comment = COMMENT
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    name = f"{folder_name}/{path.relative_to(site).as_posix()}"
                    entry = zipfile.ZipInfo(name, date_time=ENTRY_DATE)
                    entry.external_attr = 0o644 << 16
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(entry, path.read_bytes())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
