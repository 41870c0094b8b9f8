"""Clinic settings files: read, validate and describe a clinic that brands the handouts."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import yaml

KEYS = ("name", "phone", "after_hours_phone", "address", "website", "logo", "aftercare_notes")
EXAMPLES = {"name": "Fernhill Skin Clinic", "phone": "+1 555 0100"}
MAX_FILE_BYTES = 64 * 1024
MAX_LOGO_BYTES = 2 * 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# An optional XML declaration, comments and a doctype (without an internal subset), then <svg.
SVG_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>\[]*>\s*)*<svg[\s>/]", re.DOTALL
)
PHONE = re.compile(r"\+?[0-9 ().\-]+")
PHONE_HINT = "use digits, spaces and + ( ) - only, e.g. +1 555 0100"
MAX_NOTES = 3
MAX_NOTE_LENGTH = 140
T = TypeVar("T")


class ClinicFileError(Exception):
    """A clinic settings file that cannot be used; str() is the full one-line message."""

    def __init__(self, path: Path, field: str | None, message: str) -> None:
        super().__init__(path, field, message)
        self.path = path
        self.field = field
        self.message = message

    def __str__(self) -> str:
        if self.field:
            return f"{self.path}: {self.field}: {self.message}"
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Clinic:
    """A clinic that brands the printed handouts, as read from its clinic settings file."""

    name: str
    phone: str
    after_hours_phone: str | None
    address: str | None
    website: str | None
    logo: Path | None
    aftercare_notes: tuple[str, ...]
    source: Path

    @property
    def slug(self) -> str:
        """The output folder name, e.g. "Fern Hill.yml" -> "fern-hill"."""
        return clinic_slug(self.source)


def clinic_slug(path: Path) -> str:
    """A clinic file's output folder name: its stem lower-cased, other than a-z0-9 as "-"."""
    return re.sub(r"[^a-z0-9]", "-", path.stem.lower())


def clinic_files(folder: Path) -> list[Path]:
    """The *.yml and *.yaml files directly in folder, sorted by name; hidden files are skipped."""
    if not folder.is_dir():
        raise ClinicFileError(folder, None, "is not a folder of clinic files")
    return sorted(
        (
            path
            for path in folder.iterdir()
            if path.suffix.lower() in {".yml", ".yaml"}
            and not path.name.startswith(".")
            and path.is_file()
        ),
        key=lambda path: path.name,
    )


def load_clinic(path: Path) -> Clinic:
    """The clinic in a clinic settings file; any problem is one ClinicFileError."""
    settings = _parse(path, _read_text(path))
    _check_keys(path, settings)
    return Clinic(
        name=_text(path, "name", _required(path, settings, "name"), limit=80),
        phone=_phone(path, "phone", _required(path, settings, "phone")),
        after_hours_phone=_optional(path, settings, "after_hours_phone", _phone),
        address=_optional(path, settings, "address", _address),
        website=_optional(path, settings, "website", _website),
        logo=_optional(path, settings, "logo", _logo),
        aftercare_notes=_notes(path, _given(settings, "aftercare_notes")),
        source=path,
    )


# Reading the file


class _YamlInteger(str):
    """A YAML integer kept as it was written, so a phone number keeps its "+" and leading zeros."""


class _ClinicLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that integers stay the text they were written as."""


def _integer_as_written(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> _YamlInteger:
    """A YAML integer as the text it was written as, e.g. "+441234567890"."""
    return _YamlInteger(loader.construct_scalar(node))


_ClinicLoader.add_constructor("tag:yaml.org,2002:int", _integer_as_written)


def _read_text(path: Path) -> str:
    """The file's text, once it is known to be a small, readable, UTF-8 file."""
    try:
        if not path.exists():
            raise ClinicFileError(path, None, "not found; check the file name and folder")
        if not path.is_file():
            raise ClinicFileError(path, None, "is not a file; give the path of a .yml clinic file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"is {size / 1024:.1f} KB; a clinic settings file is at most 64 KB"
            raise ClinicFileError(path, None, message)
        data = path.read_bytes()
    except OSError as error:
        raise ClinicFileError(path, None, f"cannot be read: {error.strerror}") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        where = f"byte {data[error.start]:#04x} at position {error.start}"
        message = f"is not UTF-8 text ({where}); save it as UTF-8"
        raise ClinicFileError(path, None, message) from error


def _parse(path: Path, text: str) -> dict[Any, Any]:
    """The settings mapping in the file's YAML text."""
    try:
        settings = yaml.load(text, Loader=_ClinicLoader)  # a SafeLoader: builds only plain data
    except yaml.YAMLError as error:
        raise ClinicFileError(path, None, _yaml_problem(text, error)) from error
    except RecursionError as error:
        raise ClinicFileError(path, None, "not valid YAML: nested too deeply") from error
    if settings is None:
        message = "the file is empty; a clinic file needs at least name and phone"
        raise ClinicFileError(path, None, message)
    if not isinstance(settings, dict):
        raise ClinicFileError(path, None, "must be a mapping of settings such as name: and phone:")
    return settings


def _yaml_problem(text: str, error: yaml.YAMLError) -> str:
    """A one-line description of a YAML error, with its line number when PyYAML knows it."""
    line: int | None = None
    problem = str(error)
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else mark.line + 1
        problem = error.problem or error.context or problem
    elif isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        problem = f"the control character U+{error.character:04X} is not allowed; remove it"
    where = "" if line is None else f" at line {line}"
    return " ".join(f"not valid YAML{where}: {problem}".split())


# Checking the settings


def _check_keys(path: Path, settings: dict[Any, Any]) -> None:
    """Stop at the first key that is not a setting, suggesting the closest one."""
    for key in settings:
        if key in KEYS:
            continue
        close = difflib.get_close_matches(str(key), KEYS, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"the keys are {', '.join(KEYS)}"
        raise ClinicFileError(path, str(key), f"unknown key; {hint}")


def _given(settings: dict[Any, Any], field: str) -> object | None:
    """The field's value, or None when it is absent, empty or only spaces."""
    value = settings.get(field)
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _required(path: Path, settings: dict[Any, Any], field: str) -> object:
    """A required field's value, not yet checked; missing or empty is an error."""
    value = _given(settings, field)
    if value is None:
        raise ClinicFileError(path, field, f"missing; add e.g. {field}: {EXAMPLES[field]}")
    return value


def _optional(
    path: Path, settings: dict[Any, Any], field: str, check: Callable[[Path, str, object], T]
) -> T | None:
    """An optional field's checked value, or None when it is not given."""
    value = _given(settings, field)
    return None if value is None else check(path, field, value)


def _text(path: Path, field: str, value: object, limit: int, *, multiline: bool = False) -> str:
    """A text value, stripped: it must be a string of at most limit printable characters."""
    if isinstance(value, _YamlInteger) or not isinstance(value, str):
        raise ClinicFileError(path, field, _not_text(value))
    text = value.strip()
    _check_characters(path, field, text, multiline)
    if len(text) > limit:
        raise ClinicFileError(path, field, f"is {len(text)} characters; the limit is {limit}")
    return text


def _not_text(value: object) -> str:
    """Why a YAML value that is not a string cannot be used as text."""
    if isinstance(value, list | dict):
        return f"must be text, not a {'list' if isinstance(value, list) else 'mapping'}"
    if isinstance(value, bool):
        kind = "true/false"
    elif isinstance(value, _YamlInteger | int | float):
        kind = "a number"
    else:
        kind = f"a {type(value).__name__}"
    return f"must be text, not {kind}; put the value in quotes"


# The start of an HTML tag, comment or declaration: '<b', '</b', '<!--', '<?xml'.
HTML_TAG = re.compile(r"<\s*(?:[/?]?\s*[A-Za-z]|!)")


def html_problem(text: str) -> str | None:
    """Why text holding HTML markup is refused (clinic settings are plain text), or None."""
    tag = HTML_TAG.search(text)
    if tag is None:
        return None
    return (
        f"contains HTML ({text[tag.start() : tag.start() + 12]!r}...); clinic settings are plain "
        "text, so write it as it should read"
    )


def _check_characters(path: Path, field: str, text: str, multiline: bool) -> None:
    """Refuse HTML and control characters; only a multi-line field may hold newlines and tabs."""
    markup = html_problem(text)
    if markup:
        raise ClinicFileError(path, field, markup)
    allowed = "\n\t" if multiline else ""
    for char in text:
        if unicodedata.category(char) != "Cc" or char in allowed:
            continue
        if char == "\n":
            raise ClinicFileError(path, field, "must be on one line")
        message = f"contains the control character U+{ord(char):04X}; remove it"
        raise ClinicFileError(path, field, message)


def _phone(path: Path, field: str, value: object) -> str:
    """A phone number: digits, spaces and + ( ) - . only, with 6 to 15 digits."""
    if isinstance(value, _YamlInteger):
        value = str(value)
    phone = _text(path, field, value, limit=30)
    if not PHONE.fullmatch(phone):
        raise ClinicFileError(path, field, f"{phone!r} is not a phone number; {PHONE_HINT}")
    digits = sum(char.isdigit() for char in phone)
    if not 6 <= digits <= 15:
        message = f"{phone!r} has {digits} digits; a phone number has 6 to 15, e.g. +1 555 0100"
        raise ClinicFileError(path, field, message)
    return phone


def _address(path: Path, field: str, value: object) -> str:
    """A postal address: text of up to 200 characters, which may span several lines."""
    return _text(path, field, value, limit=200, multiline=True)


def _website(path: Path, field: str, value: object) -> str:
    """A full http:// or https:// address, with "/" added when it has no path."""
    url = _text(path, field, value, limit=200)
    if not _is_web_address(url):
        message = f"{url!r} is not a web address; write it in full, e.g. https://fernhill.example/"
        raise ClinicFileError(path, field, message)
    parts = urlsplit(url)
    if parts.path:
        return url
    end = url.index("//") + 2 + len(parts.netloc)
    return f"{url[:end]}/{url[end:]}"


def _is_web_address(url: str) -> bool:
    """Whether url is an http:// or https:// address with a host and no spaces."""
    if any(char.isspace() for char in url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


def _notes(path: Path, value: object) -> tuple[str, ...]:
    """The clinic's own aftercare notes: 1 to 3 short lines, or none at all."""
    field = "aftercare_notes"
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ClinicFileError(path, field, "must be a list, one note per line starting with '- '")
    if not 1 <= len(value) <= MAX_NOTES:
        message = f"has {len(value)} notes; give 1 to {MAX_NOTES} to fit the one-page handout"
        raise ClinicFileError(path, field, message)
    notes = []
    for number, item in enumerate(value, start=1):
        if item is None or (isinstance(item, str) and not item.strip()):
            raise ClinicFileError(path, field, f"note {number} is empty; write it or remove it")
        try:
            notes.append(_text(path, field, item, limit=MAX_NOTE_LENGTH))
        except ClinicFileError as error:
            raise ClinicFileError(path, field, f"note {number} {error.message}") from error
    return tuple(notes)


# Checking the logo


def _logo(path: Path, field: str, value: object) -> Path:
    """The logo's resolved path: a PNG or SVG of at most 2 MB in the clinic file's folder."""
    name = _text(path, field, value, limit=200)
    if Path(name).is_absolute():
        message = f"{name!r} is an absolute path; give the name of a logo next to the clinic file"
        raise ClinicFileError(path, field, message)
    folder = path.parent.resolve()
    try:
        logo = (folder / name).resolve()
    except (OSError, RuntimeError) as error:
        raise ClinicFileError(path, field, f"{name!r} cannot be followed: {error}") from error
    if not logo.is_relative_to(folder):
        message = f"{name!r} is outside the clinic file's folder"
        message += "; put the logo next to the clinic file"
        raise ClinicFileError(path, field, message)
    if not logo.is_file():
        raise ClinicFileError(path, field, f"{name!r} not found next to {path}")
    _check_image(path, name, logo)
    return logo


def _check_image(path: Path, name: str, logo: Path) -> None:
    """The logo must be small and really be the PNG or SVG image its extension says."""
    try:
        size = logo.stat().st_size
        if size > MAX_LOGO_BYTES:
            message = f"{name!r} is {size / 1024 / 1024:.1f} MB; the limit is 2 MB"
            raise ClinicFileError(path, "logo", message)
        with logo.open("rb") as file:
            head = file.read(4096)
    except OSError as error:
        raise ClinicFileError(path, "logo", f"{name!r} cannot be read: {error.strerror}") from error
    kind = _image_kind(head)
    if kind is None:
        raise ClinicFileError(path, "logo", f"{name!r} is not a PNG or SVG image")
    if logo.suffix.lower() != kind:
        image = "a PNG" if kind == ".png" else "an SVG"
        message = f"{name!r} is {image} image, so its name must end in {kind}"
        raise ClinicFileError(path, "logo", message)


def _image_kind(head: bytes) -> str | None:
    """The suffix ".png" or ".svg" for the first bytes of a PNG or SVG image, else None."""
    if head.startswith(PNG_SIGNATURE):
        return ".png"
    if SVG_START.match(head.decode("utf-8", errors="ignore").removeprefix("\ufeff")):
        return ".svg"
    return None
