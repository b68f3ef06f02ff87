"""The text summary of a recorded run (what nbval checks, since it skips images).

Only facts that hold on every run of the same code go in, however slowly the machine
starts its children: each process's own events in order (the order *between*
processes is shown by the cell's output itself), exit codes, a target's own run time
to 0.1 s (:func:`seconds`: a busy machine makes a sleep last longer, never shorter),
and what the parent's own order forces about its children (:func:`order_lines`).
Which processes overlapped in time is left to the picture, and so is how long a
parent waited in ``join()``: both depend on the children's start-up, which is 1 ms
under fork and anything from 30 ms to over a second under spawn on a busy machine.
"""

from __future__ import annotations

from .arguments import need_run
from .run import Lane, Run, exit_text

TEXT_WIDTH = 30  # longest printed text quoted in full
LATE = 0.04  # seconds of a run time taken as lateness, not work (see seconds())


def seconds(duration: float) -> str:
    """A target's run time to 0.1 s, as ``'0.4'``.  A target that sleeps 0.4 s runs
    for 0.40x s on an idle machine, and up to 0.49 s on a busy one (it wakes up late,
    never early): plain rounding would say ``0.5`` from 0.45 s on, so up to
    :data:`LATE` s are taken off first -- 0.4 s reads ``0.4`` from 0.36 to 0.49 s."""
    return f"{max(0.0, duration - LATE):.1f}"


def describe_run(run: Run) -> str:
    need_run(run)
    if not run.lanes:
        return "Timeline: nothing was recorded."
    recorder = run.lanes[0]
    children = run.children
    count = f"{len(children)} child" + ("" if len(children) == 1 else "ren")
    lines = [f"Timeline, start method {run.method}: {recorder.name} and {count}"]
    width = max(len(lane.name) for lane in run.lanes)
    for lane in run.lanes:
        lines.append(f"  {lane.name:<{width}}  " + " · ".join(lane_items(run, lane)))
    lines += order_lines(run)
    return "\n".join(lines)


def lane_items(run: Run, lane: Lane) -> list[str]:
    """What one process did, in its own order."""
    is_child = lane.pid != run.recorder
    timed = []
    if is_child:
        method = f" [{lane.method}]" if lane.explicit else ""  # the same under any default
        timed.append((_first(lane.began, lane.requested), f"begin {lane.target}{method}"
                      if lane.began is not None else f"never began {lane.target}{method}"))
    for p in lane.prints:
        if p.stream == "stdout":
            timed.append((p.t, f"print {quote(p.text)}"))
    errors = [p for p in lane.prints if p.stream == "stderr"]
    if errors:
        timed.append((errors[0].t, f"stderr: {len(errors)} line" + "s" * (len(errors) > 1)))
    for action in lane.actions:
        timed.append((action.t, _by(action.by) + f"{action.kind} {run.name_of(action.child)}"))
    for join in lane.joins:
        timed.append((join.began, _by(join.by) + join_text(run, join)))
    for t, error in lane.failed_starts:
        timed.append((t, f"start() failed: {error}"))
    if any(action.by for action in lane.actions) or any(join.by for join in lane.joins):
        timed.append((run.code_end or 0.0, "code ends"))
    timed.sort(key=lambda item: item[0])
    items = [text for _, text in timed]
    if is_child:
        if lane.raised:
            items.append(f"raised {lane.raised}")
        elif lane.ended is not None and lane.began is not None:
            items.append(f"end after {seconds(lane.ended - lane.began)} s")
        items.append(exit_text(lane.exitcode))
    return items


def join_text(run: Run, join) -> str:
    name = run.name_of(join.child)
    if join.ended is None:
        return f"join {name} (interrupted)"
    child = run._lanes.get(join.child)
    still_running = child is not None and (child.exited is None or child.exited > join.ended)
    if join.timeout is not None and still_running:
        return f"join {name} (gave up after {join.timeout:g} s, {name} still running)"
    return f"join {name}"  # how long it waited includes start-up, which load stretches


def order_lines(run: Run) -> list[str]:
    """What the recording process's own order of calls forces on its children, so
    true whatever their start-up: that they ran one at a time (each was joined before
    the next was started), or that all were started before the first ``join()`` --
    nothing then kept them from running together; whether they did is the picture's."""
    parent = run._lanes.get(run.recorder)
    kids = sorted((c for c in run.children
                   if c.parent == run.recorder and c.requested is not None),
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


def _joined_by(parent: Lane, kid: Lane, t: float) -> bool:
    """Had ``parent`` joined ``kid`` -- a ``join()`` that returned because ``kid`` had
    ended -- by time ``t``?"""
    return any(j.child == kid.pid and j.ended is not None and j.ended <= t
               and (j.timeout is None or (kid.exited is not None and kid.exited <= j.ended))
               for j in parent.joins)


def quote(text: str) -> str:
    if len(text) > TEXT_WIDTH:
        text = text[: TEXT_WIDTH - 1] + "…"
    return repr(text)


def _by(by: str | None) -> str:
    return f"{by}: " if by else ""


def _first(*values):
    return next((v for v in values if v is not None), 0.0)
