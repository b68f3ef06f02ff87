"""Screenshots of lessons in a real JupyterLab, from a real run: ``make screenshot``.

``python -m tools.lab.screenshots OUT SHOT...`` starts ``make lab``
(:func:`tools.lab.session.running_lab`), opens each lesson named in the shots in
headless Chromium at 1400x900 -- the file browser open, as ``make lab`` leaves it --
clears its outputs, runs all its cells, and saves one PNG per shot.  A shot is
``LESSON:CELL`` (the cell's index among all the lesson's cells, scrolled to the top of
the notebook) or ``LESSON:CELL:BUTTON`` (then the button of that text in the cell is
pressed first, and its run waited for): ``02_join:19:start the children``.

Chromium draws the lessons' Chinese with the font the workbook ships for matplotlib
(``noto-cjk-sans-otc``), given to it through fontconfig: most machines have no CJK
font, and a screenshot of boxes would show nothing of the article's lines.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

from .session import PANEL, ROOT, chromium, lesson_facts, run_all_cells, running_lab

VIEWPORT = {"width": 1400, "height": 900}
BUTTON_TIMEOUT = 60  # s: a button's run, its children included
STATUS_IS = "cell => /\\bSTATE\\b/.test(document.querySelector('#jp-main-statusbar').innerText)"


def use_the_workbooks_cjk_font(folder: Path) -> None:
    """Make fontconfig (hence Chromium) find the CJK font that ``requirements.txt``
    installs, besides the system's fonts."""
    from noto_cjk_sans_otc import FONT_PATH

    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{Path(FONT_PATH).parent}</dir>\n</fontconfig>\n")
    os.environ["FONTCONFIG_FILE"] = str(config)


def parse(shot: str) -> tuple[str, int, str | None]:
    lesson, cell, *button = shot.split(":", 2)
    return lesson, int(cell), (button[0] if button else None)


def take(page, lesson: str, cell: int, button: str | None, path: Path) -> None:
    """Scroll cell ``cell`` to the top (pressing ``button`` in it first) and save the
    page as ``path``."""
    target = page.locator(f"{PANEL} .jp-Cell").nth(cell)
    if button is not None:
        target.locator("button", has_text=button).click()
        try:  # the kernel takes the run (it may be over before this looks)
            page.wait_for_function(STATUS_IS.replace("STATE", "Busy"), timeout=5000)
        except Exception:  # noqa: BLE001 (playwright's TimeoutError: it was quick)
            pass
        page.wait_for_function(STATUS_IS.replace("STATE", "Idle") + " && cell.querySelector('img')",
                               arg=target.element_handle(), timeout=BUTTON_TIMEOUT * 1000,
                               polling=500)
        time.sleep(0.5)
    target.evaluate("cell => cell.scrollIntoView({block: 'start'})")
    time.sleep(0.3)
    save(page.screenshot(), path)
    print(f"{path}: {lesson}, cell {cell}" + (f", after pressing {button!r}" if button else ""))


def save(png: bytes, path: Path) -> None:
    """``png`` in a palette of 256 colours: a page is text and a few flat colours, and a
    third of the bytes is what a README's picture should cost."""
    from PIL import Image

    Image.open(io.BytesIO(png)).convert("RGB").quantize(256).save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.lab.screenshots",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder the PNGs go to")
    parser.add_argument("shots", nargs="+", help="LESSON:CELL[:BUTTON], e.g. 01_start:8")
    parser.add_argument("--prefix", default="", help="put before each PNG's name")
    args = parser.parse_args(argv)
    shots = [parse(shot) for shot in args.shots]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="workbook-shots-") as folder:
        use_the_workbooks_cjk_font(Path(folder))  # (before Chromium starts: it reads it then)
        with running_lab(Path(folder)) as lab, chromium() as browser:
            page = browser.new_page(viewport=VIEWPORT)
            opened = None
            for lesson, cell, button in shots:
                if lesson != opened:
                    path = ROOT / "notebooks" / f"{lesson}.ipynb"
                    n_code, n_images = lesson_facts(path)
                    run_all_cells(page, lab.base, lab.token, n_code, n_images, [], path)
                    opened = lesson
                name = f"{args.prefix}{lesson}-cell{cell}{'-pressed' if button else ''}.png"
                try:
                    take(page, lesson, cell, button, args.out / name)
                except Exception:
                    page.screenshot(path=str(args.out / name.replace(".png", "-failed.png")))
                    raise
        if lab.left:
            print("make lab left processes running:", *lab.left, sep="\n", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
