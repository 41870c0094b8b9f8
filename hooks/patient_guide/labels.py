"""Words the project writes itself, in the build's language (docs/[<lang>/]_data/labels.yml)."""

from __future__ import annotations

from pathlib import Path
from string import Formatter

from .data_files import DataFileError, line_of, read_data_file, shown_path
from .plain_text import html_problem

LABELS_FILE = Path("_data") / "labels.yml"
# The labels the code fills in, and the names it gives them: "{title} handout (PDF)". Any other
# label is printed as it is, so it may hold no {name} at all.
PLACEHOLDERS = {
    "web.handout_pdf": {"title"},
    "web.timeline_alt": {"count", "first", "last"},
    "web.preview_alt": {"title", "site"},
    "web.behind": {"date"},
    "handout.general-clinic": {"clinic"},
    "grid.day": {"day"},
    "grid.cell": {"rule", "day"},
    "grid.spf_clinic": {"spf"},
    "grid.exercise_clinic": {"hours"},
    "grid.redness_clinic": {"day"},
    "grid.until_day_n": {"day"},
    "grid.until_day_session": {"day"},
    "grid.until_time_n": {"day"},
    "clinic_form.printing": {"done", "total"},
    "clinic_form.done": {"count"},
    "clinic_form.failed": {"problem"},
    "clinic_form.too_long": {"file"},
    "clinic_form.too_many_characters": {"limit"},
    "clinic_form.not_allowed": {"example"},
    "clinic_form.not_a_web_address": {"example"},
    "clinic_form.unprintable": {"chars"},
    "clinic_form.long_word": {"limit"},
    "clinic_form.number_range": {"low", "high"},
    "clinic_form.loaded_logo": {"logo"},
    "clinic_form.preview": {"title"},
    "clinic_form.logo_size": {"megabytes", "pixels", "side"},
    "clinic_form.hidden_character": {"code"},
    "clinic_form.file_wrong": {"key"},
    "clinic_form.number_step": {"low", "high", "step"},
}
Labels = dict[
    str, dict[str, str]
]  # group (web, checklist, paper, edition, handout) -> key -> words


def site_labels(docs_dir: str | Path) -> Labels:
    """The labels of the build whose docs folder is docs_dir. A translation's (docs/es/) must
    have the same groups and keys as the main language's (docs/)."""
    path = Path(docs_dir) / LABELS_FILE
    main = Path(docs_dir).parent / LABELS_FILE
    labels = _read(path)
    if main.is_file():
        _same_keys(path, labels, _read(main))
    return labels


def _read(path: Path) -> Labels:
    if not path.is_file():
        raise DataFileError.at(
            shown_path(path), None, "missing; copy docs/_data/labels.yml and translate its words"
        )
    data = read_data_file(path)
    shown = shown_path(path)
    if not isinstance(data, dict):
        raise DataFileError.at(
            shown, 1, "must be groups of 'key: words' (see docs/_data/labels.yml)"
        )
    for group, words in data.items():
        if not isinstance(words, dict):
            raise DataFileError.at(
                shown, line_of(data, [group]), f"{group}: must be 'key: words' lines"
            )
        for key, text in words.items():
            if not isinstance(text, str) or not text.strip():
                raise DataFileError.at(
                    shown, line_of(data, [group, key]), f"{group}.{key}: give the words as text"
                )
            problem = label_problem(f"{group}.{key}", text)
            if problem:
                raise DataFileError.at(
                    shown, line_of(data, [group, key]), f"{group}.{key}: {problem}"
                )
    return {str(group): {str(k): str(v) for k, v in words.items()} for group, words in data.items()}


def _same_keys(path: Path, labels: Labels, main: Labels) -> None:
    wanted = {f"{group}.{key}" for group, words in main.items() for key in words}
    given = {f"{group}.{key}" for group, words in labels.items() for key in words}
    for problem, keys in (("is missing", wanted - given), ("is not used", given - wanted)):
        if keys:
            raise DataFileError.at(
                shown_path(path),
                None,
                f"{sorted(keys)[0]} {problem}; give the same keys as docs/_data/labels.yml",
            )


def label_problem(name: str, text: str) -> str | None:
    """Why a label cannot be used (markup, or a {name} the code does not fill in), or None."""
    markup = html_problem(text)
    if markup:
        return markup
    allowed = PLACEHOLDERS.get(name, set())
    try:
        parts = [
            (field, spec, conversion) for _, field, spec, conversion in Formatter().parse(text)
        ]
    except ValueError as error:  # an unmatched { or }
        return f"has a stray brace ({error}); write {{{{ or }}}} for a brace itself"
    for field, spec, conversion in parts:
        if field is None:
            continue
        if field not in allowed or spec or conversion:
            names = ", ".join("{" + name + "}" for name in sorted(allowed)) or "none"
            written = (
                "{"
                + field
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
            return f"{written} is not a name this label fills in (it fills in: {names})"
    return None
