"""Delivery: one digest per channel, sent with Apprise (mail, WeCom, DingTalk, Feishu, JSON
webhooks …). A failure comes back as words with every secret of the URL blanked out."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from etl.alerts.config import AlertsConfigError, Channel
from etl.alerts.rules import SEVERITIES, Alert
from etl.alerts.texts import text

ENV_PUBLIC_URL = "COOP_PUBLIC_URL"
MAX_LINES = 30  # a chat message stays readable; the dashboard lists them all


@dataclass(frozen=True)
class Delivery:
    channel: str  # the masked URL
    ok: bool
    error: str = ""


def public_url() -> str | None:
    url = os.environ.get(ENV_PUBLIC_URL, "").strip()
    return url.rstrip("/") + "/" if url else None


def digest(alerts: Sequence[Alert], lang: str) -> tuple[str, str]:
    """The title and body of one message listing these alerts, most severe first."""
    ordered = sorted(alerts, key=lambda a: SEVERITIES.index(a.severity))
    lines = [
        text(
            "digest.line",
            lang,
            severity=text(f"severity.{a.severity}", lang),
            message=a.message(lang),
        )
        for a in ordered[:MAX_LINES]
    ]
    if len(ordered) > MAX_LINES:
        lines.append(text("digest.more", lang, n=len(ordered) - MAX_LINES))
    link = public_url()
    if link:
        lines.append("")
        lines.append(text("digest.link", lang, url=link))
    return text("digest.title", lang, n=len(alerts)), "\n".join(lines)


def send(channel: Channel, title: str, body: str, config_path: Path) -> Delivery:
    import apprise

    masked = channel.masked()
    try:
        url = channel.resolved_url(config_path)
    except AlertsConfigError as exc:
        return Delivery(masked, False, exc.message("en"))
    if "overflow=" not in url:
        # A digest longer than a chat allows (WeCom: 2,048 characters) goes as several
        # messages, rather than whole to a robot that would drop it.
        url += ("&" if "?" in url else "?") + "overflow=split"
    asset = apprise.AppriseAsset(storage_mode="memory")
    notifier = apprise.Apprise(asset=asset)
    with _quiet_apprise() as captured:
        if not notifier.add(url):
            return Delivery(masked, False, text("error.bad_url", "en"))
        ok = bool(notifier.notify(body=body, title=title))
    if ok:
        return Delivery(masked, True)
    detail = scrub(captured.getvalue(), url)
    lines = [line for line in detail.splitlines() if line.strip()]
    return Delivery(masked, False, lines[-1] if lines else text("error.refused", "en"))


# Loggers that would quote a channel's URL (its path and query hold tokens) at debug level.
_URL_LOGGERS = ("apprise", "urllib3", "requests")


@contextlib.contextmanager
def _quiet_apprise() -> Iterator[io.StringIO]:
    """Capture Apprise's warnings; debug lines that quote URLs are never emitted meanwhile."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(message)s"))
    loggers = [logging.getLogger(name) for name in _URL_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    loggers[0].addHandler(handler)
    try:
        yield buffer
    finally:
        loggers[0].removeHandler(handler)
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def scrub(message: str, url: str) -> str:
    """The message with every part of the URL that might be a secret replaced by ***."""
    _, _, rest = url.partition("://")
    pieces = re.split(r"[:/@?&=#,;]+", rest)
    parts = {p for piece in pieces for p in (piece, unquote(piece)) if len(p) >= 4}
    for part in sorted(parts, key=len, reverse=True):
        message = message.replace(part, "***")
    return message
