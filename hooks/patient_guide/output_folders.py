"""Output folders that cannot lose anything: refused places, a mark on what the build wrote,
atomic swaps, and the removal of what a killed build left behind."""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .data_files import shown_path
from .guide_errors import GuideError

# Written into every folder the build makes, and looked for before a folder is replaced.
MARK = ".patient-guide-output"
MARK_TEXT = (
    "This folder was written by the microneedling patient guide's build. The next build "
    "replaces it whole: keep no files of your own here.\n"
)
# What builds made before the mark existed: the site's _headers file says who wrote it. Only the
# offline copy's zip still goes by it; a folder without the mark is never replaced.
OLD_SITE_MARK = ("_headers", "# Made by each build (hooks/patient_guide/site/security_headers.py)")
# A staging folder (the new output, being written) and a retired one (the old output, being
# removed), each named after its target and the process that made it.
STAGES = ("building", "old")
# A staging or retired folder's whole name: .<target>.<stage>-<process id>-<8 hex digits>.
STAGE_NAME = re.compile(
    rf"\.(?P<target>.+)\.(?P<stage>{'|'.join(STAGES)})-(?P<pid>[1-9][0-9]*)-[0-9a-f]{{8}}"
)
RENAME_EXCHANGE = 2  # linux/fs.h: swap two paths in one step
SUGGESTIONS = {
    "--site-dir": "a new folder, such as site/",
    "--clinic-output": "a new folder, such as clinic-handouts/",
}


class OutputFolderError(GuideError):
    """An output folder that cannot be used; the message says which and what to choose."""


@dataclass(frozen=True)
class ProtectedFolder:
    """A folder no output may replace, sit inside, or contain: what it is, for messages."""

    path: Path
    what: str  # e.g. "the pages folder"
    may_hold_outputs: bool = False  # the project folder holds site/ and clinic-handouts/


@dataclass
class Replacement:
    """What a replaced_atomically did: whether the new folder took the target's place, and
    what it could not remove (one line each, saying why and what to do)."""

    swapped: bool = False
    problems: list[str] = field(default_factory=list)


def resolved(path: Path, option: str) -> Path:
    """path made absolute with its links followed; a link that loops is a wrong option."""
    try:
        return path.resolve()
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of links (Python 3.11)
        raise OutputFolderError(
            f"{option} {path}: cannot be followed ({error}); choose another {option}"
        ) from None


def check_output_place(
    target: Path, protected: Iterable[ProtectedFolder], option: str, *, whole: bool = True
) -> None:
    """Refuse an output place that is, holds or sits inside a folder the user keeps or a Git
    repository's own folder, or (when the build replaces it whole) an existing folder this
    project did not write (no mark)."""
    target = resolved(target, option)
    instead = SUGGESTIONS.get(option, "a new folder")
    where = f"{option} {shown_path(target)}"
    if target.parent == target:
        raise OutputFolderError(f"{where}: is the root of the file system; choose {instead}")
    blocking = next((up for up in target.parents if up.exists() and not up.is_dir()), None)
    if blocking is not None:
        raise OutputFolderError(
            f"{where}: is inside {shown_path(blocking)}, which is a file, not a folder; choose "
            f"{instead}"
        )
    for folder in protected:
        place = resolved(folder.path, option)
        if target == place:
            problem = f"is {folder.what} ({shown_path(place)}), which the build would replace"
        elif place.is_relative_to(target):
            problem = f"holds {folder.what} ({shown_path(place)}), which the build would delete"
        elif target.is_relative_to(place) and not folder.may_hold_outputs:
            problem = f"is inside {folder.what} ({shown_path(place)})"
        else:
            continue
        raise OutputFolderError(f"{where}: {problem}; choose {instead}")
    repository = git_folder_around(target)
    if repository is not None:
        raise OutputFolderError(
            f"{where}: is part of a Git repository's own folder ({shown_path(repository)}), "
            f"which the build would damage; choose {instead}"
        )
    if whole:
        check_replaceable(target, option)
    elif target.exists() and not target.is_dir():
        raise OutputFolderError(
            f"{option} {shown_path(target)}: exists and is not a folder; choose another {option}"
        )


def git_folder_around(target: Path) -> Path | None:
    """The Git repository folder (a .git folder, or a bare repository) that target is or sits
    in, whatever repository it belongs to; None when there is none."""
    for folder in (target, *target.parents):
        if folder.name == ".git" or _is_git_folder(folder):
            return folder
    return None


def _is_git_folder(folder: Path) -> bool:
    """A folder laid out as Git keeps a repository: HEAD, objects/ and refs/."""
    try:
        return (
            (folder / "HEAD").is_file()
            and (folder / "objects").is_dir()
            and (folder / "refs").is_dir()
        )
    except OSError:
        return False


def check_replaceable(target: Path, option: str) -> None:
    """Refuse a target that exists and is not an empty folder or one this project wrote (and
    one that holds a Git repository, even in a folder this project wrote)."""
    if not target.exists() and not target.is_symlink():
        return
    if target.is_symlink() or not target.is_dir():
        raise OutputFolderError(
            f"{option} {shown_path(target)}: exists and is not a folder; choose another {option}"
        )
    if not written_by_this_project(target):
        raise OutputFolderError(
            f"{option} {shown_path(target)}: holds files this build did not write (it has no "
            f"{MARK} file), and the build replaces the whole folder; choose a new or empty "
            "folder, or move them out"
        )
    repository = git_folder_within(target)
    if repository is not None:
        raise OutputFolderError(
            f"{option} {shown_path(target)}: holds a Git repository ({shown_path(repository)}), "
            f"which replacing the folder would delete; move it out, or choose another {option}"
        )


def written_by_this_project(folder: Path) -> bool:
    """True for an empty folder, or one holding the build's mark (a file, not a link)."""
    try:
        if stat.S_ISREG((folder / MARK).lstat().st_mode):
            return True
    except OSError:
        pass
    try:
        return not any(folder.iterdir())
    except OSError:
        return False


def check_mkdocs_site_dir(site_dir: Path) -> None:
    """Refuse a site folder for `mkdocs build` (which empties it first) that holds files no build
    wrote: it is not empty, has no mark, and is not a built site (no sitemap or search index)."""
    if not site_dir.is_dir() or written_by_this_project(site_dir):
        return
    if (site_dir / "sitemap.xml").is_file() or (site_dir / "search").is_dir():
        return  # a site MkDocs built before, which it replaces as it always has
    raise OutputFolderError(
        f"site_dir {shown_path(site_dir)}: holds files no build wrote, and MkDocs empties the "
        "site folder before it builds; choose a new or empty folder (-d), or move them out"
    )


def git_folder_within(folder: Path) -> Path | None:
    """A Git repository's folder (.git, or a bare repository) anywhere inside folder."""
    for parent, folders, files in os.walk(folder):
        for name in [*folders, *files]:  # .git is a file in a worktree or a submodule
            path = Path(parent, name)
            if name == ".git" or (name in folders and _is_git_folder(path)):
                return path
    return None


def check_writable(place: Path, option: str) -> None:
    """Refuse an output place the build could not write into (read-only disk, no permission,
    a full disk), before anything is built; for a place not made yet, the folder it would be
    made in."""
    place = resolved(place, option)
    existing = next(folder for folder in (place, *place.parents) if os.path.lexists(folder))
    where = f"{option} {shown_path(place)}"
    if not existing.is_dir():
        raise OutputFolderError(
            f"{where}: {shown_path(existing)} is not a folder; choose another {option}"
        )
    try:
        disk = os.statvfs(existing)
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        return
    if disk.f_flag & os.ST_RDONLY:
        raise OutputFolderError(
            f"{where}: is on a read-only disk; choose a folder you can write to"
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputFolderError(
            f"{where}: {shown_path(existing)} cannot be written to (permission denied, or it is "
            "immutable); choose a folder you can write to, or fix its permissions"
        )
    root = getattr(os, "geteuid", lambda: -1)() == 0
    free = disk.f_bfree if root else disk.f_bavail  # root may use the disk's reserve
    if free * disk.f_frsize < 1024 * 1024:
        raise OutputFolderError(
            f"{where}: the disk is full; free some space on that disk, then build again"
        )


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
    target: Path,
    option: str = "--site-dir",
    staging: Path | None = None,
    replacement: Replacement | None = None,
) -> Iterator[Path]:
    """A new folder beside target (staging, when its name was chosen before), marked from the
    start; on success it takes target's place in one step (the old folder, if any, is then
    removed), on failure it is removed. Whatever moment the process dies at, target is the old
    folder or the new one, never missing or half-written. What could not be removed is told
    in replacement.problems."""
    done = replacement if replacement is not None else Replacement()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = staging or stage_name(target, "building")
    staging.mkdir(mode=0o777 & ~umask())
    try:
        # Marked at once, so a killed build's folder is known as the build's own; MkDocs keeps
        # hidden files when it empties its output folder.
        (staging / MARK).write_text(MARK_TEXT)
        yield staging
        if not (staging / MARK).is_file():  # put back, should the build have removed it
            (staging / MARK).write_text(MARK_TEXT)
        check_replaceable(target, option)  # the folder may have changed while the build ran
        retired = swap_in(staging, target)
        done.swapped = True
        if retired is not None:
            problem = removal_problem(retired)
            if problem:
                done.problems.append(
                    f"the previous {shown_path(target)}, moved to {shown_path(retired)}, "
                    f"could not be removed: {problem}"
                )
    finally:
        if not done.swapped and os.path.lexists(staging):
            problem = removal_problem(staging)
            if problem:
                done.problems.append(f"could not remove {shown_path(staging)}: {problem}")


def removal_problem(folder: Path) -> str | None:
    """Remove folder with everything in it; None when it is gone, else why it is not and what
    to do (one line). What can be removed is, but the mark goes last: a folder that cannot be
    removed whole stays marked, so the next build knows it as its own and tries again."""
    failures: list[tuple[str, BaseException]] = []
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name != MARK]
    except FileNotFoundError:
        return None
    except OSError as error:
        failures.append((str(folder), error))
        entries = []
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _remove_tree(entry.path, failures)
        else:
            try:
                os.unlink(entry.path)
            except FileNotFoundError:
                pass
            except OSError as error:
                failures.append((entry.path, error))
    if not failures:
        try:
            (folder / MARK).unlink(missing_ok=True)
            folder.rmdir()
        except FileNotFoundError:
            pass
        except OSError as error:
            failures.append((str(folder), error))
    if not os.path.lexists(folder):
        return None
    if not failures:
        return "its files kept changing while it was removed; remove it yourself"
    return why_not_removed(*failures[0])


def _remove_tree(path: str, failures: list[tuple[str, BaseException]]) -> None:
    """shutil.rmtree, noting each path it could not remove (and going on)."""

    def note(path: str, error: BaseException) -> None:
        if not isinstance(error, FileNotFoundError):
            failures.append((path, error))

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=lambda function, failed, error: note(failed, error))
    else:
        shutil.rmtree(path, onerror=lambda function, failed, info: note(failed, info[1]))


def why_not_removed(path: str, error: BaseException) -> str:
    """Why path could not be removed, and what to do, for a folder left in place."""
    where = f"{shown_path(path)}: "
    code = error.errno if isinstance(error, OSError) else None
    if code == errno.EPERM:
        return (
            f"{where}operation not permitted (it, or the folder it is in, may be immutable: see "
            "lsattr -d); remove the folder yourself, after chattr -i where lsattr shows an i"
        )
    if code == errno.EACCES:
        return f"{where}permission denied; remove the folder yourself, or fix its permissions"
    if code == errno.EROFS:
        return f"{where}the disk is read-only; remove the folder once the disk can be written"
    if code == errno.EBUSY:
        return f"{where}it is in use (a mount point?); remove the folder once it is free"
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return f"{where}{reason}; remove the folder yourself"


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


def left_behind(parent: Path, names: Iterable[str]) -> list[tuple[Path, Path]]:
    """Staging and retired folders in parent, for the targets named, whose build has died,
    each with the target it was made for. Only folders the build made count: named exactly as
    it names them, a real folder (not a link), and marked as the build's or empty."""
    wanted = set(names)
    found = []
    try:
        entries = sorted(parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        owner = STAGE_NAME.fullmatch(entry.name)
        if owner is None or owner["target"] not in wanted or alive(int(owner["pid"])):
            continue
        if entry.is_dir() and not entry.is_symlink() and written_by_this_project(entry):
            found.append((entry, parent / owner["target"]))
    return found


def remove_left_behind(parent: Path, names: Iterable[str]) -> list[str]:
    """Remove what builds that died left in parent for the targets named, first restoring a
    target that a dead build had moved aside; say what was done, one line each (and what could
    not be removed, why, and what to do)."""
    done = []
    for entry, target in left_behind(parent, names):
        stage = STAGE_NAME.fullmatch(entry.name)
        if stage is not None and stage["stage"] == "old" and not os.path.lexists(target):
            try:
                entry.rename(target)
            except OSError as error:
                done.append(
                    f"could not restore {shown_path(target)} from {shown_path(entry)}, moved "
                    f"aside by a build that was stopped: {error.strerror or error}; rename it "
                    f"back to {target.name} yourself"
                )
            else:
                done.append(
                    f"restored {shown_path(target)}, moved aside by a build that was stopped"
                )
            continue
        problem = removal_problem(entry)
        if problem:
            done.append(
                f"could not remove {shown_path(entry)}, left by a build that was stopped: {problem}"
            )
        else:
            done.append(f"removed {shown_path(entry)}, left by a build that was stopped")
    return done


def alive(pid: int) -> bool:
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
