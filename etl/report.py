"""What a batch produced: report entries per file, in the contract's JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from etl.messages import render
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

    def message(self, lang: str) -> str:
        return render(
            self.rule,
            lang,
            row=self.row,
            column=self.column,
            value=self.reported_value,
            **dict(self.fields),
        )

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.reported_value,
            "rule": self.rule,
            "message": self.message(lang),
        }

    def sort_key(self) -> tuple[int, str, str]:
        return (self.row or 0, self.column or "", self.rule)


@dataclass
class FileReport:
    path: str
    kind: str | None = None
    rows: int = 0
    sha256: str = ""
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    is_unchanged: bool = False  # byte-identical to a file loaded before

    @property
    def name(self) -> str:
        from pathlib import PurePath

        return PurePath(self.path).name

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "rows": self.rows,
            "sha256": self.sha256,
            "errors": [p.to_json(lang) for p in sorted(self.errors, key=Problem.sort_key)],
            "warnings": [p.to_json(lang) for p in sorted(self.warnings, key=Problem.sort_key)],
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
