"""Lesson 07's view of a recorded echo-server run: the picture, and facts that stay put.

The usual text summary (:meth:`helpers.view.Run.summary`) names each child's target
with its arguments.  A handler's arguments are a connected socket and the client's
address -- ports that change on every run -- and when clients talk at once, the order
in which the server starts and joins their handlers is a race.  So a server run gets
its own summary, made only of what every run of the same code shares: how many
processes each one started, joined and terminated, how each one ended, its exit code,
and how many handlers ran at the same time.  Handlers are listed by name --
``Process-1:1``, ``Process-1:2``... -- which is the order the server accepted their
connections.
"""

from __future__ import annotations

import re
import socket
import threading
import time

from ...arguments import need_callable, need_seconds
from ...families.process import exit_text
from ...tools.echo_server import EchoServer, echo
from ...tools.leaks import leftovers
from ...view import Run, record
from ...view.model import Lane, most_at_once, need_run
from ...view.text import show as show_text

SERVER_TARGET = "serve"  # helpers.tools.echo_server.serve: what the server process runs


def server_lane(run: Run) -> Lane | None:
    """The lane of the process that ran the echo server's ``serve``, if any.  Lesson 07."""
    need_run(run)
    return next((lane for lane in run.children if _function(lane) == SERVER_TARGET), None)


def handler_lanes(run: Run) -> list[Lane]:
    """The processes that each ran one connection, in the order they were accepted:
    the server's children (or, without a server, the recording process's children).
    Lesson 07."""
    need_run(run)
    server = server_lane(run)
    parent = server.pid if server is not None else run.recorder
    found = [lane for lane in run.children if lane.parent == parent]
    return sorted(found, key=lambda lane: [int(n) for n in re.findall(r"\d+", lane.name)])


def max_handlers_at_once(run: Run) -> int:
    """The largest number of handlers whose targets ran at the same moment.  Lesson 07."""
    need_run(run)
    return most_at_once(handler_lanes(run))


def describe_server_run(run: Run) -> str:
    """The stable facts of ``run``, one line per process, handlers in accept order.
    Lesson 07."""
    need_run(run)
    server, handlers = server_lane(run), handler_lanes(run)
    count = f"{len(handlers)} handler" + ("" if len(handlers) == 1 else "s")
    head = "the server and " if server is not None else ""
    lines = [f"Server run, start method {run.method}: {head}{count} (one per connection)"]
    lanes = run.lanes[:1] + ([server] if server is not None else []) + handlers
    width = max(len(lane.name) for lane in lanes)
    for lane in lanes:
        lines.append(f"  {lane.name:<{width}}  " + " · ".join(_items(run, lane)))
    if len(handlers) > 1:
        most = max_handlers_at_once(run)
        lines.append("The handlers ran one at a time." if most <= 1
                     else f"At most {most} handlers ran at the same time.")
    return "\n".join(lines)


def show_server_run(run: Run) -> None:
    """Display the timeline picture (in IPython), then print :func:`describe_server_run`.
    Lesson 07."""
    need_run(run)
    run.show(summary=False)
    show_text(describe_server_run(run))


def run_client(client, timeout: float = 10.0) -> tuple[tuple[str, object], Run]:
    """Run ``client(address)`` against a fresh :class:`EchoServer`, recorded.

    Returns ``(outcome, run)``: outcome is ``('returned', value)``, ``('raised',
    error)`` or ``('timeout', None)`` -- the client runs in a thread, so one that never
    returns cannot hang the caller.  Before the server stops, it gets 0.5 s to accept a
    last connection, and its handlers up to :data:`HANDLERS_WAIT` seconds to see their
    clients leave.  For the exercises of lesson 07.
    """
    need_callable(client, "client", "a function of the server's address")
    need_seconds(timeout, "timeout", zero=False)
    outcome = ("timeout", None)

    def call(address):
        nonlocal outcome
        try:
            outcome = ("returned", client(address))
        except Exception as error:
            outcome = ("raised", error)

    with record(show=False) as run, EchoServer() as server:
        thread = threading.Thread(target=call, args=(server.address,), daemon=True)
        thread.start()
        thread.join(timeout)
        time.sleep(0.5)  # a last connection gets accepted
        if not thread.is_alive():  # (a client that hangs keeps its handler busy: no use)
            _wait_for_handlers(server, HANDLERS_WAIT)
    return outcome, run


HANDLERS_WAIT = 5.0  # seconds run_client() waits for the handlers to end by themselves


def _wait_for_handlers(server: EchoServer, timeout: float) -> None:
    """Wait until the server has no handler left running (its clients are gone, so each
    one ends as soon as it notices; under spawn on a busy machine that can take a
    while), for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while leftovers(server.process.pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def exercise_session(address) -> None:
    """The client side of exercise 1: how many handlers does the server start?  Lesson 07."""
    echo(address, 'hello', 'world')  # two messages
    echo(address, '', '   ')  # only empty input: nothing is sent
    echo(address, '你好 python')
    with socket.create_connection(address):  # connect, and leave at once
        pass


# -- one line of the summary --------------------------------------------------------------

def _function(lane: Lane) -> str | None:
    """``talk`` for a target ``talk(<socket ...>, (...))``."""
    return lane.target.split("(", 1)[0] if lane.target else None


def _items(run: Run, lane: Lane) -> list[str]:
    is_child = lane.pid != run.recorder
    items = []
    if is_child:
        function = _function(lane)
        items.append("serve()" if function == SERVER_TARGET else f"{function}(conn, addr)")
    items += _counts(lane)
    if is_child:
        items += [_ending(run, lane), exit_text(lane.exitcode)]
    return items


def _counts(lane: Lane) -> list[str]:
    """What a process did to others -- started, joined, terminated -- counted: for
    clients that talk at once, the order of those steps is a race."""
    started = {a.child for a in lane.actions if a.kind == "start"}
    joined = {j.child for j in lane.joins if j.ended is not None}
    stopped = {a.child for a in lane.actions if a.kind in ("terminate", "kill")}
    items = []
    if started:
        items.append(f"started {len(started)}")
        items.append("joined all" if joined >= started else f"joined {len(joined & started)}")
    if stopped:
        items.append(f"terminated {len(stopped)}")
    return items


def _ending(run: Run, lane: Lane) -> str:
    if lane.began is None:
        return "never began"
    if lane.raised:
        return f"raised {lane.raised}"
    if lane.ended is not None:
        return "ended by itself"
    for other in run.lanes:
        for action in other.actions:
            if action.child == lane.pid and action.kind in ("terminate", "kill"):
                done = {"terminate": "terminated", "kill": "killed"}[action.kind]
                return f"{done} by {other.name}"
    return "stopped before its target returned"
