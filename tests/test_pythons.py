"""The supported Pythons, said in one voice: pyproject.toml's classifiers are the list,
and ``make supported-pythons`` (which .ci/run follows), lesson 00's check, the README
and the GitHub workflow a teacher's fork runs all say the same; actionlint passes the
workflow (``make lint`` runs it too)."""

import json
import re
import subprocess
import sys
from pathlib import Path

from helpers.lessons.l00_start_here import environment
from tests.bounds import SOON

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "test.yml"
SUPPORTED = [f"{major}.{minor}" for major, minor in environment.SUPPORTED_PYTHONS]


def test_the_list_is_the_classifiers_and_holds_this_python():
    classifiers = re.findall(r'"Programming Language :: Python :: (3\.\d+)"',
                             (ROOT / "pyproject.toml").read_text())
    assert classifiers == SUPPORTED
    assert "{}.{}".format(*sys.version_info[:2]) in SUPPORTED  # the suite runs on one of them


def test_make_says_the_same():
    done = subprocess.run(["make", "--no-print-directory", "supported-pythons",
                           f"PYTHON={sys.executable}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=SOON)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == SUPPORTED


def test_the_readme_says_the_same():
    named = ", ".join(SUPPORTED[:-1]) + " or " + SUPPORTED[-1]
    assert f"Python **{named}**" in (ROOT / "README.md").read_text()


def test_the_workflow_tests_each_of_them():
    matrix = re.search(r"^ +python: (\[.*\])$", WORKFLOW.read_text(), re.MULTILINE)
    assert json.loads(matrix.group(1)) == SUPPORTED


def test_the_workflow_and_ci_check_the_notebooks_order_on_the_newest_python():
    order = re.search(r"ORDER_CHECKS=\"\$\{\{ matrix.python == '([0-9.]+)' && '1' \|\| '' \}\}\"",
                      WORKFLOW.read_text())
    assert order and order.group(1) == SUPPORTED[-1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'newest=${supported##* }' in ci and 'ORDER_CHECKS="$order_checks"' in ci


def actionlint(path: Path) -> subprocess.CompletedProcess:
    binary = Path(sys.executable).with_name("actionlint")  # requirements.txt installs it
    return subprocess.run([str(binary), "-no-color", str(path)], capture_output=True,
                          text=True, timeout=SOON)


def test_actionlint_passes_the_workflow():
    done = actionlint(WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_finds_a_mistake_in_it(tmp_path):
    broken = tmp_path / "test.yml"
    broken.write_text(WORKFLOW.read_text().replace("matrix.python", "matrix.pyton"))
    done = actionlint(broken)
    assert done.returncode == 1 and 'property "pyton" is not defined' in done.stdout
