"""Unit tests: the aftercare day grid, the clinic timings that shape it, and its reminders."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from patient_guide.data_files import DataFileError
from patient_guide.pages.day_grid import (
    NEUTRAL,
    Rule,
    Timings,
    day_grid,
    load_rules,
    reminders,
)
from tests.conftest import PROJECT

WORDS = yaml.safe_load((PROJECT / "docs" / "_data" / "labels.yml").read_text("utf-8"))["grid"]
RULES = (
    Rule("sun", "Stay out of the sun; wear {spf}.", ends="sun_days"),
    Rule("gentle", "Gentle products only."),
    Rule("makeup", "No makeup.", after="You may wear makeup.", ends="no_makeup_days"),
    Rule("exercise", "No hard exercise.", after="You may exercise.",
         ends="hard_exercise_hours", neutral=48),
    Rule("check", "Check the redness.", kind="check", after="Check the redness today.",
         ends="call_if_red_on_day", neutral=3),
)  # fmt: skip


def cells(timings: Timings = NEUTRAL, paper: bool = False) -> dict[str, tuple[str, str]]:
    """Each rule's row as 'x' (a tick box) or '.' per day, and its last cell."""
    grid = day_grid(RULES, timings, WORDS, paper)
    return {
        row.rule.id: ("".join("x" if tick else "." for tick in row.days), row.after)
        for row in grid.rows
    }


def test_the_neutral_grid_shows_a_week_and_ends_only_what_the_articles_end() -> None:
    assert cells() == {
        "sun": ("xxxxxxx", "until your clinic says"),
        "gentle": ("xxxxxxx", "until your clinic says"),
        "makeup": ("xxxxxxx", "until your clinic says"),
        "exercise": ("xxx....", ""),  # 48 hours: up to the time of the session on day 3
        "check": ("..x....", ""),  # has the redness started to fade by day 3?
    }


def test_paper_leaves_a_day_to_fill_in_where_a_clinic_may_give_one() -> None:
    grid = cells(paper=True)
    assert grid["sun"] == ("xxxxxxx", WORDS["until_day"]), "a clinic may set sun_days"
    blank = "to the end of day\u00a0______"
    assert WORDS["until_day"] == blank, "the blank never parts from its word"
    assert grid["gentle"] == ("xxxxxxx", "until your clinic says"), "no timing ends this one"
    assert grid["exercise"] == ("xxx....", "")


def test_a_clinics_timings_end_its_rules() -> None:
    timings = Timings(no_makeup_days=5, hard_exercise_hours=24, call_if_red_on_day=4, spf=30)
    assert cells(timings) == {
        "sun": ("xxxxxxx", "until your clinic says"),
        "gentle": ("xxxxxxx", "until your clinic says"),
        "makeup": ("xxxxx..", ""),
        "exercise": ("xx.....", ""),
        "check": ("...x...", ""),
    }
    long = cells(Timings(sun_days=10))
    assert long["sun"] == ("x" * 10, "") and long["gentle"] == ("x" * 10, "until your clinic says")
    sun = day_grid(RULES, timings, WORDS, paper=True).rows[0]
    # the number stays with SPF: a line never breaks between them
    assert (
        sun.words == "Stay out of the sun; wear SPF\u00a030 sunscreen."
    )  # the number stays with SPF


@pytest.mark.parametrize(
    ("paper", "timings", "words"),
    [
        (False, NEUTRAL, "Stay out of the sun; wear a high SPF sunscreen."),
        (True, NEUTRAL, f"Stay out of the sun; wear {WORDS['spf_blank']}."),
        (True, Timings(spf=50), "Stay out of the sun; wear SPF\u00a050 sunscreen."),
    ],
)
def test_the_sunscreen_is_named_as_the_clinic_gives_it(
    paper: bool, timings: Timings, words: str
) -> None:
    assert day_grid(RULES, timings, WORDS, paper).rows[0].words == words


@pytest.mark.parametrize(
    ("name", "value", "last", "change"),
    [
        ("hard_exercise_hours", 24, 2, 2),
        ("hard_exercise_hours", 48, 3, 3),
        ("hard_exercise_hours", 168, 8, 8),
        ("no_makeup_days", 1, 1, 2),
        ("no_makeup_days", 14, 14, 15),
        ("call_if_red_on_day", 3, 3, 3),
    ],
)
def test_timings_count_day_1_as_the_day_of_the_session(
    name: str, value: int, last: int, change: int
) -> None:
    timings = Timings(**{name: value})  # type: ignore[arg-type]
    assert (timings.last_day(name), timings.change_day(name)) == (last, change)  # type: ignore[arg-type]


def test_reminders_fall_on_the_days_rules_end() -> None:
    assert [(r.day, r.words) for r in reminders(RULES, NEUTRAL)] == [
        (3, "You may exercise."),
        (3, "Check the redness today."),
    ]
    clinic = Timings(no_makeup_days=5, call_if_red_on_day=4)
    assert [(r.day, r.words) for r in reminders(RULES, clinic)] == [
        (3, "You may exercise."),
        (4, "Check the redness today."),
        (6, "You may wear makeup."),
    ]


def test_the_real_rules_make_a_grid_of_the_guides_rows() -> None:
    rules = load_rules(PROJECT / "docs")
    assert [rule.id for rule in rules] == [
        "sun", "gentle-products", "makeup", "retinoids", "scrubs", "exercise", "redness-check"
    ]  # fmt: skip
    assert all(rule.picture_svg and "<svg" in rule.picture_svg for rule in rules if rule.picture)
    translated = load_rules(PROJECT / "docs" / "es", PROJECT / "docs")
    assert [rule.id for rule in translated] == [rule.id for rule in rules]
    assert [rule.ends for rule in translated] == [rule.ends for rule in rules]
    assert translated[0].do != rules[0].do, "the Spanish rules are in Spanish"


def test_a_translation_with_other_rules_is_refused(tmp_path: Path) -> None:
    main, translated = tmp_path, tmp_path / "es"
    (main / "_data").mkdir()
    (translated / "_data").mkdir(parents=True)
    (main / "_data" / "aftercare.yml").write_text(
        "- {id: sun, do: Sun., short: Sun}\n- {id: makeup, do: No., short: 'No'}\n"
    )
    (translated / "_data" / "aftercare.yml").write_text("- {id: sun, do: Sol., short: Sol}\n")
    with pytest.raises(DataFileError, match=r"es/_data/aftercare.yml: rule 'makeup' is missing"):
        load_rules(translated, main)
