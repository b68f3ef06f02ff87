"""A recorded run: per-process lanes built from the event log, and a text summary.

Everything here is a pure function of the events (see :mod:`helpers.timeline` for
how they are recorded), so it can be tested on synthetic runs.  The summary is what
nbval checks in the notebooks (it does not compare images): it is made of facts
that do not change from run to run -- each process's own order of events, which
processes overlapped, exit codes, and durations rounded coarsely.  No pids.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass, field

from .arguments import need_bool, need_titles


@dataclass
class Print:
    t: float
    stream: str  # "stdout" or "stderr"
    text: str


@dataclass
class Join:
    child: int
    began: float
    ended: float | None = None  # None: interrupted and never returned
    by: str | None = None  # None: the learner's code; "record()": its clean-up
    timeout: float | None = None


@dataclass
class Action:
    """Something a process did to another: start, terminate, kill."""

    t: float
    kind: str
    child: int
    by: str | None = None


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
    ppid: int | None = None  # os.getppid() in the child: under forkserver, the server
    requested: float | None = None  # start() called
    began: float | None = None  # target began
    ended: float | None = None  # target returned or raised
    raised: str | None = None
    exited: float | None = None
    exitcode: int | None = None
    prints: list[Print] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    failed_starts: list[tuple[float, str]] = field(default_factory=list)  # (t, error)

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
        self.recorder: int | None = None
        for event in self.events:
            getattr(self, "_on_" + event["kind"].replace("-", "_"), _ignore)(event)

    # -- building ------------------------------------------------------------------------

    def _lane(self, pid: int) -> Lane:
        if pid not in self._lanes:
            self._lanes[pid] = Lane(pid)
        return self._lanes[pid]

    def _on_record(self, e):
        self.recorder, self.method, self.t0 = e["pid"], e["method"], e["t"]
        lane = self._lane(e["pid"])
        lane.name, lane.began = e["name"], e["t"]

    def _on_start(self, e):
        child = self._lane(e["child"])
        child.name, child.target, child.daemon = e["name"], e["target"], e["daemon"]
        child.parent, child.requested, child.method = e["pid"], e["t"], e.get("method")
        child.explicit = e.get("explicit", False)
        self._lane(e["pid"]).actions.append(Action(e["t"], "start", e["child"], e.get("by")))

    def _on_start_failed(self, e):
        self._lane(e["pid"]).failed_starts.append((e["t"], e["error"]))

    def _on_begin(self, e):
        lane = self._lane(e["pid"])
        lane.began, lane.name, lane.ppid = e["t"], e["name"], e["ppid"]

    def _on_print(self, e):
        self._lane(e["pid"]).prints.append(Print(e["t"], e["stream"], e["text"]))

    def _on_end(self, e):
        lane = self._lane(e["pid"])
        lane.ended, lane.raised = e["t"], e.get("raised")

    def _on_join_begin(self, e):
        join = Join(e["child"], e["t"], by=e.get("by"), timeout=e.get("timeout"))
        self._lane(e["pid"]).joins.append(join)

    def _on_join_end(self, e):
        for join in reversed(self._lane(e["pid"]).joins):
            if join.child == e["child"] and join.ended is None:
                join.ended = e["t"]
                break
        if e.get("exitcode") is not None:
            self._exited(e["child"], e["t"], e["exitcode"])

    def _on_terminate(self, e):
        self._lane(e["pid"]).actions.append(Action(e["t"], e["kind"], e["child"], e.get("by")))

    _on_kill = _on_terminate

    def _on_exit(self, e):
        self._exited(e["child"], e["t"])

    def _on_exitcode(self, e):
        self._exited(e["child"], e["t"], e["code"])

    def _exited(self, pid, t, code=None):
        lane = self._lane(pid)
        if lane.exited is None:
            lane.exited = t  # the earliest sign: the sentinel, else the parent noticing
        if code is not None:
            lane.exitcode = code

    def _on_code_end(self, e):
        if self.code_end is None:  # a script marks it before its interpreter's exit
            self.code_end = e["t"]

    def _on_record_end(self, e):
        self.t1 = e["t"]
        lane = self._lanes.get(self.recorder)
        if lane is not None:
            lane.ended = e["t"]

    # -- reading -------------------------------------------------------------------------

    @property
    def lanes(self) -> list[Lane]:
        """The recording process first, then the others in the order they were started."""
        def order(lane):
            return (lane.pid != self.recorder, _first(lane.requested, lane.began, 0.0))
        return sorted(self._lanes.values(), key=order)

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
        edges = []
        for lane in self.children:
            if lane.running:
                edges += [(lane.running[0], 1), (lane.running[1], -1)]
        most = current = 0
        for _, step in sorted(edges, key=lambda edge: (edge[0], edge[1])):
            current += step
            most = max(most, current)
        return most

    def children_span(self) -> float:
        """Seconds from the first child's target beginning to the last one's end (0.0
        if no target ran): how long the children's work took together."""
        spans = [lane.running for lane in self.children if lane.running]
        return max(end for _, end in spans) - min(begin for begin, _ in spans) if spans else 0.0

    def summary(self) -> str:
        """A few stable lines: each process's events in order, overlap, exit codes."""
        from .describe import describe_run
        return describe_run(self)

    def figure(self):
        """The timeline as a matplotlib Figure."""
        from .plot import draw
        return draw(self)

    def show(self, summary: bool = True) -> None:
        """Display the timeline and print the summary (plain text outside IPython)."""
        need_bool(summary, "summary")
        count = len(self.lanes)
        _display_figure(self.figure, f"<timeline: {count} process{'es' * (count != 1)}>")
        if summary:
            print(self.summary())

    def _ipython_display_(self):
        self.show()

    def __repr__(self):
        return f"<Run: {len(self.lanes)} processes, start method {self.method}>"


def compare(*runs: Run, titles: list[str], summary: bool = True) -> None:
    """Show several runs one above the other on one time scale, then their summaries
    (``summary=False``: the picture only, for runs that differ by chance): the way to
    see what a change (join inside or after a loop, say) does."""
    from .plot import draw_many

    if not runs or not all(isinstance(run, Run) for run in runs):
        raise TypeError("compare() takes the Run objects that record() yields")
    need_titles(titles, len(runs))
    need_bool(summary, "summary")
    count = "timeline" if len(runs) == 1 else f"{len(runs)} timelines"
    _display_figure(lambda: draw_many(list(runs), list(titles)),
                    f"<{count}: {'; '.join(titles)}>")
    for run, title in zip(runs, titles, strict=True):
        if summary:
            print(f"{title}:\n{run.summary()}")


def _display_figure(make_figure, text: str) -> None:
    """Display a figure as a PNG in IPython (nothing elsewhere); ``text`` is its plain
    text form, which nbval compares (it skips images)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is not None:
        from .plot import png_bytes
        display({"image/png": png_bytes(make_figure()), "text/plain": text}, raw=True)


def _first(*values):
    return next(v for v in values if v is not None)


def _ignore(event):
    pass


def exit_text(code: int | None) -> str:
    """``exit code 0``, ``exit code -15 (SIGTERM)``, ``still running``."""
    if code is None:
        return "no exit code"
    if code < 0:
        try:
            return f"exit code {code} ({signal.Signals(-code).name})"
        except ValueError:
            pass
    return f"exit code {code}"
