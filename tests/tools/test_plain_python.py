"""run_python's buffering: unbuffered by default, Python's normal buffering for a pipe
with buffered=True (lesson 08).  Its other behaviour is tested with lesson 09."""

import pytest

from helpers.tools import runner
from helpers.tools.plain_python import run_python
from tests.bounds import SOON, WHOLE_SCRIPT

# A line printed without flush, then an end that skips Python's own clean-up.
EXIT_NOW = "import os\nprint('printed')\nos._exit(0)"
KILLED = "import os, signal\nprint('printed')\nos.kill(os.getpid(), signal.SIGTERM)"
RETURNS = "print('printed')"


@pytest.mark.parametrize("code, status", [(EXIT_NOW, 0), (KILLED, -15)])
def test_a_line_not_flushed_is_lost_only_when_buffered(code, status):
    unbuffered, buffered = run_python(code), run_python(code, buffered=True)
    assert (unbuffered.output, unbuffered.returncode) == ("printed\n", status)
    assert (buffered.output, buffered.returncode) == ("", status)


def test_buffered_output_is_written_out_at_a_normal_exit():
    assert run_python(RETURNS, buffered=True).output == "printed\n"


def test_buffered_takes_back_an_unbuffered_environment(monkeypatch):
    monkeypatch.setenv("PYTHONUNBUFFERED", "1")  # the user's own setting
    assert run_python(EXIT_NOW, buffered=True).output == ""
    assert "PYTHONUNBUFFERED" not in run_python(
        "import os\nprint(sorted(os.environ))", buffered=True).output


def test_flush_and_line_buffering_write_the_line_out_when_buffered():
    flushed = EXIT_NOW.replace("print('printed')", "print('printed', flush=True)")
    line_buffered = "import sys\nsys.stdout.reconfigure(line_buffering=True)\n" + EXIT_NOW
    for code in (flushed, line_buffered):
        assert run_python(code, buffered=True).output == "printed\n"


def test_stderr_is_line_buffered_even_when_stdout_is_not():
    code = "import os, sys\nprint('on stderr', file=sys.stderr)\nos._exit(0)"
    assert run_python(code, buffered=True).output == "on stderr\n"


def test_a_child_of_the_code_is_buffered_too():
    code = f"""
        import multiprocessing as mp, os

        def child():
            print('from the child')
            os._exit(0)

        if __name__ == '__main__':
            p = mp.get_context('spawn').Process(target=child)
            p.start()
            p.join({SOON})
            print('exit code', p.exitcode)
    """
    assert run_python(code, timeout=WHOLE_SCRIPT).output == "from the child\nexit code 0\n"
    assert run_python(code, buffered=True, timeout=WHOLE_SCRIPT).output == "exit code 0\n"


def test_the_command_says_stdout_goes_to_a_pipe(capsys):
    assert run_python("pass").command == "python script.py"
    assert run_python("pass", buffered=True).command == "python script.py | cat"
    assert run_python("pass", as_file=False, buffered=True).command == (
        'python -c "$CODE" | cat    # CODE: the lines above')
    run_python(RETURNS, buffered=True).show()
    assert capsys.readouterr().out == ("$ python script.py | cat\nprinted\n"
                                       "[python exited with status 0]\n")


@pytest.mark.parametrize("buffered", [1, None, "yes"])
def test_buffered_must_be_true_or_false(buffered):
    with pytest.raises(TypeError, match="buffered must be True or False"):
        run_python("pass", buffered=buffered)


def test_python_env_stays_unbuffered():
    assert runner.python_env(helpers=False)["PYTHONUNBUFFERED"] == "1"


def test_a_traceback_has_no_colour_codes_even_where_colour_is_forced(monkeypatch):
    """A kernel's environment has FORCE_COLOR=1, which Python 3.13 obeys in every
    traceback; the lessons read (and compare) them as plain text on every Python."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    run = run_python("import threading\nt = threading.Thread(target=lambda: 1 / 0)\n"
                     "t.start()\nt.join()\n"  # (the two tracebacks one after the other)
                     "raise ValueError('plain')")
    assert "ZeroDivisionError: division by zero" in run.output
    assert "ValueError: plain" in run.output and "\x1b[" not in run.output
