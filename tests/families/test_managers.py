"""The managers family: each call through a Manager's proxy, in the parent or a child and
under every start method, is a round trip to the server's lane -- its method named, what
it raised said -- and a server started outside the recording is still said."""

from multiprocessing import Manager, Process
from multiprocessing.managers import SyncManager

import pytest

from helpers import record
from helpers.families import managers
from helpers.families.base import repeats
from helpers.lessons.l13_shared_state import targets
from tests.bounds import SOON
from tests.processes import start_and_join


def items(run, name):
    """The managers family's items of the lane called ``name``, in order."""
    return [text for _, text in repeats(managers.MANAGERS.lane_items(run, run.lane(name)),
                                        (1, 2, 3))]


def test_a_childs_calls_and_the_parents_are_named_by_server_and_method(method):
    with record(show=False) as run:
        with SyncManager(shutdown_timeout=SOON) as manager:
            d, names, ns = manager.dict(), manager.list(), manager.Namespace()
            start_and_join([Process(target=targets.note_in, args=(d, names, ns, "ab"),
                                    name="ab")])
            assert d["ab"] == 2
    assert items(run, "ab") == ["SyncManager-1.__setitem__()", "SyncManager-1.append()",
                                "SyncManager-1.__setattr__()"]
    assert items(run, "MainProcess") == ["SyncManager-1.__getitem__()"]
    assert "SyncManager-1: 4 calls through proxies, from 2 processes" in run.summary()


def test_a_loop_of_calls_is_counted_and_iterating_a_list_ends_at_the_servers_index_error():
    with record(show=False) as run:
        with Manager() as manager:
            names = manager.list(["a", "b"])
            for _ in range(5):
                names.append("c")
            assert sorted(names) == ["a", "b", "c", "c", "c", "c", "c"]
    server = run.lanes[1].name
    assert items(run, "MainProcess") == [
        f"{server}.append() ×5", f"{server}.__len__()", f"{server}.__getitem__() ×7",
        f"{server}.__getitem__() → IndexError"]


def test_a_call_that_raises_in_the_server_says_what_it_raised():
    with record(show=False) as run:
        with SyncManager(shutdown_timeout=SOON) as manager:
            d = manager.dict()
            with pytest.raises(KeyError):
                d["missing"]
    assert items(run, "MainProcess") == ["SyncManager-1.__getitem__() → KeyError"]


def test_a_server_started_before_the_recording_is_still_said():
    with SyncManager(shutdown_timeout=SOON) as manager:
        d = manager.dict()
        with record(show=False) as run:
            d["x"] = 1
    assert items(run, "MainProcess") == ["a Manager's server.__setitem__()"]


def test_each_call_is_drawn_as_a_line_to_the_servers_lane():
    with record(show=False) as run:
        with SyncManager(shutdown_timeout=SOON) as manager:
            d, fruits = manager.dict(), manager.dict(fruits=[])  # (a proxy kept: its object too)
            start_and_join([Process(target=targets.append_by_reassigning,
                                    args=(fruits, "fruits", "x"))])
            d["n"] = 1
    color = managers.MANAGERS.styles["call"].color
    lines = [line for ax in run.figure().axes for line in ax.lines
             if line.get_color() == color and len(line.get_xdata()) == 2
             and line.get_linestyle() == "-"]
    assert len(lines) == 3  # the child's two calls, the parent's one
    server_row = {round(line.get_ydata()[1], 3) for line in lines}
    assert len(server_row) == 1  # all to one lane: the server's
