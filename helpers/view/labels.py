"""Keep a picture's labels apart: each at the first of its spots where it is clear.

The families draw a label beside each mark they name (:func:`helpers.families.base.label`)
with the spots it may take -- above its bar, below it, to the left -- since a text's size
on the page is known only once the figure is laid out.  :func:`keep_apart` lays the
figure out, then takes each axes' labels in the order they were drawn (a lane's, in
time) and gives each the first spot where it overlaps no label placed before it, no
bar and no line (a life-line), and stays inside the axes.  Where all its spots are
taken -- several marks at one moment, of one family or of several -- the label may also
stand a row or two further from its mark, above or below (one level with it: either);
where none of those is clear either, the spot that overlaps least.  The labels are
left out of the layout, so that moving them never moves the axes.
"""

from __future__ import annotations

import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox

LABEL_WEIGHT = 10  # a label over another label costs this much more than one over a bar or line
OUTSIDE_WEIGHT = 10  # and a label's part outside its axes as much
ROWS = 2  # rows a label may stand further from its mark when its own spots are taken
ROW = 1.3  # a row, in the label's font sizes


def keep_apart(fig) -> None:
    """Lay ``fig`` out, then move every label to its clearest spot.  Only the layout
    engine runs (it measures the texts it places): nothing is drawn, not even without
    rendering, which would cost half as much again."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    if (engine := fig.get_layout_engine()) is not None:
        engine.execute(fig)
    for ax in [*fig.axes, *(inset for panel in fig.axes for inset in panel.child_axes)]:
        labels = [text for text in ax.texts if getattr(text, "label_spots", None)]
        if labels:
            _place(ax, labels, renderer)


def _place(ax, labels: list, renderer) -> None:
    frame = ax.get_window_extent(renderer)
    drawn = [patch.get_window_extent(renderer) for patch in ax.patches  # bars, and
             if isinstance(patch, Rectangle) and patch.get_visible()
             and patch.get_width() != 0 and patch.get_height() != 0]
    drawn += [_stroke(line, renderer) for line in ax.lines  # life-lines, exits' ticks
              if line.get_visible() and line.get_linestyle() not in ("None", "", " ")
              and len(line.get_xdata()) > 1]
    placed: list[Bbox] = []
    for text in labels:
        best = None
        spots = _spots(text)
        for i, spot in enumerate(spots):
            _put(text, spot)
            box = text.get_window_extent(renderer)
            cost = (LABEL_WEIGHT * sum(_overlap(box, other) for other in placed)
                    + sum(_overlap(box, mark) for mark in drawn)
                    + OUTSIDE_WEIGHT * (_area(box) - _overlap(box, frame)))
            if best is None or cost < best[0]:
                best = (cost, i, box)
            if cost == 0:
                break
        _, i, box = best
        _put(text, spots[i])
        placed.append(box)


def _spots(text) -> list:
    """The label's own spots, then each of them a row further from its mark (a spot
    above it, higher; below it, lower; level with it, both), then two rows."""
    spots = list(text.label_spots)
    row = ROW * text.get_fontsize()  # points
    for rows in range(1, ROWS + 1):
        for xy, (dx, dy), ha, va in text.label_spots:
            away = [math.copysign(1, dy)] if dy else [1, -1]
            spots += [(xy, (dx, dy + side * rows * row), ha, va) for side in away]
    return spots


def _stroke(line, renderer) -> Bbox:
    """The box a drawn line covers: its points' box, widened by its line width (a
    level line's own box has no height)."""
    box = line.get_window_extent(renderer)
    pad = renderer.points_to_pixels(line.get_linewidth()) / 2
    return Bbox.from_extents(box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad)


def _put(text, spot) -> None:
    """Move ``text`` to ``spot``: (its anchor, its offset in points, alignments)."""
    xy, xytext, ha, va = spot
    text.xy, text.xyann = xy, xytext
    text.set_ha(ha)
    text.set_va(va)


def _area(box: Bbox) -> float:
    return max(box.width, 0) * max(box.height, 0)


def _overlap(a: Bbox, b: Bbox) -> float:
    """The area two boxes share (display pixels squared)."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0
