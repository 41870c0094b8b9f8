"""A WeasyPrint URL fetcher that reads data: URLs and files inside the build, and nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from weasyprint.urls import URLFetcher


class LocalFilesOnly(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher that serves data: URLs and files inside the given folders only."""

    def __init__(self, allowed_folders: list[Path]) -> None:
        super().__init__(fail_on_errors=True)
        self.allowed = [folder.resolve() for folder in allowed_folders]

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file://"):
            path = Path(url.removeprefix("file://").split("?")[0]).resolve()
            if any(path.is_relative_to(folder) for folder in self.allowed):
                return super().fetch(url, headers)
        raise ValueError(f"handouts may only use files inside the build, not {url}")
