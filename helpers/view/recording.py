"""``record()``: the recorder core's :func:`~helpers.recorder.recording`, with the run it
recorded as a :class:`~helpers.view.run.Run` (drawn when the block ends)."""

from __future__ import annotations

from contextlib import contextmanager

from ..arguments import need_bool
from ..recorder import recording
from .run import Run
from .text import errors_as_blocks


@contextmanager
def record(*, show: bool = True, wait: float = 10.0, echo: bool = False, folder: str | None = None,
           check_targets: bool = True):
    """Record every process started inside the block; yield the :class:`Run`.

    The learner writes the article's code with the real ``multiprocessing``; one
    ``with`` line records it::

        with record():
            p = Process(target=targets.greet, args=('bob',))
            p.start()
            p.join()

    The Run is filled in when the block ends.  ``show``: then display its timeline
    and summary (in IPython).  ``wait``: how long children still running at the end
    of the block are waited for before they are terminated.  ``check_targets``: a
    ``start()`` under spawn or forkserver whose target is defined in the notebook
    raises a TypeError saying to move it into a module; ``False`` lets it start, to
    show the error the child really gets.  ``echo`` and ``folder`` are for
    :mod:`helpers.tools.scripts`.
    """
    need_bool(show, "show")
    run = Run()
    rec = None
    try:
        with errors_as_blocks(), recording(wait=wait, echo=echo, folder=folder,
                                           check_targets=check_targets) as rec:
            yield run
    finally:
        if rec is not None and rec.events is not None:
            run.load(rec.events)
    if show:
        run.show()
