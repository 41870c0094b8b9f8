"""Printing for many clinics: a warm press prints what a fresh one does, clinics whose handouts
are up to date are not printed again, and the batch is shared out in even groups."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest

from patient_guide.clinic_files.settings import load_clinic
from patient_guide.clinics.batch import in_groups, print_batch, print_for_clinics
from patient_guide.handouts.jobs import HandoutSet
from patient_guide.handouts.press import Press
from patient_guide.handouts.printing import print_jobs
from tests.conftest import PDFS_PER_SET, PROJECT

EXAMPLE = PROJECT / "clinics" / "example.yml"


def clinic_like_the_example(folder: Path, name: str, phone: str, notes: bool = True) -> Path:
    """A clinic file like the example's, with its own name and phone (and its notes, or none)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "clinics" / "example-logo.svg", folder)
    text = EXAMPLE.read_text().replace("Fernhill Skin Clinic", name)
    text = text.replace(load_clinic(EXAMPLE).phone, phone)
    if not notes:
        text = text.split("aftercare_notes:")[0]
    path = folder / f"{re.sub(r'[^a-z0-9]+', '-', name.lower())}.yml"
    path.write_text(text)
    return path


def test_a_warm_press_prints_the_bytes_a_fresh_one_prints(
    built: tuple[Path, HandoutSet], spanish_handouts: HandoutSet, tmp_path: Path
) -> None:
    """Typst keeps the layout of one clinic's handout for the next: what it keeps must never
    show. Every handout, printed after another clinic's by one press, is the same file a new
    press makes for it alone."""
    first = load_clinic(clinic_like_the_example(tmp_path, "Alder Clinic", "+1 555 0111"))
    second = load_clinic(
        clinic_like_the_example(tmp_path, "Birch Skin Care Centre", "+1 555 0222", notes=False)
    )
    warm = Press(built[1].template_folder)
    for handout_set in (built[1], spanish_handouts):
        for job, other in zip(
            print_jobs(handout_set, second), print_jobs(handout_set, first), strict=True
        ):
            warm.typeset(other)
            fresh = Press(handout_set.template_folder).typeset(job)
            assert warm.typeset(job) == fresh, job.file_name


def test_a_clinics_handouts_name_it_as_their_author(
    built: tuple[Path, HandoutSet], tmp_path: Path
) -> None:
    """Typst is given the guide's name as the author (a style that differs per clinic would
    make it lay everything out again); the clinic's name is put in after, in both places a
    reader's PDF viewer looks."""
    clinic = load_clinic(clinic_like_the_example(tmp_path, "Alder & Daughters", "+1 555 0111"))
    job = print_jobs(built[1], clinic)[0]
    printed = Press(built[1].template_folder).typeset(job)
    with pikepdf.open(io.BytesIO(printed.pdf)) as pdf:
        assert str(pdf.docinfo["/Author"]) == "Alder & Daughters"
        metadata = pdf.open_metadata()
        assert metadata["dc:creator"] == ["Alder & Daughters"]
        assert metadata["pdfuaid:part"] == "1"
    neutral = Press(built[1].template_folder).typeset(print_jobs(built[1])[0])
    with pikepdf.open(io.BytesIO(neutral.pdf)) as pdf:
        assert str(pdf.docinfo["/Author"]) == "Microneedling: a guide for patients"


def modified_times(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_mtime_ns
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_clinics_whose_handouts_are_up_to_date_are_not_printed_again(
    built: tuple[Path, HandoutSet], tmp_path: Path
) -> None:
    alder = clinic_like_the_example(tmp_path / "clinics", "Alder Clinic", "+1 555 0111")
    birch = clinic_like_the_example(tmp_path / "clinics", "Birch Clinic", "+1 555 0222")
    output = tmp_path / "out"
    sets = [built[1]]

    def batch(force: bool = False) -> dict[str, bool]:
        outcomes = print_batch([alder, birch], sets, output, 1, force=force)
        assert all(outcome.error is None for outcome in outcomes), outcomes
        assert all(outcome.pdf_count == PDFS_PER_SET for outcome in outcomes)
        return {outcome.source.stem: outcome.up_to_date for outcome in outcomes}

    assert batch() == {"alder-clinic": False, "birch-clinic": False}
    printed = {name: modified_times(output / name) for name in ("alder-clinic", "birch-clinic")}
    assert batch() == {"alder-clinic": True, "birch-clinic": True}
    assert {name: modified_times(output / name) for name in printed} == printed

    alder.write_text(alder.read_text().replace("+1 555 0111", "+1 555 0112"))  # a new phone
    (output / "birch-clinic" / "faq-a4.pdf").unlink()  # a handout gone
    assert batch() == {"alder-clinic": False, "birch-clinic": False}
    logo = tmp_path / "clinics" / "example-logo.svg"
    logo.write_text(logo.read_text().replace("</svg>", '<circle r="1"/></svg>'))
    assert batch() == {"alder-clinic": False, "birch-clinic": False}, "a new logo prints again"
    assert batch() == {"alder-clinic": True, "birch-clinic": True}
    assert batch(force=True) == {"alder-clinic": False, "birch-clinic": False}


@pytest.mark.parametrize(
    "spoil",
    [
        "a record that lists no files, with a handout gone",
        "a record that is a named pipe",
        "a record that is a folder",
        "a record that is not JSON",
        "a record nested too deep to read",
        "a record whose lines left out are text, not a list",
        "a record whose line left out holds a terminal escape",
        "a record whose line left out names no file of the clinic",
        "a record without its lines left out",
    ],
)
def test_a_spoilt_record_never_keeps_a_folder_and_never_hangs(
    built: tuple[Path, HandoutSet], tmp_path: Path, spoil: str
) -> None:
    alder = clinic_like_the_example(tmp_path, "Alder Clinic", "+1 555 0111")
    output = tmp_path / "out"
    [outcome] = print_for_clinics([alder], [built[1]], output)
    record = output / "alder-clinic" / ".printed-from.json"
    kept = json.loads(record.read_text())
    record.unlink()
    if spoil.startswith("a record that lists no files"):
        record.write_text(json.dumps({**kept, "files": {}}))
        (output / "alder-clinic" / "faq-a4.pdf").unlink()
    elif spoil.endswith("too deep to read"):
        record.write_text("[" * 30000 + "]" * 30000)
    elif "left out" in spoil:
        forged: dict[str, object] = {
            "are text, not a list": "aftercare-a4.pdf leaves out nothing",
            "holds a terminal escape": ["aftercare-a4.pdf leaves out \x1b[2J everything"],
            "names no file of the clinic": ["../../etc/passwd leaves out something"],
        }
        changed = {key: value for key, value in kept.items() if key != "left_out"}
        for end, line in forged.items():
            if spoil.endswith(end):
                changed["left_out"] = line
        record.write_text(json.dumps(changed))
    elif spoil.endswith("named pipe"):
        os.mkfifo(record)
    elif spoil.endswith("folder"):
        record.mkdir()
    else:
        record.write_bytes(b"\x00\xff not json")
    [outcome] = print_for_clinics([alder], [built[1]], output)
    assert outcome.error is None and not outcome.up_to_date, spoil
    assert (output / "alder-clinic" / "faq-a4.pdf").is_file()
    assert json.loads(record.read_text())["files"] == kept["files"]


def test_a_change_to_the_guide_prints_every_clinic_again(
    built: tuple[Path, HandoutSet], tmp_path: Path
) -> None:
    alder = clinic_like_the_example(tmp_path, "Alder Clinic", "+1 555 0111")
    output = tmp_path / "out"
    [outcome] = print_for_clinics([alder], [built[1]], output)
    assert not outcome.up_to_date
    [outcome] = print_for_clinics([alder], [built[1]], output)
    assert outcome.up_to_date
    faq = built[1].pages["faq.md"]
    new_faq = replace(faq, description="A new description.")
    changed = replace(built[1], pages={**built[1].pages, "faq.md": new_faq})
    [outcome] = print_for_clinics([alder], [changed], output)
    assert not outcome.up_to_date, "printed again when a page it prints changed"
    assert os.path.isdir(output / "alder-clinic")


@pytest.mark.parametrize(
    ("files", "workers", "sizes"),
    [
        (0, 2, []),
        (1, 2, [1]),
        (3, 2, [2, 1]),
        (4, 2, [2, 2]),
        (16, 1, [16]),
        (17, 1, [9, 8]),
        (50, 2, [13, 13, 12, 12]),
        (50, 4, [13, 13, 12, 12]),
        (50, 8, [7, 7, 6, 6, 6, 6, 6, 6]),
        (1000, 2, [16] * 40 + [15] * 24),
    ],
)
def test_clinics_are_shared_out_in_even_groups(files: int, workers: int, sizes: list[int]) -> None:
    paths = [Path(f"clinic-{number}.yml") for number in range(files)]
    groups = in_groups(paths, workers)
    assert [len(group) for group in groups] == sizes
    assert [path for group in groups for path in group] == paths


def test_a_clinic_that_cannot_print_spoils_nothing_for_the_others_in_its_group(
    built: tuple[Path, HandoutSet], tmp_path: Path
) -> None:
    """A worker prints its group a handout at a time: a clinic whose sheet runs too long (notes
    of the widest words, signs too, and a two-week grid: more than any real clinic's) fails
    alone, and the clinics before and after it are printed whole."""
    folder = tmp_path / "clinics"
    first = clinic_like_the_example(folder, "Alder Clinic", "+1 555 0111")
    word = "W" * 40  # the widest words a note may hold: three to a note, two to a sign
    note, sign = " ".join([word] * 3), " ".join([word] * 2)
    broken = clinic_like_the_example(folder, "Birch Clinic", "+1 555 0222", notes=False)
    broken.write_text(
        broken.read_text()
        + "aftercare_notes:\n"
        + "".join(f"  - {note}\n" for _ in range(3))
        + "timings:\n  sun_days: 14\n  warning_signs:\n"
        + "".join(f"    - {sign}\n" for _ in range(3))
    )
    last = clinic_like_the_example(folder, "Cedar Clinic", "+1 555 0333")
    output = tmp_path / "out"
    outcomes = print_for_clinics([first, broken, last], [built[1]], output)
    assert [outcome.error is None for outcome in outcomes] == [True, False, True], outcomes
    assert re.search(r"aftercare-[a-z0-9-]+\.pdf prints on 3 pages", str(outcomes[1].error))
    assert (
        "birch-clinic.yml, the name, address, website, aftercare_notes, timings: warning_signs, "
        "timings past day 7" in str(outcomes[1].error)
    )
    assert sorted(path.name for path in output.iterdir()) == ["alder-clinic", "cedar-clinic"]
    for outcome, name in [(outcomes[0], "Alder Clinic"), (outcomes[2], "Cedar Clinic")]:
        assert outcome.folder is not None
        assert len(list(outcome.folder.glob("*.pdf"))) == PDFS_PER_SET
        with pikepdf.open(outcome.folder / "aftercare-a4.pdf") as pdf:
            assert str(pdf.docinfo["/Author"]) == name
