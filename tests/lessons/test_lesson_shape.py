"""What every lesson shares (CONTRIBUTING.md): an exercise, and solutions that stay
closed until the learner opens them -- their code and what it printed."""

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9]*.ipynb"))


def _hidden(cell, what: str) -> bool:
    return cell.metadata.get("jupyter", {}).get(what, False)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_solutions_are_collapsed_code_and_output(path):
    cells = nbformat.read(path, as_version=4).cells
    assert any(c.cell_type == "markdown" and "## Exercise" in c.source for c in cells)
    solutions = [c for c in cells if c.cell_type == "code" and _hidden(c, "source_hidden")]
    assert solutions, "no collapsed solution cell"
    shown = [c.source.splitlines()[0] for c in solutions if not _hidden(c, "outputs_hidden")]
    assert not shown, f"solution cells whose output (the answer) is on show: {shown}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_solution_runs_folded_so_run_all_shows_no_answer(path):
    """``%%solution`` (helpers/view/solution.py): its first line is all a collapsed cell
    shows, and its stored output is the answer inside a closed <details> (plus the
    plain text nbval compares), never an output of its own."""
    cells = nbformat.read(path, as_version=4).cells
    solutions = [c for c in cells if c.cell_type == "code" and _hidden(c, "source_hidden")]
    for cell in solutions:
        assert cell.source.startswith("%%solution\n"), cell.source.splitlines()[0]
        assert len(cell.outputs) == 1, [o.get("output_type") for o in cell.outputs]
        html = cell.outputs[0].get("data", {}).get("text/html", "")
        assert html.startswith("<details><summary>") and "<details open" not in html


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_test_suites_own_marks_stay_out_of_what_a_learner_reads(path):
    """nbval's markers go in cell tags (``nbval-ignore-output``), never in the code as
    comments, and the prose does not speak of the test suite."""
    cells = nbformat.read(path, as_version=4).cells
    marked = [c.source.splitlines()[0] for c in cells
              if c.cell_type == "code" and "NBVAL_" in c.source]
    assert not marked, f"nbval comment markers in code: {marked}"
    told = [c.source[:60] for c in cells if c.cell_type == "markdown"
            and ("test suite" in c.source.lower() or "nbval" in c.source.lower())]
    assert not told, f"prose that speaks of the tests: {told}"
