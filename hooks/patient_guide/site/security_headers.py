"""The `_headers` file for static hosts (Netlify, Cloudflare Pages): security and cache headers."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

HEADERS_FILE = "_headers"
# An inline <script> element: its attributes and its text.
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
# Types a browser runs as a script; others (application/json, application/ld+json) are data.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
TYPE_ATTRIBUTE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
# Files whose names carry a hash of their contents (mkdocs-material's bundles), so they never
# change under the same name and may be cached for a year.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)$")
LONG_CACHE = "public, max-age=31536000, immutable"
SITE_WIDE = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def inline_script_hashes(pages: Iterable[str]) -> list[str]:
    """CSP sources ('sha256-…') allowing exactly the inline scripts these HTML pages contain."""
    hashes = set()
    for html in pages:
        for attributes, text in SCRIPT.findall(html):
            if "src=" in attributes.lower():
                continue
            kind = TYPE_ATTRIBUTE.search(attributes)
            if (kind[1].lower() if kind else "") in SCRIPT_TYPES:
                digest = hashlib.sha256(text.encode("utf-8")).digest()
                hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(hashes)


def content_security_policy(script_hashes: list[str]) -> str:
    """Scripts and everything else from the site itself only; nothing from any other host."""
    directives = {
        "default-src": ["'self'"],
        # 'wasm-unsafe-eval': the clinic page's printer is WebAssembly (it runs no JavaScript
        # from text; without it the browser refuses to compile the module).
        "script-src": ["'self'", "'wasm-unsafe-eval'", *script_hashes],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # mkdocs-material draws its icons from data: URLs
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def headers_file(script_hashes: list[str], fingerprinted_paths: list[str]) -> str:
    """The `_headers` text: security headers on every path, a long cache on fingerprinted files."""
    lines = [
        "# Made by each build (hooks/patient_guide/site/security_headers.py); do not edit.",
        "/*",
    ]
    site_wide = {"Content-Security-Policy": content_security_policy(script_hashes), **SITE_WIDE}
    lines += [f"  {name}: {value}" for name, value in site_wide.items()]
    for path in fingerprinted_paths:
        lines += [path, f"  Cache-Control: {LONG_CACHE}"]
    return "\n".join(lines) + "\n"


def site_headers(site_dir: Path) -> str:
    """The `_headers` text for a built site."""
    files = sorted(site_dir.rglob("*"))
    pages = (path.read_text(encoding="utf-8") for path in files if path.suffix == ".html")
    fingerprinted = [
        "/" + path.relative_to(site_dir).as_posix()
        for path in files
        if FINGERPRINTED.search(path.name)
    ]
    return headers_file(inline_script_hashes(pages), fingerprinted)
