"""``make html``: build the whole site, every lesson in parallel, and check it."""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from urllib.parse import urlsplit

from . import __doc__ as PACKAGE_DOC
from .assets import ASSETS, STATIC, copy_assets
from .lessons import read_lesson
from .links import broken_links
from .offline import remote_resources
from .pages import build_page, index_html, nav_html


def build(
    notebooks: list[Path], out: Path, jobs: int = 2, timeout: int = 300, assets: Path = ASSETS,
    execute: bool = True,
) -> int:
    """Build the site in ``out`` from ``notebooks``, with the scripts of ``assets``, each
    lesson executed (``execute=False``: with its stored outputs); print progress; return
    the exit status."""
    notebooks = sorted(set(notebooks), key=lambda p: (p.name, str(p)))
    lessons = [read_lesson(p) for p in notebooks]
    stems = [lesson.stem for lesson in lessons]
    # Lessons beside the given ones: a link to one of them is a partial build, not an error.
    known = {p.stem for folder in {p.parent for p in notebooks} for p in folder.glob("*.ipynb")}
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.html"):
        stale.unlink()
    try:
        for line in copy_assets(assets, out):
            print(f"{STATIC}/: {line}", flush=True)
    except FileNotFoundError as error:
        print(f"ERROR {error}", file=sys.stderr)
        return 1

    failures: list[str] = []
    failed: set[str] = set()
    started = time.perf_counter()
    jobs = max(1, min(jobs, len(lessons)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {}
        for i, lesson in enumerate(lessons):
            prev = lessons[i - 1] if i > 0 else None
            nxt = lessons[i + 1] if i + 1 < len(lessons) else None
            args = (
                str(lesson.path),
                str(out),
                nav_html(prev, nxt, "top"),
                nav_html(prev, nxt, "bottom"),
                stems,
                timeout,
                execute,
            )
            futures[pool.submit(build_page, *args)] = lesson
        for future in as_completed(futures):
            lesson = futures[future]
            try:
                page, run_s, export_s = future.result()
            except Exception as error:  # report every lesson's failure, then exit 1
                failures.append(f"{lesson.path}: {type(error).__name__}: {error}")
                failed.add(lesson.stem)
                print(f"FAILED {lesson.path}", flush=True)
                continue
            ran = f"executed in {run_s:.1f} s" if execute else "stored outputs"
            print(f"{page}: {ran}, exported in {export_s:.1f} s", flush=True)

    (out / "index.html").write_text(index_html(lessons, set(stems)), encoding="utf-8")
    elapsed = time.perf_counter() - started
    print(f"site: {len(lessons) - len(failures)} of {len(lessons)} lessons in {elapsed:.1f} s "
          f"({jobs} at a time) -> {out}/index.html", flush=True)

    problems = list(failures)
    for page in sorted(out.glob("*.html")):
        for remote in remote_resources(page.read_text(encoding="utf-8")):
            problems.append(f"{page.name}: loads from outside the site: {remote}")
    for page, link in broken_links(out):
        stem = Path(urlsplit(link).path).stem
        if stem in failed or (stem in known and stem not in stems):
            print(f"warning: {page} links to {link}, which is not part of this build")
        else:
            problems.append(f"{page}: broken link {link}")
    for problem in problems:
        print(f"ERROR {problem}", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.site [--out DIR] [--jobs N] [--timeout S] [--assets DIR]
    [--stored] NOTEBOOK...``."""
    parser = argparse.ArgumentParser(prog="python -m tools.site",
                                     description=PACKAGE_DOC.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path, help="lessons, in any order")
    parser.add_argument("--out", type=Path, default=Path("site"), help="output folder")
    parser.add_argument("--jobs", type=int, default=2, help="lessons executed at a time")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    parser.add_argument(
        "--assets", type=Path, default=ASSETS,
        help="node_modules with requirejs and @jupyter-widgets/html-manager "
        "(default: tools/site-assets/node_modules, installed by `make html`)",
    )
    parser.add_argument(
        "--stored", action="store_true",
        help="export each lesson's stored outputs instead of executing it (make test "
        "checks that they are what a run gives)",
    )
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.notebooks if not p.is_file()]
    if missing:
        parser.error("no such notebook: " + ", ".join(missing))
    return build(args.notebooks, args.out, jobs=args.jobs, timeout=args.timeout,
                 assets=args.assets, execute=not args.stored)
