"""What an event family is, and the marks and spans a new one can use as they are.

A family owns some event kinds: it writes them (its hooks into ``multiprocessing``,
:meth:`Family.install`), folds them into the lanes of a run (:meth:`Family.fold`),
draws them (:meth:`Family.draw`, with a legend entry for each kind of mark a picture
has) and says them in the text summary (:meth:`Family.lane_items`,
:meth:`Family.summary_lines`).  The defaults serve a family whose events are marks
at an instant or spans over time, tied to a named object such as ``Lock-1``: its
events carry ``obj=[prefix, key]`` (a key the hooks choose, stable within one run:
never a pid or an address reaches a summary), and the run names the objects
(:meth:`helpers.view.model.Run.object_name`).

Nothing here imports matplotlib: a family's drawing code gets the axes it draws on,
and builds legend handles only when asked, so a recorded child that imports the
families for their hooks stays light.  :func:`label_text` shortens a text drawn
beside a mark, for every family alike.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

LABEL_WIDTH = 52  # characters of a text drawn beside a mark, at most (about 3.5 inches at 9 pt)
LABEL_SIZE = 9  # points: the smallest text of a picture (shown at 96 px an inch: 9 pt on screen)

# Where a label may go around its mark, in order of preference (:func:`label`): each
# spot is (which edge of the mark's band: +1 above, -1 below, 0 its middle; offset in
# points from that edge, x and y; horizontal and vertical alignment of the text).
AROUND = ((1, 2, 1.5, "left", "bottom"), (-1, 2, -1.5, "left", "top"),
          (1, -2, 1.5, "right", "bottom"), (-1, -2, -1.5, "right", "top"))
BESIDE = ((0, 6, 0, "left", "center"), (0, -6, 0, "right", "center"),
          (1, 2, 1.5, "left", "bottom"), (-1, 2, -1.5, "left", "top"))
UNDER = ((-1, 0, -2, "center", "top"), (1, 0, 2, "center", "bottom"))


def label_text(text: str, width: int = LABEL_WIDTH) -> str:
    """``text`` in at most ``width`` characters, for a label beside a mark: whole if it
    fits, else its start and its end around an ellipsis (``head…tail``).

    A printed line's point is often at its end -- the number of ``ppid=1234``, the
    ``False`` of ``is_alive() -> False``, an error's message -- and its start says which
    line it is, so both are kept and the middle goes."""
    if not isinstance(width, int) or width < 3:
        raise ValueError(f"width must be a whole number of characters, 3 or more, not {width!r}")
    if len(text) <= width:
        return text
    tail = (width - 1) // 2
    head = width - 1 - tail
    return text[:head].rstrip() + "…" + text[len(text) - tail:].lstrip()


def label(ax, x: float, y: float, text: str, *, color="black", clear: float = 0.0,
          spots=AROUND, size: float = LABEL_SIZE):
    """A text beside the mark at (``x``, ``y``), off a band ``clear`` (data units) above
    and below it -- the bar the mark sits on -- at the first of its ``spots`` where
    it overlaps no other label and no bar and stays inside the axes.  Which spot that is
    only the finished picture knows: the drawing picks it once the layout is done
    (:func:`helpers.view.labels.keep_apart`).  Returns the matplotlib text."""
    edge, dx, dy, ha, va = spots[0]
    text = ax.annotate(text, (x, y + edge * clear), xytext=(dx, dy), textcoords="offset points",
                       fontsize=size, color=color, ha=ha, va=va)
    text.set_in_layout(False)  # its spot is chosen once the layout is done
    text.label_spots = [((x, y + edge * clear), (dx, dy), ha, va)
                        for edge, dx, dy, ha, va in spots]
    return text


def repeats(items: list[tuple[float, str]], sizes=(1,), at_least: int = 2) -> list:
    """The same ``(time, text)`` item ``at_least`` times in a row or more (a loop taking
    a lock, putting items) said once, ``text ×N``, at the first one's time; with
    ``sizes`` beyond 1, also a block of that many items repeated (``(put Queue-1 · get
    Queue-1) ×100``).  Of the blocks that repeat at a place, the one that covers most
    items wins, the shortest of those."""
    texts = [text for _, text in items]
    out, i = [], 0
    while i < len(texts):
        size, times = 1, 1
        for k in sizes:
            n, block = 1, texts[i:i + k]
            while i + (n + 1) * k <= len(texts) and texts[i + n * k:i + (n + 1) * k] == block:
                n += 1
            if n >= at_least and n * k > size * times:
                size, times = k, n
        text = texts[i] if size == 1 else "(" + " · ".join(texts[i:i + size]) + ")"
        out.append((items[i][0], text if times == 1 else f"{text} ×{times}"))
        i += size * times
    return out


def most_overlapping(intervals) -> int:
    """The most of ``intervals`` (``(began, ended)`` pairs) that cover one moment; one
    that ends as another begins does not overlap it."""
    edges = sorted([(began, 1) for began, _ in intervals] + [(ended, -1) for _, ended in intervals])
    most = current = 0
    for _, step in edges:  # at equal times an end (-1) comes before a start
        current += step
        most = max(most, current)
    return most


def object_order(name: str):
    """Sort key of object names: by kind, then number (``Lock-2`` before ``Lock-10``)."""
    kind, _, number = name.rpartition("-")
    return (kind, int(number)) if number.isdigit() else (name, 0)


def objects_of(run, family: str) -> list[str]:
    """The names of the objects ``family``'s marks and spans of ``run`` are tied to."""
    return sorted({item.obj for lane in run.lanes for item in [*lane.spans, *lane.marks]
                   if item.family == family and item.obj}, key=object_order)


def colors_of(run, family: str, palette) -> dict[str, str]:
    """One colour of ``palette`` per object of ``family`` in ``run``, the same on every lane."""
    return dict(zip(objects_of(run, family), itertools.cycle(palette), strict=False))


@dataclass
class Mark:
    """Something that happened at an instant, on one lane."""

    t: float
    family: str
    kind: str
    obj: str | None = None  # the object's name in this run: "Lock-1"
    text: str | None = None


@dataclass
class Span:
    """Something that lasted, on one lane (``ended`` None: until the run's end)."""

    began: float
    ended: float | None
    family: str
    kind: str
    obj: str | None = None
    text: str | None = None


@dataclass
class Zoom:
    """Two moments of one lane worth a closer look: ``began`` and ``ended`` may be so
    close that the run's time scale shows them as one (``text`` says what lies between,
    e.g. ``Process-1: exit 4 ms after terminate()``)."""

    pid: int
    began: float
    ended: float
    text: str


@dataclass(frozen=True)
class Style:
    """How one kind of mark or span looks, and its legend entry."""

    label: str
    color: str
    marker: str = "D"  # marks
    hatch: str | None = None  # spans: None is solid


class Family:
    """One kind of thing the recorder notes.  Subclass it, set ``name``, ``kinds`` and
    ``styles`` (one per kind a picture can show), and register an instance in
    :mod:`helpers.families`."""

    name = "?"
    kinds: tuple[str, ...] = ()
    styles: dict[str, Style] = {}

    def install(self) -> None:
        """Hook into ``multiprocessing`` (called once, when the family is registered).
        The hooks must do nothing unless a recording is active in the calling
        process (:func:`helpers.recorder.active`)."""

    # -- the model -----------------------------------------------------------------------

    def fold(self, run, event: dict) -> None:
        """Fold one of this family's events into ``run``: by default a mark on the
        lane of the process that wrote it."""
        obj = run.object_name(*event["obj"]) if "obj" in event else None
        run.lane_of(event["pid"]).marks.append(
            Mark(event["t"], self.name, event["kind"], obj, event.get("text")))

    # -- the picture ---------------------------------------------------------------------

    def draw(self, ax, run, lane, row: float, x, rows: dict) -> set[str]:
        """Draw this family's marks and spans of ``lane`` at height ``row`` (``x`` turns
        a time into the axis' seconds, ``rows`` gives every lane's height by pid);
        return the styles used, for the legend.  A span not ended lasts until
        ``run.end``."""
        used = set()
        for span in lane.spans:
            if span.family == self.name:
                style = self.styles[span.kind]
                end = span.ended if span.ended is not None else run.end
                ax.barh(row, x(end) - x(span.began), left=x(span.began), height=0.25,
                        color="none" if style.hatch else style.color, hatch=style.hatch,
                        edgecolor=style.color, lw=0 if style.hatch else 0.5)
                used.add(span.kind)
        for mark in lane.marks:
            if mark.family == self.name:
                style = self.styles[mark.kind]
                ax.plot(x(mark.t), row, style.marker, color=style.color, ms=6, zorder=4)
                used.add(mark.kind)
        return used

    def zooms(self, run) -> list[Zoom]:
        """What of ``run`` may need a closer look; the picture draws an inset for each
        one too short to be seen at the run's scale (:mod:`helpers.view.drawing`)."""
        return []

    def legend(self, used: set[str]) -> list:
        """Legend handles for the styles a picture used, in ``styles``' order."""
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch
        handles = []
        for kind, style in self.styles.items():
            if kind not in used:
                continue
            if style.hatch is not None:
                handles.append(Patch(fill=False, hatch=style.hatch, edgecolor=style.color,
                                     label=style.label))
            elif style.marker:
                handles.append(Line2D([], [], marker=style.marker, ls="", color=style.color,
                                      label=style.label))
            else:
                handles.append(Patch(color=style.color, label=style.label))
        return handles

    # -- the summary ---------------------------------------------------------------------

    def lane_items(self, run, lane) -> list[tuple[float, str]]:
        """What ``lane`` did in this family, as ``(time, text)``; items with an infinite
        time come last, in their order."""
        items = [(m.t, " ".join(filter(None, [m.kind, m.obj, m.text])))
                 for m in lane.marks if m.family == self.name]
        items += [(s.began, " ".join(filter(None, [s.kind, s.obj])))
                  for s in lane.spans if s.family == self.name]
        return items

    def summary_lines(self, run) -> list[str]:
        """Lines after the lanes: what holds of the whole run, whatever the schedule."""
        return []
