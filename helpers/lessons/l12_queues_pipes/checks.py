"""Lesson 12's checks (parent side): how the consumers of a run ended, and the exercise --
three fixes of a pipeline that hangs, each run for real with the learner's answer and
a bound, so a wrong one is a hint after a second, never a hang.

Each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import multiprocessing
import queue
import threading

from ..children import end_all
from ..exercise import check, dict_form, is_int

WAIT = 30.0  # s: the most any step waits for a child (never, normally)
PATIENCE = 1.0  # s: how long a consumer of the exercise waits for an item before giving up

SENTINELS = "None sentinels for 3 consumers"
ORDER = "after a child's big put: 'get' or 'join' first"
CLOSE = "close the parent's copy of the sending end"
KEYS = (SENTINELS, ORDER, CLOSE)


def join_within(q, timeout: float) -> bool:
    """``q.join()`` of a ``JoinableQueue``, which has no timeout, waited for ``timeout``
    s at most (in a thread: a consumer that died before its ``task_done()`` would leave
    it waiting for ever); True if it returned."""
    waiting = threading.Thread(target=lambda: q.join(), daemon=True)  # noqa: PLW0108
    waiting.start()  # (the lambda: a call from threading itself would not be recorded)
    waiting.join(timeout)
    return not waiting.is_alive()


def consumers_ended(run, names) -> str:
    """How the consumers ``names`` of ``run`` ended: at a ``None``, or giving up on an
    empty queue -- counted, since which consumer got which ``None`` is the schedule's."""
    gave_up = sum(any(m.family == "messages" and m.kind == "empty"
                      for m in run.lane(name).marks) for name in names)
    stopped = len(names) - gave_up
    return (f"{stopped} consumer{'s' * (stopped != 1)} stopped at a None; "
            f"{gave_up} gave up waiting for one (queue.Empty)")


# -- the exercise -------------------------------------------------------------------------------

def report_end(q, results, patience):
    """Child of the exercise: get until ``None`` or ``patience`` s of nothing; say which."""
    while True:
        try:
            if q.get(timeout=patience) is None:
                results.put("None")
                return
        except queue.Empty:
            results.put("Empty")
            return


def check_pipeline(answer):
    """Lesson 12: run the three parts of the pipeline with ``answer``'s choices, each
    bounded, and say what hung."""
    return check(
        answer,
        form=dict_form(KEYS, f"{{{SENTINELS!r}: 2, ...}}",
                       lambda value: value is not None, "answer each (an int, 'get' or "
                       "'join', True or False)"),
        experiment=lambda: _problems(answer), what_ran="the pipeline",
        wrong=lambda answer, seen: [f"{key}: {problem}" for key, problem in seen.items()
                                    if problem],
        right=lambda seen: "3 Nones stopped the 3 consumers; get() before join() let the "
                           "child exit; with the parent's copy closed, recv() raised "
                           "EOFError after the last word.")


def _problems(answer) -> dict:
    """Each part run with the answer: {key: what went wrong, or None}."""
    problems = {}
    sentinels, order, close = (answer[key] for key in KEYS)
    problems[SENTINELS] = (_sentinels(sentinels) if is_int(sentinels) and 0 <= sentinels <= 10
                           else "a whole number from 0 to 10")
    problems[ORDER] = _order(order) if order in ("get", "join") else "'get' or 'join'"
    problems[CLOSE] = _close(close) if isinstance(close, bool) else "True or False"
    return problems


def _sentinels(count: int) -> str | None:
    from .targets import cook
    q, results = multiprocessing.Queue(), multiprocessing.Queue()
    producer = multiprocessing.Process(target=cook, args=(q, 6, count))
    consumers = [multiprocessing.Process(target=report_end, args=(q, results, PATIENCE))
                 for _ in range(3)]
    try:
        producer.start()
        producer.join(WAIT)  # it has exited: what it put is all in the pipe (a few bytes)
        for c in consumers:
            c.start()
        ends = [results.get(timeout=WAIT) for _ in consumers]
    finally:
        end_all([producer, *consumers], WAIT)
    gave_up = ends.count("Empty")
    if gave_up:
        return (f"{gave_up} of the 3 consumers waited {PATIENCE:g} s for a None that never "
                f"came and gave up (without a timeout: for ever) -- one None per consumer")
    if count > 3:
        return f"each consumer stops at its first None: {count - 3} stayed in the queue"
    return None


def _order(first: str) -> str | None:
    from .targets import put_big
    q = multiprocessing.Queue()
    child = multiprocessing.Process(target=put_big, args=(q, 1_000_000))
    problem = None
    try:
        child.start()
        if first == "join":
            child.join(timeout=1)
            if child.is_alive():
                problem = ("join(timeout=1) gave up: the child cannot exit until its 1 MB "
                           "has been got (without a timeout: a deadlock)")
        q.get(timeout=WAIT)  # and then it can
        child.join(WAIT)
    finally:
        end_all([child], WAIT)
    return problem


def _close(close: bool) -> str | None:
    from .targets import send_words
    reading, writing = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.Process(target=send_words, args=(writing,))
    try:
        child.start()
        child.join(WAIT)  # three words: all in the pipe now
        if close:
            writing.close()
        try:
            while reading.poll(PATIENCE):
                reading.recv()
        except EOFError:
            return None
    finally:
        end_all([child], WAIT)
        reading.close()
        writing.close()
    return (f"after the last word, poll({PATIENCE:g}) said False: no EOFError, since the "
            "parent's own copy of the sending end was still open (recv() would wait for ever)")
