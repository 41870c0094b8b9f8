"""Browser fixtures: the built site served on 127.0.0.1, and Debian's Chromium via Playwright."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route, sync_playwright

from tests.conftest import PROJECT

CHROMIUM = Path("/usr/bin/chromium")
# Flags for a headless Chromium on a machine with no network: no background calls home.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"


@dataclass(frozen=True)
class View:
    """A screen a patient reads the site on."""

    name: str
    width: int
    height: int
    color_scheme: str  # "light" or "dark", as the reader's system sets it


DESKTOP_LIGHT = View("desktop-light", 1280, 900, "light")
PHONE_DARK = View("phone-dark", 390, 844, "dark")
VIEWS = [
    DESKTOP_LIGHT,
    View("desktop-dark", 1280, 900, "dark"),
    View("phone-light", 390, 844, "light"),
    PHONE_DARK,
]


@dataclass
class RequestLog:
    """Every request a page made, those that were for another host (blocked), and what the
    browser refused under the site's Content-Security-Policy."""

    local_prefix: str
    seen: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def record(self, request: Request) -> None:
        self.seen.append(request.url)

    def note_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)

    def keep_local(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.local_prefix) or url.startswith("data:"):
            route.continue_()
        else:
            self.elsewhere.append(url)
            route.abort()


def host_rules(headers_file: Path) -> list[tuple[str, dict[str, str]]]:
    """The rules of a `_headers` file as a static host (Netlify, Cloudflare Pages) reads them:
    a path ('/*' or an exact path), then its indented 'Name: value' lines."""
    rules: ClassVar[list[tuple[str, dict[str, str]]]] = []
    for number, line in enumerate(headers_file.read_text().splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("/"):
            rules.append((line.strip(), {}))
        elif line.startswith("  ") and ":" in line and rules:
            name, value = line.strip().split(":", 1)
            rules[-1][1][name.strip()] = value.strip()
        else:
            raise AssertionError(f"{headers_file}:{number}: a host cannot read {line!r}")
    return rules


class HostLikeHandler(SimpleHTTPRequestHandler):
    """Serves the built site as a static host would, with the headers its `_headers` file sets
    (the Content-Security-Policy among them), without logging every request."""

    rules: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        for pattern, headers in self.rules:
            if pattern == path or (pattern.endswith("*") and path.startswith(pattern[:-1])):
                for name, value in headers.items():
                    self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1 at a free port with the headers of its `_headers`
    file, as a base URL ending in '/'."""
    rules = host_rules(site / "_headers")
    handler = functools.partial(
        type("SiteHandler", (HostLikeHandler,), {"rules": rules}), directory=str(site)
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless (Playwright never downloads a browser here)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package "
            "(python3 run_tests.py installs it when run as root)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


OpenPage = Callable[..., tuple[Page, RequestLog]]


@pytest.fixture
def open_page(browser: Browser, site_url: str) -> Iterator[OpenPage]:
    """Open a site page in a fresh browser profile for a view; requests to other hosts are
    blocked and logged. The test fails if the browser refused anything under the site's CSP."""
    contexts = []
    logs: list[RequestLog] = []

    def open_in(path: str, view: View = DESKTOP_LIGHT) -> tuple[Page, RequestLog]:
        context = browser.new_context(
            viewport={"width": view.width, "height": view.height},
            color_scheme=view.color_scheme,  # type: ignore[arg-type]
            service_workers="block",
        )
        contexts.append(context)
        log = RequestLog(site_url)
        logs.append(log)
        context.on("request", log.record)
        context.on("console", log.note_console)
        context.route("**/*", log.keep_local)
        page = context.new_page()
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        return page, log

    yield open_in
    for context in contexts:
        context.close()
    refused = [text for log in logs for text in log.refused]
    assert not refused, "the site's Content-Security-Policy blocked:\n" + "\n".join(refused)


def page_path(source: str) -> str:
    """The URL path of a Markdown source below the site root: faq.md -> 'faq/', index.md -> ''."""
    stem = source.removesuffix(".md")
    return "" if stem == "index" else f"{stem}/"


def open_search(page: Page) -> None:
    """Open the search box as a reader taps it: the magnifier on a phone, the box on a desktop."""
    magnifier = page.locator("label.md-header__button[for='__search']")
    if magnifier.is_visible():
        magnifier.click()
    else:
        page.locator(".md-search__input").click()
    settled(page)


def settled(page: Page) -> None:
    """Wait until the page's CSS transitions have finished (the search dialog slides in)."""
    page.wait_for_function("() => document.getAnimations().length === 0")
