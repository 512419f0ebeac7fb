"""``python -m xentlab`` is the ``xentlab`` command."""

import sys

from xentlab.cli import main

sys.exit(main())
