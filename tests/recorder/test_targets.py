"""A target a spawned child cannot import -- defined in a notebook, i.e. in a
``__main__`` that is not a file -- is refused by ``record()`` before any child starts,
with a message that says to move it into a module and quotes the error the child
would really get (helpers.recorder.targets.check_importable)."""

import functools
import multiprocessing
import sys
import types

import pytest

from helpers import record
from helpers.tools.leaks import leftovers
from tests.kernels import Kernel
from tests.wording import CHILD_LACKS_G


@pytest.fixture
def notebook_main(monkeypatch):
    """A ``__main__`` like a kernel's (no ``__file__``), with a function ``g`` in it."""
    main = types.ModuleType("__main__")
    exec("def g(name='bob'):\n    print('hello', name)\n\n"
         "class NotebookProcess(multiprocessing.Process):\n"
         "    def run(self):\n        print('hi')\n", {"multiprocessing": multiprocessing},
         main.__dict__)
    for obj in (main.g, main.NotebookProcess):
        obj.__module__ = "__main__"
    monkeypatch.setitem(sys.modules, "__main__", main)
    return main


@pytest.mark.parametrize("start_method", ["spawn", "forkserver"])
def test_a_notebook_target_is_refused_with_what_to_do(notebook_main, start_method):
    ctx = multiprocessing.get_context(start_method)
    with record(show=False) as run:
        p = ctx.Process(target=notebook_main.g)
        with pytest.raises(TypeError) as raised:
            p.start()
        assert leftovers(p._parent_pid) == []  # no child was started
    message = str(raised.value)
    assert message == (
        f"target g is defined in this notebook (the kernel's __main__), which a child "
        f"started by {start_method} cannot import; it would fail with AttributeError: "
        f"{CHILD_LACKS_G}. Move g into a module "
        f"(the lessons' targets are in helpers/lessons/) and import it from there.")
    assert "start() failed: TypeError: target g is defined" in run.summary()


def test_the_default_method_partials_lambdas_and_subclasses(notebook_main, method):
    cases = {
        "partial": (multiprocessing.Process(target=functools.partial(notebook_main.g, "x")),
                    "target g is defined"),
        "lambda": (multiprocessing.Process(target=eval("lambda: None", notebook_main.__dict__)),
                   "target <lambda> is defined"),
        "subclass": (notebook_main.NotebookProcess(), "Process subclass NotebookProcess"),
    }
    for name, (p, text) in cases.items():
        with record(show=False):
            if method == "fork":  # a forked child has it all in memory: nothing to refuse
                p.start()
                p.join()
                assert p.exitcode == 0, name
                continue
            with pytest.raises(TypeError, match=text) as raised:
                p.start()
        if name == "lambda":  # pickling it fails here: that is the error quoted
            assert "PicklingError: Can't pickle <function <lambda>" in str(raised.value)


@pytest.mark.parametrize("start_method", ["spawn", "forkserver"])
def test_unrecorded_or_unchecked_the_genuine_error_happens(notebook_main, start_method):
    ctx = multiprocessing.get_context(start_method)
    p = ctx.Process(target=notebook_main.g)  # outside record(): not checked
    p.start()
    p.join()
    assert p.exitcode == 1
    with record(show=False, check_targets=False) as run:  # the lesson that shows the error
        q = ctx.Process(target=notebook_main.g)
        q.start()
        q.join()
    assert q.exitcode == 1 and run.children[0].began is None  # it never began


def test_in_a_kernel():
    kernel = Kernel("spawn")
    try:
        assert kernel.run("def g():\n    print('hello from g')")["status"] == "ok"
        reply = kernel.run("with record(show=False):\n    Process(target=g).start()")
        assert reply["status"] == "error" and reply["ename"] == "TypeError", reply
        assert reply["evalue"].startswith(
            "target g is defined in this notebook (the kernel's __main__), which a child "
            "started by spawn cannot import; it would fail with AttributeError: "
            f"{CHILD_LACKS_G}. Move g into a module")
        fork = ("with record(show=False) as run:\n"
                "    p = multiprocessing.get_context('fork').Process(target=g)\n"
                "    p.start()\n    p.join()\nassert p.exitcode == 0")
        assert kernel.run(fork)["status"] == "ok"
        assert kernel.left_behind() == ""
    finally:
        assert kernel.stop() == ""


def test_a_managers_server_is_said_as_such_the_same_under_every_method(method):
    """Its arguments hold the manager's random authkey, and its Process comes from a
    context (``[fork]``...) because multiprocessing started it, not the learner."""
    with record(show=False) as run:
        with multiprocessing.Manager() as manager:
            shared = manager.dict(a=1)
            assert shared["a"] == 1
    (lane,) = run.children
    assert lane.name == "SyncManager-1" and lane.target == "the server of a SyncManager"
    assert not lane.explicit
    assert "begin the server of a SyncManager · sys.exit(0) · exit code 0" \
        in run.summary()
