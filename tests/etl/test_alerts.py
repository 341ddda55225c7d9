"""`coop alerts`: the rules over a small warehouse loaded through the real pipeline, delivery to
a local SMTP server and local HTTP servers (JSON webhook, WeCom, DingTalk, Feishu robots), once
per change, a channel that is down, secrets, and the hook after `coop refresh`.

"Today" is the suite's fixed date (2026-06-15) unless a test sets another one, measured from the
load times the warehouse recorded (never from the machine's calendar).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import duckdb
import pytest

from etl.cli import main
from etl.config import DataDir
from tests.etl.alerts_servers import free_port, http_capture, smtp_server

UNITS = """unit_id,name_zh,name_en,parent_unit_id
HQ,总部,Headquarters,
U1,第一研究所,First Institute,HQ
U2,第二研究所,Second Institute,HQ
U3,第三研究所,Third Institute,HQ
"""
ORGS = """org_id,name_en,name_zh,acronym,scope,field,hq_country,ror_id,founded_year
ORG1,International Union One,第一国际联合会,IU1,comprehensive,,FR,,1950
ORG2,International Society Two,第二国际学会,IS2,specialized,,US,,1970
"""
POSTS = """post_id,person_name,person_id,unit_id,org_id,position,level,start_date,end_date
P1,张三,,U1,ORG1,主席,leader,2022-01-01,2027-01-31
P2,李四,,U1,ORG2,秘书长,leader,2022-01-01,2026-12-31
P3,王五,,U1,ORG2,秘书长,leader,2027-01-01,
P4,赵六,,U2,ORG1,副主席,leader,2022-01-01,2028-06-01
P5,钱七,,U2,ORG2,委员,committee,2022-01-01,2026-09-01
"""
MEMBERSHIPS = """membership_id,unit_id,org_id,member_type,person_name,status,start_date,end_date,annual_fee,currency
M1,U1,ORG1,institutional,,intended,,,,
M2,U2,ORG2,institutional,,active,2020-01-01,,,
"""
TARGETS = """year,indicator,unit_id,target
2026,posts_held,,100
2026,posts_held,U2,3
2026,posts_leader,U1,2
"""


def _write(folder: Path, name: str, content: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def _coop(data_dir: DataDir, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code = main([*args, "--data-dir", str(data_dir.root), "--json"])
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if ln.startswith("{")]
    return code, json.loads(lines[-1]) if lines else None


def _config(data_dir: DataDir, text: str) -> None:
    _write(data_dir.root, "alerts.toml", text)


def _keys(doc: dict[str, Any]) -> set[str]:
    return {a["key"] for a in doc["alerts"]}


def _last_load(data_dir: DataDir) -> dt.date:
    con = duckdb.connect(str(data_dir.warehouse), read_only=True)
    try:
        row = con.execute("SELECT max(finished_at) FROM load_runs WHERE status = 'accepted'")
        return row.fetchone()[0].date()  # type: ignore[index]
    finally:
        con.close()


@pytest.fixture(scope="module")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    """Four units, two organizations, five posts, two memberships, three targets, loaded once
    per module through the real pipeline."""
    root = tmp_path_factory.mktemp("alerts-small")
    data_dir = DataDir(root / "data")
    inbox = root / "in"
    for name, content in (
        ("units.csv", UNITS),
        ("organizations.csv", ORGS),
        ("posts.csv", POSTS),
        ("memberships.csv", MEMBERSHIPS),
        ("targets.csv", TARGETS),
    ):
        _write(inbox, name, content)
    code = main(["load", str(inbox), "--data-dir", str(data_dir.root), "--json"])
    assert code == 0
    return data_dir


@pytest.fixture
def small(small_template: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> DataDir:
    """A private copy of the small warehouse (with its archive) for one test."""
    capsys.readouterr()
    data_dir = DataDir(tmp_path / "data")
    shutil.copytree(small_template.root, data_dir.root)
    return data_dir


@pytest.fixture
def webhook() -> Iterator[Any]:
    with http_capture() as capture:
        yield capture


# ---- the rules


def test_rules_on_a_small_warehouse(small: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = _coop(small, capsys, "alerts", "--dry-run")
    assert code == 0
    by_key = {a["key"]: a for a in doc["alerts"]}
    # 4 posts in force in 2026 against 100 (off track); U2: 2 posts where the line from last
    # year's 2 to the target 3 stands at 2.45 with 45 % of the year gone (at risk: ≥ 80 % of
    # expected); U1's 2 leader posts meet their target of 2.
    assert set(by_key) == {
        "target_worse:2026:*:posts_held",
        "target_worse:2026:U2:posts_held",
        "leader_term_ending:P1",
    }
    assert by_key["target_worse:2026:*:posts_held"]["severity"] == "critical"
    assert by_key["target_worse:2026:*:posts_held"]["unit_id"] is None
    assert by_key["target_worse:2026:U2:posts_held"]["severity"] == "warning"
    assert by_key["target_worse:2026:U2:posts_held"]["unit_id"] == "U2"
    # P2 ends this year too but P3 succeeds it; P4 ends beyond 12 months; P5 is no leader post.
    leader = by_key["leader_term_ending:P1"]
    assert leader["unit_id"] == "U1"
    assert "2027-01-31" in leader["message"] and "IU1" in leader["message"]
    assert set(doc) >= {"alerts", "sent", "failed"} and doc["sent"] == 0


def test_messages_in_both_languages(small: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    main(["alerts", "--dry-run", "--lang", "zh", "--data-dir", str(small.root)])
    zh = capsys.readouterr().out
    main(["alerts", "--dry-run", "--lang", "en", "--data-dir", str(small.root)])
    en = capsys.readouterr().out
    assert "全院：2026 年“任职数”目标 100，当前 4" in zh and "偏离目标" in zh
    assert "第一研究所：张三 在 第一国际联合会 的领导职务“主席”将于 2027-01-31 到期" in zh
    assert "The academy: 2026 target for “Posts held” is 100, now 4" in en and "off track" in en
    assert "at risk" in en


def test_leader_threshold_comes_from_the_configuration(
    small: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    _config(small, "[rules.leader_term_ending]\nmonths = 6\n")
    assert "leader_term_ending:P1" not in _keys(_coop(small, capsys, "alerts", "--dry-run")[1])
    _config(small, "[rules.leader_term_ending]\nmonths = 24\n")
    keys = _keys(_coop(small, capsys, "alerts", "--dry-run")[1])
    assert {"leader_term_ending:P1", "leader_term_ending:P4"} <= keys


def test_units_silent_after_the_date(
    small: DataDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOP_TODAY", "2026-06-30")
    assert not any(
        k.startswith("unit_silent") for k in _keys(_coop(small, capsys, "alerts", "--dry-run")[1])
    )
    monkeypatch.setenv("COOP_TODAY", "2026-07-01")
    keys = _keys(_coop(small, capsys, "alerts", "--dry-run")[1])
    # U1 (P2 ends in 2026) and U2 (P5 ends in 2026) have records dated this year.
    assert {k for k in keys if k.startswith("unit_silent")} == {
        "unit_silent:2026:HQ",
        "unit_silent:2026:U3",
    }
    _config(small, '[rules.unit_silent]\nby = "08-01"\n')
    assert not any(
        k.startswith("unit_silent") for k in _keys(_coop(small, capsys, "alerts", "--dry-run")[1])
    )


def test_no_accepted_load_for_days(
    small: DataDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    last = _last_load(small)
    monkeypatch.setenv("COOP_TODAY", (last + dt.timedelta(days=29)).isoformat())
    assert "load_stale" not in _keys(_coop(small, capsys, "alerts", "--dry-run")[1])
    monkeypatch.setenv("COOP_TODAY", (last + dt.timedelta(days=30)).isoformat())
    doc = _coop(small, capsys, "alerts", "--dry-run", "--lang", "en")[1]
    stale = next(a for a in doc["alerts"] if a["key"] == "load_stale")
    assert "No accepted load for 30 days" in stale["message"]
    _config(small, "[rules.load_stale]\ndays = 60\n")
    assert "load_stale" not in _keys(_coop(small, capsys, "alerts", "--dry-run")[1])


def test_intention_unchanged_is_measured_from_the_load_that_set_its_status(
    small: DataDir,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = _last_load(small)
    # The same list again, one more item: M1 keeps its status, so its date does not move.
    again = MEMBERSHIPS + "M3,U2,ORG1,institutional,,applying,,,,\n"
    _coop(small, capsys, "load", str(_write(tmp_path / "again", "memberships.csv", again)))
    monkeypatch.setenv("COOP_TODAY", (first + dt.timedelta(days=200)).isoformat())
    doc = _coop(small, capsys, "alerts", "--dry-run", "--lang", "en")[1]
    stale = {a["key"]: a for a in doc["alerts"] if a["rule"] == "intention_stale"}
    assert set(stale) == {"intention_stale:M1", "intention_stale:M3"}
    assert f"since {first.isoformat()}" in stale["intention_stale:M1"]["message"]
    monkeypatch.setenv("COOP_TODAY", (first + dt.timedelta(days=150)).isoformat())
    doc = _coop(small, capsys, "alerts", "--dry-run")[1]
    assert not [a for a in doc["alerts"] if a["rule"] == "intention_stale"]


def test_a_rejected_refresh_names_its_quarantine_and_first_errors(
    small: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = POSTS.replace("2027-01-31", "31/31/2027")
    _write(small.incoming, "posts.csv", bad)
    code, _ = _coop(small, capsys, "refresh")
    assert code == 1
    doc = _coop(small, capsys, "alerts", "--dry-run", "--lang", "en")[1]
    rejected = [a for a in doc["alerts"] if a["rule"] == "refresh_rejected"]
    assert len(rejected) == 1
    run_id = rejected[0]["key"].split(":", 1)[1]
    assert rejected[0]["severity"] == "critical"
    assert f"quarantine/{run_id}/" in rejected[0]["message"]
    assert "posts.csv row 2 end_date" in rejected[0]["message"]
    assert (small.quarantine / run_id).is_dir()
    # A later accepted refresh settles it.
    _write(small.incoming, "posts.csv", POSTS.replace("钱七", "孙八"))
    assert _coop(small, capsys, "refresh")[0] == 0
    doc = _coop(small, capsys, "alerts", "--dry-run")[1]
    assert not [a for a in doc["alerts"] if a["rule"] == "refresh_rejected"]


# ---- channels


def test_mail_and_webhook_once_per_change(
    small: DataDir,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    webhook: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COOP_PUBLIC_URL", "https://coop.example.org")
    with smtp_server() as mail:
        _config(
            small,
            f"""lang = "en"
[[channels]]
url = "mailto://127.0.0.1:{mail.port}?from=coop@example.org&to=leaders@example.org"
[[channels]]
url = "json://{webhook.base}/hook"
rules = ["target_worse"]
""",
        )
        code, doc = _coop(small, capsys, "alerts")
        assert code == 0 and doc["failed"] == []
        assert doc["sent"] == 3
        assert len(mail.messages) == 1 and len(webhook.requests) == 1
        message = mail.messages[0]
        assert message["Subject"] == "S&T organizations dashboard: 3 new alert(s)"
        body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert "• [critical] The academy: 2026 target for “Posts held” is 100" in body
        assert "leader post “主席” at International Union One (IU1) ends on 2027-01-31" in body
        assert "Dashboard: https://coop.example.org/" in body
        posted = webhook.requests[0].json()
        assert posted["title"] == "S&T organizations dashboard: 2 new alert(s)"  # its rule only
        assert "leader post" not in posted["message"]

        # Second run: nothing new, nothing sent.
        code, doc = _coop(small, capsys, "alerts")
        assert (code, doc["sent"]) == (0, 0)
        assert len(mail.messages) == 1 and len(webhook.requests) == 1

        # A state change (U2 at risk → off track) is sent again, alone.
        _coop(
            small,
            capsys,
            "load",
            str(_write(tmp_path / "t", "targets.csv", TARGETS.replace("U2,3", "U2,10"))),
        )
        code, doc = _coop(small, capsys, "alerts")
        assert (code, doc["sent"]) == (0, 1)
        assert len(mail.messages) == 2 and len(webhook.requests) == 2
        assert "now 2 (20% done" in webhook.requests[1].json()["message"]
        assert "off track" in webhook.requests[1].json()["message"]


def test_a_channel_down_fails_alone_and_is_retried(
    small: DataDir,
    capsys: pytest.CaptureFixture[str],
    webhook: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    down = free_port()  # nothing listens there: connection refused
    secret = "Zq7SecretPathToken"
    _config(
        small,
        f"""[[channels]]
url = "json://127.0.0.1:{down}/{secret}"
[[channels]]
url = "json://{webhook.base}/ok"
""",
    )
    assert main(["alerts", "--lang", "en", "--data-dir", str(small.root)]) == 1
    human = capsys.readouterr()
    code, doc = _coop(small, capsys, "alerts")
    assert code == 1
    assert [f["channel"] for f in doc["failed"]] == ["json://127.0.0.1"]
    assert doc["failed"][0]["alerts"] == 3 and doc["sent"] == 0  # the good one got them before
    assert len(webhook.requests) == 1  # the first (human) run delivered to the good channel
    assert "Sending to json://127.0.0.1 failed (retried on the next run)" in human.out

    # A 5xx answer is a failure too; once the channel is back, it gets what it missed.
    webhook.status = 500
    _config(
        small,
        f"""[[channels]]
url = "json://{webhook.base}/{secret}"
""",
    )
    code, doc = _coop(small, capsys, "alerts")
    assert code == 1 and doc["failed"][0]["alerts"] == 3
    webhook.status = 200
    code, doc = _coop(small, capsys, "alerts")
    assert (code, doc["sent"]) == (0, 3)
    code, doc = _coop(small, capsys, "alerts")
    assert (code, doc["sent"]) == (0, 0)

    log = (small.root / "logs" / "alerts.log").read_text(encoding="utf-8")
    assert "failed channel=json://127.0.0.1" in log
    state = (small.root / "alerts-state.json").read_text(encoding="utf-8")
    for place in (log, state, caplog.text, human.out, human.err, json.dumps(doc)):
        assert secret not in place


def test_state_file_is_private_and_survives_a_rebuild(
    small: DataDir, capsys: pytest.CaptureFixture[str], webhook: Any
) -> None:
    _config(small, f'[[channels]]\nurl = "json://{webhook.base}/x"\n')
    assert _coop(small, capsys, "alerts")[1]["sent"] == 3
    path = small.root / "alerts-state.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _coop(small, capsys, "rebuild")[0] == 0
    assert _coop(small, capsys, "alerts")[1]["sent"] == 0
    assert len(webhook.requests) == 1


def test_dry_run_sends_nothing_and_keeps_no_state(
    small: DataDir, capsys: pytest.CaptureFixture[str], webhook: Any
) -> None:
    _config(small, f'[[channels]]\nurl = "json://{webhook.base}/x"\n')
    code, doc = _coop(small, capsys, "alerts", "--dry-run")
    assert code == 0 and doc["sent"] == 0 and doc["dry_run"] is True
    keys = [a["key"] for a in doc["alerts"]]
    assert doc["would_send"] == [{"channel": "json://127.0.0.1", "alerts": keys}]
    assert webhook.requests == []
    assert not (small.root / "alerts-state.json").exists()
    assert _coop(small, capsys, "alerts")[1]["sent"] == 3


# ---- the chat robots, at a local server (their plugins' `notify_url` points there)


def _chat_config(data_dir: DataDir, url: str) -> None:
    _config(data_dir, f'lang = "zh"\n[[channels]]\nurl = "{url}"\nrules = ["leader_term_ending"]\n')


LEADER_LINE = "• [警告] 第一研究所：张三 在 第一国际联合会 的领导职务“主席”将于 2027-01-31 到期，尚无该单位在该组织的后续领导职务记录"
TITLE = "国际科技组织指标看板：1 条新提醒"


def test_wecom_robot_body(
    small: DataDir,
    capsys: pytest.CaptureFixture[str],
    webhook: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from apprise.plugins.wecombot import NotifyWeComBot

    monkeypatch.setattr(
        NotifyWeComBot, "notify_url", f"http://{webhook.base}/cgi-bin/webhook/send?key={{key}}"
    )
    _chat_config(small, "wecombot://Wk3yABCdef123")
    code, doc = _coop(small, capsys, "alerts")
    assert (code, doc["sent"]) == (0, 1)
    (request,) = webhook.requests
    assert request.path == "/cgi-bin/webhook/send" and request.query == {"key": ["Wk3yABCdef123"]}
    assert request.json() == {"msgtype": "text", "text": {"content": f"{TITLE}\r\n{LEADER_LINE}"}}
    assert "Wk3yABCdef123" not in json.dumps(doc)


def test_dingtalk_robot_body_and_signature(
    small: DataDir,
    capsys: pytest.CaptureFixture[str],
    webhook: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from apprise.plugins.dingtalk import NotifyDingTalk

    monkeypatch.setattr(
        NotifyDingTalk, "notify_url", f"http://{webhook.base}/robot/send?access_token={{token}}"
    )
    monkeypatch.setenv("COOP_TEST_DING_SECRET", "SECf00dcafe42")
    _chat_config(small, "dingtalk://${COOP_TEST_DING_SECRET}@tok3n99/")
    code, doc = _coop(small, capsys, "alerts")
    assert (code, doc["sent"]) == (0, 1)
    (request,) = webhook.requests
    assert request.path == "/robot/send" and request.query["access_token"] == ["tok3n99"]
    assert request.json() == {
        "msgtype": "text",
        "at": {"atMobiles": [], "isAtAll": False},
        "text": {"content": f"{TITLE}\r\n{LEADER_LINE}"},
    }
    # DingTalk's signature: base64(HMAC-SHA256(secret, "<timestamp>\n<secret>")).
    timestamp = request.query["timestamp"][0]
    digest = hmac.new(b"SECf00dcafe42", f"{timestamp}\nSECf00dcafe42".encode(), hashlib.sha256)
    assert unquote(request.query["sign"][0]) == base64.b64encode(digest.digest()).decode()
    assert "SECf00dcafe42" not in json.dumps(doc)


def test_feishu_robot_body(
    small: DataDir,
    capsys: pytest.CaptureFixture[str],
    webhook: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from apprise.plugins.feishu import NotifyFeishu

    monkeypatch.setattr(
        NotifyFeishu, "notify_url", f"http://{webhook.base}/open-apis/bot/v2/hook/{{token}}/"
    )
    _chat_config(small, "feishu://fe1shuT0ken")
    code, doc = _coop(small, capsys, "alerts")
    assert (code, doc["sent"]) == (0, 1)
    (request,) = webhook.requests
    assert request.path == "/open-apis/bot/v2/hook/fe1shuT0ken/"
    assert request.json() == {"msg_type": "text", "content": {"text": f"{TITLE}\r\n{LEADER_LINE}"}}


# ---- configuration


def test_bad_configuration_is_one_clear_message(
    small: DataDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COOP_TEST_UNSET_VAR", raising=False)
    _config(small, "[rules.load_stale]\ndays = -3\n")
    code = main(["alerts", "--lang", "en", "--data-dir", str(small.root)])
    err = capsys.readouterr().err
    assert code == 2
    assert "alerts.toml: rules.load_stale.days = -3 is invalid; expected a positive integer" in err
    _config(small, '[[channels]]\nurl = "json://${COOP_TEST_UNSET_VAR}/x"\n')
    code, doc = _coop(small, capsys, "alerts")
    assert code == 1 and "COOP_TEST_UNSET_VAR" in doc["failed"][0]["error"]
    _config(small, 'lang = "fr"\n')
    assert main(["alerts", "--lang", "en", "--data-dir", str(small.root)]) == 2
    assert "lang = 'fr' is invalid; expected zh or en" in capsys.readouterr().err


def test_configuration_named_by_the_environment(
    small: DataDir,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    webhook: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    elsewhere = _write(
        tmp_path / "etc", "coop-alerts.toml", f'[[channels]]\nurl = "json://{webhook.base}/x"\n'
    )
    monkeypatch.setenv("COOP_ALERTS_CONFIG", str(elsewhere))
    assert _coop(small, capsys, "alerts")[1]["sent"] == 3
    assert len(webhook.requests) == 1


def test_masking_shows_scheme_and_host_only() -> None:
    from etl.alerts.config import mask

    assert (
        mask("mailtos://me:pa55w0rd@smtp.example.org:465?to=a@b.org")
        == "mailtos://smtp.example.org"
    )
    assert mask("json://hooks.example.org/abc/def?token=1") == "json://hooks.example.org"
    assert mask("wecombot://SECRETKEY") == "wecombot://…"
    assert mask("dingtalk://SECRET@TOKEN/") == "dingtalk://…"
    assert mask("feishu://TOKEN") == "feishu://…"


# ---- after `coop refresh`


def test_refresh_runs_the_alerts_unless_switched_off(
    small: DataDir, capsys: pytest.CaptureFixture[str], webhook: Any
) -> None:
    _config(small, f'alerts_after_refresh = false\n[[channels]]\nurl = "json://{webhook.base}/x"\n')
    assert _coop(small, capsys, "refresh")[0] == 0
    assert webhook.requests == []
    _config(small, f'[[channels]]\nurl = "json://{webhook.base}/x"\n')
    code, report = _coop(small, capsys, "refresh")
    assert code == 0 and report["status"] == "unchanged"  # stdout stays one JSON report
    assert len(webhook.requests) == 1
    # A rejected refresh: its own alert goes out right after it, and the exit code is the load's.
    _write(small.incoming, "posts.csv", POSTS.replace("2027-01-31", "not a date"))
    code, report = _coop(small, capsys, "refresh")
    assert code == 1 and report["status"] == "rejected"
    assert len(webhook.requests) == 2
    message = webhook.requests[1].json()["message"]  # lang defaults to 中文
    assert "的定时载入" in message and "被拒绝" in message and "posts.csv 第 2 行" in message


def test_an_alerts_failure_does_not_change_the_refresh_exit_code(
    small: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    _config(small, f'[[channels]]\nurl = "json://127.0.0.1:{free_port()}/x"\n')
    code = main(["refresh", "--data-dir", str(small.root)])
    captured = capsys.readouterr()
    assert code == 0
    assert "127.0.0.1" in captured.err
    _config(small, "this is not toml = = =\n")
    code = main(["refresh", "--lang", "en", "--data-dir", str(small.root)])
    assert code == 0
    assert "Alerts failed (the load is not affected)" in capsys.readouterr().err
    assert "error after refresh" in (small.root / "logs" / "alerts.log").read_text(encoding="utf-8")


def test_a_digest_longer_than_a_wecom_message_goes_in_parts(
    webhook: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from apprise.plugins.wecombot import NotifyWeComBot

    from etl.alerts.config import Channel
    from etl.alerts.deliver import send

    monkeypatch.setattr(
        NotifyWeComBot, "notify_url", f"http://{webhook.base}/cgi-bin/webhook/send?key={{key}}"
    )
    lines = [f"• [警告] 第 {i} 条：" + "长" * 60 for i in range(60)]
    delivery = send(
        Channel("wecombot://Wk3yABCdef123"), "标题", "\n".join(lines), tmp_path / "a.toml"
    )
    assert delivery.ok
    contents = [r.json()["text"]["content"] for r in webhook.requests]
    assert len(contents) > 1
    assert all(len(c) <= 2048 for c in contents)
    joined = "".join(contents)
    assert all(line in joined for line in lines[:1] + lines[-1:])


def test_a_whole_url_from_an_environment_variable(
    small: DataDir,
    capsys: pytest.CaptureFixture[str],
    webhook: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = "Pq4WholeUrlSecret"
    monkeypatch.setenv("COOP_TEST_HOOK_URL", f"json://{webhook.base}/{secret}")
    _config(small, '[[channels]]\nurl_env = "COOP_TEST_HOOK_URL"\n')
    code = main(["alerts", "--lang", "en", "--data-dir", str(small.root)])
    out = capsys.readouterr().out
    assert code == 0 and len(webhook.requests) == 1
    assert webhook.requests[0].path == f"/{secret}"
    assert "Sent to ${COOP_TEST_HOOK_URL}: 3 alert(s)" in out and secret not in out
    _config(small, '[[channels]]\nurl_env = "not a name"\n')
    assert main(["alerts", "--lang", "en", "--data-dir", str(small.root)]) == 2
    assert "channels[1].url_env = 'not a name' is invalid" in capsys.readouterr().err


def test_the_readme_example_configuration_is_valid() -> None:
    import re
    import tomllib

    from etl.alerts.config import parse

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Alerts / 提醒", 1)[1]
    example = re.search(r"```toml\n(.*?)```", section, re.S)
    assert example is not None
    config = parse(tomllib.loads(example.group(1)), Path("alerts.toml"))
    assert [c.masked() for c in config.channels] == [
        "mailtos://smtp.example.org",
        "dingtalk://…",
        "wecombot://…",
        "feishu://…",
        "jsons://hooks.example.org",
    ]
    assert config.threshold("leader_term_ending", "months") == 12


def test_an_alert_that_goes_and_comes_back_is_sent_again(
    small: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str], webhook: Any
) -> None:
    _config(small, f'[[channels]]\nurl = "json://{webhook.base}/x"\nrules = ["target_worse"]\n')
    assert _coop(small, capsys, "alerts")[1]["sent"] == 2
    met = TARGETS.replace("U2,3", "U2,2")  # 2 of 2: on track, the alert goes
    _coop(small, capsys, "load", str(_write(tmp_path / "a", "targets.csv", met)))
    code, doc = _coop(small, capsys, "alerts")
    assert (code, doc["sent"]) == (0, 0)
    assert "target_worse:2026:U2:posts_held" not in _keys(doc)
    # (3.0, not 3: a file byte-identical to one loaded before is another path to the same)
    again = TARGETS.replace("U2,3", "U2,3.0")
    _coop(small, capsys, "load", str(_write(tmp_path / "b", "targets.csv", again)))
    code, doc = _coop(small, capsys, "alerts")
    assert (code, doc["sent"]) == (0, 1)
    assert len(webhook.requests) == 2
    assert (
        "Second Institute" in webhook.requests[1].json()["message"]
        or "第二研究所" in (webhook.requests[1].json()["message"])
    )


def test_every_rule_has_its_words_in_both_languages() -> None:
    from etl.alerts.rules import RULES, SEVERITIES
    from etl.i18n import entries

    CATALOG = entries("alerts")

    needed = [f"severity.{s}" for s in SEVERITIES]
    for rule in RULES.values():
        needed += [f"rule.{rule.name}", f"msg.{rule.name}"]
        needed += [f"threshold.{rule.name}.{name}" for name in rule.defaults]
    for key in needed:
        zh, en = CATALOG[key]
        assert zh.strip() and en.strip() and zh != en, key


def test_a_second_run_at_once_waits_then_says_so(
    small: DataDir,
    capsys: pytest.CaptureFixture[str],
    webhook: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import filelock

    from etl.alerts import run as alerts_run

    _config(small, f'[[channels]]\nurl = "json://{webhook.base}/x"\n')
    monkeypatch.setattr(alerts_run, "LOCK_TIMEOUT_S", 0.2)
    with filelock.FileLock(str(small.root / alerts_run.LOCK_NAME)):
        code = main(["alerts", "--lang", "en", "--data-dir", str(small.root)])
    assert code == 2
    assert "Another alerts run did not finish within 0.2 s" in capsys.readouterr().err
    assert webhook.requests == []


def test_a_status_change_restarts_the_unchanged_clock(
    small: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from etl.alerts.since import status_since
    from etl.warehouse import read_only

    changed = MEMBERSHIPS.replace("intended", "applying")
    _coop(small, capsys, "load", str(_write(tmp_path / "c", "memberships.csv", changed)))
    with read_only(small) as con:
        assert con is not None
        runs = con.execute(
            "SELECT started_at FROM load_runs WHERE status = 'accepted' ORDER BY started_at"
        ).fetchall()
        since = status_since(con, small)
    first, second = runs[0][0], runs[-1][0]
    assert first < second
    assert since == {"M1": second, "M2": first}
