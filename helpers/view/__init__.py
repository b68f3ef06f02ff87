"""The views of a recorded run: its model (:mod:`.model`), text summary (:mod:`.summary`),
picture (:mod:`.drawing`, its labels kept apart by :mod:`.labels`) and display
(:mod:`.display`), and ``record()``, which yields one.  They read what the recorder
wrote, through the event families.  How the workbook's text shows in JupyterLab
(:mod:`.text`, a script's output :mod:`.terminal`), a solution folded (:mod:`.solution`)
and the "try it" button (:mod:`.controls`) are here too.  Only :mod:`.drawing` and
:mod:`.labels` import matplotlib, and the others import them when a picture is drawn."""

from .display import compare
from .recording import record
from .run import Run

__all__ = ["Run", "compare", "record"]
