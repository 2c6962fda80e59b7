"""``python -m reader`` is the same as ``reader``."""

import sys

from .cli import main

sys.exit(main())
