"""Issue #18: a timeline reads at JupyterLab's width -- its labels kept off the bars and
off each other, inside the panel, at least 9 pt on the page, the PNG sharp at 2x."""

import io

from matplotlib.patches import Rectangle
from PIL import Image

from helpers.families.base import LABEL_SIZE
from helpers.view import Run
from helpers.view.drawing import SHARPNESS, SHOWN_DPI, draw, png_bytes, shown_width
from tests import synthetic

PARENT, CHILD = synthetic.PARENT, synthetic.CHILD


def crowded_run() -> Run:
    """Lesson 01's first picture, the worst case: the child prints twice at once and
    exits a moment later; the parent prints at the very end of the recording."""
    def ev(t, pid, kind, **fields):
        return {"t": t, "pid": pid, "kind": kind, **fields}

    return Run([
        ev(0.0, PARENT, "record", method="fork", name="MainProcess"),
        ev(0.0004, PARENT, "start", child=CHILD, name="Process-1", target="f('bob')",
           daemon=False, method="fork", by=None),
        ev(0.002, PARENT, "join-begin", child=CHILD, timeout=None, by=None),
        ev(0.0029, CHILD, "begin", name="Process-1", ppid=PARENT),
        ev(0.0030, CHILD, "print", stream="stdout", text="hello bob"),
        ev(0.0030, CHILD, "print", stream="stdout", text="我是子进程"),
        ev(0.0030, CHILD, "print", stream="stdout", text="and a third line at the same moment"),
        ev(0.0031, CHILD, "end", raised=None),
        ev(0.0032, PARENT, "exit", child=CHILD),
        ev(0.0033, PARENT, "join-end", child=CHILD, exitcode=0, by=None),
        ev(0.0049, PARENT, "print", stream="stdout", text="执行主进程的内容了, and more words"),
        ev(0.0050, PARENT, "code-end"),
        ev(0.0052, PARENT, "record-end"),
    ])


def boxes(fig):
    """Each label's box and its axes' box (display pixels), as drawn."""
    renderer = fig.canvas.get_renderer()
    fig.draw_without_rendering()
    out = []
    for ax in fig.axes:
        frame = ax.get_window_extent(renderer)
        bars = [p.get_window_extent(renderer) for p in ax.patches
                if isinstance(p, Rectangle) and p.get_width() and p.get_height()]
        labels = [t for t in ax.texts if t.get_text() and getattr(t, "label_spots", None)]
        out.append((frame, bars, [(t.get_text(), t.get_window_extent(renderer)) for t in labels]))
    return out


def overlap(a, b) -> float:
    width, height = min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


def test_labels_stay_off_the_bars_off_each_other_and_inside_the_panel():
    for run in (crowded_run(), Run(synthetic.events())):
        for frame, bars, labels in boxes(draw(run)):
            assert len(labels) >= 5
            for i, (text, box) in enumerate(labels):
                assert frame.x0 <= box.x0 and box.x1 <= frame.x1, f"{text!r} leaves the panel"
                assert frame.y0 <= box.y0 and box.y1 <= frame.y1, f"{text!r} leaves the panel"
                for other, other_box in labels[:i]:
                    assert overlap(box, other_box) == 0, f"{text!r} lies on {other!r}"
                for bar in bars:
                    assert overlap(box, bar) == 0, f"{text!r} lies on a bar"


def test_the_picture_is_shown_at_96_px_an_inch_from_a_png_twice_as_wide():
    fig = draw(crowded_run())
    png = Image.open(io.BytesIO(png_bytes(fig)))
    # JupyterLab's column beside its file browser at 1400 px: 968 px, 948 when scrolled
    assert shown_width(fig) == 936
    assert png.width == SHARPNESS * shown_width(fig) == 1872
    # the smallest text, on the page: 9 pt is 12 CSS px
    assert LABEL_SIZE * SHOWN_DPI / 72 >= 12
    texts = [t for ax in fig.axes for t in ax.texts] + [
        t for legend in fig.legends for t in legend.get_texts()]
    assert min(t.get_fontsize() for t in texts) >= 9


def test_the_png_keeps_every_colour_a_mark_is_drawn_in():
    """A palette of 256: the red of an error's dot survives next to the orange of a join."""
    fig = draw(Run(synthetic.events()))
    png = Image.open(io.BytesIO(png_bytes(fig))).convert("RGB")
    colours = {colour for _, colour in png.getcolors(maxcolors=1 << 16)}

    def near(hex_colour):
        want = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        return any(max(abs(a - b) for a, b in zip(c, want, strict=True)) <= 6 for c in colours)

    from helpers.families.process import COLORS
    for key in ("running", "stderr", "join", "print", "exit"):
        assert near(COLORS[key]), key


def test_the_png_is_the_whole_figure_whatever_the_learners_rcparams():
    """A notebook may set savefig.bbox='tight' or transparent pictures: the raw pixels
    the PNG is made from must still be the whole, opaque canvas."""
    from matplotlib import rc_context

    fig = draw(crowded_run())
    plain = Image.open(io.BytesIO(png_bytes(fig)))
    with rc_context({"savefig.bbox": "tight", "savefig.transparent": True}):
        tight = Image.open(io.BytesIO(png_bytes(fig)))
    corner = tight.convert("RGB").getpixel((0, 0))
    assert tight.size == plain.size and min(corner) >= 250  # white (in a palette), not black


def recorded_unpicklable_put() -> Run:
    """Lesson 12's unpicklable put() (#28): at one moment of the child, the feeder's
    error in two families' words (the child's stderr, the queue's item never sent), and
    at one moment of the parent its print and the queue's Empty."""
    import multiprocessing
    import queue

    from helpers import record
    from helpers.lessons.l12_queues_pipes import targets

    fork = multiprocessing.get_context("fork")
    with record(show=False) as run:
        q = fork.Queue()
        p = fork.Process(target=targets.put_unpicklable, args=(q,), name="child")
        p.start()
        p.join()
        try:
            q.get(timeout=0.1)
        except queue.Empty:
            print("the parent: nothing came")
    return run


def test_labels_of_two_families_at_one_moment_stay_apart():
    """Whatever family drew a label, the others see it: none lies on another."""
    for frame, _, labels in boxes(draw(recorded_unpicklable_put())):
        assert len(labels) >= 6
        for i, (text, box) in enumerate(labels):
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1, f"{text!r} leaves the panel"
            for other, other_box in labels[:i]:
                assert overlap(box, other_box) == 0, f"{text!r} lies on {other!r}"


def lines_of(fig) -> list:
    """Each axes' drawn lines (life-lines, ticks), as boxes widened by their width."""
    from matplotlib.transforms import Bbox

    renderer = fig.canvas.get_renderer()
    out = []
    for ax in fig.axes:
        found = []
        for line in ax.lines:
            if line.get_linestyle() not in ("None", "", " ") and len(line.get_xdata()) > 1:
                box, pad = (line.get_window_extent(renderer),
                            renderer.points_to_pixels(line.get_linewidth()) / 2)
                found.append(Bbox.from_extents(box.x0 - pad, box.y0 - pad,
                                               box.x1 + pad, box.y1 + pad))
        out.append(found)
    return out


def test_a_label_stays_off_the_life_lines():
    """#28 (lesson 14's worker, ended at the right edge): its exit is labelled beside its
    life-line -- the grey line of its exiting -- not across it."""
    def ev(t, pid, kind, **fields):
        return {"t": t, "pid": pid, "kind": kind, **fields}

    run = Run([
        ev(0.0, PARENT, "record", method="fork", name="MainProcess"),
        ev(0.0004, PARENT, "start", child=CHILD, name="Process-1", target="f('bob')",
           daemon=False, method="fork", by=None),
        ev(0.001, CHILD, "begin", name="Process-1", ppid=PARENT),
        ev(0.0015, CHILD, "end", raised=None),
        ev(0.003, PARENT, "join-begin", child=CHILD, timeout=None, by=None),
        ev(0.0099, PARENT, "exit", child=CHILD),
        ev(0.0099, PARENT, "join-end", child=CHILD, exitcode=-15, by=None),
        ev(0.0100, PARENT, "code-end"),
        ev(0.0100, PARENT, "record-end"),
    ])
    fig = draw(run)
    for (_, _, labels), lines in zip(boxes(fig), lines_of(fig), strict=True):
        assert any(text.startswith("exit") for text, _ in labels)
        for text, box in labels:
            for line in lines:
                assert overlap(box, line) == 0, f"{text!r} lies across a line"
