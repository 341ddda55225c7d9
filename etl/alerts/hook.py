"""The alerts after a scheduled `coop refresh`: on by default (`alerts_after_refresh = false`
turns it off), skipped while no channel is configured. Whatever goes wrong here is logged and
printed on stderr; it never changes what the refresh reports or its exit code."""

from __future__ import annotations

import datetime as dt
import sys

from etl.alerts import config as alerts_config
from etl.alerts.run import append_log, run
from etl.alerts.texts import text
from etl.config import DataDir
from etl.errors import CoopError


def after_refresh(data_dir: DataDir, *, lang: str, json_mode: bool) -> None:
    try:
        config = alerts_config.load(data_dir)
        if not config.after_refresh or not config.channels:
            return
        result = run(data_dir)
    except Exception as exc:  # the load is done: alerts must not undo its report
        detail = exc.message(lang) if isinstance(exc, CoopError) else type(exc).__name__
        message = text("cli.after_refresh.error", lang, error=detail)
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        append_log(data_dir, [f"{stamp} error after refresh: {message}"])
        print(message, file=sys.stderr)
        return
    summary = text(
        "cli.after_refresh", lang, n=len(result.alerts), sent=result.sent, failed=len(result.failed)
    )
    if not json_mode:
        print(summary)
    for outcome in result.failed:
        print(
            text("cli.failed", lang, channel=outcome.channel, error=outcome.error), file=sys.stderr
        )
