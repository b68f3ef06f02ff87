"""The event log of one recorded run: a folder with one JSON-lines file per process.

Why files and not a ``multiprocessing.Queue``: a queue written by a process that
gets terminated or killed can be left corrupted (its feeder thread dies holding the
pipe), and later readers deadlock.  Here every process appends to *its own* file
with one ``os.write`` per event on an ``O_APPEND`` descriptor, so a process killed
mid-run loses at most the event it was writing; what it wrote before is intact and
nobody else is blocked.  Any process can read the folder at any time.

Timestamps come from :func:`now`, ``time.perf_counter``: on Linux that is
``CLOCK_MONOTONIC``, on macOS ``mach_absolute_time`` and on Windows
``QueryPerformanceCounter`` -- each a system-wide clock, so timestamps taken in
different processes of one machine are comparable.
"""

from __future__ import annotations

import json
import json.encoder
import os
import threading
import time
import weakref

now = time.perf_counter

_SUFFIX = ".jsonl"


def _encoder():
    """One event as a JSON line's text, as ``json.dumps(event, ensure_ascii=False,
    default=repr)`` writes it.  That call builds an encoder each time -- half the cost
    of an event; here the C encoder it would build is made once (a third of the
    cost), or, without the C accelerator, the Python one."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return json.JSONEncoder(ensure_ascii=False, default=repr).encode
    encode = make(None, repr, json.encoder.encode_basestring, None, ": ", ", ", False, False,
                  True)
    return lambda event: "".join(encode(event, 0))


_encode = _encoder()


_writers: weakref.WeakSet = weakref.WeakSet()


def _unlock_after_fork() -> None:
    for writer in list(_writers):
        writer._lock = threading.RLock()


if hasattr(os, "register_at_fork"):  # (not on Windows, which has no fork)
    os.register_at_fork(after_in_child=_unlock_after_fork)


class EventWriter:
    """Appends this process's events to ``<folder>/<pid>.jsonl``."""

    def __init__(self, folder: str, pid: int | None = None):
        self.pid = os.getpid() if pid is None else pid
        self.path = os.path.join(folder, f"{self.pid}{_SUFFIX}")
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        self._fd = os.open(self.path, flags, 0o600)
        # A write and the close, from two threads, never cross: else a write would find
        # the descriptor closed (an error in the program's thread) or, worse, reused by
        # another file.  Re-entrant: a signal handler may write while the thread it
        # interrupted is writing.  Made anew in a child forked by os.fork() itself
        # (Process children make writers of their own), lest another thread held it.
        self._lock = threading.RLock()
        _writers.add(self)

    def write(self, kind: str, t: float | None = None, **fields) -> None:
        """Record one event of this process; ``t`` defaults to now.  After :meth:`close`
        nothing: a call that began inside the recording and returns after its end (a
        pool's thread joining or terminating a worker) has no run left to be part of."""
        if self._fd < 0:
            return
        event = {"t": now() if t is None else t, "pid": self.pid, "kind": kind, **fields}
        line = (_encode(event) + "\n").encode("utf-8")
        with self._lock:
            if self._fd >= 0:
                os.write(self._fd, line)

    def close(self) -> None:
        with self._lock:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1


def _parse(lines: bytes) -> list[dict]:
    events = []
    for line in lines.splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            continue  # a line cut short by a process killed while writing it
    return events


def read_events(folder: str) -> list[dict]:
    """Every complete event in the folder, ordered by time."""
    events = []
    for name in os.listdir(folder):
        if name.endswith(_SUFFIX):
            with open(os.path.join(folder, name), "rb") as f:
                events.extend(_parse(f.read()))
    events.sort(key=lambda e: e["t"])
    return events


def has_written(folder: str, pid: int, kind: str) -> bool:
    """Has process ``pid`` written an event of ``kind`` to the folder (``begin``: its
    target began; ``end``: it returned or raised)?"""
    try:
        with open(os.path.join(folder, f"{pid}{_SUFFIX}"), "rb") as f:
            return any(e["kind"] == kind for e in _parse(f.read()))
    except FileNotFoundError:
        return False


class Tail:
    """Reads the events other processes appended to a folder since the last call."""

    def __init__(self, folder: str, skip_pid: int):
        self.folder = folder
        self._skip = f"{skip_pid}{_SUFFIX}"
        self._offsets: dict[str, int] = {}

    def new_events(self) -> list[dict]:
        """Complete events written since the previous call, ordered by time."""
        events = []
        for name in os.listdir(self.folder):
            if not name.endswith(_SUFFIX) or name == self._skip:
                continue
            offset = self._offsets.get(name, 0)
            with open(os.path.join(self.folder, name), "rb") as f:
                f.seek(offset)
                data = f.read()
            complete = data.rfind(b"\n") + 1  # leave a half-written line for next time
            if complete:
                self._offsets[name] = offset + complete
                events.extend(_parse(data[:complete]))
        events.sort(key=lambda e: e["t"])
        return events
