"""``python -m partnerkit``: the ``partnerkit`` command (see :mod:`partnerkit.cli`)."""

import sys

from .cli import main

sys.exit(main())
