"""The recorder, under every start method: what it records, relays and cleans up."""

import multiprocessing
import signal
import time
from multiprocessing import Process

import pytest

from helpers import began, record, recorder
from helpers.recorder import targets as target_words
from tests import targets
from tests.bounds import SOON


def test_records_every_step_of_a_child(method):
    with record(show=False) as run:
        p = Process(target=targets.say, args=("hello", 0.3))  # still running at join()
        p.start()
        p.join()
    parent, child = run.lanes
    assert parent.pid == run.recorder and child.pid == p.pid
    assert child.name == "Process-1" and child.target == "say('hello', 0.3)"
    assert child.method == method and run.method == method
    assert [x.text for x in child.prints] == ["hello"]
    assert child.requested < child.began < child.prints[0].t < child.ended <= child.exited
    assert child.exitcode == 0 and child.raised is None
    join = parent.joins[0]
    assert join.child == p.pid and join.by is None and join.began < child.ended < join.ended
    assert [a.kind for a in parent.actions] == ["start"]


def test_relays_child_output_once_and_in_order(method, capfd):
    with record(show=False):
        print("parent first")
        p = Process(target=targets.say, args=("child second", 0.2))
        p.start()
        p.join()
        print("parent third")
    out = capfd.readouterr().out  # fd level: a raw child write would show here too
    assert out == "parent first\nchild second\nparent third\n"


def test_relays_while_the_parent_waits(method, capsys):
    """A child's line reaches the cell while the parent is still blocked."""
    printed = multiprocessing.Event()
    with record(show=False):
        p = Process(target=targets.say_then_sleep, args=("early", 1.0, printed))
        p.start()
        assert printed.wait(SOON)
        time.sleep(0.2)  # a few relay intervals
        seen_before_join = capsys.readouterr().out
        p.join()
    assert seen_before_join == "early\n"


@pytest.mark.parametrize("stop, code", [("terminate", -signal.SIGTERM), ("kill", -signal.SIGKILL)])
def test_a_stopped_child_keeps_what_it_recorded(method, stop, code):
    printed = multiprocessing.Event()
    with record(show=False) as run:
        p = Process(target=targets.say_then_sleep, args=("before", 10, printed))
        p.start()
        assert printed.wait(SOON)
        getattr(p, stop)()
        p.join()
    child = run.children[0]
    assert [x.text for x in child.prints] == ["before"]
    assert child.ended is None and child.exited is not None
    assert child.exitcode == code
    assert [a.kind for a in run.lanes[0].actions] == ["start", stop]


def test_child_exception_is_recorded_and_shown(method, capsys):
    with record(show=False) as run:
        p = Process(target=targets.boom)
        p.start()
        p.join()
    child = run.children[0]
    assert child.raised == "ZeroDivisionError: division by zero" and child.exitcode == 1
    err = capsys.readouterr().err
    assert err.startswith("Process Process-1:\nTraceback (most recent call last):\n")
    assert err.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "helpers/families" not in err and "helpers/recorder" not in err  # no recorder frame
    frames = [line.split(", in ")[1] for line in err.splitlines() if line.startswith("  File ")]
    assert frames == ["_bootstrap", "run", "boom"]  # as Python prints it, from _bootstrap on


def test_sys_exit_code(method):
    with record(show=False) as run:
        p = Process(target=targets.exit_with, args=(3,))
        p.start()
        p.join()
    (child,) = run.children
    assert child.exitcode == 3 and child.sys_exit == "sys.exit(3)" and child.raised is None
    assert "sys.exit(3) · exit code 3" in run.summary()  # an exit, not an error (#28):
    from helpers.view.drawing import draw
    legend = [t.get_text() for legend in draw(run).legends for t in legend.get_texts()]
    assert "target raised" not in legend  # no red edge on its lane


def test_unjoined_child_is_waited_for_then_terminated(method):
    with record(show=False, wait=0.3) as run:
        Process(target=targets.say_then_sleep, args=("x", 10)).start()
    child = run.children[0]
    assert child.exitcode == -signal.SIGTERM
    kinds = [(a.kind, a.by) for a in run.lanes[0].actions]
    assert kinds == [("start", None), ("terminate", recorder.CLEANUP_BY)]
    assert run.lanes[0].joins[0].by == recorder.CLEANUP_BY


def test_an_error_in_the_block_stops_children_at_once(method):
    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt), record(show=False) as run:
        Process(target=targets.say_then_sleep, args=("x", 10)).start()
        raise KeyboardInterrupt
    assert time.monotonic() - t0 < 5
    assert run.children[0].exitcode == -signal.SIGTERM


def test_grandchildren_are_recorded(method):
    with record(show=False) as run:
        p = Process(target=targets.start_grandchild)
        p.start()
        p.join()
    names = [lane.name for lane in run.lanes]
    assert names == ["MainProcess", "Process-1", "Process-1:1"]
    grandchild = run.lane("Process-1:1")
    assert grandchild.parent == p.pid and grandchild.exitcode == 0
    assert [x.text for x in grandchild.prints] == ["grandchild"]


def test_subclass_and_names_restart_each_run(method):
    for _ in range(2):
        with record(show=False) as run:
            p = targets.Greeter("ann")
            p.start()
            p.join()
        assert run.children[0].name == "Greeter-1"
        assert run.children[0].target == "Greeter.run()"
        assert [x.text for x in run.children[0].prints] == ["hi ann"]


def test_failed_start_is_recorded():
    with record(show=False) as run:
        p = Process(target=targets.say, args=("x",))
        p.start()
        p.join()
        with pytest.raises(AssertionError, match="cannot start a process twice"):
            p.start()
    [(t, error)] = run.lanes[0].failed_starts
    assert error == "AssertionError: cannot start a process twice"
    assert run.children[0].exited < t < run.t1


OS_EXIT = """
import os, sys
import helpers
from helpers.recorder import recording
with recording(folder=sys.argv[1]):
    os._exit(3)
"""


def test_os_exit_in_the_recording_process_is_recorded(tmp_path):
    import subprocess
    import sys

    from helpers.recorder.events import read_events
    from helpers.tools.runner import python_env

    done = subprocess.run([sys.executable, "-c", OS_EXIT, str(tmp_path)], env=python_env(True),
                          capture_output=True, timeout=SOON)
    assert done.returncode == 3, done.stderr
    events = read_events(str(tmp_path))
    assert [(e["kind"], e.get("code")) for e in events] == [("record", None), ("os-exit", 3)]


def test_a_childs_own_os_exit_is_not_an_event(method):
    with record(show=False) as run:  # a fork child ends with os._exit: its parent notes it
        p = Process(target=targets.say, args=("hi",))
        p.start()
        p.join()
    assert "os-exit" not in [e["kind"] for e in run.events] and run.children[0].exitcode == 0


def test_nested_record_is_refused():
    with record(show=False), pytest.raises(RuntimeError, match="already active"):
        with record(show=False):
            pass


def test_wait_must_be_a_duration():
    with pytest.raises(ValueError, match="wait"):
        with record(wait=-1):
            pass


def test_outside_a_recording_nothing_changes(method, capfd):
    p = Process(target=targets.say, args=("plain",))
    p.start()
    p.join()
    assert p.exitcode == 0
    assert "_workbook_sink" not in p.__dict__


def test_setup_reads_the_environment(monkeypatch, capsys):
    old = multiprocessing.get_start_method(allow_none=True)
    try:
        monkeypatch.setenv(recorder.ENV_VAR, "spawn")
        assert recorder.setup() == "spawn"
        assert multiprocessing.get_start_method() == "spawn"
        assert capsys.readouterr().out == f"Start method: spawn (from {recorder.ENV_VAR})\n"
        monkeypatch.setenv(recorder.ENV_VAR, "thread")
        with pytest.raises(ValueError, match="'thread' is not a start method"):
            recorder.setup()
        monkeypatch.delenv(recorder.ENV_VAR)
        assert recorder.setup() == multiprocessing.get_all_start_methods()[0]
    finally:
        multiprocessing.set_start_method(old, force=True)


def test_setup_says_which_methods_a_platform_lacks(monkeypatch, capsys):
    old = multiprocessing.get_start_method(allow_none=True)
    try:
        monkeypatch.setenv(recorder.ENV_VAR, "spawn")
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
        recorder.setup()  # as on Windows
        assert capsys.readouterr().out.splitlines()[1] == (
            "This platform has no 'fork' and 'forkserver': a cell that asks for one by name "
            "stops with ValueError: cannot find context for 'fork'.")
    finally:
        multiprocessing.set_start_method(old, force=True)


def test_only_an_explicit_context_is_tagged_in_the_summary(method):
    with record(show=False) as run:
        for p in (Process(target=targets.say, args=("default",)),
                  multiprocessing.get_context("spawn").Process(target=targets.say, args=("x",))):
            p.start()
            p.join()
    default, explicit = run.children
    assert (default.explicit, default.method) == (False, method)
    assert (explicit.explicit, explicit.method) == (True, "spawn")
    lines = run.summary().splitlines()
    assert lines[2].endswith(
        "begin say('default') · print 'default' · end · exit code 0"
    )
    assert "begin say('x') [spawn]" in lines[3]


def test_target_arguments_show_without_addresses_and_short(method):
    event = multiprocessing.Event()
    with record(show=False) as run:
        p = Process(target=targets.say_then_sleep, args=("x" * 100, 0.0), kwargs={"printed": event})
        p.start()
        p.join()
    target = run.children[0].target
    assert " at 0x" not in target and "printed=<Event>" in target  # its class: not its state
    text = target.split(", ")[0].removeprefix("say_then_sleep(")
    assert text.startswith("'xxx") and text.endswith("…xx'")
    assert len(text) == target_words.LONGEST_ARGUMENT


def test_a_float_argument_shows_as_a_person_writes_it():
    """A slider's 0.1 + 0.2 is 0.3 in a summary (lesson 02's widget), and a float stays
    a float."""
    assert target_words.describe_call(targets.say_then_sleep, ("bob", 0.1 + 0.2)) == (
        "say_then_sleep('bob', 0.3)")
    assert target_words.describe_call(abs, (2.0, -3.0, 1e-07, 1 / 3)) == (
        "abs(2.0, -3.0, 1e-07, 0.333333333333)")


# -- began(): wait for a child's target instead of sleeping ---------------------------------

def test_began_returns_once_the_target_has_begun(method):
    with record(show=False) as run:
        p = Process(target=targets.say, args=("late", 0.5))
        p.start()
        assert began(p, timeout=SOON) is True
        began_seen = time.perf_counter()
        p.join()
    assert run.children[0].began <= began_seen  # perf_counter is the recorder's clock


def test_began_is_false_for_a_child_that_never_begins(monkeypatch):
    def added_here():  # exists in this process's tests.targets, not in a spawned child's
        pass
    added_here.__module__, added_here.__qualname__ = targets.__name__, "added_here"
    monkeypatch.setattr(targets, "added_here", added_here, raising=False)
    ctx = multiprocessing.get_context("spawn")
    with record(show=False):
        p = ctx.Process(target=targets.added_here)
        p.start()
        assert began(p, timeout=SOON) is False
        p.join()
    assert p.exitcode == 1


def test_began_wants_a_process_of_the_active_recording():
    p = Process(target=targets.say, args=("x",))
    with pytest.raises(RuntimeError, match="started inside this process's record"):
        began(p)
    with record(show=False):
        with pytest.raises(TypeError, match="timeout"):
            began(p, timeout="soon")
