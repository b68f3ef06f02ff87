"""What a summary says of a ``Process``, and which ones a spawned child could not import.

:func:`describe_target` names what a child runs (``f('bob')``, ``MyProcess.run()``)
without memory addresses; :func:`check_importable` refuses, with a message that says
what to do, a ``start()`` under spawn or forkserver whose target lives in a notebook.
"""

from __future__ import annotations

import functools
import multiprocessing
import re
import sys
from multiprocessing import managers as _managers
from multiprocessing import process as _mp

_run_server = _managers.BaseManager._run_server.__func__


def describe_target(proc) -> str:
    """``f('bob')`` for a target, ``MyProcess.run()`` for a subclass overriding run()."""
    if type(proc).run is not _mp.BaseProcess.run:
        return f"{type(proc).__name__}.run()"
    target = getattr(proc, "_target", None)
    if target is None:
        return "run() with no target"
    if getattr(target, "__func__", None) is _run_server:  # a Manager's own process
        return f"the server of a {target.__self__.__name__}"  # (its arguments: an authkey)
    return describe_call(target, getattr(proc, "_args", ()), getattr(proc, "_kwargs", {}))


def describe_call(func, args=(), kwargs=None) -> str:
    """``f('bob', n=2)``: a call as a summary says it (arguments shortened, no addresses)."""
    text = [_short_repr(a) for a in args]
    text += [f"{k}={_short_repr(v)}" for k, v in (kwargs or {}).items()]
    return f"{getattr(func, '__name__', _short_repr(func))}({', '.join(text)})"


_ADDRESS = re.compile(r"( object)? at 0x[0-9a-fA-F]+")
_VALUE = re.compile(r"\(.*\)>$")  # <Synchronized wrapper for c_int(3)>
LONGEST_ARGUMENT = 40
_BY_CLASS = ("multiprocessing.synchronize", "multiprocessing.queues",
             "multiprocessing.connection", "multiprocessing.managers")  # <Lock>, <DictProxy>


def _short_repr(value) -> str:
    """An argument as a summary shows it: no memory address (``<Queue>``, not
    ``<multiprocessing.queues.Queue object at 0x7f56c59e8590>``: it changes on every run
    and says nothing to a reader), and at most ``LONGEST_ARGUMENT`` characters.  A lock,
    an event, a semaphore, a queue, a pipe's end, a Manager's proxy... is its class alone
    (``<Lock>``, ``<Queue>``, ``<Connection>``, ``<DictProxy>``), a shared ``Array`` its
    length and type (``<Array of 5 c_int>``), and a shared ``Value`` has no number
    (``<Synchronized wrapper for c_int>``): their reprs tell their state at ``start()``
    (``owner=SomeOtherProcess``, ``unset``, ``c_int(3)``), which the other processes'
    timing decides."""
    if type(value).__module__ in _BY_CLASS:
        return f"<{type(value).__name__}>"
    if type(value).__name__ in ("SynchronizedArray", "SynchronizedString"):  # a ctypes repr
        return f"<Array of {len(value)} {value._obj._type_.__name__}>"
    if type(value).__module__ == "multiprocessing.sharedctypes" and hasattr(value, "_length_"):
        return f"<RawArray of {value._length_} {value._type_.__name__}>"
    text = _number(value) if type(value) is float else _ADDRESS.sub("", repr(value))
    if type(value).__module__ == "multiprocessing.sharedctypes":
        text = _VALUE.sub(">", text)  # a Value's number at start(): the others' doing
    if len(text) > LONGEST_ARGUMENT:
        text = text[:LONGEST_ARGUMENT - 4] + "…" + text[-3:]
    return text


def _number(value: float) -> str:
    """A float as a person writes it: ``0.3`` for ``0.1 + 0.2`` (``repr`` says
    ``0.30000000000000004``, the binary fraction's exact neighbourhood): at most 12
    significant digits, and still a float (``2.0``, not ``2``)."""
    text = f"{value:.12g}"
    return text if not text.lstrip("-").isdigit() else text + ".0"


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
    return _lookup_error(name)


def _lookup_error(name: str) -> str:
    """The error this Python's unpickler gives a child that looks ``name`` up in its
    ``__main__``: asked of the unpickler itself, so that it is worded as this version
    words it (``Can't get attribute 'g' on <module '__main__' (built-in)>`` on 3.11,
    ``(<class '_frozen_importlib.BuiltinImporter'>)`` from 3.12, ``module '__main__'
    has no attribute 'g'`` from 3.14)."""
    import io
    import pickle
    key = f"__workbook_childs_main_{id(name)}__"  # its own entry in sys.modules, for now
    sys.modules[key] = _childs_main()
    try:
        pickle.Unpickler(io.BytesIO()).find_class(key, name)  # raises: nothing is there
    except AttributeError as error:
        return f"AttributeError: {error}"
    finally:
        del sys.modules[key]


def _childs_main():
    """A stand-in for the ``__main__`` a spawned child of a notebook has: the
    interpreter's own, with no file, and nothing defined in it."""
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
        f"Move {name} into a module (the lessons' targets are in helpers/lessons/) "
        f"and import it from there.")
