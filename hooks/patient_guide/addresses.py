"""Web addresses as people read them on paper and in link previews."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

# Names kept for examples and tests, which no real site is published at (RFC 2606, RFC 6761).
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net", "example")
LOCAL_NAMES = ("localhost", "test", "invalid", "local")


def short_url(url: str) -> str:
    """An address as people type it: no scheme, no trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")


def placeholder_reason(url: str) -> str | None:
    """Why an address cannot be a published site's (an example or a local one), or None."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host:
        return "has no host name"
    if any(host == name or host.endswith(f".{name}") for name in EXAMPLE_DOMAINS):
        return "is an example address"
    if any(host == name or host.endswith(f".{name}") for name in LOCAL_NAMES):
        return "is a local address"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    return "is a local address" if address.is_loopback or address.is_private else None
