"""Lesson 00 (start here): its environment check, its first cell when helpers is
missing, its map of the lessons, and its exercise check."""

import re
import subprocess
import sys
from multiprocessing import Process
from pathlib import Path

import nbformat
import pytest

from helpers import record
from helpers.lessons.l00_start_here import checks, environment, targets
from helpers.view import Run
from tests import synthetic
from tests.bounds import SOON

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
LESSON = NOTEBOOKS / "00_start_here.ipynb"


def cells(kind):
    return [cell.source for cell in nbformat.read(LESSON, as_version=4).cells
            if cell.cell_type == kind]


# -- the environment check -------------------------------------------------------------------

def test_check_says_all_set_in_the_projects_venv(capsys):
    assert environment.check() is True
    out = capsys.readouterr().out
    assert "MISSING" not in out and out.rstrip().endswith("All set.")
    for name in ["helpers", *environment.NEEDED]:
        assert re.search(rf"^{name} +ok \(", out, re.MULTILINE)


def test_check_names_a_missing_package_and_says_what_to_do(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # makes `import ipywidgets` fail
    assert list(environment.missing()) == ["ipywidgets"]
    assert environment.check() is False
    out = capsys.readouterr().out
    assert re.search(r"^ipywidgets +MISSING: \w*Error: import of ipywidgets halted", out,
                     re.MULTILINE)
    assert re.search(r"^psutil +ok", out, re.MULTILINE)
    assert "run `make lab` in the project folder" in out and "All set." not in out


def test_check_wants_a_supported_python(monkeypatch, capsys):
    monkeypatch.setattr(environment, "SUPPORTED_PYTHONS", ((99, 0), (99, 1)))
    assert environment.check() is False
    out = capsys.readouterr().out
    assert "Python 99.0, 99.1 (each tested with every lesson): False" in out
    assert "make lab" in out and "All set." not in out


def test_check_runs_on_a_newer_python_with_a_warning(monkeypatch, capsys):
    monkeypatch.setattr(environment, "SUPPORTED_PYTHONS", ((3, 0), (3, 1)))
    assert environment.check() is True
    out = capsys.readouterr().out
    assert "(each tested with every lesson): False" in out
    assert "newer than the workbook is tested on" in out and "All set." in out


def test_first_cell_explains_a_kernel_without_helpers():
    first = cells("code")[0]
    code = "import sys\nsys.modules['helpers'] = None\n" + first  # `import helpers` fails
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=SOON)
    assert done.returncode == 0, done.stderr
    assert re.match(r"\w*Error: import of helpers halted", done.stdout)
    assert "does not run the project's .venv" in done.stdout and "`make lab`" in done.stdout


def test_first_cell_runs_the_check_and_setup_when_helpers_is_there():
    done = subprocess.run([sys.executable, "-c", cells("code")[0]], capture_output=True,
                          text=True, timeout=SOON)
    assert done.returncode == 0, done.stderr
    assert "All set." in done.stdout and "Start method: " in done.stdout


def test_the_map_links_every_lesson():
    text = "\n".join(cells("markdown"))
    linked = set(re.findall(r"\]\((\d\d_\w+\.ipynb)\)", text))
    lessons = {path.name for path in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")} - {LESSON.name}
    assert linked == lessons


# -- check_timeline_reading -------------------------------------------------------------------

@pytest.fixture(scope="module")
def exercise_run():
    """The exercise's two children: one naps, one raises at once (no name to greet)."""
    with record(show=False) as run:
        p1 = Process(target=targets.sleep_then_hello, args=("alice", 0.5))
        p2 = Process(target=targets.greet)
        p1.start()
        p2.start()
        p1.join()
        p2.join()
    return run


RIGHT = {"processes": 3, "ran longest": "Process-1", "Process-2 exit code": 1}


def test_facts_of_the_exercise_run(exercise_run):
    assert checks.timeline_facts(exercise_run) == RIGHT


def test_timeline_reading_right(exercise_run):
    verdict = checks.check_timeline_reading(dict(RIGHT), exercise_run)
    assert verdict and repr(verdict) == ("Right: 3 lanes, one per process; Process-1's bar is "
                                         "the longest; Process-2's square says exit 1.")


@pytest.mark.parametrize("change, hint", [
    ({"processes": 2}, "processes: count the lanes"),
    ({"processes": "3"}, "processes: answer with a whole number"),
    ({"processes": 3.5}, "processes: answer with a whole number"),
    ({"processes": 2.0}, "processes: count the lanes"),
    ({"ran longest": "Process-2"}, "ran longest: the thick blue bar"),
    ({"Process-2 exit code": 0}, "Process-2 exit code: read the label"),
    ({"Process-2 exit code": True}, "Process-2 exit code: answer with a whole number"),
    ({"Process-2 exit code": "exit 1"}, "Process-2 exit code: answer with a whole number"),
    ({"ran longest": 1}, "ran longest: answer with a process's name"),
    ({"ran longest": "Process 1"}, "ran longest: answer with a process's name"),
    ({"processes": None}, "replace None with your answer for ['processes']"),
])
def test_timeline_reading_wrong_answers_get_a_hint(exercise_run, change, hint):
    verdict = checks.check_timeline_reading({**RIGHT, **change}, exercise_run)
    assert not verdict
    assert repr(verdict).startswith("Not yet: ") and hint in repr(verdict)


@pytest.mark.parametrize("change", [{"processes": 3.0}, {"Process-2 exit code": 1.0},
                                    {"ran longest": " Process-1 "}])
def test_timeline_reading_right_in_another_form(exercise_run, change):
    """A float that is a whole number counts as one."""
    assert checks.check_timeline_reading({**RIGHT, **change}, exercise_run)


@pytest.mark.parametrize("name, spelled", [("process-1", "Process-1"), ("PROCESS-2", "Process-2"),
                                           ("mainprocess", "MainProcess")])
def test_timeline_reading_a_name_spelled_otherwise(exercise_run, name, spelled):
    """The learner read a name right but wrote it differently: say so, not "compare the bars"."""
    verdict = checks.check_timeline_reading({**RIGHT, "ran longest": name}, exercise_run)
    assert repr(verdict) == ("Not yet: ran longest: write the name as the timeline shows it: "
                             f"{spelled!r}")


@pytest.mark.parametrize("answer", [None, 3, "Process-1", [], {}, {"processes": 3},
                                    {**RIGHT, "extra": 1}])
def test_timeline_reading_malformed_answers(exercise_run, answer):
    verdict = checks.check_timeline_reading(answer, exercise_run)
    assert not verdict and "answer with a dict of the keys" in repr(verdict)


@pytest.mark.parametrize("run, hint", [
    (None, "pass the run the exercise recorded too"),
    ("run", "pass the run the exercise recorded too"),
    (Run(), "run the exercise's recording cell again"),
    (Run(synthetic.events()[:3]), "run the exercise's recording cell again"),
])
def test_timeline_reading_without_the_exercise_run(run, hint):
    verdict = checks.check_timeline_reading(dict(RIGHT), run)
    assert not verdict and hint in repr(verdict)
