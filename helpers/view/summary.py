"""The text summary of a recorded run (what nbval checks, since it skips images).

Only facts that hold on every run of the same code go in, however slowly the machine
starts its children: each process's own events in order (the order *between*
processes is shown by the cell's output itself), exit codes, a target's own run time
to 0.1 s, and what the parent's own order forces about its children.  Which
processes overlapped in time is left to the picture, and so is how long a parent
waited in ``join()``: both depend on the children's start-up, which is 1 ms under
fork and anything from 30 ms to over a second under spawn on a busy machine.  Each
event family says its part (:meth:`helpers.families.Family.lane_items`,
:meth:`~helpers.families.Family.summary_lines`).
"""

from __future__ import annotations

from ..families import PROCESS, families
from ..families.base import repeats
from .model import Lane, Run, need_run


def describe_run(run: Run, items=None, said_by=None) -> str:
    """The summary of ``run``; ``items(run, lane)`` -- by default :func:`lane_items` --
    gives a lane's items, for a lesson that says a lane its own way; ``said_by``, the
    families whose lines about the whole run follow the lanes (by default all)."""
    need_run(run)
    items = items or lane_items
    if not run.lanes:
        return "Timeline: nothing was recorded."
    recorder = run.lanes[0]
    children = run.children
    count = f"{len(children)} child" + ("" if len(children) == 1 else "ren")
    lines = [f"Timeline, start method {run.method}: {recorder.name} and {count}"]
    width = max(len(lane.name) for lane in run.lanes)
    for lane in run.lanes:
        lines.append(f"  {lane.name:<{width}}  " + " · ".join(items(run, lane)))
    for family in families() if said_by is None else said_by:
        lines += family.summary_lines(run)
    return "\n".join(lines)


BLOCKS = (1, 2, 3)  # an item, or a block of 2 or 3, repeated in a row: said once, ×N


def lane_items(run: Run, lane: Lane) -> list[str]:
    """What one process did, in its own order, every family's items together; a block
    of items repeated in a row (a loop: ``held Lock-1 ×20``, ``(put Queue-1 · get
    Queue-1) ×10000``) once, where it began: after the families' items are merged, so
    a count never jumps over another family's item (a print between two gets)."""
    timed = [item for family in _saying(lane) for item in family.lane_items(run, lane)]
    timed.sort(key=lambda item: item[0])  # stable: a family's own order stays
    return [text for _, text in repeats(timed, sizes=BLOCKS)]


def _saying(lane: Lane) -> list:
    """The families that say what ``lane`` did: of a pool's worker, the process family
    alone (whose worker it is, how it ended).  Which tasks a worker ran is the
    schedule's, and so are the lock it took or the message it sent in them: those are
    said of the objects and the pools, after the lanes."""
    return [PROCESS] if lane.owner else families()
