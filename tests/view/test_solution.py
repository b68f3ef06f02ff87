"""%%solution (helpers/view/solution.py): a solution's outputs, folded in a closed
<details>, in the order they came, with the plain text nbval compares."""

import base64

import pytest

from helpers.view import solution


class Formatter:
    def format(self, value):
        return {"text/plain": repr(value)}, {}


class Shell:
    """What run_folded uses of IPython's shell: its display publisher and formatter."""

    def __init__(self):
        self.published = []
        self.display_pub = self
        self.display_formatter = Formatter()

    def publish(self, data, metadata=None, **kwargs):
        self.published.append(data)


def test_everything_a_solution_shows_is_folded_in_order_with_its_value_last():
    shell = Shell()
    code = ("import sys\nprint('first')\nshell.display_pub.publish({'text/plain': 'shown'})\n"
            "print('oops', file=sys.stderr)\n'Right: yes'\n")
    solution.run_folded(code, {"shell": shell}, shell)
    (bundle,) = shell.published
    assert bundle["text/plain"] == "first\nshown\noops\n'Right: yes'"
    html = bundle["text/html"]
    assert html.startswith(f"<details><summary>{solution.SUMMARY}</summary>")
    assert html.index("first") < html.index("shown") < html.index("oops") < html.index("Right")
    assert '<pre style="color: #b22222">oops' in html and "&#x27;Right: yes&#x27;" in html


def test_a_picture_is_folded_as_an_image_with_its_plain_text_as_alt():
    picture = {"image/png": b"\x89PNG", "text/plain": "<timeline>"}
    bundle = solution.folded([("display", (picture, {"image/png": {"width": 960}}))])
    assert bundle["text/plain"] == "<timeline>"
    png = base64.b64encode(b"\x89PNG").decode()
    assert (f'<img src="data:image/png;base64,{png}" alt="&lt;timeline&gt;" width="960"'
            in bundle["text/html"])  # shown as wide as outside a solution


def test_a_solution_that_fails_still_shows_what_it_printed_and_fails():
    shell = Shell()
    with pytest.raises(ZeroDivisionError):
        solution.run_folded("print('before')\n1 / 0\n", {}, shell)
    assert shell.published[0]["text/plain"] == "before"


def test_register_adds_the_cell_magic_to_a_running_ipython_once():
    from IPython.testing.globalipapp import get_ipython

    shell = get_ipython()
    solution.register()
    solution.register()  # (a lesson run twice in one kernel)
    assert solution.NAME in shell.magics_manager.magics["cell"]
    shell.run_cell("%%solution\nprint('inside')")
