"""`python -m troubleshooter access|limits|check-username` (see troubleshooter.cli)."""

import sys

from .cli import main

sys.exit(main())
