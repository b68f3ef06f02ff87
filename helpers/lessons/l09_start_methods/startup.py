"""How long each start method takes to start a child: the chart of lesson 09.

The lesson measures, on the learner's machine, for each start method and several
runs: the seconds from ``start()`` to the target's first line, and to the child's
exit (``join()`` returns then).  Those numbers change on every run, so they go into
a picture (which nbval does not compare); the stable fact the lesson prints is
:func:`fastest`.  ``times`` is ``{method: [(to_target, to_exit), ...]}``.
"""

from __future__ import annotations

import statistics

from matplotlib.figure import Figure

from ...families.base import LABEL_SIZE
from ...families.process import COLORS
from ...view.display import display_figure


def medians(times: dict[str, list[tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """``{method: (median to the target, median to the exit)}`` in seconds."""
    _check(times)
    return {m: (statistics.median(t for t, _ in runs), statistics.median(e for _, e in runs))
            for m, runs in times.items()}


def fastest(times: dict[str, list[tuple[float, float]]]) -> str:
    """The method whose median time to the target's first line is the shortest."""
    to_target = {m: target for m, (target, _) in medians(times).items()}
    return min(to_target, key=to_target.get)


def chart(times: dict[str, list[tuple[float, float]]]) -> Figure:
    """One row per method: bars for the medians (ms), labelled at their ends, and a tick
    for every run."""
    middle = medians(times)
    methods = list(times)
    fig = Figure(figsize=(8, 0.9 + 0.8 * len(methods)), layout="constrained")
    ax = fig.subplots()
    bars = (("to the target's first line", 0, COLORS["running"], -0.18),
            ("to its exit (join() returns)", 1, COLORS["starting"], 0.18))
    for label, which, color, shift in bars:
        rows = [i + shift for i in range(len(methods))]
        values = [middle[m][which] * 1000 for m in methods]
        ax.barh(rows, values, height=0.34, color=color, label=f"{label}: median")
        for row, m, value in zip(rows, methods, values, strict=True):
            runs = [run[which] * 1000 for run in times[m]]
            ax.plot(runs, [row] * len(runs), "|", color="black", ms=8, alpha=0.6)
            # at the end of its own bar, not of its slowest run: an outlier's tick can
            # lie far to the right, next to another bar; a pale box keeps the label
            # readable over the ticks of the runs slower than the median
            ax.annotate(f"{value:.1f} ms", (value, row), xytext=(4, 0),
                        textcoords="offset points", fontsize=LABEL_SIZE, va="center", zorder=5,
                        bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none",
                              "alpha": 0.6})
    ax.set_yticks(range(len(methods)), methods)
    ax.invert_yaxis()
    ax.set_xlabel("milliseconds after start()  (a tick per run)")
    runs = min(len(r) for r in times.values())
    ax.set_title(f"Starting a child on this machine, now: median of {runs} runs", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    ax.margins(x=0.15)
    fig.legend(loc="outside lower center", ncol=2, fontsize=LABEL_SIZE, frameon=False)
    return fig


def show_chart(times: dict[str, list[tuple[float, float]]]) -> None:
    """Display :func:`chart` as a PNG in IPython (its text form names the methods)."""
    display_figure(lambda: chart(times), f"<chart: start-up time of {', '.join(times)}>")


def _check(times) -> None:
    if not isinstance(times, dict) or not times:
        raise ValueError("times must be a dict {method: [(to_target, to_exit), ...]}")
    for method, runs in times.items():
        if not runs or not all(len(run) == 2 for run in runs):
            raise ValueError(f"{method}: give a list of (to_target, to_exit) pairs, not {runs!r}")
