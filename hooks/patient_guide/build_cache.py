"""Outputs kept between builds (handout PDFs, link-preview pictures), found by what made them.

An entry's name is a hash of everything that goes into it, so an entry is either exactly right or
not used; a build that changes a page makes that page's outputs again and keeps the rest. Each
entry starts with a hash of its own bytes: one cut short, damaged or changed by hand is not used,
and is made again. It lives in `.cache/` beside mkdocs.yml (like Material's own caches) and may be
deleted at any time. Entries a build did not use are removed at its end, so the folder holds one
build's worth.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

CACHE_FOLDER = Path(".cache") / "patient-guide"
CHECK_BYTES = 32  # each entry starts with the SHA-256 of the rest


def cache_key(*parts: bytes | str) -> str:
    """A name for an entry made from these inputs."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class BuildCache:
    """One kind of output (e.g. "handouts"), kept in its own folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    @classmethod
    def beside(cls, config_file: str | Path | None, kind: str) -> BuildCache:
        """The cache of the build configured by config_file (mkdocs.yml, or a translation's
        mkdocs.es.yml: each build removes the entries it did not use, so each has its own)."""
        config = Path(config_file or "mkdocs.yml")
        return cls(config.parent / CACHE_FOLDER / config.stem / kind)

    def get(self, key: str) -> bytes | None:
        """The data kept under key, or None: none kept, or not what was written (not a file, cut
        short, changed)."""
        self.used.add(key)
        path = self.folder / key
        try:
            kept = path.read_bytes() if path.is_file() else b""  # never wait on a pipe
        except OSError:
            return None
        check, data = kept[:CHECK_BYTES], kept[CHECK_BYTES:]
        if len(check) < CHECK_BYTES or hashlib.sha256(data).digest() != check:
            return None
        return data

    def keep(self, key: str, data: bytes) -> None:
        """Keep data under key, found this time elsewhere (in memory): written if missing (one
        there is not read: get() checks it when it is next needed)."""
        if (self.folder / key).is_file():
            self.used.add(key)
        else:
            self.put(key, data)

    def put(self, key: str, data: bytes) -> None:
        """Keep data under key; a cache that cannot be written is only slower, never an error."""
        self.used.add(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".writing-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(hashlib.sha256(data).digest())
                stream.write(data)
            os.replace(temporary, self.folder / key)
        except OSError:
            pass

    def forget_unused(self) -> None:
        """Remove the entries this build did not use."""
        if not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.name not in self.used:
                # A folder someone put there is not ours to remove: it is left alone.
                with contextlib.suppress(OSError):
                    entry.unlink(missing_ok=True)
        self.used.clear()
