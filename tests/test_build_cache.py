"""The build cache: kept compiled templates are used again, and never hide an edit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from patient_guide.build_cache import BuildCache
from patient_guide.site.theme_templates import KeptThemeTemplates

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


def test_a_translation_uses_the_theme_templates_compiled_for_the_first_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Templates compiled for one build are used by the next build in the process (the
    translations), and also written into that build's own cache."""
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "page.html").write_text("<p>{{ title }}</p>")
    monkeypatch.setattr(KeptThemeTemplates, "compiled_in_this_process", {})
    compiled: list[str] = []

    def environment(cache: BuildCache) -> jinja2.Environment:
        made = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path / "theme"))
        made.bytecode_cache = KeptThemeTemplates(cache, made)
        original = made.compile

        def counted(*args: Any, **kwargs: Any) -> Any:
            compiled.append(str(kwargs.get("name") or args[1]))
            return original(*args, **kwargs)

        made.compile = counted  # type: ignore[method-assign]
        return made

    english, spanish = BuildCache(tmp_path / "en"), BuildCache(tmp_path / "es")
    assert environment(english).get_template("page.html").render(title="A") == "<p>A</p>"
    assert environment(spanish).get_template("page.html").render(title="B") == "<p>B</p>"
    assert compiled == ["page.html"]
    assert [entry.name for entry in (tmp_path / "es").iterdir()] == list(english.used)
