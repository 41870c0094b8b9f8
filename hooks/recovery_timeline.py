"""The recovery timeline: stages of healing read from data, drawn as an SVG picture."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

from clinic_profile import html_problem

WIDTH = 560
LEFT, TEXT_LEFT = 40, 84  # the line of dots, and where the words start
WHEN_SIZE, SEE_SIZE = 25, 22
LINE_HEIGHT = 30
STAGE_GAP = 26
WRAP_AT = 35  # characters per line at SEE_SIZE, so words stay inside the picture
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
INK, ACCENT, LINE = "#111111", "#00695c", "#444444"
EXAMPLE = '- when: First day\n  see: Red, tender skin.\n  sources: ["001"]'


class RecoveryTimelineError(Exception):
    """The timeline data cannot be used; the message names the file, the stage and the fix."""


@dataclass(frozen=True)
class Stage:
    """One stage of healing: when it is, what you may see, and the sources that say so."""

    when: str
    see: str
    sources: tuple[str, ...]


def load_stages(path: Path, known_sources: set[str]) -> list[Stage]:
    """The stages in the data file, each checked: text fields, known source ids."""
    shown = path.as_posix()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark is not None else shown
        raise RecoveryTimelineError(
            f"{where}: cannot be read ({error}); write stages like:\n{EXAMPLE}"
        ) from None
    if not isinstance(data, list) or not data:
        raise RecoveryTimelineError(f"{shown}: must be a list of stages, like:\n{EXAMPLE}")
    return [_stage(shown, number, entry, known_sources) for number, entry in enumerate(data, 1)]


def _stage(shown: str, number: int, entry: object, known_sources: set[str]) -> Stage:
    where = f"{shown}: stage {number}"
    if not isinstance(entry, dict) or set(entry) != {"when", "see", "sources"}:
        raise RecoveryTimelineError(
            f"{where}: give exactly 'when', 'see' and 'sources', like:\n{EXAMPLE}"
        )
    for key in ("when", "see"):
        value = entry[key]
        if not isinstance(value, str) or not value.strip() or html_problem(value):
            raise RecoveryTimelineError(f"{where}: '{key}' must be plain text")
    sources = entry["sources"]
    if not isinstance(sources, list) or not sources:
        raise RecoveryTimelineError(f"{where}: 'sources' must list the source ids it rests on")
    unknown = [str(source) for source in sources if str(source) not in known_sources]
    if unknown:
        raise RecoveryTimelineError(
            f"{where}: unknown source {unknown[0]!r}; use an id from docs/_data/sources.yml"
        )
    return Stage(entry["when"].strip(), entry["see"].strip(), tuple(map(str, sources)))


def timeline_alt(stages: list[Stage]) -> str:
    """The picture's text alternative; the page lists every stage in words right below it."""
    return (
        f"Timeline of healing in {len(stages)} stages, from {stages[0].when.lower()} to "
        f"{stages[-1].when.lower()}. Each stage is written out below."
    )


def timeline_svg(stages: list[Stage]) -> str:
    """A tall picture (it fits a phone): a dot per stage on a line, its name and what you see."""
    parts: list[str] = []
    dots: list[int] = []
    top = STAGE_GAP + WHEN_SIZE
    for stage in stages:
        dots.append(top - WHEN_SIZE // 3)
        parts.append(_text(TEXT_LEFT, top, stage.when, WHEN_SIZE, bold=True))
        lines = textwrap.wrap(stage.see, WRAP_AT)
        for number, line in enumerate(lines, start=1):
            parts.append(_text(TEXT_LEFT, top + number * LINE_HEIGHT + 4, line, SEE_SIZE))
        top += (len(lines) + 1) * LINE_HEIGHT + STAGE_GAP + 4
    height = top - WHEN_SIZE
    line = (
        f'<line x1="{LEFT}" y1="{dots[0]}" x2="{LEFT}" y2="{height - 12}" stroke="{LINE}" '
        'stroke-width="4"/>'
        f'<path d="M{LEFT - 10} {height - 22} L{LEFT} {height - 6} L{LEFT + 10} {height - 22}" '
        f'fill="none" stroke="{LINE}" stroke-width="4"/>'
    )
    circles = "".join(
        f'<circle cx="{LEFT}" cy="{y}" r="13" fill="#ffffff" stroke="{ACCENT}" stroke-width="5"/>'
        f'<circle cx="{LEFT}" cy="{y}" r="5" fill="{INK}"/>'
        for y in dots
    )
    title = escape(timeline_alt(stages))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img">\n<title>{title}</title>\n'
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>\n'
        f"{line}\n{circles}\n" + "\n".join(parts) + "\n</svg>\n"
    )


def _text(x: int, y: int, words: str, size: int, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x}" y="{y}" font-family="{FONT}" font-size="{size}"{weight} '
        f'fill="{INK}">{escape(words)}</text>'
    )
