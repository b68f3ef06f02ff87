"""One package per notebook, named after it: ``l02_join`` is ``notebooks/02_join.ipynb``.

Each has ``targets.py`` -- what its children run: light, since a spawned child imports
it to find its target -- and ``checks.py``, its exercises' checks (parent side), and
any module of its own that the lesson shows (``l05_isolation/isolation.py``) or uses
(``l06_daemon/daemons.py``).  A later lesson's targets re-export the earlier ones it
runs (``from ..l01_start.targets import greet``), so each notebook imports one
``targets``.  The next lesson adds a package here and touches nothing else.
"""
