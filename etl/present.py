"""Reports for people: the human form of a batch report, the refresh log line, the history.

The words are the `cli` area of the one catalog (`etl/catalog/messages.toml`, `etl.i18n.text`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from etl.i18n import known, text
from etl.messages import rule_word
from etl.report import BatchReport, FileReport, Problem, header_name
from etl.schema import KINDS

MAX_ENTRIES_SHOWN = 200


def batch_text(report: BatchReport, lang: str) -> str:
    lines = [
        text(
            "summary",
            lang,
            status=text(f"status.{report.status}", lang),
            files=len(report.files),
            rows=report.row_count,
            errors=report.error_count,
            warnings=report.warning_count,
        )
    ]
    for f in report.files:
        lines.extend(_file_lines(f, lang))
    if report.status == "rejected" and report.run_id:
        lines.append(text("rejected.hint", lang, run=report.run_id))
    return "\n".join(lines)


def _file_lines(f: FileReport, lang: str) -> list[str]:
    kind = KINDS[f.kind].zh if (f.kind and lang == "zh") else (f.kind or "?")
    mark = "✗" if f.errors else ("!" if f.warnings else "✓")
    note = text("file.unchanged", lang) if f.is_unchanged else ""
    lines = [text("file", lang, mark=mark, name=f.name, kind=kind, rows=f.rows, note=note)]
    if f.counts and not f.errors:
        lines.append(text("counts", lang, **f.counts))
    for title, problems in (("errors", f.errors), ("warnings", f.warnings)):
        if problems:
            lines.append(text(title, lang))
            lines.extend(_problem_lines(problems, f.headers, lang))
    if f.updates:
        lines.append(text("updates", lang))
        for update in f.updates[:MAX_ENTRIES_SHOWN]:
            changes = "；" if lang == "zh" else "; "
            lines.append(
                text(
                    "update",
                    lang,
                    id=update.id,
                    row=update.row if update.row is not None else "-",
                    changes=changes.join(
                        text(
                            "change",
                            lang,
                            column=header_name(column, f.headers),
                            old="∅" if old is None else _short(old),
                            new="∅" if new is None else _short(new),
                        )
                        for column, old, new in update.changes
                    ),
                )
            )
        if len(f.updates) > MAX_ENTRIES_SHOWN:
            lines.append(text("more", lang, n=len(f.updates) - MAX_ENTRIES_SHOWN))
    if f.notes:
        lines.append(text("notes", lang))
        lines += [
            text("note", lang, message=p.message(lang, f.headers))
            for p in sorted(f.notes, key=Problem.sort_key)
        ]
    if f.skipped_rows:
        lines.append(text("skipped", lang))
        lines += [
            text("skipped.row", lang, row=p.row, reason=p.message(lang, f.headers))
            for p in sorted(f.skipped_rows, key=Problem.sort_key)
        ]
    return lines


def _problem_lines(problems: list[Problem], headers: dict[str, str], lang: str) -> list[str]:
    """One line per distinct message; a message repeated on many rows is one line naming them
    (the JSON report keeps one entry per row)."""
    groups: dict[tuple[str, str, str], list[Problem]] = {}
    for p in sorted(problems, key=Problem.sort_key):
        message = p.message(lang, headers)
        groups.setdefault((p.rule, p.column or "", message), []).append(p)
    lines: list[str] = []
    for (rule, column, message), members in list(groups.items())[:MAX_ENTRIES_SHOWN]:
        shown_column = header_name(column, headers) or "-"
        if members[0].row is None:
            lines.append(text("entry.file", lang, message=message))
            continue
        fields = {"column": shown_column, "rule": rule_word(rule, lang), "message": message}
        if len(members) == 1:
            lines.append(text("entry", lang, row=members[0].row, **fields))
        else:
            rows = [str(m.row) for m in members if m.row is not None]
            shown = ("、" if lang == "zh" else ", ").join(rows[:20]) + (
                "…" if len(rows) > 20 else ""
            )
            lines.append(text("entry.group", lang, count=len(members), rows=shown, **fields))
    if len(groups) > MAX_ENTRIES_SHOWN:
        lines.append(text("more", lang, n=len(groups) - MAX_ENTRIES_SHOWN))
    return lines


def _short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def refresh_line(report: BatchReport, lang: str) -> str:
    return text(
        "refresh",
        lang,
        time=dt.datetime.now().isoformat(timespec="seconds"),
        status=report.status if report.files else "nothing-new",
        files=len(report.files),
        rows=report.row_count,
        errors=report.error_count,
        warnings=report.warning_count,
        run=report.run_id or "-",
    )


def history_text(runs: list[dict[str, Any]], lang: str) -> str:
    if not runs:
        return text("history.empty", lang)
    return "\n".join(
        text(
            "history.row",
            lang,
            started=f"{run['started_at']:%Y-%m-%d %H:%M:%S}",
            status=text(f"status.{run['status']}", lang).split("（")[0].split(" (")[0],
            source=text(f"history.source.{run['source']}", lang)
            if known(f"history.source.{run['source']}")
            else run["source"],
            user=run["user_name"] or "-",
            files=run["file_count"],
            rows=run["row_count"],
            errors=run["error_count"],
            warnings=run["warning_count"],
            run=run["run_id"],
        )
        for run in runs
    )
