"""`coop`: the command line. Each command is a docstring and a library call; errors become
messages here, at the edge, in the analyst's language — never a traceback."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import json
import locale
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etl import present
from etl.config import DataDir, close_to_others, resolve_data_dir, use_private_umask
from etl.errors import CoopError, UsageError
from etl.i18n import text
from etl.report import BatchReport
from etl.schema import KINDS

Handler = Callable[[argparse.Namespace, DataDir], int]
EXIT_CLOSED_PIPE = 128 + 13  # what a shell reports for a tool whose reader left (SIGPIPE)


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
    from etl.alerts.hook import after_refresh  # logs its own failures; never changes the exit code

    after_refresh(data_dir, lang=args.lang, json_mode=args.json)
    return report.exit_code


@command(
    "alerts",
    "检查提醒规则，把新提醒发送到邮件与工作群",
    arg("--dry-run", action="store_true", help="print what would be sent; send nothing"),
)
def cmd_alerts(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Evaluate the alert rules and send what is new to the configured channels."""
    from etl.alerts.run import run

    result = run(data_dir, dry_run=args.dry_run)
    if args.json:
        print(json.dumps(result.to_json(args.lang), ensure_ascii=False))
    else:
        print(result.to_text(args.lang))
    return result.exit_code


@command("rebuild", "仅根据归档重建数据库")
def cmd_rebuild(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Rebuild the warehouse from archive/ alone."""
    from etl.pipeline import rebuild

    runs = rebuild(data_dir)
    if args.json:
        print(json.dumps({"status": "accepted", "runs_replayed": runs, "files": []}))
    else:
        print(text("rebuilt", args.lang, runs=runs, path=data_dir.warehouse))
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


@command(
    "delete",
    "撤回记录（原子提交、留痕，coop rebuild 会按原顺序重放）",
    arg("delete_kind", choices=sorted(KINDS), metavar="KIND", help=", ".join(KINDS)),
    arg(
        "ids",
        nargs="+",
        metavar="ID",
        help="ids of the records to withdraw; a target is YEAR[-END_YEAR]/INDICATOR[/UNIT_ID]",
    ),
    arg("--reason", required=True, help="why the records are withdrawn (kept in the history)"),
)
def cmd_delete(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Withdraw records by id as one atomic, recorded run; refused while others refer to them."""
    from etl.withdraw import withdraw

    report = withdraw(data_dir, args.delete_kind, args.ids, reason=args.reason, user=args.user)
    if args.json:
        return emit_report(report, args)
    # A refused withdrawal has no files to keep in quarantine: no hint pointing there.
    print(present.batch_text(dataclasses.replace(report, run_id=None), args.lang))
    return report.exit_code


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


@command("expectations", "重新生成校验规则（etl/suites/ 与 expectations/）")
def cmd_expectations(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Regenerate the Great Expectations suites (etl/suites/, expectations/) from the schema."""
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
    from etl.errors import ReportError

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
        print(text("report.written", args.lang, path=out))
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
            print(text("user.bootstrap", args.lang, name="admin", password=password))
        return 0
    if not args.name:
        raise UsageError("user.bad_name", value="")
    if args.action == "remove":
        users.remove_user(data_dir, args.name)
        print(text("user.removed", args.lang, name=args.name))
        return 0
    # A password comes from stdin (never from the command line, where `ps` would show it),
    # or is generated and shown once.
    generated = not args.password_stdin
    password = users.generate_password() if generated else sys.stdin.readline().rstrip("\r\n")
    users.add_user(data_dir, args.name, args.role, password)
    print(text("user.added", args.lang, name=args.name, role=args.role))
    if generated:
        print(text("user.password", args.lang, password=password))
    return 0


@command(
    "config",
    "查看或修改设置（如会议口径 meeting_rule）",
    arg("action", choices=("get", "set", "rules")),
    arg("key", nargs="?", help="setting name (meeting_rule)"),
    arg("value", nargs="?", help="new value (set)"),
)
def cmd_config(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Show or change a setting of the data directory, e.g. the meeting rule in force."""
    from etl import meeting_rules, settings

    if args.action == "rules":
        current = meeting_rules.in_force(data_dir).id
        listed = [
            {"id": r.id, "name": r.name(args.lang), "source": r.source(args.lang),
             "in_force": r.id == current}
            for r in meeting_rules.rules(data_dir).values()
        ]  # fmt: skip
        if args.json:
            print(json.dumps({"rules": listed}, ensure_ascii=False))
        else:
            for r in listed:
                print(f"{'*' if r['in_force'] else ' '} {r['id']:<8} {r['name']} — {r['source']}")
        return 0
    if args.key is None or args.key not in settings.KEYS:
        raise UsageError("settings.key", value=args.key or "", allowed=", ".join(settings.KEYS))
    if args.action == "set":
        if args.value is None:
            raise UsageError("settings.key", value="", allowed=", ".join(settings.KEYS))
        from etl.pipeline import choose_meeting_rule

        choose_meeting_rule(data_dir, args.value)
    value = meeting_rules.in_force(data_dir).id
    print(json.dumps({args.key: value}) if args.json else value)
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
    close_to_others(data_dir)
    handler = COMMANDS[args.command].handler
    try:
        return handler(args, data_dir)
    except BrokenPipeError:
        return closed_pipe()
    except CoopError as exc:
        _fail(args, exc.message(args.lang), exc.rule, exc.exit_code)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: keep the traceback in a log file, not on the terminal
        log = _log_crash(data_dir)
        detail = f"{type(exc).__name__}: {exc}"
        msg = text("internal_error", args.lang, detail=detail[:300], log=log)
        _fail(args, msg, "internal", 2)
        return 2


def entry() -> None:
    """The `coop` executable: `main`, then exit without tearing the interpreter down.

    A load leaves Great Expectations, pandas and Polars imported and large frames freed only at
    exit; the orderly teardown of all that takes up to a second and achieves nothing, since the
    warehouse is already published and every file closed. Flush what we printed, then leave.
    """
    # The process's files are private to its user and group; set here, where the process
    # starts, not in `main`, which other programs (and tests) call in their own process.
    use_private_umask()
    try:
        code = main()
    except KeyboardInterrupt:  # a Ctrl-C before `main` could catch it (while starting up)
        code = 130
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader left before we were done: nothing more to say
        code = closed_pipe()
    except (OSError, ValueError):
        code = code or 1
    os._exit(code)


def closed_pipe() -> int:
    """The reader of our output went away (`coop history | head -1`): stop quietly, as Unix
    tools do. What is still buffered for stdout goes nowhere instead of failing again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_CLOSED_PIPE


def _fail(args: argparse.Namespace, message: str, rule: str, code: int) -> None:
    if args.json:
        payload: dict[str, Any] = {"status": "error", "rule": rule, "message": message, "files": []}
        print(json.dumps(payload, ensure_ascii=False))
    print(message, file=sys.stderr)


def _log_crash(data_dir: DataDir) -> str:
    """Keep the traceback in a new file of its own (two crashes in one second keep both)."""
    try:
        folder = data_dir.root / "logs"
        folder.mkdir(mode=0o750, parents=True, exist_ok=True)
        fd, path = tempfile.mkstemp(
            prefix=f"crash-{dt.datetime.now():%Y%m%dT%H%M%S}-", suffix=".log", dir=folder
        )
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(traceback.format_exc())
        return path
    except OSError:
        return "(no log: the data directory is not writable)"


if __name__ == "__main__":
    sys.exit(main())
