"""The build cache: kept compiled templates are used again, and never hide an edit."""

from __future__ import annotations

from pathlib import Path

from .conftest import build_in_process, built_page


def kept_entries(project: Path, kind: str) -> set[str]:
    folder = project / ".cache" / "patient-guide" / "mkdocs" / kind
    return {entry.name for entry in folder.iterdir()} if folder.is_dir() else set()


def test_compiled_templates_are_kept_and_an_edit_is_built_anyway(
    project_copy: Path, tmp_path: Path
) -> None:
    config = project_copy / "mkdocs.yml"
    build_in_process(config, tmp_path / "first")
    theme_templates = kept_entries(project_copy, "theme-templates")
    page_templates = kept_entries(project_copy, "page-templates")
    assert len(theme_templates) > 10, theme_templates  # Material's templates, ours included
    assert len(page_templates) >= 10, page_templates  # one per page

    build_in_process(config, tmp_path / "second")
    assert kept_entries(project_copy, "theme-templates") == theme_templates
    assert kept_entries(project_copy, "page-templates") == page_templates

    override = project_copy / "overrides" / "main.html"
    edited = '{% block extrahead %}<meta name="edited" content="EDITED-HEAD">'
    override.write_text(override.read_text().replace("{% block extrahead %}", edited))
    page = project_copy / "docs" / "results.md"
    page.write_text(
        page.read_text().replace("# Results and how many sessions", "# Results and visits")
    )
    build_in_process(config, tmp_path / "third")
    html = built_page(tmp_path / "third", "results.md").read_text()
    assert "EDITED-HEAD" in html
    assert ">Results and visits<" in html
    # the entries of the old main.html and results.md are replaced, not added to
    assert len(kept_entries(project_copy, "theme-templates")) == len(theme_templates)
    assert len(kept_entries(project_copy, "page-templates")) == len(page_templates)
