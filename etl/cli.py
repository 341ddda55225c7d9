"""`coop`: the command line. Each command is a docstring and a library call; errors become
messages here, at the edge, in the analyst's language — never a traceback."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import locale
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etl import present
from etl.config import DataDir, resolve_data_dir
from etl.errors import CoopError, UsageError
from etl.report import BatchReport
from etl.schema import KINDS

Handler = Callable[[argparse.Namespace, DataDir], int]


@dataclass(frozen=True)
class Arg:
    """One argument of a command, as `argparse.add_argument` takes it."""

    names: tuple[str, ...]
    options: dict[str, Any]


def arg(*names: str, **options: Any) -> Arg:
    return Arg(names, options)


@dataclass(frozen=True)
class Command:
    handler: Handler
    help_en: str
    help_zh: str
    args: tuple[Arg, ...]


COMMANDS: dict[str, Command] = {}


def command(name: str, help_zh: str, *args: Arg) -> Callable[[Handler], Handler]:
    """Register a command with its own arguments, declared beside its handler."""

    def register(fn: Handler) -> Handler:
        help_en = (fn.__doc__ or "").strip().splitlines()[0]
        COMMANDS[name] = Command(fn, help_en, help_zh, args)
        return fn

    return register


PATHS = arg("paths", nargs="+", metavar="PATH", help="files and/or folders")
KIND = arg("--kind", choices=sorted(KINDS), help="record kind of every file")


def default_lang() -> str:
    for var in ("COOP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    lang = (locale.getlocale()[0] or "").lower()
    return "zh" if lang.startswith("zh") else "en"


def emit_report(report: BatchReport, args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps(report.to_json(args.lang), ensure_ascii=False))
    else:
        print(present.batch_text(report, args.lang))
    return report.exit_code


@command("load", "载入文件或文件夹（整批原子提交）", PATHS, KIND)
def cmd_load(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Load files and/or folders as one atomic batch."""
    from etl.pipeline import run_batch

    report = run_batch(
        [Path(p) for p in args.paths],
        data_dir=data_dir,
        kind=args.kind,
        user=args.user,
        source="cli",
    )
    return emit_report(report, args)


@command("validate", "只检查不写入", PATHS, KIND)
def cmd_validate(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Run the same checks as load and print the report; writes nothing."""
    from etl.pipeline import run_batch

    report = run_batch(
        [Path(p) for p in args.paths], data_dir=data_dir, kind=args.kind, mode="validate"
    )
    return emit_report(report, args)


@command("refresh", "载入 incoming/ 中的新文件（定时任务）")
def cmd_refresh(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Load what is new in incoming/ (the scheduled job); logs one line per run."""
    from etl.pipeline import refresh

    report = refresh(data_dir, user=args.user or "cron")
    if report is None:
        report = BatchReport("unchanged")
    if args.json:
        print(json.dumps(report.to_json(args.lang), ensure_ascii=False))
    else:
        print(present.refresh_line(report, args.lang))
        if report.status == "rejected":
            print(present.batch_text(report, args.lang))
    return report.exit_code


@command("loader", "常驻预热进程，加快 load/validate/refresh（systemd 服务）")
def cmd_loader(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Keep a warm loader running: later load, validate, refresh, rebuild and demo commands of
    this OS user start at once instead of importing everything (runs until stopped)."""
    from etl.loader import serve

    return serve(sys.stderr, args.lang)


@command("rebuild", "仅根据归档重建数据库")
def cmd_rebuild(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Rebuild the warehouse from archive/ alone."""
    from etl.pipeline import rebuild

    runs = rebuild(data_dir)
    if args.json:
        print(json.dumps({"status": "accepted", "runs_replayed": runs, "files": []}))
    else:
        print(present.text("rebuilt", args.lang, runs=runs, path=data_dir.warehouse))
    return 0


@command(
    "demo", "生成并载入演示数据", arg("--seed", type=int, default=20240601, help="random seed")
)
def cmd_demo(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Write a realistic demo data set and load it."""
    from etl.pipeline import load_demo

    report = load_demo(data_dir, seed=args.seed, user=args.user)
    if args.json:
        print(json.dumps(report.to_json(args.lang), ensure_ascii=False))
    else:
        print(present.batch_text(report, args.lang))
    return 0 if report.status in ("accepted", "unchanged") else 1


@command("history", "载入记录", arg("--limit", type=int, default=50, help="how many runs to show"))
def cmd_history(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Show the recorded load attempts, newest first."""
    from etl.history import runs

    recorded = runs(data_dir, limit=args.limit)
    if args.json:
        print(json.dumps({"runs": recorded}, ensure_ascii=False, default=str))
    else:
        print(present.history_text(recorded, args.lang))
    return 0


@command(
    "template",
    "输出某类记录的 CSV 模板",
    arg("template_kind", choices=sorted(KINDS), metavar="KIND", help=", ".join(KINDS)),
    arg("--out", help="write to this file instead of stdout"),
)
def cmd_template(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Write the CSV template of a record kind (header row only)."""
    from etl.docs import template_csv

    data = template_csv(KINDS[args.template_kind], args.lang)
    if args.out:
        Path(args.out).write_bytes(data)
    else:
        sys.stdout.write(data.decode("utf-8-sig"))
    if args.json:
        print(json.dumps({"kind": args.template_kind, "path": args.out}))
    return 0


@command("expectations", "重新生成 expectations/ 下的校验规则")
def cmd_expectations(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Regenerate the Great Expectations suites in expectations/ from the schema."""
    from etl.expectations import write_suites

    paths = write_suites()
    if args.json:
        print(json.dumps({"written": [str(p) for p in paths]}))
    else:
        print("\n".join(str(p) for p in paths))
    return 0


@command("docs", "重新生成数据字典与模板")
def cmd_docs(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Regenerate the data dictionary (docs/) and the CSV templates (data/templates/)."""
    from etl.docs import write_docs

    paths = write_docs()
    if args.json:
        print(json.dumps({"written": [str(p) for p in paths]}))
    else:
        print("\n".join(str(p) for p in paths))
    return 0


@command(
    "report",
    "生成领导参阅报告（PDF 或 DOCX）",
    arg("--year", type=int, required=True, help="the calendar year the report covers"),
    arg("--unit", help="a unit id: the report covers its subtree (default: the whole academy)"),
    arg("--format", choices=("pdf", "docx"), help="default: from --out's suffix, else pdf"),
    arg("--out", required=True, help="the file to write"),
)
def cmd_report(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Write the leadership report for a year (and unit) as PDF or DOCX."""
    from etl import leadership
    from etl.leadership.errors import ReportError

    out = Path(args.out)
    formats: dict[str, leadership.Format] = {"pdf": "pdf", "docx": "docx"}
    fmt = formats.get(args.format or out.suffix.lower().lstrip("."))
    if fmt is None:
        raise ReportError("report.format", value=out.name)
    report = leadership.content(data_dir, args.year, args.unit, args.lang)
    data = leadership.render(report, fmt)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        partial.write_bytes(data)
        os.replace(partial, out)
    except OSError as exc:
        raise ReportError("report.out", path=str(out), detail=str(exc)[:200]) from None
    if args.json:
        payload = {"status": "ok", "path": str(out), "format": fmt, "sentences": report.sentences}
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(present.text("report.written", args.lang, path=out))
    return 0


@command(
    "user",
    "管理看板用户（add/remove/list/bootstrap）",
    arg("action", choices=("add", "remove", "list", "bootstrap")),
    arg("name", nargs="?", help="user name (add, remove)"),
    arg("--role", choices=("viewer", "analyst", "admin"), default="viewer"),
    arg("--password-stdin", action="store_true", help="read the password from stdin"),
)
def cmd_user(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Manage dashboard users: add, remove, list, bootstrap (a first admin)."""
    from etl import users

    if args.action == "list":
        listed = [
            {"name": u.name, "role": u.role, "created_at": u.created_at}
            for u in users.load_users(data_dir).values()
        ]
        if args.json:
            print(json.dumps({"users": listed}, ensure_ascii=False))
        else:
            for u in listed:
                print(f"{u['name']:<24} {u['role']:<8} {u['created_at']}")
        return 0
    if args.action == "bootstrap":
        password = users.bootstrap_admin(data_dir)
        if password is not None:
            print(present.text("user.bootstrap", args.lang, name="admin", password=password))
        return 0
    if not args.name:
        raise UsageError("user.bad_name", value="")
    if args.action == "remove":
        users.remove_user(data_dir, args.name)
        print(present.text("user.removed", args.lang, name=args.name))
        return 0
    # A password comes from stdin (never from the command line, where `ps` would show it),
    # or is generated and shown once.
    generated = not args.password_stdin
    password = users.generate_password() if generated else sys.stdin.readline().rstrip("\r\n")
    users.add_user(data_dir, args.name, args.role, password)
    print(present.text("user.added", args.lang, name=args.name, role=args.role))
    if generated:
        print(present.text("user.password", args.lang, password=password))
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", help="data directory (default: $COOP_DATA_DIR, else data/)")
    common.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    common.add_argument(
        "--lang", choices=("zh", "en"), default=default_lang(), help="report language"
    )
    common.add_argument("--user", help="who is loading (default: $COOP_USER or the OS user)")
    parser = argparse.ArgumentParser(
        prog="coop",
        description="国际科技组织参与指标 ETL / ETL for the international S&T cooperation metrics",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, cmd in COMMANDS.items():
        p = sub.add_parser(
            name, parents=[common], help=f"{cmd.help_zh} / {cmd.help_en}", description=cmd.help_en
        )
        for a in cmd.args:
            p.add_argument(*a.names, **a.options)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    data_dir = resolve_data_dir(args.data_dir)
    handler = COMMANDS[args.command].handler
    try:
        return handler(args, data_dir)
    except CoopError as exc:
        _fail(args, exc.message(args.lang), exc.rule, exc.exit_code)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: keep the traceback in a log file, not on the terminal
        log = _log_crash(data_dir)
        detail = f"{type(exc).__name__}: {exc}"
        msg = present.text("internal_error", args.lang, detail=detail[:300], log=log)
        _fail(args, msg, "internal", 2)
        return 2


def entry() -> None:
    """The `coop` executable: `main` (in a warm `coop loader` if one is running, see
    `etl.loader`), then exit without tearing the interpreter down.

    A load leaves Great Expectations, pandas and Polars imported and large frames freed only at
    exit; the orderly teardown of all that takes up to a second and achieves nothing, since the
    warehouse is already published and every file closed. Flush what we printed, then leave.
    """
    from etl.loader import run_remote

    try:
        code = run_remote(sys.argv[1:])
        if code is None:
            code = main()
    except KeyboardInterrupt:  # a Ctrl-C before `main` could catch it (while starting up)
        code = 130
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing more to say
        code = code or 1
    os._exit(code)


def _fail(args: argparse.Namespace, message: str, rule: str, code: int) -> None:
    if args.json:
        payload: dict[str, Any] = {"status": "error", "rule": rule, "message": message, "files": []}
        print(json.dumps(payload, ensure_ascii=False))
    print(message, file=sys.stderr)


def _log_crash(data_dir: DataDir) -> str:
    try:
        folder = data_dir.root / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{dt.datetime.now():%Y%m%dT%H%M%S}.log"
        path.write_text(traceback.format_exc(), encoding="utf-8")
        return str(path)
    except OSError:
        return "(no log: the data directory is not writable)"


if __name__ == "__main__":
    sys.exit(main())
