"""A booklet says each thing once: a later part leaves out a shared point an earlier part made,
and one line says, for every part, that advice varies."""

from __future__ import annotations

from typing import Any

Node = dict[str, Any]


def points_once(articles: list[list[Node]]) -> list[list[Node]]:
    """The articles with each shared point ({{ point() }}) printed where it is first made. A later
    part's copy is left out, with the paragraph or list item it leaves empty; Key points boxes
    keep theirs (each part's summary), and a point said twice within one part stays."""
    first: dict[str, int] = {}  # point id -> the part that made it
    for part, article in enumerate(articles):
        _note_points(article, part, first)
    return [_without_later_points(article, part, first) for part, article in enumerate(articles)]


def _note_points(nodes: list[Node], part: int, first: dict[str, int]) -> None:
    for node in nodes:
        if node.get("kind") == "box" and node.get("variant") == "abstract":
            continue
        if node.get("kind") == "point":
            first.setdefault(node["id"], part)
        _note_points(node.get("runs", []), part, first)
        _note_points(node.get("blocks", []), part, first)
        for item in node.get("items", []):
            _note_points(item["blocks"], part, first)


def _without_later_points(nodes: list[Node], part: int, first: dict[str, int]) -> list[Node]:
    kept = []
    for node in nodes:
        kind = node.get("kind")
        if kind == "box" and node.get("variant") == "abstract":
            kept.append(node)
            continue
        if kind == "point" and first.get(node["id"], part) != part:
            continue
        node = dict(node)
        for key in ("runs", "blocks"):
            if key in node:
                node[key] = _without_later_points(node[key], part, first)
        if "items" in node:
            items = [
                {**item, "blocks": _without_later_points(item["blocks"], part, first)}
                for item in node["items"]
            ]
            node["items"] = [item for item in items if _says_something(item["blocks"])]
        if _emptied(node):
            continue
        kept.append(node)
    return kept


def varies_once(articles: list[list[Node]], line: str | None) -> list[list[Node]]:
    """The articles with their "advice varies" lines (spans of class "varies", one in each part's
    Key points) printed once: the first says `line`, which names every part's topics, and the
    later ones go, with the list item or paragraph they leave empty. Without a line, as they are."""
    if line is None:
        return articles
    said = False

    def said_once(nodes: list[Node]) -> list[Node]:
        nonlocal said
        kept = []
        for node in nodes:
            if "varies" in node.get("classes", ()) and node.get("kind") == "prompt":
                if not said:
                    kept.append({**node, "runs": [{"kind": "text", "text": line}]})
                said = True
                continue
            node = dict(node)
            for key in ("runs", "blocks"):
                if key in node:
                    node[key] = said_once(node[key])
            if "items" in node:
                items = [{**item, "blocks": said_once(item["blocks"])} for item in node["items"]]
                node["items"] = [item for item in items if _says_something(item["blocks"])]
            if not _emptied(node):
                kept.append(node)
        return kept

    return [said_once(article) for article in articles]


def _emptied(node: Node) -> bool:
    """A paragraph or list that held only later points, and now says nothing."""
    if node.get("kind") == "paragraph":
        return not _says_something(node["runs"])
    if node.get("kind") == "list":
        return not node["items"]
    return False


def _says_something(nodes: list[Node]) -> bool:
    """Whether the runs or blocks hold any words or pictures."""
    for node in nodes:
        if node.get("text", "").strip() or node.get("kind") in {"picture", "point", "write-in"}:
            return True
        if any(_says_something(node.get(key, [])) for key in ("runs", "blocks")):
            return True
        if any(_says_something(item["blocks"]) for item in node.get("items", [])):
            return True
    return False
