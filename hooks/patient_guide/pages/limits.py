"""How big a page or fragment may be, checked before it is templated or rendered."""

from __future__ import annotations

MAX_PAGE_BYTES = 256 * 1024
MAX_LINE_CHARACTERS = 4000


def size_problem(text: str) -> tuple[int | None, str] | None:
    """The line and words of what makes text too big for a page, or None when it is not."""
    size = len(text.encode("utf-8"))
    if size > MAX_PAGE_BYTES:
        return None, (
            f"is {size / 1024:.0f} KB; a page is at most {MAX_PAGE_BYTES // 1024} KB, "
            "so split it into pages or fragments"
        )
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARACTERS:
            return number, (
                f"this line has {len(line)} characters; a line is at most "
                f"{MAX_LINE_CHARACTERS}, so break it into shorter lines"
            )
    return None
