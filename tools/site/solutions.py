"""A lesson's solutions stay folded on the site, as in JupyterLab.

In a lesson, a solution is a markdown cell ``<details><summary>Solution (click to
open; ...)</summary> the prose </details>`` followed by its ``%%solution`` code cells
(tagged ``solution``), which JupyterLab shows collapsed.  An exported page shows every
cell, so the code and what it printed would sit in plain view under a folded prose.
:func:`fold_solutions` marks the cells so that the page's template (``SOLUTION_BLOCK``)
puts the prose, the code and its output inside one closed ``<details>``.
"""

from __future__ import annotations

import re

#: A solution's markdown cell: the summary, then the prose inside one <details>.
FOLDED_PROSE = re.compile(
    r"\A\s*<details>\s*<summary>(?P<summary>.*?)</summary>(?P<prose>.*)</details>\s*\Z",
    re.DOTALL)
#: The summary's parenthesis speaks of JupyterLab's collapsed cells: the site has none.
LAB_HINT = re.compile(r"\s*\(click to open[^)]*\)\s*$")

OPENS = "site_solution_summary"  # cell metadata: open a <details> with this summary
CLOSES = "site_solution_end"  # cell metadata: close it after this cell

#: The template block (nbconvert's ``any_cell``) that opens and closes the fold.
SOLUTION_BLOCK = f"""{{%- block any_cell scoped -%}}
{{%- if cell.metadata.{OPENS} -%}}
<details class="site-solution"><summary>{{{{ cell.metadata.{OPENS} | e }}}}</summary>
{{%- endif -%}}
{{{{ super() }}}}
{{%- if cell.metadata.{CLOSES} %}}</details>{{% endif -%}}
{{%- endblock any_cell -%}}"""


def fold_solutions(nb) -> int:
    """Mark each solution of ``nb`` (in place): its markdown cell keeps only the prose
    and opens the fold, its last ``solution`` code cell closes it.  Returns how many
    solutions were folded; a markdown fold with no solution cell after it is left as
    it is (it folds only prose, which the page folds too)."""
    folded = 0
    cells = nb.cells
    for i, cell in enumerate(cells):
        found = FOLDED_PROSE.match(cell.source) if cell.cell_type == "markdown" else None
        if not found:
            continue
        end = i
        while end + 1 < len(cells) and "solution" in cells[end + 1].metadata.get("tags", []):
            end += 1
        if end == i:
            continue
        cell.source = found["prose"].strip()
        cell.metadata[OPENS] = LAB_HINT.sub(" (click to open)", found["summary"].strip())
        cells[end].metadata[CLOSES] = True
        folded += 1
    return folded
