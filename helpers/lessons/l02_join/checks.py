"""Lesson 02's exercises: how long a loop of starts takes with ``join()`` inside or after
it, and a ``greet_all`` of your own, run for real and read off its timeline.

Parent side; each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import contextlib
import io
import math
import numbers
import reprlib

from ...families.process import exit_text
from ...view import record
from ..exercise import Verdict, check

WALL_CHILDREN, WALL_PAUSE = 4, 0.5  # the loop of lesson 02's first exercise


def check_wall_times(answer) -> Verdict:
    """Lesson 02: about how long does a loop take that starts 4 children which each sleep
    0.5 s?  ``answer`` is ``(join inside the loop, join after the loop)`` in seconds;
    a little start-up time on top of the sleeps is accepted."""
    serial, pause = WALL_CHILDREN * WALL_PAUSE, WALL_PAUSE
    return check(
        answer, form=_two_seconds_form, wrong=lambda answer, _: _wall_time_hints(*answer),
        right=lambda _: (f"inside the loop each join() waits for one child before the next "
                         f"is started, so the sleeps add up: {WALL_CHILDREN} x {pause:g} s = "
                         f"{serial:g} s (plus start-up). After the loop all {WALL_CHILDREN} "
                         f"sleep at the same time: about one sleep, {pause:g} s."))


def _two_seconds_form(answer) -> str | None:
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2
            and all(_is_seconds(x) for x in answer)):
        return ("answer with two numbers of seconds, (join inside the loop, "
                f"join after the loop), like (3.0, 1.5); not {reprlib.repr(answer)}")
    return None


def _wall_time_hints(inside, after) -> list[str]:
    """A little start-up time on top of the sleeps is accepted."""
    serial, pause = WALL_CHILDREN * WALL_PAUSE, WALL_PAUSE
    inside_ok = 0.9 * serial <= inside <= 1.3 * serial
    after_ok = 0.8 * pause <= after <= 1.8 * pause
    if inside_ok and after_ok:
        return []
    if abs(inside - pause) < 0.25 and abs(after - serial) < 0.5:
        return ["the other way round: which loop lets the children overlap? "
                "join() inside the loop waits before the next start()"]
    if not inside_ok:
        return ["join inside the loop: " + (
            "the parent waits for each child before it starts the next one, so the "
            f"{WALL_CHILDREN} sleeps of {pause:g} s come one after another" if inside < serial
            else f"that is more than {WALL_CHILDREN} sleeps of {pause:g} s one after another")]
    return ["join after the loop: " + (
        f"join() still waits until the children have ended: each sleeps {pause:g} s, all at "
        "the same time" if after < 0.8 * pause
        else f"all {WALL_CHILDREN} children are running before the first join(), so their "
             "sleeps overlap: you wait for about one sleep, not all of them")]


def _ended_before(lane, t: float | None) -> bool:
    """Had ``lane``'s child ended by ``t``?  Its target's end is written by the child
    itself, before it exits; the exit is noted by the recorder's watcher thread, which
    may do so just after the learner's code, waiting on the same sentinel, went on."""
    return t is not None and any(end is not None and end <= t
                                 for end in (lane.ended, lane.exited))


def _is_seconds(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x) and x >= 0


GREET_ALL_NAMES = ("alice", "bob", "carol")


def check_greet_all(greet_all) -> Verdict:
    """Lesson 02: ``greet_all(names)`` starts one child per name, lets them run at the
    same time, and returns only when every one has ended.

    The check calls it with three names under a recording (the children's lines are
    kept out of the cell) and reads the timeline: one child per name, every
    ``start()`` before the first ``join()``, every child joined by ``greet_all``.
    Waiting for the children another way (their sentinels, ``is_alive()``) is not
    right yet -- the lesson is ``join()`` -- but its hint says the children had ended."""
    return check(
        greet_all,
        form=lambda f: None if callable(f) else
        f"pass your function itself: checks.check_greet_all(greet_all), not {reprlib.repr(f)}",
        experiment=lambda: _run_greet_all(greet_all), wrong=lambda _, seen: _greet_all_hints(seen),
        right=lambda seen: (f"all {len(seen.children)} children were started before the first "
                            "join(), so nothing kept them from running at the same time, and "
                            "greet_all joined every one of them before returning."))


def _run_greet_all(greet_all):
    """The recorded run of ``greet_all(names)``, its lines kept out of the cell; or the
    error it raised, as text (the learner's code: any error becomes the hint)."""
    quiet = io.StringIO()
    try:
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            with record(show=False) as run:
                greet_all(list(GREET_ALL_NAMES))
    except Exception as error:
        return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return run


def _greet_all_hints(run) -> list[str]:
    if isinstance(run, str):
        hint = (" -- join() only works on a process that start() started"
                if "can only join a started process" in run else "")
        return [f"greet_all(names) raised {run}{hint}"]
    parent, children = run.lanes[0], run.children
    if len(children) != len(GREET_ALL_NAMES):
        count = f"{len(children)} child" + ("" if len(children) == 1 else "ren")
        return [f"greet_all started {count} for {len(GREET_ALL_NAMES)} names; "
                "start one Process per name"]
    for child in children:
        if child.exitcode != 0:
            if child.raised:
                what = f"raised {child.raised}"
            elif child.began is None:
                what = "never began its target (is it importable, from a module such as targets?)"
            else:
                what = "ended"
            return [f"{child.name} {what} and exited with {exit_text(child.exitcode)}"]
    joins = [j for j in parent.joins if j.by is None and j.ended is not None]
    unjoined = [c for c in children if not any(
        j.child == c.pid and c.exited is not None and j.ended >= c.exited for j in joins)]
    if unjoined:
        only_last = len(unjoined) == len(children) - 1 and children[-1] not in unjoined
        gave_up = any(j.child == c.pid for c in unjoined for j in joins)
        running = [c for c in unjoined if not _ended_before(c, run.code_end)]
        if only_last:
            fix = "; p.join() after the loop joins only the last p: loop over p_lst, join each one"
        elif gave_up:
            fix = "; join(timeout) returns when the time is up, ended or not: call join() bare"
        elif running:
            fix = "; keep them in p_lst and join each one before returning"
        else:
            fix = (": call join() on each (join() is what waits for a child and reaps it; "
                   "without it an ended child stays a zombie until something else reaps it)")
        if running:
            return [f"greet_all returned before {len(running)} of the children "
                    f"had ended (record() had to wait for them){fix}"]
        what, them = (("the children", "them") if len(unjoined) == len(children) else
                      (f"{len(unjoined)} of the children", "it" if len(unjoined) == 1 else "them"))
        return [f"{what} ended, but greet_all never joined {them}{fix}"]
    starts = [a.t for a in parent.actions if a.kind == "start" and a.by is None]
    if max(starts) > min(j.began for j in joins):
        return ["the children ran one at a time: join() inside the loop waits "
                "for each child before the next one is started. Start them all "
                "first, then join them in a second loop"]
    return []
