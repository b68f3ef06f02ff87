"""tests/nbval_sanitize.cfg: each rule makes the same output of 3.11 to 3.15 equal,
and none of them erases what a lesson claims (the error, the frames, the exit status)."""

import re
from pathlib import Path

import pytest
from nbval.plugin import get_sanitize_patterns

RULES = get_sanitize_patterns((Path(__file__).parent / "nbval_sanitize.cfg").read_text())


def sanitize(text: str) -> str:
    for regex, replace in RULES:
        text = re.sub(regex, replace, text)
    return text


PY311 = '''\
Traceback (most recent call last):
  File "<string>", line 1, in <module>
  File "<stdlib>/multiprocessing/spawn.py", line 122, in spawn_main
    exitcode = _main(fd, parent_sentinel)
               ^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "<stdlib>/multiprocessing/spawn.py", line 297, in _fixup_main_from_path
    main_content = runpy.run_path(main_path,
                   ^^^^^^^^^^^^^^^^^^^^^^^^^
  File "<frozen runpy>", line 291, in run_path
  File "<stdlib>/multiprocessing/spawn.py", line 140, in _check_not_importing_main
    raise RuntimeError(\'\'\'
RuntimeError: cannot pickle '_io.TextIOWrapper' object
AttributeError: Can't get attribute 'g' on <module '__main__' (built-in)>
[python exited with status 1]
'''

PY313 = '''\
Traceback (most recent call last):
  File \x1b[35m"<string>"\x1b[0m, line \x1b[35m1\x1b[0m, in \x1b[35m<module>\x1b[0m
    from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=5, pipe_handle=7)
    \x1b[31m~~~~~~~~~~\x1b[0m\x1b[1;31m^^^^^^^^^^^^^^^^^^\x1b[0m
  File "<stdlib>/multiprocessing/spawn.py", line 122, in spawn_main
    exitcode = _main(fd, parent_sentinel)
  File "<stdlib>/multiprocessing/spawn.py", line 298, in _fixup_main_from_path
    main_content = runpy.run_path(main_path,
                                  run_name="__mp_main__")
  File "<frozen runpy>", line 287, in run_path
  File "<stdlib>/multiprocessing/spawn.py", line 140, in _check_not_importing_main
    raise RuntimeError(\'\'\'
    ...<16 lines>...
    \'\'\')
RuntimeError: cannot pickle 'TextIOWrapper' instances
AttributeError: Can't get attribute 'g' on \
<module '__main__' (<class '_frozen_importlib.BuiltinImporter'>)>
[python exited with status 1]
'''


def test_the_same_traceback_of_311_and_313_reads_the_same():
    assert sanitize(PY311) == sanitize(PY313)


@pytest.mark.parametrize("claim", [
    'File "<stdlib>/multiprocessing/spawn.py", line N, in _fixup_main_from_path',
    "    main_content = runpy.run_path(main_path,\n",
    "RuntimeError: cannot pickle 'TextIOWrapper' object",
    "AttributeError: Can't get attribute 'g' on <module '__main__' (built-in)>",
    "[python exited with status 1]",
])
def test_what_a_lesson_claims_survives(claim):
    assert claim in sanitize(PY313)


def test_a_different_error_still_differs():
    assert sanitize(PY311) != sanitize(PY311.replace("attribute 'g'", "attribute 'h'"))
    assert sanitize(PY311) != sanitize(PY311.replace("status 1", "status 0"))


# The same three outputs as 3.13 and as 3.14 print them (lessons 09 and 14).
WORDINGS_313_314 = [
    ("AttributeError: Can't get attribute 'g' on "
     "<module '__main__' (<class '_frozen_importlib.BuiltinImporter'>)>",
     "AttributeError: module '__main__' has no attribute 'g'"),
    ("PicklingError: Can't pickle <function <lambda> at 0x7f2a1c3e5d00>: "
     "attribute lookup <lambda> on __main__ failed",
     "PicklingError: Can't pickle <function <lambda> at 0x7f2a1c3e5d00>: "
     "it's not found as __main__.<lambda>"),
    (r"b'\x80\x04\x95\x12\x00\x00\x00\x00\x00\x00\x00\x8c\x08__main__\x94\x8c\x01g\x94\x93\x94.'",
     r"b'\x80\x05\x95\x12\x00\x00\x00\x00\x00\x00\x00\x8c\x08__main__\x94\x8c\x01g\x94\x93\x94.'"),
]


@pytest.mark.parametrize("py313, py314", WORDINGS_313_314)
def test_what_314_words_anew_reads_as_before(py313, py314):
    assert sanitize(py313) == sanitize(py314)


@pytest.mark.parametrize("py313, py314, name, other", [
    (*WORDINGS_313_314[0], "'g'", "'h'"),
    (*WORDINGS_313_314[1], "<lambda>", "<genexpr>"),
    (*WORDINGS_313_314[2], "x01g", "x01h"),
])
def test_another_name_in_either_wording_still_differs(py313, py314, name, other):
    assert sanitize(py314) != sanitize(py314.replace(name, other))
    assert sanitize(py314) != sanitize(py313.replace(name, other))


def test_another_pickle_than_its_protocol_still_differs():
    one, _ = WORDINGS_313_314[2]
    assert sanitize(one) != sanitize(one.replace("__main__", "helpers"))
    assert "__main__\\x94\\x8c\\x01g" in sanitize(one)


def test_a_shared_memory_blocks_random_name_is_noise_its_use_is_not():
    one = "begin double_in_place('psm_d750da9e', 5) · end · exit code 0"
    other = "begin double_in_place('psm_0a1b2c3d', 5) · end · exit code 0"
    assert sanitize(one) == sanitize(other) == \
        "begin double_in_place('psm_NAME', 5) · end · exit code 0"
    assert sanitize(one) != sanitize(one.replace(", 5)", ", 6)"))



def test_a_folded_solutions_html_is_left_to_its_plain_text():
    """Its plain text is compared; its HTML holds the same text escaped (where the rules
    for tracebacks cannot read it) and pictures' bytes."""
    from helpers.view.solution import folded
    from helpers.view.text import bundle, wrapped_html
    one = folded([("stdout", "(built-in)>"), ("display", ({"image/png": b"1", "text/plain": "a"},
                                                          {})),
                  ("display", (bundle("Right: ... the whole traceback"), {}))])
    other = folded([("stdout", "(<class 'X'>)>"),
                    ("display", ({"image/png": b"2", "text/plain": "a"}, {})),
                    ("display", (bundle("Right: <details></details>"), {}))])
    assert sanitize(one["text/html"]) == sanitize(other["text/html"])
    assert "FOLDED" in sanitize(one["text/html"])
    assert sanitize(one["text/plain"]) != sanitize(other["text/plain"])
    assert "FOLDED" not in sanitize(wrapped_html("text"))


def test_text_wrapped_at_words_and_a_cut_traceback_are_left_to_their_plain_text():
    """helpers/view/text.py and terminal.py: the HTML holds the plain text escaped, and a
    whole traceback under the cut one, which differs between Pythons: neither is compared."""
    from helpers.view.terminal import _pre
    from helpers.view.text import wrapped_html
    assert sanitize(wrapped_html("Right: (built-in)>")) == sanitize(wrapped_html("Not yet: 1 < 2"))
    whole = ("<details><summary>the whole traceback</summary>"
             + _pre('  File "<stdlib>/multiprocessing/spawn.py", line {}', error=True)
             + "</details>")
    assert sanitize(whole.format(122)) == sanitize(whole.format(131))
    assert "WHOLE TRACEBACK" in sanitize(whole.format(122))
