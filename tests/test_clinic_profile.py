"""Unit tests: clinic settings files are read, checked and explained in one clear message."""

from __future__ import annotations

import io
import json
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from patient_guide.clinic_files.settings import (
    SCHEMA_FILE,
    Clinic,
    ClinicFileError,
    ClinicTimings,
    clinic_files,
    clinic_schema,
    clinic_slug,
    load_clinic,
)

PROJECT = Path(__file__).resolve().parent.parent


def small_png() -> bytes:
    """A real PNG of 40 x 20 pixels."""
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(output, "PNG")
    return output.getvalue()


PNG = small_png()
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>x</title></svg>'
MINIMAL = "name: Fern Clinic\nphone: '+1 555 0100'\n"
NO_CLOSE_KEY = (
    "fax: unknown key; "
    "the keys are name, phone, after_hours_phone, address, website, logo, aftercare_notes"
)
NOT_A_PHONE = (
    "phone: '555-CALL-NOW' is not a phone number; "
    "use digits, spaces and + ( ) - only, e.g. +1 555 0100"
)
OUTSIDE = (
    "logo: '../../etc/passwd' is outside the clinic file's folder; "
    "put the logo next to the clinic file"
)


def write_clinic(folder: Path, text: str | bytes, name: str = "clinic.yml") -> Path:
    """A clinic file in folder with the given content."""
    path = folder / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def load_error(path: Path) -> ClinicFileError:
    """The error load_clinic raises for path."""
    with pytest.raises(ClinicFileError) as caught:
        load_clinic(path)
    return caught.value


def assert_explains(
    error: ClinicFileError, path: Path, field: str | None, words: list[str]
) -> None:
    """The one-line message names the file (and line), the field, and says what is wrong."""
    assert all(problem.path == str(path) for problem in error.problems)
    problems = [p for p in error.problems if not field or p.message.startswith(f"{field}: ")]
    assert len(problems) == 1, str(error)
    problem = problems[0]
    message = str(problem)
    where = f"{path}:{problem.line}: " if problem.line else f"{path}: "
    assert message.startswith(where)
    if field:
        assert problem.line is not None, "a bad field is reported with its line"
    for word in words:
        assert word in message


# The shipped example


def test_shipped_example_loads() -> None:
    source = PROJECT / "clinics" / "example.yml"
    clinic = load_clinic(source)
    assert clinic.logo_svg == (PROJECT / "clinics" / "example-logo.svg").read_text()
    assert clinic.model_copy(update={"logo_svg": None}) == Clinic(
        name="Fernhill Skin Clinic",
        phone="+1 555 0100",
        after_hours_phone="+1 555 0199",
        address="12 Example Street, Springfield",
        website="https://fernhill-clinic.example/",
        logo=(PROJECT / "clinics" / "example-logo.svg").resolve(),
        aftercare_notes=(
            "Use the gentle cleanser from your aftercare kit.",
            "Bring this sheet to your next visit.",
        ),
        translated_aftercare_notes={
            "es": (
                "Use el limpiador suave de su kit de cuidados.",
                "Traiga esta hoja a su próxima visita.",
            )
        },
        timings=ClinicTimings(
            sun_days=7,
            no_makeup_days=3,
            no_retinoid_days=5,
            no_scrub_days=7,
            hard_exercise_hours=48,
            call_if_red_on_day=3,
            spf=30,
        ),
        source=source,
    )
    assert clinic.logo is not None
    assert clinic.logo.is_relative_to((PROJECT / "clinics").resolve())
    assert clinic.slug == "example"


def test_shipped_logo_is_small_titled_and_sized() -> None:
    logo = PROJECT / "clinics" / "example-logo.svg"
    text = logo.read_text(encoding="utf-8")
    assert logo.stat().st_size < 2048
    assert "<title" in text
    assert 'viewBox="0 0 240 80"' in text
    assert 'width="240"' in text and 'height="80"' in text


# Valid files


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MINIMAL, {"name": "Fern Clinic", "phone": "+1 555 0100"}),
        ("name: '  Fern Clinic  '\nphone: ' 555 0100 '\n", {"name": "Fern Clinic"}),
        ("name: Fern\nphone: 5550100\n", {"phone": "5550100"}),
        ("name: Fern\nphone: +441234567890\n", {"phone": "+441234567890"}),
        ("name: Fern\nphone: 0201234567\n", {"phone": "0201234567"}),
        ("name: Fern\nphone: (555) 010-0100\n", {"phone": "(555) 010-0100"}),
        ("name: Fern\nphone: '555.010.0100'\n", {"phone": "555.010.0100"}),
        (MINIMAL + "after_hours_phone: 5550199\n", {"after_hours_phone": "5550199"}),
        ("name: Fern\r\nphone: 5550100\r\n", {"name": "Fern", "phone": "5550100"}),
        (
            MINIMAL + "address: |\n  12 Example Street\n  Springfield\n",
            {"address": "12 Example Street\nSpringfield"},
        ),
        ("name: Fern & Co <3\nphone: 5550100\n", {"name": "Fern & Co <3"}),
        ("name: Fern <- Co\nphone: 5550100\n", {"name": "Fern <- Co"}),
        (
            MINIMAL + "aftercare_notes: [Bring this sheet.]\n",
            {"aftercare_notes": ("Bring this sheet.",)},
        ),
        (MINIMAL + "aftercare_notes:\n" + "  - Note.\n" * 3, {"aftercare_notes": ("Note.",) * 3}),
        (
            MINIMAL + "website:\nlogo: ''\naddress: '  '\n",
            {"website": None, "logo": None, "address": None},
        ),
    ],
)
def test_valid_file_is_read(tmp_path: Path, text: str, expected: dict[str, Any]) -> None:
    clinic = load_clinic(write_clinic(tmp_path, text))
    for field, value in expected.items():
        assert getattr(clinic, field) == value


def test_minimal_file_leaves_optional_fields_empty(tmp_path: Path) -> None:
    path = write_clinic(tmp_path, MINIMAL)
    assert load_clinic(path) == Clinic(
        name="Fern Clinic",
        phone="+1 555 0100",
        after_hours_phone=None,
        address=None,
        website=None,
        logo=None,
        aftercare_notes=(),
        source=path,
    )


@pytest.mark.parametrize(
    ("website", "expected"),
    [
        ("https://a.example", "https://a.example/"),
        ("https://a.example/", "https://a.example/"),
        ("http://a.example:8080", "http://a.example:8080/"),
        ("https://a.example/team?x=1", "https://a.example/team?x=1"),
        ("https://a.example?x=1", "https://a.example/?x=1"),
        ("https://a.example#visit", "https://a.example/#visit"),
        ("  https://a.example/book  ", "https://a.example/book"),
    ],
)
def test_website_gets_a_path(tmp_path: Path, website: str, expected: str) -> None:
    path = write_clinic(tmp_path, f"{MINIMAL}website: '{website}'\n")
    assert load_clinic(path).website == expected


@pytest.mark.parametrize(
    ("file_name", "slug"),
    [
        ("example.yml", "example"),
        ("Fern Hill.yml", "fern-hill"),
        ("fernhill_clinic-2.yaml", "fernhill-clinic-2"),
        ("Zürich.yml", "z-rich"),
    ],
)
def test_slug_comes_from_the_file_name(tmp_path: Path, file_name: str, slug: str) -> None:
    assert load_clinic(write_clinic(tmp_path, MINIMAL, file_name)).slug == slug
    assert clinic_slug(Path("clinics") / file_name) == slug


@pytest.mark.parametrize("name", ["logo.png", "sub/logo.png", "./logo.PNG"])
def test_png_logo_inside_the_folder_is_resolved(tmp_path: Path, name: str) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / name).write_bytes(PNG)
    path = write_clinic(tmp_path, f"{MINIMAL}logo: {name}\n")
    assert load_clinic(path).logo == (tmp_path / name).resolve()


def test_logo_symlink_inside_the_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "logo-2024.svg").write_bytes(SVG)
    (tmp_path / "logo.svg").symlink_to("logo-2024.svg")
    path = write_clinic(tmp_path, f"{MINIMAL}logo: logo.svg\n")
    assert load_clinic(path).logo == (tmp_path / "logo-2024.svg").resolve()


@pytest.mark.parametrize(
    "svg",
    [
        SVG,
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- logo -->\n' + SVG,
        b'\xef\xbb\xbf<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n' + SVG,
    ],
)
def test_svg_logo_may_start_with_a_declaration(tmp_path: Path, svg: bytes) -> None:
    (tmp_path / "logo.svg").write_bytes(svg)
    path = write_clinic(tmp_path, f"{MINIMAL}logo: logo.svg\n")
    assert load_clinic(path).logo == (tmp_path / "logo.svg").resolve()


# Files that cannot be used


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("phone: '+1 555 0100'\n", "name", ["missing", "add e.g. name: Fernhill Skin Clinic"]),
        ("name: '  '\nphone: '555 0100'\n", "name", ["missing"]),
        ("name: Fern\n", "phone", ["missing", "add e.g. phone: +1 555 0100"]),
        ("name: Fern\nphone:\n", "phone", ["missing"]),
        ("name: [a, b]\nphone: '555 0100'\n", "name", ["must be text", "list"]),
        ("name: {a: b}\nphone: '555 0100'\n", "name", ["must be text", "mapping"]),
        ("name: 123\nphone: '555 0100'\n", "name", ["must be text", "number", "quotes"]),
        ("name: yes\nphone: '555 0100'\n", "name", ["must be text", "true/false"]),
        ("name: 2024-01-01\nphone: '555 0100'\n", "name", ["must be text", "date"]),
        ("name: Fern\nphone: true\n", "phone", ["must be text", "true/false"]),
        ("name: Fern\nphone: 555.0100\n", "phone", ["must be text", "number", "quotes"]),
        ("name: " + "x" * 81 + "\nphone: '555 0100'\n", "name", ["81 characters", "limit is 80"]),
        ('name: "Fern\\nClinic"\nphone: "555 0100"\n', "name", ["one line"]),
        ('name: "Fern\\x07"\nphone: "555 0100"\n', "name", ["control character U+0007"]),
        ("name: <b>Fern</b>\nphone: '555 0100'\n", "name", ["contains HTML", "plain text"]),
        ("name: Fern <script>x()</script>\nphone: 5550100\n", "name", ["contains HTML"]),
        ("name: Fern <!-- hi -->\nphone: 5550100\n", "name", ["contains HTML"]),
        (MINIMAL + "aftercare_notes: ['<img src=x>']\n", "aftercare_notes", ["HTML"]),
        ("name: Fern\nphon: '555 0100'\n", "phon", ["unknown key; did you mean 'phone'?"]),
        ("Name: Fern\nphone: '555 0100'\n", "Name", ["did you mean 'name'?"]),
        (
            MINIMAL + "fax: '555 0101'\n",
            "fax",
            [NO_CLOSE_KEY],
        ),
        (MINIMAL + "1: x\n", "1", ["unknown key"]),
        (
            "name: Fern\nphone: 555-CALL-NOW\n",
            "phone",
            [NOT_A_PHONE],
        ),
        ("name: Fern\nphone: '1 555 +0100'\n", "phone", ["not a phone number"]),
        ("name: Fern\nphone: 0x1F\n", "phone", ["not a phone number"]),
        ("name: Fern\nphone: '555 01'\n", "phone", ["5 digits", "6 to 15"]),
        ("name: Fern\nphone: '+1 555 0100 0100 0100'\n", "phone", ["16 digits"]),
        (MINIMAL + "after_hours_phone: call us\n", "after_hours_phone", ["not a phone number"]),
        (MINIMAL + "address: '" + "x" * 201 + "'\n", "address", ["limit is 200"]),
        (MINIMAL + 'address: "12 Street\\x00"\n', "address", ["control character U+0000"]),
        (MINIMAL + "website: ftp://x\n", "website", ["'ftp://x' is not a web address", "https://"]),
        (MINIMAL + "website: not a url\n", "website", ["not a web address"]),
        (MINIMAL + "website: https://\n", "website", ["not a web address"]),
        (MINIMAL + "website: www.fern.example\n", "website", ["not a web address"]),
        (MINIMAL + "website: https://fern.example:port/\n", "website", ["not a web address"]),
        (MINIMAL + "website: [https://a.example]\n", "website", ["must be text"]),
        (
            MINIMAL + "aftercare_notes:\n" + "  - Note.\n" * 4,
            "aftercare_notes",
            ["has 4 notes; give 1 to 3 to fit the one-page handout"],
        ),
        (MINIMAL + "aftercare_notes: []\n", "aftercare_notes", ["has 0 notes"]),
        (MINIMAL + "aftercare_notes: Bring this sheet.\n", "aftercare_notes", ["must be a list"]),
        (
            MINIMAL + "aftercare_notes:\n  - Short.\n  - " + "x" * 141 + "\n",
            "aftercare_notes",
            ["note 2 is 141 characters; the limit is 140"],
        ),
        (MINIMAL + "aftercare_notes:\n  - Short.\n  -\n", "aftercare_notes", ["note 2 is empty"]),
        (MINIMAL + "aftercare_notes: [[a]]\n", "aftercare_notes", ["note 1 must be text"]),
        (MINIMAL + "logo: 42\n", "logo", ["must be text"]),
    ],
)
def test_bad_setting_is_explained(tmp_path: Path, text: str, field: str, words: list[str]) -> None:
    path = write_clinic(tmp_path, text)
    assert_explains(load_error(path), path, field, words)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", ["the file is empty; a clinic file needs at least name and phone"]),
        ("\n  \n", ["the file is empty"]),
        ("# only a comment\n", ["the file is empty"]),
        ("name: [unclosed\n", ["clinic.yml:1: not valid YAML", "brackets"]),
        ("name: Fern\nphone: '555 0100'\n  bad: indent\n", ["clinic.yml:3: not valid YAML"]),
        ("name: Fern\nphone: '555\x07'\n", ["clinic.yml:2: the control character U+0007"]),
        ("- name: Fern\n- phone: 555\n", ["must be a mapping of settings such as name: and phone"]),
        ("just some text\n", ["must be a mapping"]),
        ("name: !!python/object:os.system x\n", ["clinic.yml:1: not valid YAML"]),
        ("[" * 5000 + "]" * 5000, ["not valid YAML"]),
        (b"name: Caf\xe9 Fern\nphone: '555 0100'\n", ["not UTF-8", "0xe9", "save it as UTF-8"]),
        (b"# x" * 30_000, ["KB", "at most 64 KB"]),
    ],
)
def test_bad_file_is_explained(tmp_path: Path, content: str | bytes, words: list[str]) -> None:
    path = write_clinic(tmp_path, content)
    assert_explains(load_error(path), path, None, words)


def test_utf8_with_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = write_clinic(tmp_path, b"\xef\xbb\xbf" + MINIMAL.encode())
    assert load_clinic(path).name == "Fern Clinic"


def test_missing_file_and_folder_are_explained(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yml"
    assert_explains(load_error(missing), missing, None, ["not found"])
    assert_explains(load_error(tmp_path), tmp_path, None, ["is not a file"])


# Logos that cannot be used


def make_outside_link(folder: Path) -> None:
    outside = folder.parent / "elsewhere"
    outside.mkdir()
    (outside / "logo.png").write_bytes(PNG)
    (folder / "logo.png").symlink_to(outside / "logo.png")


def make_file(name: str, content: bytes) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        (folder / name).write_bytes(content)

    return setup


@pytest.mark.parametrize(
    ("logo", "setup", "words"),
    [
        ("/etc/passwd", None, ["'/etc/passwd' is an absolute path"]),
        (
            "../../etc/passwd",
            None,
            [OUTSIDE],
        ),
        ("../logo.png", make_file("../logo.png", PNG), ["is outside the clinic file's folder"]),
        ("logo.png", make_outside_link, ["'logo.png' is outside the clinic file's folder"]),
        ("x.png", None, ["'x.png' not found next to"]),
        ("images", lambda folder: (folder / "images").mkdir(), ["'images' is not a file"]),
        ("logo.png", lambda folder: os.mkfifo(folder / "logo.png"), ["'logo.png' is not a file"]),
        ("logo.png", make_file("logo.png", b"not an image\n"), ["is not a PNG or SVG image"]),
        ("logo.svg", make_file("logo.svg", b"<html><svg></svg></html>"), ["not an SVG image"]),
        ("logo.png", make_file("logo.png", SVG), ["is an SVG image", "must end in .svg"]),
        ("logo.svg", make_file("logo.svg", PNG), ["is a PNG image", "must end in .png"]),
        ("logo.jpg", make_file("logo.jpg", PNG), ["must end in .png"]),
        (
            "logo.svg",
            make_file("logo.svg", b'<!DOCTYPE svg [<!ENTITY x "y">]>' + SVG),
            ["entity declarations"],
        ),
    ],
)
def test_bad_logo_is_explained(
    tmp_path: Path, logo: str, setup: Callable[[Path], None] | None, words: list[str]
) -> None:
    folder = tmp_path / "clinics"
    folder.mkdir()
    if setup:
        setup(folder)
    path = write_clinic(folder, f"{MINIMAL}logo: '{logo}'\n")
    error = load_error(path)
    assert_explains(error, path, "logo", words)
    if "not found" in words[0]:
        assert str(path) in error.problems[0].message


def test_huge_logo_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.png"
    with big.open("wb") as file:  # a sparse file: 50 MB long, almost nothing on disk
        file.write(b"\x89PNG\r\n\x1a\n")
        file.seek(50 * 1024 * 1024)
        file.write(b"\0")
    real_open, real_read_bytes = Path.open, Path.read_bytes

    def refuse_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        assert self.name != "big.png", "the huge logo was opened"
        return real_open(self, *args, **kwargs)

    def refuse_read_bytes(self: Path) -> bytes:
        assert self.name != "big.png", "the huge logo was read"
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "open", refuse_open)
    monkeypatch.setattr(Path, "read_bytes", refuse_read_bytes)
    path = write_clinic(tmp_path, f"{MINIMAL}logo: big.png\n")
    started = time.monotonic()
    error = load_error(path)
    assert time.monotonic() - started < 1
    assert_explains(error, path, "logo", ["'big.png' is 50.0 MB; the limit is 2 MB"])


def test_logo_of_exactly_2_mb_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG.ljust(2 * 1024 * 1024, b"\0"))
    path = write_clinic(tmp_path, f"{MINIMAL}logo: logo.png\n")
    assert load_clinic(path).logo == (tmp_path / "logo.png").resolve()


# The error itself and clinic folders


def test_every_bad_field_is_reported_at_once_with_its_line(tmp_path: Path) -> None:
    path = write_clinic(
        tmp_path, "name: Fern\nphone: call us\nwebsit: https://a.example/\naddress: [a]\n"
    )
    error = load_error(path)
    assert [str(problem) for problem in error.problems] == [
        f"{path}:2: phone: 'call us' is not a phone number; {NOT_A_PHONE.split('; ', 1)[1]}",
        f"{path}:4: address: must be text, not a list",
        f"{path}:3: websit: unknown key; did you mean 'website'?",
    ]
    assert str(pickle.loads(pickle.dumps(error))) == str(error)


def test_committed_schema_is_the_one_the_settings_make() -> None:
    committed = json.loads((PROJECT / "clinics" / SCHEMA_FILE).read_text(encoding="utf-8"))
    assert committed == clinic_schema()
    example = (PROJECT / "clinics" / "example.yml").read_text(encoding="utf-8")
    assert example.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA_FILE}"


def test_schema_describes_every_setting_and_refuses_others() -> None:
    schema = clinic_schema()
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["name", "phone"]
    assert set(schema["properties"]) == {
        "name",
        "phone",
        "after_hours_phone",
        "address",
        "website",
        "logo",
        "aftercare_notes",
        "translated_aftercare_notes",
        "timings",
    }
    assert all(field.get("description") for field in schema["properties"].values())
    timings = schema["$defs"]["ClinicTimings"]
    assert timings["additionalProperties"] is False
    assert set(timings["properties"]) == {
        "sun_days", "no_makeup_days", "no_retinoid_days", "no_scrub_days", "hard_exercise_hours",
        "call_if_red_on_day", "spf", "warning_signs", "translated_warning_signs",
    }  # fmt: skip
    assert all(field.get("description") for field in timings["properties"].values())
    exercise = timings["properties"]["hard_exercise_hours"]
    assert {key: exercise[key] for key in ("type", "minimum", "maximum", "multipleOf")} == {
        "type": "integer", "minimum": 24, "maximum": 168, "multipleOf": 24
    }  # fmt: skip


def test_clinic_files_lists_yaml_files_sorted(tmp_path: Path) -> None:
    for name in ["b.yml", "a.yaml", "C.YML", "notes.txt", "README.md", ".hidden.yml", "x.yml~"]:
        (tmp_path / name).write_text(MINIMAL)
    (tmp_path / "folder.yml").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deeper.yml").write_text(MINIMAL)
    assert clinic_files(tmp_path) == [tmp_path / "C.YML", tmp_path / "a.yaml", tmp_path / "b.yml"]


def test_clinic_files_of_a_missing_folder_is_explained(tmp_path: Path) -> None:
    with pytest.raises(ClinicFileError, match="is not a folder of clinic files"):
        clinic_files(tmp_path / "nowhere")
    assert clinic_files(PROJECT / "clinics") == [PROJECT / "clinics" / "example.yml"]
