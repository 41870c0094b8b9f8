"""Unit tests: the one YAML reader refuses a key given twice, wherever it is read."""

from __future__ import annotations

from pathlib import Path

import pytest

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
