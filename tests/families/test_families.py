"""The event-family seam: a family registered from outside the engine is recorded,
folded, drawn, in the legend and in the summary; an unknown kind is an error."""

from multiprocessing import Process

import pytest

from helpers import families, record
from helpers.view import Run
from tests import bell_family, synthetic


@pytest.fixture
def bell():
    families.register(bell_family.BELL)
    yield bell_family.BELL
    families.unregister(bell_family.BELL)


def legend_texts(fig):
    return [text.get_text() for legend in fig.legends for text in legend.get_texts()]


def test_an_extra_family_is_recorded_drawn_and_summarised(bell, method):
    with record(show=False) as run:
        bell_family.ring("front door")
        p = Process(target=bell_family.ring_in_a_child, args=("back door", 2))
        p.start()
        p.join()
    parent, child = run.lanes
    assert [(m.kind, m.obj) for m in parent.marks] == [("ring", "Bell-1")]
    assert [(m.kind, m.obj) for m in child.marks] == [("ring", "Bell-2")] * 2
    summary = run.summary()
    assert "MainProcess  ring Bell-1 · start Process-1 · join Process-1" in summary
    assert "begin ring_in_a_child('back door', 2) · ring Bell-2 ×2 · end · exit code 0" \
        in summary
    assert summary.endswith("The bells rang 3 times.")
    fig = run.figure()
    assert "bell rung" in legend_texts(fig)
    stars = [line for ax in fig.axes for line in ax.get_lines() if line.get_marker() == "*"]
    assert len(stars) == 3


def test_without_the_family_its_events_are_an_error():
    events = [*synthetic.events(), {"t": 10.5, "pid": synthetic.PARENT, "kind": "ring",
                                    "obj": ["Bell", "x"]}]
    with pytest.raises(ValueError, match="unknown event kind 'ring': no registered family"):
        Run(events)


def test_a_family_cannot_take_another_familys_kinds(bell):
    class Thief(families.Family):
        name = "thief"
        kinds = ("print",)
    with pytest.raises(ValueError, match="belong to family 'process'"):
        families.register(Thief())
    with pytest.raises(ValueError, match="registered already"):
        families.register(bell_family.BellFamily())


def test_the_legend_shows_the_kinds_of_mark_the_picture_has():
    run = Run(synthetic.events())  # one child joined, one terminated, no raise
    texts = legend_texts(run.figure())
    assert "terminate/kill" in texts and "waiting in join()" in texts
    assert "target raised" not in texts and "bell rung" not in texts
    assert "record() cleaning up" not in texts
