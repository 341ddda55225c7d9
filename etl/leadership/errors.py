"""Why a report cannot be made: a rule plus its fields, worded at the edge (`etl.i18n`)."""

from __future__ import annotations

from etl.errors import CoopError


class ReportError(CoopError):
    """No warehouse, a year without data, an unknown unit, or no font that can write Chinese."""
