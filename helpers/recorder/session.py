"""The recording of one process, and :func:`recording`, the core of ``record()``.

A recording has a folder of per-process event files (:mod:`.events`).  The process
that opens it gets a :class:`Recorder` and a relay thread (:mod:`.relay`) that
prints its children's lines into the cell; a child started inside it learns that it
is recorded from the picklable :class:`Sink` its ``Process`` object carries, and
opens its own Recorder on that folder when it begins (:func:`begin_child`).  The
hooks that write the events are the event families' (:mod:`helpers.families`);
this module only keeps the state they write through.

Leaving the ``with`` block never leaves a process behind: children still running
are waited for (``wait`` seconds), then terminated, then killed -- at once if the
block raised (an interrupted ``join()`` included).  Those clean-up actions are
recorded ``by record()``.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from multiprocessing import process as _mp

from ..arguments import need_bool, need_seconds
from .capture import LineCapture
from .events import EventWriter, has_written, now, read_events
from .relay import Watcher

CLEANUP_BY = "record()"

_recorder: Recorder | None = None  # the active recording of this process, if any


class Sink:
    """Where a recorded child writes its events (picklable: travels with the Process).

    ``echo``: the child also prints to its real stdout/stderr (scripts, where
    nobody relays); in a notebook it must not, or Linux would show the line twice.
    """

    def __init__(self, folder: str, echo: bool):
        self.folder = folder
        self.echo = echo

    def __reduce__(self):
        return (Sink, (self.folder, self.echo))


class Recorder:
    """The recording state of one process: its event writer and what it started."""

    def __init__(self, sink: Sink):
        self.sink = sink
        self.pid = os.getpid()
        self.writer = EventWriter(sink.folder)
        self.started: list = []  # Process objects this process started while recording
        self.watcher: Watcher | None = None  # only in the process that opened the record
        self.by: str | None = None  # who acts now: None (the learner's code) or CLEANUP_BY
        self.check_targets = True  # refuse a target that a spawned child cannot import
        self.events: list[dict] | None = None  # the whole log, once the recording ended
        self.closers: list = []  # called first when the block ends (a pool left open...)

    def capture_streams(self, relay: bool) -> None:
        """Replace ``sys.stdout``/``sys.stderr`` by line captures (the caller keeps the old
        ones if it will put them back)."""
        if relay:  # the recording process: keep printing to the cell, children's lines first
            echoes, before = (sys.stdout, sys.stderr), self.watcher.relay
        elif self.sink.echo:  # a script's child: keep printing to the real streams
            echoes, before = (sys.__stdout__, sys.__stderr__), None
        else:  # a notebook's child: the recording process relays its lines
            echoes, before = (None, None), None
        sys.stdout = LineCapture(self.writer, "stdout", echoes[0], before)
        sys.stderr = LineCapture(self.writer, "stderr", echoes[1], before)

    def owns(self, proc) -> bool:
        return proc.__dict__.get("_workbook_sink") is self.sink and proc._parent_pid == self.pid

    def started_child(self, proc) -> None:
        """Note a child this process started, and have its exit watched."""
        self.started.append(proc)
        if self.watcher is not None:
            self.watcher.watch(proc.pid, proc.sentinel)


def active() -> Recorder | None:
    """This process's recording (a fork child inherits its parent's: not its own)."""
    rec = _recorder
    return rec if rec is not None and rec.pid == os.getpid() else None


def begin_child(sink: Sink) -> Recorder:
    """In a child that carries ``sink``: record this process, its prints included."""
    global _recorder
    rec = _recorder = Recorder(sink)
    rec.capture_streams(relay=False)
    return rec


def began(proc, timeout: float = 10.0) -> bool:
    """Wait until ``proc``, started inside this process's ``record()``, has begun its
    target; True if it did within ``timeout`` s, False if it ended first or is still
    starting.  Where the article sleeps to let a child get going, a lesson waits with
    this instead: a busy machine can take longer than any such sleep to start a child
    (spawn: 30 ms on a quiet one, a second or more on a busy one)."""
    return _reached(proc, "begin", timeout, "began()")


def ended(proc, timeout: float = 10.0) -> bool:
    """Wait until the target of ``proc``, started inside this process's ``record()``,
    has returned (or raised) -- which is not when the process exits: it may still
    have work to do after its code, such as sending what it put into a queue; True if
    it did within ``timeout`` s, False if the process exited first or is still running
    its target."""
    return _reached(proc, "end", timeout, "ended()")


def _reached(proc, kind: str, timeout: float, name: str) -> bool:
    need_seconds(timeout, "timeout")
    rec = active()
    if rec is None or not rec.owns(proc):
        raise RuntimeError(f"{name} waits for a process started inside this process's record()")
    deadline = time.monotonic() + timeout
    while not has_written(rec.sink.folder, proc.pid, kind):
        if proc.exitcode is not None or time.monotonic() > deadline:
            return has_written(rec.sink.folder, proc.pid, kind)
        time.sleep(0.005)
    return True


@contextmanager
def recording(*, wait: float = 10.0, echo: bool = False, folder: str | None = None,
              check_targets: bool = True):
    """Record every process started inside the block; yield this process's
    :class:`Recorder`, whose ``events`` hold the whole log once the block has ended.

    ``wait``: how long children still running at the end of the block are waited for
    before they are terminated.  ``check_targets``: refuse a target a spawned child
    cannot import (:func:`~.targets.check_importable`).  ``echo`` and ``folder`` are
    for :mod:`helpers.tools.scripts`.
    """
    need_seconds(wait, "wait")
    need_bool(echo, "echo")
    need_bool(check_targets, "check_targets")
    if folder is not None and not (isinstance(folder, str) and os.path.isdir(folder)):
        raise ValueError(f"folder must be the path of an existing folder, not {folder!r}")
    global _recorder
    if active() is not None:
        raise RuntimeError("record() is already active in this process; end that block first")
    own_folder = folder is None
    folder = tempfile.mkdtemp(prefix="timeline-") if own_folder else folder
    _mp._process_counter = itertools.count(1)  # Process-1, Process-2... as in a fresh script
    rec = _recorder = Recorder(Sink(folder, echo))
    rec.check_targets = check_targets
    rec.writer.write("record", method=multiprocessing.get_start_method(),
                     name=_mp.current_process().name)
    streams = sys.stdout, sys.stderr
    relayed = {} if echo else {"stdout": streams[0], "stderr": streams[1]}  # echo: they print
    rec.watcher = Watcher(folder, rec.writer, relayed)
    rec.capture_streams(relay=True)
    failed = True
    try:
        yield rec
        failed = False
    finally:
        try:
            rec.writer.write("code-end")
            _clean_up(rec, wait=0 if failed else wait)
        finally:
            rec.watcher.stop()
            sys.stdout.flush()
            sys.stderr.flush()
            sys.stdout, sys.stderr = streams
            rec.writer.write("record-end")
            rec.writer.close()
            _recorder = None
            rec.events = read_events(folder)
            if own_folder:
                shutil.rmtree(folder, ignore_errors=True)


def _clean_up(rec: Recorder, wait: float) -> None:
    """Leave no child running: end what the families asked to end (``closers``: a
    pool the block left open, whose threads would start new workers), wait, then
    terminate, then kill; record exit codes."""
    rec.by = CLEANUP_BY
    running = [p for p in rec.started if not p._closed and p.exitcode is None]
    deadline = now() + wait
    try:
        for close in rec.closers:  # first: an open pool would start new workers
            close()
        for p in running:
            p.join(max(0.0, deadline - now()))
    finally:  # also when interrupted while waiting
        for p in running:
            if p.exitcode is None:
                p.terminate()
                p.join(1.0)
            if p.exitcode is None:
                p.kill()
                p.join()
        for p in rec.started:
            if not p._closed:
                rec.writer.write("exitcode", child=p.pid, code=p.exitcode)
