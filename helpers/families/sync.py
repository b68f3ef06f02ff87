"""The synchronisation family: who waited for, held and let go of each lock, and every
``Event``, ``Condition`` and ``Barrier`` call, in every recorded process.

Events (``obj=[prefix, key]``: ``Lock``, ``RLock``, ``Semaphore``, ``BoundedSemaphore``,
``Condition``, ``Event`` or ``Barrier``, and a key the same in every process):

- ``sync-wait`` (``op``: ``acquire``, ``wait`` or ``wait_for``; ``timeout``) -- a process
  began to wait: for a lock, a condition's notify, an event's set, a barrier's parties;
- ``sync-got`` (``hold``: it now holds the object) or ``sync-timeout`` -- the wait ended,
  with the object or without it (a ``Condition`` holds its lock again either way);
- ``sync-release`` -- it let go (written *before* the release, as ``sync-got`` is
  written *after* the acquire: a recorded hold lies inside the real one, so two
  recorded holds of a ``Lock`` never overlap);
- ``sync-set``, ``sync-clear`` (``Event``), ``sync-notify`` (``n``: a number or
  ``"all"``), ``sync-broken`` (a ``Barrier.wait`` raised ``BrokenBarrierError``),
  ``sync-abort``, ``sync-error`` (``op``, ``error``: the call raised, e.g. a
  ``release()`` too many), and ``sync-checked`` (``result``: a ``wait_for`` whose
  predicate was already true returned without waiting).

The hooks.  ``SemLock`` -- the base of ``Lock``, ``RLock``, ``Semaphore`` and
``BoundedSemaphore``, and what ``Condition``, ``Event`` and ``Barrier`` are built of --
binds ``acquire``/``release`` to each instance, in ``SemLock._make_methods`` (called
when a lock is made and when a child unpickles one), and ``with lock:`` goes
straight to ``_semlock.__enter__``: so the hooks replace ``_make_methods`` (the one
place every lock gets its methods) and ``__enter__``/``__exit__``.  ``Condition``,
``Event`` and ``Barrier`` get hooks on their own methods.  Which calls are recorded
(the learner's, not ``multiprocessing``'s own: the locks inside a ``Queue``, a
synchronized ``Value``'s ``.value``, the semaphores a ``Condition`` is made of stay
out) is :func:`.hooks.recording`'s.

An object's key is its semaphore's name where it has one (spawn and forkserver: the
same name in every process), else one given when it was made, which fork children
inherit.  (On Windows a child's copy has neither, and gets a name of its own.)
"""

from __future__ import annotations

import itertools
import sys
import threading
from multiprocessing import synchronize as _mps

from .base import (
    BESIDE,
    Family,
    Mark,
    Span,
    Style,
    colors_of,
    label,
    label_text,
    object_order,
    objects_of,
)
from .hooks import lock_key, patch, quietly, recording
from .process import one_line

LOCK_LIKE = ("Lock", "RLock")  # held by one process at a time
AFTER_WAIT = "after wait"  # a Condition's hold, taken again when its wait ended
HOLDABLE = ("Lock", "RLock", "Semaphore", "BoundedSemaphore", "Condition")


class _State(threading.local):
    pending = None  # a recorded Condition.wait_for in progress (_WaitFor)


_state = _State()


def _kind_of(obj) -> str:
    for cls in type(obj).__mro__:
        if cls.__module__ == "multiprocessing.synchronize":
            return cls.__name__
    return type(obj).__name__


# -- locks and semaphores -------------------------------------------------------------------

_original = {name: getattr(_mps.SemLock, name) for name in ("_make_methods", "__enter__",
                                                             "__exit__")}


def _make_methods(self):
    """Bind ``acquire``/``release`` to this lock, as ``SemLock`` does, recorded."""
    semlock, obj = self._semlock, [_kind_of(self), lock_key(self)]

    def acquire(block=True, timeout=None):
        return _acquire(sys._getframe(1), obj, semlock.acquire, block, timeout)

    def release():
        return _release(sys._getframe(1), obj, semlock.release)

    self.acquire, self.release, self._workbook_obj = acquire, release, obj


def _enter(self):
    return _acquire(sys._getframe(1), _obj(self), self._semlock.acquire, True, None)


def _exit(self, *args):
    return _release(sys._getframe(1), _obj(self), self._semlock.release)


def _obj(lock) -> list:
    """The lock's ``[kind, key]``.  A lock made before the hooks were installed -- a
    spawned child's module-level lock, made while the child runs its main module
    again, before it unpickles anything of helpers -- gets its recorded methods now,
    at its first ``with``; an ``acquire()`` it had before that is not seen."""
    obj = lock.__dict__.get("_workbook_obj")
    if obj is None:
        _make_methods(lock)
        obj = lock._workbook_obj
    return obj


def _acquire(caller, obj, acquire, block=True, timeout=None, op="acquire"):
    rec = recording(caller)
    if rec is None:
        return acquire(block, timeout)
    rec.writer.write("sync-wait", obj=obj, op=op, timeout=timeout if block else 0)
    try:
        got = acquire(block, timeout)
    except BaseException as error:
        rec.writer.write("sync-error", obj=obj, op=op, error=one_line(error))
        raise
    rec.writer.write("sync-got" if got else "sync-timeout", obj=obj, hold=bool(got))
    return got


def _release(caller, obj, release, op="release"):
    rec = recording(caller)
    if rec is None:
        return release()
    rec.writer.write("sync-release", obj=obj)
    try:
        return release()
    except BaseException as error:
        rec.writer.write("sync-error", obj=obj, op=op, error=one_line(error))
        raise


# -- Condition, Event, Barrier ----------------------------------------------------------------

def _cond_obj(cond) -> list:
    return ["Condition", lock_key(cond._wait_semaphore)]


def _cond_make_methods(original):
    def hook(self):
        lock, obj = getattr(self._lock, "_semlock", self._lock), _cond_obj(self)

        def acquire(block=True, timeout=None):
            return _acquire(sys._getframe(1), obj, lock.acquire, block, timeout)

        def release():
            return _release(sys._getframe(1), obj, lock.release)

        self.acquire, self.release = acquire, release
    return hook


def _cond_enter(original):
    def hook(self):
        lock = getattr(self._lock, "_semlock", self._lock)
        return _acquire(sys._getframe(1), _cond_obj(self), lock.acquire, True, None)
    return hook


def _cond_exit(original):
    def hook(self, *args):
        lock = getattr(self._lock, "_semlock", self._lock)
        return _release(sys._getframe(1), _cond_obj(self), lock.release)
    return hook


def _cond_wait(original):
    """``wait``: the lock is let go, the wait begins; it ends woken (``sync-got``) or
    timed out, holding the lock again either way.  Called by a recorded ``wait_for``,
    its first call is that ``wait_for``'s wait (:func:`_cond_wait_for`)."""
    def hook(self, *args, **kwargs):
        pending = _state.pending
        if pending is not None and pending.cond is self and not pending.waited:
            pending.waited = True
            pending.rec.writer.write("sync-release", obj=pending.obj)
            pending.rec.writer.write("sync-wait", obj=pending.obj, op="wait_for",
                                     timeout=pending.timeout)
            return original(self, *args, **kwargs)
        rec = recording(sys._getframe(1))
        if rec is None:
            return original(self, *args, **kwargs)
        obj = _cond_obj(self)
        if self._lock._semlock._is_mine():
            rec.writer.write("sync-release", obj=obj)
            rec.writer.write("sync-wait", obj=obj, op="wait",
                             timeout=kwargs.get("timeout", args[0] if args else None))
        try:
            result = quietly(original, self, *args, **kwargs)
        except BaseException as error:
            rec.writer.write("sync-error", obj=obj, op="wait", error=one_line(error))
            raise
        rec.writer.write("sync-got" if result else "sync-timeout", obj=obj, hold=True)
        return result
    return hook


class _WaitFor:
    """A recorded ``wait_for`` in progress: did it wait (call ``wait``) at all?"""

    def __init__(self, cond, rec, obj, timeout):
        self.cond, self.rec, self.obj, self.timeout = cond, rec, obj, timeout
        self.waited = False


def _cond_wait_for(original):
    """``wait_for(predicate)`` checks the predicate first and waits only while it is
    false: a wait (let go, wait, hold again) only if it called ``wait``, else
    ``sync-checked`` -- the predicate's answer, the lock held throughout."""
    def hook(self, predicate, timeout=None):
        rec = recording(sys._getframe(1))
        if rec is None:
            return original(self, predicate, timeout)
        call = _WaitFor(self, rec, _cond_obj(self), timeout)
        before, _state.pending = _state.pending, call
        try:
            result = quietly(original, self, predicate, timeout)
        except BaseException as error:
            rec.writer.write("sync-error", obj=call.obj, op="wait_for", error=one_line(error))
            raise
        finally:
            _state.pending = before
        if call.waited:
            rec.writer.write("sync-got" if result else "sync-timeout", obj=call.obj, hold=True)
        else:
            rec.writer.write("sync-checked", obj=call.obj, op="wait_for", result=bool(result))
        return result
    return hook


def _cond_notify(original):
    """Written before the call, as what others react to is: a notified process's
    recorded wake-up never comes before the notify."""
    def hook(self, *args, **kwargs):
        rec = recording(sys._getframe(1))
        if rec is None:
            return original(self, *args, **kwargs)
        obj, op = _cond_obj(self), original.__name__
        n = "all" if op == "notify_all" else kwargs.get("n", args[0] if args else 1)
        if self._lock._semlock._is_mine():
            rec.writer.write("sync-notify", obj=obj, n=n)
        try:
            return quietly(original, self, *args, **kwargs)
        except BaseException as error:
            rec.writer.write("sync-error", obj=obj, op=op, error=one_line(error))
            raise
    return hook


def _event_call(kind):
    def make(original):
        def hook(self, *args, **kwargs):
            rec = recording(sys._getframe(1))
            if rec is None:
                return original(self, *args, **kwargs)
            obj = ["Event", lock_key(self._flag)]
            if kind != "wait":  # before the call: a waiter's recorded wake-up comes after
                rec.writer.write("sync-" + kind, obj=obj)
                return quietly(original, self, *args, **kwargs)
            timeout = kwargs.get("timeout", args[0] if args else None)
            rec.writer.write("sync-wait", obj=obj, op="wait", timeout=timeout)
            result = quietly(original, self, *args, **kwargs)
            rec.writer.write("sync-got" if result else "sync-timeout", obj=obj, hold=False)
            return result
        return hook
    return make


def _barrier_obj(barrier) -> list:
    return ["Barrier", lock_key(barrier._cond._wait_semaphore)]


def _barrier_wait(original):
    def hook(self, *args, **kwargs):
        rec = recording(sys._getframe(1))
        if rec is None:
            return original(self, *args, **kwargs)
        obj = _barrier_obj(self)
        timeout = kwargs.get("timeout", args[0] if args else None)
        rec.writer.write("sync-wait", obj=obj, op="wait", timeout=timeout)
        try:
            index = quietly(original, self, *args, **kwargs)
        except threading.BrokenBarrierError:
            rec.writer.write("sync-broken", obj=obj)
            raise
        rec.writer.write("sync-got", obj=obj, hold=False)
        return index
    return hook


def _barrier_abort(original):
    def hook(self):
        rec = recording(sys._getframe(1))
        if rec is not None:
            rec.writer.write("sync-abort", obj=_barrier_obj(self))
        return quietly(original, self)
    return hook


# -- the family -------------------------------------------------------------------------------

PALETTE = ("#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")  # one per object
MARK_COLORS = {"set": "#2ca02c", "clear": "#7f7f7f", "notify": "#9467bd", "timeout": "#de2d26",
               "broken": "#de2d26", "abort": "#de2d26", "error": "#de2d26"}
SHORTEST = 0.001  # s: a wait shorter than this draws nothing and gets no legend entry
BAND = (-0.62, -0.2)  # where a lane's waits and holds are drawn, below its bar (in lanes)


class SyncFamily(Family):
    name = "sync"
    kinds = ("sync-wait", "sync-got", "sync-timeout", "sync-release", "sync-set", "sync-clear",
             "sync-notify", "sync-broken", "sync-abort", "sync-error", "sync-checked")
    styles = {
        "set": Style("Event set()", MARK_COLORS["set"], marker="^"),
        "clear": Style("Event clear()", MARK_COLORS["clear"], marker="v"),
        "notify": Style("notify()", MARK_COLORS["notify"], marker=">"),
        "timeout": Style("wait timed out", MARK_COLORS["timeout"], marker="o"),
        "broken": Style("barrier broken", MARK_COLORS["broken"], marker="*"),
        "abort": Style("barrier abort()", MARK_COLORS["abort"], marker="*"),
        "error": Style("call raised", MARK_COLORS["error"], marker="P"),
    }

    def install(self) -> None:
        _mps.SemLock._make_methods = _make_methods
        _mps.SemLock.__enter__ = _enter
        _mps.SemLock.__exit__ = _exit
        for name, make in (("_make_methods", _cond_make_methods), ("__enter__", _cond_enter),
                           ("__exit__", _cond_exit), ("wait", _cond_wait),
                           ("wait_for", _cond_wait_for), ("notify", _cond_notify),
                           ("notify_all", _cond_notify)):
            patch(_mps.Condition, name, make)
        for name in ("set", "clear", "wait"):
            patch(_mps.Event, name, _event_call(name))
        patch(_mps.Barrier, "wait", _barrier_wait)
        patch(_mps.Barrier, "abort", _barrier_abort)

    # -- the model -------------------------------------------------------------------

    def fold(self, run, e: dict) -> None:
        lane, kind = run.lane_of(e["pid"]), e["kind"][len("sync-"):]
        obj = run.object_name(*e["obj"])
        if kind == "wait":
            lane.spans.append(Span(e["t"], None, self.name, "wait", obj, _wait_text(e)))
        elif kind in ("got", "timeout", "broken"):
            wait = _open(lane, "wait", obj)
            if wait is not None:
                wait.ended = e["t"]
            if kind != "got":
                lane.marks.append(Mark(e["t"], self.name, kind, obj, wait.text if wait else None))
            if kind == "got" and wait is not None and not wait.text.startswith("acquire"):
                lane.marks.append(Mark(e["t"], self.name, "passed", obj, wait.text))
            if e.get("hold"):  # after a Condition's wait: the hold its with-block resumes
                again = wait is not None and not wait.text.startswith("acquire")
                lane.spans.append(Span(e["t"], None, self.name, "hold", obj,
                                       AFTER_WAIT if again else None))
        elif kind == "checked":  # wait_for found its predicate true (or no time): no wait
            lane.marks.append(Mark(e["t"], self.name, "passed" if e["result"] else "timeout",
                                   obj, f"{e['op']}()"))
        elif kind == "release":
            hold = _open(lane, "hold", obj)
            if hold is not None:
                hold.ended = e["t"]
            else:
                lane.marks.append(Mark(e["t"], self.name, "release", obj))
        elif kind == "error":
            if e.get("op") == "release":  # it did not let go: undo the release
                _undo_release(lane, obj)
            elif (wait := _open(lane, "wait", obj)) is not None:
                wait.ended = e["t"]
            lane.marks.append(Mark(e["t"], self.name, "error", obj, f"{e['op']}(): {e['error']}"))
        elif kind == "notify":
            lane.marks.append(Mark(e["t"], self.name, kind, obj, None if e["n"] == 1 else
                                   ("notify_all()" if e["n"] == "all" else f"notify({e['n']})")))
        else:  # set, clear, abort
            lane.marks.append(Mark(e["t"], self.name, kind, obj))

    # -- the picture -----------------------------------------------------------------

    def draw(self, ax, run, lane, row: float, x, rows: dict) -> set[str]:
        used = set()
        objects = sorted({s.obj for s in lane.spans if s.family == self.name}
                         | {m.obj for m in lane.marks if m.family == self.name}, key=object_order)
        if not objects:
            return used
        colors = object_colors(run)
        low, high = BAND
        height = (high - low) / len(objects)
        levels = {obj: row + high - height * (i + 0.5) for i, obj in enumerate(objects)}
        for span in lane.spans:
            if span.family != self.name:
                continue
            end = span.ended if span.ended is not None else run.end
            color, waiting = colors[span.obj], span.kind == "wait"
            ax.barh(levels[span.obj], max(x(end) - x(span.began), 0), left=x(span.began),
                    height=height * 0.9, color="none" if waiting else color,
                    hatch="////" if waiting else None, edgecolor=color, lw=0 if waiting else 0.3)
            # (a wait of an acquire that got the lock at once draws nothing: no entry; a
            # hold, however short, is drawn -- a tick -- and has one)
            if not waiting or end - span.began >= SHORTEST:
                used.add(f"{span.kind}:{span.obj}")
        for mark in lane.marks:
            if mark.family != self.name or mark.kind in ("passed", "release"):
                continue
            style = self.styles[mark.kind]
            y = levels[mark.obj]
            ax.plot(x(mark.t), y, marker=style.marker, ls="", color=style.color, ms=7, zorder=5,
                    mfc="none" if mark.kind == "timeout" else style.color)
            if mark.kind in ("timeout", "broken", "error"):
                text = {"timeout": "timed out", "broken": "BrokenBarrierError"}.get(mark.kind,
                                                                                    mark.text)
                label(ax, x(mark.t), y, label_text(f"{mark.obj}: {text}"), color=style.color,
                      clear=height / 2, spots=BESIDE)
            used.add(mark.kind)
        return used

    def legend(self, used: set[str]) -> list:
        from matplotlib.patches import Patch
        colors = dict(zip(sorted({key.split(":", 1)[1] for key in used if ":" in key},
                                 key=object_order), itertools.cycle(PALETTE), strict=False))
        handles = []
        for obj, color in colors.items():
            if f"wait:{obj}" in used:
                handles.append(Patch(fill=False, hatch="////", edgecolor=color,
                                     label=f"waiting for {obj}"))
            if f"hold:{obj}" in used:
                handles.append(Patch(color=color, label=f"holding {obj}"))
        marks = super().legend({key for key in used if ":" not in key})
        for handle in marks:
            if handle.get_label() == self.styles["timeout"].label:
                handle.set_markerfacecolor("none")  # hollow, as drawn
        return handles + marks

    # -- the summary -----------------------------------------------------------------

    def lane_items(self, run, lane) -> list[tuple[float, str]]:
        """Holds and the ends of waits, in order.  A wait still open when its process
        ended (terminated in it) is not said: whether the process had begun that wait
        when the signal came is the schedule's, if nothing waited for it to begin.
        The picture shows it, hatched to the end."""
        items, holding = [], []
        for span in sorted((s for s in lane.spans if s.family == self.name and s.kind == "hold"
                            and (s.text != AFTER_WAIT or s.ended is None)),
                           key=lambda s: s.began):
            inside = any(o.obj == span.obj and (o.ended is None or o.ended > span.began)
                         for o in holding)  # an RLock taken again by its holder
            holding.append(span)
            text = "took {} again" if inside else "held {}"
            items.append((span.began, 1, (text if span.ended is not None
                                          else "got {}, never let go").format(span.obj)))
        for mark in lane.marks:
            if mark.family == self.name:
                items.append((mark.t, 0, _mark_text(mark)))
        items.sort(key=lambda item: item[:2])
        return [(t, text) for t, _, text in items]

    def summary_lines(self, run) -> list[str]:
        lines = []
        for obj in objects_of(run, "sync"):
            kind = obj.rsplit("-", 1)[0]
            line = _object_line(run, obj, kind)
            if line:
                lines.append(line)
        return lines


# -- folding helpers --------------------------------------------------------------------------

def _wait_text(e: dict) -> str:
    """What a wait was, for its end's label and the summary: ``acquire(timeout=1)``."""
    timeout = e.get("timeout")
    return f"{e['op']}()" if timeout is None else f"{e['op']}(timeout={timeout:g})"


def _open(lane, kind: str, obj: str):
    for span in reversed(lane.spans):
        if span.family == "sync" and span.kind == kind and span.obj == obj and span.ended is None:
            return span
    return None


def _undo_release(lane, obj: str) -> None:
    """A ``release()`` that raised let nothing go: reopen the hold it closed (the latest
    one of ``obj``), or drop the ``release`` mark it left."""
    for i in reversed(range(len(lane.marks))):
        mark = lane.marks[i]
        if mark.family == "sync" and mark.kind == "release" and mark.obj == obj:
            del lane.marks[i]
            return
    for span in reversed(lane.spans):
        if span.family == "sync" and span.kind == "hold" and span.obj == obj:
            span.ended = None
            return


# -- reading a run ----------------------------------------------------------------------------

def object_colors(run) -> dict[str, str]:
    """One colour per object of the run, the same on every lane."""
    return colors_of(run, "sync", PALETTE)


def holds(run, obj: str, taken: bool = False) -> list[tuple[str, float, float | None]]:
    """Every hold of ``obj`` in ``run``: (process name, from, to; None: never let go).
    ``taken``: only the holds a process took, not a Condition's hold resumed after a
    wait (whether a ``wait_for`` waited at all is the schedule's)."""
    return sorted(((lane.name, s.began, s.ended) for lane in run.lanes for s in lane.spans
                   if s.family == "sync" and s.kind == "hold" and s.obj == obj
                   and not (taken and s.text == AFTER_WAIT)),
                  key=lambda hold: hold[1])


def most_holders(run, obj: str) -> int:
    """The most processes that held ``obj`` at the same moment in this run (a Lock: 1;
    a Semaphore(n): at most n).  A measure of this run: how many held it together
    depends on how their start-up fell."""
    edges, holding, most = [], {}, 0
    for name, began, ended in holds(run, obj):
        edges += [(began, 1, name), (ended if ended is not None else float("inf"), -1, name)]
    for _, step, name in sorted(edges, key=lambda edge: edge[:2]):
        holding[name] = holding.get(name, 0) + step  # an RLock's nested holds: one holder
        most = max(most, sum(1 for count in holding.values() if count > 0))
    return most


def _marks(run, obj: str, kind: str) -> list:
    return [m for lane in run.lanes for m in lane.marks
            if m.family == "sync" and m.obj == obj and m.kind == kind]


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _object_line(run, obj: str, kind: str) -> str | None:
    """What holds of ``obj`` in the whole run, whatever the schedule: counts, who held it,
    that a lock was held by one process at a time, who ended holding it."""
    said = []
    timeouts, errors = _marks(run, obj, "timeout"), _marks(run, obj, "error")
    if kind in HOLDABLE:
        held = holds(run, obj, taken=True)
        if held:
            by = len({name for name, _, _ in held})
            said.append(f"held {_times(len(held))} by {by} process" + "es" * (by > 1))
            if by > 1 and (kind in LOCK_LIKE or kind == "Condition"):
                at_once = most_holders(run, obj)
                said.append("by one process at a time" if at_once == 1
                            else f"by {at_once} processes at once")
        kept = [name for name, _, ended in held if ended is None]
        if kept:
            said.append(f"never let go by {', '.join(dict.fromkeys(kept))}")
    if kind == "Event":
        sets, clears = _marks(run, obj, "set"), _marks(run, obj, "clear")
        if sets or clears:
            said.append(f"set {_times(len(sets))}" + (f", cleared {_times(len(clears))}"
                                                       if clears else ""))
    if kind == "Condition":
        notifies = _marks(run, obj, "notify")
        if notifies:
            said.append(f"notified {_times(len(notifies))}")
    if kind in ("Event", "Barrier", "Condition"):
        said += _waits_said(run, obj, kind)
    elif timeouts:
        said.append(f"{len(timeouts)} acquire() timed out" if len(timeouts) == 1
                    else f"{len(timeouts)} acquire() calls timed out")
    if errors:
        said.append(f"{len(errors)} call" + "s" * (len(errors) > 1) + " raised")
    return f"{obj}: " + "; ".join(said) + "." if said else None


def _waits_said(run, obj: str, kind: str) -> list[str]:
    """``3 wait() calls: 2 returned True, 1 timed out (False)`` -- calls, not waits: a
    call that found the event set, the predicate true, returned at once."""
    passed, timed_out = _marks(run, obj, "passed"), _marks(run, obj, "timeout")
    broken = _marks(run, obj, "broken")
    calls = [*passed, *timed_out, *broken]
    if not calls:
        return []
    ops = {(m.text or "wait()").split("(")[0] for m in calls}
    op = ops.pop() if len(ops) == 1 else "wait"
    verb = {"Event": "returned True", "Barrier": "passed", "Condition": "returned True"}[kind]
    parts = [f"{len(passed)} {verb}"] if passed else []
    if timed_out:
        parts.append(f"{len(timed_out)} timed out" + (" (False)" if kind == "Event" else ""))
    if broken:
        parts.append(f"{len(broken)} raised BrokenBarrierError")
    count = f"{len(calls)} {op}() call" + "s" * (len(calls) > 1)
    return [f"{count}: " + ", ".join(parts)]


def _mark_text(mark) -> str:
    """A mark as the summary says it: ``wait Event-1 -> True``, ``set Event-1``."""
    if mark.kind == "passed":
        result = {"Event": "True", "Barrier": "passed", "Condition": "True"}
        return f"{mark.text.split('(')[0]} {mark.obj} → {result[mark.obj.rsplit('-', 1)[0]]}"
    if mark.kind == "timeout":
        return f"{mark.text.split('(')[0]} {mark.obj} → timed out"
    if mark.kind == "broken":
        return f"wait {mark.obj} → BrokenBarrierError"
    if mark.kind == "error":
        return f"{mark.obj} {mark.text}"
    if mark.kind == "notify":
        return f"{mark.text or 'notify()'} {mark.obj}"
    if mark.kind == "release":
        return f"release {mark.obj}"
    return f"{mark.kind} {mark.obj}"


SYNC = SyncFamily()
