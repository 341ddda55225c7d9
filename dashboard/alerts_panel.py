"""提醒 Alerts panel on the Overview: the alerts `coop alerts` would list now, for the unit
filter in force (a unit shows its own alerts and its sub-units'; the whole academy shows every
alert, the academy-wide ones included). The year and scope filters do not narrow alerts: each
rule already speaks of today.

Evaluated on the server with the same rules and thresholds as `coop alerts` (read-only; it sends
nothing), cached per warehouse file, configuration file and day.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import markup, state
from dashboard.filters import Filters
from etl import clock
from etl.alerts import config as alerts_config
from etl.alerts.rules import SEVERITIES
from etl.alerts.run import current_alerts
from etl.alerts.texts import text
from etl.config import DataDir, resolve_data_dir
from etl.errors import CoopError
from etl.warehouse import read_only

COLORS = {"critical": "red", "warning": "orange", "info": "blue"}
VISIBLE_ROWS = 8  # more scroll within the panel
MAX_HEIGHT_PX = 320

FileStamp = tuple[str, int, int, int] | None


def _stamp(path: Path) -> FileStamp:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (str(path), info.st_ino, info.st_mtime_ns, info.st_size)


@st.cache_data(max_entries=64, ttl=dt.timedelta(minutes=10), show_spinner=False)
def _evaluate(root: str, warehouse: FileStamp, config: FileStamp, today: str) -> dict[str, Any]:
    """Every current alert (both languages) and each alert unit's ancestors, itself included."""
    data_dir = DataDir(Path(root))
    alerts = current_alerts(data_dir, alerts_config.load(data_dir))
    ancestors: dict[str, list[str]] = {}
    with read_only(data_dir) as con:
        if con is not None:
            rows = con.execute("SELECT unit_id, ancestor_unit_id FROM unit_closure").fetchall()
            for unit_id, ancestor in rows:
                ancestors.setdefault(unit_id, []).append(ancestor)
    listed = [
        {
            "severity": a.severity,
            "rule": a.rule,
            "unit_id": a.unit_id,
            "message_zh": a.message("zh"),
            "message_en": a.message("en"),
        }
        for a in alerts
    ]
    return {"alerts": listed, "ancestors": ancestors}


def current(filters: Filters | None) -> list[dict[str, Any]]:
    """The current alerts for these filters, most severe first."""
    data_dir = resolve_data_dir()
    found = _evaluate(
        str(data_dir.root),
        _stamp(data_dir.warehouse),
        _stamp(alerts_config.config_path(data_dir)),
        clock.today().isoformat(),
    )
    listed: list[dict[str, Any]] = found["alerts"]
    if filters is not None and filters.unit_id:
        unit = filters.unit_id
        listed = [
            a for a in listed if a["unit_id"] and unit in found["ancestors"].get(a["unit_id"], ())
        ]
    return sorted(listed, key=lambda a: SEVERITIES.index(a["severity"]))


def _line(alert: dict[str, Any], lang: str) -> str:
    """One alert as a Markdown line: severity badge, rule badge, message."""
    color = COLORS[alert["severity"]]
    severity = text(f"severity.{alert['severity']}", lang)
    rule = text(f"rule.{alert['rule']}", lang)
    message = markup.text(alert[f"message_{lang}"])  # names from the data: never Markdown
    return f":{color}-badge[{severity}] :gray-badge[{rule}] {message}"


def render(filters: Filters | None) -> None:
    lang = state.lang()
    try:
        listed = current(filters)
    except CoopError as exc:
        st.warning(text("panel.unavailable", lang, error=exc.message(lang)))
        return
    with st.container(border=True, key="alerts-panel"):
        st.markdown(f"**:material/notifications: {text('panel.title', lang)}** ({len(listed)})")
        if not listed:
            st.caption(text("panel.none", lang))
            return
        many = len(listed) > VISIBLE_ROWS
        rows = st.container(height=MAX_HEIGHT_PX, border=False) if many else st.container()
        with rows:
            for alert in listed:
                st.markdown(_line(alert, lang))
