"""Pack the offline site into one zip for a USB stick, the same bytes for the same site."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

# Zip entries carry a date; a fixed one keeps the zip identical build after build.
ENTRY_DATE = (1980, 1, 1, 0, 0, 0)


def write_site_zip(site: Path, target: Path, folder_name: str) -> None:
    """Zip every file of site under folder_name/; target is replaced only once complete."""
    partial = target.with_name(f".{target.name}.writing-{os.getpid()}")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
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
