"""The messages family: every item put into a ``Queue``, ``SimpleQueue`` or
``JoinableQueue`` and every object sent through a ``Pipe``, matched to the ``get()`` or
``recv()`` that received it -- drawn as an arrow from the lane that sent it to the lane
that got it.

Events (``obj=[kind, key]``: ``Queue``, ``SimpleQueue``, ``JoinableQueue`` or ``Pipe``,
and a key the same in every process):

- ``msg-put`` (``op``: ``put``, ``put_nowait`` or ``send``; ``n``: the message's number
  in its process) -- written *before* the call, as ``msg-got`` is written after its
  call returned: a message's recorded send always comes before its receipt;
- ``msg-got`` (``op``: ``get``, ``get_nowait`` or ``recv``; ``src``: ``[pid, n]`` of the
  put that sent it, None for an item put where nothing was recorded);
- ``msg-empty`` (``get`` raised ``queue.Empty``: ``timeout``), ``msg-full`` (``put``
  raised ``queue.Full``; ``n``), ``msg-eof`` (``recv()`` raised ``EOFError``: every copy
  of the other end is closed), ``msg-error`` (``op``, ``error``; ``n`` if a put: the
  item was never sent, e.g. it could not be pickled by ``send()``);
- ``msg-lost`` (``n``, ``error``): a ``Queue``'s feeder thread could not send item ``n``
  (it could not be pickled) -- the error surfaces there, in the sender, after
  ``put()`` returned, not in the caller;
- ``msg-done`` (``task_done()``, written before the call: a ``join()`` it lets go
  returns after it), ``msg-join``/``msg-joined`` (``JoinableQueue.join()``),
  ``msg-close`` (a ``Pipe`` end's ``close()``).

How a message is matched: a recorded put wraps the item in a :class:`_Tagged`, which
pickles as a call of :func:`_arrived` -- so the receiver gets the item itself,
whatever it runs (recorded or not), and the ``get``/``recv`` hook reads the tag that
unpickling just noted in its thread.  Nothing compares values: two equal items
are two messages.

Keys.  A queue's is the key of its read lock (:func:`.hooks.lock_key`).  A ``Pipe``'s
two ends get one key when ``Pipe()`` makes them, which fork children inherit and
which the ends carry when they are pickled to a spawned child (the hook wraps the
reducer ``multiprocessing.connection`` registers for ``Connection``; on Windows a
``PipeConnection`` keeps no key, and is not drawn).  Only ends that ``Pipe()`` made are
drawn: a ``Listener``'s connections and a ``Manager``'s traffic are not, nor are
``send_bytes``/``recv_bytes``.  Which calls are recorded is :func:`.hooks.recording`'s: a
``Pool``'s or an executor's own queues stay out.

What a learner may notice: a recorded message is some 50 bytes longer on the wire (the
tag), so ``recv_bytes()`` of something ``send()`` sent gives a pickle that unpickles to
the item all the same; the hooks' frames are hidden from IPython's tracebacks.
"""

from __future__ import annotations

import itertools
import queue
import sys
import threading
from dataclasses import dataclass
from functools import partial
from multiprocessing import connection as _mpc
from multiprocessing import queues as _mpq
from multiprocessing import reduction as _mpr

from ..recorder.session import active
from ..recorder.tracebacks import print_exception
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
from .hooks import lock_key, new_key, patch, recording
from .process import one_line

_numbers = itertools.count(1)


# -- the tag a message travels with -------------------------------------------------------------

class _Tagged:
    """An item on its way, with the ``(pid, n)`` of the put that sent it."""

    __slots__ = ("item", "tag")

    def __init__(self, item, tag):
        self.item, self.tag = item, tag

    def __reduce__(self):
        return _arrived, (self.tag, self.item)


def _without_our_notes(error: BaseException) -> BaseException:
    """``error`` without the notes that pickling the tag added to it: from 3.14 pickle notes
    where a failure happened, innermost first, and the last three are the tag's own
    (``when serializing tuple item 1``, ``... _Tagged reconstructor arguments``, ``...
    _Tagged object``).  The learner's error then reads as it does without ``record()``."""
    notes = getattr(error, "__notes__", None)
    tagged = f"{_Tagged.__module__}.{_Tagged.__qualname__}"
    if isinstance(notes, list) and notes and notes[-1] == f"when serializing {tagged} object":
        del notes[-3:]
        if not notes:
            del error.__notes__
    return error


class _Arrivals(threading.local):
    tag = None  # the tag of the message this thread unpickled last


_arrivals = _Arrivals()


def _arrived(tag, item):
    """Unpickling a tagged message: note its tag in this thread, give the item itself."""
    _arrivals.tag = tag
    return item


# -- objects and their keys -----------------------------------------------------------------------

def _queue_obj(q) -> list:
    """``[kind, key]`` of a queue, kept on it (a fork child inherits it; a spawned one,
    whose copy is rebuilt from the queue's own state, finds the same again)."""
    obj = q.__dict__.get("_workbook_obj")
    if obj is None:
        kind = next((cls.__name__ for cls in type(q).__mro__
                     if cls.__module__ == "multiprocessing.queues"), type(q).__name__)
        obj = q._workbook_obj = [kind, lock_key(q._rlock)]
    return obj


def _pipe_obj(conn) -> list | None:
    """``["Pipe", key]`` of an end that ``Pipe()`` made, else None: a Listener's or a
    Manager's connection, which nothing names alike at its two ends, is not drawn."""
    return conn.__dict__.get("_workbook_obj")


def _mark_end(conn, key: str, end: int) -> None:
    conn._workbook_obj, conn._workbook_end = ["Pipe", key], end


_original_pipe = _mpc.Pipe


def _pipe(duplex=True):
    """``Pipe()``, its two ends given one key (also outside a recording: a pipe made
    before ``record()`` and used inside it is one object in every process)."""
    ends = _original_pipe(duplex)
    key = new_key()
    for i, end in enumerate(ends):
        _mark_end(end, key, i)
    return ends


_original_reduce = _mpr.ForkingPickler._extra_reducers.get(_mpc.Connection)


def _reduce_connection(conn):
    """Pickle a ``Pipe`` end as ``multiprocessing`` does, its key with it."""
    rebuild, args = _original_reduce(conn)
    obj = _pipe_obj(conn)
    key = None if obj is None else (obj[1], conn._workbook_end)
    return _rebuild_connection, (key, rebuild, args)


def _rebuild_connection(key, rebuild, args):
    conn = rebuild(*args)
    if key is not None:
        _mark_end(conn, *key)
    return conn


# -- recording the calls --------------------------------------------------------------------------

def _put(caller, obj, op, item, call):
    """Send ``item`` with ``call``, tagged and recorded if the call is to be."""
    __tracebackhide__ = True  # noqa: F841
    rec = recording(caller)
    if rec is None:
        return call(item)
    n = next(_numbers)
    rec.writer.write("msg-put", obj=obj, op=op, n=n)
    try:
        return call(_Tagged(item, [rec.pid, n]))
    except queue.Full:
        rec.writer.write("msg-full", obj=obj, op=op, n=n)
        raise
    except BaseException as error:
        rec.writer.write("msg-error", obj=obj, op=op, n=n, error=one_line(error))
        _without_our_notes(error)
        raise


def _get(caller, obj, op, call, timeout=None, end=None):
    """Receive with ``call`` (from ``end`` of a pipe); record what came, and from which
    put."""
    __tracebackhide__ = True  # noqa: F841
    rec = recording(caller)
    if rec is None:
        return call()
    _arrivals.tag = None
    try:
        item = call()
    except queue.Empty:
        rec.writer.write("msg-empty", obj=obj, op=op, timeout=timeout)
        raise
    except EOFError:
        rec.writer.write("msg-eof", obj=obj, op=op)
        raise
    except BaseException as error:
        rec.writer.write("msg-error", obj=obj, op=op, error=one_line(error))
        raise
    if end is not None:  # which end: two processes reading one end share what comes
        rec.writer.write("msg-got", obj=obj, op=op, src=_arrivals.tag, end=end)
    else:
        rec.writer.write("msg-got", obj=obj, op=op, src=_arrivals.tag)
    return item


def _queue_put(original):
    def hook(self, obj, block=True, timeout=None):
        __tracebackhide__ = True  # noqa: F841
        return _put(sys._getframe(1), _queue_obj(self), "put" if block else "put_nowait", obj,
                    partial(original, self, block=block, timeout=timeout))
    return hook


def _queue_put_nowait(original):
    def hook(self, obj):
        __tracebackhide__ = True  # noqa: F841
        return _put(sys._getframe(1), _queue_obj(self), "put_nowait", obj,
                    partial(original, self))
    return hook


def _queue_get(original):
    def hook(self, block=True, timeout=None):
        __tracebackhide__ = True  # noqa: F841
        return _get(sys._getframe(1), _queue_obj(self), "get" if block else "get_nowait",
                    partial(original, self, block, timeout), timeout if block else 0)
    return hook


def _queue_get_nowait(original):
    def hook(self):
        __tracebackhide__ = True  # noqa: F841
        return _get(sys._getframe(1), _queue_obj(self), "get_nowait", partial(original, self),
                    0)
    return hook


def _simple_put(original):
    def hook(self, obj):
        __tracebackhide__ = True  # noqa: F841
        return _put(sys._getframe(1), _queue_obj(self), "put", obj, partial(original, self))
    return hook


def _simple_get(original):
    def hook(self):
        __tracebackhide__ = True  # noqa: F841
        return _get(sys._getframe(1), _queue_obj(self), "get", partial(original, self))
    return hook


def _send(original):
    def hook(self, obj):
        __tracebackhide__ = True  # noqa: F841 -- IPython shows the learner's frames only
        pipe = _pipe_obj(self)
        if pipe is None:
            return original(self, obj)
        return _put(sys._getframe(1), pipe, "send", obj, partial(original, self))
    return hook


def _recv(original):
    def hook(self):
        __tracebackhide__ = True  # noqa: F841
        pipe = _pipe_obj(self)
        if pipe is None:
            return original(self)
        return _get(sys._getframe(1), pipe, "recv", partial(original, self),
                    end=self._workbook_end)
    return hook


def _close(original):
    def hook(self):
        pipe = _pipe_obj(self)
        rec = recording(sys._getframe(1)) if pipe is not None else None
        if rec is not None and not self.closed:
            rec.writer.write("msg-close", obj=pipe)
        return original(self)
    return hook


def _task_done(original):
    """Written before the call: a ``join()`` that it lets go returns after it."""
    def hook(self):
        rec = recording(sys._getframe(1))
        if rec is None:
            return original(self)
        obj = _queue_obj(self)
        rec.writer.write("msg-done", obj=obj)
        try:
            return original(self)
        except BaseException as error:  # ValueError: task_done() called too many times
            rec.writer.write("msg-error", obj=obj, op="task_done", error=one_line(error))
            raise
    return hook


def _join(original):
    def hook(self):
        rec = recording(sys._getframe(1))
        if rec is None:
            return original(self)
        obj = _queue_obj(self)
        rec.writer.write("msg-join", obj=obj)
        try:
            original(self)
        except BaseException as error:
            rec.writer.write("msg-error", obj=obj, op="join", error=one_line(error))
            raise
        rec.writer.write("msg-joined", obj=obj)
    return hook


_original_feeder_error = _mpq.Queue._on_queue_feeder_error


def _feeder_error(e, obj):
    """A ``Queue``'s feeder thread could not send ``obj``: note which message it was,
    then print the traceback, as ``multiprocessing`` does -- in the form every
    supported Python prints alike (:func:`~helpers.recorder.tracebacks.print_exception`)."""
    rec = active()
    if rec is None or not isinstance(obj, _Tagged):
        return _original_feeder_error(e, obj)
    rec.writer.write("msg-lost", n=obj.tag[1], error=one_line(e))
    print_exception(_without_our_notes(e))


# -- the model ------------------------------------------------------------------------------------

@dataclass
class Message(Mark):
    """A put or a receipt (``kind`` ``put``/``got``), and the other end of it."""

    pid: int = 0  # the lane it is on
    end: int | None = None  # a receipt from a Pipe: which of its two ends got it
    answer: Message | None = None  # a put's receipt, a receipt's put
    lost: str | None = None  # a put its queue's feeder thread could not send: the error


RAIL = 0.3  # where a lane's messages are drawn, above its bar (in lanes)
PALETTE = ("#ff7f0e", "#17becf", "#bcbd22", "#e377c2", "#8c564b", "#7f7f7f")  # one per object
RED = "#de2d26"
SENT, RECEIVED = {"Pipe": ("sent", "received")}, ("put", "got")


class MessagesFamily(Family):
    name = "messages"
    kinds = ("msg-put", "msg-got", "msg-empty", "msg-full", "msg-eof", "msg-error", "msg-lost",
             "msg-done", "msg-join", "msg-joined", "msg-close")
    styles = {
        "never": Style("never received", RED, marker="D"),
        "empty": Style("get(): queue.Empty", RED, marker="o"),
        "full": Style("put(): queue.Full", RED, marker="^"),
        "eof": Style("recv(): EOFError", RED, marker="X"),
        "error": Style("call raised / not sent", RED, marker="P"),
        "done": Style("task_done()", "0.3", marker="+"),
        "close": Style("Pipe end close()", "0.3", marker="|"),
        "join": Style("in JoinableQueue.join()", "0.3", hatch="////"),
    }

    def install(self) -> None:
        _mpc.Pipe = _pipe
        if _original_reduce is not None:
            _mpr.register(_mpc.Connection, _reduce_connection)
        for cls, name, make in (
                (_mpq.Queue, "put", _queue_put), (_mpq.Queue, "put_nowait", _queue_put_nowait),
                (_mpq.Queue, "get", _queue_get), (_mpq.Queue, "get_nowait", _queue_get_nowait),
                (_mpq.JoinableQueue, "put", _queue_put),
                (_mpq.JoinableQueue, "task_done", _task_done), (_mpq.JoinableQueue, "join", _join),
                (_mpq.SimpleQueue, "put", _simple_put), (_mpq.SimpleQueue, "get", _simple_get),
                (_mpc._ConnectionBase, "send", _send), (_mpc._ConnectionBase, "recv", _recv),
                (_mpc._ConnectionBase, "close", _close)):
            patch(cls, name, make)
        _mpq.Queue._on_queue_feeder_error = staticmethod(_feeder_error)

    # -- the model -------------------------------------------------------------------

    def fold(self, run, e: dict) -> None:
        puts = run.scratch(self.name).setdefault("puts", {})  # (pid, n) -> its put
        kind, pid = e["kind"][len("msg-"):], e["pid"]
        lane = run.lane_of(pid)
        put = puts.get((pid, e["n"])) if "n" in e else None
        obj = run.object_name(*e["obj"]) if "obj" in e else (put.obj if put else None)
        if kind == "put":
            puts[(pid, e["n"])] = mark = Message(e["t"], self.name, "put", obj, e["op"], pid=pid)
            lane.marks.append(mark)
        elif kind == "got":
            sent = puts.get(tuple(e["src"])) if e.get("src") else None
            mark = Message(e["t"], self.name, "got", obj, e["op"], pid=pid, answer=sent,
                           end=e.get("end"))
            if sent is not None:
                sent.answer = mark
            lane.marks.append(mark)
        elif kind in ("full", "error") and put is not None:  # the put failed: nothing sent
            put.kind = kind
            put.text = f"{e['op']}()" + (f": {e['error']}" if kind == "error" else "")
        elif kind == "lost":
            if put is not None:  # else put before this recording: nothing to say it of
                put.lost = e["error"]
                lane.marks.append(Mark(e["t"], self.name, "lost", obj, e["error"]))
        elif kind == "join":
            lane.spans.append(Span(e["t"], None, self.name, "join", obj))
        elif kind == "joined" or (kind == "error" and e["op"] == "join"):
            for span in reversed(lane.spans):
                if span.family == self.name and span.obj == obj and span.ended is None:
                    span.ended = e["t"]
                    break
            if kind == "error":
                lane.marks.append(Mark(e["t"], self.name, "error", obj, f"join(): {e['error']}"))
        elif kind == "error":
            if e["op"] == "task_done":  # it was not done: drop the mark written before
                _drop_last(lane, obj, "done")
            lane.marks.append(Mark(e["t"], self.name, "error", obj, f"{e['op']}(): {e['error']}"))
        elif kind == "empty":
            timeout = e.get("timeout")
            lane.marks.append(Mark(e["t"], self.name, kind, obj, e["op"] if timeout is None
                                   or e["op"] != "get" else f"get(timeout={timeout:g})"))
        else:  # eof, done, close
            lane.marks.append(Mark(e["t"], self.name, kind, obj, e.get("op")))

    # -- the picture -----------------------------------------------------------------

    def draw(self, ax, run, lane, row: float, x, rows: dict) -> set[str]:
        marks = [m for m in lane.marks if m.family == self.name]
        spans = [s for s in lane.spans if s.family == self.name]
        if not marks and not spans:
            return set()
        used, colors, y = set(), object_colors(run), row + RAIL
        for span in spans:
            end = span.ended if span.ended is not None else run.end
            ax.barh(y, max(x(end) - x(span.began), 0), left=x(span.began), height=0.12,
                    color="none", hatch="////", edgecolor=self.styles["join"].color, lw=0)
            used.add("join")
        width = x(run.end) if run.end is not None else 0
        for obj in sorted({m.obj for m in marks}, key=object_order):
            mine = [m for m in marks if m.obj == obj]
            used |= self._draw_object(ax, mine, obj, colors[obj], y, x, rows, width)
        return used

    def _draw_object(self, ax, marks, obj, color, y, x, rows, width) -> set[str]:
        """One object's marks on one lane: a dot per put that arrived and per receipt, an
        arrow from each receipt's put (on its lane) to it, and the marks of what went
        wrong -- a message never received among them -- each kind labelled once (to the
        right of its first mark in the run's first half, else to its left)."""
        used = set()
        sends = [m for m in marks if m.kind == "got" or (m.kind == "put" and m.answer)]
        if sends:
            ax.plot([x(m.t) for m in sends], [y] * len(sends), ".", color=color, ms=4, zorder=5)
        arrows = [(x(m.answer.t), rows[m.answer.pid] + RAIL, x(m.t), y) for m in marks
                  if m.kind == "got" and m.answer is not None and m.answer.pid in rows]
        if arrows:
            x0, y0, x1, y1 = zip(*arrows, strict=True)
            ax.quiver(x0, y0, [b - a for a, b in zip(x0, x1, strict=True)],
                      [b - a for a, b in zip(y0, y1, strict=True)], angles="xy",
                      scale_units="xy", scale=1, color=color, width=0.0025, headwidth=5,
                      headlength=6, headaxislength=5, zorder=4, alpha=0.8)
            used.add(f"arrow:{obj}")
        never = [m for m in marks if m.kind == "put" and m.answer is None and m.lost is None]
        groups = {"never": never, **{kind: [m for m in marks if m.kind == kind] for kind in
                                     ("empty", "full", "eof", "error", "lost", "done", "close")}}
        for kind, group in groups.items():
            if not group:
                continue
            style = self.styles["error" if kind == "lost" else kind]
            hollow = kind in ("never", "empty", "full")
            ax.plot([x(m.t) for m in group], [y] * len(group), marker=style.marker, ls="",
                    color=style.color if kind not in ("done", "close") else color, ms=7,
                    mfc="none" if hollow else None, zorder=6)
            used.add("error" if kind == "lost" else kind)
            if kind in ("done", "close"):
                continue
            first = group[0]
            text = {"never": "never received" if obj.startswith("Pipe") else "never got",
                    "empty": "Empty", "full": "Full", "eof": "EOFError"}.get(kind, first.text)
            count = f" ×{len(group)}" if len(group) > 1 else ""
            left = width > 0 and x(first.t) > width / 2
            label(ax, x(first.t), y, label_text(f"{obj}: {text}{count}"), color=RED,
                  spots=(BESIDE[1], BESIDE[0], *BESIDE[2:]) if left else BESIDE)
        return used

    def legend(self, used: set[str]) -> list:
        from matplotlib.lines import Line2D
        objects = sorted({key.split(":", 1)[1] for key in used if key.startswith("arrow:")},
                         key=object_order)
        colors = dict(zip(objects, itertools.cycle(PALETTE), strict=False))
        handles = [Line2D([], [], color=colors[obj], marker=">", ms=5,
                          label=f"message through {obj}") for obj in objects]
        marks = super().legend({key for key in used if ":" not in key})
        for handle in marks:
            if handle.get_label() in (self.styles[k].label for k in ("never", "empty", "full")):
                handle.set_markerfacecolor("none")  # hollow, as drawn
        return handles + marks

    # -- the summary -----------------------------------------------------------------

    def lane_items(self, run, lane) -> list[tuple[float, str]]:
        """What a lane sent and received, in its order.  Its own puts are counted (its
        code decides them), and so are its receipts from an object it alone received
        from; where several processes received from one object, how many each got is
        the schedule's, and the lane says once that it got its share."""
        shared = _shared_receivers(run)
        items, said = [], set()
        for m in sorted((m for m in lane.marks if m.family == self.name), key=lambda m: m.t):
            if m.kind in ("got", "done") and (m.obj, lane.pid) in shared:
                if (m.kind, m.obj) not in said:
                    said.add((m.kind, m.obj))
                    verb = m.text if m.kind == "got" else "task_done()"
                    items.append((m.t, f"{verb} {m.obj}, its share"))
                continue
            items.append((m.t, _item_text(m)))
        for span in lane.spans:
            if span.family == self.name:
                items.append((span.began, f"join() {span.obj}" if span.ended is not None
                              else f"join() {span.obj}, never returned"))
        items.sort(key=lambda item: item[0])
        return items

    def summary_lines(self, run) -> list[str]:
        lines = []
        for obj in objects_of(run, "messages"):
            lines.append(_object_line(run, obj))
        return lines


# -- reading a run ----------------------------------------------------------------------------

def _drop_last(lane, obj, kind) -> None:
    for i in reversed(range(len(lane.marks))):
        mark = lane.marks[i]
        if mark.family == "messages" and mark.kind == kind and mark.obj == obj:
            del lane.marks[i]
            return


def object_colors(run) -> dict[str, str]:
    """One colour per queue or pipe of the run, the same on every lane."""
    return colors_of(run, "messages", PALETTE)


def _shared_receivers(run) -> set[tuple[str, int]]:
    """(object, pid) of each lane that received from a queue, or from one end of a pipe,
    that other lanes received from too."""
    by_end: dict[tuple, set[int]] = {}
    for lane in run.lanes:
        for m in lane.marks:
            if m.family == "messages" and m.kind == "got":
                by_end.setdefault((m.obj, m.end), set()).add(lane.pid)
    return {(obj, pid) for (obj, _), pids in by_end.items() if len(pids) > 1 for pid in pids}


def _item_text(m) -> str:
    if m.kind in ("put", "got"):
        return f"{m.text} {m.obj}"
    if m.kind in ("full", "error"):
        return f"{m.text.split('(')[0]} {m.obj} → {m.text.split(': ', 1)[-1]}" \
            if m.kind == "error" and ": " in m.text else f"{m.text.split('(')[0]} {m.obj} → Full"
    if m.kind == "empty":
        return f"{m.text} {m.obj} → Empty"
    if m.kind == "eof":
        return f"recv {m.obj} → EOFError"
    if m.kind == "lost":
        return f"{m.obj}'s feeder thread could not send an item: {m.text}"
    if m.kind == "done":
        return f"task_done() {m.obj}"
    return f"{m.kind} {m.obj}"  # close


def messages(run, obj: str | None = None) -> list[tuple[str, str | None, float, float | None]]:
    """Every message of ``run`` (of ``obj`` only, if given) that was sent: (sender,
    receiver or None, when sent, when received or None), in the order they were sent --
    for a lesson's claims where the code forces them ("each consumer got one
    sentinel")."""
    found = [m for lane in run.lanes for m in lane.marks
             if m.family == "messages" and m.kind == "put" and (obj is None or m.obj == obj)]
    return [(run.name_of(m.pid), run.name_of(m.answer.pid) if m.answer else None, m.t,
             m.answer.t if m.answer else None) for m in sorted(found, key=lambda m: m.t)]


def message_lines(run) -> list[str]:
    """The summary's line for each queue and pipe of ``run`` (``Queue-1: 6 items put, 6
    got: ...``), alone: for a lesson whose lanes' items depend on the schedule (which
    consumer got which item), these hold whatever it was."""
    return MESSAGES.summary_lines(run)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _object_line(run, obj: str) -> str:
    """What holds of ``obj`` in the whole run, whatever the schedule: how many items
    were put and got, that each was got once, which never arrived and why."""
    marks = [m for lane in run.lanes for m in lane.marks
             if m.family == "messages" and m.obj == obj]
    kind = obj.rsplit("-", 1)[0]
    sent, received = SENT.get(kind, RECEIVED)
    puts = [m for m in marks if m.kind == "put"]
    gots = [m for m in marks if m.kind == "got"]
    never = [m for m in puts if m.answer is None and m.lost is None]
    lost = [m for m in puts if m.lost is not None]
    word = "message" if kind == "Pipe" else "item"
    said = [f"{_plural(len(puts), word)} {sent}, {len(gots)} {received}"] if puts or gots else []
    if puts and not never and not lost and len(gots) == len(puts):
        said[0] += f": every {word} {sent} was {received} once"
    if never:
        senders = ", ".join(dict.fromkeys(run.name_of(m.pid) for m in never))
        said.append(f"{len(never)} never {received} ({sent} by {senders})")
    if lost:
        said.append(f"{len(lost)} never sent by the feeder thread ({lost[0].lost})")
    early = [m for m in gots if m.answer is None]
    if early:
        said.append(f"{len(early)} {received} that {'were' if len(early) > 1 else 'was'} "
                    f"{sent} outside the recording")
    for mark_kind, text in (("empty", "raised queue.Empty"), ("full", "raised queue.Full"),
                            ("eof", "raised EOFError")):
        group = [m for m in marks if m.kind == mark_kind]
        if group:
            op = group[0].text.split("(")[0] if mark_kind != "eof" else "recv"
            said.append(f"{_plural(len(group), op + '() call')} {text}")
    done = [m for m in marks if m.kind == "done"]
    if done:
        said.append(f"{_plural(len(done), 'task_done() call')}")
    joins = [s for lane in run.lanes for s in lane.spans if s.family == "messages" and s.obj == obj]
    if joins:
        returned = sum(s.ended is not None for s in joins)
        said.append("join() returned" if returned == len(joins) else
                    f"{len(joins) - returned} join() never returned")
    errors = [m for m in marks if m.kind == "error"]
    if errors:
        said.append(f"{_plural(len(errors), 'call')} raised")
    return f"{obj}: " + "; ".join(said) + "."


MESSAGES = MessagesFamily()
