"""The views of a recorded run: its model (:mod:`.model`), text summary (:mod:`.summary`),
picture (:mod:`.drawing`) and display (:mod:`.display`), and ``record()``, which
yields one.  They read what the recorder wrote, through the event families."""

from .display import compare
from .recording import record
from .run import Run

__all__ = ["Run", "compare", "record"]
