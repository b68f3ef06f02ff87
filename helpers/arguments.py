"""Argument checks for the helpers' public functions.

A wrong argument fails at once, where the learner called the helper, with a message
that names the argument and says what it should be -- not three frames deeper in
pickle, psutil or matplotlib.  A wrong type raises ``TypeError``, a wrong value
``ValueError``.
"""

from __future__ import annotations

import math
import numbers


def what_it_is(value) -> str:
    return f"{value!r}" if isinstance(value, (int, float, str, bytes, type(None))) \
        else f"a {type(value).__name__}"


def need_bool(value, name: str) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {what_it_is(value)}")


def need_seconds(value, name: str, *, zero: bool = True) -> None:
    """A duration: a real number of seconds, >= 0 (``zero=False``: > 0)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
        raise TypeError(f"{name} must be a number of seconds, not {what_it_is(value)}")
    if value < 0 or (value == 0 and not zero):
        raise ValueError(f"{name} must be a number of seconds {'>=' if zero else '>'} 0, "
                         f"not {value!r}")


def need_int(value, name: str, *, minimum: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, not {what_it_is(value)}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value!r}")


def need_str(value, name: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {what_it_is(value)}")


def need_callable(value, name: str, what: str = "a function") -> None:
    if not callable(value):
        raise TypeError(f"{name} must be {what}, not {what_it_is(value)}")


def need_titles(titles, count: int, name: str = "titles") -> None:
    if isinstance(titles, (str, bytes)) or not isinstance(titles, (list, tuple)):
        raise TypeError(f"{name} must be a list of str, one per run, not {what_it_is(titles)}")
    if not all(isinstance(title, str) for title in titles):
        raise TypeError(f"{name} must be a list of str, one per run: {titles!r}")
    if len(titles) != count:
        raise ValueError(f"give one title per run: {count} runs, {len(titles)} titles")


def need_pid(value, name: str = "pid") -> None:
    need_int(value, name, minimum=1)


def need_process(value, name: str = "proc") -> None:
    import psutil
    if not isinstance(value, psutil.Process):
        raise TypeError(f"{name} must be a psutil.Process (psutil.Process(p.pid)), "
                        f"not {what_it_is(value)}")


def need_address(value, name: str = "address") -> None:
    """A ``(host, port)`` pair, as ``EchoServer().address``."""
    if (not isinstance(value, tuple) or len(value) != 2 or not isinstance(value[0], str)
            or isinstance(value[1], bool) or not isinstance(value[1], int)):
        raise TypeError(f"{name} must be a (host, port) pair such as server.address, "
                        f"not {what_it_is(value)}")
