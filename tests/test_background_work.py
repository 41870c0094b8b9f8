"""Unit tests: a task run in the background (a build's handout printing) gives its result, or its
error, to whoever waits for it; a build that fails or stops asks every such task to stop and
waits for it first, so nothing writes into a folder the build then removes."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from patient_guide.worker_processes import Background, Stopping, stop_if_asked


def test_the_result_is_what_the_task_returned() -> None:
    assert Background(lambda stopping: [1, 2]).result() == [1, 2]
    assert not Background.running


def test_the_tasks_error_is_raised_to_whoever_waits() -> None:
    def too_long(stopping: threading.Event) -> None:
        raise ValueError("aftercare-a4.pdf prints on 3 pages")

    work = Background(too_long)
    with pytest.raises(ValueError, match="prints on 3 pages"):
        work.result()


def printing(started: threading.Event, steps: list[int], stopping: threading.Event) -> None:
    """Sixty steps of 50 ms (3 s in all), looking between them whether to stop."""
    started.set()
    for step in range(60):
        stop_if_asked(stopping)
        time.sleep(0.05)
        steps.append(step)


def test_stopping_all_stops_a_task_between_its_steps_and_waits_for_it() -> None:
    started, steps = threading.Event(), list[int]()
    work = Background(lambda stopping: printing(started, steps, stopping))
    assert started.wait(10)
    began = time.monotonic()
    Background.stop_all()
    assert time.monotonic() - began < 1, "stopped between steps, not at the end"
    assert 0 < len(steps) < 60 and not Background.running
    with pytest.raises(Stopping):
        work.result()


def test_a_second_ctrl_c_while_stopping_waits_until_the_task_has_stopped() -> None:
    """The wait is not cut short (a build would then remove its folder while the task writes
    into it): the second Ctrl-C comes after, as if it came then."""
    started, steps = threading.Event(), list[int]()
    Background(lambda stopping: printing(started, steps, stopping))
    assert started.wait(10)
    threading.Timer(0.01, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            Background.stop_all()
            time.sleep(1)  # the held Ctrl-C arrives at once, not after this
    finally:
        signal.signal(signal.SIGINT, previous)
    assert not Background.running, "waited for the task before the Ctrl-C came"
