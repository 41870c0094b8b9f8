"""Unit tests: a task run in the background (a build's handout printing) gives its result, or its
error, to whoever waits for it; a build that fails or stops waits for every such task first, so
nothing writes into a folder the build then removes."""

from __future__ import annotations

import threading

import pytest

from patient_guide.worker_processes import Background


def test_the_result_is_what_the_task_returned() -> None:
    assert Background(lambda: [1, 2]).result() == [1, 2]
    assert not Background.running


def test_the_tasks_error_is_raised_to_whoever_waits() -> None:
    def too_long() -> None:
        raise ValueError("aftercare-a4.pdf prints on 3 pages")

    work = Background(too_long)
    with pytest.raises(ValueError, match="prints on 3 pages"):
        work.result()


def test_waiting_for_all_returns_only_once_every_task_has_ended() -> None:
    started, release = threading.Event(), threading.Event()
    ended: list[str] = []

    def printing() -> None:
        started.set()
        release.wait(10)
        ended.append("written")

    Background(printing)
    assert started.wait(10)
    threading.Timer(0.1, release.set).start()  # the task is still running when the wait begins
    Background.wait_for_all()
    assert ended == ["written"] and not Background.running
