"""The real `mkdocs` console script with the project's hooks: build, serve and gh-deploy."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.conftest import built_page

MKDOCS = str(Path(sys.executable).parent / "mkdocs")
HANDOUT_PDFS = {"aftercare-a4.pdf", "aftercare-letter.pdf", "booklet-a4.pdf", "faq-letter.pdf"}


def mkdocs(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs ARGS` in project, as a user would from a shell."""
    return subprocess.run(
        [MKDOCS, *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )


def test_mkdocs_build_prints_the_handouts(project_copy: Path) -> None:
    result = mkdocs(project_copy, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    site = project_copy / "site"
    printed = {path.name for path in (site / "handouts").glob("*.pdf")}
    assert printed >= HANDOUT_PDFS
    assert (site / "handouts" / "aftercare-a4.pdf").read_bytes().startswith(b"%PDF-")
    assert "aftercare-a4.pdf" in built_page(site, "aftercare.md").read_text()
    assert not (site / "handout").exists(), "the print layout was published"


def test_mkdocs_build_leaves_out_the_handouts_when_switched_off(project_copy: Path) -> None:
    result = mkdocs(project_copy, "build", "--strict", MICRONEEDLING_HANDOUTS="false")
    assert result.returncode == 0, result.stderr
    site = project_copy / "site"
    assert built_page(site, "faq.md").is_file()
    assert not list(site.rglob("*.pdf"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetched(url: str, wanted: str, seconds: float = 60) -> str:
    """The page at url once it contains wanted (the server may still be building)."""
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = str(response.read().decode("utf-8"))
            if wanted in text:
                return text
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {wanted!r}; last seen:\n{text[:500]}")


def test_mkdocs_serve_shows_the_pages_and_an_edit(project_copy: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [MKDOCS, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project_copy,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        page = fetched(f"http://127.0.0.1:{port}/faq/", "<h1")
        assert "Questions" in page and '<span class="citation" data-search-exclude>' in page
        faq = project_copy / "docs" / "faq.md"
        faq.write_text(faq.read_text() + "\nA line added while serving.\n")
        fetched(f"http://127.0.0.1:{port}/faq/", "A line added while serving.")
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors, errors
    assert "ModuleNotFoundError" not in errors


def answer(url: str) -> tuple[int, str]:
    """The status and text of the page at url, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def answered(url: str, status: int, wanted: str, seconds: float = 60) -> str:
    """The text at url once it comes with status and contains wanted (a rebuild takes time)."""
    deadline = time.monotonic() + seconds
    seen: tuple[int, str] = (0, "")
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            seen = answer(url)
        if seen[0] == status and wanted in seen[1]:
            return seen[1]
        time.sleep(0.3)
    raise AssertionError(
        f"{url} never gave {status} with {wanted!r}; last: {seen[0]} {seen[1][:500]}"
    )


def test_mkdocs_serve_shows_a_broken_build_in_the_browser_and_watches_all_it_reads(
    project_copy: Path,
) -> None:
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [MKDOCS, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project_copy,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )

    def edited(relative: str, change: Callable[[str], str]) -> Callable[[], None]:
        """Make the change to a project file; return what puts the file back."""
        path = project_copy / relative
        original = path.read_text()
        path.write_text(change(original))

        def put_back() -> None:
            path.write_text(original)

        return put_back

    try:
        answered(f"{site}/faq/", 200, "<h1")
        # A broken page: every page answers with the one-line message, not a hang.
        restore = edited("docs/faq.md", lambda text: text + "\n{{ 1 / 0 }}\n")
        for page in ("/faq/", "/aftercare/", "/es/"):
            shown = answered(site + page, 500, "docs/faq.md:")
            assert "ZeroDivisionError" in shown and "Traceback" not in shown
        # The same mistake again (MkDocs prints a repeated error only once) is still shown.
        restore()
        restore = edited("docs/faq.md", lambda text: text + "\n{{ 2 / 0 }}\n")
        answered(f"{site}/faq/", 500, "docs/faq.md:")
        restore()
        answered(f"{site}/faq/", 200, "<h1")
        # The Spanish configuration, the handout template and the package are watched.
        restore = edited("mkdocs.es.yml", lambda text: text + "broken: [\n")
        answered(f"{site}/es/", 500, "mkdocs.es.yml:")
        restore()
        restore = edited(
            "mkdocs.es.yml", lambda text: text.replace('site_name: "', 'site_name: "Nuevo ')
        )
        answered(f"{site}/es/", 200, "Nuevo Microagujas")
        restore()
        restore = edited("overrides/handout/handout.typ", lambda text: text + "\n#(1 + )\n")
        answered(f"{site}/aftercare/", 500, "handout.typ")
        restore()
        answered(f"{site}/aftercare/", 200, "<h1")
        restore = edited(
            "hooks/patient_guide/pages/markup.py",
            lambda text: text + "\nraise RuntimeError('the edited package was imported')\n",
        )
        answered(f"{site}/faq/", 500, "the edited package was imported")
        restore()
        answered(f"{site}/faq/", 200, "<h1")
        assert answer(f"{site}/assets/stylesheets/")[0] != 500, "only pages show the error"
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors, errors
    assert "will appear stuck" not in errors, errors


IDENTITY = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
}  # fmt: skip


def git(folder: Path, *args: str) -> str:
    environment = {**os.environ, **IDENTITY}
    result = subprocess.run(
        ["git", *args], cwd=folder, capture_output=True, text=True, check=True, env=environment
    )
    return result.stdout


def test_mkdocs_gh_deploy_pushes_site_and_handouts(project_copy: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--bare", "-q", str(remote)], check=True)
    git(project_copy, "init", "-q", "-b", "main")
    git(project_copy, "add", "-A")
    git(project_copy, "commit", "-q", "-m", "content")
    git(project_copy, "remote", "add", "origin", str(remote))
    result = mkdocs(project_copy, "gh-deploy", "--force", "--no-history", **IDENTITY)
    assert result.returncode == 0, result.stderr
    files = set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert {"index.html", "faq/index.html", "_headers", "sitemap.xml"} <= files
    assert {f"handouts/{name}" for name in HANDOUT_PDFS} <= files
    assert not any(name.startswith("handout/") for name in files)
