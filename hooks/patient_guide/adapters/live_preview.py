"""`mkdocs serve` for authors: a broken build shows its one-line message in the browser instead
of hanging, and every file a build reads is watched (the print template, the other languages'
configurations, the guide's own package)."""

from __future__ import annotations

import html
import json
import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .mkdocs_messages import failure_report

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.hooks.live_preview")
PACKAGE = Path(__file__).resolve().parents[1]
PACKAGE_NAME = PACKAGE.name
# The error page asks this address for the number of builds done, and reloads when it changes.
BUILDS_PATH = "/__patient_guide_preview__/builds"
WsgiApp = Callable[[dict[str, Any], Any], Iterable[bytes]]


def watched_paths(config: MkDocsConfig) -> list[Path]:
    """What a build reads beyond docs/ and mkdocs.yml, which MkDocs watches itself."""
    project = Path(config.config_file_path or ".").resolve().parent
    paths = [PACKAGE]
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    languages = config.extra.get("languages")
    for entry in languages if isinstance(languages, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("config"), str):
            paths.append(project / entry["config"])
    return [path for path in paths if path.exists()]


class ProblemLog(logging.Handler):
    """Collects MkDocs' warnings and errors during one build, for the error page."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.problems: list[str] = []
        self.errors_shown = False

    def emit(self, record: logging.LogRecord) -> None:
        self.problems.append(record.getMessage())
        self.errors_shown = self.errors_shown or record.levelno >= logging.ERROR


class LivePreview:
    """Wraps the server's builder and web app: a failed build is kept and shown on every page."""

    def __init__(self, build: Callable[[], None], config_file: Path) -> None:
        self.build = build
        self.config_file = config_file
        self.failure: str | None = None
        self.builds = 0
        self.package_state = package_state()

    def rebuild(self) -> None:
        """Build once; a failure is reported on one line and shown in the browser, not raised,
        so the server goes on serving and the page reloads when the next build is done."""
        if package_state() != self.package_state:
            self.package_state = package_state()
            forget_package()
        problems = ProblemLog()
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(problems)
        try:
            self.build()
        except (Exception, SystemExit) as error:  # MkDocs ends a failed build with SystemExit
            self.failure = failure_report(reported(error), problems.problems, self.config_file)
            if not problems.errors_shown:
                log.error(self.failure.replace("\n  ", "; "))
            log.warning("the preview shows this message until a build works again")
        else:
            self.failure = None
        finally:
            mkdocs_log.removeHandler(problems)
            self.builds += 1

    def app(self, site: WsgiApp) -> WsgiApp:
        """The server's web app, answering page requests with the error page while broken."""

        def preview(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            path = str(environ.get("PATH_INFO", ""))
            if path == BUILDS_PATH:
                return answer(start_response, "200 OK", "text/plain", str(self.builds))
            if self.failure is not None and is_page(path):
                page = error_page(self.failure, self.builds)
                return answer(start_response, "500 Internal Server Error", "text/html", page)
            return site(environ, start_response)

        return preview


def reported(error: BaseException) -> BaseException:
    """The error an author can act on: MkDocs' "Aborted with a BuildError!" stands for the
    error it was raised over (whose message MkDocs prints once only, not on later builds)."""
    from mkdocs.exceptions import Abort, BuildError

    cause = error.__context__
    return cause if isinstance(error, Abort) and isinstance(cause, BuildError) else error


def keep_serving(server: LiveReloadServer, config: MkDocsConfig) -> LiveReloadServer:
    """Make the server show build failures in the browser and watch all the build reads."""
    for path in watched_paths(config):
        server.watch(str(path))
    preview = LivePreview(server.builder, Path(config.config_file_path or "mkdocs.yml"))
    server.builder = preview.rebuild
    site = server.get_app()
    if site is not None:  # MkDocs' server always has its app; without one, errors stay in the log
        server.set_app(preview.app(site))
    return server


def is_page(path: str) -> bool:
    """True for an address that shows a page (not a picture, a script or a PDF)."""
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last


def answer(start_response: Callable[..., Any], status: str, kind: str, text: str) -> list[bytes]:
    body = text.encode("utf-8")
    start_response(
        status,
        [
            ("Content-Type", f"{kind}; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
        ],
    )
    return [body]


def error_page(failure: str, builds: int) -> str:
    """A page that says what to fix and reloads itself once the next build is done."""
    lines = failure.split("\n  ")
    problems = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The preview cannot be built</title>
<style>body{{font:1.1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}
code{{white-space:pre-wrap;font-size:1rem}}li{{margin:.5rem 0}}</style></head>
<body><main><h1>The preview cannot be built</h1>
<p>Fix this and save the file. This page reloads by itself when the next build is done.</p>
<ul>{problems}</ul></main>
<script>
const seen = {json.dumps(str(builds))};
setInterval(async () => {{
  try {{
    const answer = await fetch({json.dumps(BUILDS_PATH)}, {{cache: "no-store"}});
    if ((await answer.text()) !== seen) location.reload();
  }} catch (error) {{}}
}}, 1000);
</script></body></html>
"""


def package_state() -> dict[str, float]:
    """When each file of the guide's package last changed."""
    return {str(path): path.stat().st_mtime for path in PACKAGE.rglob("*") if path.is_file()}


def forget_package() -> None:
    """Drop the guide's package and the hook modules MkDocs keeps, so the next build imports
    the edited code (MkDocs loads each hook file once per process and keeps it)."""
    from mkdocs.config import config_options

    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE_NAME]:
        del sys.modules[name]
    load_hook = getattr(config_options.Hooks._load_hook, "cache_clear", None)
    if load_hook is not None:
        load_hook()
