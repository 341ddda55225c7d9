"""One alerts run: evaluate the rules, send each channel what is new for it, remember it.

Once per change: each channel has been sent some alerts in some states (`etl.alerts.state`);
an alert goes into the channel's digest when the channel has not been sent it in its current
state. A channel whose delivery fails keeps its old sent state, so the same alerts go again on
the next run; the other channels are not held back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
from dataclasses import dataclass, field
from typing import Any

import filelock

from etl import clock
from etl.alerts import config as alerts_config
from etl.alerts import deliver, rules, since
from etl.alerts import state as sent_state
from etl.alerts.config import AlertsConfig, Channel
from etl.alerts.rules import Alert
from etl.alerts.texts import text
from etl.config import DataDir
from etl.errors import AlertsError
from etl.warehouse import read_only

LOG = logging.getLogger("etl.alerts")
LOCK_NAME = ".alerts.lock"
LOCK_TIMEOUT_S = 120.0


@dataclass
class ChannelOutcome:
    channel: str  # masked
    alerts: list[str]  # keys in this channel's digest (sent, or to be sent on a dry run)
    ok: bool = True
    error: str = ""


@dataclass
class RunResult:
    alerts: list[Alert]
    outcomes: list[ChannelOutcome] = field(default_factory=list)
    dry_run: bool = False
    config: AlertsConfig | None = None

    @property
    def failed(self) -> list[ChannelOutcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def sent(self) -> int:
        """Distinct alerts delivered to at least one channel this run."""
        if self.dry_run:
            return 0
        return len({key for o in self.outcomes if o.ok for key in o.alerts})

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def to_json(self, lang: str) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "alerts": [a.to_json(lang) for a in self.alerts],
            "sent": self.sent,
            "failed": [
                {"channel": o.channel, "error": o.error, "alerts": len(o.alerts)}
                for o in self.failed
            ],
        }
        if self.dry_run:
            doc["dry_run"] = True
            doc["would_send"] = [
                {"channel": o.channel, "alerts": o.alerts} for o in self.outcomes if o.alerts
            ]
        return doc

    def to_text(self, lang: str) -> str:
        lines = [
            text(
                "cli.alert",
                lang,
                severity=text(f"severity.{a.severity}", lang),
                message=a.message(lang),
            )
            for a in self.alerts
        ] or [text("cli.none", lang)]
        lines.append("")
        if self.config is not None and not self.config.channels:
            lines.append(text("cli.no_channels", lang, path=self.config.path))
        for o in self.outcomes:
            if not o.alerts:
                continue
            if self.dry_run:
                lines.append(text("cli.would_send", lang, channel=o.channel, n=len(o.alerts)))
            elif o.ok:
                lines.append(text("cli.sent", lang, channel=o.channel, n=len(o.alerts)))
            else:
                lines.append(text("cli.failed", lang, channel=o.channel, error=o.error))
        lines.append(text("cli.summary", lang, n=len(self.alerts), sent=self.sent))
        return "\n".join(lines)


def current_alerts(data_dir: DataDir, config: AlertsConfig) -> list[Alert]:
    """The alerts the warehouse shows now (none when there is no warehouse yet)."""
    thresholds = {name: config.rule_thresholds(name) for name in rules.RULES}
    with read_only(data_dir) as con:
        if con is None:
            return []
        cached = functools.cache(lambda: since.status_since(con, data_dir))
        return rules.evaluate(con, clock.today(), thresholds, cached)


def run(data_dir: DataDir, *, dry_run: bool = False) -> RunResult:
    config = alerts_config.load(data_dir)
    # Two runs at once (a refresh's and an operator's) would both send what is new.
    sending = bool(config.channels) and not dry_run and data_dir.root.is_dir()
    lock = filelock.FileLock(str(data_dir.root / LOCK_NAME), timeout=LOCK_TIMEOUT_S)
    try:
        with lock if sending else contextlib.nullcontext():
            return _run(data_dir, config, dry_run, sending)
    except filelock.Timeout:
        raise AlertsError("run.busy", seconds=f"{LOCK_TIMEOUT_S:g}") from None


def _run(data_dir: DataDir, config: AlertsConfig, dry_run: bool, sending: bool) -> RunResult:
    alerts = current_alerts(data_dir, config)
    result = RunResult(alerts, dry_run=dry_run, config=config)
    known = sent_state.load(data_dir)
    for channel in config.channels:
        result.outcomes.append(_serve(channel, alerts, known, config, dry_run))
    if sending:
        sent_state.save(data_dir, known)
        _log(data_dir, result)
    return result


def _serve(
    channel: Channel,
    alerts: list[Alert],
    known: sent_state.SentState,
    config: AlertsConfig,
    dry_run: bool,
) -> ChannelOutcome:
    relevant = [a for a in alerts if channel.wants(a.rule)]
    already = known.sent(channel.id)
    new = [a for a in relevant if already.get(a.key) != a.state]
    outcome = ChannelOutcome(channel.masked(), [a.key for a in new])
    if dry_run:
        return outcome
    if new:
        title, body = deliver.digest(new, config.lang)
        delivery = deliver.send(channel, title, body, config.path)
        outcome.ok, outcome.error = delivery.ok, delivery.error
    if outcome.ok:
        known.record(channel.id, {a.key: a.state for a in relevant})
    return outcome


def _log(data_dir: DataDir, result: RunResult) -> None:
    """One line per run and one per failed channel, in `DATA_DIR/logs/alerts.log` (and the
    `etl.alerts` logger). Channels appear masked."""
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    lines = [f"{stamp} alerts={len(result.alerts)} sent={result.sent} failed={len(result.failed)}"]
    for o in result.failed:
        lines.append(f"{stamp} failed channel={o.channel} alerts={len(o.alerts)} error={o.error}")
        LOG.warning(lines[-1])
    append_log(data_dir, lines)


def append_log(data_dir: DataDir, lines: list[str]) -> None:
    try:
        folder = data_dir.root / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "alerts.log").open("a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    except OSError:
        LOG.warning("alerts log not writable in %s", data_dir.root)


def send_test(channel: Channel, config: AlertsConfig) -> deliver.Delivery:
    """Send a test message to one channel (the settings page's button)."""
    return deliver.send(
        channel,
        text("digest.test.title", config.lang),
        text("digest.test.body", config.lang),
        config.path,
    )
