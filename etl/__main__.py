"""`python -m etl` is the same as `coop`."""

import sys

from etl.cli import main

sys.exit(main())
