"""The Overview's Alerts panel and the admins' alert settings page, in AppTest over the demo."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import markup
from etl.alerts import config as alerts_config
from etl.alerts.run import current_alerts
from etl.config import DataDir
from tests.dashboard.conftest import OpenPage, no_errors
from tests.etl.alerts_servers import http_capture


def _panel(at: AppTest) -> list[str]:
    """The panel's lines: `:color-badge[severity] :gray-badge[rule] message`."""
    starts = (":red-badge[", ":orange-badge[", ":blue-badge[")
    return [
        m.value for m in at.markdown if m.value.startswith(starts) and "] :gray-badge[" in m.value
    ]


def _message(line: str) -> str:
    """The message as shown: names from the data are escaped (`markup.text`), never Markdown."""
    return line.split("] ", 2)[2]


def _page_text(at: AppTest) -> str:
    parts: list[Any] = []
    for kind in ("markdown", "caption", "success", "error", "info", "warning", "text_input"):
        parts += [getattr(e, "value", "") for e in getattr(at, kind)]
    return json.dumps([str(p) for p in parts], ensure_ascii=False)


def test_overview_lists_the_current_alerts(open_page: OpenPage, demo_dir: Path) -> None:
    expected = current_alerts(DataDir(demo_dir), alerts_config.load(DataDir(demo_dir)))
    assert expected  # the demo has targets at risk or off track
    at = open_page("overview", "en")
    no_errors(at)
    assert any("Alerts" in m.value for m in at.markdown)
    lines = _panel(at)
    assert sorted(_message(line) for line in lines) == sorted(
        markup.text(a.message("en")) for a in expected
    )
    # Most severe first.
    order = ["red", "orange", "blue"]
    colors = [line[1 : line.index("-badge")] for line in lines]
    assert colors == sorted(colors, key=order.index)
    assert any("Target progress worsened" in line for line in lines)


def test_the_unit_filter_narrows_the_panel(open_page: OpenPage, demo_dir: Path) -> None:
    alerts = current_alerts(DataDir(demo_dir), alerts_config.load(DataDir(demo_dir)))
    unit = next(a.unit_id for a in alerts if a.unit_id)
    at = open_page("overview", "zh", **{"flt.unit": unit})
    no_errors(at)
    mine = [markup.text(a.message("zh")) for a in alerts if a.unit_id == unit]
    assert mine and sorted(_message(line) for line in _panel(at)) == sorted(mine)


def test_settings_page_is_for_admins_only(open_page: OpenPage) -> None:
    from dashboard.app import pages_for

    # Admins also get Users, Settings and Alert settings.
    assert len(pages_for("admin", "en")) == len(pages_for("analyst", "en")) + 3
    at = open_page("overview", "zh", role="analyst")
    with pytest.raises(ValueError, match="navigation page"):
        at.switch_page("screens/alerts_settings.py")


def test_admin_adds_a_channel_never_sees_its_secret_and_sends_a_test(
    open_page_in: Any, private_demo_dir: Path
) -> None:
    secret = "Hk9SecretHookPath"
    open_page = open_page_in(private_demo_dir)
    with http_capture() as hook:
        at = open_page("alerts_settings", "en", role="admin")
        no_errors(at)
        url = next(i for i in at.text_input if i.label.startswith("Apprise URL"))
        url.set_value(f"json://{hook.base}/{secret}")
        next(b for b in at.button if b.label == "Add").click().run()
        no_errors(at)
        saved = tomllib.loads((private_demo_dir / "alerts.toml").read_text(encoding="utf-8"))
        assert saved["channels"] == [{"url": f"json://{hook.base}/{secret}"}]
        assert (private_demo_dir / "alerts.toml").stat().st_mode & 0o077 == 0
        at = open_page("alerts_settings", "en", role="admin")
        assert "json://127.0.0.1" in _page_text(at)
        assert secret not in _page_text(at)
        test = next(b for b in at.button if b.label == "Send a test message")
        test.click().run()
        no_errors(at)
        assert [s.value for s in at.success] == ["Test message sent to json://127.0.0.1"]
        assert len(hook.requests) == 1
        assert hook.requests[0].json()["title"] == "国际科技组织指标看板：测试消息"
        assert secret not in _page_text(at)


def test_admin_changes_a_threshold(open_page_in: Any, private_demo_dir: Path) -> None:
    at = open_page_in(private_demo_dir)("alerts_settings", "en", role="admin")
    field = next(n for n in at.number_input if n.label == "Leader term ends within (months)")
    field.set_value(6)
    next(b for b in at.button if b.label == "Save").click().run()
    no_errors(at)
    saved = tomllib.loads((private_demo_dir / "alerts.toml").read_text(encoding="utf-8"))
    assert saved["rules"] == {"leader_term_ending": {"months": 6}}
    assert saved["lang"] == "zh" and saved["alerts_after_refresh"] is True
