"""The drawing, from a hand-written event log."""

from matplotlib.figure import Figure

from helpers.plot import draw, png_bytes
from helpers.run import Run
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
