"""Loaded into every Python process of a build under test (as sitecustomize): counts the
moments a build changes its folders and kills the builder, and the process itself, at one."""

from __future__ import annotations

import fcntl
import os
import signal
import sys

COUNTER = os.environ.get("KILL_POINTS_COUNTER", "")  # a file shared by every process
KILL_AT = int(os.environ.get("KILL_AT", "0"))  # 0: only count
BUILDER = "KILL_POINTS_BUILDER"
os.environ.setdefault(BUILDER, str(os.getpid()))  # the first process is the builder


def _is_kill_point(event: str, arguments: tuple[object, ...]) -> bool:
    if event in {"os.rename", "shutil.rmtree"}:
        return True
    if event == "ctypes.dlsym":  # renameat2 looked up: the exchange (the swap) comes next
        return arguments[1:2] == ("renameat2",)
    if event == "open" and len(arguments) > 1 and isinstance(arguments[0], str | bytes):
        path, mode = os.fsdecode(arguments[0]), arguments[1]
        writing = isinstance(mode, str) and ("w" in mode or "x" in mode)
        return writing and (path.endswith(".patient-guide-output") or path.endswith(".pdf"))
    return False


def _count(event: str, arguments: tuple[object, ...]) -> int:
    """This moment's number among all processes' moments; each is logged, one line."""
    with open(COUNTER, "a+") as counter:
        fcntl.flock(counter, fcntl.LOCK_EX)
        counter.seek(0)
        number = counter.read().count("\n") + 1
        counter.write(f"{os.getpid()} {event} {arguments[:2]!r:.200}\n".replace("\n", " ") + "\n")
        return number


def _audit(event: str, arguments: tuple[object, ...]) -> None:
    if not COUNTER or not _is_kill_point(event, arguments):
        return
    if _count(event, arguments) == KILL_AT:
        os.kill(int(os.environ[BUILDER]), signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)


sys.addaudithook(_audit)
