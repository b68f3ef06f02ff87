"""The same code run several times: what changes between runs is a race.

Five children started one after the other do not print one after the other: which
line comes first depends on how the operating system schedules them, and it
changes from run to run.  A lesson cannot store such an order (nbval would fail on
the next run), so it shows the runs' timelines -- pictures, which nbval does not
compare -- and prints only what every run has in common, such as the sorted lines.
Lesson 03.
"""

from __future__ import annotations

from ...view import Run, compare
from ...view.model import need_run


def show_timelines(runs: list[Run], titles: list[str] | None = None) -> None:
    """The runs' timelines one above the other on one time scale, *without* their
    text summaries (for runs whose children overlap by chance, they would differ
    from run to run)."""
    if not runs or not all(isinstance(run, Run) for run in runs):
        raise TypeError("show_timelines() takes a list of the Run objects that record() yields")
    titles = titles or [f"run {i}" for i in range(1, len(runs) + 1)]
    compare(*runs, titles=titles, summary=False)


def print_order(run: Run) -> list[str]:
    """The children's names in the order their first line came out: a race."""
    need_run(run)
    first = {lane.name: min(p.t for p in lane.prints)
             for lane in run.children if lane.prints}
    return sorted(first, key=first.get)


def start_order(run: Run) -> list[str]:
    """The children's names in the order ``start()`` was called for them."""
    need_run(run)
    return [lane.name for lane in run.children]


def printed_lines(run: Run) -> list[str]:
    """Every line the children printed, sorted: the same in every run of the same code."""
    need_run(run)
    return sorted(p.text for lane in run.children for p in lane.prints if p.stream == "stdout")
