"""Every locked package installs on the oldest Python the project supports (Debian 12's 3.11.2)."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import distribution

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from tests.conftest import PROJECT

LOCKS = ["requirements.lock", "requirements-dev.lock"]
PINNED = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)", re.MULTILINE)


def python_floor() -> Version:
    """The lowest Python pyproject.toml's requires-python admits, e.g. '>=3.11' -> 3.11."""
    settings = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    floor = re.fullmatch(r">=\s*([0-9.]+)", settings["project"]["requires-python"].strip())
    assert floor, "requires-python should be a plain '>=X.Y' floor"
    return Version(floor[1])


def test_the_floor_is_a_python_a_stock_debian_12_has() -> None:
    assert python_floor() <= Version("3.11.2")


def test_every_locked_distribution_accepts_the_python_floor() -> None:
    floor = python_floor()
    refused = []
    for lock in LOCKS:
        for name, version in PINNED.findall((PROJECT / lock).read_text(encoding="utf-8")):
            installed = distribution(name)
            assert Version(installed.version) == Version(version), f"{name}: {installed.version}"
            needs = (installed.metadata.get_all("Requires-Python") or [None])[0]
            if needs and floor not in SpecifierSet(needs):
                refused.append(f"{lock}: {name}=={version} needs Python {needs}")
    assert not refused, "\n".join(refused)
