"""A small extra event family for tests/families/test_families.py: a bell that processes ring.

Its one hook is :func:`ring`, which a target calls (importable, so a spawned child
has it too); it writes a ``ring`` event when a recording is active and does nothing
otherwise.  Registered only by the test, in the recording process: adding a family
edits no engine module.
"""

from helpers.families import Family, Style
from helpers.recorder import active


def ring(bell: str, times: int = 1) -> None:
    rec = active()
    for _ in range(times):
        if rec is not None:
            rec.writer.write("ring", obj=["Bell", bell])


def ring_in_a_child(bell: str, times: int) -> None:
    """A target: ring ``bell`` ``times`` times."""
    ring(bell, times)


class BellFamily(Family):
    name = "bell"
    kinds = ("ring",)
    styles = {"ring": Style("bell rung", "#9467bd", marker="*")}

    def summary_lines(self, run):
        rings = [m for lane in run.lanes for m in lane.marks if m.family == self.name]
        return [f"The bells rang {len(rings)} times."] if rings else []


BELL = BellFamily()
