"""The build cache: kept compiled templates are used again, and never hide an edit."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2

from patient_guide.build_cache import BuildCache
from patient_guide.site.theme_templates import ThemeTemplateCache

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
    tmp_path: Path,
) -> None:
    """Templates compiled for a build are used by its translations (their template caches are
    made from its), and also written into each translation's own cache."""
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "page.html").write_text("<p>{{ title }}</p>")
    compiled: list[str] = []

    def environment(templates: ThemeTemplateCache, config_file: Path) -> jinja2.Environment:
        made = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path / "theme"))
        templates.attach(made, str(config_file))
        original = made.compile

        def counted(*args: Any, **kwargs: Any) -> Any:
            compiled.append(str(kwargs.get("name") or args[1]))
            return original(*args, **kwargs)

        made.compile = counted  # type: ignore[method-assign]
        return made

    english = ThemeTemplateCache()
    spanish = ThemeTemplateCache(shared_with=english)
    page = environment(english, tmp_path / "mkdocs.yml").get_template("page.html")
    assert page.render(title="A") == "<p>A</p>"
    page = environment(spanish, tmp_path / "mkdocs.es.yml").get_template("page.html")
    assert page.render(title="B") == "<p>B</p>"
    assert compiled == ["page.html"]
    assert english.cache and spanish.cache and english.cache.used == spanish.cache.used
    kept = tmp_path / ".cache" / "patient-guide"
    assert [entry.name for entry in (kept / "mkdocs.es" / "theme-templates").iterdir()] == list(
        english.cache.used
    )
    another = ThemeTemplateCache()  # another project's, or the next build's: nothing shared
    environment(another, tmp_path / "other" / "mkdocs.yml").get_template("page.html")
    assert compiled == ["page.html", "page.html"]


def test_an_entry_that_is_not_what_was_written_is_not_used(tmp_path: Path) -> None:
    """Cut short (a full disk), one byte changed, a folder or a pipe in its place: the entry is
    made again, and the build never reads a wrong one or waits on a pipe."""
    cache = BuildCache(tmp_path / "kind")
    data = b"compiled template or PDF bytes"
    for damage in ["cut", "byte", "folder", "pipe"]:
        cache.put(damage, data)
        assert cache.get(damage) == data
        entry = tmp_path / "kind" / damage
        if damage == "cut":
            entry.write_bytes(entry.read_bytes()[:-3])
        elif damage == "byte":
            kept = bytearray(entry.read_bytes())
            kept[-1] ^= 1
            entry.write_bytes(bytes(kept))
        else:
            entry.unlink()
            entry.mkdir() if damage == "folder" else os.mkfifo(entry)
        assert cache.get(damage) is None, damage
    cache.used.clear()
    cache.forget_unused()  # what it cannot remove (the folder) it leaves
    assert [entry.name for entry in (tmp_path / "kind").iterdir()] == ["folder"]
