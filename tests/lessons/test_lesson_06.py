"""Lesson 06 (daemons): its targets, the script summary without races, the exercise check."""

import signal
from multiprocessing import Process

import pytest

from helpers import record
from helpers.lessons.l06_daemon import checks, daemons, targets
from helpers.recorder import START_METHODS
from helpers.view import Run
from tests.bounds import SOON, WHOLE_SCRIPT

DAEMON_MESSAGE = "AssertionError: daemonic processes are not allowed to have children"

SCRIPT_52 = f"""
import time  # missing in the article
from multiprocessing import Event, Process

def foo(printed, main_printed):
    print(123)
    printed.set()  # added: 123 is out
    main_printed.wait({SOON})  # added: the main code has printed its line
    time.sleep(1)
    print("end123")

def bar(printed):
    print(456)
    printed.set()  # added: 456 is out
    time.sleep(2)  # the article: 3
    print("end456")

if __name__ == '__main__':  # added
    foo_printed, bar_printed, main_printed = Event(), Event(), Event()  # added
    p1 = Process(target=foo, args=(foo_printed, main_printed))
    p2 = Process(target=bar, args=(bar_printed,))

    p1.daemon = True
    p1.start()
    foo_printed.wait({SOON})  # added: 123 comes first
    p2.start()
    bar_printed.wait({SOON})  # the article: time.sleep(0.1)
    print("main-------")  # 打印该行则主进程代码结束,则守护进程p1应该被终止
    main_printed.set()  # added
"""


# -- the targets -----------------------------------------------------------------------

def test_chat_process_as_a_daemon(method):
    with record(show=False) as run:
        p = targets.ChatProcess('哪吒', chat=0.1)
        p.daemon = True
        p.start()
        p.join()
    lane = run.children[0]
    assert lane.daemon and lane.exitcode == 0 and lane.target == "ChatProcess.run()"
    assert [x.text for x in lane.prints] == [f"pid {lane.pid} ChatProcess-1",
                                             "哪吒正在和女主播聊天"]


def test_a_daemon_may_not_start_a_child(method):
    with record(show=False) as run:
        p = Process(target=targets.start_a_child, daemon=True)
        p.start()
        p.join()
    [lane] = run.children  # no grandchild: it was never created
    assert lane.raised == DAEMON_MESSAGE and lane.exitcode == 1
    assert f"start() failed: {DAEMON_MESSAGE}" in run.summary()
    stderr = [x.text for x in lane.prints if x.stream == "stderr"]
    assert stderr[0] == "Process Process-1:" and stderr[-1] == DAEMON_MESSAGE
    assert any('helpers/lessons/l06_daemon/targets.py", line' in line for line in stderr)


def test_a_normal_process_may_start_a_child(method):
    with record(show=False) as run:
        p = Process(target=targets.start_a_child)
        p.start()
        p.join()
    child, grandchild = run.children
    assert child.exitcode == 0 and grandchild.parent == child.pid
    assert [x.text for x in grandchild.prints] == ["hello grandchild"]


def test_daemon_flag_is_refused_after_start():
    p = Process(target=targets.greet, args=('bob',))
    with record(show=False):
        p.start()
        with pytest.raises(AssertionError, match="process has already started"):
            p.daemon = True
        p.join()
    assert p.daemon is False


# -- the summary of a script's exit, on hand-written event logs --------------------------

MAIN, P1, P2 = 100, 201, 202


def script_events(daemon_joined: bool, p2_joined_first: bool) -> list[dict]:
    """What helpers.scripts records for the 5.2 script; the two races as parameters:
    the daemon is joined after its terminate (or already gone), the joins' order."""
    def ev(t, pid, kind, **fields):
        return {"t": t, "pid": pid, "kind": kind, **fields}

    events = [
        ev(0.0, MAIN, "record", method="fork", name="MainProcess"),
        ev(0.01, MAIN, "start", child=P1, name="Process-1", target="foo()", daemon=True,
           method="fork", by=None),
        ev(0.02, MAIN, "start", child=P2, name="Process-2", target="bar()", daemon=False,
           method="fork", by=None),
        ev(0.03, P1, "begin", name="Process-1", ppid=MAIN),
        ev(0.04, P1, "print", stream="stdout", text="123"),
        ev(0.04, P2, "begin", name="Process-2", ppid=MAIN),
        ev(0.24, P2, "print", stream="stdout", text="456"),
        ev(0.52, MAIN, "print", stream="stdout", text="main-------"),
        ev(0.53, MAIN, "code-end"),
        ev(0.54, MAIN, "terminate", child=P1, by="at exit"),
        ev(0.55, MAIN, "exit", child=P1),
        ev(1.44, P2, "print", stream="stdout", text="end456"),
        ev(1.45, P2, "end", raised=None),
        ev(1.46, MAIN, "exit", child=P2),
    ]
    joins = {P1: (0.56, 0.57), P2: (0.56, 1.46)}
    if p2_joined_first:
        joins[P1] = (1.47, 1.48)
    for child, (began, ended) in joins.items():
        if child == P1 and not daemon_joined:
            continue
        code = -signal.SIGTERM if child == P1 else 0
        events += [ev(began, MAIN, "join-begin", child=child, timeout=None, by="at exit"),
                   ev(ended, MAIN, "join-end", child=child, exitcode=code, by="at exit")]
    events += [ev(1.5, MAIN, "exitcode", child=P1, code=-signal.SIGTERM),
               ev(1.5, MAIN, "exitcode", child=P2, code=0),
               ev(1.51, MAIN, "code-end"), ev(1.52, MAIN, "record-end")]
    return events


EXPECTED_SUMMARY = """\
Timeline, start method fork: MainProcess and 2 children
  MainProcess  start Process-1 · start Process-2 · print 'main-------' · code ends
  Process-1    begin foo() · print '123' · exit code -15 (SIGTERM)
  Process-2    begin bar() · print '456' · print 'end456' · end · exit code 0
MainProcess started both children before it joined any.
When the main code ended:
  at exit: terminate Process-1 (a daemon)
  at exit: join Process-2 (not a daemon)"""


@pytest.mark.parametrize("daemon_joined", [True, False])
@pytest.mark.parametrize("p2_joined_first", [True, False])
def test_exit_summary_is_the_same_whichever_way_the_races_go(daemon_joined, p2_joined_first):
    run = daemons.ExitRun(script_events(daemon_joined, p2_joined_first))
    assert run.summary() == EXPECTED_SUMMARY
    plain = Run(script_events(daemon_joined, p2_joined_first)).summary()
    assert "at exit: terminate Process-1" in plain and "at exit: join Process-2" in plain


def test_exit_summary_when_no_child_was_running():
    events = [e for e in script_events(False, False)
              if e["kind"] not in ("terminate", "join-begin", "join-end")]
    for e in events:
        if e["kind"] == "exit":
            e["t"] = 0.3  # both children exited before the main code ended
    assert daemons.exit_summary(Run(events)).endswith(
        "\nWhen the main code ended, no child was running.")


def test_exit_summary_of_a_run_without_code_end_is_the_plain_summary():
    events = [e for e in script_events(True, False) if e["kind"] != "code-end"]
    assert daemons.exit_summary(Run(events)) == Run(events).summary()
    assert daemons.exit_summary(Run()) == "Timeline: nothing was recorded."


# -- the scripts, run for real ------------------------------------------------------------

@pytest.mark.parametrize("start_method", START_METHODS)
def test_script_52_the_daemon_is_terminated_the_other_joined(start_method):
    result = daemons.run_script(SCRIPT_52, start_method, timeout=WHOLE_SCRIPT)
    assert result.output == "123\n456\nmain-------\nend456\n" and result.returncode == 0
    assert isinstance(result.run, daemons.ExitRun)
    summary = result.run.summary()
    assert summary.endswith("When the main code ended:\n"
                            "  at exit: terminate Process-1 (a daemon)\n"
                            "  at exit: join Process-2 (not a daemon)")
    assert "MainProcess  start Process-1 · start Process-2 · print 'main-------' · code ends\n" \
        in summary


def test_script_52_without_the_daemon_flag_both_are_joined():
    result = daemons.run_script(SCRIPT_52.replace("p1.daemon = True", "p1.daemon = False"),
                                "fork", timeout=WHOLE_SCRIPT)
    assert result.output == "123\n456\nmain-------\nend123\nend456\n"
    assert result.run.summary().endswith("  at exit: join Process-1 (not a daemon)\n"
                                         "  at exit: join Process-2 (not a daemon)")


ABRUPT = f"""
import os
import time
from multiprocessing import Pipe, Process

def foo(conn):
    print(123)
    conn.send('printed')  # tell the parent
    time.sleep(1)
    print("end123")

if __name__ == '__main__':
    parent_end, child_end = Pipe()
    p1 = Process(target=foo, args=(child_end,), daemon=True)
    p1.start()
    parent_end.poll({SOON})  # until foo has printed 123 (a bound against a hang only)
    print("main-------")
    os._exit(0)  # end now, without running the exit handlers
"""


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_daemon_outlives_a_parent_that_skips_its_exit_handlers(start_method):
    result = daemons.run_script(ABRUPT, start_method, timeout=WHOLE_SCRIPT)
    assert result.output == "123\nmain-------\nend123\n" and result.returncode == 0
    daemon = result.run.children[0]
    assert daemon.exitcode is None and result.run.code_end is None
    assert "at exit" not in result.run.summary()


@pytest.mark.parametrize("start_method", START_METHODS)
def test_exercise_script_prints_a_end_and_b_end(start_method):
    assert daemons.exercise_end_lines(start_method) == {"a end", "b end"}


# -- the exercise's check ------------------------------------------------------------------

@pytest.fixture
def fake_run(monkeypatch):
    """The script's real outcome, without running it (each run takes ~2 s)."""
    monkeypatch.setattr(checks, "exercise_end_lines", lambda: {"a end", "b end"})


@pytest.mark.parametrize("answer", [None, "a end", 3, {"a": 1}, ["a end", 1]])
def test_check_rejects_malformed_answers(answer, fake_run):
    verdict = checks.check_daemon_lines(answer)
    assert not verdict and "like {'a end'}" in verdict.text


def test_check_rejects_unknown_lines(fake_run):
    verdict = checks.check_daemon_lines({"a end", "main end"})
    assert not verdict and "choose among" in verdict.text and "'main end'" in verdict.text


@pytest.mark.parametrize("answer, hints", [
    (set(), ["'a end'", "'b end'"]),
    ({"b end"}, ["'a end': a is a daemon, but the main code joins it"]),
    ({"a end"}, ["'b end': b is not a daemon"]),
    ({"a end", "b end", "c end"}, ["'c end': c is a daemon still running"]),
    (["c end"], ["'a end'", "'b end'", "'c end'"]),
])
def test_check_hints_at_each_wrong_line(answer, hints, fake_run):
    verdict = checks.check_daemon_lines(answer)
    assert not verdict
    for hint in hints:
        assert hint in verdict.text


@pytest.mark.parametrize("answer", [{"a end", "b end"}, ["b end", " a end "], ("a end", "b end"),
                                    frozenset({"a end", "b end"})])
def test_check_accepts_the_right_answer_in_any_collection(answer, fake_run):
    verdict = checks.check_daemon_lines(answer)
    assert verdict and verdict.text.startswith("Right: the script printed 'a end' and 'b end'.")


def test_check_never_raises_when_the_script_cannot_run(monkeypatch):
    def broken():
        raise RuntimeError("the script exited with status 1")
    monkeypatch.setattr(checks, "exercise_end_lines", broken)
    verdict = checks.check_daemon_lines({"a end", "b end"})
    assert not verdict and "could not run here (RuntimeError" in verdict.text


def test_check_runs_the_script_for_real():
    assert checks.check_daemon_lines({"a end", "b end"})
    assert not checks.check_daemon_lines({"a end", "b end", "c end"})


def test_the_exit_summary_keeps_what_a_thread_printed_after_the_main_code():
    from tests.tools.test_scripts import THREAD_KEEPS_DAEMON
    summary = daemons.run_script(THREAD_KEEPS_DAEMON).run.summary().splitlines()
    assert summary[1].endswith("print 'main: done' · code ends · print 'thread: done'")
    assert summary[-2:] == ["When the main code ended:",
                            "  at exit: terminate Process-1 (a daemon)"]
