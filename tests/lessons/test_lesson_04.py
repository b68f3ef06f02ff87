"""Lesson 04 (subclassing Process): its classes behave as the lesson says, on every
start method, and its exercise checks accept right answers and hint at wrong ones."""

import os
import re
from multiprocessing import Process

import pytest

from helpers import record
from helpers.lessons.l04_subclassing import checks, targets
from tests.wording import CANNOT_PICKLE_FILE


def texts(lane):
    return [p.text for p in lane.prints]


def test_start_makes_the_child_call_run(method):
    with record(show=False) as run:
        p = targets.MyProcess("wupeiqi")
        p.start()
        p.join()
    (child,) = run.children
    assert child.name == "wupeiqi" and child.target == "MyProcess.run()"
    assert texts(child) == [f"pid {child.pid}", "wupeiqi 正在和女主播聊天"]
    assert child.pid != os.getpid() and child.exitcode == 0


def test_run_called_directly_runs_in_this_process(method):
    with record(show=False) as run:
        targets.MyProcess("yuanhao").run()
    assert run.children == []
    assert texts(run.lanes[0]) == [f"pid {os.getpid()}", "yuanhao 正在和女主播聊天"]


def test_name_set_before_super_init_is_overwritten(method):
    with record(show=False) as run:
        p = targets.Myprocess("哪吒")
        assert p.name == "Myprocess-1"  # record() restarted the counter
        p.start()
        p.join()
    (child,) = run.children
    assert child.name == "Myprocess-1"
    assert texts(child) == ["Myprocess-1正在和网红脸聊天"] * 2


@pytest.mark.parametrize("cls, name", [(targets.MyprocessSuperFirst, "哪吒"),
                                       (targets.MyprocessPerson, "MyprocessPerson-1")])
def test_the_two_fixes(method, cls, name):
    with record(show=False) as run:
        p = cls("哪吒")
        p.start()
        p.join()
    (child,) = run.children
    assert child.name == name and p.name == name
    assert texts(child) == ["哪吒正在和网红脸聊天"] * 2 and child.exitcode == 0


def test_forgetting_super_init_fails_at_start():
    p = targets.MyprocessNoSuper("哪吒")
    with pytest.raises(AttributeError, match="_closed"):
        p.start()


def test_an_open_file_attribute_breaks_start_unless_forked(method):
    """Spawn and forkserver pickle the Process in the parent's start(); fork copies it."""
    with open(os.devnull, "w") as log:
        p = targets.MyProcess("哪吒")
        p.log = log
        if method == "fork":
            p.start()
            p.join()
            assert p.exitcode == 0
        else:
            with pytest.raises(TypeError, match=re.escape(CANNOT_PICKLE_FILE)):
                p.start()


# -- exercise 1: predict the names ---------------------------------------------------

def test_fresh_names_counts_every_process_and_puts_the_counter_back():
    before = Process()._identity[-1]
    assert checks.fresh_names() == ["Myprocess-1", "哪吒", "MyprocessPerson-3"]
    assert Process()._identity[-1] == before + 1


@pytest.mark.parametrize("answer", [["Myprocess-1", "哪吒", "MyprocessPerson-3"],
                                    ("Myprocess-1", " 哪吒 ", "MyprocessPerson-3")])
def test_names_right(answer):
    verdict = checks.check_names(answer)
    assert verdict and repr(verdict).startswith("Right: a is 'Myprocess-1'")


@pytest.mark.parametrize("answer, hint", [
    (None, "a list of three strings"),
    ("Myprocess-1", "a list of three strings"),
    (["Myprocess-1", "哪吒"], "a list of three strings"),
    ([1, 2, 3], "a list of three strings"),
    (["哪吒", "哪吒", "哪吒"], "*before* super().__init__()"),
    (["Myprocess-2", "哪吒", "MyprocessPerson-3"], "the block restarts it at 1"),
    (["Myprocess-1", "MyprocessSuperFirst-2", "MyprocessPerson-3"], "*after* super().__init__()"),
    (["Myprocess-1", "哪吒", "哪吒"], "self.person"),
    (["Myprocess-1", "哪吒", "MyprocessPerson-1"], "counts every Process object made"),
    (["Myprocess-1", "哪吒", "Process-3"], "its class's name"),
])
def test_names_wrong(answer, hint):
    verdict = checks.check_names(answer)
    assert not verdict
    assert repr(verdict).startswith("Not yet: ") and hint in repr(verdict)


# -- exercise 2: what cannot be pickled ------------------------------------------------

def test_unpicklable_options_are_found_by_pickling():
    assert checks.unpicklable_options() == {"b", "c"}


@pytest.mark.parametrize("answer", [{"b", "c"}, "b, c", ["C", "b"], frozenset("bc"),
                                    "b and c", " B,C ", "b c", ("b", " c ")])
def test_unpicklable_right(answer):
    verdict = checks.check_unpicklable(answer)
    assert verdict and repr(verdict).startswith("Right: b and c cannot be pickled")


@pytest.mark.parametrize("answer, hint", [
    (None, "a set of letters"),
    (3, "a set of letters"),
    ({1, 2}, "a set of letters"),
    ({"b", "e"}, "choose among the letters"),
    ("b and e", "choose among the letters"),
    ("bc", "one letter for each line that fails"),
    ("b & c", "one letter for each line that fails"),
    ({"b c"}, "one letter for each line that fails"),
    ("", "one letter for each line that fails"),
    ({"b"}, "c) a threading.Lock"),
    ({"c"}, "b) an open file"),
    ({"a", "b", "c"}, "a) a str is plain data"),
    ("b c d", "d) a list of str"),
])
def test_unpicklable_wrong(answer, hint):
    verdict = checks.check_unpicklable(answer)
    assert not verdict
    assert repr(verdict).startswith("Not yet: ") and hint in repr(verdict)


@pytest.mark.parametrize("answer", [set(), [], (), frozenset()])
def test_unpicklable_none_is_a_prediction(answer):
    """Predicting that none fails gets the hints of those that do."""
    verdict = checks.check_unpicklable(answer)
    assert not verdict
    assert repr(verdict) == f"Not yet: b) {checks.UNPICKLABLE_HINTS['b']}; " \
                            f"c) {checks.UNPICKLABLE_HINTS['c']}"
