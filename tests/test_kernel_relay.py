"""In a real kernel outside pytest -- where ipykernel forwards a forked child's raw
output itself -- a recorded child's line appears exactly once, on every start method."""

import os

import pytest

from helpers.recorder import START_METHODS
from tests.bounds import SOON
from tests.kernels import start_kernel

RECORDED = """
from multiprocessing import Process
from helpers import record, setup
from helpers.lessons.l01_start import targets
setup()
with record(show=False):
    p = Process(target=targets.greet, args=('once',))
    p.start()
    p.join()
"""

PLAIN = """
import multiprocessing
p = multiprocessing.get_context('fork').Process(target=targets.greet, args=('raw',))
p.start()
p.join()
"""


def run_cells(method, *sources):
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env["WORKBOOK_START_METHOD"] = method
    km, kc = start_kernel(env)
    outputs = []

    def collect(msg):
        if msg["msg_type"] == "stream":
            outputs.append(msg["content"]["text"])

    try:
        for source in sources:
            reply = kc.execute_interactive(source, output_hook=collect, timeout=SOON)
            assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)  # asked, as JupyterLab asks: tests/kernels.py
    return "".join(outputs)


@pytest.mark.parametrize("method", START_METHODS)
def test_a_recorded_line_appears_once(method):
    out = run_cells(method, RECORDED, PLAIN)
    assert out.count("hello once") == 1
    # and ipykernel's own forwarding is on here: the unrecorded fork child is seen
    assert "hello raw" in " ".join(out.split())  # its writes may come in pieces


RAISES = """
from multiprocessing import Process
from helpers import record, setup
from helpers.lessons.l01_start import targets
setup()
with record(show=False):
    p = Process(target=targets.f, args=('b', 'o', 'b'))
    p.start()
    p.join()
    print('after the join')
"""


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_childs_relayed_traceback_is_one_red_block_before_the_parents_next_line(method):
    """Issue #18: the child's traceback reaches the cell as HTML that wraps at words (red,
    as stderr is shown), with its plain text, in its place: before what the parent
    printed after the join."""
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env["WORKBOOK_START_METHOD"] = method
    km, kc = start_kernel(env)
    outputs = []

    def collect(msg):
        if msg["msg_type"] in ("stream", "display_data"):
            outputs.append((msg["msg_type"], msg["content"].get("name"),
                            msg["content"].get("text") or msg["content"]["data"]))

    try:
        reply = kc.execute_interactive(RAISES, output_hook=collect, timeout=SOON)
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    assert not [o for o in outputs if o[1] == "stderr"], outputs  # no raw stderr stream
    blocks = [i for i, o in enumerate(outputs) if o[0] == "display_data"]
    (block,) = blocks
    data = outputs[block][2]
    assert data["text/plain"].startswith("Process Process-1:\nTraceback (most recent call")
    assert data["text/plain"].endswith(
        "TypeError: f() takes 1 positional argument but 3 were given")
    assert "error-background" in data["text/html"] and "word-break: normal" in data["text/html"]
    after = [i for i, o in enumerate(outputs) if o[0] == "stream" and "after the join" in o[2]]
    assert after and after[0] > block, outputs
