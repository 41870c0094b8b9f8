"""The folders of a project that no output may replace, sit inside or hold."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..output_folders import ProtectedFolder

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# The folders of a project, by their usual names, and what each is (for messages).
PROJECT_FOLDERS = {
    ".git": "the project's history",
    ".venv": "the project's environment",
    ".cache": "the build's cache",
    "docs": "the pages folder",
    "hooks": "the hooks folder",
    "overrides": "the theme's overrides",
    "clinics": "the clinic files' folder",
}


def project_places(
    config_file: Path, clinic: Path | None = None, project: Path | None = None
) -> list[ProtectedFolder]:
    """The project's folders that are known before its configuration is read: the project
    (where build.py is, and the configuration's folder), its history, environment and cache,
    the usual pages, hooks, overrides and clinic files, and the folder of the clinic files
    that --clinic names."""
    roots = [] if project is None else [project.resolve()]
    if config_file.resolve().parent not in roots:
        roots.append(config_file.resolve().parent)
    places = [ProtectedFolder(root, "the project folder", may_hold_outputs=True) for root in roots]
    places += [
        ProtectedFolder(root / name, what)
        for root in roots
        for name, what in PROJECT_FOLDERS.items()
    ]
    if clinic is not None:
        places.append(clinic_folder(clinic, roots))
    return places


def clinic_folder(clinic: Path, roots: list[Path]) -> ProtectedFolder:
    """The folder of the clinic files that --clinic names. A folder of clinic files may not
    hold an output (the next batch would read it), unless it holds the project itself; the
    folder of one clinic file may, as only that file is read."""
    if clinic.is_dir():
        folder = clinic.resolve()
        holds_project = any(root.is_relative_to(folder) for root in roots)
        return ProtectedFolder(folder, "the clinic files' folder", may_hold_outputs=holds_project)
    return ProtectedFolder(
        clinic.resolve().parent, "the clinic file's folder", may_hold_outputs=True
    )


def output_places(
    config: MkDocsConfig, clinic: Path | None = None, project: Path | None = None
) -> list[ProtectedFolder]:
    """The project's folders, as its configuration names them, and the clinic files' folder."""
    hooks: dict[str, Any] = config.hooks  # type: ignore[assignment]  # name -> hook module
    hook_folders = {Path(module.__file__).resolve().parent for module in hooks.values()}
    config_file = Path(config.config_file_path or "mkdocs.yml")
    places = [
        *project_places(config_file, clinic, project),
        ProtectedFolder(Path(config.docs_dir), "the pages folder (docs_dir)"),
        *(ProtectedFolder(folder, "the hooks folder") for folder in sorted(hook_folders)),
    ]
    if config.theme.custom_dir:
        places.append(ProtectedFolder(Path(config.theme.custom_dir), "the theme's overrides"))
    return places
