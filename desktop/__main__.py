"""`python -m desktop`: the same as the `ogi` command."""

import sys

from desktop.cli import main

sys.exit(main())
