"""What the clinic page prints from: the print kit each language's build writes beside its
handouts, and the clinic settings' schema, whose rules the page's form checks (so the schema must
say all the batch checks of what the form asks for)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from patient_guide.clinic_files.settings import (
    MAX_NOTE_LENGTH,
    MAX_NOTES,
    ClinicFileError,
    _phone,
    clinic_schema,
    load_clinic,
)
from patient_guide.handouts.catalog import EDITIONS, PAPER_SIZES
from patient_guide.handouts.jobs import HandoutSet
from patient_guide.handouts.press import Press
from patient_guide.handouts.print_kit import COMPILER_FILES, COMPILER_FOLDER, INDEX
from patient_guide.handouts.printing import print_jobs
from tests.conftest import PDFS_PER_SET, PROJECT

SCHEMA = clinic_schema()


def string_rules(name: str) -> dict[str, object]:
    """A property's rules for a string, as the form reads them (its own, then its anyOf's)."""
    rules = dict(SCHEMA["properties"][name])
    for branch in rules.get("anyOf", []):
        if branch.get("type") == "string":
            rules.update(branch)
    return rules


def accepted(check: object, value: object) -> bool:
    try:
        check(value)  # type: ignore[operator]
    except (ValueError, ClinicFileError):
        return False
    return True


@pytest.mark.parametrize(
    "phone",
    ["+1 555 0100", "020 7946 0999", "(01) 23-45.67", "12345", "1234567890123456", "+1 555 01x0",
     "555 12", "+", "123456", "123 456 789 012 345", "+44 (0)20 7946 0321"],
)  # fmt: skip
def test_the_schema_refuses_the_phone_numbers_the_batch_refuses(phone: str) -> None:
    rules = string_rules("phone")
    in_schema = len(phone) <= int(rules["maxLength"]) and bool(  # type: ignore[call-overload]
        re.search(str(rules["pattern"]), phone)
    )
    assert in_schema == accepted(_phone, phone)


@pytest.mark.parametrize(
    "website",
    ["https://rowan-vale.example/aftercare", "http://clinic.example", "HTTPS://Clinic.example/",
     "rowan-vale.example", "https://", "https://a b.example/", "ftp://clinic.example/",
     "https:///path"],
)  # fmt: skip
def test_the_schema_refuses_the_web_addresses_the_batch_refuses(
    website: str, tmp_path: Path
) -> None:
    in_schema = bool(re.search(str(string_rules("website")["pattern"]), website))
    clinic_file = tmp_path / "fern.yml"
    clinic_file.write_text(json.dumps({"name": "Fern", "phone": "555 0100", "website": website}))
    assert in_schema == accepted(load_clinic, clinic_file)


def test_the_schema_gives_the_notes_limits_the_batch_keeps() -> None:
    notes = SCHEMA["properties"]["aftercare_notes"]
    assert notes["maxItems"] == MAX_NOTES
    assert notes["items"]["maxLength"] == MAX_NOTE_LENGTH
    assert "maxLength" not in notes  # a list's length is maxItems


@pytest.mark.parametrize("folder", ["", "es/"])
def test_each_language_publishes_what_its_handouts_print_from(site: Path, folder: str) -> None:
    kit = site / folder / "handouts" / "kit"
    index = json.loads((kit / INDEX).read_text(encoding="utf-8"))
    assert index["language"] == (folder.strip("/") or "en")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", index["reviewed"])
    assert len(index["handouts"]) == PDFS_PER_SET
    assert {(entry["paper"], entry["edition"]) for entry in index["handouts"]} == {
        (paper, edition) for paper in PAPER_SIZES for edition in EDITIONS
    }
    for entry in index["handouts"]:
        assert (site / folder / "handouts" / entry["file"]).is_file()  # the neutral print
        for printed in entry["prints"]:
            job = json.loads((kit / printed["job"]).read_text(encoding="utf-8"))
            assert job["clinic"] is None and job["lang"] == index["language"]
            assert json.loads((kit / printed["articles"]).read_text(encoding="utf-8"))
        assert len(entry["prints"]) in (1, 2)  # and the shorter print, where it may leave out
    template = PROJECT / "overrides" / "handout" / index["template"]
    assert (kit / index["template"]).read_bytes() == template.read_bytes()
    assert all((kit / font).is_file() for font in index["fonts"])
    assert json.loads((kit / "clinic.schema.json").read_text(encoding="utf-8")) == SCHEMA
    # The printer (30 MB) is published once, by the main language's build.
    printer = [(kit / COMPILER_FOLDER / name).is_file() for name in COMPILER_FILES.values()]
    assert printer == [folder == ""] * len(COMPILER_FILES)


def test_the_kit_holds_the_very_data_the_build_prints_each_handout_from(
    built: tuple[Path, HandoutSet],
) -> None:
    """The page and the batch print from the same files: each neutral job's two files in the
    kit are the bytes the press gives Typst for it (a clinic's print adds only its clinic)."""
    site, handout_set = built
    kit = site / "handouts" / "kit"
    index = json.loads((kit / INDEX).read_text(encoding="utf-8"))
    prints = {entry["file"]: entry["prints"][0] for entry in index["handouts"]}
    press = Press(handout_set.template_folder)
    for job in print_jobs(handout_set):
        inputs = press.inputs(job)
        assert (kit / prints[job.file_name]["job"]).read_bytes() == inputs.job, job.file_name
        assert (kit / prints[job.file_name]["articles"]).read_bytes() == inputs.articles
