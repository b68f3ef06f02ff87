"""The site's own copies of require.js and the Jupyter widget manager (``static/``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path


#: Where ``make html`` installs the site's scripts (``npm ci`` in tools/site-assets).
ASSETS = Path(__file__).resolve().parent.parent / "site-assets" / "node_modules"


#: The site's own copies of the scripts, relative to a page (pages are at the top of
#: the site). ``WIDGETS_DIR`` holds ``embed-amd.js`` and the fonts its CSS loads.
STATIC = "static"


REQUIRE_JS = f"{STATIC}/require.js"


WIDGETS_DIR = f"{STATIC}/html-manager"


WIDGET_MANAGER = f"{WIDGETS_DIR}/embed-amd.js"


#: The widget modules that ``embed-amd.js`` bundles. The manager would fetch any other
#: module from a CDN at run time, so a lesson using one fails the build.
BUNDLED_WIDGET_MODULES = frozenset(
    {"@jupyter-widgets/base", "@jupyter-widgets/controls", "@jupyter-widgets/output"}
)


#: Run before the widget manager: require.js resolves the AMD modules that
#: ``embed-amd.js`` defines under ``WIDGETS_DIR``, and webpack derives the address of the
#: Font Awesome fonts from that (by default: ``@jupyter-widgets/`` beside the page, where
#: no fonts are).
REQUIRE_CONFIG = (
    "require.config({paths: {"
    f'"@jupyter-widgets": "{WIDGETS_DIR}", '
    f'"@jupyter-widgets/html-manager/dist": "{WIDGETS_DIR}"'
    "}});"
)


#: Where the widget manager would look for a widget module it does not bundle (it asks
#: a public CDN by default): a folder of the site that does not exist, so that such a
#: widget fails on the page instead of reaching out (the build rejects it anyway).
NO_WIDGET_CDN = f"{STATIC}/widgets-not-bundled/"


def copy_assets(assets: Path, out: Path) -> list[str]:
    """Copy require.js and the widget manager from ``assets`` (a ``node_modules`` folder)
    to ``<out>/static/``, which is made anew; return one line per package copied.

    From ``@jupyter-widgets/html-manager``'s ``dist/`` only ``embed-amd.js`` is taken,
    with the files it names (the hashed Font Awesome fonts its CSS loads). Raises
    ``FileNotFoundError`` when the scripts are not installed.
    """
    require_js = assets / "requirejs" / "require.js"
    embed = assets / "@jupyter-widgets" / "html-manager" / "dist" / "embed-amd.js"
    for needed in (require_js, embed):
        if not needed.is_file():
            raise FileNotFoundError(
                f"{needed} is missing: install the site's scripts with `make html` "
                "(it runs `npm ci` in tools/site-assets)"
            )
    static = out / STATIC
    if static.exists():
        shutil.rmtree(static)
    widgets = out / WIDGETS_DIR
    widgets.mkdir(parents=True)
    shutil.copyfile(require_js, out / REQUIRE_JS)
    shutil.copyfile(embed, out / WIDGET_MANAGER)
    code = embed.read_text(encoding="utf-8")
    files = sorted(
        f for f in embed.parent.iterdir()
        if f.is_file() and f != embed and f'"{f.name}"' in code
    )
    for file in files:
        shutil.copyfile(file, widgets / file.name)

    def package(folder: Path, copied: str) -> str:
        meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        return f"{meta['name']} {meta['version']}, license {meta.get('license', '?')}: {copied}"

    lines = [
        package(assets / "requirejs", REQUIRE_JS),
        package(embed.parent.parent, f"{WIDGET_MANAGER}, which bundles the standard "
                "Jupyter widgets and their dependencies"),
    ]
    fontawesome = assets / "@fortawesome" / "fontawesome-free"
    if files and (fontawesome / "package.json").is_file():
        lines.append(package(fontawesome, f"the {len(files)} font files in {WIDGETS_DIR}/"))
        if (fontawesome / "LICENSE.txt").is_file():
            shutil.copyfile(fontawesome / "LICENSE.txt", widgets / "fontawesome-LICENSE.txt")
    notice = (
        "Scripts and fonts of this site, copied from their npm packages by "
        "tools/site (pinned in tools/site-assets/package-lock.json):\n\n"
        + "".join(f"- {line}\n" for line in lines)
    )
    (static / "NOTICE.txt").write_text(notice, encoding="utf-8")
    return lines
