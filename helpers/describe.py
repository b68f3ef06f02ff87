"""The text summary of a recorded run (what nbval checks, since it skips images).

Only facts that hold on every run of the same code go in: each process's own events
in order (the order *between* processes is shown by the cell's output itself),
exit codes, which processes overlapped, and a target's own run time to 0.1 s
(:func:`seconds`: a busy machine makes a sleep last longer, never shorter).  How
long a parent waited in ``join()`` is left to the picture: it includes the child's
start-up, which is 1 ms under fork and anything from 30 to 300 ms under spawn on a
busy machine, so no rounding keeps it stable.
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
    lines += overlap_lines(run)
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


def overlap_lines(run: Run) -> list[str]:
    lines = []
    for child in run.children:
        parent = run._lanes.get(child.parent)
        if parent is None or child.requested is None:
            continue
        until = child.exited if child.exited is not None else run.t1
        during = [quote(p.text) for p in parent.prints
                  if p.stream == "stdout" and child.requested < p.t < (until or p.t)]
        if during:
            lines.append(f"While {child.name} ran, {parent.name} printed {', '.join(during)}.")
    if len(run.children) > 1:
        most = run.max_concurrent()
        lines.append("The children ran one at a time." if most <= 1
                     else f"At most {most} children ran at the same time.")
    return lines


def quote(text: str) -> str:
    if len(text) > TEXT_WIDTH:
        text = text[: TEXT_WIDTH - 1] + "…"
    return repr(text)


def _by(by: str | None) -> str:
    return f"{by}: " if by else ""


def _first(*values):
    return next((v for v in values if v is not None), 0.0)
