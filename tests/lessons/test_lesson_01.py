"""Exercise self-checks: right answers pass, wrong ones get a hint, never a crash."""

from multiprocessing import Process

import pytest

from helpers.lessons.l01_start import checks, targets


def test_right_answer(capsys):
    verdict = checks.check_greet_alice(Process(target=targets.greet, args=("alice",)))
    assert verdict and repr(verdict).startswith("Right: the child printed 'hello alice'")
    assert capsys.readouterr().out == "hello alice\n"  # the child's line, relayed


@pytest.mark.parametrize("answer", [
    Process(target=targets.greet, kwargs={"name": "alice"}),  # lesson 01 teaches kwargs too
    Process(target=targets.greet, args=["alice"]),
])
def test_any_call_equivalent_to_greet_alice_is_right(answer):
    verdict = checks.check_greet_alice(answer)
    assert verdict and repr(verdict).startswith("Right: the child printed 'hello alice'")


@pytest.mark.parametrize("answer, hint", [
    (None, "set `answer` to a Process"),
    (42, "`answer` is a int"),
    (Process(target=targets.greet, args="alice"), "trailing comma"),
    (Process(target=None), "pass the function itself"),
    (Process(target=targets.f, args=("alice",)), "the target is f"),
    (Process(target=targets.greet, args=("bob",)), "it should be greet('alice')"),
    (Process(target=targets.greet, args=("alice", 1)), "it should be greet('alice')"),
    (Process(target=targets.greet, kwargs={"name": "bob"}), "it should be greet('alice')"),
    (Process(target=targets.greet, kwargs={"who": "alice"}), "it should be greet('alice')"),
    (Process(target=targets.greet, args=("alice",), kwargs={"name": "alice"}),
     "it should be greet('alice')"),
])
def test_wrong_answers_get_a_hint(answer, hint):
    verdict = checks.check_greet_alice(answer)
    assert not verdict
    assert repr(verdict).startswith("Not yet: ") and hint in repr(verdict)


def test_started_answer():
    p = Process(target=targets.greet, args=("alice",))
    p.start()
    p.join()
    verdict = checks.check_greet_alice(p)
    assert not verdict and "leave `answer` unstarted" in repr(verdict)


@pytest.mark.parametrize("answer, ok", [("parent", True), (" Parent ", True), ("child", False),
                                        (None, False), (1, False), (["parent"], False)])
def test_first_line(answer, ok):
    verdict = checks.check_first_line(answer)
    assert bool(verdict) is ok
    assert repr(verdict).startswith("Right: " if ok else "Not yet: ")
