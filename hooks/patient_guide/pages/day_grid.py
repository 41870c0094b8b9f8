"""The aftercare day grid: one row per rule, one column per day from Day 1 (the day of the
session) to the last day any rule is known to last, then "after that".

The rules are read from docs/_data/aftercare.yml; a translation's file gives their words and takes
the rest from the main language's. When each rule ends comes from a clinic's timings, or from the
articles where they give a figure; otherwise it lasts "until your clinic says" (on the web) or
"until day ___" (on paper, for the clinic or the patient to fill in).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from ..data_checks import read_entries
from ..data_files import DataFileError, shown_path
from ..plain_text import plain_field

RULES_FILE = Path("_data") / "aftercare.yml"
MIN_DAYS = 7  # the grid shows at least the first week, a box a day for each rule that lasts
TimingName = Literal[
    "sun_days",
    "no_makeup_days",
    "no_retinoid_days",
    "no_scrub_days",
    "hard_exercise_hours",
    "call_if_red_on_day",
]
IN_HOURS: tuple[TimingName, ...] = ("hard_exercise_hours",)  # the rest count days


@dataclass(frozen=True)
class Timings:
    """When a clinic's protocol ends each rule, and what else it asks; None: not set."""

    sun_days: int | None = None  # days of strict sun avoidance, Day 1 included
    no_makeup_days: int | None = None
    no_retinoid_days: int | None = None
    no_scrub_days: int | None = None
    hard_exercise_hours: int | None = None  # hours after the session
    call_if_red_on_day: int | None = None  # call if redness has not started to fade by this day
    spf: int | None = None  # the sunscreen's SPF
    warning_signs: tuple[str, ...] = ()  # what else the clinic asks patients to call about

    @property
    def sets_any_timing(self) -> bool:
        """Whether any timing is set (warning signs aside)."""
        return any(getattr(self, name) is not None for name in (*get_args(TimingName), "spf"))

    def last_day(self, name: TimingName, value: int | None = None) -> int | None:
        """The last day a rule lasts (Day 1 is the day of the session), from the timing's
        value (or the given one): 48 hours -> day 3 (until the time of the session), 7 days ->
        day 7, and a check's own day."""
        value = getattr(self, name) if value is None else value
        if value is None:
            return None
        if name in IN_HOURS:
            return 1 + math.ceil(value / 24)
        return int(value)

    def change_day(self, name: TimingName, value: int | None = None) -> int | None:
        """The day a rule's end (or a check) falls on: the day after its last day, or for
        hours, the last day itself (from the time of the session)."""
        last = self.last_day(name, value)
        if last is None or name in (*IN_HOURS, "call_if_red_on_day"):
            return last
        return last + 1

    def set_names(self) -> list[str]:
        return [item.name for item in fields(self) if getattr(self, item.name) not in (None, ())]


NEUTRAL = Timings()


class RuleEntry(BaseModel):
    """One rule of the main language's file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, plain_field(40), Field(examples=["makeup"])]
    do: Annotated[str, plain_field(120), Field(examples=["No makeup."])]
    short: Annotated[str, plain_field(40), Field(examples=["No makeup"])]
    after: Annotated[str | None, plain_field(160), Field(examples=["You may wear makeup."])] = None
    kind: Literal["rule", "check"] = "rule"
    picture: Annotated[str | None, plain_field(120), Field(examples=["images/action-sun.svg"])] = (
        None
    )
    alt: Annotated[str | None, plain_field(160), Field(examples=["A sun and a hat"])] = None
    point: Annotated[str | None, plain_field(60), Field(examples=["sun"])] = None
    ends: TimingName | None = None
    neutral: Annotated[int | None, Field(ge=1, le=336, examples=[48])] = None


class TranslatedRule(BaseModel):
    """One rule of a translation's file: its words only."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, plain_field(40), Field(examples=["makeup"])]
    do: Annotated[str, plain_field(120), Field(examples=["Sin maquillaje."])]
    short: Annotated[str, plain_field(40), Field(examples=["Sin maquillaje"])]
    after: Annotated[str | None, plain_field(160), Field(examples=["Ya puede maquillarse."])] = None
    alt: Annotated[str | None, plain_field(160), Field(examples=["Un sol y un sombrero"])] = None


@dataclass(frozen=True)
class Rule:
    """A rule as the grid prints it."""

    id: str
    do: str
    short: str = ""  # the rule in a few words, for the grid's later weeks on paper
    kind: str = "rule"
    after: str | None = None
    picture: str | None = None  # the picture's path inside docs/, for the website
    picture_svg: str | None = field(default=None, repr=False)  # its SVG text, for paper
    alt: str | None = None
    point: str | None = None
    ends: TimingName | None = None
    neutral: int | None = None


def load_rules(docs: Path, main_docs: Path | None = None) -> tuple[Rule, ...]:
    """The rules of docs/_data/aftercare.yml (none when there is no such file); for a
    translation (main_docs given), its words with the main language's settings."""
    path = docs / RULES_FILE
    if not path.is_file():
        return ()
    if main_docs is None:
        entries = [entry for entry, _line in read_entries(path, RuleEntry, "rule")]
        return tuple(_rule(entry, docs, path) for entry in entries)
    main = {rule.id: rule for rule in load_rules(main_docs)}
    translated = {entry.id: entry for entry, _line in read_entries(path, TranslatedRule, "rule")}
    if set(main) != set(translated):
        missing = sorted(set(main) ^ set(translated))[0]
        where = "is missing here" if missing in main else f"is not in {shown_path(main_docs)}"
        raise DataFileError.at(
            shown_path(path), None, f"rule {missing!r} {where}; give the same ids"
        )
    return tuple(
        Rule(
            **{
                **rule.__dict__,
                "do": translated[key].do,
                "short": translated[key].short,
                "after": translated[key].after,
                "alt": translated[key].alt or rule.alt,
            }
        )
        for key, rule in main.items()
    )


def _rule(entry: RuleEntry, docs: Path, path: Path) -> Rule:
    picture_svg = None
    if entry.picture:
        picture = docs / entry.picture
        if not picture.is_file() or picture.suffix != ".svg":
            raise DataFileError.at(
                shown_path(path), None, f"rule {entry.id!r}: picture {entry.picture!r} is not "
                f"an .svg file in {shown_path(docs)}"
            )  # fmt: skip
        picture_svg = picture.read_text(encoding="utf-8")
    return Rule(**entry.model_dump(), picture_svg=picture_svg)


@dataclass(frozen=True)
class GridRow:
    """One rule as printed: its words, a tick box on each day it applies, and what follows."""

    rule: Rule
    words: str  # the rule's words, its sunscreen named
    days: tuple[bool, ...]  # a tick box on this day?
    after: str  # after the last column: "until your clinic says", "until day ___" or nothing
    last_day: int | None  # the day a rule with a known end lasts to (a check: its day)
    in_hours: bool = False  # the rule counts hours: it ends at the time of the session that day


@dataclass(frozen=True)
class DayGrid:
    """The grid: its number of day columns and its rows."""

    days: int
    rows: tuple[GridRow, ...]

    @property
    def day_numbers(self) -> range:
        return range(1, self.days + 1)


def day_grid(
    rules: tuple[Rule, ...], timings: Timings, words: dict[str, str], paper: bool
) -> DayGrid:
    """The grid for a clinic's timings (or the neutral ones); words are labels.yml's grid
    group. On paper, a rule with no known end leaves a blank day to fill in."""
    ends = {rule.id: _last_day(rule, timings) for rule in rules}
    days = max([MIN_DAYS, *(end for end in ends.values() if end is not None)])
    rows = []
    for rule in rules:
        end = ends[rule.id]
        if rule.kind == "check":
            ticks = tuple(day == end for day in range(1, days + 1))
            after = ""
        elif end is None:
            ticks = (True,) * days
            # A rule a clinic may end leaves a day to fill in on paper; the others last until
            # the clinic says.
            after = words["until_day"] if paper and rule.ends else words["until_clinic"]
        else:
            ticks = tuple(day <= end for day in range(1, days + 1))
            after = ""
        words_printed = rule_words(rule.do, timings, words, paper)
        rows.append(GridRow(rule, words_printed, ticks, after, end, rule.ends in IN_HOURS))
    return DayGrid(days, tuple(row for row in rows if any(row.days) or row.after))


def known_end(row: GridRow, words: dict[str, str]) -> str:
    """When a rule with a known end stops, in words ("until your session time on day 3"), as
    paper prints it under "How long"; nothing for a rule without one, or a check."""
    if row.rule.kind != "rule" or row.last_day is None:
        return ""
    return words["until_time_n" if row.in_hours else "until_day_n"].format(day=row.last_day)


def _last_day(rule: Rule, timings: Timings) -> int | None:
    if rule.ends is None:
        return None
    set_by_clinic = timings.last_day(rule.ends)
    return set_by_clinic if set_by_clinic is not None else NEUTRAL.last_day(rule.ends, rule.neutral)


@dataclass(frozen=True)
class Reminder:
    """A day on which a rule ends or a check falls: a calendar reminder's day and words."""

    day: int
    words: str


def reminders(rules: tuple[Rule, ...], timings: Timings) -> list[Reminder]:
    """The calendar reminders of a grid: one per rule that ends on a known day, one per check."""
    found = []
    for rule in rules:
        if rule.ends is None or not rule.after:
            continue
        value = getattr(timings, rule.ends)
        day = timings.change_day(rule.ends, value if value is not None else rule.neutral)
        if day is not None:
            found.append(Reminder(day, rule.after))
    return sorted(found, key=lambda reminder: reminder.day)


def rule_words(text: str, timings: Timings, words: dict[str, str], paper: bool) -> str:
    """A rule's words with its sunscreen named (the clinic's SPF, or a high one, a blank for the
    number on paper) and its hours of no hard exercise (the clinic's, or the articles' 48)."""
    if timings.spf is not None:
        sunscreen = words["spf_clinic"].format(spf=timings.spf)
    else:
        sunscreen = words["spf_blank"] if paper else words["spf"]
    if timings.hard_exercise_hours is not None:
        hours = words["exercise_clinic"].format(hours=timings.hard_exercise_hours)
    else:
        hours = words["exercise"]
    return text.replace("{spf}", sunscreen).replace("{exercise}", hours)
