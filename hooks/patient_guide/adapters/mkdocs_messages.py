"""MkDocs' own warnings and errors, rewritten to name the file and line an author must fix."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

# MkDocs' summary lines after the real messages: they say nothing an author can act on.
SUMMARY = re.compile(r"^(Aborted with .*|Error reading page '[^']*':)$")
# Where PyYAML says a problem is: '  in "/path/mkdocs.yml", line 97, column 1'.
YAML_MARK = re.compile(r'\s*in "(?P<file>[^"]+)", line (?P<line>\d+), column \d+')
# MkDocs' own message for a mkdocs.yml that is not valid YAML, up to PyYAML's first mark.
CONFIG_YAML_ERROR = re.compile(
    r"\AMkDocs encountered an error parsing the configuration file: (?s:.*?)" + YAML_MARK.pattern
)


def first_line_with(path: Path, *needles: str) -> int | None:
    """The number of the first line of a file containing any of the needles."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, start=1):
        if any(needle in line for needle in needles):
            return number
    return None


def _at(path: Path, line: int | None) -> str:
    shown = os.path.relpath(path)
    return f"{shown}:{line}" if line else shown


class MessageLocator:
    """Rewrites MkDocs messages about a project's pages and configuration."""

    def __init__(self, config_file: Path, docs_dir: Path) -> None:
        self.config_file = config_file
        self.docs_dir = docs_dir
        self.rules: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
            (re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but the "
                        r"doc '(?P<target>[^']+)' does not contain an anchor '(?P<anchor>[^']+)'"),
             self._missing_anchor),
            (re.compile(r"Doc file '(?P<page>[^']+)' contains a (?:link|reference) "
                        r"'(?P<link>[^']+)', but the target .*not found"),
             self._missing_page),
            (re.compile(r"A reference to '(?P<page>[^']+)' is included in the 'nav' "
                        r"configuration, which is not found"),
             self._missing_nav_page),
            (re.compile(r"Config value '(?P<key>[^']+)': (?P<problem>.*)", re.DOTALL),
             self._config_value),
            (CONFIG_YAML_ERROR, self._yaml_error),
            (re.compile(r"The configuration is invalid\. Expected a key-value mapping"),
             self._not_a_configuration),
        ]  # fmt: skip

    def located(self, message: str) -> str | None:
        """The message with its file and line, or None for MkDocs' summary lines."""
        message = message.strip()
        if SUMMARY.match(message):
            return None
        for pattern, rewrite in self.rules:
            found = pattern.search(message)
            if found:
                return rewrite(found)
        return message

    def _page_with(self, page: str, *needles: str) -> tuple[Path, int | None]:
        """The page a message is about, and the line with the link: MkDocs names the page
        inside its docs folder, which is docs/ or a translation's folder (docs/es/)."""
        candidates = [self.docs_dir / page, *sorted(self.docs_dir.glob(f"*/{page}"))]
        for candidate in candidates:
            line = first_line_with(candidate, *needles)
            if line:
                return candidate, line
        return candidates[0], None

    def _missing_page(self, found: re.Match[str]) -> str:
        link = found["link"]
        where = _at(*self._page_with(found["page"], f"({link}", f'"{link}"', link))
        return f"{where}: link '{link}' points to no page; fix the link or add the page"

    def _missing_anchor(self, found: re.Match[str]) -> str:
        link = found["link"]
        where = _at(*self._page_with(found["page"], f"({link}", link))
        return (
            f"{where}: link '{link}': {found['target']} has no heading or anchor "
            f"'#{found['anchor'].lstrip('#')}'; fix the link or the heading"
        )

    def _missing_nav_page(self, found: re.Match[str]) -> str:
        page = found["page"]
        where = _at(self.config_file, first_line_with(self.config_file, page))
        return (
            f"{where}: nav lists '{page}', but there is no "
            f"{os.path.relpath(self.docs_dir / page)}; add the page or remove it from nav"
        )

    def _config_value(self, found: re.Match[str]) -> str:
        key, problem = found["key"], " ".join(found["problem"].split())
        line = first_line_with(self.config_file, f"{key}:")
        unknown = re.match(r"Unrecognised configuration name: (\S+)", problem)
        if unknown:
            return (
                f"{_at(self.config_file, line)}: unknown setting '{unknown[1]}'; check its "
                "spelling or remove it"
            )
        return f"{_at(self.config_file, line)}: {key}: {problem}"

    def _not_a_configuration(self, found: re.Match[str]) -> str:
        return (
            f"{self.config_file}: is not an MkDocs configuration (no 'key: value' settings); "
            "pass --config with your mkdocs.yml"
        )

    def _yaml_error(self, found: re.Match[str]) -> str:
        message = found.string.removeprefix(
            "MkDocs encountered an error parsing the configuration file: "
        )
        problem = "; ".join(part.strip() for part in YAML_MARK.split(message)[::3] if part.strip())
        return (
            f"{_at(Path(found['file']), int(found['line']))}: not valid YAML ({problem}); "
            "check the brackets, quotes and indentation"
        )


class MkDocsMessages(logging.Handler):
    """Keeps MkDocs' warnings and errors for the failure report; prints its info when verbose."""

    def __init__(self, verbose: bool) -> None:
        super().__init__(logging.INFO if verbose else logging.WARNING)
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.problems.append(record.getMessage())
        else:
            print(f"INFO: {record.getMessage()}", file=sys.stderr)

    @classmethod
    def installed(cls, verbose: bool) -> MkDocsMessages:
        """A handler that takes over the 'mkdocs' logger (and so every plugin's and hook's)."""
        handler = cls(verbose)
        logger = logging.getLogger("mkdocs")
        logger.handlers[:] = [handler]
        logger.setLevel(handler.level)
        logger.propagate = False
        return handler


def failure_report(error: BaseException, problems: list[str], config_file: Path) -> str:
    """What went wrong, each problem located by file and line where MkDocs' words allow."""
    locator = MessageLocator(config_file, config_file.parent / "docs")
    located = [text for text in map(locator.located, [*problems, str(error)]) if text]
    unique = list(dict.fromkeys(located)) or [type(error).__name__]
    return "\n  ".join(unique)
