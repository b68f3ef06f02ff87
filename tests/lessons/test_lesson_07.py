"""Lesson 07 (socket server): the stable summary of a server run, the client runner,
and the exercise checks."""

import functools
import socket
import threading
import time

import pytest

from helpers import record
from helpers.lessons.l07_socket_server import checks, server_runs
from helpers.tools.echo_server import EchoServer, echo
from helpers.view import Run
from tests.bounds import SOON

MAIN, SERVER, H1, H2, H3 = 100, 200, 301, 302, 303
TALK = "talk(<socket.socket fd=7, laddr=('127.0.0.1', 4000)>, ('127.0.0.1', 5000))"


def ev(t, pid, kind, **fields):
    return {"t": t, "pid": pid, "kind": kind, **fields}


def start(t, parent, child, name, target):
    return ev(t, parent, "start", child=child, name=name, target=target, daemon=False,
              method="fork", by=None)


def joined(t, parent, child, code):
    return [ev(t, parent, "join-begin", child=child, timeout=None, by=None),
            ev(t + 0.01, parent, "join-end", child=child, exitcode=code, by=None)]


def server_run(*handler_events, handlers=(H1, H2)):
    """A recorded run: the notebook starts a server, which starts ``handlers``."""
    events = [ev(0.0, MAIN, "record", method="spawn", name="MainProcess"),
              start(0.1, MAIN, SERVER, "Process-1", "serve('127.0.0.1', 0, <c>, <f>)"),
              ev(0.2, SERVER, "begin", name="Process-1", ppid=MAIN)]
    for i, pid in enumerate(handlers, 1):
        events.append(start(0.2 + i / 10, SERVER, pid, f"Process-1:{i}", TALK))
    events += [*handler_events, ev(2.8, SERVER, "end", raised=None),
               *joined(2.9, MAIN, SERVER, 0), ev(3.0, MAIN, "record-end")]
    return Run(events)


def talked(pid, i, began, ended, code=0):
    """Handler ``pid`` (the i-th) ran from ``began`` to ``ended`` and was joined."""
    return [ev(began, pid, "begin", name=f"Process-1:{i}", ppid=SERVER),
            ev(ended, pid, "end", raised=None), *joined(ended + 0.05, SERVER, pid, code)]


# -- the summary ----------------------------------------------------------------------------

def test_overlapping_handlers_are_counted_not_ordered():
    run = server_run(*talked(H2, 2, 0.45, 1.0), *talked(H1, 1, 0.5, 2.0))
    assert server_runs.describe_server_run(run).splitlines() == [
        "Server run, start method spawn: the server and 2 handlers (one per connection)",
        "  MainProcess  started 1 · joined all",
        "  Process-1    serve() · started 2 · joined all · ended by itself · exit code 0",
        "  Process-1:1  talk(conn, addr) · ended by itself · exit code 0",
        "  Process-1:2  talk(conn, addr) · ended by itself · exit code 0",
        "At most 2 handlers ran at the same time.",
    ]
    assert [lane.name for lane in server_runs.handler_lanes(run)] == ["Process-1:1",
                                                                     "Process-1:2"]


def test_handlers_one_after_the_other():
    run = server_run(*talked(H1, 1, 0.4, 1.0), *talked(H2, 2, 1.0, 1.5))
    assert server_runs.max_handlers_at_once(run) == 1
    assert server_runs.describe_server_run(run).endswith("The handlers ran one at a time.")


def test_terminated_failed_and_unstarted_handlers():
    run = server_run(
        ev(0.4, H1, "begin", name="Process-1:1", ppid=SERVER),
        ev(0.5, H1, "end", raised="ValueError: bad"), *joined(0.6, SERVER, H1, 1),
        ev(0.5, H2, "begin", name="Process-1:2", ppid=SERVER),
        ev(2.0, SERVER, "terminate", child=H2, by=None), *joined(2.1, SERVER, H2, -15),
        ev(2.2, SERVER, "terminate", child=H3, by=None), *joined(2.3, SERVER, H3, -15),
        handlers=(H1, H2, H3))
    lines = server_runs.describe_server_run(run).splitlines()
    assert lines[2] == ("  Process-1    serve() · started 3 · joined all · terminated 2 · "
                        "ended by itself · exit code 0")
    assert lines[3:6] == [
        "  Process-1:1  talk(conn, addr) · raised ValueError: bad · exit code 1",
        "  Process-1:2  talk(conn, addr) · terminated by Process-1 · exit code -15 (SIGTERM)",
        "  Process-1:3  talk(conn, addr) · never began · exit code -15 (SIGTERM)",
    ]


def test_a_handler_not_joined_and_one_gone_unseen():
    run = server_run(ev(0.4, H1, "begin", name="Process-1:1", ppid=SERVER),
                     ev(0.5, H2, "begin", name="Process-1:2", ppid=SERVER),
                     ev(0.9, H2, "end", raised=None))
    lines = server_runs.describe_server_run(run).splitlines()
    assert "started 2 · joined 0" in lines[2]
    assert lines[3] == ("  Process-1:1  talk(conn, addr) · stopped before its target returned"
                        " · no exit code")


def test_without_a_server_the_recorders_children_are_the_handlers():
    run = Run([ev(0.0, MAIN, "record", method="fork", name="MainProcess"),
               start(0.1, MAIN, H1, "Process-1", TALK), *joined(0.3, MAIN, H1, 1),
               ev(0.4, MAIN, "record-end")])
    assert server_runs.describe_server_run(run).splitlines() == [
        "Server run, start method fork: 1 handler (one per connection)",
        "  MainProcess  started 1 · joined all",
        "  Process-1    talk(conn, addr) · never began · exit code 1",
    ]


def first_handler_ended(timeout: float = SOON) -> None:
    """Wait until the recording has the ``end`` of a child's target: the first
    connection's handler, the only one so far."""
    from helpers.recorder import active
    from helpers.recorder.events import read_events
    folder, deadline = active().sink.folder, time.monotonic() + timeout
    while not any(e["kind"] == "end" for e in read_events(folder)):
        assert time.monotonic() < deadline, "the first handler did not end"
        time.sleep(0.01)


def test_a_real_server_run_is_summarised_the_same_on_every_start_method(method, capsys):
    def client(name, address):  # one connection, two lines 0.5 s apart: the clients overlap
        with socket.create_connection(address) as c, c.makefile("rb") as lines:
            for text in (f"hi {name}", f"bye {name}"):
                c.sendall(text.encode() + b"\n")
                assert lines.readline() == text.upper().encode() + b"\n"
                time.sleep(0.5)

    with record(show=False) as run, EchoServer() as server:
        with socket.create_connection(server.address) as c, c.makefile("rb") as lines:
            c.sendall(b"hello\n")
            assert lines.readline() == b"HELLO\n"
        first_handler_ended()  # else, on a busy machine, it may still run beside the next two
        threads = [threading.Thread(target=client, args=(n, server.address)) for n in "ab"]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        time.sleep(0.5)
    server_runs.show_server_run(run)  # no IPython here: the summary only
    out = capsys.readouterr().out
    assert out.splitlines()[1:3] == [
        "  MainProcess  started 1 · joined all",
        "  Process-1    serve() · started 3 · joined all · ended by itself · exit code 0",
    ]
    assert out.count("talk(conn, addr) · ended by itself · exit code 0") == 3
    assert out.rstrip().endswith("At most 2 handlers ran at the same time.")
    assert "socket" not in out and "pid" not in out


# -- the client runner and the exercise session ---------------------------------------------

def test_run_client_outcomes():
    (kind, value), run = server_runs.run_client(lambda address: echo(address, "x"))
    assert (kind, value) == ("returned", [b"X"]) and len(server_runs.handler_lanes(run)) == 1
    (kind, value), _ = server_runs.run_client(lambda address: 1 / 0)
    assert kind == "raised" and isinstance(value, ZeroDivisionError)
    (kind, value), run = server_runs.run_client(lambda address: time.sleep(1.5), timeout=0.2)
    assert (kind, value) == ("timeout", None) and server_runs.handler_lanes(run) == []


def test_the_exercise_session_makes_four_handlers(method):
    _, run = server_runs.run_client(server_runs.exercise_session)
    handlers = server_runs.handler_lanes(run)
    assert len(handlers) == 4
    assert all(lane.exitcode == 0 for lane in handlers)


# -- the checks -------------------------------------------------------------------------------

def test_handler_count_right():
    verdict = checks.check_handler_count(4)
    assert verdict and repr(verdict).startswith("Right: the server started 4 handlers")


@pytest.mark.parametrize("answer, hint", [
    (None, "a whole number"), ("4", "a whole number"), (4.0, "a whole number"),
    (True, "a whole number"), ([4], "a whole number"),
    (3, "the last line connects too"), (2, "sends nothing, yet it connects"),
    (5, "not one message"), (1, "one handler process per connection"),
    (0, "a process for every connection"), (-7, "count the connections"),
])
def test_handler_count_wrong(answer, hint):
    verdict = checks.check_handler_count(answer)
    assert not verdict and repr(verdict).startswith("Not yet: ") and hint in repr(verdict)


def test_handler_count_inside_another_recording_says_so():
    with record(show=False):
        verdict = checks.check_handler_count(4)
    assert not verdict and "could not run here (RuntimeError" in repr(verdict)


def one_connection(address):
    return echo(address, "multi", "processing")


@pytest.mark.parametrize("answer", [
    one_connection,
    lambda address: [r.decode() for r in echo(address, "multi", "processing")],
])
def test_multi_processing_right(answer):
    verdict = checks.check_multi_processing(answer)
    assert verdict and repr(verdict) == ("Right: one connection, so one handler process; two "
                                         "lines sent, two replies read.")


def raw_two_lines(address):
    with socket.create_connection(address) as c, c.makefile("rb") as lines:
        c.sendall(b"multi\nprocessing\n")
        return [lines.readline().strip(), lines.readline().strip()]


@pytest.mark.parametrize("answer, hint", [
    (None, "set `answer` to a function"),
    ("multi processing", "`answer` is a str"),
    (lambda address: [echo(address, "multi")[0], echo(address, "processing")[0]],
     "opened 2 connections"),
    (lambda address: echo(address, "multi processing"), "one message, one reply"),
    (lambda address: echo(address, "multi\nprocessing"), "one reply per message"),
    (lambda address: echo(address, "multi"), "one reply per message"),
    (lambda address: None, "returned None"),
    (lambda: echo(("127.0.0.1", 1), "x"), "raised TypeError"),
    (lambda address: echo(address, "multi", "processing", "x"),
     "returned [b'MULTI', b'PROCESSING', b'X']; the server should reply"),
])
def test_multi_processing_wrong(answer, hint):
    verdict = checks.check_multi_processing(answer)
    assert not verdict and repr(verdict).startswith("Not yet: ") and hint in repr(verdict)


def test_a_raw_client_with_one_connection_is_right_too():
    assert checks.check_multi_processing(raw_two_lines)


def test_multi_processing_a_client_that_never_returns(monkeypatch):
    quick = functools.partial(server_runs.run_client, timeout=0.2)
    monkeypatch.setattr(server_runs, "run_client", quick)
    verdict = checks.check_multi_processing(lambda address: time.sleep(1.5))
    assert not verdict and "did not return within" in repr(verdict)


def test_the_notebook_shows_the_session_the_check_runs():
    """Exercise 1 shows the session as text; it must be the code the check runs."""
    import inspect
    import json
    from pathlib import Path

    notebook = Path(__file__).resolve().parents[2] / "notebooks" / "07_socket_server.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    shown = next("".join(c["source"]) for c in cells
                 if c["cell_type"] == "markdown" and "How many handler processes" in "".join(
                     c["source"]))
    body = inspect.getsource(server_runs.exercise_session).split('"""')[-1]
    for line in body.strip().splitlines():
        code = line.split("#")[0].strip().replace("address", "server.address")
        assert code in shown, code
