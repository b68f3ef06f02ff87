"""The process family: a process's life, from ``start()`` to its exit code.

Events (one JSON object each, see :mod:`helpers.recorder.events`):

- of the recording: ``record`` (it began: start method, the recorder's name),
  ``code-end`` (the code of the ``with`` block, or a script's main code, ended),
  ``record-end``, or instead ``os-exit`` (its process called ``os._exit(code)``,
  which skips the recording's end);
- of a parent: ``start`` (``child``, its name, target, daemon flag, start method),
  ``start-failed``, ``join-begin``/``join-end``, ``terminate``, ``kill``, ``exit`` (a
  child's sentinel became ready) and ``exitcode``;
- of a child: ``begin`` (its target began), ``print`` (a line on stdout or stderr),
  ``end`` (the target returned or raised).

Hooks: ``start``, ``join``, ``terminate``, ``kill`` and ``_bootstrap`` (what a child
runs first) of ``multiprocessing.process.BaseProcess``, and ``os._exit``; each does
nothing unless a recording is active in the calling process (``os._exit``: unless
that process opened it).  Under spawn and forkserver, unpickling
the child's :class:`~helpers.recorder.session.Sink` imports ``helpers``, which
installs them there.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import traceback
from dataclasses import dataclass
from multiprocessing import process as _mp

from ..recorder.events import now
from ..recorder.session import CLEANUP_BY, active, begin_child
from ..recorder.targets import check_importable, describe_target
from ..recorder.tracebacks import print_exception
from .base import BESIDE, UNDER, Family, Style, Zoom, label, label_text
from .hooks import OWNER, acting_for

AT_EXIT = "at exit"  # who acts when a script's main code has ended: the interpreter
TEXT_WIDTH = 30  # longest printed text quoted in full in a summary


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


# -- the hooks --------------------------------------------------------------------------------

_original = {name: getattr(_mp.BaseProcess, name)
             for name in ("start", "join", "terminate", "kill", "_bootstrap")}


def _start(self):
    rec = active()
    if rec is None:
        return _original["start"](self)
    # First in the state a spawned child unpickles: the Sink imports helpers there, which
    # installs every family's hooks before the arguments are rebuilt (a Lock among them
    # gets its recorded methods as it is unpickled, whatever module the target is in).
    self.__dict__ = {"_workbook_sink": rec.sink, **self.__dict__}
    t, target = now(), describe_target(self)
    try:
        if rec.watcher is not None and rec.check_targets:  # the process that opened record()
            check_importable(self)
        _original["start"](self)
    except BaseException as error:
        rec.writer.write("start-failed", t=t, name=self.__dict__.get("_name", "?"),
                         error=one_line(error))
        raise
    explicit = getattr(self, "_start_method", None)  # set on get_context(m).Process...
    if sys._getframe(1).f_globals.get("__name__", "").startswith("multiprocessing."):
        explicit = None  # ...also on the processes multiprocessing starts for itself
    rec.writer.write("start", t=t, child=self.pid, name=self.name, target=target,
                     daemon=self.daemon, method=explicit or multiprocessing.get_start_method(),
                     explicit=explicit is not None, owner=self.__dict__.get(OWNER),
                     by=rec.by or acting_for(self, sys._getframe(1)))
    rec.started_child(self)


def _join(self, timeout=None):
    rec = active()
    if rec is None or not rec.owns(self):
        return _original["join"](self, timeout)
    by = rec.by or acting_for(self, sys._getframe(1))
    rec.writer.write("join-begin", child=self.pid, timeout=timeout, by=by)
    try:
        _original["join"](self, timeout)
    finally:
        rec.writer.write("join-end", child=self.pid, exitcode=self._popen.poll(), by=by)


def _signal(name):
    def send(self):
        rec = active()
        if rec is not None and rec.owns(self):
            rec.writer.write(name, child=self.pid, by=rec.by or acting_for(self, sys._getframe(1)))
        return _original[name](self)
    send.__name__ = send.__qualname__ = name
    return send


def _bootstrap(self, *args, **kwargs):
    """What a child runs first: when its Process carries a Sink, record the child."""
    sink = self.__dict__.get("_workbook_sink")
    if sink is None:
        return _original["_bootstrap"](self, *args, **kwargs)
    rec = begin_child(sink)
    run = self.run

    def recorded_run():
        rec.writer.write("begin", name=self.name, ppid=os.getppid())
        try:
            run()
        except SystemExit as exit_:  # an exit, not an error (_bootstrap takes its code)
            rec.writer.write("end", raised=None, sys_exit=exit_call(exit_))
            raise
        except BaseException as error:  # as _bootstrap would, minus the recorder's frames
            rec.writer.write("end", raised=one_line(error))
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


def exit_function_recorded(rec) -> None:
    """Run multiprocessing's own exit handler (``multiprocessing.util._exit_function``:
    what the interpreter runs at exit, after the main code and every non-daemon thread
    have ended) with what it does recorded as the interpreter's, :data:`AT_EXIT`.

    It terminates each daemon still running through ``p._popen.terminate()``, which the
    ``terminate`` hook cannot see, so each such child's ``Popen`` notes the call here;
    its joins go through ``join()`` and its hook."""
    from multiprocessing import util
    rec.by = AT_EXIT
    for p in _mp.active_children():
        if p.daemon and rec.owns(p):
            p._popen.terminate = _noted_terminate(rec, p.pid, p._popen.terminate)
    util._exit_function()


def _noted_terminate(rec, pid: int, terminate):
    def noted():
        rec.writer.write("terminate", child=pid, by=rec.by)
        return terminate()
    return noted


_original_os_exit = os._exit


def _os_exit(status, /):
    """``os._exit`` in the process that opened the recording: note that it ends now.
    Its ``record-end`` will never be written, and no other process notes its end, so
    without this a child that outlives it (a daemon, lesson 06) looks like it did not.
    A child's ``os._exit`` (every fork child ends with one) is noted by its parent."""
    rec = active()
    if rec is not None and rec.watcher is not None:
        try:
            rec.writer.write("os-exit", code=status)
        except Exception:  # the process ends all the same
            pass
    _original_os_exit(status)


def one_line(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _ending(lane) -> str | None:
    """How a child's target ended, when not by returning: ``raised ValueError: …`` or
    ``sys.exit(3)``."""
    if lane.raised:
        return f"raised {lane.raised}"
    return lane.sys_exit


def exit_call(exit_: SystemExit) -> str:
    """The call a target ended with, as written: ``sys.exit(3)``, ``sys.exit()``."""
    return f"sys.exit({'' if exit_.code is None else label_text(repr(exit_.code), 40)})"


# -- words for the summary --------------------------------------------------------------------
#
# A summary never says how long a target ran: on a busy machine a sleep wakes up late --
# by 0.14 s under the load `make bench` makes -- so no rounding to 0.1 s holds (a 2 s
# sleep read "2.1" once in five runs).  The picture shows the times; the summary says
# that the target ended, or how it failed.

def exit_text(code: int | None) -> str:
    """``exit code 0``, ``exit code -15 (SIGTERM)``, ``no exit code``."""
    if code is None:
        return "no exit code"
    if code < 0:
        try:
            return f"exit code {code} ({signal.Signals(-code).name})"
        except ValueError:
            pass
    return f"exit code {code}"


def quote(text: str) -> str:
    if len(text) > TEXT_WIDTH:
        text = text[: TEXT_WIDTH - 1] + "…"
    return repr(text)


# -- the family -------------------------------------------------------------------------------

COLORS = {"recorder": "#c6dbef", "running": "#3182bd", "starting": "#969696",
          "join": "#fd8d3c", "cleanup": "#bdbdbd", "print": "#31a354", "stderr": "#de2d26",
          "signal": "#de2d26", "exit": "#252525"}
RECORDER_BAR = 0.5  # the heights of the recorder's bar (and of a join's), and of a
CHILD_BAR = 0.35  # child's target, in lanes: the labels of the marks on them go above or below


class ProcessFamily(Family):
    name = "process"
    kinds = ("record", "start", "start-failed", "begin", "print", "end", "join-begin",
             "join-end", "terminate", "kill", "exit", "exitcode", "code-end", "record-end",
             "os-exit")
    styles = {
        "running": Style("target running", COLORS["running"], marker=""),
        "raised": Style("target raised", COLORS["signal"], marker=""),
        "starting": Style("starting / exiting", COLORS["starting"], marker=""),
        "join": Style("waiting in join()", COLORS["join"], hatch="///"),
        "cleanup": Style(f"{CLEANUP_BY} cleaning up", COLORS["cleanup"], hatch="///"),
        "at exit": Style("the interpreter at exit", COLORS["cleanup"], hatch="\\\\\\"),
        "print": Style("print", COLORS["print"], marker="o"),
        "stderr": Style("stderr (its last line)", COLORS["stderr"], marker="o"),
        "signal": Style("terminate/kill", COLORS["signal"], marker="x"),
        "failed": Style("start() failed / died before its target", COLORS["signal"], marker="X"),
        "exit": Style("exit (code)", COLORS["exit"], marker="s"),
    }

    def install(self) -> None:
        _mp.BaseProcess.start = _start
        _mp.BaseProcess.join = _join
        _mp.BaseProcess.terminate = _signal("terminate")
        _mp.BaseProcess.kill = _signal("kill")
        _mp.BaseProcess._bootstrap = _bootstrap
        os._exit = _os_exit

    # -- the model -------------------------------------------------------------------

    def fold(self, run, e: dict) -> None:
        getattr(self, "_on_" + e["kind"].replace("-", "_"))(run, e)

    def _on_record(self, run, e):
        run.recorder, run.method, run.t0 = e["pid"], e["method"], e["t"]
        lane = run.lane_of(e["pid"])
        lane.name, lane.began = e["name"], e["t"]

    def _on_start(self, run, e):
        child = run.lane_of(e["child"])
        child.name, child.target, child.daemon = e["name"], e["target"], e["daemon"]
        child.parent, child.requested, child.method = e["pid"], e["t"], e.get("method")
        child.explicit = e.get("explicit", False)
        child.owner = e.get("owner")
        run.lane_of(e["pid"]).actions.append(Action(e["t"], "start", e["child"], e.get("by")))

    def _on_start_failed(self, run, e):
        run.lane_of(e["pid"]).failed_starts.append((e["t"], e["error"]))

    def _on_begin(self, run, e):
        lane = run.lane_of(e["pid"])
        lane.began, lane.name, lane.ppid = e["t"], e["name"], e["ppid"]

    def _on_print(self, run, e):
        run.lane_of(e["pid"]).prints.append(Print(e["t"], e["stream"], e["text"]))

    def _on_end(self, run, e):
        lane = run.lane_of(e["pid"])
        lane.ended, lane.raised, lane.sys_exit = e["t"], e.get("raised"), e.get("sys_exit")

    def _on_join_begin(self, run, e):
        join = Join(e["child"], e["t"], by=e.get("by"), timeout=e.get("timeout"))
        run.lane_of(e["pid"]).joins.append(join)

    def _on_join_end(self, run, e):
        for join in reversed(run.lane_of(e["pid"]).joins):
            if join.child == e["child"] and join.ended is None:
                join.ended = e["t"]
                break
        if e.get("exitcode") is not None:
            self._exited(run, e["child"], e["t"], e["exitcode"])

    def _on_terminate(self, run, e):
        run.lane_of(e["pid"]).actions.append(Action(e["t"], e["kind"], e["child"], e.get("by")))

    _on_kill = _on_terminate

    def _on_exit(self, run, e):
        self._exited(run, e["child"], e["t"])

    def _on_exitcode(self, run, e):
        self._exited(run, e["child"], e["t"], e["code"])

    @staticmethod
    def _exited(run, pid, t, code=None):
        lane = run.lane_of(pid)
        if lane.exited is None:
            lane.exited = t  # the earliest sign: the sentinel, else the parent noticing
        if code is not None:
            lane.exitcode = code

    def _on_code_end(self, run, e):
        if run.code_end is None:  # a script marks it before its interpreter's exit
            run.code_end = e["t"]

    def _on_record_end(self, run, e):
        run.t1 = e["t"]
        lane = run._lanes.get(run.recorder)
        if lane is not None:
            lane.ended = e["t"]

    def _on_os_exit(self, run, e):
        self._exited(run, e["pid"], e["t"], e["code"])

    # -- the picture -----------------------------------------------------------------

    def draw(self, ax, run, lane, row: float, x, rows: dict) -> set[str]:
        used = set()
        if lane.pid == run.recorder:
            used |= self._draw_recorder(ax, run, lane, row, x)
        else:
            used |= self._draw_child(ax, run, lane, row, x)
        for join in lane.joins:
            end = join.ended if join.ended is not None else run.end
            key = {CLEANUP_BY: "cleanup", AT_EXIT: "at exit"}.get(join.by, "join")
            style = self.styles[key]
            ax.barh(row, x(end) - x(join.began), left=x(join.began), height=RECORDER_BAR,
                    fill=False, hatch=style.hatch, edgecolor=style.color, lw=0)
            used.add(key)
        for action in lane.actions:
            if action.child not in rows:
                continue
            if action.kind == "start":
                _start_arrow(ax, x(action.t), row, rows[action.child])
            else:
                ax.plot(x(action.t), rows[action.child], "x", color=COLORS["signal"], ms=9,
                        mew=2)
                label(ax, x(action.t), rows[action.child], action.kind, color=COLORS["signal"],
                      clear=CHILD_BAR / 2, spots=UNDER)
                used.add("signal")
        said = {p.text for p in lane.prints if p.stream == "stderr"}
        for t, error in lane.failed_starts:  # no child lane: the process was never made
            _failure(ax, x(t), row, None if error in said else error)  # once is enough
            used.add("failed")
        bar = RECORDER_BAR if lane.pid == run.recorder else CHILD_BAR
        for t, text, key in _print_marks(lane):
            ax.plot(x(t), row, "o", color=COLORS[key], ms=5, zorder=3)
            label(ax, x(t), row, label_text(text), color=COLORS[key], clear=bar / 2)
            used.add(key)
        return used

    def _draw_recorder(self, ax, run, lane, row: float, x) -> set[str]:
        """The recording process: a pale bar while it recorded, a tick where its code
        ended.  If its recording was cut short (no ``record-end``), how it ended: a
        square at its ``os._exit`` -- a child's lane going on past it outlived it -- or,
        when no event says, ``end not recorded`` after its last event (a crash, a
        signal: nothing in the run knows when it died)."""
        used = set()
        end = run.t1
        if end is None:
            end = lane.exited if lane.exited is not None else max(
                e["t"] for e in run.events if e["pid"] == lane.pid)
        ax.barh(row, x(end) - x(lane.began), left=x(lane.began), height=RECORDER_BAR,
                color=COLORS["recorder"])
        if run.code_end is not None:
            ax.plot([x(run.code_end)] * 2, [row - 0.3, row + 0.3], color=COLORS["exit"], lw=1)
        if lane.exited is not None:  # only os-exit sets it on this lane
            _exit_mark(ax, x(lane.exited), row, f"os._exit({lane.exitcode})")
            used.add("exit")
        elif run.t1 is None:
            label(ax, x(end), row, "end not recorded", color=COLORS["starting"],
                  clear=RECORDER_BAR / 2, spots=BESIDE)
        return used

    def _draw_child(self, ax, run, lane, row: float, x) -> set[str]:
        used = set()
        start = lane.requested if lane.requested is not None else lane.began
        last = lane.exited if lane.exited is not None else (lane.ended or run.end)
        if start is not None and last is not None:
            ax.plot([x(start), x(last)], [row, row], color=COLORS["starting"], lw=1.5)
            used.add("starting")
        if lane.began is not None:
            end = lane.ended if lane.ended is not None else (lane.exited or run.end)
            ax.barh(row, x(end) - x(lane.began), left=x(lane.began), height=CHILD_BAR,
                    color=COLORS["running"],
                    edgecolor=COLORS["signal"] if lane.raised else "none")
            used.add("running")
            if lane.raised:
                used.add("raised")
        if lane.exited is not None:
            code = "?" if lane.exitcode is None else lane.exitcode
            if lane.began is None and lane.exitcode != 0 and not _ended_by_its_pool(lane):
                _failure(ax, x(lane.exited), row, f"died before its target (exit {code})")
                used.add("failed")
            else:
                _exit_mark(ax, x(lane.exited), row, f"exit {code}")
                used.add("exit")
        return used

    def zooms(self, run) -> list[Zoom]:
        """From each ``terminate()``/``kill()`` to the exit it brought: a few ms, in
        which ``is_alive()`` is still True (lesson 08).  The picture says how long it
        was; a summary never does (load stretches it)."""
        found = []
        for lane in run.lanes:
            for action in lane.actions:
                child = run._lanes.get(action.child)
                if action.kind == "start" or child is None or child.exited is None \
                        or child.exited < action.t or _by_a_pool(action.by):
                    continue
                ms = round((child.exited - action.t) * 1000, 1)
                found.append(Zoom(child.pid, action.t, child.exited,
                                  f"{child.name}: exit {ms:.{0 if ms >= 10 else 1}f} ms "
                                  f"after {action.kind}()"))
        return found

    def legend(self, used: set[str]) -> list:
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch
        handles = {
            "running": Patch(color=COLORS["running"], label=self.styles["running"].label),
            "raised": Patch(facecolor=COLORS["running"], edgecolor=COLORS["signal"],
                            label=self.styles["raised"].label),
            "starting": Line2D([], [], color=COLORS["starting"],
                               label=self.styles["starting"].label),
        }
        rest = super().legend(used - set(handles))
        return [handles[key] for key in self.styles if key in used and key in handles] + rest

    # -- the summary -----------------------------------------------------------------

    def lane_items(self, run, lane) -> list[tuple[float, str]]:
        """A lane's own events in its order.  A pool's worker (``lane.owner``) says whose
        it is and how it ended, not when it began nor what it printed: which worker
        gets which task is the schedule's (the tasks family says the tasks); what a pool
        does to its workers -- start, join, terminate them -- is left out of the lane
        that called the pool: its threads do some of it at times of their own."""
        is_child = lane.pid != run.recorder
        timed = []
        if is_child and lane.owner:
            timed.append((_first(lane.requested, lane.began), f"worker of {lane.owner}"))
        elif is_child:
            method = f" [{lane.method}]" if lane.explicit else ""  # the same under any default
            timed.append((_first(lane.began, lane.requested), f"begin {lane.target}{method}"
                          if lane.began is not None else f"never began {lane.target}{method}"))
        prints = [] if lane.owner else lane.prints
        for p in prints:
            if p.stream == "stdout":
                timed.append((p.t, f"print {quote(p.text)}"))
        errors = [p for p in prints if p.stream == "stderr"]
        if errors:
            timed.append((errors[0].t, f"stderr: {len(errors)} line" + "s" * (len(errors) > 1)))
        actions = [action for action in lane.actions if not _by_a_pool(action.by)]
        joins = [join for join in lane.joins if not _by_a_pool(join.by)]
        for action in actions:
            timed.append((action.t, _by(action.by) + f"{action.kind} {run.name_of(action.child)}"))
        for join in joins:
            timed.append((join.began, _by(join.by) + join_text(run, join)))
        for t, error in lane.failed_starts:
            timed.append((t, f"start() failed: {error}"))
        if any(action.by for action in actions) or any(join.by for join in joins):
            timed.append((run.code_end or 0.0, "code ends"))
        timed.sort(key=lambda item: item[0])
        last = float("inf")
        if is_child and lane.owner:
            if (ending := _ending(lane)) is not None:
                timed.append((last, ending))
            if not _ended_by_its_pool(lane):
                timed.append((last, exit_text(lane.exitcode)))
        elif is_child:
            if (ending := _ending(lane)) is not None:
                timed.append((last, ending))
            elif lane.ended is not None and lane.began is not None:
                timed.append((last, "end"))  # how long it ran: the picture's (see below)
            timed.append((last, exit_text(lane.exitcode)))
        return timed

    def summary_lines(self, run) -> list[str]:
        return order_lines(run)


def _start_arrow(ax, x: float, parent_row: float, child_row: float) -> None:
    """A dashed arrow from the parent's lane to the child's, both ends at the moment
    ``start()`` was called.  It bends towards later times, the more the farther it
    goes: children started a millisecond apart get arrows of one bend each, where
    straight ones would lie on each other (and never an end at a time that was not)."""
    ax.annotate("", xy=(x, child_row + 0.12), xytext=(x, parent_row - 0.25),
                arrowprops={"arrowstyle": "->", "ls": "--", "color": COLORS["starting"],
                            "connectionstyle": "arc3,rad=-0.25"})


def _exit_mark(ax, x: float, row: float, text: str) -> None:
    """A black square where a process ended, and how (``exit 0``, ``os._exit(0)``)."""
    ax.plot(x, row, "s", color=COLORS["exit"], ms=5)
    label(ax, x, row, text, clear=CHILD_BAR / 2, spots=BESIDE)


def _failure(ax, x: float, row: float, reason: str | None) -> None:
    """A red ``X`` where a process failed to come to life -- its ``start()`` raised, or
    it died before its target began -- and the reason beside it (None: the lane's
    stderr dot already says it)."""
    ax.plot(x, row, "X", color=COLORS["signal"], ms=9, zorder=4)
    if reason is not None:
        label(ax, x, row, label_text(reason), color=COLORS["signal"], clear=CHILD_BAR / 2,
              spots=BESIDE)


def _print_marks(lane) -> list[tuple[float, str, str]]:
    """A dot per printed line; what went to stderr (a traceback, mostly) is one dot at
    its start, labelled with its last line -- the error itself."""
    marks = [(p.t, p.text, "print") for p in lane.prints if p.stream == "stdout"]
    errors = [p for p in lane.prints if p.stream == "stderr"]
    if errors:
        marks.append((errors[0].t, errors[-1].text, "stderr"))
    return sorted(marks)


def join_text(run, join) -> str:
    name = run.name_of(join.child)
    if join.ended is None:
        return f"join {name} (interrupted)"
    child = run._lanes.get(join.child)
    still_running = child is not None and (child.exited is None or child.exited > join.ended)
    if join.timeout is not None and still_running:
        return f"join {name} (gave up after {join.timeout:g} s, {name} still running)"
    return f"join {name}"  # how long it waited includes start-up, which load stretches


def order_lines(run) -> list[str]:
    """What the recording process's own order of calls forces on its children, so
    true whatever their start-up: that they ran one at a time (each was joined before
    the next was started), or that all were started before the first ``join()`` --
    nothing then kept them from running together; whether they did is the picture's."""
    parent = run._lanes.get(run.recorder)
    kids = sorted((c for c in run.children  # (a pool's workers are the pool's business)
                   if c.parent == run.recorder and c.requested is not None and not c.owner),
                  key=lambda c: c.requested)
    if parent is None or len(kids) < 2:
        return []
    pairs = zip(kids, kids[1:], strict=False)
    if all(_joined_by(parent, kid, later.requested) for kid, later in pairs):
        return ["The children ran one at a time: each was joined before the next was started."]
    pids = {kid.pid for kid in kids}
    first_join = min((j.began for j in parent.joins if j.child in pids), default=None)
    if first_join is None or all(kid.requested < first_join for kid in kids):
        every = "both" if len(kids) == 2 else f"all {len(kids)}"
        return [f"{parent.name} started {every} children before it joined any."]
    return []


def _joined_by(parent, kid, t: float) -> bool:
    """Had ``parent`` joined ``kid`` -- a ``join()`` that returned because ``kid`` had
    ended -- by time ``t``?"""
    return any(j.child == kid.pid and j.ended is not None and j.ended <= t
               and (j.timeout is None or (kid.exited is not None and kid.exited <= j.ended))
               for j in parent.joins)


def _by(by: str | None) -> str:
    return f"{by}: " if by else ""


def _ended_by_its_pool(lane) -> bool:
    """Did a pool's worker end as its pool ends them -- exit code 0 (it was told to
    stop: ``close()``, or ``terminate()`` that found it done) or SIGTERM (``terminate()``
    found it waiting): which of the two, the schedule decides."""
    return lane.owner is not None and lane.exitcode in (0, -signal.SIGTERM)


def _by_a_pool(by: str | None) -> bool:
    """Was it done by a pool (``Pool-1``), not the learner's code, ``record()`` or the
    interpreter at exit?"""
    return by not in (None, CLEANUP_BY, AT_EXIT)


def _first(*values):
    return next((v for v in values if v is not None), 0.0)


PROCESS = ProcessFamily()
