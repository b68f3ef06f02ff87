"""The recorder core: per-process event files, output capture and relay, the recording
state every hook writes through, start methods, tracebacks as a learner reads them.

Standard library only -- every recorded child imports it -- and nothing above it:
the event families (:mod:`helpers.families`) hook into ``multiprocessing`` and write
through it; the views (:mod:`helpers.view`) read what it wrote.
"""

from .methods import ENV_VAR, START_METHODS, setup, start_method_from_env
from .session import CLEANUP_BY, active, began, ended, recording

__all__ = ["CLEANUP_BY", "ENV_VAR", "START_METHODS", "active", "began", "ended", "recording",
           "setup", "start_method_from_env"]
