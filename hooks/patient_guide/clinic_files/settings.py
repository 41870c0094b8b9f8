"""Clinic settings files: one schema that checks them, explains mistakes and guides editors."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ..data_checks import ItemError, checked_model
from ..data_files import (
    DataFileError,
    TextLoader,
    WrittenInteger,
    parse_yaml,
    read_text_file,
    shown_path,
)
from ..pages.day_grid import Timings
from ..plain_text import HTML_TAG, plain_text
from ..typeface import unprintable_characters
from .logos import LOGO_RULES, LogoProof, checked_logo

MAX_FILE_BYTES = 64 * 1024
PHONE = re.compile(r"\+?[0-9 ().\-]+")
PHONE_HINT = "use digits, spaces and + ( ) - only, e.g. +1 555 0100"
MAX_NOTES = 3
MAX_NOTE_LENGTH = 140
SCHEMA_FILE = "clinic.schema.json"  # written beside the clinic files, for editors


class ClinicFileError(DataFileError):
    """A clinic settings file that cannot be used; one line per problem."""


LONGEST_WORD = 40  # letters: a longer word would run off the printed box or page


def printed_text(
    value: object, limit: int, *, multiline: bool = False, longest_word: int | None = LONGEST_WORD
) -> str:
    """Plain text (see plain_text) whose every character the handouts' typeface can draw, and
    whose words fit a line of the handout."""
    text = plain_text(value, limit, multiline=multiline)
    if longest_word is not None:
        long = [word for word in text.split() if len(word) > longest_word]
        if long:
            raise ValueError(
                f"has a word of {len(long[0])} letters ({long[0][:20]}...), which cannot fit a "
                f"printed line; use words of at most {longest_word} letters"
            )
    missing = unprintable_characters(text)
    if missing:
        shown = ", ".join(f"{char!r} ({_character_name(char)})" for char in missing[:3])
        raise ValueError(
            f"contains {shown}, which the handouts' typeface cannot print; write it without "
            f"{'that character' if len(missing) == 1 else 'those characters'}"
        )
    return text


def _character_name(char: str) -> str:
    import unicodedata

    return f"U+{ord(char):04X} {unicodedata.name(char, 'no name')}".rstrip()


def _phone(value: object) -> str:
    """A phone number: digits, spaces and + ( ) - . only, with 6 to 15 digits."""
    if isinstance(value, WrittenInteger):
        value = str(value)  # a phone number written without quotes is fine as it was written
    phone = printed_text(value, limit=30)
    if not PHONE.fullmatch(phone):
        raise ValueError(f"{phone!r} is not a phone number; {PHONE_HINT}")
    digits = sum(char.isdigit() for char in phone)
    if not 6 <= digits <= 15:
        raise ValueError(
            f"{phone!r} has {digits} digits; a phone number has 6 to 15, e.g. +1 555 0100"
        )
    return phone


def _website(value: object) -> str:
    """A full http:// or https:// address, with "/" added when it has no path."""
    url = printed_text(value, limit=200, longest_word=None)  # an address is one long word
    if not _is_web_address(url):
        raise ValueError(
            f"{url!r} is not a web address; write it in full, e.g. https://fernhill.example/"
        )
    parts = urlsplit(url)
    if parts.path:
        return url
    end = url.index("//") + 2 + len(parts.netloc)
    return f"{url[:end]}/{url[end:]}"


def _notes(value: object) -> tuple[str, ...]:
    """The clinic's own aftercare notes: 1 to 3 short lines."""
    if value == ():
        return ()  # made in code with no notes (a file gives a list)
    if not isinstance(value, list | tuple):
        raise ValueError("must be a list, one note per line starting with '- '")
    if not 1 <= len(value) <= MAX_NOTES:
        raise ValueError(
            f"has {len(value)} notes; give 1 to {MAX_NOTES} to fit the one-page handout"
        )
    notes = []
    for number, item in enumerate(value, start=1):
        if item is None or (isinstance(item, str) and not item.strip()):
            raise ItemError((number - 1,), f"note {number} is empty; write it or remove it")
        try:
            notes.append(printed_text(item, limit=MAX_NOTE_LENGTH))
        except ValueError as error:
            raise ItemError((number - 1,), f"note {number} {error}") from None
    return tuple(notes)


def _translated_notes(value: object) -> dict[str, tuple[str, ...]]:
    """The notes in the guide's other languages: a language code (es) -> 1 to 3 short lines."""
    if not isinstance(value, dict):
        raise ValueError("must be language codes, each with its list of notes, like 'es:'")
    translated = {}
    for code, notes in value.items():
        if not (isinstance(code, str) and code.isalpha() and code.islower() and len(code) <= 3):
            raise ValueError(f"{code!r} is not a language code; write one like es")
        try:
            translated[code] = _notes(notes)
        except ItemError as error:
            raise ItemError((code, *error.inside), f"{code}: {error}") from None
        except ValueError as error:
            raise ItemError((code,), f"{code}: {error}") from None
    return translated


# The schema says all that _phone checks, so the clinic page's form (which reads only the schema)
# refuses what the batch refuses: the characters, and 6 to 15 digits (the lookahead).
PHONE_DIGITS = "(?=(?:[^0-9]*[0-9]){6,15}[^0-9]*$)"
PHONE_SCHEMA = {
    "anyOf": [
        {"type": "string", "maxLength": 30, "pattern": f"^{PHONE_DIGITS}{PHONE.pattern}$"},
        {"type": "integer"},
    ]
}
# Text printed as words (printed_text): no word longer than a printed line holds, no markup, no
# control or invisible characters (the clinic page's form reads these from the schema).
PLAIN_TEXT = {"markup": HTML_TAG.pattern, "refused": r"[\p{Cc}\p{Cf}]"}
PRINTED_WORDS: dict[str, Any] = {"x-longest-word": LONGEST_WORD, "x-plain-text": PLAIN_TEXT}
# A web address as _is_web_address takes it: http(s)://, a host, no spaces.
WEBSITE_PATTERN = r"^https?://[^\s/?#]+\S*$"


def _list_schema(most: int, longest: int) -> dict[str, Any]:
    """The schema of a list of 1 to most lines of at most longest characters each."""
    items = {"type": "string", "maxLength": longest, **PRINTED_WORDS}
    return {"minItems": 1, "maxItems": most, "items": items}


MAX_SIGNS = 3
MAX_SIGN_LENGTH = 90


def _count(low: int, high: int, unit: str, step: int = 1) -> Any:
    """A validator for a whole number of units from low to high (in steps of step)."""

    def checked(value: object) -> int:
        text = str(value).strip() if isinstance(value, str | int) else None
        if text is None or not text.isdigit() or isinstance(value, bool):
            raise ValueError(f"must be a whole number of {unit}, from {low} to {high}")
        number = int(text)
        if not low <= number <= high or number % step:
            every = f" in steps of {step}" if step > 1 else ""
            raise ValueError(f"is {number}; give a number of {unit} from {low} to {high}{every}")
        return number

    return BeforeValidator(checked)


def _signs(value: object) -> tuple[str, ...]:
    """The clinic's own warning signs: 1 to 4 short lines."""
    if value == ():
        return ()
    if not isinstance(value, list | tuple):
        raise ValueError("must be a list, one sign per line starting with '- '")
    if not 1 <= len(value) <= MAX_SIGNS:
        raise ValueError(f"has {len(value)} signs; give 1 to {MAX_SIGNS}, so the box stays short")
    signs = []
    for number, item in enumerate(value, start=1):
        if item is None or (isinstance(item, str) and not item.strip()):
            raise ItemError((number - 1,), f"sign {number} is empty; write it or remove it")
        try:
            signs.append(printed_text(item, limit=MAX_SIGN_LENGTH))
        except ValueError as error:
            raise ItemError((number - 1,), f"sign {number} {error}") from None
    return tuple(signs)


def _translated_signs(value: object) -> dict[str, tuple[str, ...]]:
    """The warning signs in the guide's other languages: a language code -> 1 to 4 lines."""
    if not isinstance(value, dict):
        raise ValueError("must be language codes, each with its list of signs, like 'es:'")
    translated = {}
    for code, signs in value.items():
        if not (isinstance(code, str) and code.isalpha() and code.islower() and len(code) <= 3):
            raise ValueError(f"{code!r} is not a language code; write one like es")
        try:
            translated[code] = _signs(signs)
        except ItemError as error:
            raise ItemError((code, *error.inside), f"{code}: {error}") from None
        except ValueError as error:
            raise ItemError((code,), f"{code}: {error}") from None
    return translated


def _number_schema(low: int, high: int, step: int = 1) -> Any:
    schema: dict[str, Any] = {"type": "integer", "minimum": low, "maximum": high}
    if step > 1:
        schema["multipleOf"] = step
    return WithJsonSchema(schema)


class ClinicTimings(BaseModel):
    """The timings of the clinic's own protocol, printed into its aftercare day grid and its
    "Call your clinic if" box. Each is optional: without it, the handouts print what the
    articles support, or a blank to fill in."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Timings")

    sun_days: Annotated[
        int | None, _count(1, 14, "days"), _number_schema(1, 14),
        Field(description="Days of strict sun avoidance, counting the day of the session as "
              "day 1.", examples=[7]),
    ] = None  # fmt: skip
    no_makeup_days: Annotated[
        int | None, _count(1, 14, "days"), _number_schema(1, 14),
        Field(description="Days without makeup, counting the day of the session as day 1.",
              examples=[3]),
    ] = None  # fmt: skip
    no_retinoid_days: Annotated[
        int | None, _count(1, 14, "days"), _number_schema(1, 14),
        Field(description="Days without retinoids and other strong skin products (and with "
                          "gentle skin products only).",
              examples=[5]),
    ] = None  # fmt: skip
    no_scrub_days: Annotated[
        int | None, _count(1, 14, "days"), _number_schema(1, 14),
        Field(description="Days without scrubs and other exfoliants.", examples=[7]),
    ] = None  # fmt: skip
    hard_exercise_hours: Annotated[
        int | None, _count(24, 168, "hours", step=24), _number_schema(24, 168, 24),
        Field(description="Hours after the session before hard exercise: 24, 48, 72 ... 168.",
              examples=[48]),
    ] = None  # fmt: skip
    call_if_red_on_day: Annotated[
        int | None, _count(2, 14, "days"), _number_schema(2, 14),
        Field(description="Patients call if redness has not started to fade by this day (day 1 "
              "is the day of the session).", examples=[3]),
    ] = None  # fmt: skip
    spf: Annotated[
        int | None, _count(15, 100, "SPF"), _number_schema(15, 100),
        Field(description="The sunscreen's SPF your clinic asks for.", examples=[30]),
    ] = None  # fmt: skip
    warning_signs: Annotated[
        tuple[str, ...],
        BeforeValidator(_signs),
        Field(json_schema_extra=_list_schema(MAX_SIGNS, MAX_SIGN_LENGTH),
              description="Up to three more signs your clinicians want patients to call about.",
              examples=[["Blisters or crusts on the treated skin."]]),
    ] = ()  # fmt: skip
    translated_warning_signs: Annotated[
        dict[str, tuple[str, ...]],
        BeforeValidator(_translated_signs),
        Field(description="The same signs in each of the guide's other languages, by language "
              "code; needed for each language whose handouts are printed.",
              examples=[{"es": ["Ampollas o costras en la piel tratada."]}]),
    ] = {}  # fmt: skip

    @model_validator(mode="before")
    @classmethod
    def _blank_is_not_given(cls, settings: Any) -> Any:
        """A timing left empty counts as not given."""
        if not isinstance(settings, dict):
            return settings
        return {key: value for key, value in settings.items() if value is not None}

    @model_validator(mode="after")
    def _signs_in_every_printed_language(self, info: ValidationInfo) -> ClinicTimings:
        """The clinic's own warning signs in each translation printed: without them, that
        language's call box would leave them out and its patients not know to call."""
        translations = (info.context or {}).get("translations", ())
        for language in translations:
            if self.warning_signs and not self.translated_warning_signs.get(language):
                raise ValueError(
                    f"warning_signs are not given in {language!r}, so the {language} handouts "
                    "would leave them out of the call box; add them under "
                    f"translated_warning_signs: {language}:"
                )
        return self

    def for_grid(self, language: str | None) -> Timings:
        """The timings as the day grid reads them, with the signs in the handout's language."""
        signs = (
            self.warning_signs
            if language is None
            else self.translated_warning_signs.get(language, ())
        )
        values = self.model_dump(exclude={"warning_signs", "translated_warning_signs"})
        return Timings(**values, warning_signs=signs)


class ClinicSettings(BaseModel):
    """What a clinic settings file holds: the clinic that brands the printed handouts."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="Clinic settings",
        json_schema_extra={"x-max-file-bytes": MAX_FILE_BYTES},  # read by the clinic page
    )

    name: Annotated[
        str,
        BeforeValidator(lambda value: printed_text(value, limit=80)),
        Field(max_length=80, description="The clinic's name, as patients know it.",
              examples=["Fernhill Skin Clinic"], json_schema_extra=PRINTED_WORDS),
    ]  # fmt: skip
    phone: Annotated[
        str,
        BeforeValidator(_phone),
        WithJsonSchema(PHONE_SCHEMA),
        Field(description="The phone number patients call, e.g. +1 555 0100.",
              examples=["+1 555 0100"]),
    ]  # fmt: skip
    after_hours_phone: Annotated[
        str | None,
        BeforeValidator(_phone),
        WithJsonSchema(PHONE_SCHEMA),
        Field(description="A number for out of hours, if the clinic has one.",
              examples=["+1 555 0199"]),
    ] = None  # fmt: skip
    address: Annotated[
        str | None,
        BeforeValidator(lambda value: printed_text(value, limit=200, multiline=True)),
        Field(max_length=200, description="The postal address; it may span several lines.",
              examples=["12 Example Street, Springfield"],
              json_schema_extra={**PRINTED_WORDS, "x-multiline": True}),
    ] = None  # fmt: skip
    website: Annotated[
        str | None,
        BeforeValidator(_website),
        Field(max_length=200, pattern="^https?://", description="The full web address.",
              examples=["https://fernhill.example/"],
              json_schema_extra={"pattern": WEBSITE_PATTERN, "format": "uri",
                                 "x-plain-text": PLAIN_TEXT}),
    ] = None  # fmt: skip
    logo: Annotated[
        Path | None,
        Field(description="A PNG or SVG file of at most 2 MB next to this file.",
              examples=["logo.svg"], json_schema_extra={"x-logo-rules": LOGO_RULES}),
    ] = None  # fmt: skip
    aftercare_notes: Annotated[
        tuple[str, ...],
        BeforeValidator(_notes),
        Field(json_schema_extra=_list_schema(MAX_NOTES, MAX_NOTE_LENGTH),
              description="Up to three short notes of the clinic's own, printed in a marked box.",
              examples=[["Bring this sheet to your next visit."]]),
    ] = ()  # fmt: skip
    translated_aftercare_notes: Annotated[
        dict[str, tuple[str, ...]],
        BeforeValidator(_translated_notes),
        Field(description="The same notes in the guide's other languages, by language code "
              "(es: Spanish), for that language's handouts; without them, its handouts print "
              "no notes box.",
              examples=[{"es": ["Traiga esta hoja a su próxima visita."]}]),
    ] = {}  # fmt: skip

    timings: Annotated[
        ClinicTimings,
        Field(description="Optional timings of your clinic's protocol for the aftercare day "
              "grid and the \"Call your clinic if\" box; leave out any you do not set."),
    ] = ClinicTimings()  # fmt: skip

    def notes_in(self, language: str | None) -> tuple[str, ...]:
        """The notes to print: in the guide's main language (None), or in a translation's."""
        if language is None:
            return self.aftercare_notes
        return self.translated_aftercare_notes.get(language, ())

    @model_validator(mode="before")
    @classmethod
    def _blank_is_not_given(cls, settings: Any) -> Any:
        """A setting left empty (or only spaces) counts as not given."""
        if not isinstance(settings, dict):
            return settings
        return {
            key: value
            for key, value in settings.items()
            if value is not None and not (isinstance(value, str) and not value.strip())
        }

    @field_validator("logo", mode="before")
    @classmethod
    def _logo_next_to_the_file(cls, value: object, info: ValidationInfo) -> Path:
        """The logo's resolved path: a PNG or SVG of at most 2 MB in the clinic file's folder."""
        context = info.context if info.context is not None else {}
        clinic_file = context.get("clinic_file")
        if clinic_file is None and isinstance(value, Path):
            return value  # made in code, not read from a file: already resolved
        name = plain_text(value, limit=200)
        logo = _logo(clinic_file or Path("clinic.yml"), name)
        svg = checked_logo(name, logo)
        proof: LogoProof | None = context.get("logo_proof")
        if proof is not None:
            proof.prove(name, svg)
        context["logo_svg"] = svg  # what the handouts print: read and checked once
        return logo


class Clinic(ClinicSettings):
    """A clinic as read from its settings file, which it remembers for messages and folders."""

    source: Path
    logo_svg: str | None = None  # the logo as the SVG text the handouts print

    @property
    def slug(self) -> str:
        """The output folder name, e.g. "Fern Hill.yml" -> "fern-hill"."""
        return clinic_slug(self.source)


def clinic_slug(path: Path) -> str:
    """A clinic file's output folder name: its stem lower-cased, other than a-z0-9 as "-"."""
    return re.sub(r"[^a-z0-9]", "-", path.stem.lower())


def clinic_files(folder: Path, refused: list[str] | None = None) -> list[Path]:
    """The *.yml and *.yaml files directly in folder, sorted by name; hidden files are skipped.
    An entry so named that is not an ordinary file (a folder, a named pipe, a link to a device
    or to nothing) is left out, and said in refused, one line each, when refused is given."""
    from ..source_files import not_an_ordinary_file  # here: only this function needs it

    if not folder.is_dir():
        raise ClinicFileError.at(shown_path(folder), None, "is not a folder of clinic files")
    found = []
    for path in sorted(folder.iterdir(), key=lambda path: path.name):
        if path.suffix.lower() not in {".yml", ".yaml"} or path.name.startswith("."):
            continue
        problem = not_an_ordinary_file(path)
        if problem is None:
            found.append(path)
        elif refused is not None:
            refused.append(
                f"{shown_path(path)}: {problem}; make it an ordinary clinic settings file, or "
                f"rename it not to end in {path.suffix}"
            )
    return found


def load_clinic(
    path: Path, proof: LogoProof | None = None, translations: Sequence[str | None] = ()
) -> Clinic:
    """The clinic in a clinic settings file; every problem in it is listed in a ClinicFileError.
    With a proof, the logo is also printed once, as the handouts will print it; with the
    languages of the translations to print, the clinic's warning signs must be given in each."""
    shown = shown_path(path)
    context: dict[str, Any] = {
        "clinic_file": path,
        "logo_proof": proof,
        "translations": [language for language in translations if language],
    }
    try:
        settings = parse_yaml(
            read_text_file(path, max_bytes=MAX_FILE_BYTES), shown, loader=TextLoader
        )
        if settings is None:
            raise ClinicFileError.at(
                shown, None, "the file is empty; a clinic file needs at least name and phone"
            )
        if not isinstance(settings, dict):
            raise ClinicFileError.at(
                shown, None, "must be a mapping of settings such as name: and phone:"
            )
        checked = checked_model(settings, ClinicSettings, shown, context)
    except DataFileError as error:
        raise ClinicFileError(error.problems) from None
    return Clinic.model_construct(**dict(checked), source=path, logo_svg=context.get("logo_svg"))


def clinic_schema() -> dict[str, Any]:
    """The JSON Schema of a clinic settings file, for editors (completion and checking)."""
    return copy.deepcopy(_clinic_schema())


@cache  # pydantic takes tens of milliseconds to make it, and each language's print kit has it
def _clinic_schema() -> dict[str, Any]:
    schema = ClinicSettings.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def write_clinic_schema(folder: Path) -> Path:
    """Write the schema beside the clinic files (clinics/clinic.schema.json)."""
    target = folder / SCHEMA_FILE
    target.write_text(json.dumps(clinic_schema(), indent=2, ensure_ascii=False) + "\n")
    return target


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


# Checking the logo


def _logo(clinic_file: Path, name: str) -> Path:
    """The logo's resolved path: a PNG or SVG of at most 2 MB in the clinic file's folder."""
    if Path(name).is_absolute():
        raise ValueError(
            f"{name!r} is an absolute path; give the name of a logo next to the clinic file"
        )
    folder = clinic_file.parent.resolve()
    try:
        logo = (folder / name).resolve()
    except (OSError, RuntimeError) as error:
        raise ValueError(f"{name!r} cannot be followed: {error}") from None
    if not logo.is_relative_to(folder):
        raise ValueError(
            f"{name!r} is outside the clinic file's folder; put the logo next to the clinic file"
        )
    if logo.exists() and not logo.is_file():
        raise ValueError(
            f"{name!r} is not a file (a folder, a pipe or a device); give a PNG or SVG image"
        )
    if not logo.is_file():
        raise ValueError(f"{name!r} not found next to {shown_path(clinic_file)}")
    return logo


if __name__ == "__main__":  # .venv/bin/python -m patient_guide.clinic_files.settings clinics/
    import sys

    print(write_clinic_schema(Path(sys.argv[1] if len(sys.argv) > 1 else "clinics")))
