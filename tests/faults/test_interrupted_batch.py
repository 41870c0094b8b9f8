"""Worker processes that print clinic handouts: answers in order, a worker that dies is an
error and never a wait without end."""

from __future__ import annotations

import os
import time
from functools import partial

import pytest

from patient_guide.handouts.printing import WorkerStopped, mapped

pytestmark = pytest.mark.faults

STOP_WITHIN_SECONDS = 20  # the builder kills its workers; waiting for them takes far less


def tenfold(item: int, payload: bytes = b"") -> int:
    """A task for worker processes: item * 10; item 3 ends its worker, item 4 fails."""
    if item == 3:
        os._exit(3)  # as the kernel's out-of-memory killer would end it, without a word
    if item == 4:
        raise ValueError(f"no {item}")
    return item * 10


def test_worker_processes_answer_in_order_and_a_dead_worker_is_an_error_not_a_wait() -> None:
    big = partial(tenfold, payload=b"x" * (16 << 20))  # more than a pipe holds: sent in parts
    with mapped(big, [0, 1, 2, 5, 6, 7], 3, processes=True) as results:
        assert list(results) == [0, 10, 20, 50, 60, 70]
    started = time.monotonic()
    stopped = pytest.raises(WorkerStopped, match="a printing worker process ended with status 3")
    with stopped, mapped(big, [0, 1, 2, 3, 5, 6, 7, 8], 2, processes=True) as results:
        list(results)
    assert time.monotonic() - started < STOP_WITHIN_SECONDS
    failed = pytest.raises(ValueError, match="no 4")  # the task's own error, as in the builder
    with failed, mapped(big, [0, 4, 5], 2, processes=True) as results:
        list(results)
