"""Lesson 13's checks (parent side): real scripts that make a shared memory block and
leave it -- unlinked here afterwards, whatever happens -- with what the resource
tracker printed and what ``track=False`` changed; and the exercise: predict four
outcomes of sharing state, each then run for real here.

Each exercise check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import multiprocessing
import re
import secrets
import sys
from multiprocessing import shared_memory
from typing import NamedTuple

from ...tools.plain_python import run_python
from ..children import run_all
from ..exercise import check, dict_form, per_key

SPAWNED = "a spawn child writes 9 into slot 3 of a RawArray from its args: parent sees 9?"
COPIED = "a spawn child appends to d['fruits'], d a plain dict from its args: parent's changed?"
SENT = "pipe_end.send(Value('i', 0)): 'sent', or which error?"
LEFT = "a SharedMemory closed everywhere, never unlinked, program running: still there?"
HINTS = {
    SPAWNED: "a RawArray lives in shared memory, which a spawned child maps too: what it "
             "writes there, the parent sees",
    COPIED: "a plain dict in args reaches the child as a copy (pickled, under spawn): what "
            "it changes is its own (lesson 05)",
    SENT: "a Value reaches a child only in args, as it starts: send() pickles it at once, "
          "and it raises RuntimeError (a Queue's feeder thread would print that and drop it)",
    LEFT: "close() ends one process's view; only unlink() removes the block",
}
QUESTIONS = tuple(HINTS)
NO_WARNING = "no warning from the resource tracker"
SCRIPT_WAIT = 60.0  # s: the most a script runs (a lesson's script waits 30 s at most)
#: An outcome: yes or no (a bool, as in every yes-or-no exercise of the course), else
#: what send() did.
OUTCOMES = (True, False, "sent", "RuntimeError", "TypeError", "ValueError")


def is_outcome(value) -> bool:
    """One of OUTCOMES: a real bool, or one of its strings (1 or ``'True'`` is neither)."""
    return isinstance(value, bool) or (type(value) is str and value in OUTCOMES)


def tracker_lines(output: str) -> list[str]:
    """A script's ``output`` with the resource tracker's warnings as every supported Python
    prints them: from ``UserWarning`` on, without the source line ``warnings`` adds, and
    without the blocks' names that 3.13 adds to the count.  The script's own lines stay."""
    lines = []
    for line in output.splitlines():
        if "UserWarning: resource_tracker:" in line:
            lines.append(re.sub(r"(at shutdown): .*$", r"\1", line[line.index("UserWarning"):]))
        elif line.strip() and not line.startswith((" ", "\t")):
            lines.append(line)
    return lines


def tracker_warning(output: str) -> str:
    """The resource tracker's first warning in a script's ``output`` (:func:`tracker_lines`)."""
    return next((line for line in tracker_lines(output) if line.startswith("UserWarning")),
                NO_WARNING)


def tracker_error(output: str) -> str:
    """The error the resource tracker printed in a script's ``output`` -- its
    traceback's last line, ``KeyError: '/psm_...'`` -- wherever it came among the
    script's own lines (the tracker is another process, writing to the same stderr)."""
    errors = [line for line in tracker_lines(output) if re.match(r"[A-Z]\w*Error: ", line)]
    return errors[-1] if errors else "no error from the resource tracker"


# -- a block in a real script -------------------------------------------------------------

class BlockRun(NamedTuple):
    """What :func:`run_with_block` saw: the block's name, the script's output, and
    whether the block outlived the script."""
    name: str
    output: str
    left: bool


def run_with_block(script: str) -> BlockRun:
    """Run ``script`` in a plain Python, with ``NAME`` bound there to a new block name
    (of the form Python makes up) for the block it makes.  The name is this process's
    too: the block is unlinked here afterwards if the script's end left it, also when
    the run fails or is interrupted (which kills the script and its resource tracker
    before they clean up)."""
    name = "psm_" + secrets.token_hex(4)
    try:
        output = run_python(f"NAME = {name!r}\n{script}", timeout=SCRIPT_WAIT).output
        return BlockRun(name, output, unlink_if_there(name))
    finally:
        unlink_if_there(name)


def untracked_outcome(run: BlockRun) -> str:
    """What a script making its block with ``track=False`` did, in words the same on
    every Python: kept (no ``TypeError``, no warning, the block left) exactly on 3.13+."""
    kept = ("TypeError" not in run.output and run.left
            and tracker_warning(run.output) == NO_WARNING)
    return ("track=False kept the block past the script's end, without a warning, exactly "
            f"when Python is 3.13 or newer: {kept == (sys.version_info >= (3, 13))}")


def unlink_if_there(name: str) -> bool:
    """Unlink the block ``name`` if it exists; True if it did."""
    try:
        block = shared_memory.SharedMemory(name=name)
    except FileNotFoundError:
        return False
    block.close()
    block.unlink()  # (attaching registered it with our tracker; unlink() unregisters it)
    return True


# -- the exercise -------------------------------------------------------------------------------

def check_outcomes(answer):
    """Lesson 13: ``answer`` says, for each of ``QUESTIONS``, what happens (one of
    ``OUTCOMES``); the check makes each happen, here."""
    return check(
        answer,
        form=dict_form(QUESTIONS, f"{{{SPAWNED!r}: True, ...}}", is_outcome,
                       "answer each with True or False (not in quotes), or one of "
                       + ", ".join(repr(o) for o in OUTCOMES if isinstance(o, str))),
        experiment=outcome_experiment, what_ran="the experiment",
        wrong=per_key(HINTS),
        right=lambda seen: "; ".join(f"{q} → {outcome}" for q, outcome in seen.items()) + ".")


def outcome_experiment() -> dict:
    """Each of ``QUESTIONS`` run for real: ``{question: outcome}``."""
    return {SPAWNED: _spawned_child_writes(), COPIED: _spawned_child_appends(),
            SENT: _error_or(_send_a_value), LEFT: _closed_block_left()}


def _spawned_child_writes() -> bool:
    from .targets import square_into
    spawn = multiprocessing.get_context("spawn")
    squares = spawn.RawArray("i", 5)
    run_all(spawn.Process(target=square_into, args=(squares, 3)))
    return squares[3] == 9


def _spawned_child_appends() -> bool:
    from .targets import append_to
    d = {"fruits": []}
    run_all(multiprocessing.get_context("spawn").Process(target=append_to,
                                                         args=(d, "fruits", "apple")))
    return d["fruits"] != []


def _error_or(attempt) -> str:
    """What ``attempt()`` returned, or the name of the error it raised."""
    try:
        return attempt()
    except (RuntimeError, TypeError, ValueError) as error:
        return type(error).__name__


def _send_a_value() -> str:
    mine, theirs = multiprocessing.Pipe()
    try:
        mine.send(multiprocessing.Value("i", 0))
        return "sent"
    finally:
        mine.close()
        theirs.close()


def _closed_block_left() -> bool:
    block = shared_memory.SharedMemory(create=True, size=16)
    try:
        block.close()
        return unlink_if_there(block.name)  # there: unlinked now, by the check
    finally:
        unlink_if_there(block.name)
