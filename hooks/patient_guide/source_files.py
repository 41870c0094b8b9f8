"""Source files the build can read: ordinary files of a sane size, checked before any is read
(a named pipe would hang the build, a link to /dev/zero would fill the disk)."""

from __future__ import annotations

import stat
from pathlib import Path

from .data_files import shown_path

# No page, picture or script of the guide comes near this; a bigger file is a mistake.
MAX_SOURCE_BYTES = 50 * 1024 * 1024


def not_an_ordinary_file(path: Path) -> str | None:
    """Why path (its links followed) is not an ordinary file the build can read, or None."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "is a link to nothing" if path.is_symlink() else "is not there"
    except OSError as error:  # a loop of links, a folder that cannot be read...
        return f"cannot be read ({error.strerror or error})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        kind = "a folder"
    elif stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    else:
        kind = "a special file"
    link = ", through a link" if path.is_symlink() else ""
    return f"is {kind}{link}, not an ordinary file"


def source_file_problem(path: Path, max_bytes: int = MAX_SOURCE_BYTES) -> str | None:
    """What is wrong with a source file the build would read, one line, or None."""
    problem = not_an_ordinary_file(path)
    if problem is not None:
        return f"{shown_path(path)}: {problem}; replace it with an ordinary file, or remove it"
    size = path.stat().st_size
    if size > max_bytes:
        return (
            f"{shown_path(path)}: is {size / 1024 / 1024:.0f} MB, more than the "
            f"{max_bytes // 1024 // 1024} MB a source file may be; make it smaller, or remove it"
        )
    return None
