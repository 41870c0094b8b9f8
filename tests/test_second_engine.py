"""The second engine: ProperDocs, a maintained fork of MkDocs 1.6, builds the same site, both
languages and every handout, byte for byte but for the generator's name."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bootstrap import SECOND_ENGINE_LOCK, SECOND_ENGINE_VENV
from tests.conftest import PDFS_PER_SET, copy_project

GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def built_with(command: Path, project: Path, site: Path) -> dict[str, bytes]:
    """The files a cold strict build with `command` writes, by path, generator tags blanked."""
    shutil.rmtree(project / ".cache", ignore_errors=True)  # each engine prints its own PDFs
    result = subprocess.run(
        [str(command), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(project / "hooks")},
    )  # fmt: skip
    assert result.returncode == 0, f"{command.name} build failed:\n{result.stderr[-3000:]}"
    return {
        path.relative_to(site).as_posix(): GENERATOR.sub(b'<meta name="generator">', data)
        for path in sorted(site.rglob("*"))
        if path.is_file() and (data := path.read_bytes()) is not None
    }


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    properdocs = SECOND_ENGINE_VENV / "bin" / "properdocs"
    assert properdocs.is_file(), (
        f"ProperDocs is not installed: run python3 run_tests.py, which sets up "
        f"{SECOND_ENGINE_VENV.name} from {SECOND_ENGINE_LOCK}"
    )
    project = copy_project(tmp_path / "project")
    by_properdocs = built_with(properdocs, project, tmp_path / "properdocs")
    by_mkdocs = built_with(Path(sys.executable).parent / "mkdocs", project, tmp_path / "mkdocs")
    assert sorted(by_properdocs) == sorted(by_mkdocs)
    assert [path for path in by_mkdocs if by_properdocs[path] != by_mkdocs[path]] == []
    assert sum(path.endswith(".pdf") for path in by_mkdocs) == 2 * PDFS_PER_SET, "both languages"
    page = (tmp_path / "properdocs" / "index.html").read_bytes()
    assert b"ProperDocs" in GENERATOR.search(page).group(1)  # type: ignore[union-attr]
