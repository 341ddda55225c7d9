"""`python -m etl` is the same as `coop`."""

from etl.cli import entry

entry()
