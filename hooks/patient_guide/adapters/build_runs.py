"""What a hook knows during one MkDocs build, kept apart for each build.

MkDocs imports a hook file once and calls it for every build in the process: the English site,
each translation (built inside the English build's last event) and every rebuild of `mkdocs
serve`. So a hook keeps one run per build, made when the build's configuration is read and found
again from that configuration at each later event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .site_build import MkDocsCommand

Run = TypeVar("Run")
KEPT = 32  # the last builds' runs kept: a build, its translations and the runs before them


@dataclass(frozen=True)
class BuildStart:
    """What a run is made from: the build's configuration, the command (build, serve,
    gh-deploy) and the run of the build before it into the same site folder, if any."""

    config: MkDocsConfig
    command: MkDocsCommand
    before: object | None


class BuildRuns(Generic[Run]):
    """One run (Run) for each MkDocs build: `start` at the build's on_config, `of` after."""

    def __init__(self, make: Callable[[BuildStart], Run]) -> None:
        self.make = make
        self.command: MkDocsCommand = "build"  # set at on_startup, once for the process
        self.runs: list[tuple[MkDocsConfig, Run]] = []  # oldest first

    def start(self, config: MkDocsConfig) -> Run:
        before = next(
            (run for seen, run in reversed(self.runs) if seen.site_dir == config.site_dir), None
        )
        run = self.make(BuildStart(config, self.command, before))
        self.runs = [*self.runs[-(KEPT - 1) :], (config, run)]
        return run

    def of(self, config: MkDocsConfig) -> Run:
        """The run of the build whose configuration this is (every event after on_config)."""
        for seen, run in reversed(self.runs):
            if seen is config:
                return run
        raise LookupError(f"no build was started with {config.config_file_path}")

    def last_of(self, config: MkDocsConfig) -> Run | None:
        """The run of this configuration's build, if it ran (None before it, or without it)."""
        try:
            return self.of(config)
        except LookupError:
            return None
