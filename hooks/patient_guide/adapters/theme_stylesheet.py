"""The theme's stylesheets in a built site trimmed to what the build's pages use (see
site/stylesheet_trim.py), each under a name of its own, with the pages pointed at them; the
guide's own stylesheet without its comments."""

from __future__ import annotations

import hashlib
import posixpath
import re
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..site.stylesheet_trim import trimmed_stylesheet, used_class_names, without_comments

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

STYLESHEETS = Path("assets") / "stylesheets"
THEME_STYLESHEETS = ("main", "palette")  # Material's: main.<hash of its content>.min.css
SCRIPT_FOLDERS = [Path("assets") / "javascripts", Path("javascripts")]  # not workers: no pages
STYLESHEET_LINK = re.compile(r'href="([^"]*/)?((?:main|palette)\.[0-9a-f]{8,}\.min\.css)"')


def trim_theme_stylesheets(config: MkDocsConfig) -> None:
    """Put the trimmed stylesheets in place of the theme's, in this build's part of the site (a
    translation built into a folder of it has its own). Each is named by a hash of what it holds:
    a host tells browsers to keep such files a year, so new content needs a new name."""
    site = Path(config.site_dir)
    pages = own_pages(site)
    scripts = [path for folder in SCRIPT_FOLDERS for path in sorted((site / folder).glob("*.js"))]
    used = used_class_names(
        (page.read_text(encoding="utf-8") for page in pages),
        (script.read_text(encoding="utf-8") for script in scripts),
    )
    for stem in THEME_STYLESHEETS:
        theme = sorted((site / STYLESHEETS).glob(f"{stem}.*.min.css"))
        if len(theme) == 1 and pages:  # else not Material's files as this knows them
            trim(theme[0], used, pages, site, config.site_url)


def strip_own_stylesheet_comments(config: MkDocsConfig) -> None:
    """The guide's own stylesheets (extra_css) in the built site without their comments, which
    are for the people who edit them."""
    for own in config.extra_css:
        path = Path(config.site_dir) / str(own)
        if "://" not in str(own) and path.suffix == ".css" and path.is_file():
            path.write_text(without_comments(path.read_text(encoding="utf-8")), encoding="utf-8")


def trim(
    original: Path, used: set[str], pages: list[Path], site: Path, site_url: str | None
) -> None:
    """Write the trimmed stylesheet beside the original, link the pages to it, remove the
    original and its source map (which maps the whole file)."""
    trimmed = trimmed_stylesheet(original.read_text(encoding="utf-8"), used)
    stem = original.name.split(".")[0]
    name = f"{stem}.{hashlib.sha256(trimmed.encode()).hexdigest()[:8]}.min.css"
    (original.parent / name).write_text(trimmed, encoding="utf-8")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        linked = STYLESHEET_LINK.sub(partial(_renamed, page=page, site=site, original=original,
                                             name=name, site_url=site_url), text)  # fmt: skip
        if linked != text:
            page.write_text(linked, encoding="utf-8")
    if name != original.name:
        original.unlink()
        original.with_name(original.name + ".map").unlink(missing_ok=True)


def own_pages(site: Path) -> list[Path]:
    """The HTML files of the build whose site folder is site, not those of a build inside it (a
    folder with a theme of its own)."""
    return [
        page
        for page in sorted(site.rglob("*.html"))
        if not any(
            (folder / STYLESHEETS).is_dir() for folder in page.parents if site in folder.parents
        )
    ]


def _renamed(
    found: re.Match[str], *, page: Path, site: Path, original: Path, name: str,
    site_url: str | None,
) -> str:  # fmt: skip
    """The link with the trimmed stylesheet's name, where it leads to the original."""
    folder = found[1] or ""
    if folder.startswith("/") or "://" in folder:  # 404.html links from the site's root
        root = urlsplit(site_url or "/").path or "/"
        target = site / posixpath.relpath(urlsplit(folder).path, root)
    else:
        target = page.parent / folder
    if (target / found[2]).resolve() != original.resolve():
        return found[0]
    return f'href="{folder}{name}"'
