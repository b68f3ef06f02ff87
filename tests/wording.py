"""Error messages whose wording changed between the supported Pythons (3.11-3.15).

The tests compare real errors with these, so each one is written out per version, as
that Python prints it (not computed by the code under test).  The lessons' stored
outputs meet every wording through ``tests/nbval_sanitize.cfg``.
"""

import sys

NEW = sys.version_info >= (3, 12)
NEWEST = sys.version_info >= (3, 14)

# the repr of a spawned child's __main__ in "Can't get attribute 'g' on ..." (to 3.13)
CHILD_MAIN = ("<module '__main__' (<class '_frozen_importlib.BuiltinImporter'>)>" if NEW
              else "<module '__main__' (built-in)>")


def child_lacks(name: str) -> str:
    """What a spawned child of a notebook says when its target ``name`` is not in its
    ``__main__``."""
    return (f"module '__main__' has no attribute '{name}'" if NEWEST
            else f"Can't get attribute '{name}' on {CHILD_MAIN}")


CHILD_LACKS_G = child_lacks("g")
# pickle.dumps(open file)
CANNOT_PICKLE_FILE = ("cannot pickle 'TextIOWrapper' instances" if NEW
                      else "cannot pickle '_io.TextIOWrapper' object")
