"""Lesson 15's pictures of :mod:`.measure`'s figures: when each worker was on a CPU,
speed-up against the number of processes, costs, and waiting tasks.  The numbers are
this machine's, so they are drawn, never printed (nbval compares text, not pictures)."""

from __future__ import annotations

from ...families.base import LABEL_SIZE
from .measure import Race

COLOURS = {"one after the other": "#969696", "threads": "#1b9e77", "processes": "#d95f02",
           "asyncio": "#7570b3"}


def _colour(how: str) -> str:
    return next((c for key, c in COLOURS.items() if key in how), "#e6ab02")


def _figure(width: float, height: float, rows: int = 1, **kwargs):
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(rows, 1, figsize=(width, height), squeeze=False, **kwargs)
    plt.close(fig)  # (shown by display_figure, not by the notebook's own display)
    return fig, [row[0] for row in axes]


def on_cpu(races: list[Race]):
    """One panel a race, one lane a worker, a bar where the worker was on a CPU; every
    panel on the same scale of seconds from its race's start, its time at the right."""
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
    axes[-1].set_xlim(0, longest * 1.02)
    axes[-1].set_xlabel("seconds from the start (a bar: on a CPU)")
    fig.tight_layout()
    return fig


def speedup(races: dict[int, Race], cores: int):
    """Speed-up (the time of 1 process over the time of n) against n, beside the ideal
    (n times) and the line of this machine's cores."""
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
    ax.text(cores, 0.98, f" {cores} cores", transform=ax.get_xaxis_transform(), va="top",
            fontsize=LABEL_SIZE)
    ax.set_xticks(counts)
    ax.set_xlabel("processes sharing the work")
    ax.set_ylabel("times faster than 1")
    ax.set_ylim(0, max(counts) + 0.5)
    ax.legend(fontsize=LABEL_SIZE, loc="upper left")
    fig.tight_layout()
    return fig


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
    if m >= 1000:
        return f"{m / 1000:,.1f} ms"
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
