"""Reports for people: the human form of a batch report, the refresh log line, the history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from etl.messages import rule_word
from etl.report import BatchReport, FileReport, Problem, header_name
from etl.schema import KINDS

TEXT: dict[str, tuple[str, str]] = {
    "status.accepted": ("已载入", "Accepted"),
    "status.unchanged": (
        "无变化（不改变数据库中的任何记录）",
        "Unchanged (no record in the warehouse would change)",
    ),
    "status.rejected": ("已拒绝，数据库未做任何改动", "Rejected; nothing in the warehouse changed"),
    "status.valid": ("校验通过", "Valid"),
    "status.invalid": ("校验未通过", "Invalid"),
    "summary": (
        "{status}：{files} 个文件，{rows} 行，{errors} 个错误，{warnings} 个警告",
        "{status}: {files} file(s), {rows} row(s), {errors} error(s), {warnings} warning(s)",
    ),
    "file": (
        "{mark} {name}（{kind}，{rows} 行）{note}",
        "{mark} {name} ({kind}, {rows} rows){note}",
    ),
    "file.unchanged": (
        "：不改变任何记录，跳过",
        ": changes no record, skipped",
    ),
    "entry": (
        "    第 {row} 行 · {column} · {rule}：{message}",
        "    row {row} · {column} · {rule}: {message}",
    ),
    "entry.group": (
        "    {count} 行（第 {rows} 行）· {column} · {rule}：{message}",
        "    {count} rows ({rows}) · {column} · {rule}: {message}",
    ),
    "notes": ("  已理解", "  Understood"),
    "note": ("    {message}", "    {message}"),
    "skipped": ("  已跳过的行", "  Skipped rows"),
    "skipped.row": ("    第 {row} 行：{reason}", "    row {row}: {reason}"),
    "counts": (
        "  新增 {new} 条，替换 {replaced} 条，与已有记录相同 {same} 条",
        "  {new} new, {replaced} replacing a stored record, {same} the same as stored",
    ),
    "updates": ("  将被替换的记录", "  Records this file replaces"),
    "update": ("    {id}（第 {row} 行）：{changes}", "    {id} (row {row}): {changes}"),
    "change": ("{column} {old} → {new}", "{column} {old} → {new}"),
    "entry.file": ("    {message}", "    {message}"),
    "errors": ("  错误", "  Errors"),
    "warnings": ("  警告", "  Warnings"),
    "more": (
        "    ……另有 {n} 条（完整列表见 --json 或隔离区报告）",
        "    … {n} more (see --json or the quarantine report)",
    ),
    "rejected.hint": (
        "请修改上述行后重新载入；被拒绝的文件及报告已保存在 quarantine/{run}/",
        "Fix the rows above and load again; the rejected files and report are kept in quarantine/{run}/",
    ),
    "refresh": (
        "{time} refresh {status} files={files} rows={rows} errors={errors} warnings={warnings} run={run}",
        "{time} refresh {status} files={files} rows={rows} errors={errors} warnings={warnings} run={run}",
    ),
    "rebuilt": (
        "已根据归档重建数据库（{runs} 个批次）：{path}",
        "Rebuilt the warehouse from the archive ({runs} runs): {path}",
    ),
    "history.empty": ("尚无载入记录", "No loads recorded yet"),
    "source.cli": ("命令行", "cli"),
    "source.refresh": ("定时刷新", "refresh"),
    "source.upload": ("网页上传", "upload"),
    "source.demo": ("演示数据", "demo"),
    "source.rebuild": ("重建", "rebuild"),
    "source.delete": ("撤回记录", "delete"),
    "history.row": (
        "{started} {status:<9} {source:<8} {user:<12} 文件 {files} 行 {rows} 错误 {errors} 警告 {warnings}  {run}",
        "{started} {status:<9} {source:<8} {user:<12} files {files} rows {rows} errors {errors} warnings {warnings}  {run}",
    ),
    "user.bootstrap": (
        "已创建首个管理员“{name}”，初始密码（仅显示这一次）：{password}",
        "Created the first admin '{name}'; its password (shown only this once): {password}",
    ),
    "user.added": ("已添加用户“{name}”（{role}）", "Added user '{name}' ({role})"),
    "user.password": (
        "密码（仅显示这一次）：{password}",
        "Password (shown only this once): {password}",
    ),
    "user.removed": ("已删除用户“{name}”", "Removed user '{name}'"),
    "internal_error": (
        "内部错误：{detail}。详细信息已写入 {log}，请联系维护人员",
        "Internal error: {detail}. Details were written to {log}; please report it",
    ),
    "report.written": ("报告已写入 {path}", "Report written to {path}"),
}

MAX_ENTRIES_SHOWN = 200


def text(key: str, lang: str, **fields: Any) -> str:
    zh, en = TEXT[key]
    return (zh if lang == "zh" else en).format(**fields)


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
            source=text(f"source.{run['source']}", lang)
            if f"source.{run['source']}" in TEXT
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
