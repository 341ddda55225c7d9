"""The Data page's upload handler: uploaded files → the ETL's own validate/load → a report;
and its withdraw form → the ETL's own withdrawal (`etl.withdraw`, what `coop delete` runs).

Uploaded bytes are written into a private temporary folder under sanitized names (never a path
built from what the browser sent), handed to `etl.pipeline.run_batch` exactly as `coop load`
would get them, and the folder is removed straight after. The ETL (and with it Great
Expectations) is imported only here, only when a batch is actually validated or loaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal

import polars as pl

from dashboard.i18n import kind_label, t
from etl.config import DataDir

if TYPE_CHECKING:
    from etl.report import BatchReport

_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)
MAX_STEM = 80
DEFAULT_MAX_UPLOAD_MB = 50


def max_upload_bytes() -> int:
    """`$COOP_MAX_UPLOAD_MB` (default 50), checked here on the server as well as by Streamlit's
    own `server.maxUploadSize`, which a deployment may have raised."""
    try:
        megabytes = float(os.environ.get("COOP_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_UPLOAD_MB
    return int(megabytes * 1024 * 1024)


@dataclass(frozen=True)
class Upload:
    """One file as the browser sent it."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Outcome:
    """What a validate or load produced, with the analyst's own file names restored."""

    mode: Literal["validate", "load", "delete"]
    report: BatchReport
    original_names: dict[str, str]  # staged path -> the name the analyst uploaded

    @property
    def status(self) -> str:
        return self.report.status

    def name_of(self, path: str) -> str:
        return self.original_names.get(path, PurePosixPath(path).name)


def safe_name(original: str, taken: set[str]) -> str:
    """A file name that is safe to create: base name only, no separators or dot-files.

    Letters of any script survive (the record kind may be named in Chinese: 会员.csv), as do
    digits, `.`, `_` and `-`; anything else becomes `_`. Duplicates get a numeric suffix.
    """
    base = unicodedata.normalize("NFKC", original).replace("\\", "/").split("/")[-1]
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    stem = _UNSAFE.sub("_", stem).strip("._-")[:MAX_STEM] or "file"
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:8]
    candidate = f"{stem}.{extension}" if extension else stem
    counter = 2
    while candidate.lower() in taken:
        candidate = f"{stem}_{counter}.{extension}" if extension else f"{stem}_{counter}"
        counter += 1
    taken.add(candidate.lower())
    return candidate


@contextlib.contextmanager
def staged(uploads: Sequence[Upload]) -> Iterator[tuple[list[Path], dict[str, str]]]:
    """The uploads written to a private temp folder (0700); removed on exit."""
    folder = Path(tempfile.mkdtemp(prefix="coop-upload-"))
    try:
        taken: set[str] = set()
        paths: list[Path] = []
        names: dict[str, str] = {}
        for upload in uploads:
            path = folder / safe_name(upload.name, taken)
            path.write_bytes(upload.data)
            paths.append(path)
            names[str(path)] = upload.name
        yield paths, names
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def signature(uploads: Sequence[Upload], kind: str | None) -> str:
    """Identifies a set of uploads, so a rerun does not validate the same files twice."""
    digest = hashlib.sha256((kind or "").encode())
    for upload in uploads:
        digest.update(upload.name.encode("utf-8", "replace"))
        digest.update(hashlib.sha256(upload.data).digest())
    return digest.hexdigest()


def run(
    uploads: Sequence[Upload],
    *,
    data_dir: DataDir,
    mode: Literal["validate", "load"],
    kind: str | None = None,
    user: str | None = None,
) -> Outcome:
    """Validate (writes nothing) or load the uploads as one atomic batch."""
    from etl.errors import UsageError
    from etl.pipeline import run_batch  # the ETL and its validators load only when needed

    limit = max_upload_bytes()
    for upload in uploads:
        if len(upload.data) > limit:
            raise UsageError(
                "upload.too_large", value=upload.name, detail=f"{limit / 1024 / 1024:g}"
            )
    with staged(uploads) as (paths, names):
        report = run_batch(
            paths, data_dir=data_dir, mode=mode, source="upload", user=user, kind=kind
        )
    return Outcome(mode, report, names)


def withdraw(
    *, data_dir: DataDir, kind: str, ids: str, reason: str, user: str | None = None
) -> Outcome:
    """Withdraw records as `coop delete` does; `ids` as typed: separated by spaces or commas."""
    from etl.withdraw import withdraw as withdraw_records

    wanted = [part for part in re.split(r"[\s,，、]+", ids) if part]
    report = withdraw_records(data_dir, kind, wanted, reason=reason, user=user)
    return Outcome("delete", report, {})


def problems_frame(outcome: Outcome, lang: str) -> pl.DataFrame:
    """Every error and warning: file, severity, row, column, value, rule, message."""
    rows = []
    for file in outcome.report.files:
        for severity, problems in (("error", file.errors), ("warning", file.warnings)):
            for problem in sorted(problems, key=lambda p: p.sort_key()):
                rows.append(
                    {
                        t("data.file", lang): outcome.name_of(file.path),
                        t("data.severity", lang): t(f"data.severity.{severity}", lang),
                        t("data.row", lang): problem.row,
                        t("data.column", lang): problem.column,
                        t("data.value", lang): problem.value,
                        t("data.rule", lang): problem.rule,
                        t("data.message", lang): problem.message(lang),
                    }
                )
    schema = {
        t("data.file", lang): pl.String,
        t("data.severity", lang): pl.String,
        t("data.row", lang): pl.Int64,
        t("data.column", lang): pl.String,
        t("data.value", lang): pl.String,
        t("data.rule", lang): pl.String,
        t("data.message", lang): pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def files_frame(outcome: Outcome, lang: str) -> pl.DataFrame:
    """One row per file: name, kind, rows, records new / replaced / the same as stored (empty
    for a file not compared: it has errors), errors, warnings."""
    files = outcome.report.files
    counts = {
        part: [f.counts[part] if f.counts is not None else None for f in files]
        for part in ("new", "replaced", "same")
    }
    return pl.DataFrame(
        {
            t("data.file", lang): [outcome.name_of(f.path) for f in files],
            t("kind", lang): [
                kind_label(f.kind, lang) if f.kind else t("none", lang) for f in files
            ],
            t("data.rows", lang): [f.rows for f in files],
            **{t(f"data.counts.{part}", lang): values for part, values in counts.items()},
            t("data.errors", lang): [len(f.errors) for f in files],
            t("data.warnings", lang): [len(f.warnings) for f in files],
        },
        schema={
            t("data.file", lang): pl.String,
            t("kind", lang): pl.String,
            t("data.rows", lang): pl.Int64,
            **{t(f"data.counts.{part}", lang): pl.Int64 for part in counts},
            t("data.errors", lang): pl.Int64,
            t("data.warnings", lang): pl.Int64,
        },
    )


def updates_frame(outcome: Outcome, lang: str) -> pl.DataFrame:
    """Every replaced record, one row per changed field: file, id, row, column (as the file's
    header names it), old, new (empty = no value)."""
    from etl.report import header_name

    rows = [
        {
            t("data.file", lang): outcome.name_of(f.path),
            t("data.record", lang): update.id,
            t("data.row", lang): update.row,
            t("data.column", lang): header_name(column, f.headers),
            t("data.old", lang): old,
            t("data.new", lang): new,
        }
        for f in outcome.report.files
        for update in f.updates
        for column, old, new in update.changes
    ]
    schema = {
        t("data.file", lang): pl.String,
        t("data.record", lang): pl.String,
        t("data.row", lang): pl.Int64,
        t("data.column", lang): pl.String,
        t("data.old", lang): pl.String,
        t("data.new", lang): pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def identity_warnings(outcome: Outcome, lang: str) -> list[str]:
    """The replacements that change a record's identity (likely a reused id), in words."""
    return [
        f"{outcome.name_of(f.path)} · {p.message(lang, f.headers)}"
        for f in outcome.report.files
        for p in sorted(f.warnings, key=lambda p: p.sort_key())
        if p.rule == "identity_changed"
    ]


def summary(outcome: Outcome, lang: str) -> tuple[str, str]:
    """(kind of message: success | warning | error, the text)."""
    report = outcome.report
    files = len(report.files)
    if outcome.mode == "delete":
        if report.status == "accepted":
            return "success", t("data.withdrawn", lang, records=report.row_count)
        return "error", t("data.withdraw.refused", lang, errors=report.error_count)
    if report.status == "valid":
        if all(f.is_unchanged for f in report.files):
            return "warning", t("data.report.unchanged", lang, files=files)
        return "success", t(
            "data.report.valid",
            lang,
            files=files,
            rows=report.row_count,
            warnings=report.warning_count,
        ) + t("data.report.counts", lang, **_counts(report))
    if report.status == "invalid":
        return "error", t(
            "data.report.invalid", lang, errors=report.error_count, warnings=report.warning_count
        )
    if report.status == "accepted":
        return "success", t("data.loaded.accepted", lang, files=files, rows=report.row_count) + t(
            "data.report.counts", lang, **_counts(report)
        )
    if report.status == "unchanged":
        return "warning", t("data.loaded.unchanged", lang)
    return "error", t("data.loaded.rejected", lang, errors=report.error_count)


def _counts(report: BatchReport) -> dict[str, int]:
    """Records new / replaced / the same, over the batch's files."""
    return {
        part: sum((f.counts or {}).get(part, 0) for f in report.files)
        for part in ("new", "replaced", "same")
    }
