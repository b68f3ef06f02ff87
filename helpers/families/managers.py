"""The managers family: every call through a ``Manager``'s proxy, drawn as a round trip
from the calling lane to the manager's server lane.

A proxy (``manager.dict()``, ``manager.list()``, ``manager.Lock()``...) holds nothing:
each ``d[key] = value``, ``names.append(x)``, ``ns.last`` is one ``_callmethod()`` --
a message to the server, which runs the method on the real object, and its answer.
The hook on ``BaseProxy._callmethod`` records each such call in the process that makes
it, with its method, the server's address, and how it ended; the hook on
``BaseManager.start`` notes which process serves which address, so that a call finds
its server's lane.

Recorded is the learner's call: the frame that called the proxy's method, once the
proxies' own generated methods (code without a module) and ``multiprocessing.managers``
are skipped, must be the learner's code (:func:`~.hooks.recording`).  Accesses are not
drawn one by one elsewhere: a ``Value`` read is no call, a shared-memory read not even
a function call.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from multiprocessing import managers as _mpm

from ..recorder.events import now
from ..recorder.session import active
from .base import Family, Mark, Style
from .hooks import patch, quietly, recording

_PROXIES = (None, "multiprocessing.managers")  # the modules of a proxy's own methods


def _address(address) -> str:
    """A server's address as a key the same in every process (a path or host:port)."""
    return address if isinstance(address, str) else ":".join(map(str, address))


def _learners_frame():
    """The frame that called the proxy's method: past the hooks and the proxy's code."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__") in _PROXIES:
        frame = frame.f_back
    return frame


def _callmethod(original):
    def hook(self, methodname, args=(), kwds=None):
        __tracebackhide__ = True  # noqa: F841
        kwds = {} if kwds is None else kwds
        rec = None
        if active() is not None:  # (the frames are looked at only while recording)
            caller = _learners_frame()
            rec = recording(caller) if caller is not None else None
        if rec is None:
            return original(self, methodname, args, kwds)
        began, raised = now(), {}
        try:
            return quietly(original, self, methodname, args, kwds)
        except BaseException as error:
            raised["error"] = type(error).__name__
            raise
        finally:
            rec.writer.write("mgr-call", t=began, ended=now(), method=methodname,
                             server=_address(self._token.address), **raised)
    return hook


def _start(original):
    def hook(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        rec = active()  # whoever calls start(): Manager() and `with` call it from inside
        if rec is not None and self._process is not None:
            rec.writer.write("mgr-server", server=_address(self._address),
                             child=self._process.pid)
        return result
    return hook


# -- the model ------------------------------------------------------------------------------------

@dataclass
class Call(Mark):
    """One call through a proxy: ``text`` is its method, ``obj`` its server's address."""

    ended: float = 0.0
    error: str | None = None  # the exception it raised, if it did


class ManagersFamily(Family):
    name = "managers"
    kinds = ("mgr-call", "mgr-server")
    styles = {"call": Style("call through a proxy: to its server and back", "#9467bd",
                            marker="|")}

    def install(self) -> None:
        patch(_mpm.BaseProxy, "_callmethod", _callmethod)
        patch(_mpm.BaseManager, "start", _start)

    def fold(self, run, e: dict) -> None:
        if e["kind"] == "mgr-server":
            run.scratch(self.name).setdefault("servers", {})[e["server"]] = e["child"]
            return
        run.lane_of(e["pid"]).marks.append(
            Call(e["t"], self.name, "call", e["server"], e["method"], ended=e["ended"],
                 error=e.get("error")))

    def server_name(self, run, address: str) -> str:
        """The name of the lane serving ``address``, or 'a Manager's server' where the
        server was started outside this recording."""
        pid = run.scratch(self.name).get("servers", {}).get(address)
        return run.name_of(pid) if pid is not None else "a Manager's server"

    def _calls(self, lane) -> list[Call]:
        return [m for m in lane.marks if m.family == self.name]

    # -- the picture -----------------------------------------------------------------

    def draw(self, ax, run, lane, row: float, x, rows: dict) -> set[str]:
        """A tick on the calling lane per call, and a thin line down (or up) to the
        server's lane and back: each call a round trip."""
        calls = self._calls(lane)
        if not calls:
            return set()
        servers, color = run.scratch(self.name).get("servers", {}), self.styles["call"].color
        ax.plot([x(c.t) for c in calls], [row] * len(calls), "|", color=color, ms=9, zorder=5)
        for call in calls:
            there = rows.get(servers.get(call.obj))
            if there is not None:
                ax.plot([x(call.t), x(call.ended)], [row, there], color=color, lw=0.8,
                        alpha=0.7, zorder=3)
        return {"call"}

    # -- the summary -----------------------------------------------------------------

    def lane_items(self, run, lane) -> list[tuple[float, str]]:
        """Each call as ``SyncManager-1.append()``, with what it raised: the lane's own
        code decides them, whatever the schedule (several in a row: counted)."""
        return [(c.t, f"{self.server_name(run, c.obj)}.{c.text}()"
                      + (f" → {c.error}" if c.error else "")) for c in self._calls(lane)]

    def summary_lines(self, run) -> list[str]:
        """How many calls each server answered, from how many processes."""
        served: dict[str, list[int]] = {}
        for lane in run.lanes:
            for call in self._calls(lane):
                served.setdefault(self.server_name(run, call.obj), []).append(lane.pid)
        return [f"{server}: {len(pids)} call{'s' * (len(pids) != 1)} through proxies, from "
                f"{len(set(pids))} process{'es' * (len(set(pids)) != 1)}"
                for server, pids in served.items()]


MANAGERS = ManagersFamily()
