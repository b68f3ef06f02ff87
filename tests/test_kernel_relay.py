"""In a real kernel outside pytest -- where ipykernel forwards a forked child's raw
output itself -- a recorded child's line appears exactly once, on every start method."""

import os

import pytest

from helpers.recorder import START_METHODS
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
            reply = kc.execute_interactive(source, output_hook=collect, timeout=60)
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
