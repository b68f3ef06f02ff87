"""``make bench``'s scripts stay importable: they run only when someone asks for figures,
so a helper they use that is renamed would otherwise break them unseen (it did:
``hooks.Quiet`` became ``hooks.quietly``)."""

import subprocess
import sys

import pytest

from tests.bounds import SOON
from tests.notebook_runs import ROOT


@pytest.mark.parametrize("script", ["bench", "echo_bench", "suite_time"])
def test_a_bench_script_imports(script):
    result = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, 'bench'); import {script}"],
        cwd=ROOT, capture_output=True, text=True, timeout=SOON)
    assert result.returncode == 0, result.stderr
