"""The aftercare day grid in the browser: the patient's own dates, today's column, reminders to
a calendar made on the device (read back with a calendar library), and the grid without
JavaScript."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from icalendar import Calendar
from playwright.sync_api import Browser, Page

from patient_guide.pages.day_grid import NEUTRAL, day_grid, load_rules, reminders
from tests.browser.conftest import PHONE_DARK, SCREENSHOTS, OpenPage
from tests.conftest import PROJECT

DATE_KEY = "patient-guide.session-date"
WORDS = yaml.safe_load((PROJECT / "docs" / "_data" / "labels.yml").read_text("utf-8"))["grid"]
WEB_GRID = day_grid(load_rules(PROJECT / "docs"), NEUTRAL, WORDS, paper=False)
DAY_HEADERS = [f"Day {day}" for day in WEB_GRID.day_numbers]


def day_headers(page: Page) -> list[str]:
    return [
        " ".join(text.split())
        for text in page.locator("table.day-grid thead th.day-column").all_inner_texts()
    ]


def set_session_date(page: Page, day: datetime.date) -> None:
    page.get_by_label("The date of your session (Day 1):").fill(day.isoformat())
    page.get_by_label("The date of your session (Day 1):").dispatch_event("change")


def test_the_grid_has_a_box_for_each_rule_on_each_of_its_days(open_page: OpenPage) -> None:
    page, _ = open_page("aftercare/")
    assert day_headers(page) == DAY_HEADERS and len(DAY_HEADERS) >= 7, "at least a week"
    rows = page.locator("table.day-grid tbody tr")
    assert rows.count() == len(load_rules(PROJECT / "docs"))
    exercise = page.locator('tr[data-rule="exercise"] input[type=checkbox]')
    assert exercise.count() == 3, "no hard exercise for 48 hours: days 1 to 3"
    check = page.locator('tr[data-rule="redness-check"] input[type=checkbox]')
    assert check.count() == 1 and check.get_attribute("id") == "grid-redness-check-day-3"
    names = page.locator("table.day-grid input[type=checkbox]").evaluate_all(
        "boxes => boxes.map(box => box.getAttribute('aria-label'))"
    )
    assert len(set(names)) == len(names) and all(name.endswith(".") for name in names)
    assert page.get_by_role("checkbox", name="No makeup. Day 2.", exact=True).count() == 1


def test_the_patients_date_shows_each_days_date_and_marks_today(open_page: OpenPage) -> None:
    page, log = open_page("aftercare/", PHONE_DARK)
    assert not page.get_by_role("button", name="Add reminders to my calendar").is_enabled()
    today = datetime.date.today()
    set_session_date(page, today - datetime.timedelta(days=1))  # the session was yesterday
    headers = day_headers(page)
    assert headers[0].startswith("Day 1") and headers[1].startswith("Day 2")
    assert headers[1].endswith("Today") and not headers[0].endswith("Today")
    assert str(today.day) in headers[1]
    assert page.locator('thead th[aria-current="date"]').inner_text().startswith("Day 2")
    assert page.locator('td.today[data-day="2"]').count() == len(load_rules(PROJECT / "docs"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".day-grid-box").screenshot(path=SCREENSHOTS / "aftercare-grid-dates.png")

    requests = len(log.seen)
    page.reload()
    page.wait_for_load_state("networkidle")
    assert day_headers(page)[1].endswith("Today"), "the date is kept in this browser"
    assert all(url.startswith(log.local_prefix) for url in log.seen[requests:]), "sent nowhere"

    page.get_by_role("button", name="Forget my date").click()
    assert day_headers(page) == DAY_HEADERS
    assert page.evaluate(f"localStorage.getItem('{DATE_KEY}')") is None


def test_reminders_go_to_a_calendar_file_made_on_the_device(
    open_page: OpenPage, tmp_path: Path
) -> None:
    page, log = open_page("aftercare/")
    first = datetime.date(2027, 3, 30)  # the end of a month and a change of summer time
    set_session_date(page, first)
    requests = len(log.seen)
    with page.expect_download() as download:
        page.get_by_role("button", name="Add reminders to my calendar").click()
    assert download.value.suggested_filename == "aftercare-reminders.ics"
    path = tmp_path / "reminders.ics"
    download.value.save_as(path)
    assert all(url.startswith(log.local_prefix) for url in log.seen[requests:]), "made here"

    raw = path.read_bytes()
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = Calendar.from_ical(raw)
    events = calendar.walk("VEVENT")
    expected = reminders(load_rules(PROJECT / "docs"), NEUTRAL)
    assert len(events) == len(expected) >= 2
    for event, reminder in zip(events, expected, strict=True):
        day = first + datetime.timedelta(days=reminder.day - 1)
        assert event.decoded("DTSTART") == day and event.decoded(
            "DTEND"
        ) == day + datetime.timedelta(1)
        assert str(event["SUMMARY"]) == reminder.words
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == datetime.timedelta(hours=9)
    assert len({str(event["UID"]) for event in events}) == len(events)


def test_without_javascript_the_grid_is_there_without_dates(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "aftercare/")
        assert page.locator("table.day-grid").is_visible()
        assert page.locator("table.day-grid input[type=checkbox]").count() > 15
        assert not page.locator(".grid-dates").is_visible()
    finally:
        context.close()
