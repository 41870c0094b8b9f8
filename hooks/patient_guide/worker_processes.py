"""Run a task over items in worker threads or worker processes, stopped cleanly by Ctrl-C; or
one task in the background."""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from functools import partial
from multiprocessing import get_context, resource_tracker
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import ClassVar, Generic, TypeVar

PR_SET_PDEATHSIG = 1  # linux/prctl.h
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
WORKER_GOODBYE_SECONDS = 10  # a worker told to stop has this long before it is killed
Item = TypeVar("Item")
Result = TypeVar("Result")


class WorkerStopped(Exception):
    """A printing worker process ended before it gave its result (killed, or out of memory)."""


Progress = Callable[[int], None]  # told how many more units of work are done
TICK = "tick"  # a worker's message before its answer: (TICK, units done)


@contextmanager
def mapped(
    task: Callable[..., Result],
    items: list[Item],
    workers: int,
    processes: bool = False,
    progress: Progress | None = None,
) -> Iterator[Iterable[Result]]:
    """task's results for items, in order, workers at a time: in threads (Typst lets go of the
    interpreter lock while it typesets), or in fresh processes for long batches, where the
    Python around Typst would otherwise take turns. Processes are spawned, never forked: a
    process that has typeset must not fork, as Typst's own threads would not come along. With
    progress, task is called as task(item, progress=...) and may say as it goes how much of
    its work is done; progress hears it in this thread (workers' ticks are sent over)."""
    if workers <= 1 or len(items) <= 1:
        yield map(task if progress is None else partial(task, progress=progress), items)
        return
    count = min(workers, len(items))
    if processes:
        with WorkerProcesses(task, count, progress) as pool:
            yield pool.results(items)
        return
    if progress is not None:
        task = partial(task, progress=_locked(progress))
    with ThreadPoolExecutor(count) as pool:
        try:
            yield pool.map(task, items)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # Ctrl-C: finish what runs, start none


class Stopping(Exception):
    """A background task saw that it was asked to stop, and stopped."""


class Background(Generic[Result]):
    """task(stopping) run in a thread of its own while the caller goes on (Typst lets go of the
    interpreter lock as it typesets, so a build's pages are made meanwhile). result() waits for
    it, and gives what it returned or raises what it raised. The task looks at `stopping` between
    steps and raises Stopping once it is set (see stop_all)."""

    running: ClassVar[set[Background[object]]] = set()  # those not yet waited for

    def __init__(self, task: Callable[[threading.Event], Result]) -> None:
        self._outcome: tuple[bool, object] = (False, None)
        self.stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(task,), name="background")
        Background.running.add(self)  # type: ignore[arg-type]
        self._thread.start()

    def _run(self, task: Callable[[threading.Event], Result]) -> None:
        try:
            self._outcome = (True, task(self.stopping))
        except BaseException as error:  # given to the caller by result()
            self._outcome = (False, error)

    def result(self) -> Result:
        self.wait()
        succeeded, value = self._outcome
        if not succeeded:
            assert isinstance(value, BaseException)
            raise value
        return value  # type: ignore[return-value]

    def wait(self) -> None:
        self._thread.join()
        Background.running.discard(self)

    @classmethod
    def stop_all(cls) -> None:
        """Ask every task still running to stop, and wait until each has (a build that fails or
        is stopped: nothing then writes into a folder it removes). A second Ctrl-C or SIGTERM
        meanwhile is held back until then, and acted on after."""
        works = list(cls.running)
        for work in works:
            work.stopping.set()
        with stop_signals_held():
            for work in works:
                work.wait()


def stop_if_asked(stopping: threading.Event | None) -> None:
    """Raise Stopping where a background task has been asked to stop."""
    if stopping is not None and stopping.is_set():
        raise Stopping


def _locked(progress: Progress) -> Progress:
    """progress, heard by one thread at a time."""
    lock = threading.Lock()

    def heard(units: int) -> None:
        with lock:
            progress(units)

    return heard


class WorkerProcesses:
    """Worker processes that each get the task once, then one item at a time. Stopped by an
    exception (Ctrl-C, SIGTERM, a fault), the builder kills them at once and waits only for
    them to be gone: each output folder is swapped in whole or not at all, and what a killed
    worker left is removed by the builder (see output_folders.remove_left_behind). A worker
    that dies is a WorkerStopped error, never a wait without end. (ProcessPoolExecutor, before
    Python 3.12, can wait for ever when a worker dies while a big task is sent to it.)"""

    def __init__(
        self, task: Callable[..., Result], count: int, progress: Progress | None = None
    ) -> None:
        self.task = task
        self.count = count
        self.progress = progress
        self.workers: list[tuple[BaseProcess, Connection]] = []

    def __enter__(self) -> WorkerProcesses:
        context = get_context("spawn")
        # Started by the first spawn, the resource tracker would unblock Ctrl-C and SIGTERM in
        # this thread (multiprocessing.resource_tracker.ensure_running): start it before.
        resource_tracker.ensure_running()
        try:
            with stop_signals_held():  # no worker is left half-started, nor is it killed so
                for _ in range(self.count):
                    mine, theirs = context.Pipe()
                    process = context.Process(
                        target=work, args=(theirs, os.getpid()), name="print-worker", daemon=True
                    )
                    self.workers.append((process, mine))
                    try:
                        process.start()
                    finally:
                        theirs.close()  # the worker's end is in the worker only: its end is seen
        except BaseException:
            self.stop(kill=True)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, *details: object) -> None:
        self.stop(kill=kind is not None)

    def results(self, items: list[Item]) -> Iterator[Result]:
        """task(item) for each item, in the order of items."""
        waiting = list(enumerate(items))[::-1]  # popped from the end: first item first
        busy: dict[Connection, int] = {}
        done: dict[int, tuple[bool | str, object]] = {}  # (succeeded, value), never a tick
        for process, connection in self.workers:
            self._send(process, connection, (self.task, self.progress is not None))
            if waiting:
                busy[connection] = self._give(process, connection, waiting.pop())
        following = 0
        while following < len(items):
            if following in done:
                succeeded, value = done.pop(following)
                following += 1
                if not succeeded:
                    raise value  # type: ignore[misc]  # the task's own exception
                yield value  # type: ignore[misc]  # task's result
                continue
            assert busy, "an item is neither done, nor given, nor waiting"
            for ready in wait(list(busy)):
                connection = ready  # type: ignore[assignment]
                process = next(p for p, c in self.workers if c is connection)
                answer = self._receive(process, connection)
                if answer[0] == TICK:  # work done so far, before the answer
                    if self.progress is not None:
                        self.progress(answer[1])  # type: ignore[arg-type]  # a count
                    continue
                index = busy.pop(connection)
                done[index] = answer
                if waiting:
                    busy[connection] = self._give(process, connection, waiting.pop())

    def _give(self, process: BaseProcess, connection: Connection, item: tuple[int, Item]) -> int:
        self._send(process, connection, item)
        return item[0]

    @staticmethod
    def _send(process: BaseProcess, connection: Connection, message: object) -> None:
        try:
            connection.send(message)
        except OSError:  # the worker has gone (a broken pipe)
            raise WorkerStopped(stopped(process)) from None

    @staticmethod
    def _receive(process: BaseProcess, connection: Connection) -> tuple[bool | str, object]:
        try:
            answer: tuple[bool | str, object] = connection.recv()
        except (EOFError, OSError):
            raise WorkerStopped(stopped(process)) from None
        except Exception as error:  # an answer that cannot be unpickled here
            raise WorkerStopped(f"a printing worker's answer could not be read: {error}") from None
        return answer

    def stop(self, *, kill: bool) -> None:
        """End the workers: told to, when all went well; killed at once otherwise. Either way,
        they are gone when this returns."""
        for process, connection in self.workers:
            if not kill:
                with suppress(OSError):
                    connection.send(None)
            elif process.pid is not None and process.exitcode is None:
                process.kill()
        for process, connection in self.workers:
            if process.pid is not None:
                process.join(None if kill else WORKER_GOODBYE_SECONDS)
                if process.exitcode is None:
                    process.kill()
                    process.join()
            connection.close()
        self.workers = []


@contextmanager
def stop_signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while the body runs, then act on the first that came.
    Processes started meanwhile start with them blocked (the mask is inherited), so a Ctrl-C
    to the whole group cannot kill one half-started either: each unblocks them once it has
    set its own handling (see work)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread can set handlers; it is the one Ctrl-C stops
        return
    arrived: list[int] = []
    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    for number in STOP_SIGNALS:
        signal.signal(number, lambda number, frame: arrived.append(number))
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # one that came is noted now
        for number, handler in previous.items():
            signal.signal(number, handler)
        if arrived:
            signal.raise_signal(arrived[0])  # as if it came now


def stopped(process: BaseProcess) -> str:
    """What happened to a worker that ended before it gave its result."""
    process.join(1)
    code = process.exitcode
    how = (
        f"was killed (signal {-code})"
        if code is not None and code < 0
        else f"ended with status {code}"
        if code is not None
        else "stopped answering"
    )
    return (
        f"a printing worker process {how} before it finished; if the machine ran out of "
        "memory, print with fewer --jobs"
    )


def work(connection: Connection, builder: int) -> None:
    """A worker process: the task once (and whether it tells its progress), then items one at a
    time, each answered with (True, result) or (False, the exception), after any (TICK, units)
    the task tells as it goes, until told to stop (None) or the builder goes."""
    start_worker(builder)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # held back while it started
    try:
        task, tells_progress = connection.recv()
        if tells_progress:
            task = partial(task, progress=lambda units: connection.send((TICK, units)))
        while (message := connection.recv()) is not None:
            _index, item = message
            try:
                answer: tuple[bool, object] = (True, task(item))
            except Exception as error:
                answer = (False, error)
            try:
                connection.send(answer)
            except (pickle.PicklingError, TypeError, AttributeError):  # an exception unpicklable
                connection.send((False, WorkerStopped(f"{answer[1]!r}")))
    except (EOFError, OSError):  # the builder has gone
        return


def start_worker(builder: int) -> None:
    """A worker process dies with the builder that started it (killed, it cannot stop its
    workers), and leaves Ctrl-C to it: the terminal sends Ctrl-C to the whole group, and the
    builder stops the batch (see WorkerProcesses)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with(builder)


def die_with(parent: int) -> None:
    """Have this process killed when its parent process ends: at once on Linux (the kernel's
    parent-death signal), within a second elsewhere (a thread that watches the parent)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before the signal was set
                    os._exit(1)
                return
        except (AttributeError, OSError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="watch-builder", daemon=True).start()
