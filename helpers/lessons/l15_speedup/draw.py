"""Lesson 15's pictures of :mod:`.measure`'s figures: when each worker was on a CPU,
speed-up against the number of processes, costs, and waiting tasks; and of
:mod:`.interpreters`': pools of threads, interpreters and processes compared.  The numbers are
this machine's, so they are drawn, never printed (nbval compares text, not pictures)."""

from __future__ import annotations

import sys

from ...families.base import LABEL_SIZE
from .measure import Race, usable_cores

COLOURS = {"one after the other": "#969696", "threads": "#1b9e77", "processes": "#d95f02",
           "asyncio": "#7570b3", "interpreters": "#e7298a"}
KINDS = ("threads", "interpreters", "processes")  # the pools of :mod:`.interpreters`
NO_INTERPRETERS = "interpreters: Python 3.14 and later (this is {})"
#: Said in a picture whose processes had room to run side by side and did not.
BUSY = "this machine was busy: the processes could not run at once"


def _colour(how: str) -> str:
    return next((c for key, c in COLOURS.items() if key in how), "#e6ab02")


def _figure(width: float, height: float, rows: int = 1, cols: int = 1, **kwargs):
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(rows, cols, figsize=(width, height), squeeze=False, **kwargs)
    plt.close(fig)  # (shown by display_figure, not by the notebook's own display)
    return fig, [ax for row in axes for ax in row]


def on_cpu(races: list[Race], cores: int | None = None):
    """One panel a race, one lane a worker, a bar where the worker was on a CPU; every
    panel on the same scale of seconds from its race's start, its time at the right;
    BUSY on a race of processes that the ``cores`` (this process's usable CPUs) had
    room for and that still took turns."""
    cores = usable_cores() if cores is None else cores
    longest = max(race.elapsed for race in races)
    fig, axes = _figure(7.5, 0.55 + 0.75 * sum(len(r.workers) for r in races) / 2,
                        rows=len(races), sharex=True)
    for ax, race in zip(axes, races, strict=True):
        for lane, worker in enumerate(race.workers):
            bars = [(began - race.began, ended - began) for began, ended in worker["bursts"]]
            ax.broken_barh(bars, (lane - 0.35, 0.7), color=_colour(race.how))
        names = [f"worker {i + 1}" for i in range(len(race.workers))]
        ax.set_yticks(range(len(names)), names, fontsize=LABEL_SIZE)
        ax.set_ylim(len(race.workers) - 0.5, -0.5)
        ax.set_title(race.how, fontsize=9, loc="left")
        ax.text(1.0, 1.02, f"{race.elapsed:.2f} s", transform=ax.transAxes, ha="right",
                va="bottom", fontsize=9)
        ax.axvline(race.elapsed, color="black", linewidth=0.8)
        if "processes" in race.how and race.kept_apart(cores):
            _say_busy(ax)
    axes[-1].set_xlim(0, longest * 1.02)
    axes[-1].set_xlabel("seconds from the start (a bar: on a CPU)")
    fig.tight_layout()
    return fig


def speedup(races: dict[int, Race], cores: int):
    """Speed-up (the time of 1 process over the time of n) against n, beside the ideal
    (n times) and the line of this machine's logical CPUs, titled with what was measured
    where: the timing starts at a Barrier that every process has reached, so their
    starts are left out."""
    counts = list(races)
    base = races[counts[0]].elapsed
    fig, (ax,) = _figure(6.5, 3.0)
    ax.plot(counts, counts, linestyle="--", color="#bdbdbd", label="n times faster (ideal)")
    ups = [base / races[n].elapsed for n in counts]
    ax.plot(counts, ups, marker="o", color=_colour("processes"), label="measured")
    for n, up in zip(counts, ups, strict=True):
        ax.annotate(f"{up:.1f}×", (n, up), textcoords="offset points", xytext=(0, 6),
                    ha="center", fontsize=LABEL_SIZE)
    ax.axvline(cores, color="black", linewidth=0.8, linestyle=":")
    ax.text(cores, 0.98, f" {cores} CPUs", transform=ax.get_xaxis_transform(), va="top",
            fontsize=LABEL_SIZE)
    # (the picture is this machine's: a reader of a stored copy learns which machine)
    ax.set_title(f"measured here: {cores} logical CPU{'s' * (cores != 1)} usable\n"
                 "each run timed from a Barrier: its processes' starts left out",
                 fontsize=LABEL_SIZE, loc="left")
    ax.set_xticks(counts)
    ax.set_xlabel("processes sharing the work")
    ax.set_ylabel("times faster than 1")
    ax.set_ylim(0, max(counts) + 0.5)
    ax.legend(fontsize=LABEL_SIZE, loc="upper left")
    if any(races[n].kept_apart(cores) for n in counts):
        _say_busy(ax)
    fig.tight_layout()
    return fig


def _say_busy(ax) -> None:
    """BUSY, in red, across the bottom of ``ax``: beside the result it explains."""
    ax.text(0.99, 0.04, BUSY, transform=ax.transAxes, ha="right", va="bottom",
            fontsize=LABEL_SIZE, color="#b2182b")


def costs(found: dict[str, float]):
    """Microseconds each, on a log scale (they differ by orders of magnitude)."""
    fig, (ax,) = _figure(7, 0.5 + 0.4 * len(found))
    micro = [seconds * 1e6 for seconds in found.values()]
    bars = ax.barh(list(found), micro, color="#e6ab02")
    ax.bar_label(bars, labels=[_microseconds(m) for m in micro], fontsize=LABEL_SIZE, padding=2)
    ax.set_xscale("log")
    ax.set_xlim(min(micro) / 3, max(micro) * 30)
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize=LABEL_SIZE)
    ax.set_xlabel("microseconds (log scale)")
    fig.tight_layout()
    return fig


def _microseconds(m: float) -> str:
    """``m`` µs as a bar's label, in the unit that gives it two or three digits (a call
    here takes a few tens of nanoseconds: never "0.0 µs")."""
    if m >= 1000:
        return f"{m / 1000:,.1f} ms"
    if m < 1:
        return f"{m * 1000:.0f} ns"
    return f"{m:.1f} µs" if m < 10 else f"{m:.0f} µs"


def waiting(found: dict[str, tuple[float, list]]):
    """Seconds each way took, one bar a way."""
    fig, (ax,) = _figure(6.5, 0.5 + 0.4 * len(found))
    seconds = [elapsed for elapsed, _ in found.values()]
    bars = ax.barh(list(found), seconds, color=[_colour(how) for how in found])
    ax.bar_label(bars, fmt="%.2f s", fontsize=LABEL_SIZE, padding=2)
    ax.set_xlim(0, max(seconds) * 1.15)
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize=LABEL_SIZE)
    ax.set_xlabel("seconds")
    fig.tight_layout()
    return fig


def _missing(found: dict) -> str | None:
    """The note for a figure of :mod:`.interpreters` made on a Python without them."""
    if "interpreters" in found:
        return None
    return NO_INTERPRETERS.format("{}.{}".format(*sys.version_info[:2]))


def pools(found: dict[str, dict[str, float]]):
    """One panel a measure of :func:`.interpreters.pools_compared`, one bar a kind of
    pool, each panel on its own scale (a start and a tiny task differ by far)."""
    measures = list(next(iter(found.values())))
    fig, axes = _figure(9.75, 0.75 + 0.35 * len(KINDS), cols=len(measures))
    kinds = [kind for kind in KINDS if kind in found]
    for ax, measure in zip(axes, measures, strict=True):
        seconds = [found[kind][measure] for kind in kinds]
        bars = ax.barh(kinds, seconds, color=[_colour(kind) for kind in kinds])
        ax.bar_label(bars, labels=[_seconds(s) for s in seconds], fontsize=LABEL_SIZE,
                     padding=2)
        ax.set_xlim(0, max(seconds) * 1.6)
        ax.set_xticks([])
        ax.invert_yaxis()
        ax.tick_params(axis="y", labelsize=LABEL_SIZE)
        ax.set_title(measure, fontsize=9, loc="left")
    for ax in axes[1:]:
        ax.set_yticks([])
    note = _missing(found)
    if note:
        fig.text(0.01, 0.01, note, fontsize=LABEL_SIZE, color="0.3")
    fig.tight_layout(rect=(0, 0.08 if note else 0, 1, 1))
    return fig


def _seconds(s: float) -> str:
    return f"{s:.2f} s" if s >= 0.1 else _microseconds(s * 1e6)


def what_each_takes(found: dict[str, dict[str, str]]):
    """A table of :func:`.interpreters.what_each_takes`: a row a thing given, a column a
    kind of worker, green where the task ran, red with the error's name where not."""
    rows = list(next(iter(found.values())))
    fig, (ax,) = _figure(7.5, 0.6 + 0.4 * len(rows))
    for col, kind in enumerate(KINDS):
        ax.text(col, -1, kind, ha="center", va="center", fontsize=9, weight="bold")
        for row, what in enumerate(rows):
            outcome = found[kind][what] if kind in found else "Python 3.14+"
            ran = outcome == "ran"
            ax.text(col, row, "✓ ran" if ran else outcome, ha="center", va="center",
                    fontsize=LABEL_SIZE,
                    color="#1b7837" if ran else "0.5" if kind not in found else "#b2182b")
    ax.set_yticks(range(len(rows)), rows, fontsize=LABEL_SIZE)
    ax.set_xlim(-0.6, len(KINDS) - 0.4)
    ax.set_ylim(len(rows) - 0.5, -1.6)
    ax.set_xticks([])
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig
