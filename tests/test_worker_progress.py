"""Unit tests: a task run by mapped() may tell its progress as it goes, from threads, from
worker processes or in this process, and its results still come in order."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from patient_guide.worker_processes import mapped


def counted(item: int, progress: Callable[[int], None]) -> int:
    """Tell one unit of work done per unit of the item, then answer."""
    for _ in range(item):
        progress(1)
    return item * 10


@pytest.mark.parametrize(("workers", "processes"), [(1, False), (2, False), (2, True)])
def test_progress_is_heard_for_every_unit_and_results_keep_their_order(
    workers: int, processes: bool
) -> None:
    heard: list[int] = []
    items = [3, 0, 5, 1]
    with mapped(counted, items, workers, processes=processes, progress=heard.append) as results:
        answers = list(results)
    assert answers == [30, 0, 50, 10]
    assert sum(heard) == 9 and set(heard) == {1}
