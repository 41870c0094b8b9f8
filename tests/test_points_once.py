"""Unit tests: a booklet prints each shared point once, outside its Key points boxes."""

from __future__ import annotations

from typing import Any

from patient_guide.handouts.points_once import points_once, varies_once


def text(words: str) -> dict[str, Any]:
    return {"kind": "text", "text": words}


def point(name: str) -> dict[str, Any]:
    return {"kind": "point", "id": name, "runs": [text(f"The {name} point.")]}


def paragraph(*runs: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "paragraph", "classes": [], "runs": list(runs)}


def key_points(*runs: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "box", "variant": "abstract", "title": [], "blocks": [paragraph(*runs)]}


def listing(*items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"kind": "list", "ordered": True, "classes": [], "items": [
        {"tick": False, "blocks": blocks} for blocks in items
    ]}  # fmt: skip


def test_a_later_part_leaves_out_a_point_an_earlier_part_made() -> None:
    first = [paragraph(point("redness"), text(" Call if it gets worse."))]
    swollen = text(" It may also feel swollen.")
    later = [paragraph(point("redness"), swollen), paragraph(point("sun"))]
    kept = points_once([first, later])
    assert kept[0] == first
    assert kept[1] == [paragraph(text("It may also feel swollen.")), paragraph(point("sun"))]


def test_a_sentence_left_out_leaves_no_space_behind() -> None:
    first = [paragraph(point("sun"))]
    later = [paragraph(text("Rest. "), point("sun"), text(" Book a visit. "))]
    assert points_once([first, later])[1] == [paragraph(text("Rest. Book a visit."))]


def test_a_paragraph_or_list_item_left_empty_goes_with_it() -> None:
    first = [paragraph(point("sun"))]
    later = [
        paragraph(point("sun")),
        listing([paragraph(point("sun"))], [paragraph(text("Book a visit."))]),
        listing([paragraph(point("sun"))]),
    ]
    kept = points_once([first, later])
    assert kept[1] == [listing([paragraph(text("Book a visit."))])]


def test_key_points_keep_their_points_and_one_part_may_repeat_itself() -> None:
    first = [key_points(point("sun")), paragraph(point("redness"))]
    later = [key_points(point("redness")), paragraph(point("sun")), paragraph(point("sun"))]
    kept = points_once([first, later])
    assert kept == [first, later], "the sun point's first body copy is in the later part"


def test_a_single_page_is_printed_as_it_is() -> None:
    page = [key_points(point("sun")), paragraph(point("sun")), paragraph(point("sun"))]
    assert points_once([page]) == [page]


def varies(words: str) -> dict[str, Any]:
    return {"kind": "prompt", "classes": ["prompt", "varies"], "runs": [text(words)]}


def bullets(*items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"kind": "list", "ordered": False, "classes": [], "items": [
        {"tick": False, "blocks": blocks} for blocks in items
    ]}  # fmt: skip


def test_a_booklet_says_once_that_advice_varies_in_words_for_all_its_parts() -> None:
    sun = [paragraph(text("Stay out of the sun."))]
    first = [bullets(sun, [paragraph(varies("Advice on the sun varies."))])]
    later = [bullets(sun, [paragraph(varies("Advice on sessions varies."))])]
    prompt = {"kind": "prompt", "classes": ["prompt"], "runs": [text("Ask your clinic.")]}
    kept = varies_once(
        [first, later, [paragraph(prompt)]], "Advice on the sun and sessions varies."
    )
    assert kept[0] == [bullets(sun, [paragraph(varies("Advice on the sun and sessions varies."))])]
    assert kept[1] == [bullets(sun)]  # the later line goes, with the bullet it leaves empty
    assert kept[2] == [paragraph(prompt)]  # other prompts stay


def test_without_a_line_of_its_own_every_part_keeps_its_advice_varies_line() -> None:
    parts = [[paragraph(varies("Advice on the sun varies."))]] * 2
    assert varies_once(parts, None) == parts
