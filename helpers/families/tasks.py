"""The tasks family: each task a pool runs -- ``multiprocessing.Pool`` and
``concurrent.futures.ProcessPoolExecutor`` -- as a span on the lane of the worker that
ran it, with its function and argument, and how it ended: returned or raised.

A pool made inside ``record()`` by the learner's code is named there, ``Pool-1``,
``ProcessPoolExecutor-1`` (a count per recording, as ``Process-1`` is), and its
workers carry that name (:data:`~.hooks.OWNER`): the process family then says of such
a lane whose worker it is, and of a start, join or terminate that the pool's own code
made, that the pool made it (``by``), not the learner.  The pool's threads are no
lanes: they are threads of the process that made the pool.

How the tasks are seen: a worker runs the pool's loop (``multiprocessing.pool.worker``,
``concurrent.futures.process._process_worker``), which gets each task from one queue
and puts its result on another.  The pool's own ``Process`` factory is replaced, for
pools made while recording, by one that hands the worker those two queues wrapped in
a :class:`TaskQueue`: its ``get`` notes a task's beginning, its ``put`` the task's end
and whether its result is an exception.  So no frame of the workbook's comes between
the pool's loop and the learner's function: a task's traceback reads as without it.
A task whose worker died in it never ends (its span runs to the worker's exit).

Which worker ran which task, and how many ran on each, is the schedule's: the summary
says of a pool only what holds whatever it is -- how many tasks, that no more ran at
once than it has workers, which raised and what -- never which worker ran what.
"""

from __future__ import annotations

import sys
import weakref
from dataclasses import dataclass
from multiprocessing import current_process
from multiprocessing import pool as _pool

from ..recorder.session import active
from ..recorder.targets import describe_call
from .base import Family, Span, Style, label, label_text, most_overlapping
from .hooks import OWNER, patch, quietly, recording
from .process import one_line

try:  # (a platform without working semaphores has no process pools)
    from concurrent.futures import process as _cfp
except ImportError:  # pragma: no cover
    _cfp = None

LABELLED_TASKS = 12  # a pool with more tasks draws them unlabelled: the lanes would be text
LABEL_SHARE = 25  # a task bar shorter than this share of the run's time is not labelled
SEEN_SHARE = 300  # but no task bar is drawn narrower than this share of it: a few pixels
EDGED_SHARE = 60  # and only one wider than this one is edged (white, apart from the next)

_counts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # recorder -> {kind: count}


def _new_name(rec, kind: str) -> str:
    """``Pool-1``, ``Pool-2``... in the order the recording process made them; a pool a
    child made is ``Pool-1 of Process-2`` (each process counts its own)."""
    counts = _counts.setdefault(rec, {})
    counts[kind] = counts.get(kind, 0) + 1
    name = f"{kind}-{counts[kind]}"
    return name if rec.watcher is not None else f"{name} of {current_process().name}"


# -- what a worker gets and puts --------------------------------------------------------------

def _chunk_label(func, chunk, star: bool) -> str:
    """``f(1)`` for a chunk of one, else ``f(1) … f(3), 3 calls`` (only the first and
    the last are described: a chunk may hold thousands)."""
    def call(args):
        return describe_call(func, args if star else (args,))
    if len(chunk) == 1:
        return call(chunk[0])
    if not chunk:
        return f"{getattr(func, '__name__', '?')}: 0 calls"
    return f"{call(chunk[0])} … {call(chunk[-1])}, {len(chunk)} calls"


def _task_of(item) -> tuple[list, str, int] | None:
    """A task a worker got, for its event; never an error of its own, which would kill
    the worker in the pool's loop (an argument whose ``repr()`` raises, say): then the
    task is labelled by its function alone."""
    try:
        return _pool_task(item) or _executor_task(item)
    except Exception:
        return _bare_task(item)


def _bare_task(item) -> tuple[list, str, int] | None:
    try:
        if isinstance(item, tuple):
            return [item[0], item[1]], f"{getattr(item[2], '__name__', '?')}(…)", 1
        return [item.work_id], f"{getattr(item.fn, '__name__', '?')}(…)", 1
    except Exception:
        return None


def _pool_task(item) -> tuple[list, str, int] | None:
    """A ``Pool`` worker's task ``(job, i, func, args, kwds)``: its id, label and number
    of calls (a ``map`` chunk makes several)."""
    if not (isinstance(item, tuple) and len(item) == 5):
        return None
    job, i, func, args, kwds = item
    if func in (_pool.mapstar, _pool.starmapstar):
        (fn, chunk), = args  # map's chunks: mapstar((f, chunk))
        return [job, i], _chunk_label(fn, chunk, func is _pool.starmapstar), len(chunk)
    if func is _pool._helper_reraises_exception:  # the iterable itself raised
        return [job, i], "(the iterable given to the pool raised)", 0
    return [job, i], describe_call(func, args, kwds), 1


def _executor_task(item) -> tuple[list, str, int] | None:
    """A ``ProcessPoolExecutor`` worker's ``_CallItem``: its id, label, number of calls
    (``map`` sends chunks to ``_process_chunk``)."""
    if _cfp is None or not isinstance(item, _cfp._CallItem):
        return None
    fn, args = item.fn, item.args
    if getattr(fn, "func", None) is _cfp._process_chunk:  # partial(_process_chunk, f)
        chunk = args[0]
        return [item.work_id], _chunk_label(fn.args[0], chunk, True), len(chunk)
    return [item.work_id], describe_call(fn, args, item.kwargs), 1


def _result(item) -> tuple[list, str | None] | None:
    """What a worker puts back: the task's id and, if it raised, the exception as one
    line (the exception, not the pool's wrapper that carries its traceback)."""
    if isinstance(item, tuple) and len(item) == 3 and isinstance(item[2], tuple):
        job, i, (ok, value) = item  # Pool
        return [job, i], None if ok else one_line(getattr(value, "exc", value))
    if _cfp is not None and isinstance(item, _cfp._ResultItem):
        error = item.exception
        return [item.work_id], None if error is None else one_line(getattr(error, "exc", error))
    return None  # (an executor's worker telling that it exits: its pid)


class TaskQueue:
    """One of a pool worker's two queues, as the worker gets it: ``get`` notes that a
    task began, ``put`` that it ended and how; everything else is the queue's own.
    Inert in a worker that is not recorded."""

    def __init__(self, queue, pool: str):
        self._queue = queue
        self._pool = pool

    def __reduce__(self):  # (the queue inside pickles as it would alone, while spawning)
        return (TaskQueue, (self._queue, self._pool))

    def __getattr__(self, name):  # _reader, _writer, close...: the queue's
        if name in ("_queue", "_pool"):
            raise AttributeError(name)
        return getattr(self._queue, name)

    def get(self, *args, **kwargs):
        item = quietly(self._queue.get, *args, **kwargs)  # the pool's, not the learner's
        rec = active()
        task = rec and item is not None and _task_of(item)
        if task:
            key, label, calls = task
            rec.writer.write("task-begin", pool=self._pool, task=key, label=label, calls=calls)
        return item

    def put(self, item, *args, **kwargs):
        rec = active()
        done = rec and _result(item)
        if done:  # before the put: once the result is sent, the pool may end this worker
            key, raised = done
            rec.writer.write("task-end", pool=self._pool, task=key, raised=raised)
        # raises if the result cannot be pickled: the pool then puts an error in its
        # place, noted again
        quietly(self._queue.put, item, *args, **kwargs)


def _owned(proc, pool: str):
    """``proc``, a worker ``pool`` made, with its name (:data:`~.hooks.OWNER`) and its
    task queue and result queue watched (the pool's loop and the executor's take them
    first)."""
    args = proc._args
    proc._args = (TaskQueue(args[0], pool), TaskQueue(args[1], pool), *args[2:])
    proc.__dict__[OWNER] = pool
    return proc


# -- the hooks -----------------------------------------------------------------------------------

def _callers_frame():
    """The frame that made the pool: ``multiprocessing.Pool()`` is a context's method."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__") == "multiprocessing.context":
        frame = frame.f_back
    return frame


def _pool_init(original):
    def hook(self, *args, **kwargs):
        __tracebackhide__ = True  # noqa: F841
        rec = None if isinstance(self, _pool.ThreadPool) else recording(_callers_frame())
        if rec is None:
            return original(self, *args, **kwargs)
        name, make = _new_name(rec, "Pool"), type(self).Process

        def Process(ctx, *args, **kwds):  # noqa: N802  (the pool calls self.Process)
            return _owned(make(ctx, *args, **kwds), name)

        self.Process = Process
        original(self, *args, **kwargs)
        rec.writer.write("pool", name=name, workers=self._processes)
        rec.closers.append(_closer(self, "terminate"))
    return hook


class _OwnContext:
    """An executor's ``multiprocessing`` context, whose ``Process`` makes workers that
    carry the executor's name and have their queues watched."""

    def __init__(self, context, name: str):
        self._context, self._name = context, name

    def __getattr__(self, attr):
        if attr in ("_context", "_name"):
            raise AttributeError(attr)
        return getattr(self._context, attr)

    def Process(self, *args, **kwargs):  # noqa: N802
        return _owned(self._context.Process(*args, **kwargs), self._name)


def _executor_init(original):
    def hook(self, *args, **kwargs):
        __tracebackhide__ = True  # noqa: F841
        rec = recording(sys._getframe(1))
        original(self, *args, **kwargs)
        if rec is not None:
            name = _new_name(rec, "ProcessPoolExecutor")
            self._mp_context = _OwnContext(self._mp_context, name)
            rec.writer.write("pool", name=name, workers=self._max_workers)
            rec.closers.append(_closer(self, "shutdown"))
    return hook


def _closer(pool, method: str):
    """Ends ``pool`` when the recording ends, if the block left it open (its own
    threads would start new workers as record() ends the old ones): the Pool is
    terminated, the executor shut down with its pending tasks cancelled, its running
    ones left to record()'s bounded wait, terminate and kill."""
    ref = weakref.ref(pool)

    def close():
        pool = ref()
        if pool is None:
            return
        if method == "terminate":
            pool.terminate()
        else:  # not wait=True: a task that never ends would hold record() up for ever;
            pool.shutdown(wait=False, cancel_futures=True)  # record() ends the workers
    return close


# -- the model ---------------------------------------------------------------------------------

@dataclass
class Task(Span):
    """One task (or ``map`` chunk) on the lane of the worker that ran it: ``obj`` is its
    pool, ``text`` its label; ``ended`` None: its worker ended in the middle of it.
    ``ended`` is when the function returned or raised, noted just before the worker
    sends the result: a worker killed in between leaves a task that returned but
    whose result never came."""

    key: tuple = ()
    calls: int = 1
    raised: str | None = None


@dataclass
class Pool:
    name: str
    workers: int
    made: float


class TasksFamily(Family):
    name = "tasks"
    kinds = ("pool", "task-begin", "task-end")
    styles = {"task": Style("a pool's task, on the worker that ran it", "#e6ab02", marker=""),
              "task-raised": Style("a task that raised", "#de2d26", marker="", hatch="xxx")}

    def install(self) -> None:
        patch(_pool.Pool, "__init__", _pool_init)
        if _cfp is not None:
            patch(_cfp.ProcessPoolExecutor, "__init__", _executor_init)

    def fold(self, run, e: dict) -> None:
        scratch = run.scratch(self.name)
        if e["kind"] == "pool":
            scratch.setdefault("pools", {})[e["name"]] = Pool(e["name"], e["workers"], e["t"])
        elif e["kind"] == "task-begin":
            task = Task(e["t"], None, self.name, "task", e["pool"], e["label"],
                        key=tuple(e["task"]), calls=e["calls"])
            run.lane_of(e["pid"]).spans.append(task)
            counts = scratch.setdefault("counts", {})
            counts[e["pool"]] = counts.get(e["pool"], 0) + 1
            scratch.setdefault("open", {})[(e["pid"], e["pool"], task.key)] = task
        else:  # a second end of one task: its result could not be sent, an error was
            key = (e["pid"], e["pool"], tuple(e["task"]))
            task = scratch.get("open", {}).pop(key, None) or scratch.get("ended", {}).get(key)
            if task is not None:
                scratch.setdefault("ended", {})[key] = task
                task.ended, task.raised = e["t"], e["raised"]
                task.kind = "task-raised" if e["raised"] else "task"

    def pools(self, run) -> list[Pool]:
        """The pools of ``run``, in the order they were made."""
        return sorted(run.scratch(self.name).get("pools", {}).values(), key=lambda p: p.made)

    def tasks(self, run, pool: str | None = None) -> list[Task]:
        """The tasks of ``run`` (of ``pool``), in the order their pool was given them."""
        found = [s for lane in run.lanes for s in lane.spans
                 if s.family == self.name and (pool is None or s.obj == pool)]
        return sorted(found, key=lambda task: task.key)

    def most_at_once(self, run, pool: str) -> int:
        """The most tasks of ``pool`` that ran at the same moment in ``run`` (a measure
        of this run: only where the code forces it -- ``apply`` waits for each result
        -- is it the same on every run)."""
        return most_overlapping(self._spans(run, pool))

    def _spans(self, run, pool: str) -> list[tuple[float, float]]:
        """(began, ended) of each task of ``pool``; one that never ended lasted until
        its worker's exit (else the run's end)."""
        return [(s.began, s.ended if s.ended is not None else (lane.exited or run.end))
                for lane in run.lanes for s in lane.spans
                if s.family == self.name and s.obj == pool]

    # -- the picture -------------------------------------------------------------------

    def draw(self, ax, run, lane, row: float, x, rows: dict) -> set[str]:
        """A bar per task over the worker's running bar (under the marks), labelled with
        its call when its pool had few tasks and the bar is long enough to carry it
        (else the lanes would be a smudge of text) -- a task that raised, always.  A task
        of a few microseconds is still drawn a few pixels wide, in its colour (#28: the
        legend names the bars, which must be seen)."""
        used, counts = set(), run.scratch(self.name).get("counts", {})
        whole = x(run.end) - x(run.t0) if run.end and run.t0 else 0.0
        least = whole / LABEL_SHARE
        mine = [s for s in lane.spans if s.family == self.name]
        for task in sorted(mine, key=lambda s: s.began):
            style = self.styles[task.kind]
            end = task.ended if task.ended is not None else (lane.exited or run.end)
            width = x(end) - x(task.began)
            edge = style.color if task.raised else (
                "white" if width > whole / EDGED_SHARE else "none")  # (a thin bar: all edge)
            ax.barh(row, max(width, whole / SEEN_SHARE), left=x(task.began), height=0.5,
                    color=self.styles["task"].color, hatch=style.hatch, edgecolor=edge,
                    lw=0.5, zorder=1.5)
            used.add(task.kind)
            if task.raised or (counts[task.obj] <= LABELLED_TASKS and width >= least):
                text = task.text + (f" → {task.raised.split(':')[0]}" if task.raised else "")
                label(ax, x(task.began), row, label_text(text, 30), clear=0.25,
                      color="#7a5a00" if not task.raised else style.color)
        return used

    # -- the summary -------------------------------------------------------------------

    def lane_items(self, run, lane) -> list[tuple[float, str]]:
        """Nothing on a worker's lane: which tasks it ran is the schedule's."""
        return []

    def summary_lines(self, run) -> list[str]:
        """Per pool: its tasks, how many ran at once at most, how they ended."""
        lines = []
        for pool in self.pools(run):
            tasks = self.tasks(run, pool.name)
            lines.append(f"{pool.name}, {pool.workers} worker{'s' * (pool.workers != 1)}: "
                         + _tasks_line(tasks, pool.workers,
                                       most_overlapping(self._spans(run, pool.name))))
            for task in tasks:
                if task.raised:
                    lines.append(f"  {task.text} raised {task.raised}")
                elif task.ended is None:
                    lines.append(f"  {task.text} never ended: its worker ended in it")
        return lines


def _tasks_line(tasks: list[Task], workers: int, most: int) -> str:
    if not tasks:
        return "no task began"
    calls = sum(task.calls for task in tasks)
    chunked = any(task.calls != 1 for task in tasks)
    what = (f"{len(tasks)} task{'s' * (len(tasks) != 1)}"
            + (f" ({calls} calls in chunks)" if chunked else ""))
    # (the pool's bound, not a count: how many really ran together is the schedule's)
    if most > workers:
        at_once = f"{most} at once"
    else:
        at_once = ("one at a time" if workers == 1
                   else f"never more at once than its {workers} workers")
    ended = [task for task in tasks if task.ended is not None]
    raised = sum(1 for task in ended if task.raised)
    if raised == 0 and len(ended) == len(tasks):
        how = "each returned" if len(tasks) > 1 else "it returned"
    else:
        how = f"{len(ended) - raised} returned, {raised} raised"
        if len(ended) < len(tasks):
            how += f", {len(tasks) - len(ended)} never ended"
    return f"{what} began, {at_once}; {how}"


TASKS = TasksFamily()
