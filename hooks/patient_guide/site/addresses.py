"""Web addresses as people read them on paper and in link previews."""

from __future__ import annotations


def short_url(url: str) -> str:
    """An address as people type it: no scheme, no trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")
