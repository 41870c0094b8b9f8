"""MkDocs hook: `mkdocs serve` shows a broken build's message in the browser and watches every
file a build reads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from patient_guide.adapters.live_preview import keep_serving

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer


def on_serve(server: LiveReloadServer, config: MkDocsConfig, **kwargs: Any) -> LiveReloadServer:
    return keep_serving(server, config)
