"""Fixed slices (shards) of a folder's clinic files, so several machines can share one batch."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SHARD_TEXT = re.compile(r"([0-9]{1,6})/([0-9]{1,6})")  # a million shards is plenty
SHARD_FORM = "write it as K/N, whole numbers with 1 <= K <= N, e.g. --shard 2/4"


@dataclass(frozen=True)
class Shard:
    """Slice number `index` (counted from 1) of `count` slices."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if not 1 <= self.index <= self.count:
            raise ValueError(f"shard {self.index}/{self.count} does not exist; {SHARD_FORM}")

    def __str__(self) -> str:
        return f"shard {self.index} of {self.count}"


def parse_shard(text: str) -> Shard:
    """The shard written as K/N, e.g. "2/4"; a ValueError in plain words for anything else."""
    match = SHARD_TEXT.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a shard; {SHARD_FORM}")
    return Shard(int(match[1]), int(match[2]))


def shard_of(files: Sequence[Path], shard: Shard) -> list[Path]:
    """The files at positions K-1, K-1+N, K-1+2N... (round-robin): the shards' sizes differ by
    at most one, and the same files in the same order give the same shards on every machine."""
    return list(files[shard.index - 1 :: shard.count])
