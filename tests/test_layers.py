"""The package's layers import one way, and only the MkDocs adapters import mkdocs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "hooks" / "patient_guide"

# Lowest first: a module imports only from the layers before it, and from its own subpackage.
# Each name is a subpackage or a top-level module of patient_guide. The foundations' modules may
# use each other; the names of any other layer do not (the web and the paper outputs stand side
# by side).
LAYERS: list[tuple[str, set[str]]] = [
    ("foundations", {
        "__init__", "data_files", "data_checks", "plain_text", "build_cache", "typeface",
        "output_folders", "source_files", "labels", "dates", "language_sites", "addresses",
        "svg_pictures", "guide_errors", "worker_processes",
    }),
    ("content", {"pages"}),
    ("clinic files", {"clinic_files"}),
    ("outputs", {"site", "handouts"}),
    ("clinics", {"clinics"}),
    ("MkDocs adapters", {"adapters"}),
    ("command line", {"command_line"}),
]  # fmt: skip
LAYER_OF = {name: number for number, (_, names) in enumerate(LAYERS) for name in names}


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name inside it ("pages.citations")."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(parts)] = path
    return found


def unit(module: str) -> str:
    """The subpackage or top-level module a module belongs to."""
    return module.split(".")[0]


def package_imports(module: str, path: Path) -> set[str]:
    """The units of patient_guide the module imports, at run time or for type checking."""
    package = module.split(".")[:-1]  # "pages.citations" and "pages.__init__": in pages
    imported: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = package[: len(package) - node.level + 1]
            target = [*base, *(node.module.split(".") if node.module else [])]
            if not target:  # "from . import x" at the top: x is the unit
                imported.update(alias.name for alias in node.names)
            else:
                imported.add(target[0])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("patient_guide."):
            imported.add(node.module.split(".")[1])  # type: ignore[union-attr]
    return imported - {unit(module)}


def runtime_mkdocs_imports(path: Path) -> list[int]:
    """The lines where a module imports mkdocs when it runs (not under `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for statement in node.body
        for inner in ast.walk(statement)
    }
    lines = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "mkdocs" for a in node.names
        ):
            lines.append(node.lineno)
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "mkdocs":
            lines.append(node.lineno)
    return lines


# Kept for the process, as they depend only on their arguments and installed files (the
# typeface, the package's own templates and code): every build would make the same.
INSTALLED_FILES_ONLY = {"typeface.printable_characters", "site.social_cards._font",
                        "pages.markup._environment",
                        "clinic_files.settings._clinic_schema"}  # fmt: skip
CACHES = {"cache", "lru_cache", "functools.cache", "functools.lru_cache"}
STATE_MAKERS = {"dict", "list", "set", "defaultdict", "threading.local", "local"}


def module_state(module: str, path: Path) -> list[str]:
    """What in a module keeps state between builds: a global statement, an empty container or
    a thread-local made at module level (only filled later), a cached function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        f"{module}:{node.lineno} global" for node in ast.walk(tree) if isinstance(node, ast.Global)
    ]
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        empty = isinstance(value, (ast.Dict, ast.List, ast.Set)) and not ast.unparse(value)[1:-1]
        made = isinstance(value, ast.Call) and ast.unparse(value.func) in STATE_MAKERS
        if empty or made:
            found.append(f"{module}:{node.lineno} {ast.unparse(node)}")
        if (
            isinstance(node, ast.FunctionDef)
            and f"{module}.{node.name}" not in INSTALLED_FILES_ONLY
        ):
            for decorator in node.decorator_list:
                called = decorator.func if isinstance(decorator, ast.Call) else decorator
                if ast.unparse(called) in CACHES:
                    found.append(f"{module}:{node.lineno} cached {node.name}")
    return found


def test_no_state_is_kept_at_module_level() -> None:
    """State belongs to one build (adapters/build_runs.py) or one printing worker (a Press)."""
    assert [line for module, path in modules().items() for line in module_state(module, path)] == []


@pytest.mark.parametrize(
    "source",
    ["SEEN = {}\n", "seen: dict[str, int] = dict()\n", "_here = threading.local()\n",
     "@functools.lru_cache(maxsize=8)\ndef read(path): ...\n", "@cache\ndef read(path): ...\n",
     "def remember():\n    global SEEN\n"],
)  # fmt: skip
def test_the_state_finder_finds_each_kind(tmp_path: Path, source: str) -> None:
    path = tmp_path / "kept.py"
    path.write_text(source)
    assert len(module_state("kept", path)) == 1
    path.write_text("RULES = {'a': 1}\nNAMES = ['a']\nPATTERN = re.compile('a')\n")
    assert module_state("kept", path) == []


def test_every_module_has_a_layer() -> None:
    assert sorted({unit(module) for module in modules()} - set(LAYER_OF)) == []


def test_no_import_runs_back_up_or_across_a_layer() -> None:
    wrong = []
    for module, path in modules().items():
        for imported in package_imports(module, path):
            theirs, ours = LAYER_OF[imported], LAYER_OF[unit(module)]
            if theirs > ours or (theirs == ours and ours != LAYER_OF["labels"]):
                wrong.append(f"{module} imports {imported}")
    assert wrong == []


def test_only_the_adapters_import_mkdocs_when_they_run() -> None:
    adapters = LAYER_OF["adapters"]
    wrong = {
        module: lines
        for module, path in modules().items()
        if LAYER_OF[unit(module)] != adapters and (lines := runtime_mkdocs_imports(path))
    }
    assert wrong == {}


def test_the_layers_under_the_adapters_import_without_mkdocs_installed() -> None:
    """Every module below the adapters imports in a Python where `import mkdocs` fails."""
    below = [
        f"patient_guide.{module}".removesuffix(".__init__")
        for module in modules()
        if LAYER_OF[unit(module)] < LAYER_OF["adapters"]
    ]
    script = (
        "import importlib, sys\n"
        "sys.modules['mkdocs'] = None  # import mkdocs now fails\n"
        f"for name in {below!r}:\n"
        "    importlib.import_module(name)\n"
        "print(len([m for m in sys.modules if m.startswith('mkdocs')]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False,
        env={"PYTHONPATH": str(PACKAGE.parent), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["1"], "only the blocked name itself"


@pytest.mark.parametrize(
    ("source", "imported"),
    [
        ("from ..pages.outline import Section\n", {"pages"}),
        ("from .jobs import PrintJob\n", set()),
        ("if TYPE_CHECKING:\n    from ..clinics.batch import ClinicOutcome\n", {"clinics"}),
        ("def f():\n    from ..adapters.site_build import x\n", {"adapters"}),
        ("from patient_guide.site.settings import x\n", {"site"}),
    ],
)
def test_the_import_reader_finds_imports_wherever_they_are(
    tmp_path: Path, source: str, imported: set[str]
) -> None:
    path = tmp_path / "printing.py"
    path.write_text(source, encoding="utf-8")
    assert package_imports("handouts.printing", path) == imported
