"""Check data read from YAML against a pydantic model: every problem in plain words, by line."""

from __future__ import annotations

import datetime
import difflib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from .data_files import DataFileError, Problem, line_of, read_data_file, shown_path
from .plain_text import not_text

T = TypeVar("T")
Model = TypeVar("Model", bound=BaseModel)


class ItemError(ValueError):
    """A validator's complaint about one part of a value (keys and list indexes inside it),
    so the message can give that part's own line."""

    def __init__(self, inside: tuple[int | str, ...], message: str) -> None:
        super().__init__(message)
        self.inside = inside


def checked_model(
    data: Any, model: type[Model], shown: str, context: dict[str, Any] | None = None
) -> Model:
    """data (a mapping) as model, or a DataFileError listing every problem by its line."""
    return _checked(data, TypeAdapter(model), model, shown, "entry", context)


def checked_list(data: Any, model: type[Model], shown: str, item: str) -> list[Model]:
    """data (a list of mappings) as models; item names an entry in messages ("stage 2")."""
    return _checked(data, TypeAdapter(list[model]), model, shown, item, None)  # type: ignore[valid-type]


def read_entries(path: Path, model: type[Model], item: str) -> list[tuple[Model, int | None]]:
    """A YAML file holding a list of entries, each checked against model, with its line.

    item names an entry in messages: "stage" gives "docs/_data/recovery.yml:9: stage 2: ..."."""
    data = read_data_file(path)
    if not isinstance(data, list) or not data:
        keys = ", ".join(f"{key}:" for key in model.model_fields)
        raise DataFileError.at(
            shown_path(path), None, f"must be a list of {item}s, each with {keys}"
        )
    entries = checked_list(data, model, shown_path(path), item)
    return [(entry, line_of(data, [number])) for number, entry in enumerate(entries)]


def _checked(
    data: Any,
    adapter: TypeAdapter[T],
    model: type[BaseModel],
    shown: str,
    item: str,
    context: dict[str, Any] | None,
) -> T:
    try:
        return adapter.validate_python(data, context=context)
    except ValidationError as error:
        problems = [
            Problem(shown, line_of(data, _location(details)), _message(details, model, item))
            for details in error.errors(include_url=False)
        ]
        raise DataFileError(list(dict.fromkeys(problems))) from None


def _location(details: ErrorDetails) -> list[int | str]:
    """Where a problem is: the field, and the part inside it when a validator names one."""
    complaint = details.get("ctx", {}).get("error")
    inside = complaint.inside if isinstance(complaint, ItemError) else ()
    location = [*details["loc"], *inside]
    if details["type"] == "invalid_key":  # pydantic names the key by its repr(); use the key
        location[-1] = details["input"]
    return location


def _example(model: type[BaseModel], field: str) -> str | None:
    """The first example the model gives for a field, as YAML would show it."""
    info = model.model_fields.get(field)
    examples = info.examples if info is not None else None
    return str(examples[0]) if examples else None


def _model_at(model: type[BaseModel], location: tuple[int | str, ...]) -> type[BaseModel]:
    """The model that holds the last key of location: a nested model's, where it is one."""
    for part in location:
        info = model.model_fields.get(str(part)) if isinstance(part, str) else None
        nested = info.annotation if info is not None else None
        if isinstance(nested, type) and issubclass(nested, BaseModel):
            model = nested
    return model


def _message(details: ErrorDetails, model: type[BaseModel], item: str) -> str:
    """'<where>: <what is wrong>; <what to fix>' for one pydantic error."""
    location = details["loc"]
    model = _model_at(model, location[:-1])
    names = [f"{item} {part + 1}" if isinstance(part, int) else _key(part) for part in location]
    kind, value = details["type"], details["input"]
    field = str(location[-1]) if location else ""
    if kind == "missing":
        example = _example(model, field)
        what = f"missing; add e.g. {field}: {example}" if example else f"missing; add {field}:"
    elif kind == "invalid_key":
        names[-1] = "a key"
        what = (
            f"YAML reads this key as {_kind_of(value)}, not as a name; "
            "write a name such as phone:, or put the key in quotes"
        )
    elif kind == "extra_forbidden":
        what = "unknown key; " + _closest_key(field, list(model.model_fields))
    elif kind == "value_error":
        what = str(details.get("ctx", {}).get("error", details["msg"]))
    elif kind == "string_type":
        what = not_text(value)
    elif kind in {"list_type", "tuple_type"}:
        what = "must be a list, one item per line starting with '- '"
    elif kind in {"int_type", "int_parsing", "int_from_float"}:
        what = "must be a whole number"
    elif kind in {"bool_type", "bool_parsing"}:
        what = "must be true or false"
    elif kind in {"model_type", "model_attributes_type", "dict_type"}:
        what = "must be a mapping of 'key: value' lines"
    elif kind == "too_short":
        least = details.get("ctx", {}).get("min_length", 1)
        what = f"needs at least {least} item{'s' if least != 1 else ''}"
    elif kind == "literal_error":
        expected = details.get("ctx", {}).get("expected", "")
        what = f"is {value!r}; use one of {expected}"
    else:
        what = details["msg"][:1].lower() + details["msg"][1:]
    return ": ".join([*names, what]) if names else what


def _kind_of(value: object) -> str:
    """What YAML made of a key that is not text, in plain words."""
    if value is None:
        return "empty (~ or null)"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, datetime.date):
        return "a date"
    return "a list or mapping"


def _key(key: object) -> str:
    """A key as written, quoted when it is blank or holds characters one would not see."""
    text = str(key)
    return text if text.strip() and text.isprintable() else repr(text)


def _closest_key(key: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    return f"did you mean {close[0]!r}?" if close else f"the keys are {', '.join(allowed)}"
