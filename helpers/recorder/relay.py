"""The recording process's background thread: relay children's output, note exits.

While a recording is active, the process that opened it (the notebook's kernel, or
a script run by :mod:`helpers.tools.scripts`) runs one :class:`Watcher` thread.  Every few
milliseconds -- and at once when a child exits -- it reads the events the children
appended to the log and writes the lines they printed to this process's own
``stdout``/``stderr``, i.e. into the notebook cell, in the order they were printed.
It also records the moment each child's sentinel becomes ready (the child exited),
without reaping the child, so a lesson can still show a zombie.
"""

from __future__ import annotations

import os
import threading
from multiprocessing.connection import wait

from .events import Tail
from .tracebacks import tidy

INTERVAL = 0.02  # seconds between two looks at the log while no child exits


class Watcher:
    """Relays the children's ``print`` events to ``streams`` and notes their exits."""

    def __init__(self, folder: str, writer, streams: dict, interval: float = INTERVAL):
        self._tail = Tail(folder, skip_pid=writer.pid)
        self._writer = writer
        self._streams = streams  # {"stdout": stream, "stderr": stream}; {}: relay nothing
        self._interval = interval
        self._sentinels: dict[int, int] = {}  # our own dup of a sentinel -> child pid
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="timeline-watcher", daemon=True)
        self._thread.start()

    def watch(self, pid: int, sentinel: int) -> None:
        """Note the exit of child ``pid`` when its ``sentinel`` becomes ready."""
        if os.name == "posix":  # a dup keeps our fd valid even after Process.close()
            with self._lock:
                self._sentinels[os.dup(sentinel)] = pid

    def relay(self) -> None:
        """Write every line the children printed since the last call to ``streams``."""
        with self._lock:
            for event in self._tail.new_events():
                stream = self._streams.get(event.get("stream"))
                if event["kind"] == "print" and stream is not None:
                    stream.write(tidy(event["text"]) + ("\n" if event.get("nl", True) else ""))
                    stream.flush()

    def stop(self) -> None:
        """Stop the thread, then relay what is left."""
        self._stopping.set()
        self._thread.join()
        self._note_exits(timeout=0)
        self.relay()
        with self._lock:
            for fd in self._sentinels:
                os.close(fd)
            self._sentinels.clear()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            self._note_exits(self._interval)
            self.relay()

    def _note_exits(self, timeout: float) -> None:
        with self._lock:
            fds = list(self._sentinels)
        if not fds:
            self._stopping.wait(timeout)
            return
        for fd in wait(fds, timeout=timeout):
            with self._lock:
                pid = self._sentinels.pop(fd)
                os.close(fd)
            self._writer.write("exit", child=pid)
