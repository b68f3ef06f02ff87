"""The fonts every timeline is drawn in, the same on any machine.

The lessons print Chinese (the article they follow is Chinese), and most machines,
Linux ones above all, have no font that draws it: matplotlib would show a box for
each character.  So the workbook depends on a font of its own, Noto Sans CJK
(SIL Open Font License 1.1), pinned in ``requirements.txt`` as the package
``noto-cjk-sans-otc``, and registers it with matplotlib the first time a picture is
drawn.  Its collection holds one face per region; the timelines use the Simplified
Chinese one.  matplotlib falls back along :data:`FAMILIES` glyph by glyph: Latin
letters, digits and symbols from DejaVu Sans (matplotlib's own), Chinese from Noto.
"""

from __future__ import annotations

import functools

LATIN = "DejaVu Sans"  # ships with matplotlib
CHINESE = "Noto Sans CJK SC"  # ships with noto-cjk-sans-otc
FAMILIES = [LATIN, CHINESE]


@functools.cache
def families() -> list[str]:
    """:data:`FAMILIES`, once the shipped CJK font is registered with matplotlib's
    font manager (done once per process; it takes a few milliseconds)."""
    from matplotlib import font_manager
    try:
        from noto_cjk_sans_otc import FONT_PATH
    except ImportError as error:
        raise ImportError(
            "the workbook draws Chinese with the font of the package noto-cjk-sans-otc, "
            "which is not installed here: run `make venv` (or `pip install -r "
            "requirements.txt`)") from error
    font_manager.fontManager.addfont(str(FONT_PATH))
    return list(FAMILIES)


def use_in(fig) -> None:
    """Draw every text of ``fig`` (titles, lane names, printed lines, legend, ticks) in
    :func:`families`."""
    from matplotlib.text import Text
    names = families()
    for text in fig.findobj(Text):
        text.set_fontfamily(names)
