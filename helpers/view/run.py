"""The :class:`Run` that ``record()`` yields: the model, with its summary and picture."""

from __future__ import annotations

from ..arguments import need_bool
from . import model
from .display import display_figure
from .summary import describe_run
from .text import show as show_text


class Run(model.Run):
    """What every process of one recording did (:class:`helpers.view.model.Run`), and
    how to show it: ``summary()``, ``figure()``, ``show()``."""

    def summary(self) -> str:
        """A few stable lines: each process's events in order, what the parent's order
        forces, exit codes."""
        return describe_run(self)

    def figure(self):
        """The timeline as a matplotlib Figure, laid out once (its labels placed): what
        you add to it afterwards is not laid out again unless you ask,
        ``fig.set_layout_engine('constrained')``."""
        from .drawing import draw  # (matplotlib: only when drawn)
        return draw(self)

    def show(self, summary: bool = True) -> None:
        """Display the timeline and the summary (wrapped at words: :mod:`~helpers.view.text`;
        printed outside IPython)."""
        need_bool(summary, "summary")
        count = len(self.lanes)
        display_figure(self.figure, f"<timeline: {count} process{'es' * (count != 1)}>")
        if summary:
            show_text(self.summary())

    def _ipython_display_(self):
        self.show()
