"""MkDocs hook: fit the built site to where it is read (a static host, or a kiosk's disk)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.plugins import event_priority

from patient_guide.adapters.hosting import (
    check_site_folder,
    check_source_files,
    drop_unused_shim,
    refuse_other_sites,
    use_local_worker_shim,
    write_headers_file,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    refuse_other_sites(config)
    use_local_worker_shim(config)


def on_pre_build(config: MkDocsConfig, **kwargs: Any) -> None:
    check_site_folder(config)  # MkDocs empties the site folder next


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> None:
    check_source_files(files)  # before any page or picture is read
    drop_unused_shim(files, config)


@event_priority(-100)  # last: the headers cover every page, the translations' included
def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    write_headers_file(config)
