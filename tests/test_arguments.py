"""Every public helper checks its arguments: a wrong one fails at once, with a message
that names it (TypeError for a wrong type, ValueError for a wrong value)."""

import os

import psutil
import pytest
from matplotlib.figure import Figure

from helpers import compare, record
from helpers.lessons.l03_pid_ppid import races
from helpers.lessons.l06_daemon import daemons
from helpers.lessons.l07_socket_server import server_runs
from helpers.recorder import tracebacks as paths
from helpers.tools import leaks, process_state, scripts, tree
from helpers.tools.echo_server import EchoServer, echo
from helpers.view import Run
from helpers.view import drawing as plot
from helpers.view import summary as describe
from tests import synthetic

RUN = Run(synthetic.events())
ME = psutil.Process(os.getpid())
ADDRESS = ("127.0.0.1", 1)


def enter(**kwargs):
    with record(**kwargs):
        pass


CASES = [
    # (function, args, kwargs, error, text the message must contain)
    (enter, (), {"wait": -1}, ValueError, "wait must be a number of seconds >= 0"),
    (enter, (), {"wait": "10"}, TypeError, "wait must be a number of seconds"),
    (enter, (), {"show": "no"}, TypeError, "show must be True or False"),
    (enter, (), {"echo": 1}, TypeError, "echo must be True or False"),
    (enter, (), {"check_targets": None}, TypeError, "check_targets must be True or False"),
    (enter, (), {"folder": "/no/such/folder"}, ValueError, "folder must be the path of an"),
    (compare, (RUN,), {"titles": "a"}, TypeError, "titles must be a list of str"),
    (compare, (RUN,), {"titles": [1]}, TypeError, "titles must be a list of str"),
    (compare, (RUN,), {"titles": ["a", "b"]}, ValueError, "one title per run"),
    (compare, ("run",), {"titles": ["a"]}, TypeError, "Run objects that record() yields"),
    (compare, (RUN,), {"titles": ["a"], "summary": "yes"}, TypeError, "summary must be"),
    (RUN.show, ("no",), {}, TypeError, "summary must be True or False"),
    (plot.draw, ("run",), {}, TypeError, "run must be the Run that record() gives"),
    (plot.draw_many, ([RUN, None], ["a", "b"]), {}, TypeError, "runs must be a non-empty list"),
    (plot.draw_many, ([RUN], ["a", "b"]), {}, ValueError, "one title per run"),
    (plot.png_bytes, (RUN,), {}, TypeError, "fig must be a matplotlib Figure"),
    (plot.png_bytes, (Figure(),), {"dpi": 0}, ValueError, "dpi must be at least 1"),
    (describe.describe_run, ([],), {}, TypeError, "run must be the Run"),
    (races.show_timelines, ([],), {}, TypeError, "list of the Run objects"),
    (races.print_order, ({},), {}, TypeError, "run must be the Run"),
    (races.start_order, (None,), {}, TypeError, "run must be the Run"),
    (races.printed_lines, ("x",), {}, TypeError, "run must be the Run"),
    (scripts.run_script, (b"print(1)",), {}, TypeError, "code must be the script's text"),
    (scripts.run_script, ("",), {"start_method": "threads"}, ValueError,
     "start_method must be one of"),
    (scripts.run_script, ("",), {"timeout": 0}, ValueError, "timeout must be a number of "
                                                            "seconds > 0"),
    (scripts.run_script, ("",), {"timeout": "1"}, TypeError, "timeout must be a number"),
    (daemons.run_script, ("",), {"timeout": -1}, ValueError, "timeout must be"),
    (daemons.exit_summary, ("run",), {}, TypeError, "run must be the Run"),
    (EchoServer, (), {"port": -1}, ValueError, "port must be an int from 0 to 65535"),
    (EchoServer, (), {"handler": "talk"}, TypeError, "handler must be a function"),
    (EchoServer, (), {"host": ("127.0.0.1",)}, TypeError, "host must be a str"),
    (EchoServer, (), {"context": "spawn"}, TypeError, "context must be a multiprocessing context"),
    (EchoServer, (), {"timeout": 0}, ValueError, "timeout must be a number of seconds > 0"),
    (echo, (("127.0.0.1", "80"), "hi"), {}, TypeError, "address must be a (host, port) pair"),
    (echo, (8080, "hi"), {}, TypeError, "address must be a (host, port) pair"),
    (echo, (ADDRESS, 42), {}, TypeError, "each message must be a str or bytes"),
    (echo, (ADDRESS, "hi"), {"timeout": -1}, ValueError, "timeout must be"),
    (server_runs.server_lane, (None,), {}, TypeError, "run must be the Run"),
    (server_runs.handler_lanes, (None,), {}, TypeError, "run must be the Run"),
    (server_runs.max_handlers_at_once, (None,), {}, TypeError, "run must be the Run"),
    (server_runs.describe_server_run, (None,), {}, TypeError, "run must be the Run"),
    (server_runs.show_server_run, (None,), {}, TypeError, "run must be the Run"),
    (server_runs.run_client, ("client",), {}, TypeError, "client must be a function"),
    (server_runs.run_client, (print,), {"timeout": 0}, ValueError, "timeout must be"),
    (server_runs.exercise_session, ("127.0.0.1:80",), {}, TypeError, "address must be"),  # echo()
    (leaks.leftovers, ("1",), {}, TypeError, "root_pid must be a whole number"),
    (leaks.leftovers, (0,), {}, ValueError, "root_pid must be at least 1"),
    (leaks.describe, (ME,), {}, TypeError, "procs must be a list of psutil.Process"),
    (leaks.describe, ([os.getpid()],), {}, TypeError, "must be a psutil.Process"),
    (tree.snapshot, ("me",), {}, TypeError, "root must be a whole number"),
    (tree.role, (1, "run"), {}, TypeError, "run must be the Run"),
    (tree.role, ("1", RUN), {}, TypeError, "pid must be a whole number"),
    (tree.render, ({}, RUN), {}, TypeError, "snap must be what tree.snapshot() returns"),
    (process_state.status, (os.getpid(),), {}, TypeError, "proc must be a psutil.Process"),
    (process_state.running, (None,), {}, TypeError, "proc must be a psutil.Process"),
    (process_state.wait_for_status, (ME, 3), {}, TypeError, "wanted must be a status"),
    (process_state.wait_for_status, (ME, "zombie"), {"timeout": -1}, ValueError,
     "timeout must be"),
    (process_state.wait_for_status, (ME, "zombie"), {"interval": 0}, ValueError,
     "interval must be a number of seconds > 0"),
    (process_state.has_ended, (ME,), {"timeout": "5"}, TypeError, "timeout must be"),
    (process_state.alive_after_terminate, (0,), {}, ValueError, "tries must be at least 1"),
    (process_state.alive_after_terminate, (2.5,), {}, TypeError, "tries must be a whole"),
    (process_state.alive_after_terminate, (1,), {"then": 0.1}, TypeError, "then must be"),
    (paths.tidy, (b"text",), {}, TypeError, "text must be a str"),
]


@pytest.mark.parametrize("function, args, kwargs, error, message", CASES,
                         ids=[f"{c[0].__qualname__}-{i}" for i, c in enumerate(CASES)])
def test_a_wrong_argument_is_named(function, args, kwargs, error, message):
    with pytest.raises(error) as raised:
        function(*args, **kwargs)
    assert message in str(raised.value)


def test_good_arguments_still_pass():
    assert plot.png_bytes(plot.draw(RUN), dpi=10).startswith(b"\x89PNG")
    assert races.printed_lines(RUN) == ["hello bob"]
    assert process_state.wait_for_status(ME, ("running", "sleeping"), timeout=0) != "gone"
    assert tree.role(None, RUN) == "nobody (not recorded)"
