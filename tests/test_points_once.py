"""Unit tests: a booklet prints each shared point once, outside its Key points boxes."""

from __future__ import annotations

from typing import Any

from patient_guide.handouts.points_once import points_once


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
    assert kept[1] == [paragraph(swollen), paragraph(point("sun"))]


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
