"""Exercise self-checks: say what is right, or give a hint -- never a traceback.

Each check accepts *any* answer (None, the wrong type, a half-built object) and
returns a :class:`Verdict`, which a notebook shows as one line starting with
``Right:`` or ``Not yet:`` and which is true only for a right answer.  Wrong
answers get a hint that points at the idea the lesson teaches.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import itertools
import math
import multiprocessing
import numbers
import os
import pickle
import re
import reprlib
import threading
from multiprocessing import process as _mp
from multiprocessing.process import BaseProcess

from . import server_runs, workers
from .families.process import exit_text
from .tools import raw_output
from .view import Run, record


class Verdict:
    """The outcome of a check: true or false, with the line a learner reads."""

    def __init__(self, ok: bool, message: str):
        self.ok = ok
        self.text = ("Right: " if ok else "Not yet: ") + message

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return self.text


def check_greet_alice(answer) -> Verdict:
    """Lesson 01: ``answer`` is a Process, not started, that greets 'alice' via
    ``workers.greet``.  If it is, the check starts and joins it under a recording."""
    if answer is None:
        return Verdict(False, "set `answer` to a Process: answer = Process(target=..., args=...)")
    if not isinstance(answer, BaseProcess):
        return Verdict(False, f"`answer` is a {type(answer).__name__}; build it with "
                               "Process(target=..., args=...)")
    if answer._popen is not None:
        return Verdict(False, "leave `answer` unstarted: the check starts it for you "
                               "(a Process can be started only once)")
    target = answer._target
    if target is None:
        return Verdict(False, "the Process has no target. Did you write "
                              "target=workers.greet('alice')? "
                               "That calls greet in *this* process and passes its result (None); "
                               "pass the function itself: target=workers.greet")
    if target is not workers.greet:
        name = getattr(target, "__name__", repr(target))
        return Verdict(False, f"the target is {name}; the exercise asks for workers.greet")
    args = answer._args  # Process() already made it a tuple: tuple('alice') is 5 letters
    if len(args) > 1 and all(isinstance(a, str) and len(a) == 1 for a in args):
        return Verdict(False, f"the child would get {len(args)} arguments {args!r}: ('alice') "
                               "is just the string 'alice' in brackets, and Process split it into "
                               "letters. A one-element tuple needs a trailing comma: ('alice',)")
    if not _same_call(workers.greet, (args, answer._kwargs), (("alice",), {})):
        return Verdict(False, f"the child would be called as greet(*{tuple(args)!r}, "
                               f"**{answer._kwargs!r}); it should be greet('alice')")
    with record(show=False) as run:
        answer.start()
        answer.join()
    printed = [p.text for lane in run.children for p in lane.prints]
    if printed != ["hello alice"] or answer.exitcode != 0:
        return Verdict(False, f"the child printed {printed} and exited with {answer.exitcode}")
    return Verdict(True, "the child printed 'hello alice' and exited with code 0.")


def _same_call(function, given: tuple, wanted: tuple) -> bool:
    """Would ``function(*args, **kwargs)`` get the same arguments for ``given`` as for
    ``wanted`` (each an ``(args, kwargs)`` pair)?  So ``greet(name='alice')`` is
    ``greet('alice')``; a call that does not fit the signature is not."""
    signature = inspect.signature(function)
    bound = []
    for args, kwargs in (given, wanted):
        try:
            arguments = signature.bind(*args, **kwargs)
        except TypeError:  # too many, missing, unknown or doubled arguments
            return False
        arguments.apply_defaults()
        bound.append(arguments.arguments)
    try:
        return bool(bound[0] == bound[1])
    except Exception:  # an argument whose == cannot say (a numpy array, say)
        return False


def check_first_line(answer) -> Verdict:
    """Lesson 01: which line appears first, the parent's or the child's?"""
    choices = ("parent", "child")
    if not isinstance(answer, str) or answer.strip().lower() not in choices:
        return Verdict(False, f"answer with one of the strings {choices}, not {answer!r}")
    if answer.strip().lower() == "child":
        return Verdict(False, "start() only *asks* for a child and returns at once; the "
                               "parent carries on while the child is still being created")
    return Verdict(True, "start() returns at once and the parent goes on; the child "
                          "prints only after it has been created and has slept.")


# -- Lesson 05: isolation of process memory

COUNTER_KEYS = ("fork", "spawn", "parent")
COUNTER_HINTS = {
    "fork": "a fork child starts with a copy of the parent's memory as it is at start(), "
            "counter included, and adds 1 to that copy",
    "spawn": "a spawn child imports helpers/isolation.py afresh: its counter starts from the "
             "value written in that file, not from the one the parent set",
    "parent": "the child's `counter += 1` changed the child's own copy; nothing a child "
              "does to its globals reaches the parent",
}


def check_counter_prediction(answer) -> Verdict:
    """Lesson 05: the parent sets ``isolation.counter = 7``, then a child runs
    ``isolation.add_one`` (``counter += 1``, print it) and is joined.  ``answer``
    predicts ``{'fork': ..., 'spawn': ..., 'parent': ...}``: what the child prints when
    started by fork, by spawn, and the parent's counter afterwards.  Well-formed
    answers are compared with the experiment, run for real.  Lesson 05."""
    example = "{'fork': 0, 'spawn': 0, 'parent': 0}"
    if not isinstance(answer, dict):
        return Verdict(False, f"answer with a dict like {example}, not {answer!r}")
    missing = [key for key in COUNTER_KEYS if key not in answer]
    extra = [key for key in answer if key not in COUNTER_KEYS]
    if missing or extra:
        return Verdict(False, f"use exactly the keys {COUNTER_KEYS} (missing: {missing}, "
                              f"not expected: {extra})")
    not_numbers = [key for key in COUNTER_KEYS if type(answer[key]) is not int]
    if not_numbers:
        return Verdict(False, f"each value is a whole number (an int); look at {not_numbers}")
    try:
        seen = counter_experiment(start=7)
    except Exception as error:  # e.g. no fork on Windows, or inside another record()
        return Verdict(False, f"the experiment could not run here ({type(error).__name__}: "
                              f"{error}); the solution below explains the answer")
    wrong = [key for key in COUNTER_KEYS if answer[key] != seen[key]]
    if wrong:
        return Verdict(False, "; ".join(f"{key!r}: {COUNTER_HINTS[key]}" for key in wrong))
    return Verdict(True, f"the fork child printed {seen['fork']}, the spawn child "
                         f"{seen['spawn']}, and the parent's counter is still {seen['parent']}.")


def counter_experiment(start: int = 7) -> dict:
    """Run lesson 05's exercise for real: set ``isolation.counter = start`` here, run
    ``isolation.add_one`` in a fork child, then in a spawn child; return what each
    printed and this process's counter afterwards (then restore it).  Nothing reaches
    the cell: record() relays the children's lines to the sys.stdout of its start, here
    a StringIO, so a wrong prediction does not see the answer above its hint.  Lesson 05."""
    import multiprocessing

    from . import isolation

    saved, isolation.counter = isolation.counter, start
    quiet = io.StringIO()
    try:
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet), \
                record(show=False) as run:
            for method in ("fork", "spawn"):
                p = multiprocessing.get_context(method).Process(target=isolation.add_one,
                                                                args=(method,))
                p.start()
                p.join()
        seen = {"parent": isolation.counter}
    finally:
        isolation.counter = saved
    for method, lane in zip(("fork", "spawn"), run.children, strict=True):
        if lane.exitcode != 0 or not lane.prints:
            raise RuntimeError(f"the {method} child printed {lane.prints} and exited with "
                               f"code {lane.exitcode}")
        seen[method] = int(lane.prints[-1].text.rsplit("= ", 1)[-1])
    return seen


# -- Lesson 02: join


WALL_CHILDREN, WALL_PAUSE = 4, 0.5  # the loop of lesson 02's first exercise


def check_wall_times(answer) -> Verdict:
    """Lesson 02: about how long does a loop take that starts 4 children which each sleep
    0.5 s?  ``answer`` is ``(join inside the loop, join after the loop)`` in seconds;
    a little start-up time on top of the sleeps is accepted."""
    serial, pause = WALL_CHILDREN * WALL_PAUSE, WALL_PAUSE
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2
            and all(_is_seconds(x) for x in answer)):
        return Verdict(False, "answer with two numbers of seconds, (join inside the loop, "
                              f"join after the loop), like (3.0, 1.5); not {reprlib.repr(answer)}")
    inside, after = answer
    inside_ok = 0.9 * serial <= inside <= 1.3 * serial
    after_ok = 0.8 * pause <= after <= 1.8 * pause
    if inside_ok and after_ok:
        return Verdict(True, f"inside the loop each join() waits for one child before the next "
                             f"is started, so the sleeps add up: {WALL_CHILDREN} x {pause:g} s = "
                             f"{serial:g} s (plus start-up). After the loop all {WALL_CHILDREN} "
                             f"sleep at the same time: about one sleep, {pause:g} s.")
    if abs(inside - pause) < 0.25 and abs(after - serial) < 0.5:
        return Verdict(False, "the other way round: which loop lets the children overlap? "
                              "join() inside the loop waits before the next start()")
    if not inside_ok:
        return Verdict(False, "join inside the loop: " + (
            "the parent waits for each child before it starts the next one, so the "
            f"{WALL_CHILDREN} sleeps of {pause:g} s come one after another" if inside < serial
            else f"that is more than {WALL_CHILDREN} sleeps of {pause:g} s one after another"))
    return Verdict(False, "join after the loop: " + (
        f"join() still waits until the children have ended: each sleeps {pause:g} s, all at "
        "the same time" if after < 0.8 * pause
        else f"all {WALL_CHILDREN} children are running before the first join(), so their "
             "sleeps overlap: you wait for about one sleep, not all of them"))


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
    if not callable(greet_all):
        return Verdict(False, "pass your function itself: checks.check_greet_all(greet_all), "
                              f"not {reprlib.repr(greet_all)}")
    quiet = io.StringIO()
    try:
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            with record(show=False) as run:
                greet_all(list(GREET_ALL_NAMES))
    except Exception as error:  # the learner's code: any error becomes the hint
        text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        hint = (" -- join() only works on a process that start() started"
                if "can only join a started process" in text else "")
        return Verdict(False, f"greet_all(names) raised {text}{hint}")
    parent, children = run.lanes[0], run.children
    if len(children) != len(GREET_ALL_NAMES):
        count = f"{len(children)} child" + ("" if len(children) == 1 else "ren")
        return Verdict(False, f"greet_all started {count} for {len(GREET_ALL_NAMES)} names; "
                              "start one Process per name")
    for child in children:
        if child.exitcode != 0:
            if child.raised:
                what = f"raised {child.raised}"
            elif child.began is None:
                what = "never began its target (is it importable, from helpers.workers?)"
            else:
                what = "ended"
            return Verdict(False, f"{child.name} {what} and exited with "
                                  f"{exit_text(child.exitcode)}")
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
            return Verdict(False, f"greet_all returned before {len(running)} of the children "
                                  f"had ended (record() had to wait for them){fix}")
        what, them = (("the children", "them") if len(unjoined) == len(children) else
                      (f"{len(unjoined)} of the children", "it" if len(unjoined) == 1 else "them"))
        return Verdict(False, f"{what} ended, but greet_all never joined {them}{fix}")
    starts = [a.t for a in parent.actions if a.kind == "start" and a.by is None]
    if max(starts) > min(j.began for j in joins):
        return Verdict(False, "the children ran one at a time: join() inside the loop waits "
                              "for each child before the next one is started. Start them all "
                              "first, then join them in a second loop")
    return Verdict(True, f"all {len(children)} children were started before the first join(), "
                         "so they ran at the same time, and greet_all joined every one of them "
                         "before returning.")


# -- Lesson 04: subclassing Process


NAME_CLASSES = (workers.Myprocess, workers.MyprocessSuperFirst, workers.MyprocessPerson)


def fresh_names(person: str = "哪吒") -> list[str]:
    """The names of ``Myprocess(person)``, ``MyprocessSuperFirst(person)`` and
    ``MyprocessPerson(person)``, made in that order with the process counter
    restarted at 1, as at the top of a ``record()`` block.  Found by making them
    (none is started); the counter is put back afterwards.  Lesson 04."""
    saved, _mp._process_counter = _mp._process_counter, itertools.count(1)
    try:
        return [cls(person).name for cls in NAME_CLASSES]
    finally:
        _mp._process_counter = saved


def check_names(answer) -> Verdict:
    """Lesson 04: predict ``[a.name, b.name, c.name]`` for ``a = Myprocess('哪吒')``,
    ``b = MyprocessSuperFirst('哪吒')``, ``c = MyprocessPerson('哪吒')``, made in that
    order at the top of a ``record()`` block."""
    if (not isinstance(answer, (list, tuple)) or len(answer) != 3
            or not all(isinstance(name, str) for name in answer)):
        return Verdict(False, f"answer with a list of three strings, [a.name, b.name, c.name]; "
                              f"not {answer!r}")
    names = fresh_names()
    a, b, c = (name.strip() for name in answer)
    if a != names[0]:
        if a == "哪吒":
            return Verdict(False, "a sets self.name *before* super().__init__(), and "
                                  "Process.__init__() then gives it the default name")
        return Verdict(False, "a ends up with its default name: its class's name, a dash, "
                              "and the counter's number (the block restarts it at 1)")
    if b != names[1]:
        return Verdict(False, "b sets self.name *after* super().__init__(): nothing "
                              "overwrites it any more")
    if c != names[2]:
        if c == "哪吒":
            return Verdict(False, "c keeps the person in self.person; its process name "
                                  "stays the default one")
        if c.startswith(NAME_CLASSES[2].__name__ + "-"):
            return Verdict(False, "the counter counts every Process object made, whatever "
                                  "its class: a and b took a number each")
        return Verdict(False, "c's name is its default: its class's name, a dash, a number")
    return Verdict(True, f"a is {names[0]!r} (overwritten by super().__init__()), b is "
                         f"{names[1]!r}, c is {names[2]!r}: the counter counts every Process "
                         "made, whatever its class.")


def unpicklable_options() -> set[str]:
    """Which of lesson 04's exercise options cannot be pickled -- found by pickling
    them, as spawn's ``start()`` pickles a Process and all its attributes.  Lesson 04."""
    with open(os.devnull, "w") as log:
        options = {"a": "chat.log", "b": log, "c": threading.Lock(), "d": ["哪吒", "wupeiqi"]}
        failing = set()
        for letter, value in options.items():
            try:
                pickle.dumps(value)
            except TypeError:
                failing.add(letter)
    return failing


UNPICKLABLE_HINTS = {
    "b": "an open file belongs to the process that opened it (a file descriptor and a buffer); "
         "pickle refuses it",
    "c": "a threading.Lock works between the threads of one process only; pickle refuses it",
    "a": "a str is plain data: it pickles",
    "d": "a list of str is plain data: it pickles",
}


def check_unpicklable(answer) -> Verdict:
    """Lesson 04: which options (letters ``a``-``d``) make a subclass's ``start()``
    fail under spawn?  ``answer``: a set (or list, or tuple) of letters, or a string
    like ``'b, d'`` or ``'b and d'``; an empty set predicts that none fails."""
    example = "like {'a', 'd'} (set() if none fails)"
    if isinstance(answer, str):
        items = [word for word in re.split(r"[\s,]+", answer) if word and word.lower() != "and"]
        if not items:
            return Verdict(False, f"write one letter for each line that fails, {example}")
    elif isinstance(answer, (set, frozenset, list, tuple)) and all(
            isinstance(item, str) for item in answer):
        items = [item.strip() for item in answer]
    else:
        return Verdict(False, f"answer with a set of letters, like {{'a', 'd'}}; "
                              f"not {reprlib.repr(answer)}")
    odd = [item for item in items if len(item) != 1 or not item.isalpha()]
    if odd:
        return Verdict(False, f"write one letter for each line that fails, {example}; "
                              f"{reprlib.repr(odd[0])} is not one letter")
    letters = {item.lower() for item in items}
    unknown = sorted(letters - set(UNPICKLABLE_HINTS))
    if unknown:
        return Verdict(False, f"choose among the letters a, b, c, d (got {sorted(letters)})")
    failing = unpicklable_options()
    wrong = sorted(letters ^ failing)
    if wrong:
        return Verdict(False, "; ".join(f"{letter}) {UNPICKLABLE_HINTS[letter]}"
                                        for letter in wrong))
    return Verdict(True, f"{' and '.join(sorted(failing))} cannot be pickled, so spawn's "
                         "start() fails on them; the others travel to the child.")


# -- Lesson 03: pid and ppid


GRANDCHILD_METHODS = ("fork", "spawn", "forkserver")
GRANDCHILD_HINTS = {
    "fork": "under fork, the process that calls start() forks the new process itself: "
            "the operating system records it as the parent",
    "spawn": "under spawn, the process that calls start() launches the fresh interpreter "
             "itself (fork, then exec): it is the parent the operating system knows",
    "forkserver": "under forkserver, no process forks its own children -- a fork server "
                  "does, for the child too; only parent_process() names the child",
}


def grandchild_ppid_is_starter(method: str) -> bool:
    """Start ``workers.family_member`` with one kid of its own under ``method``: is the
    grandchild's ``os.getppid()`` the pid of the child that started it?  Lesson 03."""
    ctx = multiprocessing.get_context(method)
    with record(show=False) as run:
        p = ctx.Process(target=workers.family_member, args=(None, 1))
        p.start()
        p.join()
    grandchild = run.lane("Process-1:1")
    return grandchild.ppid == grandchild.parent


def check_grandchild_ppid(answer) -> Verdict:
    """``answer`` maps each start method to True or False: is a grandchild's
    ``os.getppid()`` the pid of the child that started it?  The check runs the family
    once per start method this platform has and compares.  Lesson 03."""
    if not isinstance(answer, dict):
        return Verdict(False, "answer with a dict like {'fork': True, 'spawn': True, "
                              f"'forkserver': True}}, not {reprlib.repr(answer)}")
    keys = set(answer)
    if keys != set(GRANDCHILD_METHODS):
        return Verdict(False, "the dict needs exactly the keys 'fork', 'spawn' and "
                              f"'forkserver' (got {sorted(keys, key=repr)!r})")
    unanswered = [m for m in GRANDCHILD_METHODS if not isinstance(answer[m], bool)]
    if unanswered:
        return Verdict(False, f"answer True or False for {', '.join(unanswered)} "
                              f"(not {reprlib.repr(answer[unanswered[0]])})")
    available = [m for m in GRANDCHILD_METHODS if m in multiprocessing.get_all_start_methods()]
    truth = {m: grandchild_ppid_is_starter(m) for m in available}
    wrong = [m for m in available if answer[m] != truth[m]]
    if wrong:
        return Verdict(False, "; ".join(f"{m}: {GRANDCHILD_HINTS[m]}" for m in wrong))
    same = [m for m in available if truth[m]]
    other = [m for m in available if not truth[m]]
    text = []
    if same:
        text.append(f"{' and '.join(same)}: the child creates the grandchild itself, so the "
                    "grandchild's os.getppid() is the child.")
    if other:
        text.append(f"{' and '.join(other)}: a fork server creates it -- one the child started "
                    "for its own children -- and only parent_process() names the child.")
    missing = [m for m in GRANDCHILD_METHODS if m not in available]
    if missing:
        text.append(f"({', '.join(missing)}: not available here, not checked.)")
    return Verdict(True, " ".join(text))


# -- Lesson 06: daemon processes

END_LINES = ("a end", "b end", "c end")
END_LINE_HINTS = {
    "a end": "a is a daemon, but the main code joins it: the main code ends only after a "
             "has finished, and a daemon is cut short only if it still runs then",
    "b end": "b is not a daemon: when the main code ends, the interpreter joins it, so b "
             "finishes its 2 s task",
    "c end": "c is a daemon still running when the main code ends (right after a.join(), "
             "at about 0.2 s): it is terminated then, although the interpreter goes on "
             "waiting for b for almost two seconds",
}


def check_daemon_lines(answer) -> Verdict:
    """Lesson 06: which of the lines 'a end', 'b end', 'c end' does
    ``daemons.EXERCISE_SCRIPT`` print?  ``answer`` is a set (or list, tuple) of them.
    Well-formed answers are compared with the script's output, run for real.  Lesson 06."""
    example = "{'a end'}"
    if isinstance(answer, str) or not isinstance(answer, (set, frozenset, list, tuple)):
        return Verdict(False, f"answer with a set of lines like {example}, not {answer!r}")
    if not all(isinstance(line, str) for line in answer):
        return Verdict(False, f"put only strings in the set, like {example}: {answer!r}")
    chosen = {line.strip() for line in answer}
    unknown = sorted(chosen - set(END_LINES))
    if unknown:
        return Verdict(False, f"choose among {END_LINES} only (the question is about the "
                              f"children's 'end' lines), not {unknown}")
    from .daemons import exercise_end_lines

    try:
        printed = exercise_end_lines()
    except Exception as error:  # e.g. a machine too slow for the script's timeout
        return Verdict(False, f"the script could not run here ({type(error).__name__}: "
                              f"{error}); the solution below explains the answer")
    wrong = [line for line in END_LINES if (line in chosen) != (line in printed)]
    if wrong:
        return Verdict(False, "; ".join(f"{line!r}: {END_LINE_HINTS[line]}" for line in wrong))
    return Verdict(True, f"the script printed {' and '.join(map(repr, sorted(printed)))}. "
                         "The main code joined the daemon a, so a finished; b was joined at "
                         "exit; the daemon c was terminated when the main code ended -- while "
                         "the interpreter still waited for b.")


# -- Lesson 08: terminate and friends


EXIT_HINTS = {
    "return": "a target that returns ends its process normally: exit code 0",
    "sys.exit('再见')": "sys.exit() with something that is not an int prints it to stderr "
                      "and exits with 1",
    "os._exit(7)": "os._exit(n) ends the process on the spot with exit code n",
    "raise KeyError": "an exception nobody catches: the child prints its traceback and "
                      "exits with 1",
    "terminate()": "terminate() sends SIGTERM, signal 15, and a process ended by signal N "
                   "has exitcode -N",
    "kill()": "kill() sends SIGKILL, signal 9, and a process ended by signal N has "
              "exitcode -N",
}


def check_exit_codes(answer) -> Verdict:
    """Lesson 08: ``answer`` predicts ``p.exitcode`` for each way a child can end
    (``workers.ENDINGS``: ``{'return': ..., "sys.exit('再见')": ..., ...}``).
    Well-formed answers are compared with the children's real exit codes.  Lesson 08."""
    example = "{'return': 0, \"sys.exit('再见')\": 0, ...}"
    if not isinstance(answer, dict):
        return Verdict(False, f"answer with a dict like {example}, not {answer!r}")
    missing = [how for how in workers.ENDINGS if how not in answer]
    extra = [how for how in answer if how not in workers.ENDINGS]
    if missing or extra:
        return Verdict(False, f"use exactly the keys {workers.ENDINGS} (missing: {missing}, "
                              f"not expected: {extra})")
    not_numbers = [how for how in workers.ENDINGS if type(answer[how]) is not int]
    if not_numbers:
        return Verdict(False, f"an exit code is a whole number (an int); look at {not_numbers}")
    try:
        seen = exit_code_experiment()
    except Exception as error:
        return Verdict(False, f"the children could not run here ({type(error).__name__}: "
                              f"{error}); the solution below explains the answer")
    wrong = [how for how in workers.ENDINGS if answer[how] != seen[how]]
    if wrong:
        return Verdict(False, "; ".join(f"{how}: {EXIT_HINTS[how]}" for how in wrong))
    return Verdict(True, "the children exited with "
                         + ", ".join(f"{how} → {code}" for how, code in seen.items()) + ".")


def exit_code_experiment(timeout: float = 10.0) -> dict:
    """Run ``workers.end_by(how)`` for every ``how`` of ``workers.ENDINGS``, each in a
    child of its own, for real (terminate or kill the two that wait for it); return
    ``{how: exitcode}``.  No child outlives the call.  Lesson 08."""
    procs = {how: multiprocessing.Process(target=workers.end_by, args=(how,))
             for how in workers.ENDINGS}
    try:
        for p in procs.values():
            p.start()
        procs["terminate()"].terminate()
        procs["kill()"].kill()
        for p in procs.values():
            p.join(timeout)
    finally:
        for p in procs.values():
            if p.pid is not None and p.exitcode is None:
                p.kill()
                p.join()
    return {how: p.exitcode for how, p in procs.items()}


# -- Lesson 07: a multiprocess socket server


SESSION_HINTS = {
    0: "the server starts a process for every connection it accepts; count the connections",
    1: "one server, but one handler process per connection: count the connections",
    2: "echo(address, '', '   ') sends nothing, yet it connects -- and so does the "
       "`with socket.create_connection(...)` line: every accepted connection gets a handler",
    3: "three echo() calls (and three messages sent), but the last line connects too: every "
       "accepted connection gets a handler, even one that sends nothing",
}
MULTI_PROCESSING = [b"MULTI", b"PROCESSING"]


def check_handler_count(answer) -> Verdict:
    """Lesson 07: how many handler processes does the server start for
    :func:`helpers.server_runs.exercise_session`?  A whole number is compared with
    the session, run for real under a recording.  Lesson 07."""
    if isinstance(answer, bool) or not isinstance(answer, int):
        return Verdict(False, f"answer with a whole number (an int), not {reprlib.repr(answer)}")
    try:
        _, run = server_runs.run_client(server_runs.exercise_session)
    except Exception as error:  # e.g. inside another record() block
        return Verdict(False, f"the session could not run here ({type(error).__name__}: "
                              f"{error}); the solution below explains the answer")
    seen = len(server_runs.handler_lanes(run))
    if answer == seen:
        return Verdict(True, f"the server started {seen} handlers, one per connection: three "
                             "echo() calls and one bare connection; how many messages each "
                             "one sent does not matter.")
    return Verdict(False, SESSION_HINTS.get(answer, "a handler serves a whole connection, not "
                                            "one message: count the connections (each echo() "
                                            "call opens one, and so does create_connection)"))


def check_multi_processing(answer) -> Verdict:
    """Lesson 07: ``answer`` is a function ``answer(address)`` that gets the replies
    ``[b'MULTI', b'PROCESSING']`` from the echo server over a single connection.  It is
    run against a fresh server under a recording, which counts the handlers.  Lesson 07."""
    if answer is None:
        return Verdict(False, "set `answer` to a function of the server's address, e.g. "
                              "def answer(address): return echo(address, ...)")
    if not callable(answer):
        return Verdict(False, f"`answer` is a {type(answer).__name__}; make it a function "
                              "that takes the server's address and returns the replies")
    try:
        (kind, value), run = server_runs.run_client(answer)
    except Exception as error:
        return Verdict(False, f"the check could not run here ({type(error).__name__}: {error})")
    if kind == "timeout":
        return Verdict(False, "your function did not return within 10 s: is it waiting for a "
                              "reply to a message that never ended with a newline?")
    if kind == "raised":
        return Verdict(False, f"your function raised {type(value).__name__}: {value} "
                              "(the check calls it as answer(address))")
    replies = value
    if isinstance(replies, list) and all(isinstance(r, str) for r in replies):
        replies = [r.encode() for r in replies]  # decoded replies are fine too
    connections = len(server_runs.handler_lanes(run))
    if replies == MULTI_PROCESSING and connections == 1:
        return Verdict(True, "one connection, so one handler process; two lines sent, two "
                             "replies read.")
    if replies == MULTI_PROCESSING:
        return Verdict(False, f"the replies are right, but your function opened {connections} "
                              f"connections and the server started a handler process for each; "
                              "one echo() call sends all its messages over one connection")
    if replies is None:
        return Verdict(False, "your function returned None: return what echo() gives back")
    if replies == [b"MULTI PROCESSING"]:
        return Verdict(False, "one message, one reply: the server answers line by line, so "
                              "send 'multi' and 'processing' as two messages")
    if replies == [b"MULTI"]:
        return Verdict(False, "only one reply came back: echo() reads one reply per message it "
                              "sent (even when a newline inside a message made the server "
                              "answer two lines); send 'multi' and 'processing' as two messages")
    return Verdict(False, f"your function returned {reprlib.repr(value)}; the server should "
                          f"reply {MULTI_PROCESSING!r}")


# -- Lesson 00: reading a timeline

READING_KEYS = ("processes", "ran longest", "Process-2 exit code")
READING_HINTS = {
    "processes": "count the lanes: one per process, the recording one (MainProcess, this "
                 "kernel) included",
    "ran longest": "the thick blue bar is a target running: compare the lengths of the "
                   "children's bars",
    "Process-2 exit code": "read the label beside the square at the end of Process-2's lane",
}


def timeline_facts(run) -> dict:
    """The answers :func:`check_timeline_reading` expects, read from ``run``: its
    number of lanes, the child whose target ran longest, Process-2's exit code.
    Lesson 00."""
    longest = max((lane for lane in run.children if lane.running),
                  key=lambda lane: lane.running[1] - lane.running[0])
    return {"processes": len(run.lanes), "ran longest": longest.name,
            "Process-2 exit code": run.lane("Process-2").exitcode}


def check_timeline_reading(answer, run=None) -> Verdict:
    """Lesson 00: ``answer`` says what the timeline of ``run`` shows:
    ``{'processes': int, 'ran longest': 'Process-1' or 'Process-2',
    'Process-2 exit code': int}``.  Its form is checked first (``3.0`` is fine, a name
    must be written as the timeline writes it), then it is compared with the run
    itself.  Lesson 00."""
    if not isinstance(run, Run):
        return Verdict(False, "pass the run the exercise recorded too: "
                              "checks.check_timeline_reading(answer, run)")
    try:
        truth = timeline_facts(run)
    except (KeyError, ValueError):
        return Verdict(False, "this run has no Process-1 and Process-2 whose targets ran: "
                              "run the exercise's recording cell again, unchanged")
    example = "{'processes': 0, 'ran longest': 'Process-1', 'Process-2 exit code': 0}"
    if not isinstance(answer, dict) or set(answer) != set(READING_KEYS):
        return Verdict(False, f"answer with a dict of the keys {READING_KEYS}, like {example}; "
                              f"not {reprlib.repr(answer)}")
    blank = [key for key in READING_KEYS if answer[key] is None]
    if blank:
        return Verdict(False, f"replace None with your answer for {blank}")
    given, problems = _read_reading(answer, [lane.name for lane in run.lanes])
    if problems:
        return Verdict(False, "; ".join(problems))
    wrong = [key for key in READING_KEYS if given[key] != truth[key]]
    if wrong:
        return Verdict(False, "; ".join(f"{key}: {READING_HINTS[key]}" for key in wrong))
    return Verdict(True, f"{truth['processes']} lanes, one per process; "
                         f"{truth['ran longest']}'s bar is the longest; Process-2's square says "
                         f"exit {truth['Process-2 exit code']}.")


def _read_reading(answer: dict, names: list[str]) -> tuple[dict, list[str]]:
    """The values of a timeline reading as the facts have them (``3.0`` is 3, a name
    keeps no spaces around it), and what is wrong with their form: a counted
    answer in another form should hear that, not "count again"."""
    given, problems = {}, []
    for key in READING_KEYS:
        value = answer[key]
        if key == "ran longest":
            name = value.strip() if isinstance(value, str) else None
            spelled = [n for n in names if name is not None and n.lower() == name.lower()]
            if not spelled:
                problems.append(f"{key}: answer with a process's name as the timeline shows it, "
                                f"like 'Process-1'; not {reprlib.repr(value)}")
            elif name not in names:
                problems.append(f"{key}: write the name as the timeline shows it: {spelled[0]!r}")
            given[key] = name
        else:
            given[key] = _whole_number(value)
            if given[key] is None:
                problems.append(f"{key}: answer with a whole number (an int), "
                                f"not {reprlib.repr(value)}")
    return given, problems


def _whole_number(x) -> int | None:
    """``x`` as an int if it is a whole number (``3`` or ``3.0``; not ``True``), else None."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return None
    if isinstance(x, numbers.Integral):
        return int(x)
    return int(x) if math.isfinite(x) and float(x).is_integer() else None


# -- Lesson 09: start methods

DEFAULT_METHODS = {  # the platform's default start method
    "Windows": "spawn",
    "macOS, Python 3.13": "spawn",
    "Linux, Python 3.13": "fork",
    "Linux, Python 3.14": "forkserver",
}
DEFAULT_HINTS = {
    "Windows": "Windows has no fork() at all: spawn is its only start method",
    "macOS, Python 3.13": "macOS has fork(), but since Python 3.8 its default is spawn: "
                          "system libraries can crash in a forked child",
    "Linux, Python 3.13": "up to Python 3.13 Linux forks: the child is a copy of the parent",
    "Linux, Python 3.14": "Python 3.14 changed Linux's default so that a process with "
                          "threads is no longer forked",
}
START_METHODS = ("fork", "forkserver", "spawn")


def check_default_methods(answer) -> Verdict:
    """Lesson 09: ``answer`` maps each platform of ``DEFAULT_METHODS`` to the start
    method Python uses there by default.  Lesson 09."""
    if not isinstance(answer, dict) or set(answer) != set(DEFAULT_METHODS):
        return Verdict(False, f"answer with a dict of the keys {tuple(DEFAULT_METHODS)}, "
                              f"not {reprlib.repr(answer)}")
    odd = [key for key, value in answer.items()
           if not (isinstance(value, str) and value in START_METHODS)]
    if odd:
        return Verdict(False, f"give each platform one of the strings {START_METHODS}; "
                              f"not yet done for {odd}")
    wrong = [key for key in DEFAULT_METHODS if answer[key] != DEFAULT_METHODS[key]]
    if wrong:
        return Verdict(False, "; ".join(f"{key}: {DEFAULT_HINTS[key]}" for key in wrong))
    return Verdict(True, "spawn on Windows (its only method) and macOS (since 3.8), fork on "
                         "Linux up to 3.13, forkserver from 3.14.")


def spawn_outcomes(candidates: dict, args: tuple = ("bob",), timeout: float = 10.0) -> dict:
    """Start ``candidate(*args)`` in a spawned child, for each candidate; return
    ``{key: (outcome, detail)}`` with outcome ``'ran'`` (exit code 0), ``'child
    failed'`` (detail: the last line it wrote to stderr, or its exit code) or ``'start
    failed'`` (``start()`` raised here; detail: the error).  What the children write
    is kept out of the cell; none outlives the call.  Lesson 09."""
    spawn = multiprocessing.get_context("spawn")
    outcomes = {}
    with raw_output.captured(1):
        for key, target in candidates.items():
            p = spawn.Process(target=target, args=args)
            with raw_output.captured(2) as err:
                try:
                    p.start()
                except Exception as error:
                    outcomes[key] = ("start failed", f"{type(error).__name__}: {error}")
                    continue
                p.join(timeout)
                if p.exitcode is None:
                    p.kill()
                    p.join()
            if p.exitcode == 0:
                outcomes[key] = ("ran", "")
            else:
                lines = err.text.strip().splitlines()
                outcomes[key] = ("child failed", lines[-1] if lines else exit_text(p.exitcode))
    return outcomes


def check_spawn_targets(answer, candidates=None) -> Verdict:
    """Lesson 09: ``answer`` is the set of keys of ``candidates`` (``{key: function}``)
    whose function a *spawned* child can run as its target.  Each candidate is
    started for real under spawn, with the argument ``'bob'``.  Lesson 09."""
    if not isinstance(candidates, dict) or not candidates or not all(
            isinstance(key, str) for key in candidates):
        return Verdict(False, "pass the candidates too: "
                              "checks.check_spawn_targets(answer, candidates)")
    if isinstance(answer, str) or not isinstance(answer, (set, frozenset, list, tuple)):
        return Verdict(False, "answer with a set of keys, like {'a'} (or set() for none), not "
                              f"{reprlib.repr(answer)}")
    if not all(isinstance(key, str) for key in answer):
        return Verdict(False, f"put only keys (strings) in the set, like {{'a'}}: "
                              f"{reprlib.repr(answer)}")
    unknown = [key for key in answer if key not in candidates]
    if unknown:
        return Verdict(False, f"choose among the keys {sorted(candidates)}, not "
                              f"{reprlib.repr(unknown)}")
    try:
        outcomes = spawn_outcomes(candidates)
    except Exception as error:
        return Verdict(False, f"the candidates could not run here ({type(error).__name__}: "
                              f"{error})")
    wrong = [key for key in candidates if (key in answer) != (outcomes[key][0] == "ran")]
    if wrong:
        return Verdict(False, "; ".join(_spawn_hint(key, *outcomes[key]) for key in wrong))
    ran = [key for key in candidates if outcomes[key][0] == "ran"]
    failed = [f"{key} failed ({'in the child' if outcome == 'child failed' else 'at start()'}: "
              f"{detail})" for key, (outcome, detail) in outcomes.items() if outcome != "ran"]
    return Verdict(True, f"{', '.join(ran) or 'none'} ran under spawn"
                         + (f"; {'; '.join(failed)}" if failed else "") + ".")


def _spawn_hint(key: str, outcome: str, detail: str) -> str:
    if outcome == "ran":
        return (f"{key} ran: the child could import it by its module and name (a function "
                "of a module, a built-in, or a functools.partial of one)")
    if outcome == "start failed":
        return (f"{key}: start() raised {detail} -- here, before any child existed: spawn "
                "pickles the target by name, and a lambda (or a function defined inside another "
                "one) has no name to look up")
    return (f"{key}: the child started, but could not find its target ({detail}): a function "
            "defined in a notebook cell lives in the kernel's __main__, which a spawned child "
            "cannot import")
