"""The guide's mistakes reported the way MkDocs reports a hook's: its message, no traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from mkdocs.exceptions import PluginError

from ..guide_errors import GuideError


@contextmanager
def stops_the_build() -> Iterator[None]:
    """Any of the guide's mistakes (GuideError) raised inside stops the build as a PluginError,
    which MkDocs prints as one message and `mkdocs serve` shows in the browser."""
    try:
        yield
    except GuideError as error:
        raise PluginError(str(error)) from None
