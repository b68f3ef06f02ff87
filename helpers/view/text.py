"""Text a lesson shows -- a run's summary, a check's verdict, a script's traceback --
wrapped at words, with a plain-text twin.

JupyterLab shows printed text (a stream) and a plain-text result with
``word-break: break-all``: a line longer than the column breaks wherever it reaches the
edge, mid-word (``st art Process-4``).  So the workbook's own text goes out as a mime
bundle: HTML that wraps at spaces -- a word longer than a line, a path, breaks where
it must -- and the same text as ``text/plain``, which nbval compares and a plain-text
front end shows.  Outside IPython it is simply printed.
"""

from __future__ import annotations

import html
import sys

CLASS = "workbook-text"  # (tests/nbval_sanitize.cfg leaves this HTML to its plain text)
# (padding: JupyterLab sets printed text 1ch in from the output's edge)
STYLE = ("white-space: pre-wrap; word-break: normal; overflow-wrap: anywhere; margin: 0; "
         "padding: 0 0 0 1ch; background: none; "
         "font-family: var(--jp-code-font-family, monospace); "
         "font-size: var(--jp-code-font-size, 13px); line-height: var(--jp-code-line-height, 1.4)")
ERROR_STYLE = ("background: var(--jp-rendermime-error-background, #fdd); "
               "color: var(--jp-content-font-color1, #000)")


def wrapped_html(text: str, *, error: bool = False) -> str:
    """``text`` as a ``<pre>`` that wraps at words (``error``: red, as stderr is shown)."""
    style = STYLE + ("; " + ERROR_STYLE if error else "")
    return f'<pre class="{CLASS}" style="{style}">{html.escape(text)}</pre>'


def bundle(text: str, *, error: bool = False) -> dict:
    """The mime bundle of ``text``: the wrapping HTML and the plain text."""
    return {"text/plain": text, "text/html": wrapped_html(text, error=error)}


def show(text: str, *, error: bool = False) -> None:
    """Show ``text`` in IPython as :func:`bundle`; elsewhere print it (``error``: to
    stderr)."""
    show_bundle(bundle(text, error=error), error=error)


def show_bundle(data: dict, *, error: bool = False) -> None:
    """Display the mime bundle ``data`` in IPython; elsewhere print its plain text."""
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None
    if get_ipython is None or get_ipython() is None:
        print(data["text/plain"], file=sys.stderr if error else sys.stdout)
        return
    from IPython.display import display
    display(data, raw=True)
