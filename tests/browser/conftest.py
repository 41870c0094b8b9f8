"""Browser fixtures: the site built for and served on 127.0.0.1, and Debian's Chromium."""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    Request,
    Response,
    Route,
    sync_playwright,
)

from patient_guide.adapters.handout_events import printed_handouts
from patient_guide.adapters.language_events import translation_configs
from patient_guide.adapters.site_build import build_site, load_configuration
from patient_guide.handouts.jobs import HandoutSet
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
    """Every request a page made, those that were for another host (blocked), those the server
    had no answer for, what the browser refused under the site's Content-Security-Policy, and
    every other error the page's console or scripts showed."""

    local_prefix: str
    seen: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def record(self, request: Request) -> None:
        self.seen.append(request.url)

    def note_response(self, response: Response) -> None:
        if response.status >= 400:
            self.missing.append(f"{response.status} {response.url}")

    def note_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)
        elif message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def note_script_error(self, error: Error) -> None:
        self.errors.append(f"script: {error.message}")

    def problems(self) -> list[str]:
        """What a reader's browser would count against the page: other hosts asked, answers
        missing, policy refusals, errors."""
        return (
            [f"asked another host: {url}" for url in self.elsewhere]
            + [f"no answer: {line}" for line in self.missing]
            + [f"refused by the policy: {text}" for text in self.refused]
            + self.errors
        )

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
    rules: list[tuple[str, dict[str, str]]] = []
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


@contextmanager
def served(site_dir: Path, build: Callable[[str], None]) -> Iterator[str]:
    """A site built into site_dir by build(the address it will be served at), then served at a
    free port of 127.0.0.1 with the headers of its `_headers` file, as a static host serves
    it: its base URL, ending in '/'."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), HostLikeHandler)
    url = f"http://127.0.0.1:{server.server_port}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    try:
        build(url)
        rules = host_rules(site_dir / "_headers")
        server.RequestHandlerClass = functools.partial(
            type("SiteHandler", (HostLikeHandler,), {"rules": rules}), directory=str(site_dir)
        )
        thread.start()
        yield url
    finally:
        if thread.is_alive():
            server.shutdown()
        server.server_close()


def built_for(site_dir: Path, *, served_address: bool) -> Callable[[str], None]:
    """Build the real project into site_dir for the address it is served at, or (False) for
    the published address mkdocs.yml names."""

    def build(address: str) -> None:
        config = load_configuration(PROJECT / "mkdocs.yml", site_dir)
        if served_address:
            config.site_url = address
        build_site(config)
        languages = {str(config.theme["language"]): config, **translation_configs(config)}
        PRINTED[site_dir] = {code: printed_handouts(each) for code, each in languages.items()}

    return build


# What each served site's handouts were printed from, by site folder and language.
PRINTED: dict[Path, dict[str, HandoutSet | None]] = {}


@pytest.fixture(scope="session")
def served_handouts(served_site: tuple[Path, str]) -> dict[str, HandoutSet]:
    """What the browser tests' site printed its handouts from, by language."""
    printed = PRINTED[served_site[0]]
    assert all(printed.values()), f"a language printed no handouts: {printed}"
    return {code: handout_set for code, handout_set in printed.items() if handout_set}


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The real project built for, and served at, a free port of 127.0.0.1: (site folder, base
    URL ending in '/').

    Its site_url is the address it is served at, as the published site's is: its absolute links
    (the hreflang alternates, canonical links) then stay on the site's own origin, as they do in
    production. The published address is checked by tests/test_page_quality.py (canonical
    links, sitemap); the site served where it was not built for by `mirrored_site`."""
    site_dir = tmp_path_factory.mktemp("browser-site")
    with served(site_dir, built_for(site_dir, served_address=True)) as url:
        yield site_dir, url


@pytest.fixture(scope="session")
def mirrored_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The published build (site_url the real address) served at 127.0.0.1, as a local
    preview, a mirror or a clinic's copy serves it: (site folder, base URL ending in '/')."""
    site_dir = tmp_path_factory.mktemp("mirrored-site")
    with served(site_dir, built_for(site_dir, served_address=False)) as url:
        yield site_dir, url


@pytest.fixture(scope="session")
def site(served_site: tuple[Path, str]) -> Path:
    """The browser tests' built site (overrides the published build of tests/conftest.py)."""
    return served_site[0]


@pytest.fixture(scope="session")
def site_url(served_site: tuple[Path, str]) -> str:
    """The address the browser tests' site is served at, ending in '/'."""
    return served_site[1]


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
Loaded = Literal["load", "networkidle"]  # how far a page has loaded when open_page returns it


@pytest.fixture
def open_page(browser: Browser, site_url: str) -> Iterator[OpenPage]:
    """Open a site page (of the site at base; the browser tests' site unless given) in a fresh
    browser profile for a view; requests to other hosts are blocked and logged. The test fails
    on anything a reader's browser would count against the page (RequestLog.problems): another
    host asked, a request the server had no answer for, a refusal under the site's CSP, an
    error in the console or a script. A test that causes one on purpose clears it from the log
    once it has seen it. The page is returned once loaded (until="load"): a page asks for nothing
    after that (search loads when opened), and each test waits for what it looks at. Every page
    is also opened once until the network is quiet (the WCAG check on a desk, in light), so a
    problem that shows only late is still seen."""
    contexts = []
    logs: list[RequestLog] = []

    def open_in(
        path: str,
        view: View = DESKTOP_LIGHT,
        base: str | None = None,
        until: Loaded = "load",
    ) -> tuple[Page, RequestLog]:
        base = base or site_url
        context = browser.new_context(
            viewport={"width": view.width, "height": view.height},
            color_scheme=view.color_scheme,  # type: ignore[arg-type]
            service_workers="block",
        )
        contexts.append(context)
        log = RequestLog(base)
        logs.append(log)
        context.on("request", log.record)
        context.on("response", log.note_response)
        context.on("console", log.note_console)
        context.on("weberror", lambda error: log.note_script_error(error.error))
        context.route("**/*", log.keep_local)
        page = context.new_page()
        page.goto(base + path, wait_until=until)
        return page, log

    yield open_in
    for context in contexts:
        context.close()
    problems = [problem for log in logs for problem in log.problems()]
    assert not problems, "the browser counted against the site:\n" + "\n".join(problems)


@pytest.fixture(scope="session")
def kiosk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline zip, built by the real command and unzipped as a kiosk or USB stick holds it."""
    place = tmp_path_factory.mktemp("offline")
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--offline", "--site-dir",
         str(place / "microneedling-guide")],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    archive = place / "microneedling-guide.zip"
    assert "offline copy for a USB stick: " in result.stdout and archive.is_file()
    unzipped = place / "stick"
    with zipfile.ZipFile(archive) as opened:
        assert opened.testzip() is None
        opened.extractall(unzipped)
    return unzipped / "microneedling-guide"


@pytest.fixture
def open_from_disk(browser: Browser, kiosk: Path) -> Iterator[tuple[Page, RequestLog]]:
    """The offline copy's home page opened from disk (file://); fails if it asked the network."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    log = RequestLog("file://")
    context.on("request", log.record)
    context.route("**/*", log.keep_local)
    page = context.new_page()
    page.goto((kiosk / "index.html").as_uri())
    page.wait_for_load_state("networkidle")
    yield page, log
    context.close()
    assert log.elsewhere == [], f"the offline copy asked the network for {log.elsewhere}"


def page_path(source: str, folder: str = "") -> str:
    """The URL path of a Markdown source below the site root: faq.md -> 'faq/', index.md -> '';
    in a translation's folder ('es/'): 'es/faq/', 'es/'."""
    stem = source.removesuffix(".md")
    return folder + ("" if stem == "index" else f"{stem}/")


def open_search(page: Page, slid_in: bool = True) -> None:
    """Open the search box as a reader taps it: the magnifier on a phone, the box on a desktop;
    slid_in: wait until the dialog has stopped moving (for a picture or a click in it)."""
    magnifier = page.locator("label.md-header__button[for='__search']")
    if magnifier.is_visible():
        magnifier.click()
    else:
        page.locator(".md-search__input").click()
    if slid_in:
        settled(page)


def read_and_search(open_page: OpenPage, path: str, view: View, query: str) -> RequestLog:
    """Read a page as a patient does on a view: scroll through it (anything loaded lazily), search
    it for a query and wait until the results are in (the search index and its worker have
    loaded by then, and a scrolled-to picture was asked for before: a request is logged when it
    is made); then close it. Its requests, to check that nothing was asked of any other host."""
    page, log = open_page(path, view, until="load")  # the results are waited for below
    page.mouse.wheel(0, 5000)
    open_search(page, slid_in=False)  # typing needs the box focused, not the dialog still
    page.locator(".md-search__input").press_sequentially(query)
    page.locator(".md-search-result__item").first.wait_for()
    page.context.close()
    return log


@contextmanager
def search_opened(browser: Browser, url: str, view: View = DESKTOP_LIGHT) -> Iterator[Page]:
    """A page in a fresh browser profile with its search box open, to type many queries into."""
    context = browser.new_context(
        viewport={"width": view.width, "height": view.height},
        color_scheme=view.color_scheme,  # type: ignore[arg-type]
    )
    try:
        page = context.new_page()
        page.goto(url)
        open_search(page)
        yield page
    finally:
        context.close()


def settled(page: Page) -> None:
    """Wait until the page's CSS transitions have finished (the search dialog slides in)."""
    page.wait_for_function("() => document.getAnimations().length === 0")


# Material renders results as its worker answers each keystroke; the list is final once it has
# stopped changing for a few polls and its line above says how many pages were found (in the
# page's language: Material's words for it are in the page's #__config), not "Initializing
# search" or the empty box's placeholder.
RESULTS_SETTLED = """() => {
  const words = JSON.parse(document.getElementById("__config").textContent).translations;
  const counts = ["none", "one", "other"].map(count => words[`search.result.${count}`]);
  const meta = document.querySelector(".md-search-result__meta").textContent.trim();
  const html = document.querySelector(".md-search-result").innerHTML;
  const same = window.lastResults === html;
  window.lastResults = html;
  window.stablePolls = same ? (window.stablePolls || 0) + 1 : 0;
  return window.stablePolls >= 3
    && (counts.includes(meta) || counts.includes(meta.replace(/\\d+/, "#")));
}"""
# After the box is emptied, the previous query's results are gone (a busy worker may answer late).
RESULTS_CLEARED = """() => {
  const words = JSON.parse(document.getElementById("__config").textContent).translations;
  return !document.querySelector(".md-search-result__item")
    && document.querySelector(".md-search-result__meta").textContent.trim()
      === words["search.result.placeholder"];
}"""


def search_results(page: Page, query: str, typed: bool = True) -> list[str]:
    """Type a query into the open search box (or, not typed, put it there whole, as a paste or
    dictation does, with no key pressed); the result pages in order, as paths like 'faq/'."""
    box = page.locator(".md-search__input")
    box.fill("")
    page.wait_for_function(RESULTS_CLEARED, polling=100)
    if typed:
        box.press_sequentially(query)
    else:
        box.fill(query)
    page.wait_for_function(RESULTS_SETTLED, polling=100)
    # One result item per page: its first link is the page, the others its sections.
    items = page.locator(".md-search-result__item")
    hrefs = items.evaluate_all("all => all.map(item => item.querySelector('a').href)")
    return [urlsplit(href).path.lstrip("/") for href in hrefs]
