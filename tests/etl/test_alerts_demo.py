"""`coop alerts` as an operator runs it: the real executable over the demo data, to a local mail
server and a local JSON webhook — twice (the second run sends nothing new), and with the
webhook down (exit 1, the mail still goes; the webhook gets what it missed once it is back)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from etl.config import DataDir
from tests.etl.alerts_servers import free_port, http_capture, smtp_server


def _coop(data_dir: DataDir, *args: str) -> tuple[int, Any, str]:
    done = subprocess.run(
        [sys.executable, "-m", "etl", *args, "--data-dir", str(data_dir.root)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    return done.returncode, json.loads(lines[-1]) if lines else None, done.stderr


def test_demo_data_twice_and_with_a_channel_down(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    assert _coop(data_dir, "demo", "--json")[0] == 0
    hook_port = free_port()
    with smtp_server() as mail:
        (data_dir.root / "alerts.toml").write_text(
            f"""lang = "en"
[[channels]]
url = "mailto://127.0.0.1:{mail.port}?from=coop@example.org&to=office@example.org"
[[channels]]
url = "json://127.0.0.1:{hook_port}/notify"
""",
            encoding="utf-8",
        )
        # The webhook is down: exit 1, it is reported, and the mail still goes.
        code, doc, err = _coop(data_dir, "alerts", "--json")
        assert code == 1
        assert doc["alerts"] and doc["sent"] == len(doc["alerts"])
        assert [f["channel"] for f in doc["failed"]] == ["json://127.0.0.1"]
        assert len(mail.messages) == 1
        for alert in doc["alerts"]:
            assert set(alert) == {"key", "rule", "severity", "unit_id", "message"}
            assert alert["message"] in mail.messages[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]

        with http_capture(hook_port) as hook:
            # Back up: the webhook gets everything it missed; the mail nothing new.
            code, doc, _ = _coop(data_dir, "alerts", "--json")
            assert (code, doc["failed"]) == (0, [])
            assert len(hook.requests) == 1 and len(mail.messages) == 1
            assert (
                hook.requests[0]
                .json()["title"]
                .startswith(f"S&T organizations dashboard: {len(doc['alerts'])} ")
            )

            # Again: nothing new for anyone.
            code, doc, _ = _coop(data_dir, "alerts", "--json")
            assert (code, doc["sent"], doc["failed"]) == (0, 0, [])
            assert len(hook.requests) == 1 and len(mail.messages) == 1

            # A dry run prints and sends nothing.
            code, doc, _ = _coop(data_dir, "alerts", "--dry-run", "--json")
            assert code == 0 and doc["dry_run"] is True and doc["sent"] == 0
            assert len(hook.requests) == 1 and len(mail.messages) == 1
