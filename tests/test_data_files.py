"""Unit tests: the one YAML reader refuses a key given twice, wherever it is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from patient_guide import data_files
from patient_guide.data_files import DataFileError, TextLoader, parse_yaml, refuse_duplicate_keys


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: A\nphone: 1\nname: B\n", "f.yml:4: 'name' is given twice (also on line 2)"),
        ("notes:\n  - en: a\n    en: b\n", "f.yml:4: 'en' is given twice (also on line 3)"),
        ("{a: 1, a: 2}\n", "f.yml:2: 'a' is given twice (also on line 2)"),
    ],
)
def test_a_key_given_twice_is_refused_by_its_line(text: str, message: str) -> None:
    with pytest.raises(DataFileError) as error:
        parse_yaml(text, "f.yml", first_line=2, loader=TextLoader)
    assert str(error.value) == f"{message}; keep one of them"


def test_a_key_may_override_one_a_merge_brings_in() -> None:
    data = parse_yaml("base: &b {k: 1, j: 2}\nmine:\n  <<: *b\n  k: 3\n", "f.yml")
    assert data["mine"] == {"k": 3, "j": 2}


def test_a_config_file_giving_a_key_twice_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A\ntheme:\n  name: material\n  name: mkdocs\nx: !ENV [X, 1]\n")
    with pytest.raises(
        DataFileError, match=r"mkdocs.yml:4: 'name' is given twice \(also on line 3\)"
    ):
        refuse_duplicate_keys(config)
    config.write_text("site_name: A\ntheme:\n  name: material\nx: !ENV [X, 1]\n")
    refuse_duplicate_keys(config)  # tags MkDocs reads are left alone


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb:\n  - x\n  - {c: 2, d: [3, 4]}\n",
        "phone: +44 020 7946 0000\nnotes:\n  - 'Two: words'\n",
        "<<: &base {a: 1}\nb: 2\nc:\n  <<: *base\n  a: 3\n",
        "when: 2026-12-07\nnothing:\nlist: []\n",
    ],
)
def test_the_fast_reader_gives_what_the_python_reader_gives(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libyaml reads data files (several times faster); what it gives, lines included, is what
    PyYAML's own reader gives."""

    def lines(data: object) -> list[object]:
        found: list[object] = [getattr(data, "line", None), getattr(data, "key_lines", None),
                               getattr(data, "item_lines", None)]  # fmt: skip
        children = (
            data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
        )
        return found + [lines(child) for child in children]

    fast = parse_yaml(text, "a.yml", first_line=3)
    monkeypatch.setattr(data_files, "FAST_LOADERS", {})
    slow = parse_yaml(text, "a.yml", first_line=3)
    assert fast == slow and lines(fast) == lines(slow)
