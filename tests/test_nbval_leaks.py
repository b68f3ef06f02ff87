"""The leak checks of tests/nbval_leaks.py fail what leaves a process behind, and name it:
a notebook cell (a running child, a zombie, a Manager's server; a shared memory segment
never unlinked), a notebook (a process that escaped its kernel, one that outlived it)
under every start method, and a test session (an orphan).

One inner pytest run holds all of them: a notebook per start method, and a test file.
"""

import os
import re
import subprocess
import sys
import time

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers.recorder import START_METHODS
from tests import leakcheck
from tests.bounds import SOON

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
METHODS = list(START_METHODS)

LEAKY_CELLS = [
    # 0: a child left running
    "import multiprocessing, os, time\n"
    "from tests import targets\n"
    "multiprocessing.set_start_method({method!r}, force=True)\n"
    "p = multiprocessing.Process(target=time.sleep, args=(30,))\n"
    "p.start()",
    # 1: a zombie: dead, not joined (forked: a fork server reaps its own children)
    "p.kill()\n"
    "p.join()\n"
    "z = multiprocessing.get_context('fork').Process(target=time.sleep, args=(30,))\n"
    "z.start()\n"
    "z.kill()\n"
    "os.waitid(os.P_PID, z.pid, os.WEXITED | os.WNOWAIT)",
    # 2: a grandchild re-parented away from the kernel: the cell looks clean
    "z.join()\n"
    "q = multiprocessing.Process(target=targets.leave_an_orphan)\n"
    "q.start()\n"
    "q.join()",
    # 3: a shared memory segment closed but never unlinked, and one still open (named
    # after the notebook's tag: a block of a made-up name, closed, would look like one
    # of any other notebook running at the same time)
    "from multiprocessing import shared_memory\n"
    "from tests.nbval_leaks import shm_prefix\n"
    "own = shm_prefix(os.environ['WORKBOOK_LEAK_TAG'])\n"
    "closed = shared_memory.SharedMemory(own + 'closed', create=True, size=16)\n"
    "closed.close()\n"
    "kept = shared_memory.SharedMemory(create=True, size=16)",
    # 4: a Manager never shut down: its server process runs on
    "kept.close()\n"
    "manager = multiprocessing.Manager()",
    # 5: a child in a session of its own: the kernel's shutdown does not reach it
    "manager.shutdown()\n"
    "r = multiprocessing.Process(target=targets.sleep_in_own_session)\n"
    "r.start()\n"
    "time.sleep(0.3)",
]

ORPHAN_TEST = """
from multiprocessing import get_context
from tests import targets


def test_orphan():
    p = get_context('fork').Process(target=targets.leave_an_orphan)
    p.start()
    p.join()
"""


@pytest.fixture(scope="module")
def inner(tmp_path_factory):
    """The inner run's output, split into its report sections."""
    folder = tmp_path_factory.mktemp("leaks")
    for method in METHODS:
        nb = new_notebook(cells=[new_code_cell(source.format(method=method))
                                 for source in LEAKY_CELLS])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, folder / f"leak_{method}.ipynb")
    (folder / "test_orphan.py").write_text(ORPHAN_TEST)
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [ROOT, env.get("PYTHONPATH")]))
    env[leakcheck.TAG] = f"leak-test-{os.getpid()}"  # as make gives one to each run
    env.pop(leakcheck.OWNER, None)
    env["WORKBOOK_LEAK_GRACE"] = "0.3"  # the leaks here are on purpose
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "tests.nbval_leaks",
         "--rootdir", str(folder), "--nbval-lax", str(folder)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    out = result.stdout
    pids = {int(pid) for pid in re.findall(r"^pid (\d+) ", out, re.MULTILINE)}
    alive = [pid for pid in pids if psutil.pid_exists(pid)
             and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
    for pid in alive:  # the checks kill what they name: anything left here is a failure
        os.kill(pid, 9)
    assert not alive, f"still running after the checks: {alive}\n{out}"
    sections = dict(re.findall(r"_ ERROR at teardown of (\S+ Cell \d) _+\n(.*?)(?=\n_{3,} |\n=)",
                               out.replace("::Cell", " Cell"), re.DOTALL))
    return result.returncode, out, sections


@pytest.mark.parametrize("method", METHODS)
def test_leaks_of_cells_and_of_the_notebook_fail_and_are_named(inner, method):
    _, out, sections = inner
    name = f"leak_{method}.ipynb"
    cells = {n: sections.get(f"{name} Cell {n}", "") for n in range(6)}
    running = re.search(r"Cell 0 left processes behind:\npid (\d+) .*\[sleeping\]", cells[0])
    zombie = re.search(r"Cell 1 left processes behind:\npid (\d+) .*\[zombie\]", cells[1])
    assert running and zombie, out
    assert cells[2] == ""  # the orphan is nobody's descendant any more...
    segments = dict(re.findall(r"^/dev/shm/(\S+) \((.*)\)$", cells[3], re.MULTILINE))
    assert "Cell 3 left shared memory behind" in cells[3], cells[3]
    closed, still_open = sorted(segments.values())
    assert closed == "closed, not unlinked" and re.fullmatch(r"still open in pid \d+", still_open)
    assert not set(segments) & set(os.listdir("/dev/shm"))  # named, then unlinked
    assert re.search(r"Cell 4 left processes behind:\npid \d+ .*\[sleeping\]", cells[4]), out
    last = cells[5]
    own_session = re.search(r"Cell 5 left processes behind:\npid (\d+) .*\[sleeping\]", last)
    assert own_session, out
    escaped = re.search(rf"{name}: processes of its kernel escaped it \(.*?\):\npid \d+ .*"
                        r"\[sleeping\]", last)  # ...but the notebook's check sees it
    after = re.search(rf"{name}: processes of its kernel still present after the kernel was "
                      rf"stopped:\n(?:pid .*\n)*?pid {own_session.group(1)} ", last)
    assert escaped and after, last



def test_a_session_that_leaves_an_orphan_fails(inner):
    returncode, out, _ = inner
    assert "test_orphan.py ." in out  # the test itself looked clean: its orphan was re-parented
    assert returncode == 1
    left = re.search(r"the test session left processes behind:\n((?:pid .*\n)+)", out)
    assert left, out
    assert len(left.group(1).splitlines()) == 1 and "[sleeping]" in left.group(1)


def test_a_kept_process_and_its_children_are_left_to_the_fixture_that_keeps_them():
    """The check after each test skips what a wider fixture keeps running (test_lab's
    JupyterLab), and only while it keeps it."""
    from helpers.tools.leaks import leftovers

    parent = subprocess.Popen(["sh", "-c", "sleep 60 & wait"])
    try:
        deadline = time.monotonic() + SOON  # (until the shell has started its child)
        while not psutil.Process(parent.pid).children() and time.monotonic() < deadline:
            time.sleep(0.01)
        mine = {p.pid for p in leftovers(os.getpid())}
        assert parent.pid in mine and len(mine) == 2
        with leakcheck.kept(parent.pid):
            assert leakcheck.not_kept(leftovers(os.getpid())) == []
        assert {p.pid for p in leakcheck.not_kept(leftovers(os.getpid()))} == mine
    finally:
        family = [psutil.Process(parent.pid), *psutil.Process(parent.pid).children()]
        leakcheck.kill([(proc, "the test's own") for proc in family])
        parent.wait(timeout=SOON)
