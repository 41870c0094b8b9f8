"""Hostile clinic files: every logo and field an attacker or a careless export can give is
refused before anything is built, in one line naming the file, the line and the field."""

from __future__ import annotations

import base64
import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from patient_guide.clinic_files.settings import ClinicFileError, load_clinic
from patient_guide.clinics.batch import print_for_clinic
from patient_guide.handouts.jobs import HandoutSet

pytestmark = pytest.mark.faults

CLINIC = "name: Fern Clinic\nphone: '555 0100'\n"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}</svg>'
EXPORT_AGAIN = "export it again as a plain SVG or as a PNG"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    checksum = struct.pack(">I", zlib.crc32(kind + data))
    return struct.pack(">I", len(data)) + kind + data + checksum


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims width x height grey pixels: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            png_chunk(b"IHDR", header),
            png_chunk(b"IDAT", zlib.compress(b"\0" * 4096)),
            png_chunk(b"IEND", b""),
        ]
    )


def real_png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(output, "PNG")
    return output.getvalue()


def svg(inner: str) -> bytes:
    return SVG.format(inner).encode()


BOMB = png_claiming(30_000, 30_000)


def grey_png(width: int, height: int) -> bytes:
    output = io.BytesIO()
    Image.new("L", (width, height), 128).save(output, "PNG")
    return output.getvalue()


INNER_PICTURE = (
    f'<image href="data:image/png;base64,{base64.b64encode(grey_png(4000, 3000)).decode()}"/>'
)
HOSTILE_LOGOS = {
    "bomb.png": (BOMB, "has far too many pixels"),
    "wide.png": (png_claiming(20_000, 10), "10000 on a side"),
    "bomb.svg": (
        svg(f'<image href="data:image/png;base64,{base64.b64encode(BOMB).decode()}"/>'),
        "(the picture inside it) has far too many pixels",
    ),
    "nested.svg": (svg("<g>" * 5000 + "</g>" * 5000), "nested more than 100 deep"),
    "crowded.svg": (svg("<rect width='1' height='1'/>" * 30_000), "more than 20000 elements"),
    "latin1.svg": (
        b'<?xml version="1.0" encoding="ISO-8859-1"?>'
        + SVG.format("<title>Caf\xe9</title>").encode("latin-1"),
        "is not UTF-8 text; save the SVG again with UTF-8 encoding",
    ),
    "cut.png": (real_png()[:60], "(it is cut short); export it again"),
    "empty.png": (b"", "is not a PNG or SVG image"),
    "gif.png": (b"GIF89a" + b"\0" * 20, "is not a PNG or SVG image"),
    "unclosed.svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><g>', "is not a well-formed SVG"),
    "html.svg": (b'<?xml version="1.0"?><html/>', "it has no <svg> element"),
    "file.svg": (svg('<image href="other.png"/>'), "a link to another file or address"),
    "web.svg": (svg('<image href="https://example.com/x.png"/>'), "('https://example.com/x.png')"),
    "xlink.svg": (
        svg('<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="file:///etc/passwd"/>'),
        "('file:///etc/passwd')",
    ),
    "script.svg": (svg("<script>alert(1)</script>"), "contains a script"),
    "onload.svg": (SVG.replace("<svg ", '<svg onload="x()" ').format("").encode(), "onload"),
    "import.svg": (svg("<style>@import url(https://example.com/a.css);</style>"), "a style"),
    "xxe.svg": (
        b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + svg("<text>&x;</text>"),
        "entity declarations",
    ),
    "sheet.svg": (
        b'<?xml-stylesheet href="https://example.com/a.css"?>' + svg(""),
        "a link to a style sheet",
    ),
    "html-inside.svg": (svg("<foreignObject><p>x</p></foreignObject>"), "HTML inside it"),
    "cjk.svg": (svg("<text y='9'>\u4e2d</text>"), "draws text the handouts' typeface cannot print"),
    "novel.svg": (svg(f"<text y='9'>{'W' * 3000}</text>"), "more than 2000 letters of text"),
    "many-pictures.svg": (svg(INNER_PICTURE * 3), "pictures of far too many pixels together"),
}


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


HOSTILE_TEXT = {
    "emoji": ("Fern \U0001f33f Clinic", "U+1F33F HERB), which the handouts' typeface cannot"),
    "Chinese": ("蕨诊所", "U+8568 CJK UNIFIED IDEOGRAPH-8568"),
    "private use": ("Fern\ue000", "U+E000"),
    "byte order mark": ("Fern\ufeffClinic", "the invisible character U+FEFF"),
    "right-to-left override": ("Fern \u202eClinic", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    "zero-width joiner": ("Fern\u200dClinic", "U+200D (ZERO WIDTH JOINER)"),
    "bell": ("Fern\a", "the control character U+0007"),
}
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
