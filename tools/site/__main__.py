"""``python -m tools.site``: what ``make html`` runs."""

import os
import sys

from .build import main

os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet debugpy in kernels
sys.exit(main())
