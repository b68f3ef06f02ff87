"""Lesson 03 (pid and ppid): its targets, the process tree, the race helpers, the check."""

import multiprocessing
import os

import pytest

from helpers import record
from helpers.lessons.l03_pid_ppid import checks, races, targets
from helpers.recorder import START_METHODS
from helpers.tools import tree
from helpers.view import Run
from tests import synthetic
from tests.bounds import SOON

FORK_SERVER = "python -B -c from multiprocessing.forkserver import main; main(5, 6)"
TRACKER = "python -B -c from multiprocessing.resource_tracker import main;main(7)"


# -- targets ----------------------------------------------------------------------------

def test_print_ids_prints_both_pids_and_returns_the_square(capsys):
    assert targets.print_ids(3) == 9
    assert capsys.readouterr().out == f"子进程 pid: {os.getpid()} 父进程 ppid: {os.getppid()}\n"


@pytest.mark.parametrize("ctx_method, agree", [("fork", True), ("spawn", True),
                                               ("forkserver", False)])
def test_print_parents_in_a_child(ctx_method, agree, capsys):
    ctx = multiprocessing.get_context(ctx_method)
    with record(show=False):
        p = ctx.Process(target=targets.print_parents)
        p.start()
        p.join()
    assert capsys.readouterr().out == (f"{p.name}: parent_process() is MainProcess · "
                                       f"os.getppid() == parent_process().pid: {agree}\n")


def test_hello_then_sleep(capsys):
    targets.hello_then_sleep("bob", pause=0)
    assert capsys.readouterr().out == "hello bob\n"


def test_family_member_starts_its_kids_with_its_own_start_method(method):
    ctx = multiprocessing.get_context("spawn" if method == "fork" else "fork")
    with record(show=False) as run:
        p = ctx.Process(target=targets.family_member, args=(None, 2))
        p.start()
        p.join()
    kids = [lane for lane in run.children if lane.parent == p.pid]
    assert sorted(k.name for k in kids) == ["Process-1:1", "Process-1:2"]
    assert {k.method for k in kids} == {ctx.get_start_method()}
    assert all(lane.exitcode == 0 for lane in run.children)


# -- tree: names and rendering on made-up data ---------------------------------------------

@pytest.fixture
def run():
    return Run(synthetic.events())  # MainProcess 100 starts Process-1 201 and Process-2 202


@pytest.mark.parametrize("pid, command, name", [
    (synthetic.PARENT, None, "MainProcess"),
    (synthetic.CHILD, None, "Process-1"),
    (300, FORK_SERVER, "fork server"),
    (301, TRACKER, "resource tracker"),
    (302, "bash", "a process outside the run"),
    (None, None, "nobody (not recorded)"),
])
def test_role(run, pid, command, name):
    assert tree.role(pid, run, command) == name


def test_role_asks_a_live_process_for_its_command(run):
    assert tree.role(os.getpid(), run) == "a process outside the run"


def test_render_puts_the_fork_server_between_and_says_who_started(run):
    snap = tree.Snapshot(
        root=synthetic.PARENT,
        parents={synthetic.PARENT: 1, 300: synthetic.PARENT, synthetic.CHILD: 300,
                 synthetic.OTHER: synthetic.PARENT, 301: synthetic.PARENT, 302: synthetic.OTHER},
        commands={300: FORK_SERVER, 301: TRACKER, 302: "bash"})
    assert tree.render(snap, run) == (
        "MainProcess\n"
        "├── Process-2\n"
        "└── fork server\n"
        "    └── Process-1  (started by MainProcess)")


def test_render_lists_the_run_processes_that_were_gone(run):
    snap = tree.Snapshot(root=synthetic.PARENT,
                         parents={synthetic.PARENT: 1, synthetic.CHILD: synthetic.PARENT},
                         commands={})
    assert tree.render(snap, run) == (
        "MainProcess\n"
        "└── Process-1\n"
        "not running at the snapshot: Process-2")


# -- tree: real processes --------------------------------------------------------------------

def family_tree(ctx_method, kids=0):
    """A child with ``kids`` of its own and a second child, snapshot taken while all live."""
    ctx = multiprocessing.get_context(ctx_method)
    everybody_alive, done = ctx.Barrier(3 + kids), ctx.Event()
    with record(show=False) as run:
        first = ctx.Process(target=targets.family_member, args=(done, kids, everybody_alive))
        second = ctx.Process(target=targets.family_member, args=(done, 0, everybody_alive))
        first.start()
        second.start()
        everybody_alive.wait(timeout=SOON)
        snap = tree.snapshot()
        done.set()
        first.join()
        second.join()
    return tree.render(snap, run)


@pytest.mark.parametrize("ctx_method, prefix", [("fork", "Fork"), ("spawn", "Spawn")])
def test_tree_fork_and_spawn_children_hang_from_their_starter(ctx_method, prefix):
    assert family_tree(ctx_method, kids=1) == (
        "MainProcess\n"
        f"├── {prefix}Process-1\n"
        "│   └── Process-1:1\n"
        f"└── {prefix}Process-2")


def test_tree_forkserver_children_hang_from_a_fork_server():
    assert family_tree("forkserver", kids=1) == (
        "MainProcess\n"
        "└── fork server\n"
        "    ├── ForkServerProcess-1  (started by MainProcess)\n"
        "    │   └── fork server\n"
        "    │       └── Process-1:1  (started by ForkServerProcess-1)\n"
        "    └── ForkServerProcess-2  (started by MainProcess)")


def test_snapshot_of_this_process():
    snap = tree.snapshot()
    assert snap.root == os.getpid() and snap.parents[os.getpid()] == os.getppid()
    assert all(pid == snap.root or ppid in snap.parents for pid, ppid in snap.parents.items())


# -- races -------------------------------------------------------------------------------------

def race_run():
    """Three children started in order 1, 2, 3 whose first lines came out 2, 3, 1."""
    def ev(t, pid, kind, **fields):
        return {"t": t, "pid": pid, "kind": kind, **fields}

    events = [ev(0.0, 100, "record", method="fork", name="MainProcess")]
    for i, (pid, printed) in enumerate([(201, 0.9), (202, 0.5), (203, 0.6)]):
        name = f"Process-{i + 1}"
        events += [ev(0.1 * (i + 1), 100, "start", child=pid, name=name, target="greet()",
                      daemon=False),
                   ev(printed - 0.05, pid, "begin", name=name, ppid=100),
                   ev(printed, pid, "print", stream="stdout", text=f"hello bob {i}"),
                   ev(printed + 0.01, pid, "print", stream="stderr", text="a warning")]
    events.append(ev(0.95, 202, "print", stream="stdout", text="again"))
    return Run(events)


def test_start_and_print_order():
    run = race_run()
    assert races.start_order(run) == ["Process-1", "Process-2", "Process-3"]
    assert races.print_order(run) == ["Process-2", "Process-3", "Process-1"]


def test_printed_lines_are_sorted_stdout_only():
    assert races.printed_lines(race_run()) == ["again", "hello bob 0", "hello bob 1",
                                               "hello bob 2"]


def test_show_timelines_checks_its_arguments():
    with pytest.raises(TypeError, match="Run objects"):
        races.show_timelines(["not a run"])
    with pytest.raises(TypeError, match="Run objects"):
        races.show_timelines([])
    with pytest.raises(ValueError, match="one title per run"):
        races.show_timelines([race_run()], ["a", "b"])
    races.show_timelines([race_run(), race_run()])  # outside IPython: shows nothing, no error


# -- the exercise's check ------------------------------------------------------------------

RIGHT = {"fork": True, "spawn": True, "forkserver": False}


@pytest.mark.parametrize("ctx_method", START_METHODS)
def test_grandchild_ppid_is_starter(ctx_method):
    assert checks.grandchild_ppid_is_starter(ctx_method) is RIGHT[ctx_method]


def test_check_right_answer():
    verdict = checks.check_grandchild_ppid(dict(RIGHT))
    assert verdict and repr(verdict).startswith("Right: fork and spawn: the child creates")


@pytest.mark.parametrize("answer, hint", [
    (None, "answer with a dict"),
    ([True, True, False], "answer with a dict"),
    ({}, "exactly the keys"),
    ({"fork": True, "spawn": True}, "exactly the keys"),
    ({**RIGHT, "thread": True}, "exactly the keys"),
    ({"fork": None, "spawn": None, "forkserver": None}, "True or False for fork, spawn"),
    ({**RIGHT, "forkserver": "False"}, "True or False for forkserver"),
    ({**RIGHT, "spawn": 1}, "True or False for spawn"),
    ({"fork": True, "spawn": True, "forkserver": True}, "forkserver: under forkserver, no process"),
    ({"fork": False, "spawn": True, "forkserver": False}, "fork: under fork, the process"),
    ({"fork": True, "spawn": False, "forkserver": True}, "spawn: under spawn"),
])
def test_check_wrong_answers_get_a_hint(answer, hint):
    verdict = checks.check_grandchild_ppid(answer)
    assert not verdict
    assert repr(verdict).startswith("Not yet: ") and hint in repr(verdict)
