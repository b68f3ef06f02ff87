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

The sync family draws under each lane's bar, one colour per object: hatched while the
process waited for it (a lock, an event, a condition, a barrier), solid while it held
it; triangles for ``set()``/``clear()``, ``>`` for ``notify()``, an open circle where a
wait timed out, a star where a barrier broke.

What a family finds worth a closer look (:meth:`~helpers.families.Family.zooms`: the
process family's are from a ``terminate()``/``kill()`` to the exit) gets, when it is
too short to be seen at the panel's scale, an inset in a band under the lanes: that
lane alone, its times in ms, drawn by the families as on the panel, and a grey frame
on the panel where it is.

Every text is drawn in :mod:`helpers.view.fonts` (Chinese included, on any machine).
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure

from ..arguments import need_int, need_titles
from ..families import Zoom, families
from ..families.base import LABEL_SIZE
from . import fonts
from .labels import keep_apart
from .model import Run, need_run, need_runs


def draw(run: Run) -> Figure:
    """The timeline of ``run`` as a Figure (seconds since the recording began)."""
    need_run(run)
    return draw_many([run], [f"Timeline (start method {run.method})"])


# inches: shown 936 px wide (SHOWN_DPI), within JupyterLab's column beside its file browser
# at 1400 px (968 px; 948 when a long output scrolls)
WIDTH = 9.75
LANE = 0.75  # inches a lane: its bar, a label above it and one below
ZOOM_BELOW = 0.02  # a zoom shorter than this part of the time axis gets an inset
ZOOM_ROWS = 2.2  # the height of the band of insets under the lanes, in lanes


def draw_many(runs: list[Run], titles: list[str]) -> Figure:
    """Several runs stacked, one titled panel each, on the same time scale."""
    need_runs(runs)
    need_titles(titles, len(runs))
    span = max((run.end - _origin(run) for run in runs if run.events), default=0.0)
    zooms = [close_ups(run, span) for run in runs]
    heights = [max(len(run.lanes), 1) + ZOOM_ROWS * bool(z) for run, z in zip(runs, zooms,
                                                                                strict=True)]
    fig = Figure(figsize=(WIDTH, 0.9 + sum(LANE * h + 0.45 for h in heights)),
                 layout="constrained")
    axes = fig.subplots(len(runs), 1, sharex=True, squeeze=False,
                        gridspec_kw={"height_ratios": heights})[:, 0]
    used = {family.name: set() for family in families()}
    for ax, run, title, close in zip(axes, runs, titles, zooms, strict=True):
        for name, styles in _draw_run(ax, run, title, close).items():
            used[name] |= styles
    axes[-1].set_xlabel("seconds since the recording began")
    handles = [handle for family in families() for handle in family.legend(used[family.name])]
    if handles:
        fig.legend(handles=handles, loc="outside lower center", fontsize=LABEL_SIZE,
                   ncol=legend_columns([handle.get_label() for handle in handles]),
                   frameon=False)
    fonts.use_in(fig)
    # Laid out once, at the resolution png_bytes draws it at (a layout depends a little
    # on it): keep_apart leaves the labels out of the layout, so that drawing the
    # picture need not lay it out again (a quarter of what drawing it costs).
    shown_dpi = fig.get_dpi()
    fig.set_dpi(DRAWN_DPI)
    keep_apart(fig)
    fig.set_dpi(shown_dpi)
    fig.set_layout_engine("none")
    return fig


def legend_columns(labels: list[str], room: int = int(115 * WIDTH) // LABEL_SIZE) -> int:
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


def close_ups(run: Run, span: float) -> list[Zoom]:
    """The zooms of ``run``'s families too short to be seen on a time axis ``span`` s
    wide (under ZOOM_BELOW of it), on lanes the run has."""
    pids = {lane.pid for lane in run.lanes}
    return [zoom for family in families() for zoom in family.zooms(run)
            if zoom.pid in pids and zoom.ended - zoom.began < ZOOM_BELOW * span]


def _origin(run: Run) -> float:
    """The time of x = 0: when the recording began (else its first event)."""
    return run.t0 if run.t0 is not None else min(e["t"] for e in run.events)


def _draw_run(ax, run: Run, title: str, zooms: list[Zoom]) -> dict[str, set[str]]:
    """Lay out ``run``'s lanes on ``ax`` and let each family draw on them, with an inset
    per zoom; return the styles each family used."""
    lanes = run.lanes
    ax.set_title(title, fontsize=11)
    used = {family.name: set() for family in families()}
    if not lanes:
        ax.set_yticks([])
        return used
    t0 = _origin(run)
    rows = {lane.pid: len(lanes) - 1 - i for i, lane in enumerate(lanes)}

    def x(t):
        return t - t0

    for lane in lanes:
        for family in families():
            used[family.name] |= family.draw(ax, run, lane, rows[lane.pid], x, rows)
    ax.set_yticks(list(rows.values()), [lane.label for lane in lanes])
    ax.set_ylim(-0.7 - ZOOM_ROWS * bool(zooms), len(lanes) - 0.3)
    ax.grid(axis="x", alpha=0.3)
    _draw_insets(ax, run, zooms, rows, x)
    return used


def _draw_insets(ax, run: Run, zooms: list[Zoom], rows: dict, x) -> None:
    """In the band under the lanes (ZOOM_ROWS high), one small axes per zoom, side by
    side, each near the time it zooms on."""
    if not zooms:
        return
    zooms = sorted(zooms, key=lambda zoom: zoom.began)
    low, high = ax.get_xlim()
    gap = 0.06  # room for the tick labels at two insets' facing ends
    width = min(0.3, (1 - gap * (len(zooms) - 1)) / len(zooms))
    lefts = inset_lefts([(x(z.began) - low) / (high - low) for z in zooms], width, gap)
    rows_high = len(rows) + 0.4 + ZOOM_ROWS  # the panel's height in lanes (its ylim)
    for zoom, left in zip(zooms, lefts, strict=True):
        inset = ax.inset_axes([left, 0.4 / rows_high, width, (ZOOM_ROWS - 0.85) / rows_high])
        _draw_inset(inset, run, zoom, rows)
        low_ms, high_ms = inset.get_xlim()
        ax.indicate_inset([x(zoom.began) + low_ms / 1000, rows[zoom.pid] - 0.5,
                           (high_ms - low_ms) / 1000, 1.0], inset_ax=inset, edgecolor="0.5")


def _draw_inset(inset, run: Run, zoom: Zoom, rows: dict) -> None:
    """``zoom``'s lane alone, from a little before ``began`` to a little after ``ended``
    (room on the right for an exit's label), in ms after ``began``: every family draws
    there as on the panel (a mark outside shows neither itself nor its label; an arrow
    from another lane stops at the edge); a double arrow spans the two moments, the
    zoom's text above."""
    from matplotlib.ticker import MaxNLocator

    row, ms = rows[zoom.pid], (zoom.ended - zoom.began) * 1000
    pad = max(ms / 2, 0.5)

    def in_ms(t):
        return (t - zoom.began) * 1000

    for lane in run.lanes:
        for family in families():
            family.draw(inset, run, lane, rows[lane.pid], in_ms, rows)
    for text in inset.texts:
        if getattr(text, "arrow_patch", None) is not None:
            text.arrow_patch.set_clip_path(inset.patch)
    inset.annotate("", xy=(ms, row + 0.32), xytext=(0, row + 0.32),
                   arrowprops={"arrowstyle": "<->", "color": "0.4", "lw": 0.8,
                               "shrinkA": 0, "shrinkB": 0})
    inset.set_xlim(-pad, ms + 2 * pad)
    inset.set_ylim(row - 0.5, row + 0.5)
    inset.set_yticks([])
    inset.xaxis.set_major_locator(MaxNLocator(4))
    inset.xaxis.set_major_formatter("{x:g} ms")
    inset.tick_params(labelsize=LABEL_SIZE)
    inset.set_title(zoom.text, fontsize=LABEL_SIZE)


def inset_lefts(centres: list[float], width: float, gap: float) -> list[float]:
    """Left edges (axes fractions) of insets ``width`` wide, each as near as it can be
    centred on its ``centres`` (in increasing order), ``gap`` apart, all within the axes
    (``len(centres)`` insets must fit across)."""
    lefts = []
    for centre in centres:
        lefts.append(max(centre - width / 2, lefts[-1] + width + gap if lefts else 0.0))
    limit = 1.0 - width
    for i in reversed(range(len(lefts))):
        lefts[i] = min(lefts[i], limit)
        limit = lefts[i] - gap - width
    return lefts


SHOWN_DPI = 96  # CSS px an inch on the page: a 9-point label is 12 px, 9 pt on screen
SHARPNESS = 2  # device pixels a CSS px in the PNG: crisp on a high-density screen
DRAWN_DPI = SHOWN_DPI * SHARPNESS
COLORS = 256  # a PNG's palette: a picture has a few flat colours and their edges


def png_bytes(fig: Figure, dpi: int = DRAWN_DPI) -> bytes:
    """The figure as PNG bytes at ``dpi``, in a palette of COLORS: a third of the bytes
    of full colour (the notebooks store every picture).  Rendered to raw pixels and
    encoded once, by Pillow: a timeline of five children takes ~0.15 s."""
    from PIL import Image

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure (run.figure()), not "
                        f"a {type(fig).__name__}")
    need_int(dpi, "dpi", minimum=1)
    from matplotlib import rc_context

    buffer = io.BytesIO()
    with rc_context({"savefig.bbox": None, "savefig.transparent": False}):  # (the whole
        fig.savefig(buffer, format="raw", dpi=dpi)  # canvas, opaque, whatever the rcParams)
    pixels = buffer.getvalue()
    width = int(fig.get_figwidth() * dpi)  # (as Agg sizes its canvas)
    image = Image.frombuffer("RGBA", (width, len(pixels) // (4 * width)), pixels, "raw",
                             "RGBA", 0, 1).convert("RGB")  # (opaque: no alpha to keep)
    buffer = io.BytesIO()
    image.quantize(COLORS, method=Image.Quantize.FASTOCTREE).save(buffer, format="png")
    return buffer.getvalue()


def shown_width(fig: Figure) -> int:
    """How wide to show ``fig`` on a page, in CSS px (its PNG has SHARPNESS times as
    many): SHOWN_DPI an inch."""
    return round(fig.get_figwidth() * SHOWN_DPI)
