"""Interrupting the kernel (the ■ button), or a cell that raises, leaves no process behind.

A real kernel per start method runs cells the way the lessons do; while a cell waits
-- in ``join()``, in a running echo server, in a script run -- the kernel is
interrupted as JupyterLab does it (``interrupt_kernel()``: SIGINT to the kernel's
process group, which the kernel's children share).  Then the kernel and everything
that came from it is checked: no child left running, no zombie, nothing re-parented
away (tests/leakcheck.py).  Children that ignore SIGINT are used where the clean-up
of ``record()`` or ``EchoServer`` is what must stop them.
"""

from __future__ import annotations

import os

import pytest

from helpers.recorder import START_METHODS
from helpers.tools.leaks import describe, leftovers, shm_segments
from tests.kernels import Kernel, cell_with
from tests.shmcheck import family, unlink_blocks_left


@pytest.fixture(scope="module", params=START_METHODS)
def kernel(request):
    k = Kernel(request.param)
    yield k
    assert k.stop() == "", "processes outlived the kernel"


@pytest.fixture(autouse=True)
def no_leftover_processes(request):
    """Replaces tests/conftest.py's check, which would count the kernel itself: the
    tests check what is below the kernel, and nothing else may be below pytest."""
    yield
    kernel = request.getfixturevalue("kernel")
    others = [p for p in leftovers(os.getpid()) if not kernel.below_the_kernel(p)]
    assert not others, "processes left behind:\n" + describe(others)


def check_interrupted(kernel, reply):
    assert reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt", reply
    left = kernel.left_behind()
    assert left == "", f"left behind after the interrupt:\n{left}"
    after = kernel.run("print('the kernel still works')")  # and it runs the next cell
    assert after["status"] == "ok", after


def test_interrupt_in_a_recorded_join(kernel):
    reply = kernel.interrupt("""
with record(show=False) as run:
    p = Process(target=targets.ignore_sigint_and_sleep, args=(30,))
    p.start()
    p.join()
""")
    check_interrupted(kernel, reply)
    summary = kernel.run("assert 'record(): terminate Process-1' in run.summary(), run.summary()")
    assert summary["status"] == "ok", summary


def test_interrupt_in_a_recorded_join_of_several_children(kernel):
    reply = kernel.interrupt("""
with record(show=False):
    ps = [Process(target=time.sleep, args=(30,)) for _ in range(2)]
    ps.append(Process(target=targets.ignore_sigint_and_sleep, args=(30,)))
    for p in ps:
        p.start()
    for p in ps:
        p.join()
""", waiting=3)
    check_interrupted(kernel, reply)


def test_interrupt_in_a_plain_join(kernel):
    """No record(): the interrupt itself reaches the child (same process group)."""
    reply = kernel.interrupt("""
p = Process(target=time.sleep, args=(30,))
p.start()
p.join()
""")
    check_interrupted(kernel, reply)


def test_interrupt_while_the_echo_server_runs(kernel):
    """The SIGINT reaches the server and its handlers too: they ignore it, and the
    EchoServer block stops them as lesson 07 shows (handlers terminated, server exit 0)."""
    reply = kernel.interrupt("""
with record(show=False) as run, EchoServer() as server:
    clients = [socket.create_connection(server.address) for _ in range(2)]
    time.sleep(30)
""", waiting=3)
    check_interrupted(kernel, reply)
    kernel.run("for c in clients: c.close()")
    told = kernel.run("""
from helpers.lessons.l07_socket_server.server_runs import describe_server_run
told = describe_server_run(run)
assert 'terminated 2' in told and told.count('exit code -15 (SIGTERM)') == 2, told
assert 'KeyboardInterrupt' not in told and 'exit code 1' not in told, told
""")
    assert told["status"] == "ok", told


def test_interrupt_while_an_unrecorded_echo_server_runs(kernel):
    reply = kernel.interrupt("""
with EchoServer() as server:
    client = socket.create_connection(server.address)
    time.sleep(30)
""", waiting=2)
    check_interrupted(kernel, reply)
    kernel.run("client.close()")


def test_interrupt_while_a_script_runs(kernel):
    reply = kernel.interrupt("""
run_script('''
import time
from multiprocessing import Process
if __name__ == '__main__':
    p = Process(target=time.sleep, args=(30,))
    p.start()
    p.join()
''')
""", waiting=2)
    check_interrupted(kernel, reply)


def test_a_cell_that_raises_while_its_children_run(kernel):
    reply = kernel.run("""
with record(show=False) as run:
    p = Process(target=targets.ignore_sigint_and_sleep, args=(30,))
    p.start()
    time.sleep(0.3)
    raise ValueError('the cell fails')
""")
    assert reply["status"] == "error" and reply["ename"] == "ValueError", reply
    left = kernel.left_behind()
    assert left == "", f"left behind after the error:\n{left}"


# -- lesson 13: a cell that makes a shared memory block unlinks it, interrupted too ---------

def run_lesson_13_cell(kernel, line: str, child: str, stand_in: str, waiting: int = 1) -> dict:
    """Interrupt lesson 13's cell that contains ``line``, as stored, but with its child's
    ``child`` (target and arguments) replaced by ``stand_in``, which waits 30 s; return
    the reply, once the blocks in /dev/shm are checked: the cell's own were unlinked."""
    setup = kernel.run(cell_with("13_shared_state", "method = setup()"))
    assert setup["status"] == "ok", setup
    cell = cell_with("13_shared_state", line)
    assert child in cell, f"the cell no longer has {child!r}"
    before = shm_segments()
    reply = kernel.interrupt(cell.replace(child, stand_in), waiting=waiting)
    check_interrupted(kernel, reply)
    left = unlink_blocks_left(before, family(kernel.pid), grace=2)
    assert not left, f"the interrupted cell left shared memory blocks: {sorted(left)}"
    return reply


def test_an_interrupted_numpy_cell_unlinks_its_block_and_drops_its_view(kernel):
    run_lesson_13_cell(kernel, "np.ndarray((5,), dtype=np.int64, buffer=shm.buf)",
                       "target=targets.double_in_place, args=(shm.name, 5)",
                       "target=time.sleep, args=(30,)")
    dropped = kernel.run("assert numbers is None, 'a view of unmapped memory is left'")
    assert dropped["status"] == "ok", dropped


def test_an_interrupted_shareable_list_cell_unlinks_its_block(kernel):
    run_lesson_13_cell(kernel, "shared_memory.ShareableList([0, 'abc', 2.5])",
                       "target=targets.set_first, args=(items.shm.name, 42)",
                       "target=time.sleep, args=(30,)")


def test_an_interrupted_script_that_made_a_block_leaves_none(kernel):
    """The script and its resource tracker are killed before they clean up: the cell's
    check unlinks the block by the name it gave the script."""
    run_lesson_13_cell(kernel, "shm.close()  # closed, but never unlinked",
                       "shm.close()  # closed, but never unlinked",
                       "import time; time.sleep(30)")
