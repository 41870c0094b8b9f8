"""The guide's languages, each a site: the main one at the root, the others in /<code>/."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from .guide_errors import GuideError

EXAMPLE = "languages: [{lang: en, name: English}, {lang: es, name: Español, config: mkdocs.es.yml}]"


# A language code (BCP 47, as theme.language takes it): it also names the language's folder.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


class LanguageSettingError(GuideError):
    """`extra.languages` in mkdocs.yml cannot be used; the message says what to write."""


@dataclass(frozen=True)
class Language:
    """One language of the guide."""

    code: str  # as in theme.language and hreflang, e.g. "es"
    name: str  # in its own language, as the switcher shows it, e.g. "Español"
    config: str | None  # its configuration file beside mkdocs.yml; None for the main language


@dataclass(frozen=True)
class LanguageSite:
    """One build's language among the guide's languages; the first language is the main one,
    at the site's root, and every other one is in a folder named by its code (/es/)."""

    languages: tuple[Language, ...]
    code: str

    @property
    def main(self) -> Language:
        return self.languages[0]

    @property
    def is_translation(self) -> bool:
        return self.code != self.main.code

    @property
    def translations(self) -> tuple[Language, ...]:
        return self.languages[1:]

    @property
    def language(self) -> Language:
        return next(language for language in self.languages if language.code == self.code)

    def folder(self, code: str) -> str:
        """The folder of a language's site inside the main site: '' or 'es/'."""
        return "" if code == self.main.code else f"{code}/"

    def site_url(self, main_site_url: str) -> str:
        """This language's address, from the main site's."""
        return urljoin(main_site_url, self.folder(self.code))

    def main_site_url(self, site_url: str) -> str:
        """The main site's address, from this language's."""
        return site_url.removesuffix(self.folder(self.code)) if self.is_translation else site_url

    def page_urls(self, site_url: str, page_url: str) -> list[tuple[str, str]]:
        """The same page in every language, as (code, absolute address), this one included."""
        root = self.main_site_url(site_url)
        return [
            (language.code, urljoin(root, self.folder(language.code) + page_url))
            for language in self.languages
        ]

    def page_links(self, page_url: str) -> list[tuple[Language, str]]:
        """The same page in every other language, as a path from this language's root."""
        up = "../" if self.is_translation else ""
        return [
            (language, f"{up}{self.folder(language.code)}{page_url}")
            for language in self.languages
            if language.code != self.code
        ]


def language_site_from_settings(
    extra: Mapping[str, Any], code: str, config_file: str
) -> LanguageSite:
    """This build's language site, from `extra.languages` (one language only when it is not set)."""
    entries = extra.get("languages")
    if entries is None:
        return LanguageSite((Language(code, code, None),), code)
    if not isinstance(entries, list) or not entries:
        raise LanguageSettingError(
            f"{config_file}: extra.languages must be a list, like:\n{EXAMPLE}"
        )
    languages = []
    for number, entry in enumerate(entries, start=1):
        where = f"{config_file}: extra.languages entry {number}"
        if not isinstance(entry, dict) or not {"lang", "name"} <= set(entry) <= {
            "lang",
            "name",
            "config",
        }:
            raise LanguageSettingError(
                f"{where} needs lang and name (and config), like:\n{EXAMPLE}"
            )
        if not all(isinstance(value, str) and value.strip() for value in entry.values()):
            raise LanguageSettingError(f"{where}: lang, name and config must be text")
        if (number == 1) == ("config" in entry):
            needs = "has no config (it is mkdocs.yml)" if number == 1 else "needs its config file"
            raise LanguageSettingError(f"{where}: the {'first' if number == 1 else 'other'} "
                                       f"language {needs}")  # fmt: skip
        if not LANGUAGE_CODE.fullmatch(entry["lang"]):
            raise LanguageSettingError(
                f"{where}: lang {entry['lang']!r} is not a language code; write one such as es, "
                "fr or pt-BR (it names the language's folder of the site)"
            )
        languages.append(Language(entry["lang"], entry["name"], entry.get("config")))
    codes = [language.code for language in languages]
    if len(set(codes)) != len(codes):
        raise LanguageSettingError(f"{config_file}: extra.languages lists a language twice")
    if code not in codes:
        raise LanguageSettingError(
            f"{config_file}: theme.language is {code!r}, which extra.languages does not list"
        )
    return LanguageSite(tuple(languages), code)


def is_translation(extra: Mapping[str, Any], code: str) -> bool:
    """True for a build of a language other than the first in extra.languages."""
    languages = extra.get("languages")
    first = languages[0] if isinstance(languages, list) and languages else {}
    return isinstance(first, dict) and first.get("lang", code) != code
