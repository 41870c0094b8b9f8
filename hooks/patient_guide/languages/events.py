"""The languages hook's work at each MkDocs event: a translation's addresses, shared files and
links to the other languages; the main build builds every translation into its folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from .editions import Edition, Language, LanguageSettingError, edition_from_settings

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


@dataclass
class LanguageRun:
    """What one build knows about the guide's languages; `translations` holds the configuration
    each translation was last built with (its handouts are printed from it)."""

    command: str = "build"
    edition: Edition | None = None
    translations: dict[str, MkDocsConfig] = field(default_factory=dict)

    def start(self, command: str) -> None:
        self.command = command

    def configure(self, config: MkDocsConfig) -> None:
        """Know this build's language; a translation's address is the main site's plus /<code>/."""
        try:
            self.edition = edition_from_settings(
                config.extra, str(config.theme["language"]), config_name(config)
            )
        except LanguageSettingError as error:
            raise PluginError(str(error)) from None
        if self.edition.is_translation and config.site_url:
            config.site_url = self.edition.site_url(config.site_url)

    def add_shared_files(self, files: Files, config: MkDocsConfig) -> None:
        """A translation uses the main docs folder's pictures, scripts and styles, unless it has
        its own file of the same name (a picture with words in it)."""
        assert self.edition is not None, "configure runs first"
        if not self.edition.is_translation:
            return
        main_docs = Path(config.docs_dir).parent
        language_folders = {language.code for language in self.edition.languages}
        for path in sorted(main_docs.rglob("*")):
            shared = path.relative_to(main_docs)
            if (
                path.is_file()
                and path.suffix != ".md"
                and shared.parts[0] not in language_folders
                and not any(part.startswith(("_", ".")) for part in shared.parts)
                and files.get_file_from_path(shared.as_posix()) is None
            ):
                files.append(
                    File(
                        shared.as_posix(),
                        src_dir=str(main_docs),
                        dest_dir=config.site_dir,
                        use_directory_urls=config.use_directory_urls,
                    )
                )

    def add_template_values(self, env: Environment, config: MkDocsConfig) -> None:
        """`page_languages(page.url)` for the templates: the page's address in each language."""
        assert self.edition is not None, "configure runs first"
        edition, site_url = self.edition, config.site_url or ""
        env.globals["page_languages"] = lambda page_url: edition.page_urls(site_url, page_url)
        env.globals["language_links"] = edition.page_links
        env.globals["main_language"] = edition.main.code

    def build_translations(self, config: MkDocsConfig) -> None:
        """The main build builds each translation into its folder of the site."""
        assert self.edition is not None, "configure runs first"
        if self.edition.is_translation:
            return
        from .translation_builds import build_translation

        self.translations = {
            language.code: build_translation(config, language, self.command)
            for language in self.edition.translations
        }


def config_name(config: MkDocsConfig) -> str:
    return Path(config.config_file_path or "mkdocs.yml").name


def translation_configs(config: MkDocsConfig) -> dict[str, MkDocsConfig]:
    """The translations the main build last built, by language code."""
    hooks: dict[str, Any] = config.hooks  # type: ignore[assignment]  # name -> hook module
    for module in hooks.values():
        run = getattr(module, "languages", None)
        if isinstance(run, LanguageRun):
            return run.translations
    return {}


__all__ = ["Language", "LanguageRun", "translation_configs"]
