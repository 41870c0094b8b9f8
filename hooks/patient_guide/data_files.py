"""The one reader of every YAML text the build reads; a problem is `path:line: what; fix`."""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .guide_errors import GuideError

MAX_DATA_FILE_BYTES = 256 * 1024
YAML_FIX = "check the brackets, quotes and indentation"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (file, and line when known) and what to do."""

    path: str  # as the author knows it, e.g. docs/_data/sources.yml
    line: int | None
    message: str  # what is wrong; what to fix

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class DataFileError(GuideError):
    """A data file that cannot be used; str() is one line per problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(tuple(problems))
        self.problems = tuple(problems)

    def __str__(self) -> str:
        return "\n".join(map(str, self.problems))

    @classmethod
    def at(cls, path: str, line: int | None, message: str) -> DataFileError:
        """An error with one problem."""
        return cls([Problem(path, line, message)])


def shown_path(path: Path | str) -> str:
    """A path as the author knows it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


# Data that remembers where it was written, so a wrong value can be reported by its line.


class LocatedMapping(dict[Any, Any]):
    """A YAML mapping with the line of the mapping and of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class LocatedList(list[Any]):
    """A YAML sequence with the line of the sequence and of each item."""

    line: int = 0
    item_lines: list[int]


def line_of(data: object, location: Iterable[object]) -> int | None:
    """The line of the value at location (keys and list indexes) in data, as deep as known."""
    line = getattr(data, "line", None) or None
    for part in location:
        if isinstance(data, LocatedMapping) and part in data:
            line, data = data.key_lines.get(part, line), data[part]
        elif isinstance(data, LocatedList) and isinstance(part, int) and 0 <= part < len(data):
            line, data = data.item_lines[part], data[part]
        else:
            break
    return line


class DataLoader(yaml.SafeLoader):
    """PyYAML's safe loader (plain data only), keeping the line of every mapping key and item."""


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping that gives one key twice (YAML would quietly keep the last)."""

    def __init__(self, key: object, first_line: int, mark: yaml.Mark) -> None:
        super().__init__(problem=f"{key!r} is given twice", problem_mark=mark)
        self.key, self.first_line = key, first_line


def _located_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
    data = LocatedMapping()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    data.update(loader.construct_mapping(node))
    written: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node)
        # A key brought in by a '<<' merge comes from elsewhere; one written here overrides it.
        merged = not node.start_mark.index <= key_node.start_mark.index < node.end_mark.index
        if not merged and key in written:
            raise DuplicateKeyError(key, data.key_lines[key], key_node.start_mark)
        if not merged:
            written.add(key)
            data.key_lines[key] = key_node.start_mark.line + 1
        data.key_lines.setdefault(key, key_node.start_mark.line + 1)


def _located_list(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> Any:
    data = LocatedList()
    data.line = node.start_mark.line + 1
    yield data
    data.extend(loader.construct_sequence(node))
    data.item_lines = [item.start_mark.line + 1 for item in node.value]


DataLoader.add_constructor("tag:yaml.org,2002:map", _located_mapping)
DataLoader.add_constructor("tag:yaml.org,2002:seq", _located_list)


class WrittenInteger(str):
    """A YAML integer kept as it was written, so a phone number keeps its "+" and leading zeros."""


class TextLoader(DataLoader):
    """The data loader, except that integers stay the text they were written as."""


def _integer_as_written(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> WrittenInteger:
    return WrittenInteger(loader.construct_scalar(node))


TextLoader.add_constructor("tag:yaml.org,2002:int", _integer_as_written)


# The same loaders on libyaml (PyYAML's C parser, several times faster), for text that reads
# well: what they cannot read is read again by the loaders above, whose messages name the
# problem the same way every time.
class _FastDataLoader(yaml.CSafeLoader):
    pass


class _FastTextLoader(_FastDataLoader):
    pass


_FastDataLoader.add_constructor("tag:yaml.org,2002:map", _located_mapping)
_FastDataLoader.add_constructor("tag:yaml.org,2002:seq", _located_list)
_FastTextLoader.add_constructor("tag:yaml.org,2002:int", _integer_as_written)
FAST_LOADERS: dict[type[DataLoader], type[yaml.CSafeLoader]] = {
    DataLoader: _FastDataLoader,
    TextLoader: _FastTextLoader,
}


# Reading


def read_data_file(
    path: Path, *, max_bytes: int = MAX_DATA_FILE_BYTES, loader: type[DataLoader] = DataLoader
) -> Any:
    """The YAML data in a small UTF-8 file; any problem is a DataFileError."""
    return parse_yaml(read_text_file(path, max_bytes=max_bytes), shown_path(path), loader=loader)


def read_text_file(path: Path, *, max_bytes: int = MAX_DATA_FILE_BYTES) -> str:
    """A small file's UTF-8 text (a byte order mark is dropped, line ends made '\\n')."""
    shown = shown_path(path)
    try:
        if not path.exists():
            raise DataFileError.at(shown, None, "not found; check the file name and folder")
        if not path.is_file():
            raise DataFileError.at(shown, None, "is not a file; give the path of a .yml file")
        size = path.stat().st_size
        if size > max_bytes:
            raise DataFileError.at(
                shown,
                None,
                f"is {size / 1024:.1f} KB; a file like this is at most {max_bytes // 1024} KB",
            )
        data = path.read_bytes()
    except OSError as error:
        raise DataFileError.at(shown, None, f"cannot be read: {error.strerror}") from None
    return decoded_text(data, shown)


def decoded_text(data: bytes, shown: str) -> str:
    """Bytes as UTF-8 text, or a DataFileError naming the line of the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFileError.at(shown, *not_utf8(error)) from None
    return text.replace("\r\n", "\n")


def not_utf8(error: UnicodeDecodeError) -> tuple[int, str]:
    """The line of the first byte that is not UTF-8, and what to do about it."""
    data = error.object
    line = data[: error.start].count(b"\n") + 1
    return line, f"is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8"


def parse_yaml(
    text: str, shown: str, *, first_line: int = 1, loader: type[DataLoader] = DataLoader
) -> Any:
    """The data in a YAML text that starts at first_line of the file shown."""
    fast = FAST_LOADERS.get(loader)
    if fast is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            return _read_fast(text, shown, first_line, fast)
        except Exception:  # read again below, to say what is wrong
            pass
    reader = None
    try:
        reader = loader(text)  # a SafeLoader: builds only plain data (reading checks characters)
        root = reader.get_single_node()
        if root is None:
            return None
        refuse_alias_bombs(root, shown, first_line=first_line)  # before any value is built
        return reader.construct_document(root)
    except DuplicateKeyError as error:
        first = error.first_line + first_line - 1
        raise DataFileError.at(
            shown,
            _error_line(error, first_line),
            f"{error.key!r} is given twice (also on line {first}); keep one of them",
        ) from None
    except yaml.MarkedYAMLError as error:
        raise DataFileError.at(
            shown, _error_line(error, first_line), f"not valid YAML: {_yaml_problem(error)}"
        ) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + first_line
        message = f"the control character U+{error.character:04X} is not allowed; remove it"
        raise DataFileError.at(shown, line, message) from None
    except yaml.YAMLError as error:
        raise DataFileError.at(shown, None, f"not valid YAML: {error}; {YAML_FIX}") from None
    except ValueError as error:  # a date that does not exist, e.g. 2026-13-01
        bad_line, written = _impossible_date(text)
        raise DataFileError.at(
            shown,
            None if bad_line is None else bad_line + first_line - 1,
            f"the date {written or ''}, which does not exist ({error}); write a real date as "
            "YYYY-MM-DD",
        ) from None
    except RecursionError:
        raise DataFileError.at(shown, None, "not valid YAML: nested too deeply") from None
    finally:
        if reader is not None:
            reader.dispose()


FAST_DEPTH = 100  # deeper, the text is read by the Python loader, which says when it is too deep


def _read_fast(text: str, shown: str, first_line: int, loader: type[yaml.CSafeLoader]) -> Any:
    reader = loader(text)
    try:
        root = reader.get_single_node()
        if root is None:
            return None
        refuse_alias_bombs(root, shown, first_line=first_line)  # first: no loop, no bomb left
        if _depth(root) > FAST_DEPTH:
            raise RecursionError("read by the Python loader")
        return reader.construct_document(root)
    finally:
        reader.dispose()


def _depth(root: yaml.Node) -> int:
    """How deep collections nest in a YAML document (counted without recursion)."""
    deepest, waiting = 0, [(root, 1)]
    while waiting:
        node, depth = waiting.pop()
        deepest = max(deepest, depth)
        if isinstance(node, yaml.SequenceNode):
            waiting.extend((item, depth + 1) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            waiting.extend((value, depth + 1) for pair in node.value for value in pair)
    return deepest


DATE_WRITTEN = re.compile(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w.-])")


def _impossible_date(text: str) -> tuple[int | None, str | None]:
    """The line and words of the first date in text that does not exist (2026-13-45)."""
    for number, line in enumerate(text.splitlines(), start=1):
        for found in DATE_WRITTEN.finditer(line):
            try:
                datetime.date(*(int(part) for part in found.groups()))
            except ValueError:
                return number, found[0]
    return None, None


LARGEST_EXPANSION = 100_000  # values a configuration may hold once its aliases are written out


def refuse_duplicate_keys(path: Path) -> yaml.Node | None:
    """Refuse a YAML file read by others (mkdocs.yml) that gives a key twice in one mapping, or
    whose aliases refer to themselves or write out to a huge file (its readers would loop or
    fill the memory): its tags (!ENV, !relative) are not read, only the shape of the text.
    Returns that shape (None where the file's own reader will say what is wrong with it)."""
    shown = shown_path(path)
    try:
        root = yaml.compose(read_text_file(path), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    except RecursionError:
        raise DataFileError.at(shown, None, "not valid YAML: nested too deeply") from None
    if root is not None:
        refuse_alias_bombs(root, shown, keys_once=True)
    return root


def refuse_unsafe_configuration(path: Path) -> None:
    """refuse_duplicate_keys for a MkDocs configuration file and each file it INHERITs from, in
    turn, before MkDocs reads them; an INHERIT that leads back to a file already read is
    refused (MkDocs would recurse until it fails)."""
    seen: list[Path] = []
    current: Path | None = path
    while current is not None and current.is_file():  # MkDocs says which file is missing
        if current.resolve() in seen:
            raise DataFileError.at(
                shown_path(seen[-1]), None,
                f"INHERIT leads back to {shown_path(current)}; remove the loop",
            )  # fmt: skip
        seen.append(current.resolve())
        current = _inherited(current, refuse_duplicate_keys(current))


def _inherited(path: Path, root: yaml.Node | None) -> Path | None:
    """The file a configuration's top-level INHERIT names, or None."""
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        named = str(value.value) if isinstance(value, yaml.ScalarNode) else ""
        if isinstance(key, yaml.ScalarNode) and key.value == "INHERIT" and named:
            return path.parent / named
    return None


def refuse_alias_bombs(
    root: yaml.Node, shown: str, *, first_line: int = 1, keys_once: bool = False
) -> None:
    """Refuse YAML whose aliases (*name) refer to themselves or write out to more than
    LARGEST_EXPANSION values (a reader that writes it out would fill the memory); with
    keys_once, a key given twice in a mapping too."""
    sizes: dict[int, int] = {}  # node -> how many values it holds, its aliases written out
    # Depth first, each node once; a node met again while still open is an alias to itself.
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        line = node.start_mark.line + first_line
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[id(node)] > LARGEST_EXPANSION:
                raise DataFileError.at(
                    shown, line,
                    f"its aliases (*name) write out to more than {LARGEST_EXPANSION} values; "
                    "write the values out instead",
                )  # fmt: skip
            continue
        if id(node) in open_nodes:
            raise DataFileError.at(shown, line, "an alias (*name) refers to itself; remove it")
        if id(node) in sizes:
            continue
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
        if keys_once and isinstance(node, yaml.MappingNode):
            _refuse_repeated_keys(node, shown)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [value for _key, value in node.value]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _refuse_repeated_keys(node: yaml.MappingNode, shown: str) -> None:
    keys: dict[str, int] = {}
    for key, _value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value != "<<":
            line = key.start_mark.line + 1
            if key.value in keys:
                raise DataFileError.at(
                    shown,
                    line,
                    f"{key.value!r} is given twice (also on line {keys[key.value]}); "
                    "keep one of them",
                )
            keys[key.value] = line


def _error_line(error: yaml.MarkedYAMLError, first_line: int) -> int | None:
    """Where to look: an unclosed bracket or quote where it opens, anything else where the
    parser stopped."""
    context = error.context or ""
    opening = "flow" in context or "quoted" in context
    mark = (error.context_mark if opening else None) or error.problem_mark or error.context_mark
    return None if mark is None else mark.line + first_line


def _yaml_problem(error: yaml.MarkedYAMLError) -> str:
    words = " ".join(part for part in (error.context, error.problem) if part)
    return f"{' '.join(words.split()) or 'cannot be read'}; {YAML_FIX}"
