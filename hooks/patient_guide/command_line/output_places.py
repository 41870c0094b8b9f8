"""The folders of a project that no output may replace, sit inside or hold."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..output_folders import ProtectedFolder

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def project_places(config_file: Path, clinic: Path | None = None) -> list[ProtectedFolder]:
    """The project's folders that are known before its configuration is read: the project,
    its history, environment and cache, the usual pages, hooks and overrides, and the clinic
    files' folder."""
    project = config_file.resolve().parent
    places = [
        ProtectedFolder(project, "the project folder", may_hold_outputs=True),
        ProtectedFolder(project / ".git", "the project's history"),
        ProtectedFolder(project / ".venv", "the project's environment"),
        ProtectedFolder(project / ".cache", "the build's cache"),
        ProtectedFolder(project / "docs", "the pages folder"),
        ProtectedFolder(project / "hooks", "the hooks folder"),
        ProtectedFolder(project / "overrides", "the theme's overrides"),
    ]
    if clinic is not None:
        folder = clinic if clinic.is_dir() else clinic.parent
        places.append(ProtectedFolder(folder, "the clinic files' folder"))
    return places


def output_places(config: MkDocsConfig, clinic: Path | None = None) -> list[ProtectedFolder]:
    """The project's folders, as its configuration names them, and the clinic files' folder."""
    hooks: dict[str, Any] = config.hooks  # type: ignore[assignment]  # name -> hook module
    hook_folders = {Path(module.__file__).resolve().parent for module in hooks.values()}
    places = [
        *project_places(Path(config.config_file_path or "mkdocs.yml"), clinic),
        ProtectedFolder(Path(config.docs_dir), "the pages folder (docs_dir)"),
        *(ProtectedFolder(folder, "the hooks folder") for folder in sorted(hook_folders)),
    ]
    if config.theme.custom_dir:
        places.append(ProtectedFolder(Path(config.theme.custom_dir), "the theme's overrides"))
    return places
