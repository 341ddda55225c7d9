"""Where the table is in a sheet: its header row, its record kind, and the rows that are no records.

Analysts' sheets carry more than the table: title rows above the header (`2023年国际会议统计表`,
a merged title cell, the unit that filled it in), total rows (`合计`) and footers (`填表人：…`,
`注：…`) below it. This module finds the header among the first rows, tells the record kind from
it when the file name does not, and recognises totals and footers, so that the reader loads the
records and reports, row by row, what it skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.errors import FileRejected
from etl.schema import KINDS, Kind, header_aliases

HEADER_SCAN_ROWS = 20  # the header is looked for in the sheet's first rows (as numbered there)


def header_key(text: str | None) -> str:
    """A header cell as compared with column names: case and every kind of space ignored
    (`Unit_ID`, ` 单位 编号 `, a line break typed into the cell with Alt+Enter)."""
    return "".join((text or "").split()).lower()


def column_names(kind: Kind) -> dict[str, str]:
    """Every accepted header spelling, as `header_key` gives it → the canonical column."""
    return {header_key(spelling): column for spelling, column in header_aliases(kind).items()}


@dataclass(frozen=True)
class Header:
    """The row taken as the header of `kind`, and how well it matches the kind's columns."""

    kind: Kind
    index: int  # position among the rows read
    row: int  # spreadsheet row number
    required: int  # required columns the row names
    matched: int  # columns the row names

    @property
    def score(self) -> tuple[bool, int, int]:
        """Better is: every required column named, then more required columns, then more."""
        return (self.required == len(self.kind.required_columns), self.required, self.matched)


def best_header(kind: Kind, rows: list[tuple[int, list[str | None]]]) -> Header | None:
    """The first row naming the most of `kind`'s columns (None if no row names any)."""
    names = column_names(kind)
    required = set(kind.required_columns)
    best: Header | None = None
    for index, (row, cells) in enumerate(rows):
        found = {names[key] for key in map(header_key, cells) if key in names}
        if not found:
            continue
        header = Header(kind, index, row, len(found & required), len(found))
        if best is None or header.score > best.score:
            best = header
    return best


def find_header(kind: Kind, rows: list[tuple[int, list[str | None]]]) -> Header:
    header = best_header(kind, rows)
    if header is None:
        expected = ", ".join(f"{c}/{kind.column(c).zh}" for c in kind.required_columns)
        raise FileRejected(
            "file.no_header", value=kind.name, allowed=expected, detail=str(HEADER_SCAN_ROWS)
        )
    return header


def detect_kind(name: str, rows: list[tuple[int, list[str | None]]]) -> Header:
    """The kind whose columns a header row matches best, when one kind clearly does."""
    found = [h for h in (best_header(k, rows) for k in KINDS.values()) if h is not None]
    if not found:
        allowed = ", ".join(f"{k.name}/{k.zh}" for k in KINDS.values())
        raise FileRejected(
            "file.kind_unknown", detail=name, allowed=allowed, rows=str(HEADER_SCAN_ROWS)
        )
    top = max(h.score for h in found)
    best = [h for h in found if h.score == top]
    if len(best) > 1:
        candidates = ", ".join(f"{h.kind.name}/{h.kind.zh}" for h in best)
        raise FileRejected("file.kind_ambiguous", detail=name, allowed=candidates)
    return best[0]


# ---------------------------------------------------------------------------------------------
# Rows below the header that are no records
#
# A row is a total or a footer when BOTH hold:
#   1. its first non-empty cell is a total word on its own (`合计`, `总 计`, `Total:`; case,
#      spaces and a trailing colon ignored), or begins with a footer label and a colon
#      (`填表人：张三`, `注:`, `说明：…`);
#   2. every other cell of a required column is empty, a number, a dash or slash standing for
#      nothing, or itself such a word or label (`合计, , , 15, 30`; `填表人：张三, , 审核人：李四`).
# A record always names its id and other required text, so no record is skipped: a conference
# titled "Total Synthesis Symposium", or titled just "Total", keeps its id, unit and role.

TOTAL_WORDS = frozenset(
    {"合计", "总计", "小计", "共计", "总合计", "total", "subtotal", "sub-total", "grandtotal"}
)
FOOTER_LABEL = re.compile(
    r"^(填表人|填报人|制表人|审核人|审批人|负责人|联系人|联系电话|填表日期|填报日期|制表日期"
    r"|注\d*|备注|说明|数据来源|资料来源|prepared\s*by|checked\s*by|notes?|source)\s*[：:]",
    re.IGNORECASE,
)
_NUMBER_OR_NOTHING = re.compile(r"^(?:[+-]?[\d,]*\.?\d+%?|[-—–/／]+)$")


def total_word(text: str) -> bool:
    return header_key(text).rstrip(":：") in TOTAL_WORDS


def marker(text: str | None) -> str | None:
    """`skip.total` or `skip.footer` when a cell reads as a total word or a footer label."""
    if not text:
        return None
    if total_word(text):
        return "skip.total"
    if FOOTER_LABEL.match(text.strip()):
        return "skip.footer"
    return None


def no_record(cells: list[str | None], required: list[int]) -> str | None:
    """The skip rule of a body row (`skip.total` / `skip.footer`), or None for a record.

    `cells` are the row's trimmed cells (None where empty); `required` the positions of the
    required columns.
    """
    first = next((i for i, c in enumerate(cells) if c), None)
    if first is None:
        return None
    rule = marker(cells[first])
    if rule is None:
        return None
    for i in required:
        cell = cells[i] if i < len(cells) else None
        if i == first or not cell or _NUMBER_OR_NOTHING.match(cell) or marker(cell):
            continue
        return None
    return rule


# Every total word holds one of 合 总 小 共 or "total"; every footer label ends in a colon. The
# reader checks only rows whose first non-empty cell holds one of these (few, in a large file).
MARKER_HINT = r"(?i)合|总|小|共|total|[：:]"
