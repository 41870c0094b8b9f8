"""Hostile clinic files: every logo and field an attacker or a careless export can give is
refused before anything is built, in one line naming the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from patient_guide.clinic_files.logos import LogoProof
from patient_guide.clinic_files.settings import ClinicFileError, load_clinic
from patient_guide.clinics.batch import print_for_clinic
from patient_guide.handouts.jobs import HandoutSet
from tests.hostile_inputs import (
    EXPORT_AGAIN,
    HOSTILE_LOGOS,
    HOSTILE_TEXT,
    LOGOS_TYPST_CANNOT_DRAW,
    ODD_BUT_FINE_LOGOS,
    svg,
)

pytestmark = pytest.mark.faults

CLINIC = "name: Fern Clinic\nphone: '555 0100'\n"


def refusal(path: Path) -> str:
    with pytest.raises(ClinicFileError) as caught:
        load_clinic(path)
    return str(caught.value)


@pytest.mark.parametrize("name", sorted(HOSTILE_LOGOS))
def test_a_hostile_logo_is_refused_against_the_clinic_files_logo_line(
    tmp_path: Path, name: str
) -> None:
    content, says = HOSTILE_LOGOS[name]
    (tmp_path / name).write_bytes(content)
    clinic_file = tmp_path / "fern.yml"
    clinic_file.write_text(f"{CLINIC}logo: {name}\n")
    message = refusal(clinic_file)
    assert message.startswith(f"{clinic_file}:3: logo: {name!r} "), message
    assert says in message
    assert "\n" not in message and "Traceback" not in message


TEXT_FIELDS = {
    "name": "{value}\nphone: '555 0100'\n",
    "phone": "Fern Clinic\nphone: {value}\n",
    "address": "Fern Clinic\nphone: '555 0100'\naddress: {value}\n",
    "aftercare_notes": "Fern Clinic\nphone: '555 0100'\naftercare_notes:\n  - {value}\n",
}


@pytest.mark.parametrize("field", sorted(TEXT_FIELDS))
@pytest.mark.parametrize("kind", sorted(HOSTILE_TEXT))
def test_text_the_handouts_cannot_print_is_refused_by_field_and_line(
    tmp_path: Path, field: str, kind: str
) -> None:
    value, says = HOSTILE_TEXT[kind]
    if field == "phone":
        value = f"555 {value}"
    quoted = '"' + value.encode("unicode_escape").decode().replace('"', '\\"') + '"'
    text = "name: " + TEXT_FIELDS[field].format(value=quoted)
    clinic_file = tmp_path / "fern.yml"
    clinic_file.write_text(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if quoted in row)
    message = refusal(clinic_file)
    assert f"{clinic_file}:{line}: {field}" in message, message
    assert says in message
    assert "Traceback" not in message


@pytest.mark.parametrize("name", sorted(LOGOS_TYPST_CANNOT_DRAW))
def test_a_logo_typst_cannot_draw_is_found_by_printing_it_once(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(LOGOS_TYPST_CANNOT_DRAW[name])
    clinic_file = tmp_path / "fern.yml"
    clinic_file.write_text(f"{CLINIC}logo: {name}\n")
    with pytest.raises(ClinicFileError) as caught:
        load_clinic(clinic_file, LogoProof())
    assert f"logo: {name!r} cannot be printed (failed to parse SVG" in str(caught.value)


@pytest.mark.parametrize("name", sorted(ODD_BUT_FINE_LOGOS))
def test_an_odd_but_harmless_logo_is_taken(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(ODD_BUT_FINE_LOGOS[name])
    clinic_file = tmp_path / "fern.yml"
    clinic_file.write_text(f"{CLINIC}logo: {name}\n")
    assert load_clinic(clinic_file, LogoProof()).logo_svg


def test_a_logo_that_passes_the_checks_but_will_not_print_is_blamed_on_its_line(
    built: tuple[Path, HandoutSet], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The checks prove each logo prints; this stands for a logo they would miss. The clinic's
    # earlier handouts stay as they were, and the message names the logo, not the template.
    (tmp_path / "logo.svg").write_bytes(svg("<rect width='5' height='5'/>"))
    clinic_file = tmp_path / "fern.yml"
    clinic_file.write_text(f"{CLINIC}logo: logo.svg\n")
    clinic = load_clinic(clinic_file)
    unprintable = clinic.model_copy(update={"logo_svg": "<svg><g"})
    monkeypatch.setattr("patient_guide.clinics.batch.load_clinic", lambda path, **_: unprintable)
    earlier = tmp_path / "out" / clinic.slug
    earlier.mkdir(parents=True)
    (earlier / "aftercare-a4.pdf").write_bytes(b"%PDF earlier")
    outcome = print_for_clinic(clinic_file, [built[1]], tmp_path / "out")
    assert outcome.error is not None
    assert outcome.error.startswith(f"{clinic_file}:3: logo: 'logo.svg' cannot be printed (")
    assert outcome.error.endswith(EXPORT_AGAIN)
    assert "handout.typ" not in outcome.error
    assert [entry.name for entry in earlier.iterdir()] == ["aftercare-a4.pdf"]


def test_a_bad_translated_note_is_found_on_its_own_line(tmp_path: Path) -> None:
    clinic_file = tmp_path / "fern.yml"
    clinic_file.write_text(
        f'{CLINIC}translated_aftercare_notes:\n  es:\n    - Bien\n    - "Mal \\u202e"\n'
    )
    message = refusal(clinic_file)
    assert message.startswith(f"{clinic_file}:6: translated_aftercare_notes: es: note 2 "), message
