"""The recorder core: per-process event files, output capture and relay, the recording
state every hook writes through, start methods, tracebacks as a learner reads them.

Standard library only -- every recorded child imports it -- and nothing above it:
the event families (:mod:`helpers.families`) hook into ``multiprocessing`` and write
through it; the views (:mod:`helpers.view`) read what it wrote.
"""

import warnings

from .methods import ENV_VAR, START_METHODS, setup, start_method_from_env
from .session import CLEANUP_BY, active, began, ended, recording

# CPython's resource tracker warns when the garbage collector finalizes a lock while the
# tracker is busy registering another (cpython#131788, made safe in 3.13.7): it sends
# the message anyway, nothing leaks, and the warning lands in whichever cell runs then
# -- a lesson's second run in one kernel, say (make test's rerun, fork, 3.12).
TRACKER_REENTRANT = "ResourceTracker called reentrantly for resource cleanup"
warnings.filterwarnings("ignore", message=TRACKER_REENTRANT, category=UserWarning)

__all__ = ["CLEANUP_BY", "ENV_VAR", "START_METHODS", "active", "began", "ended", "recording",
           "setup", "start_method_from_env"]
