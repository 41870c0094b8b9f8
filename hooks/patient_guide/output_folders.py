"""Output folders that cannot lose anything: refused places, a mark on what the build wrote,
atomic swaps, and the removal of what a killed build left behind."""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .data_files import shown_path

# Written into every folder the build makes, and looked for before a folder is replaced.
MARK = ".patient-guide-output"
MARK_TEXT = (
    "This folder was written by the microneedling patient guide's build. The next build "
    "replaces it whole: keep no files of your own here.\n"
)
# What builds made before the mark existed: the site's _headers file says who wrote it.
OLD_SITE_MARK = ("_headers", "# Made by each build (hooks/patient_guide/site/security_headers.py)")
# A staging folder (the new output, being written) and a retired one (the old output, being
# removed), each named after its target and the process that made it.
STAGES = ("building", "old")
RENAME_EXCHANGE = 2  # linux/fs.h: swap two paths in one step
SUGGESTIONS = {
    "--site-dir": "a new folder, such as site/",
    "--clinic-output": "a new folder, such as clinic-handouts/",
}


class OutputFolderError(Exception):
    """An output folder that cannot be used; the message says which and what to choose."""


@dataclass(frozen=True)
class ProtectedFolder:
    """A folder no output may replace, sit inside, or contain: what it is, for messages."""

    path: Path
    what: str  # e.g. "the pages folder"
    may_hold_outputs: bool = False  # the project folder holds site/ and clinic-handouts/


def check_output_place(
    target: Path, protected: Iterable[ProtectedFolder], option: str, *, whole: bool = True
) -> None:
    """Refuse an output place that is, holds or sits inside a folder the user keeps, or (when
    the build replaces it whole) an existing folder this project did not write (no mark)."""
    target = target.resolve()
    instead = SUGGESTIONS.get(option, "a new folder")
    for folder in protected:
        place = folder.path.resolve()
        where = f"{option} {shown_path(target)}"
        if target == place:
            problem = f"is {folder.what} ({shown_path(place)}), which the build would replace"
        elif place.is_relative_to(target):
            problem = f"holds {folder.what} ({shown_path(place)}), which the build would delete"
        elif target.is_relative_to(place) and not folder.may_hold_outputs:
            problem = f"is inside {folder.what} ({shown_path(place)})"
        else:
            continue
        raise OutputFolderError(f"{where}: {problem}; choose {instead}")
    if whole:
        check_replaceable(target, option)
    elif target.exists() and not target.is_dir():
        raise OutputFolderError(
            f"{option} {shown_path(target)}: exists and is not a folder; choose another {option}"
        )


def check_replaceable(target: Path, option: str) -> None:
    """Refuse a target that exists and is not an empty folder or one this project wrote."""
    if not target.exists() and not target.is_symlink():
        return
    if target.is_symlink() or not target.is_dir():
        raise OutputFolderError(
            f"{option} {shown_path(target)}: exists and is not a folder; choose another {option}"
        )
    if not written_by_this_project(target):
        raise OutputFolderError(
            f"{option} {shown_path(target)}: holds files this build did not write, and the "
            f"build replaces the whole folder; choose a new or empty folder, or move them out"
        )


def written_by_this_project(folder: Path) -> bool:
    """True for an empty folder, or one holding the build's mark (or an older build's)."""
    try:
        if (folder / MARK).is_file() or not any(folder.iterdir()):
            return True
        name, first_line = OLD_SITE_MARK
        old_mark = folder / name
        if old_mark.is_file():
            return old_mark.read_text(errors="replace").startswith(first_line)
        return _old_clinic_folder(folder)
    except OSError:
        return False


def _old_clinic_folder(folder: Path) -> bool:
    """A clinic's folder from before the mark: handout PDFs only, and a folder of PDFs per
    translation (es/)."""
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink() and entry.name.isalpha():
            if not all(part.is_file() and part.suffix == ".pdf" for part in entry.iterdir()):
                return False
        elif entry.is_symlink() or not (entry.is_file() and entry.suffix == ".pdf"):
            return False
    return True


def umask() -> int:
    """This process's umask, which new folders' permissions should follow."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def stage_name(target: Path, stage: str) -> Path:
    """A staging or retired folder beside target, named for it and this process."""
    return target.with_name(f".{target.name}.{stage}-{os.getpid()}-{secrets.token_hex(4)}")


@contextmanager
def replaced_atomically(
    target: Path, option: str = "--site-dir", staging: Path | None = None
) -> Iterator[Path]:
    """A new folder beside target (staging, when its name was chosen before); on success it is
    marked and takes target's place in one step (the old folder, if any, is then removed), on
    failure it is removed. Whatever moment the process dies at, target is the old folder or the
    new one, never missing or half-written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = staging or stage_name(target, "building")
    staging.mkdir(mode=0o777 & ~umask())
    try:
        yield staging
        (staging / MARK).write_text(MARK_TEXT)  # after the build, which empties its folder first
        check_replaceable(target, option)  # the folder may have changed while the build ran
        retired = swap_in(staging, target)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def swap_in(new: Path, target: Path) -> Path | None:
    """Put new at target in one step; the old target's folder (now elsewhere) is returned."""
    if not target.exists():
        try:
            new.rename(target)  # atomic, and refused if target has just been made
            return None
        except OSError as error:
            if error.errno not in {errno.EEXIST, errno.ENOTEMPTY}:
                raise
    if exchange(new, target):
        return new  # new's name now holds the old folder
    retired = stage_name(target, "old")
    target.rename(retired)  # where an exchange is not possible: the next run restores it
    new.rename(target)
    return retired


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_cwd = -100  # AT_FDCWD
    done = renameat2(
        at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), ctypes.c_uint(RENAME_EXCHANGE)
    )
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in {errno.EINVAL, errno.ENOSYS, errno.EXDEV}:  # a file system that cannot exchange
        return False
    raise OSError(code, os.strerror(code), str(second))


def left_behind(parent: Path, name: str | None = None) -> list[tuple[Path, Path]]:
    """Staging and retired folders in parent (for the target name, or for any) whose build has
    died, each with the target it was made for."""
    found = []
    try:
        entries = sorted(parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        owner = _owner(entry.name)
        if owner is None or (name is not None and owner[0] != name):
            continue
        if not _alive(owner[1]) and entry.is_dir() and not entry.is_symlink():
            found.append((entry, parent / owner[0]))
    return found


def remove_left_behind(parent: Path, name: str | None = None) -> list[str]:
    """Remove what builds that died left in parent, first restoring a target that a dead build
    had moved aside; say what was done, one line each."""
    done = []
    for entry, target in left_behind(parent, name):
        if ".old-" in entry.name and not target.exists():
            entry.rename(target)
            done.append(f"restored {shown_path(target)}, moved aside by a build that was stopped")
        else:
            shutil.rmtree(entry, ignore_errors=True)
            done.append(f"removed {shown_path(entry)}, left by a build that was stopped")
    return done


def _owner(entry: str) -> tuple[str, int] | None:
    """The target name and process id in a staging or retired folder's name (0 for older
    builds' names, which carried none); None for any other name."""
    if not entry.startswith("."):
        return None
    stem, dot, rest = entry[1:].rpartition(".")
    stage, dash, suffix = rest.partition("-")
    if not (stem and dot and dash) or stage not in (*STAGES, "printing"):  # printing: older
        return None
    pid, dash, _random = suffix.partition("-")
    return stem, int(pid) if pid.isdigit() and dash else 0


def _alive(pid: int) -> bool:
    """Whether the process still runs: one that has ended but not been reaped (a zombie, as
    a killed builder's workers become where nothing reaps them) does not."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (not Linux): the signal said it exists
    return state not in {"Z", "X"}
