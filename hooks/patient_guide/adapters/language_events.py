"""The languages hook's work at each MkDocs event: a translation's addresses, shared files and
links to the other languages; the main build builds every translation into its folder."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from ..data_files import refuse_unsafe_configuration, shown_path
from ..dates import long_date
from ..labels import Labels
from ..language_sites import LanguageSite, language_site_from_settings
from ..pages.translation_guard import (
    BehindPage,
    behind_notice,
    english_link,
    english_pages,
    english_review,
    missing_pages,
)
from .build_errors import stops_the_build
from .build_runs import build_labels, finished_run
from .hosting import config_name, offline_build

log = get_plugin_logger(__name__)
# mkdocs.yml's `extra.strict_translations` (`build.py --strict-translations`): a page behind fails.
STRICT_SWITCH = "strict_translations"

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from .site_build import MkDocsCommand


@dataclass
class LanguageRun:
    """What one build knows about the guide's languages; `translations` holds the configuration
    each translation was last built with (its handouts are printed from it)."""

    command: MkDocsCommand
    site: LanguageSite
    labels: Labels
    translations: dict[str, MkDocsConfig] = field(default_factory=dict)
    english_reviews: dict[str, datetime.date] = field(default_factory=dict)  # page -> reviewed
    behind: list[BehindPage] = field(default_factory=list)  # pages behind their English page

    @classmethod
    def started(cls, config: MkDocsConfig, command: MkDocsCommand) -> LanguageRun:
        """Know this build's language; a translation's address is the main site's plus /<code>/."""
        with stops_the_build():
            if config.config_file_path:
                refuse_unsafe_configuration(Path(config.config_file_path))
            site = language_site_from_settings(
                config.extra, str(config.theme["language"]), config_name(config)
            )
            labels = build_labels(config)
        if site.is_translation and config.site_url:
            config.site_url = site.site_url(config.site_url)
        return cls(command, site, labels)

    def read_english_pages(self, files: Files, config: MkDocsConfig) -> None:
        """A translation has every English page and no other; know when each was reviewed."""
        if not self.site.is_translation:
            return
        main_docs = Path(config.docs_dir).parent
        english = english_pages(main_docs, {language.code for language in self.site.languages})
        translated = {file.src_uri for file in files.documentation_pages()}
        problems = missing_pages(english, translated, Path(config.docs_dir))
        if problems:
            raise PluginError("\n".join(problems))
        with stops_the_build():
            self.english_reviews = {page: english_review(main_docs, page) for page in english}

    def add_shared_files(self, files: Files, config: MkDocsConfig) -> None:
        """A translation uses the main docs folder's pictures, scripts and styles, unless it has
        its own file of the same name (a picture with words in it)."""
        if not self.site.is_translation:
            return
        main_docs = Path(config.docs_dir).parent
        language_folders = {language.code for language in self.site.languages}
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
        """For the templates: `labels` (the words of this language), `page_languages(page.url)`
        (the page's address in each language) and `language_links(page.url)` (the same page in
        each other language, from this language's root)."""
        site, site_url = self.site, config.site_url or ""
        env.globals["labels"] = self.labels
        offline = offline_build(config)

        def page_languages(page: Page | None) -> list[tuple[str, str]]:
            if offline or not isinstance(page, Page) or len(site.languages) < 2:
                return []  # the copy opened from disk names no address on the web
            urls = site.page_urls(site_url, page.url)
            return [*urls, ("x-default", urls[0][1])]

        env.globals["page_languages"] = page_languages
        env.globals["language_links"] = site.page_links

    def mark_if_behind(self, markdown: str, page: Page, config: MkDocsConfig) -> str:
        """A translated page whose English page was reviewed since shows a notice first."""
        if not self.site.is_translation:
            return markdown
        translated_from = page.meta.get("translated_from")
        english_reviewed = self.english_reviews[page.file.src_uri]
        if not isinstance(translated_from, datetime.date) or translated_from >= english_reviewed:
            return markdown
        code = self.site.code
        self.behind.append(
            BehindPage(
                shown_path(page.file.abs_src_path or page.file.src_uri),
                translated_from,
                shown_path(Path(config.docs_dir).parent / page.file.src_uri),
                english_reviewed,
            )
        )
        words = self.labels["web"]
        notice = behind_notice(
            words["behind"].format(date=long_date(english_reviewed, code)),
            words["behind_link"],
            english_link(page.url),
            self.site.main.code,
        )
        title, found, rest = (
            markdown.partition("\n") if markdown.startswith("# ") else ("", "", markdown)
        )
        return f"{title}{found}\n{notice}\n\n{rest}"

    def report_behind(self, config: MkDocsConfig) -> None:
        """A translation logs its pages that are behind, or refuses them under
        --strict-translations (build.py lists them after the build)."""
        behind = self.behind
        if behind and config.extra.get(STRICT_SWITCH):
            raise PluginError(
                "translations behind their English page (--strict-translations):\n"
                + "\n".join(map(str, behind))
            )
        for page in behind:
            log.info("translation behind: %s", page)

    def build_translations(self, config: MkDocsConfig) -> None:
        """The main build builds each translation into its folder of the site."""
        if self.site.is_translation:
            return
        from .translation_builds import build_translation

        self.translations = {
            language.code: build_translation(config, language, self.command)
            for language in self.site.translations
        }


def behind_translations(config: MkDocsConfig) -> list[BehindPage]:
    """The translated pages the last build of this configuration found behind their English
    page, in every translation it built."""
    run = finished_run(config, LanguageRun)
    if run is None:
        return []
    translated = [finished_run(built, LanguageRun) for built in run.translations.values()]
    return [*run.behind, *(page for done in translated if done for page in done.behind)]


def translation_codes(config: MkDocsConfig) -> list[str]:
    """The language codes of the guide's translations, from its settings (before a build)."""
    site = language_site_from_settings(
        config.extra, config.theme["language"], config.config_file_path or "mkdocs.yml"
    )
    return [language.code for language in site.translations]


def translation_configs(config: MkDocsConfig) -> dict[str, MkDocsConfig]:
    """The translations the main build last built, by language code."""
    run = finished_run(config, LanguageRun)
    return run.translations if run else {}
