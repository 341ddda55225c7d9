"""Reports for people: the human form of a batch report, the refresh log line, the history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from etl.report import BatchReport, FileReport
from etl.schema import KINDS

TEXT: dict[str, tuple[str, str]] = {
    "status.accepted": ("已载入", "Accepted"),
    "status.unchanged": ("无变化（文件此前已载入）", "Unchanged (these files were loaded before)"),
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
        "：与此前载入的文件完全相同，跳过",
        ": identical to a file loaded before, skipped",
    ),
    "entry": (
        "    第 {row} 行 · {column} · {value}：{message}",
        "    row {row} · {column} · {value}: {message}",
    ),
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
    for title, problems in (("errors", f.errors), ("warnings", f.warnings)):
        if not problems:
            continue
        lines.append(text(title, lang))
        ordered = sorted(problems, key=lambda p: p.sort_key())
        for p in ordered[:MAX_ENTRIES_SHOWN]:
            if p.row is None:
                lines.append(text("entry.file", lang, message=p.message(lang)))
            else:
                value = "∅" if p.value is None else _short(p.value)  # shorter still on a terminal
                lines.append(
                    text(
                        "entry",
                        lang,
                        row=p.row,
                        column=p.column or "-",
                        value=value,
                        message=p.message(lang),
                    )
                )
        if len(ordered) > MAX_ENTRIES_SHOWN:
            lines.append(text("more", lang, n=len(ordered) - MAX_ENTRIES_SHOWN))
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
            status=run["status"],
            source=run["source"],
            user=run["user_name"] or "-",
            files=run["file_count"],
            rows=run["row_count"],
            errors=run["error_count"],
            warnings=run["warning_count"],
            run=run["run_id"],
        )
        for run in runs
    )
