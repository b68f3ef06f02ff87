"""The layers of helpers/ import only downwards, with no import circle, and a recorded
child stays light: it imports the recorder core and the event families, not the views."""

import ast
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import record
from tests import targets

HELPERS = Path(__file__).resolve().parent.parent / "helpers"
# lowest first; a module may import from its own layer and the ones before it
LAYERS = ["arguments", "recorder", "families", "view", "tools", "lessons"]


def layer_of(module: str) -> str:
    part = module.split(".")[1] if "." in module else "lessons"
    return part if part in LAYERS else "lessons"


def modules() -> dict[str, Path]:
    found = {}
    for path in HELPERS.rglob("*.py"):
        name = ".".join(("helpers", *path.relative_to(HELPERS).with_suffix("").parts))
        found[name.removesuffix(".__init__")] = path
    return found


def imports(name: str, path: Path, known: dict) -> set[str]:
    """The helpers modules that ``name`` imports anywhere in its file (lazy imports too)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found |= {t for t in [target, *(f"{target}.{a.name}" for a in node.names)]
                      if t in known}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
    ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
    return found - {name} - ancestors  # a package is set up before its modules


MODULES = modules()
GRAPH = {name: imports(name, path, MODULES) for name, path in MODULES.items()}


def test_no_import_circle():
    def visit(node, stack):
        for dep in GRAPH[node]:
            assert dep not in stack, "import circle: " + " -> ".join([*stack, dep])
            visit(dep, [*stack, dep])
    for name in GRAPH:
        visit(name, [name])


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_imports_point_down(name):
    mine = LAYERS.index(layer_of(name))
    upward = sorted(dep for dep in GRAPH[name] if LAYERS.index(layer_of(dep)) > mine)
    assert upward == [], f"{name} ({layer_of(name)}) imports from a layer above it"


def test_the_recorder_core_imports_only_the_standard_library():
    """At module level; inside a function it may try IPython (``setup()``, in a kernel)."""
    for name, path in MODULES.items():
        if layer_of(name) != "recorder":
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, (ast.Import, ast.ImportFrom)) and not getattr(node, "level", 0):
                for top in ([a.name for a in node.names] if isinstance(node, ast.Import)
                            else [node.module]):
                    assert top.split(".")[0] in sys.stdlib_module_names, (name, top)


LESSON_TARGETS = sorted(f"helpers.lessons.{path.parent.name}.{path.stem}"
                        for path in HELPERS.glob("lessons/*/*.py")
                        if path.stem in ("targets", "isolation"))
HEAVY = ("matplotlib", "psutil", "IPython", "numpy", "helpers.view", "helpers.tools")


def test_a_spawned_child_imports_no_view_and_nothing_heavy():
    """Each lesson module with targets, imported in a fresh interpreter as a spawned
    child does when it unpickles its target: none of HEAVY comes along."""
    ctx = multiprocessing.get_context("spawn")
    for module in [*LESSON_TARGETS, "helpers.tools.echo_server"]:
        reader, writer = ctx.Pipe(duplex=False)
        with record(show=False):
            p = ctx.Process(target=targets.report_modules, args=(writer, module, HEAVY))
            p.start()
            loaded = reader.recv() if reader.poll(60) else "no answer"
            p.join()
        expected = [] if module != "helpers.tools.echo_server" else ["helpers.tools"]
        assert loaded == expected, module


@pytest.mark.parametrize("statement", ["from helpers import record, compare",
                                       "from helpers.tools.scripts import main"])
def test_what_a_script_imports_loads_no_matplotlib(statement):
    """A script's ``from helpers import record`` (the README's way), re-run by every child
    that spawn starts, and the interpreter that runs a lesson's script: matplotlib (most
    of a second) loads only when a picture is drawn."""
    probe = (f"import sys; {statement}; "
             "print(sorted(m for m in ('matplotlib', 'numpy', 'PIL') if m in sys.modules))")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           timeout=120, check=True).stdout
    assert found == "[]\n"
