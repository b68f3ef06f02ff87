"""The drawing, from a hand-written event log."""

import pytest
from matplotlib.figure import Figure

from helpers.families import label_text
from helpers.families.base import LABEL_WIDTH
from helpers.view import Run
from helpers.view.drawing import draw, png_bytes
from tests import synthetic


def test_one_lane_per_process_recorder_on_top():
    fig = draw(Run(synthetic.events()))
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    positions = list(ax.get_yticks())
    by_position = [label for _, label in sorted(zip(positions, labels, strict=True), reverse=True)]
    assert by_position == ["MainProcess (pid 100)", "Process-1 (pid 201)", "Process-2 (pid 202)"]
    assert "spawn" in ax.get_title()


def test_markers_and_texts():
    ax = draw(Run(synthetic.events())).axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert "hello bob" in texts and "parent here" in texts and "oops" in texts
    assert "exit 0" in texts and "exit -15" in texts and "terminate" in texts
    # running bars: recorder lane, two children, one join (hatched, unfilled)
    bars = [p for p in ax.patches if p.get_width() > 0]
    assert len(bars) == 4
    first = min(b.get_x() for b in bars)
    assert first == 0.0  # x is seconds since the recording began


def test_empty_run_and_png():
    fig = draw(Run())
    assert isinstance(fig, Figure)
    assert png_bytes(draw(Run(synthetic.events()))).startswith(b"\x89PNG")


def test_a_picture_is_laid_out_once_and_its_labels_never_move_the_layout():
    """keep_apart lays the figure out, at the resolution of its PNG, and leaves its
    labels out of the layout, so the figure comes without a layout engine (drawing it
    would lay it out again): the same pixels as a figure laid out again when drawn."""
    from helpers.view.drawing import draw_many

    runs = [Run(synthetic.events()), Run(synthetic.events())]
    fig = draw_many(runs, ["first", "second"])
    assert fig.get_layout_engine().__class__.__name__ == "PlaceHolderLayoutEngine"
    once = png_bytes(fig)
    fig.set_layout_engine("constrained")
    assert png_bytes(fig) == once


def test_many_runs_share_one_time_scale():
    from helpers.view.drawing import draw_many

    run = Run(synthetic.events())
    fig = draw_many([run, Run()], ["first", "second"])
    assert [ax.get_title() for ax in fig.axes] == ["first", "second"]
    assert fig.axes[0].get_shared_x_axes().joined(fig.axes[0], fig.axes[1])


def test_compare_checks_its_arguments(capsys):
    from helpers import compare

    with pytest.raises(ValueError, match="one title per run"):
        compare(Run(synthetic.events()), titles=["a", "b"])
    with pytest.raises(TypeError, match="Run objects"):
        compare("not a run", titles=["a"])
    compare(Run(synthetic.events()), Run(), titles=["a", "b"])  # outside IPython: text only
    out = capsys.readouterr().out
    assert out.startswith("a:\nTimeline, start method spawn") and "b:\nTimeline: nothing" in out


# -- labels ---------------------------------------------------------------------------------


def test_label_text_keeps_a_short_text_whole_and_both_ends_of_a_long_one():
    assert label_text("running in MainProcess") == "running in MainProcess"
    assert label_text("x" * LABEL_WIDTH) == "x" * LABEL_WIDTH
    long = "is_alive() right after terminate(): " + "." * 30 + " -> False"
    short = label_text(long)
    assert len(short) == LABEL_WIDTH and "…" in short
    assert short.startswith("is_alive() right") and short.endswith("-> False")
    assert label_text("ppid=1234 " + "z" * 50 + " parent=MainProcess", 21) == "ppid=1234…ainProcess"
    with pytest.raises(ValueError, match="width"):
        label_text("abc", 2)


def with_events(*extra):
    """The synthetic run with ``extra`` events, each ``(t, pid, kind, fields)``."""
    return Run([*synthetic.events(),
                *({"t": t, "pid": pid, "kind": kind, **fields} for t, pid, kind, fields in extra)])


def legend_texts(fig):
    return [text.get_text() for legend in fig.legends for text in legend.get_texts()]


def all_texts(fig):
    texts = [text for ax in fig.axes for text in ax.texts]
    return texts + [text for legend in fig.legends for text in legend.get_texts()]


def test_a_long_printed_line_keeps_its_end_and_every_label_is_readable():
    line = "after join(): is_alive() = False · exitcode = -15 · name = LongChat-1"
    fig = draw(with_events((10.45, synthetic.PARENT, "print", {"stream": "stdout", "text": line})))
    drawn = [t.get_text() for t in fig.axes[0].texts]
    (label,) = [t for t in drawn if t.startswith("after join()")]
    assert label.endswith("name = LongChat-1") and len(label) == LABEL_WIDTH
    assert "hello bob" in drawn  # a short one whole
    assert min(text.get_fontsize() for text in all_texts(fig)) >= 8


# -- failures -------------------------------------------------------------------------------

FAILED_CHILD = 203


def failure_marks(ax):
    return [(line.get_xdata()[0], line.get_ydata()[0]) for line in ax.get_lines()
            if line.get_marker() == "X"]


def test_a_start_that_failed_and_a_child_that_died_before_its_target_are_drawn():
    error = "AssertionError: daemonic processes are not allowed to have children"
    run = with_events(
        (10.05, synthetic.PARENT, "start-failed", {"name": "Process-3", "error": error}),
        (10.35, synthetic.PARENT, "start", {"child": FAILED_CHILD, "name": "Process-3",
                                            "target": "h()", "daemon": False, "by": None}),
        (10.45, FAILED_CHILD, "print", {"stream": "stderr", "text": "AttributeError: no h"}),
        (10.5, synthetic.PARENT, "exit", {"child": FAILED_CHILD}),
        (10.51, synthetic.PARENT, "exitcode", {"child": FAILED_CHILD, "code": 1}))
    fig = draw(run)
    ax = fig.axes[0]
    rows = dict(zip([t.get_text() for t in ax.get_yticklabels()], ax.get_yticks(), strict=True))
    marks = sorted(failure_marks(ax))
    assert marks == [(pytest.approx(0.05), rows["MainProcess (pid 100)"]),
                     (pytest.approx(0.5), rows[f"Process-3 (pid {FAILED_CHILD})"])]
    texts = [t.get_text() for t in ax.texts]
    assert label_text(error) in texts and "died before its target (exit 1)" in texts
    assert "exit 1" not in texts  # the X says it, no square beside it
    assert "AttributeError: no h" in texts  # its stderr, as before
    failed = "start() failed / died before its target"
    assert failed in legend_texts(fig)
    assert failed not in legend_texts(draw(Run(synthetic.events())))  # only when it is drawn
    assert min(text.get_fontsize() for text in all_texts(fig)) >= 8


def test_a_failed_start_whose_error_the_lane_printed_is_labelled_once():
    error = "AssertionError: daemonic processes are not allowed to have children"
    run = with_events(
        (10.45, synthetic.CHILD, "start-failed", {"name": "Process-3", "error": error}),
        (10.46, synthetic.CHILD, "print", {"stream": "stderr", "text": error}))
    ax = draw(run).axes[0]
    assert len(failure_marks(ax)) == 1
    assert [t.get_text() for t in ax.texts].count(label_text(error)) == 1


def test_a_child_that_never_began_but_exited_0_gets_its_usual_square():
    run = with_events(
        (10.35, synthetic.PARENT, "start", {"child": FAILED_CHILD, "name": "Process-3",
                                            "target": "h()", "daemon": False, "by": None}),
        (10.5, synthetic.PARENT, "exitcode", {"child": FAILED_CHILD, "code": 0}))
    ax = draw(run).axes[0]
    assert failure_marks(ax) == [] and "exit 0" in [t.get_text() for t in ax.texts]


def test_the_legend_has_as_many_columns_as_fit_across_the_figure():
    from helpers.view.drawing import legend_columns

    usual = ["target running", "starting / exiting", "waiting in join()", "print",
             "stderr (its last line)", "terminate/kill", "exit (code)"]
    pipe = [*usual[:4], "exit (code)", "message through Pipe-1", "Pipe end closed"]
    short = ["target running", "print", "exit (code)"]
    failed = [*usual[:6], "start() failed / died before its target", usual[6]]
    assert legend_columns(short) == 3 and legend_columns(usual) == 6
    assert legend_columns(failed) == 4
    assert legend_columns(["x" * 200]) == 1 and legend_columns(["a", "b"]) == 2
    for labels in (usual, pipe, short, failed):  # drawn: within the figure, at 9 pt
        left, right, width = legend_extent(labels, legend_columns(labels))
        assert 0 <= left and right <= width, labels
    left, right, width = legend_extent(usual, 7)  # (one more column would not fit)
    assert left < 0 or right > width


def legend_extent(labels: list[str], ncol: int) -> tuple[float, float, float]:
    """Where a timeline's legend of ``labels`` in ``ncol`` columns reaches, drawn."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.lines import Line2D

    from helpers.families.base import LABEL_SIZE
    from helpers.view import fonts
    from helpers.view.drawing import WIDTH

    fig = Figure(figsize=(WIDTH, 2), layout="constrained")
    FigureCanvasAgg(fig)
    fig.subplots()
    handles = [Line2D([], [], marker="o", label=label) for label in labels]
    legend = fig.legend(handles=handles, loc="outside lower center", fontsize=LABEL_SIZE,
                        ncol=ncol, frameon=False)
    fonts.use_in(fig)
    fig.draw_without_rendering()
    box = legend.get_window_extent(fig.canvas.get_renderer())
    return box.x0, box.x1, fig.bbox.width


# -- start arrows ---------------------------------------------------------------------------


def start_arrows(fig):
    """The display coordinates of each start arrow (a dashed annotation's arrow)."""
    fig.draw_without_rendering()
    return [ann.arrow_patch.get_transform().transform_path(ann.arrow_patch.get_path()).vertices
            for ax in fig.axes for ann in ax.texts
            if getattr(ann, "arrow_patch", None) is not None and ann.get_text() == ""]


def test_children_started_a_millisecond_apart_get_arrows_that_do_not_lie_on_each_other():
    def ev(t, pid, kind, **fields):
        return {"t": t, "pid": pid, "kind": kind, **fields}
    events = [ev(10.0, 100, "record", method="fork", name="MainProcess")]
    for i, child in enumerate([201, 202]):
        t = 10.01 + 0.001 * i
        events += [ev(t, 100, "start", child=child, name=f"Process-{i + 1}", target="f()",
                      daemon=False, by=None),
                   ev(t + 0.002, child, "begin", name=f"Process-{i + 1}", ppid=100),
                   ev(t + 1.0, child, "end", raised=None), ev(t + 1.001, 100, "exit", child=child)]
    events.append(ev(11.1, 100, "record-end"))
    fig = draw(Run(events))
    first, second = start_arrows(fig)
    points = fig.dpi / 72
    # both leave the parent's lane where start() was called, 1 ms (under a point) apart...
    assert abs(first[0][0] - second[0][0]) < points
    # ...and the farther one bends further out: a gap a reader sees
    assert second[:, 0].max() - first[:, 0].max() > 3 * points


# -- the recording process's end --------------------------------------------------------------


def abrupt_events(*parent_end):
    """Lesson 06's script: its main code ends with ``os._exit(0)`` while a daemon sleeps
    -- no ``code-end``, no ``record-end`` -- and the daemon prints on, ends, unwatched."""
    def ev(t, pid, kind, **fields):
        return {"t": t, "pid": pid, "kind": kind, **fields}
    return [ev(10.0, 100, "record", method="fork", name="MainProcess"),
            ev(10.01, 100, "start", child=201, name="Process-1", target="foo()", daemon=True,
               by=None),
            ev(10.02, 201, "begin", name="Process-1", ppid=100),
            ev(10.03, 201, "print", stream="stdout", text="123"),
            ev(10.04, 100, "print", stream="stdout", text="main-------"),
            *(ev(10.05, 100, kind, **fields) for kind, fields in parent_end),
            ev(11.03, 201, "print", stream="stdout", text="end123"),
            ev(11.04, 201, "end", raised=None)]


def recorder_bar(ax):
    from matplotlib.colors import to_rgba

    from helpers.families.process import COLORS
    (bar,) = [p for p in ax.patches if p.get_facecolor() == to_rgba(COLORS["recorder"])]
    return bar.get_x(), bar.get_x() + bar.get_width()


def test_a_parent_that_calls_os_exit_ends_with_a_square_a_daemon_goes_on_past():
    run = Run(abrupt_events(("os-exit", {"code": 0})))
    assert run.t1 is None and run.end == 11.04
    ax = draw(run).axes[0]
    assert recorder_bar(ax) == pytest.approx((0.0, 0.05))
    squares = [(line.get_xdata()[0], line.get_ydata()[0]) for line in ax.get_lines()
               if line.get_marker() == "s"]
    parent_row = max(ax.get_yticks())
    assert squares == [(pytest.approx(0.05), parent_row)]  # the daemon's exit: unwatched
    assert "os._exit(0)" in [t.get_text() for t in ax.texts]
    daemon_bar = [p for p in ax.patches if p.get_height() == 0.35]
    assert daemon_bar[0].get_x() + daemon_bar[0].get_width() == pytest.approx(1.04)


def test_a_parent_whose_end_nobody_recorded_says_so_after_its_last_event():
    events = abrupt_events()[:-1]  # killed: no os-exit; the daemon never ends either
    ax = draw(Run(events)).axes[0]
    assert recorder_bar(ax) == pytest.approx((0.0, 0.04))
    texts = [t.get_text() for t in ax.texts]
    assert "end not recorded" in texts and "os._exit(0)" not in texts
    daemon_bar = [p for p in ax.patches if p.get_height() == 0.35]  # open: to the last event
    assert daemon_bar[0].get_x() + daemon_bar[0].get_width() == pytest.approx(1.03)


# -- insets for what is too close together to be seen ----------------------------------------


def test_the_process_familys_zooms_go_from_terminate_or_kill_to_the_exit():
    from helpers.families import PROCESS, Zoom

    run = Run(synthetic.events())  # Process-2 terminated at 11.3, its exit noted at 11.31
    assert PROCESS.zooms(run) == [Zoom(synthetic.OTHER, 11.3, 11.31,
                                       "Process-2: exit 10 ms after terminate()")]
    late = with_events((11.3004, synthetic.PARENT, "kill", {"child": synthetic.CHILD}))
    assert PROCESS.zooms(late) == PROCESS.zooms(run)  # Process-1 had exited already


def test_an_exit_milliseconds_after_terminate_gets_an_inset_that_shows_the_gap():
    fig = draw(Run(synthetic.events()))  # 10 ms in a run of 1.6 s
    ax = fig.axes[0]
    (inset,) = ax.child_axes
    assert inset.get_title() == "Process-2: exit 10 ms after terminate()"
    low, high = inset.get_xlim()
    assert low < 0 < 10 < high < 30  # ms after terminate(): both moments, well apart
    row = dict(zip([t.get_text() for t in ax.get_yticklabels()], ax.get_yticks(),
                   strict=True))["Process-2 (pid 202)"]
    assert inset.get_ylim() == (row - 0.5, row + 0.5)  # that lane alone
    seen = [(line.get_marker(), round(float(line.get_xdata()[0]), 6))
            for line in inset.get_lines() if line.get_marker() in ("x", "s")
            and low <= line.get_xdata()[0] <= high and line.get_ydata()[0] == row]
    assert sorted(seen) == [("s", 10.0), ("x", 0.0)]  # terminate() sent, the exit noted
    assert ax.get_ylim()[0] < -0.7  # a band under the lanes holds it
    assert min(t.get_fontsize() for t in [*inset.texts, inset.title]) >= 8


def test_no_inset_when_the_exit_can_be_seen_or_nothing_was_stopped():
    events = [e for e in synthetic.events() if not (e["kind"] == "exit"
                                                    and e["child"] == synthetic.OTHER)]
    slow = Run([*events, {"t": 11.45, "pid": synthetic.PARENT, "kind": "exit",
                          "child": synthetic.OTHER}])  # 150 ms: 9 % of the axis
    never = Run([e for e in events if e["kind"] != "terminate"])
    for run in (slow, never):
        ax = draw(run).axes[0]
        assert ax.child_axes == [] and ax.get_ylim() == (-0.7, 2.7)


def test_insets_sit_near_their_moment_side_by_side_within_the_panel():
    from helpers.view.drawing import inset_lefts

    assert inset_lefts([0.5], 0.3, 0.06) == [pytest.approx(0.35)]
    assert inset_lefts([0.02], 0.3, 0.06) == [0.0] and inset_lefts([0.99], 0.3, 0.06) == [0.7]
    lefts = inset_lefts([0.9, 0.9, 0.9], 0.29, 0.06)
    assert lefts == pytest.approx([0.01, 0.36, 0.71])
