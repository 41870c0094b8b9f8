"""A booklet says each thing once: a later part leaves out a shared point an earlier part made,
and one line says, for every part, that advice varies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .article_blocks import tidy

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
    def change(node: Node) -> Node | _Walk | None:
        if node.get("kind") == "box" and node.get("variant") == "abstract":
            return node  # each part's summary keeps its points
        if node.get("kind") == "point" and first.get(node["id"], part) != part:
            return None
        return WALK

    return _rewritten(nodes, change)


def varies_once(articles: list[list[Node]], line: str | None) -> list[list[Node]]:
    """The articles with their "advice varies" lines (spans of class "varies", one in each part's
    Key points) printed once: the first says `line`, which names every part's topics, and the
    later ones go, with the list item or paragraph they leave empty. Without a line, as they are."""
    if line is None:
        return articles
    said = False

    def change(node: Node) -> Node | _Walk | None:
        nonlocal said
        if node.get("kind") != "prompt" or "varies" not in node.get("classes", ()):
            return WALK
        if said:
            return None
        said = True
        return {**node, "runs": [{"kind": "text", "text": line}]}

    return [_rewritten(article, change) for article in articles]


class _Walk:
    """What a change gives for a node to keep and go through (its runs, blocks and items)."""


WALK = _Walk()


def _rewritten(nodes: list[Node], change: Callable[[Node], Node | _Walk | None]) -> list[Node]:
    """The nodes as change has them: left out (None), put in as given (a node), or gone through
    (WALK), what they hold rewritten in turn; a paragraph, list item or list that then says
    nothing goes too."""
    kept = []
    for node in nodes:
        changed = change(node)
        if changed is None:
            continue
        if not isinstance(changed, _Walk):
            kept.append(changed)
            continue
        node = dict(node)
        for key in ("runs", "blocks"):
            if key in node:
                node[key] = _rewritten(node[key], change)
        if node.get("kind") == "paragraph":
            node["runs"] = tidy(node["runs"])  # no space left where a sentence went
        if "items" in node:
            items = [
                {**item, "blocks": _rewritten(item["blocks"], change)} for item in node["items"]
            ]
            node["items"] = [item for item in items if _says_something(item["blocks"])]
        if not _emptied(node):
            kept.append(node)
    return kept


def _emptied(node: Node) -> bool:
    """A paragraph or list that held only what was left out, and now says nothing."""
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
