"""Record what every process of a run did, to draw it as a timeline.

The learner writes the article's code with the real ``multiprocessing``; one
``with`` line records it::

    from multiprocessing import Process
    from helpers import record, workers

    with record():
        p = Process(target=workers.greet, args=('bob',))
        p.start()
        p.join()

Recorded, for every process (the recording one included): ``start()`` called,
target began, each line printed, target ended (and what it raised), ``join()``
began and ended, ``terminate()``/``kill()`` sent, the moment it exited and its
exit code.  Grandchildren started while recording are recorded too.  The events go
to a per-run folder of per-process files (:mod:`helpers.events`); a child's
``print()`` is captured there (:mod:`helpers.capture`) and relayed into the cell by
the recording process (:mod:`helpers.watch`), in order, on every start method.

How it hooks in: importing this module wraps four methods of
``multiprocessing.process.BaseProcess`` -- ``start``, ``join``, ``terminate``,
``kill`` -- and its ``_bootstrap`` (what a child runs first).  The wrappers do
nothing unless a recording is active in the calling process.  A child learns that
it is recorded from a small :class:`Sink` attached to its ``Process`` object; under
``spawn``/``forkserver`` unpickling that sink imports this module in the child,
which is how the hooks get there.

Leaving the ``with`` block never leaves a process behind: children still running
are waited for (``wait`` seconds), then terminated, then killed -- at once if the
block raised (an interrupted ``join()`` included).  Those clean-up actions are
recorded ``by record()``.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from contextlib import contextmanager
from multiprocessing import process as _mp

from .arguments import need_bool, need_seconds
from .capture import LineCapture
from .events import EventWriter, has_begun, now, read_events
from .paths import print_exception
from .watch import Watcher

START_METHODS = ("fork", "spawn", "forkserver")
ENV_VAR = "WORKBOOK_START_METHOD"
CLEANUP_BY = "record()"

_recorder: Recorder | None = None  # the active recording of this process, if any


# -- start method ------------------------------------------------------------------------

def start_method_from_env() -> str:
    """The start method ``WORKBOOK_START_METHOD`` asks for, else the platform's default."""
    wanted = os.environ.get(ENV_VAR, "").strip()
    available = multiprocessing.get_all_start_methods()
    if not wanted:
        return available[0]
    if wanted not in available:
        raise ValueError(
            f"{ENV_VAR}={wanted!r} is not a start method of this platform; "
            f"use one of {', '.join(available)} (or unset it for the default)"
        )
    return wanted


def setup() -> str:
    """Use the start method of ``WORKBOOK_START_METHOD`` in this kernel, and say which.

    Call it in a lesson's first cell.  ``force=True`` lets a lesson run twice in one
    kernel (and a learner change the variable between runs).  In IPython it also
    reaps the children of an interrupted cell (see :func:`reap_after_interrupt`).
    """
    method = start_method_from_env()
    multiprocessing.set_start_method(method, force=True)
    origin = f"from {ENV_VAR}" if os.environ.get(ENV_VAR) else "this platform's default"
    print(f"Start method: {method} ({origin})")
    _reap_after_every_interrupt()
    return method


INTERRUPT_GRACE = 1.0  # seconds the children of an interrupted cell get to end


def reap_after_interrupt(result=None) -> None:
    """After a cell that was interrupted (``result.error_in_exec`` is a
    KeyboardInterrupt), give this process's children up to :data:`INTERRUPT_GRACE`
    seconds to end, and reap those that ended.

    Why: interrupting the kernel (the ■ button) sends SIGINT to its whole process
    group, so a child that a plain cell was waiting for in ``join()`` dies with the
    kernel's ``KeyboardInterrupt`` -- and would stay a zombie, since the interrupted
    ``join()`` never reaps it.  Nothing is terminated here: a child still running is
    left alone (``record()`` is what stops the children of a recorded cell), and after
    a cell that was not interrupted nothing is done at all.
    """
    if not isinstance(getattr(result, "error_in_exec", None), KeyboardInterrupt):
        return
    try:
        deadline = now() + INTERRUPT_GRACE
        for p in multiprocessing.active_children():  # which also reaps the ended ones
            p.join(max(0.0, deadline - now()))
    except (OSError, ValueError):  # a process closed or gone meanwhile: nothing to reap
        pass


def _reap_after_every_interrupt() -> None:
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and reap_after_interrupt not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", reap_after_interrupt)


# -- the recording of one process ----------------------------------------------------------

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


def _active() -> Recorder | None:
    """This process's recording (a fork child inherits its parent's: not its own)."""
    rec = _recorder
    return rec if rec is not None and rec.pid == os.getpid() else None


def _describe_target(proc) -> str:
    """``f('bob')`` for a target, ``MyProcess.run()`` for a subclass overriding run()."""
    if type(proc).run is not _mp.BaseProcess.run:
        return f"{type(proc).__name__}.run()"
    target = getattr(proc, "_target", None)
    if target is None:
        return "run() with no target"
    args = [_short_repr(a) for a in getattr(proc, "_args", ())]
    args += [f"{k}={_short_repr(v)}" for k, v in getattr(proc, "_kwargs", {}).items()]
    return f"{getattr(target, '__name__', repr(target))}({', '.join(args)})"


_ADDRESS = re.compile(r"( object)? at 0x[0-9a-fA-F]+")
LONGEST_ARGUMENT = 40


def _short_repr(value) -> str:
    """An argument as a summary shows it: no memory address (``<Event unset>``, not
    ``<Event at 0x7f56c59e8590 unset>``: it changes on every run and says nothing to a
    reader), and at most ``LONGEST_ARGUMENT`` characters."""
    text = _ADDRESS.sub("", repr(value))
    if len(text) > LONGEST_ARGUMENT:
        text = text[:LONGEST_ARGUMENT - 4] + "…" + text[-3:]
    return text


def _defined_in_main(proc) -> tuple[str, object] | None:
    """What of ``proc`` a child must import by name but that lives in ``__main__``:
    ``('target g', g)``, ``('Process subclass P', P)``, or None."""
    cls = type(proc)
    if cls.__module__ == "__main__":
        return f"Process subclass {cls.__qualname__}", cls
    target = getattr(proc, "_target", None)
    while isinstance(target, functools.partial):  # pickled as its function + arguments
        target = target.func
    if target is not None and getattr(target, "__module__", None) == "__main__":
        return f"target {getattr(target, '__qualname__', repr(target))}", target
    return None


def _genuine_error(obj) -> str:
    """The error the start would really give: pickling it here fails (a lambda, a local
    function), else the child fails to look it up in its own, empty ``__main__``."""
    from multiprocessing.reduction import ForkingPickler
    try:
        ForkingPickler.dumps(obj)
    except Exception as error:
        return f"{type(error).__name__}: {error} (raised by start())"
    name = getattr(obj, "__qualname__", repr(obj))
    return f"AttributeError: Can't get attribute '{name}' on {_childs_main()!r}"


def _childs_main():
    """A stand-in for the ``__main__`` a spawned child of a notebook has (the
    interpreter's own, with no file), so that its repr is this Python's: ``<module
    '__main__' (built-in)>`` on 3.11, ``(<class '_frozen_importlib.BuiltinImporter'>)``
    from 3.12."""
    import importlib.machinery
    import types
    main = types.ModuleType("__main__")
    main.__loader__ = importlib.machinery.BuiltinImporter
    return main


def check_importable(proc) -> None:
    """Raise a TypeError that says what to do when ``proc`` would be started by spawn
    or forkserver with a target (or a Process subclass) defined in a notebook cell.

    Such a child starts a fresh interpreter, or a copy of the fork server, and
    imports its target by module and name; a notebook's ``__main__`` is not a file
    it can import.  Started anyway, the child dies with an ``AttributeError`` (or
    ``start()`` raises a ``PicklingError``) that does not say what to do; the message
    here quotes that error and says it.  Nothing is checked under fork, nor when
    ``__main__`` is a file (a script: spawn re-imports it)."""
    method = getattr(proc, "_start_method", None) or multiprocessing.get_start_method()
    main = sys.modules.get("__main__")
    if method == "fork" or main is None or getattr(main, "__file__", None) is not None:
        return
    found = _defined_in_main(proc)
    if found is None:
        return
    what, obj = found
    name = getattr(obj, "__qualname__", repr(obj))
    raise TypeError(
        f"{what} is defined in this notebook (the kernel's __main__), which a child "
        f"started by {method} cannot import; it would fail with {_genuine_error(obj)}. "
        f"Move {name} into a module (the lessons' targets are in helpers/workers.py) "
        f"and import it from there.")


# -- the hooks ------------------------------------------------------------------------------

_original = {name: getattr(_mp.BaseProcess, name)
             for name in ("start", "join", "terminate", "kill", "_bootstrap")}


def _start(self):
    rec = _active()
    if rec is None:
        return _original["start"](self)
    self._workbook_sink = rec.sink
    t, target = now(), _describe_target(self)
    try:
        if rec.watcher is not None and rec.check_targets:  # the process that opened record()
            check_importable(self)
        _original["start"](self)
    except BaseException as error:
        rec.writer.write("start-failed", t=t, name=self.__dict__.get("_name", "?"),
                         error=_one_line(error))
        raise
    explicit = getattr(self, "_start_method", None)  # set on get_context(m).Process
    rec.writer.write("start", t=t, child=self.pid, name=self.name, target=target,
                     daemon=self.daemon, method=explicit or multiprocessing.get_start_method(),
                     explicit=explicit is not None, by=rec.by)
    rec.started.append(self)
    if rec.watcher is not None:
        rec.watcher.watch(self.pid, self.sentinel)


def _join(self, timeout=None):
    rec = _active()
    if rec is None or not rec.owns(self):
        return _original["join"](self, timeout)
    rec.writer.write("join-begin", child=self.pid, timeout=timeout, by=rec.by)
    try:
        _original["join"](self, timeout)
    finally:
        rec.writer.write("join-end", child=self.pid, exitcode=self._popen.poll(), by=rec.by)


def _signal(name):
    def send(self):
        rec = _active()
        if rec is not None and rec.owns(self):
            rec.writer.write(name, child=self.pid, by=rec.by)
        return _original[name](self)
    send.__name__ = send.__qualname__ = name
    return send


def _bootstrap(self, *args, **kwargs):
    """What a child runs first: when its Process carries a Sink, record the child."""
    sink = self.__dict__.get("_workbook_sink")
    if sink is None:
        return _original["_bootstrap"](self, *args, **kwargs)
    global _recorder
    rec = _recorder = Recorder(sink)
    rec.capture_streams(relay=False)
    run = self.run

    def recorded_run():
        rec.writer.write("begin", name=self.name, ppid=os.getppid())
        try:
            run()
        except SystemExit as exit_:
            rec.writer.write("end", raised=_one_line(exit_))
            raise
        except BaseException as error:  # as _bootstrap would, minus the recorder's frames
            rec.writer.write("end", raised=_one_line(error))
            sys.stderr.write(f"Process {self.name}:\n")
            print_exception(error, above=traceback.extract_stack(sys._getframe(1), limit=1))
            sys.exit(1)
        rec.writer.write("end", raised=None)

    self.run = recorded_run
    try:
        return _original["_bootstrap"](self, *args, **kwargs)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def _one_line(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


_mp.BaseProcess.start = _start
_mp.BaseProcess.join = _join
_mp.BaseProcess.terminate = _signal("terminate")
_mp.BaseProcess.kill = _signal("kill")
_mp.BaseProcess._bootstrap = _bootstrap


# -- record() ---------------------------------------------------------------------------

def began(proc, timeout: float = 10.0) -> bool:
    """Wait until ``proc``, started inside this process's ``record()``, has begun its
    target; True if it did within ``timeout`` s, False if it ended first or is still
    starting.  Where the article sleeps to let a child get going, a lesson waits with
    this instead: a busy machine can take longer than any such sleep to start a child
    (spawn: 30 ms on a quiet one, a second or more on a busy one)."""
    need_seconds(timeout, "timeout")
    rec = _active()
    if rec is None or not rec.owns(proc):
        raise RuntimeError("began() waits for a process started inside this process's record()")
    deadline = time.monotonic() + timeout
    while not has_begun(rec.sink.folder, proc.pid):
        if proc.exitcode is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


@contextmanager
def record(*, show: bool = True, wait: float = 10.0, echo: bool = False, folder: str | None = None,
           check_targets: bool = True):
    """Record every process started inside the block; yield the :class:`~helpers.run.Run`.

    The Run is filled in when the block ends.  ``show``: then display its timeline
    and summary (in IPython).  ``wait``: how long children still running at the end
    of the block are waited for before they are terminated.  ``check_targets``: a
    ``start()`` under spawn or forkserver whose target is defined in the notebook
    raises a TypeError saying to move it into a module (:func:`check_importable`);
    ``False`` lets it start, to show the error the child really gets.  ``echo`` and
    ``folder`` are for :mod:`helpers.scripts`.
    """
    from .run import Run  # here, so that a spawned child importing helpers stays light

    need_bool(show, "show")
    need_seconds(wait, "wait")
    need_bool(echo, "echo")
    need_bool(check_targets, "check_targets")
    if folder is not None and not (isinstance(folder, str) and os.path.isdir(folder)):
        raise ValueError(f"folder must be the path of an existing folder, not {folder!r}")
    global _recorder
    if _active() is not None:
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
    run = Run()
    failed = True
    try:
        yield run
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
            run.load(read_events(folder))
            if own_folder:
                shutil.rmtree(folder, ignore_errors=True)
    if show:
        run.show()


def _clean_up(rec: Recorder, wait: float) -> None:
    """Leave no child running: wait, then terminate, then kill; record exit codes."""
    rec.by = CLEANUP_BY
    running = [p for p in rec.started if not p._closed and p.exitcode is None]
    deadline = now() + wait
    try:
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
