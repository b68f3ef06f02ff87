"""``--nbval-shuffle=SEED`` (tests/nbval_order.py): which cells read from which, a seeded
order that keeps every cell after those, and each cell run twice in that order against
its stored outputs -- a cell that is not idempotent fails its second run, named."""

import random
import re

import pytest
from nbformat.v4 import new_output

from tests.nbval_order import analyse, dependencies, notebook_order, shuffled_order
from tests.notebook_runs import pytest_run, write_notebook


def edges(*sources):
    return dependencies([analyse(source) for source in sources])


# (cells, the edges (definer, reader) between them)
EDGES = {
    "a mutation reads what the cell before made": (
        ["x = []", "x.append(1)\nprint(len(x))"], {(0, 1)}),
    "the reaching definer only": (["x = 1", "x = 2", "print(x)"], {(1, 2)}),
    "bound in the cell before it is read: no edge": (
        ["run = p = None", "with record() as run:\n    p = 1\nrun.show(p)"], set()),
    "read in the cell before it is bound there": (["x = 1", "print(x)\nx = 2"], {(0, 1)}),
    "augmented assignment reads and binds": (["n = 0", "n += 1", "print(n)"], {(0, 1), (1, 2)}),
    "setting an attribute reads the module, does not bind it": (
        ["import isolation", "isolation.counter = 42", "print(isolation.counter)"],
        {(0, 1), (0, 2)}),
    "setting an item reads the container": (["d = {}", "d['k'] = 1", "d = {}"], {(0, 1)}),
    "imports bind their first name or alias": (
        ["import os.path", "from m import y as z", "os.getcwd()\nz()"], {(0, 2), (1, 2)}),
    "def and class bind their names": (
        ["def f():\n    return 1", "class A:\n    pass", "A(f())"], {(0, 2), (1, 2)}),
    "a function's body reads the module's names": (
        ["limit = 3", "def f():\n    return limit"], {(0, 1)}),
    "parameters and a comprehension's variables are its own": (
        ["a = i = 1", "def f(a):\n    return a\n[i for i in range(3)]"], set()),
    "global in a function binds the module's name": (
        ["def bump():\n    global count\n    count = 1", "print(count)"], {(0, 1)}),
    "a class body is no scope for its methods": (
        ["x = 1", "class A:\n    x = 2\n    def m(self):\n        return x"], {(0, 1)}),
    "for, with and := bind their targets": (
        ["for i in range(3):\n    pass", "with open('f') as fh:\n    pass",
         "if (n := 3):\n    pass", "print(i, fh, n)"], {(0, 3), (1, 3), (2, 3)}),
    "a loop that binds a name may not run: read after it, it is read": (
        ["total = 0", "for i in range(3):\n    total = i\nprint(total)"], {(0, 1)}),
    "bound on one branch only: still read": (
        ["y = 0", "if c:\n    y = 1\nprint(y)"], {(0, 1)}),
    "bound on both branches: not read": (
        ["y = 0", "if c:\n    y = 1\nelse:\n    y = 2\nprint(y)"], set()),
    "del reads and unbinds": (["x = 1", "del x", "print(x)"], {(0, 1), (1, 2)}),
    "a star import may bind anything": (["x = 1", "from m import *", "print(x)"],
                                        {(0, 2), (1, 2)}),
    "a cell that does not parse: after every earlier cell, before every later one": (
        ["a = 1", "b = 2", "%time a", "print(b)"], {(0, 2), (1, 2), (1, 3), (2, 3)}),
    "globals() reads and writes out of sight": (
        ["a = 1", "runs = globals().get('runs', 0) + 1", "b = 2"], {(0, 1), (1, 2)}),
    "IPython's history: after every earlier cell": (
        ["1 + 1", "a = 2", "print(_)", "b = 3"], {(0, 2), (1, 2)}),
}


@pytest.mark.parametrize("cells, expected", EDGES.values(), ids=EDGES.keys())
def test_dependencies(cells, expected):
    assert edges(*cells) == expected


def test_a_cell_that_does_not_run_binds_and_reads_nothing():
    order = notebook_order(1, "skip.ipynb", ["x = 1", None, "print(x)"])
    assert sorted(order) == [0, 1, 2] and order.index(0) < order.index(2)


NOTEBOOK = [  # shaped like a lesson: a set-up cell, examples that reuse names, an exercise
    "from helpers import record, setup\nmethod = setup()",
    "with record() as run:\n    p = Process(target=f)\n    p.start()\n    p.join()",
    "print(run.lane('Process-1'), p.pid)",
    "for m in methods:\n    with record() as run:\n        p = Process()\nprint(run, p)",
    "words = run.prints[0].split()",
    "print(words[2])",
    "answer = None\nfrom checks import check\ncheck(answer)",
    "check(42)",
]


@pytest.mark.parametrize("cells", [NOTEBOOK, *(case[0] for case in EDGES.values())])
def test_every_order_keeps_every_cell_after_those_it_reads_from(cells):
    found = edges(*cells)
    for seed in range(200):
        order = notebook_order(seed, "lesson.ipynb", cells)
        assert sorted(order) == list(range(len(cells)))
        place = {cell: position for position, cell in enumerate(order)}
        assert all(place[before] < place[after] for before, after in found), (seed, order)


def test_random_graphs_are_ordered_topologically():
    rng = random.Random(0)
    for _ in range(300):
        count = rng.randrange(1, 15)
        graph = {(a, b) for a in range(count) for b in range(a + 1, count) if rng.random() < 0.2}
        order = shuffled_order(count, graph, random.Random(rng.random()))
        place = {cell: position for position, cell in enumerate(order)}
        assert sorted(order) == list(range(count))
        assert all(place[a] < place[b] for a, b in graph)


def test_an_order_depends_on_the_seed_and_the_notebook_only():
    assert notebook_order(7, "lesson.ipynb", NOTEBOOK) == notebook_order(7, "lesson.ipynb",
                                                                        list(NOTEBOOK))
    assert len({tuple(notebook_order(seed, "lesson.ipynb", NOTEBOOK)) for seed in range(20)}) > 10
    assert len({tuple(notebook_order(7, f"{n}.ipynb", NOTEBOOK)) for n in range(20)}) > 10
    assert notebook_order(7, "lesson.ipynb", NOTEBOOK) != list(range(len(NOTEBOOK)))


def test_a_cycle_is_refused():
    with pytest.raises(ValueError, match="cycle"):
        shuffled_order(2, {(0, 1), (1, 0)}, random.Random(0))


# -- the plugin on a real kernel -----------------------------------------------------------

def stdout(text):
    return new_output("stream", name="stdout", text=text)


CELLS = [  # (source, stored outputs)
    ("x = []", []),
    ("x.append(1)\nprint(len(x))", [stdout("1\n")]),  # not idempotent: 2 the second time
    ("y = []\ny.append(1)\nprint(len(y))", [stdout("1\n")]),  # self-contained
    # stored as two chunks of one stream, which nbval merges before it compares
    ("print('one')\nprint('two')", [stdout("one\n"), stdout("two\n")]),
    ("print('from a module of its own')", [stdout("from a module of its own\n")]),
]


@pytest.mark.parametrize("seed", [1, 2])
def test_each_cell_runs_twice_in_the_order_and_a_second_run_that_differs_fails(tmp_path,
                                                                               seed):
    path = tmp_path / "twice.ipynb"
    write_notebook(path, CELLS)
    order = notebook_order(seed, path.name, [source for source, _ in CELLS])
    code, out = pytest_run(tmp_path, "--nbval", f"--nbval-shuffle={seed}", "-rA",
                           "-n", "1", str(path))  # -n 1: as make runs it, with xdist
    assert code == 1, out
    ran = re.findall(r"^(PASSED|FAILED) \S*twice\.ipynb::(Cell \d+ \(order \d+(?:, again)?\))",
                     out, re.M)
    names = [f"Cell {cell} (order {position}{again})"
             for position, cell in enumerate(order) for again in ("", ", again")]
    assert sorted(name for _, name in ran) == sorted(names), out
    outcome = dict((name, result) for result, name in ran)
    for position, cell in enumerate(order):
        assert outcome[f"Cell {cell} (order {position})"] == "PASSED", out
        assert outcome[f"Cell {cell} (order {position}, again)"] == (
            "FAILED" if cell == 1 else "PASSED"), out
    again = order.index(1)
    section = out.split(f"Cell 1 (order {again}, again) _")[1]
    assert "Cell outputs differ" in section and "'2\\n'" in section, section
    told = f"cells in the order {' '.join(map(str, order))} (--nbval-shuffle={seed})"
    assert told in section  # under the failure
    assert "nbval-shuffle orders" in out and f"twice.ipynb: {told}" in out  # in the summary
    assert f"nbval-shuffle: seed {seed}" in out  # in the header


def test_without_the_option_nbval_runs_as_usual(tmp_path):
    path = tmp_path / "plain.ipynb"
    write_notebook(path, CELLS)
    code, out = pytest_run(tmp_path, "--nbval", "--collect-only", "-q", str(path))
    assert code == 0, out
    assert re.findall(r"::(Cell .*)$", out, re.M) == [f"Cell {n}" for n in range(len(CELLS))]
    code, out = pytest_run(tmp_path, "--nbval", "--nbval-shuffle=3", "--collect-only", "-q",
                           str(path))
    assert code == 0, out
    order = notebook_order(3, path.name, [source for source, _ in CELLS])
    assert re.findall(r"::(Cell .*)$", out, re.M) == [
        f"Cell {cell} (order {position}{again})"
        for position, cell in enumerate(order) for again in ("", ", again")]


def test_shuffle_and_rerun_cannot_be_combined(tmp_path):
    path = tmp_path / "both.ipynb"
    write_notebook(path, CELLS)
    code, out = pytest_run(tmp_path, "--nbval", "--nbval-shuffle=1", "--nbval-rerun",
                           "--collect-only", str(path))
    assert code == pytest.ExitCode.USAGE_ERROR, out
    assert "--nbval-shuffle and --nbval-rerun cannot be combined" in out
