"""Lesson 09 (start methods): its target, raw stderr capture, plain Python runs, the
start-up chart and the exercise checks."""

import functools
import multiprocessing
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from matplotlib.figure import Figure

from helpers import record
from helpers.lessons.l09_start_methods import checks, startup, targets
from helpers.tools.plain_python import run_python
from helpers.tools.raw_output import captured, raw_stderr
from tests.bounds import SOON
from tests.wording import CHILD_LACKS_G, child_lacks

# -- the target ---------------------------------------------------------------------------------


def test_return_at_once_begins_and_ends_in_a_child(method):
    with record(show=False) as run:
        p = multiprocessing.Process(target=targets.return_at_once)
        p.start()
        p.join()
    (child,) = run.children
    assert child.requested < child.began <= child.ended <= child.exited
    assert child.prints == [] and child.exitcode == 0


# -- raw_output ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fd", [1, 2])
def test_captured_keeps_what_a_spawned_child_writes_to_the_descriptor(fd):
    before = os.fstat(fd)
    with captured(fd) as out:
        p = multiprocessing.get_context("spawn").Process(target=os.write,
                                                         args=(fd, "子进程 wrote\n".encode()))
        p.start()
        p.join()
    assert p.exitcode == 0 and out.text == "子进程 wrote\n"
    after = os.fstat(fd)
    assert (after.st_dev, after.st_ino) == (before.st_dev, before.st_ino)  # restored


def test_raw_stderr_keeps_a_spawned_childs_start_up_error_with_tidy_paths(cell_function):
    with raw_stderr() as err:
        p = multiprocessing.get_context("spawn").Process(target=cell_function, args=("bob",))
        p.start()
        p.join()
    assert p.exitcode == 1
    assert err.text.strip().splitlines()[-1] == f"AttributeError: {child_lacks('shout')}"
    assert 'File "<stdlib>/multiprocessing/spawn.py"' in err.text
    assert sys.base_prefix not in err.text


def test_captured_show_prints_to_the_matching_stream(capsys):
    with captured(2) as err:
        os.write(2, b"raw\n")
    with captured(1) as out:
        os.write(1, b"plain\n")
    err.show()
    out.show()
    assert capsys.readouterr() == ("plain\n", "raw\n")


def test_captured_takes_only_stdout_or_stderr():
    with pytest.raises(ValueError, match="fd must be 1"):
        with captured(0):
            pass


# -- plain_python -------------------------------------------------------------------------------

CELL_LIKE = """
import multiprocessing

def g():
    print('hello from g')

if __name__ == '__main__':
    p = multiprocessing.get_context('spawn').Process(target=g)
    p.start()
    p.join()
    print('exit code:', p.exitcode)
"""


def test_a_spawned_child_cannot_find_a_target_of_python_c():
    result = run_python(CELL_LIKE, as_file=False)
    assert result.returncode == 0 and result.command.startswith('python -c "$CODE"')
    assert result.output.endswith(
        f"AttributeError: {CHILD_LACKS_G}\n"
        "exit code: 1\n")


def test_a_spawned_child_finds_a_target_of_a_script_file():
    result = run_python(CELL_LIKE)
    assert (result.command, result.output, result.returncode) == (
        "python script.py", "hello from g\nexit code: 0\n", 0)


def test_run_python_output_has_no_machine_paths_and_keeps_the_exit_status():
    result = run_python("import os\nraise SystemExit(os.path.abspath('data.txt') + ' 退出')")
    assert result.returncode == 1
    assert result.output == "data.txt 退出\n"  # the temporary folder's path was made relative


def test_run_python_shows_like_a_terminal(capsys):
    run_python("print('hi')").show()
    assert capsys.readouterr().out == ("$ python script.py\nhi\n"
                                       "[python exited with status 0]\n")


def test_run_python_starts_with_no_start_method_chosen():
    code = "import multiprocessing as mp\nprint(mp.get_start_method(allow_none=True))"
    assert run_python(code).output == "None\n"


def test_run_python_kills_code_that_runs_too_long():
    with pytest.raises(TimeoutError, match="did not end within 0.5 s"):
        run_python("import time\ntime.sleep(30)", timeout=0.5)


@pytest.mark.parametrize("code, timeout, error", [
    (None, 1, TypeError), (b"print(1)", 1, TypeError), ("pass", 0, ValueError),
    ("pass", "1", TypeError),  # a wrong type, as for every helper
])
def test_run_python_rejects_bad_arguments(code, timeout, error):
    with pytest.raises(error):
        run_python(code, timeout=timeout)


def newer_python():
    """A Python 3.12+ to run, from WORKBOOK_NEWER_PYTHON or the PATH; None if none runs."""
    names = [os.environ.get("WORKBOOK_NEWER_PYTHON"), "python3.14", "python3.13", "python3.12"]
    for name in filter(None, names):
        path = shutil.which(name)
        if path is None:
            continue
        check = "import sys; print(sys.version_info >= (3, 12))"
        try:
            done = subprocess.run([path, "-c", check], capture_output=True, text=True,
                                  timeout=SOON)
        except OSError:
            continue
        if done.returncode == 0 and done.stdout.strip() == "True":
            return path
    return None


THREADED_FORK = """
import threading, time, warnings
from multiprocessing import get_context

warnings.simplefilter('default')

if __name__ == '__main__':
    threading.Thread(target=time.sleep, args=(0.5,)).start()
    p = get_context('fork').Process(target=time.sleep, args=(0.1,))
    p.start()
    p.join()
    print('exit code:', p.exitcode)
"""


def test_forking_with_threads_is_silent_before_python_3_12():
    if sys.version_info >= (3, 12):
        pytest.skip("this Python warns")
    assert run_python(THREADED_FORK).output == "exit code: 0\n"


def test_forking_with_threads_warns_from_python_3_12():
    python = sys.executable if sys.version_info >= (3, 12) else newer_python()
    if python is None:
        pytest.skip("no Python 3.12+ here (set WORKBOOK_NEWER_PYTHON to one)")
    output = run_python(THREADED_FORK, python=python).output
    assert "DeprecationWarning: This process (pid=" in output
    assert "is multi-threaded, use of fork() may lead to deadlocks in the child." in output


# -- startup ------------------------------------------------------------------------------------

TIMES = {"fork": [(0.003, 0.004), (0.002, 0.003), (0.100, 0.101)],
         "forkserver": [(0.025, 0.027), (0.030, 0.031), (0.020, 0.022)],
         "spawn": [(0.050, 0.060), (0.055, 0.064), (0.001, 0.002)]}


def test_medians_and_the_fastest_method():
    assert startup.medians(TIMES) == {"fork": (0.003, 0.004), "forkserver": (0.025, 0.027),
                                      "spawn": (0.050, 0.060)}
    assert startup.fastest(TIMES) == "fork"  # by median: one quick spawn does not count
    assert startup.fastest({"spawn": [(0.05, 0.06)]}) == "spawn"


def test_chart_has_a_row_per_method_and_a_tick_per_run():
    fig = startup.chart(TIMES)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    assert [label.get_text() for label in ax.get_yticklabels()] == list(TIMES)
    ticks = [line for line in ax.lines if line.get_marker() == "|"]
    assert sum(len(line.get_xdata()) for line in ticks) == 2 * 3 * 3
    assert "median of 3 runs" in ax.get_title()


def test_chart_labels_each_median_at_the_end_of_its_own_bar():
    (ax,) = startup.chart(TIMES).axes  # fork's slowest run (100 ms) is far from its bar
    ends = {(round(bar.get_x() + bar.get_width(), 6), round(bar.get_y() + bar.get_height() / 2, 6))
            for bar in ax.patches}
    labels = {text.get_text(): text.xy for text in ax.texts}
    assert len(labels) == len(ends) == 2 * 3
    assert {(round(x, 6), round(y, 6)) for x, y in labels.values()} == ends
    assert labels["3.0 ms"] == pytest.approx((3.0, -0.18))  # fork, to the target


@pytest.mark.parametrize("times", [{}, None, {"fork": []}, {"fork": [(0.1,)]}])
def test_startup_rejects_malformed_times(times):
    with pytest.raises(ValueError):
        startup.fastest(times)


# -- check_default_methods -----------------------------------------------------------------------

RIGHT_DEFAULTS = {"Windows": "spawn", "macOS, Python 3.13": "spawn",
                  "Linux, Python 3.13": "fork", "Linux, Python 3.14": "forkserver"}


def test_default_methods_agree_with_this_python():
    here = multiprocessing.get_all_start_methods()[0]
    if sys.platform.startswith("linux"):
        key = "Linux, Python 3.14" if sys.version_info >= (3, 14) else "Linux, Python 3.13"
    elif sys.platform == "darwin" and sys.version_info >= (3, 8):
        key = "macOS, Python 3.13"
    elif sys.platform == "win32":
        key = "Windows"
    else:
        pytest.skip(f"no answer of the exercise is about {sys.platform}")
    assert checks.DEFAULT_METHODS[key] == here


def test_default_methods_right():
    verdict = checks.check_default_methods(dict(RIGHT_DEFAULTS))
    assert verdict and repr(verdict).startswith("Right: spawn on Windows")


@pytest.mark.parametrize("key, wrong, hint", [
    ("Windows", "fork", "Windows has no fork()"),
    ("macOS, Python 3.13", "fork", "since Python 3.8 its default is spawn"),
    ("Linux, Python 3.13", "forkserver", "up to Python 3.13 Linux forks"),
    ("Linux, Python 3.14", "fork", "Python 3.14 changed Linux's default"),
])
def test_default_methods_wrong_answers_get_a_hint(key, wrong, hint):
    verdict = checks.check_default_methods({**RIGHT_DEFAULTS, key: wrong})
    assert not verdict and hint in repr(verdict)
    assert repr(verdict).count(";") == 0  # only the wrong platform is named


@pytest.mark.parametrize("answer, hint", [
    (None, "answer with a dict of the keys"),
    ("spawn", "answer with a dict of the keys"),
    ({"Windows": "spawn"}, "answer with a dict of the keys"),
    ({**RIGHT_DEFAULTS, "Linux, Python 3.14": None}, "not yet done for ['Linux, Python 3.14']"),
    ({**RIGHT_DEFAULTS, "Windows": "Spawn"}, "not yet done for ['Windows']"),
    ({**RIGHT_DEFAULTS, "Windows": ["spawn"]}, "not yet done for ['Windows']"),
])
def test_default_methods_malformed_answers(answer, hint):
    verdict = checks.check_default_methods(answer)
    assert not verdict and hint in repr(verdict)


# -- check_spawn_targets --------------------------------------------------------------------------

@pytest.fixture
def cell_function():
    """``shout``, defined in ``__main__`` the way a notebook cell defines a function:
    pickle finds it there, but a spawned child's ``__main__`` does not have it."""
    main = vars(sys.modules["__main__"])
    exec(textwrap.dedent("""
        def shout(name):
            print(name.upper())
    """), main)
    yield main["shout"]
    del main["shout"]


LAMBDA = lambda name: print(name)  # noqa: E731 (a lambda has no name of its own to pickle)


@pytest.fixture
def candidates(cell_function):
    return {"a": targets.greet, "b": cell_function, "c": LAMBDA,
            "d": print, "e": functools.partial(targets.greet)}


def test_spawn_outcomes(candidates, capfd):
    outcomes = checks.spawn_outcomes(candidates)
    assert {key: outcome for key, (outcome, _) in outcomes.items()} == {
        "a": "ran", "b": "child failed", "c": "start failed", "d": "ran", "e": "ran"}
    assert outcomes["b"][1] == f"AttributeError: {child_lacks('shout')}"
    assert outcomes["c"][1].startswith("PicklingError: Can't pickle <function <lambda>")
    assert capfd.readouterr() == ("", "")  # the children's lines and errors stayed out


def test_spawn_targets_right(candidates):
    verdict = checks.check_spawn_targets({"a", "d", "e"}, candidates)
    assert verdict
    assert repr(verdict).startswith("Right: a, d, e ran under spawn; b failed (in the child: "
                                    f"AttributeError: {child_lacks('shout')})")
    assert "c failed (at start(): PicklingError" in repr(verdict)


@pytest.mark.parametrize("answer, hints", [
    ({"a", "b", "d", "e"}, ["b: the child started, but could not find its target"]),
    (["a", "c", "d", "e"], ["c: start() raised PicklingError", "has no name to look up"]),
    (("a", "d"), ["e ran: the child could import it"]),
    (set(), ["a ran:", "d ran:", "e ran:"]),
])
def test_spawn_targets_wrong_answers_get_a_hint(candidates, answer, hints):
    verdict = checks.check_spawn_targets(answer, candidates)
    assert not verdict
    for hint in hints:
        assert hint in repr(verdict)


@pytest.mark.parametrize("answer, hint", [
    (None, "answer with a set of keys"),
    ("ade", "answer with a set of keys"),
    ({"a": True}, "answer with a set of keys"),
    ([["a"]], "put only keys (strings) in the set"),
    ({"a", "z"}, "choose among the keys ['a', 'b', 'c', 'd', 'e']"),
])
def test_spawn_targets_malformed_answers(candidates, answer, hint):
    verdict = checks.check_spawn_targets(answer, candidates)
    assert not verdict and hint in repr(verdict)


@pytest.mark.parametrize("bad", [None, [], {}, {1: print}, "candidates"])
def test_spawn_targets_needs_the_candidates(bad):
    verdict = checks.check_spawn_targets({"a"}, bad)
    assert not verdict and "pass the candidates too" in repr(verdict)
