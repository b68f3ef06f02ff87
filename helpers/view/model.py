"""A recorded run: one lane per process, built from the event log by the event families.

Everything here is a pure function of the events, so it can be tested on synthetic
runs.  Each event is folded in by the family that owns its kind
(:func:`helpers.families.family_of`); a lane has the process family's fields (when
it was started, began, ended, exited, what it printed, joined, signalled) and the
marks and spans of every other family.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..arguments import what_it_is
from ..families import Mark, Span, family_of
from ..families.base import most_overlapping
from ..families.process import Action, Join, Print


@dataclass
class Lane:
    """One process of the run, and what it did."""

    pid: int
    name: str = "?"
    parent: int | None = None  # pid of the process that started it (None: the recorder)
    target: str | None = None  # "f('bob')" or "MyProcess.run()"
    daemon: bool = False
    method: str | None = None
    explicit: bool = False  # started from get_context(method), not the default
    owner: str | None = None  # the pool that made it, one of its workers ("Pool-1")
    ppid: int | None = None  # os.getppid() in the child: under forkserver, the server
    requested: float | None = None  # start() called
    began: float | None = None  # target began
    ended: float | None = None  # target returned or raised
    raised: str | None = None
    sys_exit: str | None = None  # "sys.exit(3)": the target ended by calling it
    exited: float | None = None
    exitcode: int | None = None
    prints: list[Print] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    failed_starts: list[tuple[float, str]] = field(default_factory=list)  # (t, error)
    marks: list[Mark] = field(default_factory=list)  # of the other families
    spans: list[Span] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.name} (pid {self.pid})"

    @property
    def running(self) -> tuple[float, float] | None:
        """When its target ran: from its beginning to its end, or to its exit if it was
        stopped before it could end (terminated, killed)."""
        end = self.ended if self.ended is not None else self.exited
        if self.began is None or end is None:
            return None
        return self.began, end


class Run:
    """What every process of one recording did; filled in when ``record()`` ends."""

    def __init__(self, events: list[dict] | None = None):
        self.load(events or [])

    def load(self, events: list[dict]) -> None:
        """(Re)build the lanes from the events, ordered by time."""
        self.events = sorted(events, key=lambda e: e["t"])
        self.method: str | None = None
        self.t0 = self.t1 = self.code_end = None
        self._lanes: dict[int, Lane] = {}
        self._objects: dict[tuple[str, str], str] = {}
        self._scratch: dict[str, dict] = {}
        self.recorder: int | None = None
        for event in self.events:
            family_of(event["kind"]).fold(self, event)
        self._name_objects()

    # -- for the families ----------------------------------------------------------------

    def lane_of(self, pid: int) -> Lane:
        """The lane of process ``pid``, made on first use."""
        if pid not in self._lanes:
            self._lanes[pid] = Lane(pid)
        return self._lanes[pid]

    def object_name(self, prefix: str, key) -> str:
        """The name of a shared object -- ``Lock-1``, ``Lock-2``... once the run is
        loaded -- for a mark's or a span's ``obj`` (where the names are given: a family
        keeps them nowhere else).

        The numbers follow the order of the lanes -- the recorder, then each child in
        the order it was started -- and within a lane the order of its uses.  Not the
        order of the first uses in time: two children taking two locks at once would
        name them by which child came first, which start-up decides."""
        token = f"{prefix}\x00{key!r}"
        self._objects.setdefault(token, prefix)
        return token

    def scratch(self, family: str) -> dict:
        """A family's own bookkeeping while the events are folded -- e.g. which send a
        receive answers -- empty again at each :meth:`load`."""
        return self._scratch.setdefault(family, {})

    def _name_objects(self) -> None:
        names, counts = {}, {}
        for lane in self.lanes:
            for item in sorted([*lane.marks, *lane.spans], key=_time_of):
                if item.obj in self._objects and item.obj not in names:
                    prefix = self._objects[item.obj]
                    counts[prefix] = counts.get(prefix, 0) + 1
                    names[item.obj] = f"{prefix}-{counts[prefix]}"
        for lane in self._lanes.values():
            for item in [*lane.marks, *lane.spans]:
                item.obj = names.get(item.obj, item.obj)

    # -- reading -------------------------------------------------------------------------

    @property
    def lanes(self) -> list[Lane]:
        """The recording process first, then the others in the order they were started."""
        def order(lane):
            return (lane.pid != self.recorder, _first(lane.requested, lane.began, 0.0))
        return sorted(self._lanes.values(), key=order)

    @property
    def end(self) -> float | None:
        """When the recording ended (``t1``, its ``record-end``), or, if that was never
        written -- the recording process ended without its clean-up: ``os._exit``, a
        crash, a signal -- when the last event of any process was (children may go on
        after it); None for a run without events.  What a lane still open runs to."""
        if self.t1 is not None or not self.events:
            return self.t1
        return self.events[-1]["t"]

    @property
    def children(self) -> list[Lane]:
        return [lane for lane in self.lanes if lane.pid != self.recorder]

    def lane(self, name: str) -> Lane:
        """The lane of the process called ``name`` (e.g. ``'Process-1'``)."""
        for lane in self.lanes:
            if lane.name == name:
                return lane
        raise KeyError(f"no process named {name!r} in this run; it has "
                       f"{', '.join(lane.name for lane in self.lanes)}")

    def name_of(self, pid: int) -> str:
        return self._lanes[pid].name if pid in self._lanes else f"pid {pid}"

    def max_concurrent(self) -> int:
        """The largest number of children whose targets ran at the same moment."""
        return most_at_once(self.children)

    def children_span(self) -> float:
        """Seconds from the first child's target beginning to the last one's end (0.0
        if no target ran): how long the children's work took together."""
        spans = [lane.running for lane in self.children if lane.running]
        return max(end for _, end in spans) - min(begin for begin, _ in spans) if spans else 0.0

    def __repr__(self):
        return f"<Run: {len(self.lanes)} processes, start method {self.method}>"


def most_at_once(lanes: list[Lane]) -> int:
    """The largest number of ``lanes`` whose targets ran at the same moment (a measure
    of this run: another run of the same code may overlap differently)."""
    return most_overlapping([lane.running for lane in lanes if lane.running])


def _time_of(item) -> float:
    return item.t if isinstance(item, Mark) else item.began


def _first(*values):
    return next(v for v in values if v is not None)


def need_run(value, name: str = "run") -> None:
    if not isinstance(value, Run):
        raise TypeError(f"{name} must be the Run that record() gives "
                        f"(with record() as {name}: ...), not {what_it_is(value)}")


def need_runs(values, name: str = "runs") -> None:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list of the Runs that record() gives, "
                        f"not {what_it_is(values)}")
    values = list(values)
    if not values or not all(isinstance(run, Run) for run in values):
        raise TypeError(f"{name} must be a non-empty list of the Runs that record() gives")
