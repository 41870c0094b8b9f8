"""What a hook knows during one MkDocs build, kept on that build's configuration.

MkDocs imports a hook file once and calls it for every build in the process: the English site,
each translation (built inside the English build's last event) and every rebuild of `mkdocs
serve`, each with a configuration of its own. So a hook's run is made when the build's
configuration is read (on_config) and kept on that configuration object, where every later
event, and build.py once the build is done, finds it. Nothing is kept between builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from ..labels import Labels, site_labels

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .site_build import MkDocsCommand

Run = TypeVar("Run")
RUNS = "patient_guide_runs"  # the configuration object's attribute that holds its runs


@dataclass
class Startup:
    """What MkDocs tells a hook once per process, before its first build (on_startup): the
    command it runs. A hook file keeps one; the runs it starts are told the command."""

    command: MkDocsCommand = "build"


def _runs(config: MkDocsConfig) -> dict[type, object]:
    runs: dict[type, object] = vars(config).setdefault(RUNS, {})
    return runs


def start_run(config: MkDocsConfig, run: Run) -> Run:
    """Keep a hook's run for this build (at on_config), in place of any kind it replaces."""
    _runs(config)[type(run)] = run
    return run


def run_of(config: MkDocsConfig, kind: type[Run]) -> Run:
    """The run of this kind that this build started (every event after on_config)."""
    run = finished_run(config, kind)
    if run is None:
        raise LookupError(f"{kind.__name__}: this build did not start one (on_config)")
    return run


def finished_run(config: MkDocsConfig, kind: type[Run]) -> Run | None:
    """The run of this kind of a build that ran with this configuration, or None."""
    run = _runs(config).get(kind)
    return run if isinstance(run, kind) else None


@dataclass(frozen=True)
class BuildLabels:
    """The words of a build's language (labels.yml), read once for the build."""

    labels: Labels


def build_labels(config: MkDocsConfig) -> Labels:
    """This build's labels: read when first asked for, then kept for its later events (a page's
    events ask for them once per page)."""
    kept = finished_run(config, BuildLabels)
    if kept is None:
        kept = start_run(config, BuildLabels(site_labels(config.docs_dir)))
    return kept.labels
