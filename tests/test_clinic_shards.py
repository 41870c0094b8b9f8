"""Unit tests: --shard K/N is read strictly and slices a folder's clinic files the same way
everywhere, each file in exactly one shard; a shard checks its own files only."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patient_guide.clinic_files.settings import clinic_files
from patient_guide.clinics.shards import Shard, parse_shard, shard_of
from patient_guide.command_line.clinic_printing import (
    ClinicChoice,
    ClinicChoiceError,
    checked_clinic_files,
    shard_summary,
)

FORM = "write it as K/N, whole numbers with 1 <= K <= N, e.g. --shard 2/4"
GOOD_CLINIC = "name: {name} Clinic\nphone: '+1 555 0100'\n"


@pytest.mark.parametrize(
    ("text", "shard"),
    [
        ("1/1", Shard(1, 1)),
        ("1/4", Shard(1, 4)),
        ("2/4", Shard(2, 4)),
        ("4/4", Shard(4, 4)),
        ("12/20", Shard(12, 20)),
    ],
)
def test_parse_shard_reads_k_of_n(text: str, shard: Shard) -> None:
    assert parse_shard(text) == shard


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0/3", "shard 0/3 does not exist"),
        ("4/3", "shard 4/3 does not exist"),
        ("1/0", "shard 1/0 does not exist"),
        ("0/0", "shard 0/0 does not exist"),
        ("a/b", "'a/b' is not a shard"),
        ("3", "'3' is not a shard"),
        ("", "'' is not a shard"),
        ("2/", "'2/' is not a shard"),
        ("/4", "'/4' is not a shard"),
        ("2/4/6", "'2/4/6' is not a shard"),
        ("-1/3", "'-1/3' is not a shard"),
        ("1.5/3", "'1.5/3' is not a shard"),
        (" 2/4", "' 2/4' is not a shard"),
        ("2 / 4", "'2 / 4' is not a shard"),
        ("2of4", "'2of4' is not a shard"),
        ("\u00b2/4", "'\u00b2/4' is not a shard"),  # a superscript two is a digit to str.isdigit
        ("1/" + "9" * 5000, "is not a shard"),  # too long for int() to read, refused first
    ],
)
def test_parse_shard_refuses_all_but_k_of_n_in_one_line(text: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_shard(text)
    assert message in str(refused.value)
    assert str(refused.value).endswith(FORM)
    assert "\n" not in str(refused.value)


@given(st.text(max_size=12))
def test_parse_shard_gives_a_real_shard_or_says_the_form(text: str) -> None:
    try:
        shard = parse_shard(text)
    except ValueError as error:
        assert str(error).endswith(FORM)
    else:
        assert 1 <= shard.index <= shard.count
        assert [int(part) for part in text.split("/")] == [shard.index, shard.count]


def test_a_shard_that_cannot_exist_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="shard 5/4 does not exist"):
        Shard(5, 4)
    assert str(Shard(2, 4)) == "shard 2 of 4"


def test_shard_of_deals_the_files_round_robin() -> None:
    files = [Path(f"{letter}.yml") for letter in "abcdefg"]
    assert [shard_of(files, Shard(k, 3)) for k in (1, 2, 3)] == [
        [Path("a.yml"), Path("d.yml"), Path("g.yml")],
        [Path("b.yml"), Path("e.yml")],
        [Path("c.yml"), Path("f.yml")],
    ]


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("file_count", [0, 1, 3, 4, 5, 11, 50])
def test_every_file_lands_in_exactly_one_balanced_shard_in_its_order(
    count: int, file_count: int
) -> None:
    files = [Path(f"clinic-{number:03}.yml") for number in range(file_count)]
    shards = [shard_of(files, Shard(index, count)) for index in range(1, count + 1)]
    dealt = [path for shard in shards for path in shard]
    assert sorted(dealt) == files  # every file once: none lost, none twice
    sizes = [len(shard) for shard in shards]
    assert max(sizes) - min(sizes) <= 1
    assert all(shard == sorted(shard) for shard in shards)  # each keeps the files' order
    assert shards == [shard_of(list(files), Shard(index, count)) for index in range(1, count + 1)]


def test_the_same_files_give_the_same_shards_whatever_order_they_were_written_in(
    tmp_path: Path,
) -> None:
    names = ["fern.yml", "Oak.yml", "birch.yaml", "ash.yml", "elm.yml", "Yew.YML", "pine.yml"]
    shards_by_machine = []
    for machine, order in (("one", names), ("two", names[::-1])):
        folder = tmp_path / machine
        folder.mkdir()
        for name in order:
            (folder / name).write_text(GOOD_CLINIC.format(name=name))
        shards_by_machine.append(
            [[path.name for path in shard_of(clinic_files(folder), Shard(k, 3))] for k in (1, 2, 3)]
        )
    assert shards_by_machine[0] == shards_by_machine[1]
    assert shards_by_machine[0][0] == ["Oak.yml", "birch.yaml", "pine.yml"]


def clinic_folder(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_a_shard_checks_only_its_own_clinic_files(tmp_path: Path) -> None:
    folder = clinic_folder(
        tmp_path / "clinics",
        {
            "a.yml": GOOD_CLINIC.format(name="A"),
            "b.yml": GOOD_CLINIC.format(name="B"),
            "c.yml": "name: C Clinic\n",  # no phone: shard 1 of 2 (a, c) holds it
        },
    )
    output = tmp_path / "out"
    choice = checked_clinic_files(folder, output, Shard(2, 2))
    assert choice == ClinicChoice([folder / "b.yml"], 3, Shard(2, 2))
    assert str(choice) == "shard 2 of 2: 1 of 3 clinic files"
    with pytest.raises(ClinicChoiceError, match=r"c\.yml:1: phone: missing"):
        checked_clinic_files(folder, output, Shard(1, 2))
    with pytest.raises(ClinicChoiceError, match=r"c\.yml:1: phone: missing"):
        checked_clinic_files(folder, output)


def test_every_shard_refuses_two_files_that_print_into_one_folder(tmp_path: Path) -> None:
    folder = clinic_folder(
        tmp_path / "clinics",
        {"Fern.yml": GOOD_CLINIC.format(name="Fern"), "fern.yml": GOOD_CLINIC.format(name="F")},
    )
    for index in (1, 2):  # each shard holds one of the two, yet both would fill out/fern/
        with pytest.raises(ClinicChoiceError, match="prints into the same folder as"):
            checked_clinic_files(folder, tmp_path / "out", Shard(index, 2))


def test_a_shard_beyond_the_files_has_nothing_to_print(tmp_path: Path) -> None:
    folder = clinic_folder(tmp_path / "clinics", {"a.yml": GOOD_CLINIC.format(name="A")})
    choice = checked_clinic_files(folder, tmp_path / "out", Shard(3, 4))
    assert choice.files == []
    assert shard_summary(choice) == (
        "shard 3 of 4: 0 of 1 clinic files; nothing to print in this shard "
        "(more shards than clinic files)"
    )
    full = checked_clinic_files(folder, tmp_path / "out", Shard(1, 4))
    assert shard_summary(full) == "printed shard 1 of 4: 1 of 1 clinic files"
