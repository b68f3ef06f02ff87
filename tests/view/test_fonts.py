"""The timelines draw Chinese with the font the workbook ships, on any machine."""

import json
import pathlib
import unicodedata
import warnings

import noto_cjk_sans_otc
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from helpers.view import Run, fonts
from helpers.view.drawing import draw, png_bytes
from tests import synthetic

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[2] / "notebooks"
CHINESE = "子进程打印：你好，世界（守护进程结束）"


def _chinese_run() -> Run:
    events = synthetic.events()
    for event in events:
        if event["kind"] == "print" and event["text"] == "hello bob":
            event["text"] = CHINESE
    return Run(events)


def test_a_chinese_label_has_every_glyph():
    fig = draw(_chinese_run())
    assert CHINESE in [text.get_text() for text in fig.axes[0].texts]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png_bytes(fig)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []


def test_the_chinese_face_is_the_shipped_one():
    fonts.families()
    found = font_manager.findfont(font_manager.FontProperties(family=fonts.CHINESE),
                                  fallback_to_default=False)
    assert pathlib.Path(found) == pathlib.Path(str(noto_cjk_sans_otc.FONT_PATH))
    assert FT2Font(found, face_index=found.face_index).family_name \
        == fonts.CHINESE


def test_every_text_of_a_figure_uses_the_families():
    fig = draw(_chinese_run())
    texts = [*fig.axes[0].texts, *fig.axes[0].get_yticklabels(), fig.axes[0].title]
    assert all(text.get_fontfamily() == fonts.FAMILIES for text in texts)


def _lesson_characters() -> set[str]:
    """Every non-ASCII letter or symbol in the lessons' sources and stored outputs."""
    chars = set()
    for path in NOTEBOOKS.glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            texts = ["".join(cell["source"])]
            for output in cell.get("outputs", []):
                texts.append("".join(output.get("text", "")))
                texts.append("".join(output.get("data", {}).get("text/plain", "")))
            chars |= {c for text in texts for c in text
                      if ord(c) > 127 and unicodedata.category(c)[0] in "LPS"}
    return chars


def test_the_fonts_cover_every_character_the_lessons_print():
    fonts.families()
    charmaps = []
    for family in fonts.FAMILIES:
        found = font_manager.findfont(font_manager.FontProperties(family=family),
                                      fallback_to_default=False)
        charmaps.append(FT2Font(found, face_index=found.face_index).get_charmap())
    chars = _lesson_characters()
    assert any("\u4e00" <= c <= "\u9fff" for c in chars)  # the lessons do print Chinese
    missing = sorted(c for c in chars if not any(ord(c) in cmap for cmap in charmaps))
    assert missing == []
