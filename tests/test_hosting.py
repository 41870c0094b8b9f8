"""Hosting: the generated `_headers` file's security and cache headers fit the built site."""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from patient_guide.site.security_headers import content_security_policy, inline_script_hashes
from tests.browser.conftest import host_rules
from tests.conftest import ALL_PAGES, built_page


def site_wide_headers(site: Path) -> dict[str, str]:
    rules = dict(host_rules(site / "_headers"))
    return rules["/*"]


def policy(site: Path) -> dict[str, list[str]]:
    text = site_wide_headers(site)["Content-Security-Policy"]
    return {
        name: sources for name, *sources in (directive.split() for directive in text.split(";"))
    }


def test_security_headers_are_set_for_every_path(site: Path) -> None:
    headers = site_wide_headers(site)
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in headers


def test_policy_allows_scripts_from_the_site_only(site: Path) -> None:
    directives = policy(site)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    for name in ("script-src", "worker-src", "connect-src", "style-src", "font-src"):
        sources = directives[name]
        assert "'self'" in sources, name
        # WebAssembly (the clinic page's printer) may be compiled; JavaScript from text never.
        allowed = ("'self'", "'wasm-unsafe-eval'") if name == "script-src" else ("'self'",)
        assert all(s in allowed or s.startswith("'sha256-") for s in sources), (name, sources)
        assert "'unsafe-eval'" not in sources
    assert directives["img-src"] == ["'self'", "data:"]


def test_policy_allows_exactly_the_inline_scripts_the_pages_hold(site: Path) -> None:
    """Hashes computed here, from the pages as a browser parses them, not by the build's code."""
    expected = set()
    for source, folder in itertools.product([*ALL_PAGES, "404.html"], [site, site / "es"]):
        path = folder / source if source.endswith(".html") else built_page(folder, source)
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if script.get("src") or script.get("type") in {
                "application/json",
                "application/ld+json",
            }:
                continue
            digest = hashlib.sha256((script.string or "").encode()).digest()
            expected.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    hashes = {s for s in policy(site)["script-src"] if s.startswith("'sha256-")}
    assert hashes == expected and expected


def test_fingerprinted_files_are_cached_for_a_year_and_others_are_not(site: Path) -> None:
    rules = dict(host_rules(site / "_headers"))
    html = built_page(site, "index.md").read_text(encoding="utf-8")
    referenced = re.findall(
        r'(?:src|href)="/?((?:assets)/[^"]+\.[0-9a-f]{8}\.min\.(?:js|css))"', html
    )
    assert len(referenced) >= 2
    for path in referenced:
        assert (site / path).is_file()
        assert rules[f"/{path}"]["Cache-Control"] == "public, max-age=31536000, immutable"
    long_cached = [path for path, headers in rules.items() if "Cache-Control" in headers]
    assert all(re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", path) for path in long_cached)
    assert "/stylesheets/patient-guide.css" not in rules
    assert "/javascripts/checklist.js" not in rules


def test_the_offline_copys_worker_shim_is_not_published(site: Path) -> None:
    assert not (site / "javascripts" / "vendor").exists()


@pytest.mark.parametrize(
    ("html", "count"),
    [
        ("<script>a()</script><script>a()</script>", 1),
        ('<script type="application/ld+json">{}</script><script src="x.js"></script>', 0),
        ('<script type="module">b()</script><script type="text/javascript">c()</script>', 2),
    ],
)
def test_inline_script_hashes(html: str, count: int) -> None:
    assert len(inline_script_hashes([html])) == count


def test_policy_text_names_each_hash() -> None:
    text = content_security_policy(["'sha256-abc='"])
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='" in text
