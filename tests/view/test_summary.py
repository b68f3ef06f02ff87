"""Lanes and the text summary, from a hand-written event log (no processes run)."""

import pytest

from helpers.families.process import exit_text, quote
from helpers.view import Run
from helpers.view.summary import describe_run
from tests import synthetic


@pytest.fixture
def run():
    return Run(synthetic.events())


def test_lanes_in_start_order_recorder_first(run):
    assert [lane.name for lane in run.lanes] == ["MainProcess", "Process-1", "Process-2"]
    assert run.recorder == synthetic.PARENT and run.method == "spawn"


def test_lane_fields(run):
    child = run.lane("Process-1")
    assert (child.requested, child.began, child.ended, child.exited) == (10.1, 10.2, 11.2, 11.21)
    assert child.exitcode == 0 and child.parent == synthetic.PARENT
    other = run.lane("Process-2")
    assert other.ended is None and other.running == (10.31, 11.31) and other.exitcode == -15
    join = run.lanes[0].joins[0]
    assert (join.child, join.began, join.ended) == (synthetic.CHILD, 10.7, 11.22)


def test_max_concurrent(run):
    assert run.max_concurrent() == 2


def test_unknown_lane_names_the_known_ones(run):
    with pytest.raises(KeyError, match="MainProcess, Process-1, Process-2"):
        run.lane("Process-9")


def test_summary(run):
    assert describe_run(run) == (
        "Timeline, start method spawn: MainProcess and 2 children\n"
        "  MainProcess  start Process-1 · start Process-2 · print 'parent here' · "
        "join Process-1 · terminate Process-2\n"
        "  Process-1    begin f('bob') · print 'hello bob' · end · exit code 0\n"
        "  Process-2    begin g() [fork] · stderr: 1 line · exit code -15 (SIGTERM)\n"
        "MainProcess started both children before it joined any."
    )


def _joined_in_turn(pause_between: float):
    """MainProcess starts Process-1, joins it, then starts Process-2 ``pause_between``
    s after that join returned (negative: before it returned)."""
    from tests.synthetic import CHILD, OTHER, PARENT
    def ev(t, pid, kind, **fields):
        return {"t": t, "pid": pid, "kind": kind, **fields}
    start2 = 11.0 + pause_between
    return Run([
        ev(10.0, PARENT, "record", method="fork", name="MainProcess"),
        ev(10.1, PARENT, "start", child=CHILD, name="Process-1", target="f()", daemon=False),
        ev(10.2, PARENT, "join-begin", child=CHILD, timeout=None, by=None),
        ev(10.9, PARENT, "exit", child=CHILD),
        ev(11.0, PARENT, "join-end", child=CHILD, exitcode=0, by=None),
        ev(start2, PARENT, "start", child=OTHER, name="Process-2", target="f()", daemon=False),
        ev(start2 + 0.5, PARENT, "join-begin", child=OTHER, timeout=None, by=None),
        ev(start2 + 0.6, PARENT, "exit", child=OTHER),
        ev(start2 + 0.7, PARENT, "join-end", child=OTHER, exitcode=0, by=None),
    ])


def test_one_at_a_time_only_when_each_was_joined_before_the_next_started():
    assert describe_run(_joined_in_turn(0.1)).endswith(
        "The children ran one at a time: each was joined before the next was started.")
    overlapping = describe_run(_joined_in_turn(-0.5))  # Process-2 started during the join
    assert "one at a time" not in overlapping and "before it joined any" not in overlapping


def test_a_join_that_timed_out_does_not_make_them_one_at_a_time():
    run = _joined_in_turn(0.1)
    for e in run.events:
        if e["kind"] == "join-begin" and e["child"] == synthetic.CHILD:
            e["timeout"] = 0.2
        if e["kind"] == "join-end" and e["child"] == synthetic.CHILD:
            e["exitcode"] = None  # join(0.2) gave up: still running
        if e["kind"] == "exit" and e["child"] == synthetic.CHILD:
            e["t"] = 11.5
    run.load(run.events)
    assert "one at a time" not in describe_run(run)


def test_children_span(run):
    assert run.children_span() == pytest.approx(11.31 - 10.2)
    assert Run().children_span() == 0.0


def test_empty_run():
    assert describe_run(Run()) == "Timeline: nothing was recorded."


def test_join_that_timed_out():
    events = synthetic.events()
    events = [e for e in events if e["kind"] not in ("join-begin", "join-end")]
    events.append({"t": 10.7, "pid": synthetic.PARENT, "kind": "join-begin",
                   "child": synthetic.CHILD, "timeout": 0.2, "by": None})
    events.append({"t": 10.9, "pid": synthetic.PARENT, "kind": "join-end",
                   "child": synthetic.CHILD, "exitcode": None, "by": None})
    expected = "join Process-1 (gave up after 0.2 s, Process-1 still running)"
    assert expected in describe_run(Run(events))


def test_quote_cuts_long_text():
    assert quote("x" * 40) == repr("x" * 29 + "…")


@pytest.mark.parametrize("code, text", [(0, "exit code 0"), (-15, "exit code -15 (SIGTERM)"),
                                        (-9, "exit code -9 (SIGKILL)"), (None, "no exit code")])
def test_exit_text(code, text):
    assert exit_text(code) == text


def test_the_summary_is_the_same_however_late_a_sleep_wakes_up():
    """A 1 s sleep that woke up 0.2 s late (a busy machine) reads as the one on time."""
    def late(events, by):
        return [{**e, "t": e["t"] + by} if e["pid"] == synthetic.CHILD and e["kind"] == "end"
                else e for e in events]
    on_time = describe_run(Run(synthetic.events()))
    assert describe_run(Run(late(synthetic.events(), 0.2))) == on_time
    assert "end after" not in on_time

