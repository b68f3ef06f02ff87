"""Lesson 07's exercises: how many handlers the echo server starts for a session, and a
client of your own that gets two replies over one connection.

Parent side; each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import reprlib

from ..exercise import Verdict, check, is_int
from . import server_runs

SESSION_HINTS = {
    0: "the server starts a process for every connection it accepts; count the connections",
    1: "one server, but one handler process per connection: count the connections",
    2: "echo(address, '', '   ') sends nothing, yet it connects -- and so does the "
       "`with socket.create_connection(...)` line: every accepted connection gets a handler",
    3: "three echo() calls (and three messages sent), but the last line connects too: every "
       "accepted connection gets a handler, even one that sends nothing",
}
MULTI_PROCESSING = [b"MULTI", b"PROCESSING"]


def check_handler_count(answer) -> Verdict:
    """Lesson 07: how many handler processes does the server start for
    :func:`~.server_runs.exercise_session`?  A whole number is compared with the
    session, run for real under a recording.  Lesson 07."""
    return check(
        answer,
        form=lambda answer: None if is_int(answer) else
        f"answer with a whole number (an int), not {reprlib.repr(answer)}",
        experiment=lambda: len(server_runs.handler_lanes(
            server_runs.run_client(server_runs.exercise_session)[1])),
        what_ran="the session",
        wrong=lambda answer, seen: [] if answer == seen else [SESSION_HINTS.get(
            answer, "a handler serves a whole connection, not one message: count the "
                    "connections (each echo() call opens one, and so does create_connection)")],
        right=lambda seen: (f"the server started {seen} handlers, one per connection: three "
                            "echo() calls and one bare connection; how many messages each "
                            "one sent does not matter."))


def check_multi_processing(answer) -> Verdict:
    """Lesson 07: ``answer`` is a function ``answer(address)`` that gets the replies
    ``[b'MULTI', b'PROCESSING']`` from the echo server over a single connection.  It is
    run against a fresh server under a recording, which counts the handlers.  Lesson 07."""
    return check(answer, form=_client_form, experiment=lambda: server_runs.run_client(answer),
                 what_ran="the check", wrong=lambda _, seen: _client_hints(*seen),
                 right=lambda _: ("one connection, so one handler process; two lines sent, "
                                  "two replies read."))


def _client_form(answer) -> str | None:
    if answer is None:
        return ("set `answer` to a function of the server's address, e.g. "
                "def answer(address): return echo(address, ...)")
    if not callable(answer):
        return (f"`answer` is a {type(answer).__name__}; make it a function "
                "that takes the server's address and returns the replies")
    return None


def _client_hints(outcome, run) -> list[str]:
    kind, value = outcome
    if kind == "timeout":
        return ["your function did not return within 10 s: is it waiting for a "
                "reply to a message that never ended with a newline?"]
    if kind == "raised":
        return [f"your function raised {type(value).__name__}: {value} "
                "(the check calls it as answer(address))"]
    replies = value
    if isinstance(replies, list) and all(isinstance(r, str) for r in replies):
        replies = [r.encode() for r in replies]  # decoded replies are fine too
    connections = len(server_runs.handler_lanes(run))
    if replies == MULTI_PROCESSING and connections == 1:
        return []
    if replies == MULTI_PROCESSING:
        return [f"the replies are right, but your function opened {connections} "
                "connections and the server started a handler process for each; "
                "one echo() call sends all its messages over one connection"]
    if replies is None:
        return ["your function returned None: return what echo() gives back"]
    if replies == [b"MULTI PROCESSING"]:
        return ["one message, one reply: the server answers line by line, so "
                "send 'multi' and 'processing' as two messages"]
    if replies == [b"MULTI"]:
        return ["only one reply came back: echo() reads one reply per message it "
                "sent (even when a newline inside a message made the server "
                "answer two lines); send 'multi' and 'processing' as two messages"]
    return [f"your function returned {reprlib.repr(value)}; the server should "
            f"reply {MULTI_PROCESSING!r}"]
