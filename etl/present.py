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
    "loader.listening": (
        "coop loader 已启动（进程 {pid}），监听 {path}",
        "coop loader started (pid {pid}), listening on {path}",
    ),
    "loader.ready": (
        "备用进程 {pid} 已就绪（预热 {seconds} 秒）",
        "spare worker {pid} is ready (warmed up in {seconds} s)",
    ),
    "loader.started": ("进程 {pid} 开始执行 coop {command}", "worker {pid} started coop {command}"),
    "loader.served": (
        "进程 {pid} 完成 coop {command}：退出码 {code}，用时 {seconds} 秒",
        "worker {pid} ran coop {command}: exit {code} in {seconds} s",
    ),
    "loader.busy": (
        "没有就绪的备用进程：该命令由客户端自行执行",
        "no worker was ready: the client runs its command itself",
    ),
    "loader.outdated": (
        "进程 {pid} 载入的代码已被更新，交回命令本身执行并以新代码重启",
        "worker {pid} was started on code that has changed since: the command ran on its own, "
        "a worker on the new code is starting",
    ),
    "loader.worker_failed": (
        "备用进程启动失败（退出码 {code}），稍后重试",
        "a spare worker failed to start (exit {code}); retrying shortly",
    ),
    "loader.worker_died": (
        "进程 {pid} 未正常结束（退出码 {code}）",
        "worker {pid} ended abnormally (exit {code})",
    ),
    "loader.stopped": ("coop loader 已停止", "coop loader stopped"),
    "loader.lost": (
        "执行该命令的 coop loader 进程 {pid} 意外结束，未能返回结果；"
        "载入是原子的：请用 coop history 查看是否已发布",
        "The coop loader process {pid} running this command ended without a result; loads "
        "are atomic: see coop history for whether it was published",
    ),
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
