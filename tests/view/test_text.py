"""Issue #18: the workbook's own text wraps at words in JupyterLab, and a script's
traceback is cut to the frames that teach, the whole one a click away."""

from helpers.view import terminal, text

SPAWNED = '''\
Traceback (most recent call last):
  File "<string>", line 1, in <module>
  File "<stdlib>/multiprocessing/spawn.py", line 122, in spawn_main
    exitcode = _main(fd, parent_sentinel)
               ^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "<frozen runpy>", line 88, in _run_code
  File "script.py", line 7, in <module>
    p.start()
  File "<stdlib>/multiprocessing/process.py", line 121, in start
    self._popen = self._Popen(self)
                  ^^^^^^^^^^^^^^^^^
  File "<stdlib>/multiprocessing/spawn.py", line 140, in _check_not_importing_main
    raise RuntimeError(\'\'\'
RuntimeError: {blank}
        An attempt has been made to start a new process before the
        current process has finished its bootstrapping phase.

child exit code: 1
'''.format(blank='')  # (Python ends the line with a space)


def test_text_is_html_that_wraps_at_words_with_the_same_plain_text():
    bundle = text.bundle("start Process-4 · join Process-4 <and> a handler")
    assert bundle["text/plain"] == "start Process-4 · join Process-4 <and> a handler"
    html = bundle["text/html"]
    assert "word-break: normal" in html and "white-space: pre-wrap" in html
    assert "break-all" not in html and "&lt;and&gt;" in html
    assert "error-background" in text.bundle("oops", error=True)["text/html"]


def test_outside_a_kernel_the_text_is_printed(capsys):
    from IPython.testing.globalipapp import get_ipython

    get_ipython()  # a terminal's IPython (no kernel) prints it too
    text.show("Right: yes")
    text.show("oops", error=True)
    out, err = capsys.readouterr()
    assert out == "Right: yes\n" and err == "oops\n"


def test_a_traceback_keeps_the_learners_frames_the_last_one_and_the_error():
    (is_traceback, first), *rest = terminal.blocks(SPAWNED)
    assert is_traceback and rest == [(False, "child exit code: 1\n")]
    short = terminal.cut(first)
    assert short.splitlines() == [
        "Traceback (most recent call last):",
        '  File "<string>", line 1, in <module>',
        "  ... 2 frames inside Python ...",
        '  File "script.py", line 7, in <module>',
        "    p.start()",
        "  ... 1 frame inside Python ...",
        '  File "<stdlib>/multiprocessing/spawn.py", line 140, in _check_not_importing_main',
        "    raise RuntimeError('''",
        "RuntimeError: ",
        "        An attempt has been made to start a new process before the",
        "        current process has finished its bootstrapping phase.",
        "",
    ]


def test_a_traceback_of_the_learners_code_only_is_left_whole():
    mine = ('Traceback (most recent call last):\n  File "script.py", line 3, in <module>\n'
            "    1 / 0\nZeroDivisionError: division by zero\n")
    assert terminal.cut(mine) == mine


def test_the_terminal_shows_the_cut_traceback_red_and_the_whole_one_folded(monkeypatch):
    shown = []
    monkeypatch.setattr(terminal, "show_bundle", shown.append)
    terminal.show_terminal("python script.py", "hello\n" + SPAWNED,
                           "script.py exited with status 0")
    (bundle,) = shown
    plain = bundle["text/plain"]
    assert plain.startswith("$ python script.py\nhello\nTraceback (most recent call last):\n")
    assert "spawn_main" not in plain and "... 2 frames inside Python ..." in plain
    assert plain.endswith("child exit code: 1\n[script.py exited with status 0]")
    html = bundle["text/html"]
    assert html.count("error-background") == 2  # the cut traceback, and the whole one
    assert "<details><summary>the whole traceback</summary>" in html
    assert html.index("spawn_main") > html.index("<details>")  # only in the folded one


class Out:
    def __init__(self, log):
        self.log = log

    def write(self, text):
        self.log.append(("out", text))

    def flush(self):
        self.log.append(("flush",))


def blocks(monkeypatch):
    log = []
    monkeypatch.setattr(text, "show", lambda t, error=False: log.append(("block", t, error)))
    return text.ErrorBlocks(Out(log)), log


def test_a_run_of_stderr_is_one_red_block_in_its_place_among_the_printed_lines(monkeypatch):
    errors, log = blocks(monkeypatch)
    errors.stdout.write("before\n")
    errors.stderr.write("Traceback (most recent call last):\n")
    errors.stderr.write("ValueError: bad\n")
    errors.stdout.write("after\n")
    errors.stderr.write("late\n")
    assert log == [("out", "before\n")]  # live until the first stderr text; then it waits
    errors.close()
    assert log == [("out", "before\n"), ("flush",),
                   ("block", "Traceback (most recent call last):\nValueError: bad", True),
                   ("out", "after\n"), ("flush",), ("block", "late", True)]


def test_after_stderr_every_thread_s_lines_wait_in_order_for_the_end(monkeypatch):
    """Nothing is shown while the recorder's locks may be held: the relay thread's
    lines and the cell's own, after a stderr line, come out when the block ends."""
    import threading

    errors, log = blocks(monkeypatch)

    def relay():
        errors.stdout.write("hello bob\n")
        errors.stderr.write("oops\n")
        errors.stdout.write("hello again\n")

    thread = threading.Thread(target=relay)
    thread.start()
    thread.join()
    errors.stdout.write("the parent\n")
    assert log == [("out", "hello bob\n")]
    errors.close()
    assert log == [("out", "hello bob\n"), ("flush",), ("block", "oops", True),
                   ("out", "hello again\nthe parent\n")]


def test_an_interrupt_while_a_block_is_shown_loses_nothing_queued(monkeypatch):
    errors, log = blocks(monkeypatch)
    errors.stderr.write("first\n")
    errors.stdout.write("between\n")
    errors.stderr.write("second\n")
    shown = []

    def interrupted(t, error=False):
        shown.append(t)
        if len(shown) == 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(text, "show", interrupted)
    try:
        errors.close()
    except KeyboardInterrupt:
        pass
    errors.close()
    assert shown == ["first", "second"] and ("out", "between\n") in log


def test_where_something_else_catches_the_output_nothing_changes(monkeypatch):
    """A %%solution cell, lesson 02's button: their capture keeps the stderr text."""
    import io
    import sys
    from contextlib import redirect_stdout

    monkeypatch.setattr(text, "in_a_kernel", lambda: True)
    with redirect_stdout(io.StringIO()):
        streams = sys.stdout, sys.stderr
        with text.errors_as_blocks():
            assert (sys.stdout, sys.stderr) == streams


def test_outside_a_kernel_errors_as_blocks_changes_nothing():
    import sys

    streams = sys.stdout, sys.stderr
    with text.errors_as_blocks():
        assert (sys.stdout, sys.stderr) == streams
