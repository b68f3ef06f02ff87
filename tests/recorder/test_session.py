from tests.bounds import SOON


def test_cpythons_reentrant_tracker_warning_is_kept_out_of_the_cells_and_no_other():
    """cpython#131788: noise that lands in whichever cell runs when the garbage collector
    finalizes a lock (the message it warns about is sent anyway); any other warning of
    the resource tracker still shows."""
    import subprocess
    import sys

    code = ("import warnings, helpers\n"
            "warnings.warn('ResourceTracker called reentrantly for resource cleanup, which is"
            " unsupported. The semaphore object /mp-x might leak.')\n"
            "warnings.warn('resource_tracker: There appear to be 1 leaked semaphore objects')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=SOON)
    assert "reentrantly" not in done.stderr and "1 leaked semaphore" in done.stderr
