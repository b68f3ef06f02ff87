"""Log every deliberate ``time.sleep`` of this process (bench/suite_time.py).

Put this folder on ``PYTHONPATH`` and name a file in ``WORKBOOK_SLEEP_LOG``: every
Python started with that environment -- a kernel, its spawned children, a script run
by helpers.scripts and its children; forked ones inherit the patch -- appends one line
when a sleep of at least ``MIN_SLEEP`` seconds begins (``b pid t seconds``) and one when
it returns (``e pid t``), ``t`` on the system-wide monotonic clock.  Shorter sleeps are
polling loops, not the lessons' deliberate pauses; so are the sleeps of installed
packages (ipykernel's thread that checks every second that its parent is alive).
"""

import os
import sys
import time

MIN_SLEEP = 0.05
_log = os.environ.get("WORKBOOK_SLEEP_LOG")

if _log:
    _sleep = time.sleep

    def sleep(seconds):
        caller = sys._getframe(1).f_code.co_filename
        if not isinstance(seconds, (int, float)) or seconds < MIN_SLEEP \
                or "site-packages" in caller:
            return _sleep(seconds)
        fd = os.open(_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, f"b {os.getpid()} {time.monotonic()!r} {seconds!r}\n".encode())
            _sleep(seconds)
            os.write(fd, f"e {os.getpid()} {time.monotonic()!r}\n".encode())
        finally:
            os.close(fd)

    sleep.__name__ = sleep.__qualname__ = "sleep"  # pickled by reference, as time.sleep
    sleep.__module__ = "time"
    sleep.__doc__ = _sleep.__doc__
    time.sleep = sleep
