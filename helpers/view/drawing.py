"""Draw a recorded run as a timeline: one lane per process, the recorder on top.

:func:`draw_many` is a pure function from runs to a matplotlib ``Figure`` (no
pyplot, no global state), so it can be tested on a synthetic run and never shows up
twice in a notebook.  The lanes are laid out here; what is drawn on them is each
event family's (:meth:`helpers.families.Family.draw`), and the legend lists exactly
the kinds of mark the picture has.  The process family draws:

- a pale bar on the recorder's lane: it recorded (a tick: its code ended); if its
  process called ``os._exit``, a square there (a child's lane going on past it
  outlived it); with no end recorded at all, ``end not recorded`` after its last event;
- a thin grey line: ``start()`` was called, the child is being created;
- a thick bar: the target is running (red edge if it raised);
- a hatched bar on the parent's lane: the parent waits in ``join()`` (grey: the
  clean-up of ``record()``, or the interpreter at a script's exit, for a child the
  code did not join);
- dots: lines printed, their text beside them (red: stderr, labelled with its
  last line -- for a traceback, the error); a text too long for a label keeps its
  start and its end (:func:`helpers.families.label_text`);
- a dashed arrow: who started whom, from the parent's lane to the child's at the
  moment of ``start()`` (bent, the more the farther, so that children started
  together keep an arrow each); an ``x``: ``terminate()``/``kill()`` sent;
- a square at the end: the process exited, with its exit code;
- a red ``X``: a ``start()`` that raised (on the lane of the process that called
  it, with the error), or a child that exited before its target began.
"""

from __future__ import annotations

import functools
import io
import warnings

from matplotlib import font_manager
from matplotlib.figure import Figure

from ..arguments import need_int, need_titles
from ..families import families
from ..families.base import LABEL_SIZE
from .model import Run, need_run, need_runs

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


WIDTH = 10  # inches: room for labels of 40 characters at 8 points (saved at 80 dpi)


def draw_many(runs: list[Run], titles: list[str]) -> Figure:
    """Several runs stacked, one titled panel each, on the same time scale."""
    need_runs(runs)
    need_titles(titles, len(runs))
    heights = [max(len(run.lanes), 1) for run in runs]
    fig = Figure(figsize=(WIDTH, 0.9 + sum(0.6 * h + 0.45 for h in heights)), layout="constrained")
    axes = fig.subplots(len(runs), 1, sharex=True, squeeze=False,
                        gridspec_kw={"height_ratios": heights})[:, 0]
    used = {family.name: set() for family in families()}
    for ax, run, title in zip(axes, runs, titles, strict=True):
        for name, styles in _draw_run(ax, run, title).items():
            used[name] |= styles
    axes[-1].set_xlabel("seconds since the recording began")
    handles = [handle for family in families() for handle in family.legend(used[family.name])]
    if handles:
        fig.legend(handles=handles, loc="outside lower center", fontsize=LABEL_SIZE,
                   ncol=legend_columns([handle.get_label() for handle in handles]),
                   frameon=False)
    return fig


def legend_columns(labels: list[str], room: int = 150) -> int:
    """How many columns the legend of these ``labels`` can have within the figure's
    width (``room``: characters of LABEL_SIZE that fit across, a handle counting for
    five): as many as fit, 7 at most.  Matplotlib fills the columns one after the other,
    the first ``len(labels) % ncol`` of them one entry longer, and makes each as wide
    as its widest entry."""
    for ncol in range(min(len(labels), 7), 1, -1):
        rows, longer = divmod(len(labels), ncol)
        sizes = [rows + 1] * longer + [rows] * (ncol - longer)
        starts = [sum(sizes[:i]) for i in range(ncol)]
        widths = [max(map(len, labels[start:start + size])) + 5
                  for start, size in zip(starts, sizes, strict=True)]
        if sum(widths) <= room:
            return ncol
    return 1


def _draw_run(ax, run: Run, title: str) -> dict[str, set[str]]:
    """Lay out ``run``'s lanes on ``ax`` and let each family draw on them; return the
    styles each family used."""
    lanes = run.lanes
    ax.set_title(title, fontsize=10)
    used = {family.name: set() for family in families()}
    if not lanes:
        ax.set_yticks([])
        return used
    t0 = run.t0 if run.t0 is not None else min(e["t"] for e in run.events)
    rows = {lane.pid: len(lanes) - 1 - i for i, lane in enumerate(lanes)}

    def x(t):
        return t - t0

    for lane in lanes:
        for family in families():
            used[family.name] |= family.draw(ax, run, lane, rows[lane.pid], x, rows)
    ax.set_yticks(list(rows.values()), [lane.label for lane in lanes])
    ax.set_ylim(-0.7, len(lanes) - 0.3)
    ax.grid(axis="x", alpha=0.3)
    for text in [*ax.texts, *ax.get_yticklabels()]:  # printed lines and process names
        text.set_fontfamily(_installed_fonts())
    return used


@functools.cache
def _installed_fonts() -> list[str]:
    """The families of FONTS that matplotlib can find here (asking for an absent one
    logs a complaint each time)."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return [name for name in FONTS if name in installed] or ["sans-serif"]


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
