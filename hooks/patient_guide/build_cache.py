"""Outputs kept between builds (handout PDFs, link-preview pictures), found by what made them.

An entry's name is a hash of everything that goes into it, so an entry is either exactly right or
not used; a build that changes a page makes that page's outputs again and keeps the rest. It lives
in `.cache/` beside mkdocs.yml (like Material's own caches) and may be deleted at any time. Entries
a build did not use are removed at its end, so the folder holds one build's worth.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

CACHE_FOLDER = Path(".cache") / "patient-guide"


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
        self.used.add(key)
        try:
            return (self.folder / key).read_bytes()
        except OSError:
            return None

    def keep(self, key: str, data: bytes) -> None:
        """Keep data under key, found this time elsewhere (in memory): written if missing."""
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
                entry.unlink(missing_ok=True)
        self.used.clear()
