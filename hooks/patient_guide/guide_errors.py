"""The guide's own errors: a mistake in a file or a setting, named with how to fix it."""

from __future__ import annotations


class GuideError(Exception):
    """A mistake someone can fix (an author, a clinic, whoever runs the build): its message
    names the file (and line, where there is one) and says what to do. Printed as it is, with
    no traceback."""
