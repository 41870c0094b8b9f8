"""Unit tests: the shared points' file is read, or refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from patient_guide.data_files import DataFileError
from patient_guide.pages.points import POINTS_FILE, load_points


def test_a_points_file_that_is_a_folder_is_refused_by_its_name(tmp_path: Path) -> None:
    (tmp_path / POINTS_FILE).mkdir(parents=True)
    with pytest.raises(DataFileError, match=r"points\.yml: is not a file"):
        load_points(tmp_path)


def test_no_points_file_means_no_points(tmp_path: Path) -> None:
    assert load_points(tmp_path) == {}
