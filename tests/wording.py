"""Error messages whose wording changed between the supported Pythons (3.11-3.13).

The tests compare real errors with these, so each one is written out per version, as
that Python prints it (not computed by the code under test).  The lessons' stored
outputs meet both wordings through ``tests/nbval_sanitize.cfg``.
"""

import sys

NEW = sys.version_info >= (3, 12)

# the repr of a spawned child's __main__ in "Can't get attribute 'g' on ..."
CHILD_MAIN = ("<module '__main__' (<class '_frozen_importlib.BuiltinImporter'>)>" if NEW
              else "<module '__main__' (built-in)>")
# pickle.dumps(open file)
CANNOT_PICKLE_FILE = ("cannot pickle 'TextIOWrapper' instances" if NEW
                      else "cannot pickle '_io.TextIOWrapper' object")
