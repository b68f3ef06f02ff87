"""What the families' hooks into ``multiprocessing`` share: when a call is recorded, and a
key for an object that is the same in every process.

A call is recorded only when a recording is active in the calling process and the
caller is the learner's code: not ``multiprocessing`` or ``threading`` themselves, not
``concurrent.futures`` (its executor's queues), not code with no module (the ``.value``
property of a synchronized ``Value`` is made with ``exec``).  So the locks inside a
``Queue``, the queues inside a ``Pool``, a ``Manager``'s connections stay out of the
picture, which shows the objects the learner's code uses.
"""

from __future__ import annotations

import itertools
import os
import threading

from ..recorder.session import active

_INSIDE = ("multiprocessing.", "concurrent.futures")


class _State(threading.local):
    quiet = False  # inside a recorded call: its inner calls are its own business


_state = _State()
_keys = itertools.count(1)


def recording(caller):
    """The active recorder, if the call coming from frame ``caller`` is to be recorded."""
    rec = active()
    if rec is None or _state.quiet:
        return None
    module = caller.f_globals.get("__name__")
    if module is None or module == "threading" or module.startswith(_INSIDE):
        return None
    return rec


def quietly(call, *args, **kwargs):
    """``call(*args, **kwargs)``, the calls it makes not recorded (this thread).

    A function, not a context manager: a signal's exception (``KeyboardInterrupt``
    from ``Process.interrupt()``) can be raised on entering a context manager's
    ``__exit__``, before it restores the state, and the thread would then record no
    more; a ``finally`` block that only assigns runs whole."""
    before, _state.quiet = _state.quiet, True
    try:
        return call(*args, **kwargs)
    finally:
        _state.quiet = before


OWNER = "_workbook_for"  # set on a Process that a pool made: the pool's name ("Pool-1")


def acting_for(proc, caller) -> str | None:
    """Who acts on ``proc`` (starts, joins, terminates it) when the call comes from frame
    ``caller``: the pool that made it, when the call comes from the pool's own code
    (``multiprocessing.pool``, ``concurrent.futures``); else None -- the learner's code,
    which may join or terminate a pool's worker by hand."""
    module = caller.f_globals.get("__name__") or ""
    return proc.__dict__.get(OWNER) if module.startswith(_INSIDE) else None


def new_key() -> str:
    """A key no other object of this run has: this process's pid and a number."""
    return f"{os.getpid()}:{next(_keys)}"


def lock_key(lock) -> str:
    """The key of a ``SemLock`` (a ``Lock``, a ``Queue``'s read lock...): its semaphore's
    name where it has one (spawn, forkserver: the same in every process), else one
    given now and kept on it, which fork children inherit."""
    key = lock.__dict__.get("_workbook_key") or lock._semlock.name
    if key is None:
        key = new_key()
    lock._workbook_key = key
    return key


def patch(cls, name, make):
    """Replace ``cls.name`` by ``make(original)``, keeping its name and docstring."""
    original = getattr(cls, name)
    hook = make(original)
    hook.__name__ = hook.__qualname__ = name
    hook.__doc__ = original.__doc__
    setattr(cls, name, hook)
