"""What a batch produced: report entries per file, in the contract's JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from etl.i18n import text
from etl.schema import MAX_REPORTED_VALUE


@dataclass(frozen=True)
class Problem:
    """One report entry: which row (spreadsheet numbering), column and value broke which rule."""

    rule: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    fields: tuple[tuple[str, str], ...] = ()  # extra template fields (allowed, zh, detail …)

    @property
    def reported_value(self) -> str | None:
        """The value as quoted back to people: cut short, the full cell stays in the file."""
        if self.value is None or len(self.value) <= MAX_REPORTED_VALUE:
            return self.value
        return self.value[:MAX_REPORTED_VALUE] + f"…（+{len(self.value) - MAX_REPORTED_VALUE}）"

    def message(self, lang: str, headers: dict[str, str] | None = None) -> str:
        """In words; `headers` names the column as the file's header does."""
        return text(
            self.rule,
            lang,
            row=self.row,
            column=header_name(self.column, headers or {}),
            value=self.reported_value,
            **dict(self.fields),
        )

    def to_json(self, lang: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": header_name(self.column, headers or {}),
            "value": self.reported_value,
            "rule": self.rule,
            "message": self.message(lang, headers),
        }

    def sort_key(self) -> tuple[int, str, str]:
        return (self.row or 0, self.column or "", self.rule)


@dataclass(frozen=True)
class Update:
    """A record the file replaces: its id, the file's row, and each changed field (old, new)."""

    id: str
    row: int | None
    changes: tuple[tuple[str, str | None, str | None], ...]  # (column, old, new)

    def to_json(self, headers: dict[str, str]) -> dict[str, Any]:
        return {
            "id": self.id,
            "row": self.row,
            "changes": {header_name(c, headers): [old, new] for c, old, new in self.changes},
        }


def header_name(column: str | None, headers: dict[str, str]) -> str | None:
    """A column as the file's own header names it (`会议编号`), several joined by commas."""
    if column is None or not headers:
        return column
    return ",".join(headers.get(part, part) for part in column.split(","))


@dataclass
class FileReport:
    path: str
    kind: str | None = None
    rows: int = 0
    sha256: str = ""
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # What the loader understood for the analyst (美国 → US, 副主席 → leader): not problems.
    notes: list[Problem] = field(default_factory=list)
    # Rows that are not records (title rows above the header, totals, footers), rule = reason.
    skipped_rows: list[Problem] = field(default_factory=list)
    # canonical column → the header as the file wrote it; reports name columns this way.
    headers: dict[str, str] = field(default_factory=dict)
    # Set when the batch is compared with the warehouse: new / replaced / same records.
    counts: dict[str, int] | None = None
    updates: list[Update] = field(default_factory=list)
    is_unchanged: bool = False  # changes no record the warehouse holds

    @property
    def name(self) -> str:
        from pathlib import PurePath

        return PurePath(self.path).name

    def _problems(self, problems: list[Problem], lang: str) -> list[dict[str, Any]]:
        return [p.to_json(lang, self.headers) for p in sorted(problems, key=Problem.sort_key)]

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "rows": self.rows,
            "sha256": self.sha256,
            "errors": self._problems(self.errors, lang),
            "warnings": self._problems(self.warnings, lang),
            "notes": self._problems(self.notes, lang),
            "skipped_rows": [
                {"row": p.row, "reason": p.message(lang, self.headers)}
                for p in sorted(self.skipped_rows, key=Problem.sort_key)
            ],
            "counts": self.counts or {"new": 0, "replaced": 0, "same": 0},
            "updates": [u.to_json(self.headers) for u in self.updates],
        }


STATUSES = ("accepted", "unchanged", "rejected", "valid", "invalid")


@dataclass
class BatchReport:
    status: str
    files: list[FileReport] = field(default_factory=list)
    run_id: str | None = None

    @property
    def error_count(self) -> int:
        return sum(len(f.errors) for f in self.files)

    @property
    def warning_count(self) -> int:
        return sum(len(f.warnings) for f in self.files)

    @property
    def row_count(self) -> int:
        return sum(f.rows for f in self.files)

    @property
    def exit_code(self) -> int:
        return 1 if self.status in ("rejected", "invalid") else 0

    def to_json(self, lang: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "files": [f.to_json(lang) for f in self.files],
        }
        if self.run_id:
            out["run_id"] = self.run_id
        return out
