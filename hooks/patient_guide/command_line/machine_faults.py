"""Faults of the machine (a full disk, an unwritable folder) told as plainly as mistakes."""

from __future__ import annotations

import errno

from ..data_files import shown_path

# Faults of the place written to: a copy that fails with one of them names the copy, not the
# file it was read from.
WRITING_FAULTS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}
# errno -> (what happened, what to do)
FAULTS = {
    errno.ENOSPC: ("the disk is full", "free some space on that disk, then build again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space, then build again"),
    errno.EROFS: ("the folder is read-only", "choose a folder you can write to"),
    errno.EACCES: ("permission denied", "choose a folder you can write to, or fix its permissions"),
    errno.EPERM: ("permission denied", "choose a folder you can write to, or fix its permissions"),
    errno.ENOENT: (
        "a file vanished while the site was built",
        "check that nothing else changes the project while it builds, then build again",
    ),
}


def machine_fault(error: OSError) -> str:
    """One line: where, what failed, what to do."""
    what, todo = FAULTS.get(error.errno or 0, (error.strerror or str(error), "build again"))
    place = error.filename2 if error.filename2 and error.errno in WRITING_FAULTS else error.filename
    where = shown_path(str(place)) if place else "the build"
    return f"{where}: {what}; {todo}"
