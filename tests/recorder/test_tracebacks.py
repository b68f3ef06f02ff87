"""Tracebacks as a learner reads them: machine-free paths, the same on every Python."""

import os
import sysconfig
import traceback

from helpers.recorder.tracebacks import PROJECT, format_frame, tidy


def test_tidy():
    stdlib = sysconfig.get_paths()["stdlib"]
    text = (f'File "{stdlib}/multiprocessing/process.py"\n'
            f'File "{os.path.join(PROJECT, "helpers", "lessons", "l01_start", "targets.py")}"\n'
            'File "/somewhere/x/script.py"')
    assert tidy(text, {"/somewhere/x": ""}) == ('File "<stdlib>/multiprocessing/process.py"\n'
                                               'File "helpers/lessons/l01_start/targets.py"\n'
                                               'File "script.py"')


def test_a_frame_is_its_place_and_its_first_source_line():
    def fails():
        assert 1 == 2, \
            "two lines"
    try:
        fails()
    except AssertionError as error:
        frame = traceback.extract_tb(error.__traceback__)[-1]
    assert format_frame(frame) == (f'  File "{frame.filename}", line {frame.lineno}, in fails\n'
                                   '    assert 1 == 2, \\\n')
