"""Show runs in a notebook: a picture (PNG, with a plain-text form nbval compares) and
the text summary; several runs one above the other with :func:`compare`."""

from __future__ import annotations

from ..arguments import need_bool, need_titles
from .model import Run
from .summary import describe_run
from .text import show as show_text


def display_figure(make_figure, text: str) -> None:
    """Display a figure as a PNG in IPython (nothing elsewhere), drawn at twice the
    pixels it is shown with (:func:`~helpers.view.drawing.shown_width`); ``text`` is its
    plain text form, which nbval compares (it skips images)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is not None:
        from .drawing import png_bytes, shown_width  # (matplotlib: only when drawn)
        fig = make_figure()
        display({"image/png": png_bytes(fig), "text/plain": text},
                metadata={"image/png": {"width": shown_width(fig)}}, raw=True)


def compare(*runs: Run, titles: list[str], summary: bool = True) -> None:
    """Show several runs one above the other on one time scale, then their summaries
    (``summary=False``: the picture only, for runs that differ by chance): the way to
    see what a change (join inside or after a loop, say) does."""
    if not runs or not all(isinstance(run, Run) for run in runs):
        raise TypeError("compare() takes the Run objects that record() yields")
    need_titles(titles, len(runs))
    need_bool(summary, "summary")
    count = "timeline" if len(runs) == 1 else f"{len(runs)} timelines"
    from .drawing import draw_many  # (matplotlib: only when drawn)
    display_figure(lambda: draw_many(list(runs), list(titles)),
                   f"<{count}: {'; '.join(titles)}>")
    for run, title in zip(runs, titles, strict=True):
        if summary:
            lines = run.summary() if hasattr(run, "summary") else describe_run(run)
            show_text(f"{title}:\n{lines}")
