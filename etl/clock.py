"""What "today" is: the calendar date, or the one `$COOP_TODAY` names (ISO, `2026-06-15`).

Everything that depends on the date asks here — the demo data's years, the current-year
share of a target, the ongoing records in the calendar — so tests, demos and reproductions
can fix the date. SQL asks through the `coop_today()` macro (`etl/sql/00_calendar.sql`),
which reads the `coop_today` variable that `bind` sets on a connection.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

ENV = "COOP_TODAY"


def today() -> dt.date:
    value = os.environ.get(ENV, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{ENV}={value!r} is not an ISO date (YYYY-MM-DD)") from None


def bind(con: Any) -> Any:
    """Give a DuckDB connection the fixed date, if one is set (else SQL uses current_date).

    A variable belongs to one connection: a cursor of it must be bound again."""
    if os.environ.get(ENV, "").strip():
        con.execute(f"SET VARIABLE coop_today = DATE '{today().isoformat()}'")
    return con
