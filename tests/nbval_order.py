"""pytest plugin: ``--nbval-shuffle=SEED`` runs a notebook's cells in a shuffled order, each twice.

Lesson 00 tells a learner that any cell can be run again, and in any order that runs
first the cells it reads from.  With ``--nbval-shuffle=SEED`` (and ``--nbval``), each
notebook's code cells run in a random topological order of their dependencies, each
cell twice in a row, in one kernel; both runs are compared with the cell's *stored*
outputs by nbval's own comparison (the same sanitize file; images and the cells marked
to be ignored are skipped as nbval skips them).  Items are named ``Cell 8 (order 3)``
and ``Cell 8 (order 3, again)``: code cell 8, run fourth (positions count from 0).

The dependencies are read statically with ``ast``: a cell *reads* a name it loads
before it surely binds it itself (anywhere in a function or class it defines, too), and
*binds* every name it may assign, import, define, loop over, bind with ``as`` or
``:=``, or declare ``global`` and assign.  ``x += 1`` and ``del x`` read and bind ``x``;
``obj.attr = 1`` and ``obj[k] = 1`` only read ``obj``.  A cell depends on the *reaching*
definer of each name it reads: the last earlier cell, in document order, that binds it.
Only these true dependencies are kept: a third cell that binds the same name may run in
between, and a cell that breaks then was not self-contained.  A cell that does not
parse (IPython magics) or reads the namespace dynamically (``globals()``, ``eval``,
``exec``, ``get_ipython()``...) stays after every earlier cell and before every later
one; one that reads IPython's output history (``_``, ``Out``...) stays after every
earlier cell.  A cell nbval skips (``NBVAL_SKIP``) binds and reads nothing.

The order depends only on the seed and the notebook's file name and cells; it is
printed in a summary section and under every failure, so a failure can be replayed
with the same seed.  Loaded for every pytest run by ``-p tests.nbval_order``; without
the option nbval runs as usual.  ``--nbval-rerun`` (a second run compared with the
first) is a different check and cannot be combined with it.
"""

from __future__ import annotations

import ast
import copy
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pytest
from nbval.plugin import IPyNbCell

from tests.nbval_items import by_notebook

# -- what a cell binds and reads -----------------------------------------------------------

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
# Calls that read (and may write) the namespace by name, out of ast's sight.
_DYNAMIC_CALLS = frozenset({"globals", "locals", "vars", "eval", "exec", "get_ipython"})
# IPython's history: what earlier cells printed or were.
_HISTORY = re.compile(r"_{1,3}|_\d+|_i{1,3}|_i\d+|_oh|_ih|_dh|In|Out")


@dataclass(frozen=True)
class CellNames:
    """What one code cell does to the notebook's namespace."""

    binds: frozenset[str] = frozenset()
    reads: frozenset[str] = frozenset()
    star: bool = False  # from m import *: may bind any name
    after_all: bool = False  # reads names ast cannot see: after every earlier cell
    barrier: bool = False  # ... and may bind them: before every later cell, too


def _names(target: ast.AST) -> set[str]:
    """The names an assignment target binds (x, a, b in `x, (a, *b) = ...`)."""
    return {node.id for node in ast.walk(target)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}


def _pattern_names(pattern: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(pattern):
        if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            found.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            found.add(node.rest)
    return found


def _header(scope: ast.AST) -> list[ast.AST]:
    """The parts of a nested scope evaluated where it is defined."""
    if isinstance(scope, _COMPREHENSIONS):
        return [scope.generators[0].iter]
    parts = list(getattr(scope, "decorator_list", []))
    if isinstance(scope, ast.ClassDef):
        return parts + scope.bases + [k.value for k in scope.keywords]
    args = scope.args
    parts += [d for d in args.defaults + args.kw_defaults if d is not None]
    if not isinstance(scope, ast.Lambda):
        every = args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]
        parts += [a.annotation for a in every if a is not None and a.annotation is not None]
        if scope.returns is not None:
            parts.append(scope.returns)
    return parts


def _inside(scope: ast.AST) -> tuple[list[ast.AST], set[str]]:
    """A nested scope's own nodes and its parameters."""
    if isinstance(scope, _COMPREHENSIONS):
        first, *rest = scope.generators
        body = [scope.key, scope.value] if isinstance(scope, ast.DictComp) else [scope.elt]
        nodes = body + [first.target, *first.ifs] + rest
        return nodes, set().union(*(_names(g.target) for g in scope.generators))
    if isinstance(scope, ast.ClassDef):
        return list(scope.body), set()
    args = scope.args
    params = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    params |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    body = [scope.body] if isinstance(scope, ast.Lambda) else list(scope.body)
    return body, params


def _scope_names(scope: ast.AST) -> tuple[set[str], set[str], set[str]]:
    """What a nested scope reads from the module, binds in the module, and binds in the
    scope around it (``:=`` in a comprehension).

    Loads of names that are not its own locals are module reads (made when it runs,
    counted as made where it is defined: conservative); names declared ``global`` and
    assigned are module binds.
    """
    nodes, local = _inside(scope)
    comprehension = isinstance(scope, _COMPREHENSIONS)
    loads, stores, declared, nonlocal_ = set(), set(), set(), set()
    module_binds, around = set(), set()
    passthrough = set()  # a class body is no scope for the functions inside it
    todo = list(reversed(nodes))
    while todo:
        node = todo.pop()
        if isinstance(node, _SCOPES):
            todo.extend(reversed(_header(node)))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                stores.add(node.name)
            reads, binds, binds_here = _scope_names(node)
            (passthrough if isinstance(scope, ast.ClassDef) else loads).update(reads)
            module_binds |= binds
            (around if comprehension else stores).update(binds_here)
            continue
        if isinstance(node, ast.Name):
            (loads if isinstance(node.ctx, ast.Load) else stores).add(node.id)
        elif isinstance(node, ast.NamedExpr):
            (around if comprehension else stores).add(node.target.id)
            todo.append(node.value)
            continue
        elif isinstance(node, ast.Global):
            declared.update(node.names)
        elif isinstance(node, ast.Nonlocal):
            nonlocal_.update(node.names)
        elif isinstance(node, ast.alias):
            stores.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            stores.add(node.name)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            stores.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            stores.add(node.rest)
        todo.extend(reversed(list(ast.iter_child_nodes(node))))
    local = (local | stores) - declared
    reads = (loads - local) | passthrough
    reads -= nonlocal_  # a name of an enclosing function, not of the module
    module_binds |= stores & declared
    return reads, module_binds, around


class _Cell:
    """An in-order walk of a cell's module-level code: which names it reads before it
    surely bound them, and which it may bind."""

    def __init__(self):
        self.binds: set[str] = set()
        self.reads: set[str] = set()
        self.star = self.after_all = self.barrier = False

    def read(self, name: str, bound: set[str]) -> None:
        if name in bound:
            return
        if _HISTORY.fullmatch(name):
            self.after_all = True
        else:
            self.reads.add(name)

    def expr(self, node: ast.AST | None, bound: set[str]) -> None:
        """Every read in an expression (or any node), and the names it binds with :=."""
        if node is None:
            return
        todo = [node]
        while todo:
            node = todo.pop()
            if isinstance(node, _SCOPES):
                todo.extend(_header(node))
                reads, binds, binds_here = _scope_names(node)
                for name in reads:
                    self.read(name, bound)
                self.binds |= binds | binds_here
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    self.binds.add(node.name)
                continue
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Load):
                    self.read(node.id, bound)
                else:  # a store the statement walk did not expect: a bind all the same
                    self.binds.add(node.id)
            elif isinstance(node, ast.NamedExpr):
                self.binds.add(node.target.id)
                todo.append(node.value)
                continue
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                  and node.func.id in _DYNAMIC_CALLS and (node.func.id != "vars" or not node.args)):
                self.barrier = True
            elif isinstance(node, ast.alias):
                self.binds.add((node.asname or node.name).split(".")[0])
            elif isinstance(node, ast.ExceptHandler) and node.name:
                self.binds.add(node.name)
            elif isinstance(node, ast.match_case):
                self.binds |= _pattern_names(node.pattern)
            todo.extend(ast.iter_child_nodes(node))

    def target(self, target: ast.AST, bound: set[str]) -> set[str]:
        """An assignment target: binds its names, reads the bases of its attributes and
        subscripts (``obj.attr = 1`` mutates obj: a read of obj, not a binding)."""
        names = _names(target)
        self.binds |= names
        for node in ast.walk(target):
            if isinstance(node, (ast.Attribute, ast.Subscript)):
                self.expr(node, bound)
        return names

    def body(self, statements: Iterable[ast.stmt], bound: set[str]) -> set[str]:
        """Walk statements in order; returns the names surely bound after them."""
        bound = set(bound)
        for statement in statements:
            bound = self.statement(statement, bound)
        return bound

    def statement(self, node: ast.stmt, bound: set[str]) -> set[str]:
        if isinstance(node, ast.Assign):
            self.expr(node.value, bound)
            return bound | set().union(*(self.target(t, bound) for t in node.targets))
        if isinstance(node, ast.AugAssign):
            self.expr(node.value, bound)
            if isinstance(node.target, ast.Name):
                self.read(node.target.id, bound)
                self.binds.add(node.target.id)
                return bound
            self.expr(node.target, bound)
            return bound
        if isinstance(node, ast.AnnAssign):
            self.expr(node.value, bound)
            self.expr(node.annotation, bound)
            names = self.target(node.target, bound)
            return bound | names if node.value is not None else bound
        if isinstance(node, (ast.For, ast.AsyncFor)):
            self.expr(node.iter, bound)
            names = self.target(node.target, bound)
            self.body(node.body, bound | names)  # a loop may not run: binds nothing surely
            self.body(node.orelse, bound)
            return bound
        if isinstance(node, ast.While):
            self.expr(node.test, bound)
            self.body(node.body, bound)
            self.body(node.orelse, bound)
            return bound
        if isinstance(node, ast.If):
            self.expr(node.test, bound)
            return self.body(node.body, bound) & self.body(node.orelse, bound)
        if isinstance(node, (ast.With, ast.AsyncWith)):
            inner = set(bound)
            for item in node.items:
                self.expr(item.context_expr, inner)
                if item.optional_vars is not None:
                    inner |= self.target(item.optional_vars, inner)
            return self.body(node.body, inner)
        if isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            after_body = self.body(node.body, bound)
            for handler in node.handlers:
                self.expr(handler.type, bound)
                names = {handler.name} if handler.name else set()
                self.binds |= names
                self.body(handler.body, bound | names)
            self.body(node.orelse, after_body)
            return self.body(node.finalbody, bound)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.expr(node, bound)
            return bound | {node.name}
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = set()
            for alias in node.names:
                if alias.name == "*":
                    self.star = True
                else:
                    names.add((alias.asname or alias.name).split(".")[0])
            self.binds |= names
            return bound | names
        if isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.read(target.id, bound)
                    self.binds.add(target.id)
                    bound = bound - {target.id}
                else:
                    self.expr(target, bound)
            return bound
        if isinstance(node, ast.Match):
            self.expr(node.subject, bound)
            for case in node.cases:
                names = _pattern_names(case.pattern)
                self.binds |= names
                for sub in ast.walk(case.pattern):  # value patterns read names: case Color.RED
                    if isinstance(sub, ast.MatchValue):
                        self.expr(sub.value, bound)
                    elif isinstance(sub, ast.MatchClass):
                        self.expr(sub.cls, bound)
                self.expr(case.guard, bound | names)
                self.body(case.body, bound | names)
            return bound
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            return bound  # at module level, a global statement changes nothing
        self.expr(node, bound)  # expression statements, assert, raise, return...
        return bound


def analyse(source: str) -> CellNames:
    """What a code cell binds and reads (see the module's docstring)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics, shell escapes: names out of sight
        return CellNames(after_all=True, barrier=True)
    cell = _Cell()
    cell.body(tree.body, set())
    return CellNames(binds=frozenset(cell.binds), reads=frozenset(cell.reads), star=cell.star,
                     after_all=cell.after_all or cell.barrier, barrier=cell.barrier)


def dependencies(cells: Sequence[CellNames]) -> set[tuple[int, int]]:
    """Edges (definer, reader) between code cells, numbered in document order."""
    edges = set()
    for reader, cell in enumerate(cells):
        if cell.after_all:
            edges |= {(earlier, reader) for earlier in range(reader)}
            continue
        for name in cell.reads:
            for earlier in range(reader - 1, -1, -1):  # the reaching definer(s)
                if cells[earlier].star:  # may or may not bind it: both are kept
                    edges.add((earlier, reader))
                if name in cells[earlier].binds:
                    edges.add((earlier, reader))
                    break
        for earlier in range(reader):
            if cells[earlier].barrier:
                edges.add((earlier, reader))
    return edges


def shuffled_order(count: int, edges: Iterable[tuple[int, int]],
                   rng: random.Random) -> list[int]:
    """A random topological order of cells 0..count-1: each after those it depends on."""
    waiting_for = {cell: set() for cell in range(count)}
    dependants = {cell: set() for cell in range(count)}
    for before, after in edges:
        waiting_for[after].add(before)
        dependants[before].add(after)
    ready = sorted(cell for cell, needs in waiting_for.items() if not needs)
    order = []
    while ready:
        cell = ready.pop(rng.randrange(len(ready)))
        order.append(cell)
        for after in sorted(dependants[cell]):
            waiting_for[after].discard(cell)
            if not waiting_for[after]:
                ready.append(after)
        ready.sort()
    if len(order) != count:
        raise ValueError(f"the dependencies have a cycle: {sorted(edges)}")
    return order


def notebook_order(seed: int, name: str, sources: Sequence[str | None]) -> list[int]:
    """The order of a notebook's code cells for a seed; None stands for a cell that
    does not run (NBVAL_SKIP).  Depends only on the seed, the file name and the cells."""
    cells = [CellNames() if source is None else analyse(source) for source in sources]
    return shuffled_order(len(cells), dependencies(cells), random.Random(f"{seed}/{name}"))


# -- the plugin ----------------------------------------------------------------------------

ORDER_PROPERTY = "nbval-shuffle order"


def pytest_addoption(parser):
    parser.getgroup("nbval").addoption(
        "--nbval-shuffle", type=int, default=None, metavar="SEED",
        help="run each notebook's code cells in a random order (seeded) that keeps every "
             "cell after the cells it reads names from, each cell twice in a row, both "
             "runs compared with the stored outputs")


def pytest_configure(config):
    if config.getoption("nbval_shuffle") is None:
        return
    if config.getoption("nbval_rerun", default=False):
        raise pytest.UsageError(
            "--nbval-shuffle and --nbval-rerun cannot be combined: the rerun compares a "
            "second run of the whole notebook with the first, the shuffle compares every "
            "run of a cell with its stored outputs; run them as two pytest sessions")
    config.pluginmanager.register(_Orders(), "nbval-shuffle-orders")


class ShuffledCell(IPyNbCell):
    """A notebook cell at its place in the shuffled order, in its first or second run."""

    def __init__(self, name, parent, cell_num, cell, options, position, again, order, seed):
        # A copy each: nbval's comparison merges the stored stream outputs in place
        # (coalesce_streams), so a cell compared twice would see its text doubled.
        super().__init__(name, parent, cell_num, copy.deepcopy(cell), options)
        self.position, self.again, self.order, self.seed = position, again, order, seed
        self.user_properties.append((ORDER_PROPERTY, _describe(seed, order)))

    def reportinfo(self):
        path, line, description = super().reportinfo()
        return path, line, f"{description} ({_where(self.position, self.again)})"

    def repr_failure(self, excinfo):
        return (f"{super().repr_failure(excinfo)}\n"
                f"{self.parent.name}: {_describe(self.seed, self.order)}")


def _where(position: int, again: bool) -> str:
    return f"order {position}, again" if again else f"order {position}"


def _describe(seed: int, order: Sequence[int]) -> str:
    return (f"cells in the order {' '.join(map(str, order))} "
            f"(--nbval-shuffle={seed}), each run twice")


def pytest_collection_modifyitems(session, config, items):
    seed = config.getoption("nbval_shuffle")
    if seed is None:
        return
    entries = by_notebook(items)
    items[:] = []
    for entry in entries:
        if not isinstance(entry, list):
            items.append(entry)
            continue
        cells = sorted(entry, key=lambda cell: cell.cell_num)
        sources = [None if cell.options["skip"] else cell.cell.source for cell in cells]
        order = notebook_order(seed, cells[0].parent.path.name, sources)
        for position, index in enumerate(order):
            cell = cells[index]
            for again in (False, True):
                items.append(ShuffledCell.from_parent(
                    cell.parent, name=f"{cell.name} ({_where(position, again)})",
                    cell_num=cell.cell_num, cell=cell.cell, options=cell.options,
                    position=position, again=again, order=order, seed=seed))


def pytest_report_header(config):
    seed = config.getoption("nbval_shuffle")
    if seed is not None:
        return (f"nbval-shuffle: seed {seed}; each notebook's cells in a random order that "
                f"keeps each after the cells it reads from, each run twice")
    return None


class _Orders:
    """Each notebook's order, printed after the run (xdist sends user_properties from
    its workers to the controller, where the summary is written)."""

    def __init__(self):
        self.seen: dict[str, str] = {}

    def pytest_runtest_logreport(self, report):
        if report.when == "setup":
            for key, value in report.user_properties:
                if key == ORDER_PROPERTY:
                    self.seen.setdefault(report.nodeid.split("::")[0], value)

    def pytest_terminal_summary(self, terminalreporter):
        if self.seen:
            terminalreporter.write_sep("-", "nbval-shuffle orders")
            for notebook, order in sorted(self.seen.items()):
                terminalreporter.write_line(f"{notebook}: {order}")
