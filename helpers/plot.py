"""Draw a recorded run as a timeline: one lane per process, the recorder on top.

:func:`draw` is a pure function from a :class:`~helpers.run.Run` to a matplotlib
``Figure`` (no pyplot, no global state), so it can be tested on a synthetic run and
never shows up twice in a notebook.  How to read it:

- a thin grey line: ``start()`` was called, the child is being created;
- a thick bar: the target is running (red edge if it raised);
- a hatched bar on the parent's lane: the parent waits in ``join()`` (grey: the
  clean-up of ``record()``, for a child the code did not join);
- dots: lines printed, their text beside them (red: stderr, labelled with its
  last line -- for a traceback, the error);
- a dashed arrow: who started whom; an ``x``: ``terminate()``/``kill()`` sent;
- a square at the end: the process exited, with its exit code.
"""

from __future__ import annotations

import functools
import io
import warnings

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .arguments import need_int, need_run, need_runs, need_titles
from .run import Lane, Run

COLORS = {"recorder": "#c6dbef", "running": "#3182bd", "starting": "#969696",
          "join": "#fd8d3c", "cleanup": "#bdbdbd", "print": "#31a354", "stderr": "#de2d26",
          "signal": "#de2d26", "exit": "#252525"}
LABEL_WIDTH = 24  # printed text shown beside its dot, at most
# The lessons print Chinese: the first of these fonts that is installed draws it
# (matplotlib falls back along the list, glyph by glyph).  With none of them a
# Chinese character shows as a box in the picture; the text summary still has it.
FONTS = ["DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Micro Hei",
         "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC",
         "Arial Unicode MS"]


def draw(run: Run) -> Figure:
    """The timeline of ``run`` as a Figure (seconds since the recording began)."""
    need_run(run)
    return draw_many([run], [f"Timeline (start method {run.method})"])


def draw_many(runs: list[Run], titles: list[str]) -> Figure:
    """Several runs stacked, one titled panel each, on the same time scale."""
    need_runs(runs)
    need_titles(titles, len(runs))
    heights = [max(len(run.lanes), 1) for run in runs]
    fig = Figure(figsize=(9, 0.9 + sum(0.6 * h + 0.45 for h in heights)), layout="constrained")
    axes = fig.subplots(len(runs), 1, sharex=True, squeeze=False,
                        gridspec_kw={"height_ratios": heights})[:, 0]
    for ax, run, title in zip(axes, runs, titles, strict=True):
        _draw_run(ax, run, title)
    axes[-1].set_xlabel("seconds since the recording began")
    fig.legend(handles=_legend(), loc="outside lower center", ncol=7, fontsize=7, frameon=False)
    return fig


def _draw_run(ax, run: Run, title: str) -> None:
    lanes = run.lanes
    ax.set_title(title, fontsize=10)
    if not lanes:
        ax.set_yticks([])
        return
    t0 = run.t0 if run.t0 is not None else min(e["t"] for e in run.events)
    y = {lane.pid: len(lanes) - 1 - i for i, lane in enumerate(lanes)}

    def x(t):
        return t - t0

    for lane in lanes:
        _draw_lane(ax, run, lane, y, x)
    ax.set_yticks(list(y.values()), [lane.label for lane in lanes])
    ax.set_ylim(-0.7, len(lanes) - 0.3)
    ax.grid(axis="x", alpha=0.3)
    for text in [*ax.texts, *ax.get_yticklabels()]:  # printed lines and process names
        text.set_fontfamily(_installed_fonts())


def _draw_lane(ax, run: Run, lane: Lane, y: dict, x) -> None:
    row = y[lane.pid]
    if lane.pid == run.recorder:
        end = run.t1 if run.t1 is not None else lane.began
        ax.barh(row, x(end) - x(lane.began), left=x(lane.began), height=0.5,
                color=COLORS["recorder"])
        if run.code_end is not None:
            ax.plot([x(run.code_end)] * 2, [row - 0.3, row + 0.3], color=COLORS["exit"], lw=1)
    else:
        _draw_child(ax, run, lane, row, x)
    for join in lane.joins:
        end = join.ended if join.ended is not None else run.t1
        color = COLORS["cleanup"] if join.by else COLORS["join"]
        ax.barh(row, x(end) - x(join.began), left=x(join.began), height=0.5, fill=False,
                hatch="///", edgecolor=color, lw=0)
    for action in lane.actions:
        if action.child not in y:
            continue
        if action.kind == "start":
            ax.annotate("", xy=(x(action.t), y[action.child] + 0.12),
                        xytext=(x(action.t), row - 0.25),
                        arrowprops={"arrowstyle": "->", "ls": "--", "color": COLORS["starting"]})
        else:
            ax.plot(x(action.t), y[action.child], "x", color=COLORS["signal"], ms=9, mew=2)
            ax.annotate(action.kind, (x(action.t), y[action.child]), xytext=(0, -14),
                        textcoords="offset points", fontsize=7, color=COLORS["signal"],
                        ha="center")
    for i, (t, text, color) in enumerate(_print_marks(lane)):
        ax.plot(x(t), row, "o", color=color, ms=5, zorder=3)
        if len(text) > LABEL_WIDTH:
            text = text[: LABEL_WIDTH - 1] + "…"
        ax.annotate(text, (x(t), row), xytext=(2, 8 if i % 2 == 0 else -12),
                    textcoords="offset points", fontsize=7, color=color)


def _print_marks(lane: Lane) -> list[tuple[float, str, str]]:
    """A dot per printed line; what went to stderr (a traceback, mostly) is one dot at
    its start, labelled with its last line -- the error itself."""
    marks = [(p.t, p.text, COLORS["print"]) for p in lane.prints if p.stream == "stdout"]
    errors = [p for p in lane.prints if p.stream == "stderr"]
    if errors:
        marks.append((errors[0].t, errors[-1].text, COLORS["stderr"]))
    return sorted(marks)


def _draw_child(ax, run: Run, lane: Lane, row: float, x) -> None:
    start = lane.requested if lane.requested is not None else lane.began
    last = lane.exited if lane.exited is not None else (lane.ended or run.t1)
    if start is not None and last is not None:
        ax.plot([x(start), x(last)], [row, row], color=COLORS["starting"], lw=1.5)
    if lane.began is not None:
        end = lane.ended if lane.ended is not None else (lane.exited or run.t1)
        ax.barh(row, x(end) - x(lane.began), left=x(lane.began), height=0.35,
                color=COLORS["running"], edgecolor=COLORS["signal"] if lane.raised else "none")
    if lane.exited is not None:
        ax.plot(x(lane.exited), row, "s", color=COLORS["exit"], ms=5)
        code = "?" if lane.exitcode is None else lane.exitcode
        ax.annotate(f"exit {code}", (x(lane.exited), row), xytext=(5, -3),
                    textcoords="offset points", fontsize=8)


@functools.cache
def _installed_fonts() -> list[str]:
    """The families of FONTS that matplotlib can find here (asking for an absent one
    logs a complaint each time)."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return [name for name in FONTS if name in installed] or ["sans-serif"]


def _legend() -> list:
    return [Patch(color=COLORS["running"], label="target running"),
            Line2D([], [], color=COLORS["starting"], label="starting / exiting"),
            Patch(fill=False, hatch="///", edgecolor=COLORS["join"], label="waiting in join()"),
            Patch(fill=False, hatch="///", edgecolor=COLORS["cleanup"],
                  label="record() cleaning up"),
            Line2D([], [], marker="o", ls="", color=COLORS["print"], label="print"),
            Line2D([], [], marker="x", ls="", color=COLORS["signal"], label="terminate/kill"),
            Line2D([], [], marker="s", ls="", color=COLORS["exit"], label="exit (code)")]


def png_bytes(fig: Figure, dpi: int = 80) -> bytes:
    """The figure as PNG bytes (modest size and dpi: notebooks store them)."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure (run.figure()), not "
                        f"a {type(fig).__name__}")
    need_int(dpi, "dpi", minimum=1)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Glyph .* missing from font")  # see FONTS
        fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
