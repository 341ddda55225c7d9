"""Meeting rules: which conferences count as "international meetings".

The rules are data (`etl/catalog/meeting_rules.toml`, each with its source; an admin may add
rules of their own in `DATA_DIR/meeting_rules.toml`). The rule in force is a setting of the
data directory (`etl.settings`; `coop config set meeting_rule ICCA` calls
`etl.pipeline.choose_meeting_rule`); every publish writes the
rules into the warehouse's `meeting_rules` table, and `etl/sql/35_meeting_rules.sql` judges each
conference against the one in force (qualified, not qualified, or unknown where a criterion
needs a cell that is empty), which `conferences_qualified` counts.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any

from etl.config import DataDir
from etl.errors import UsageError

DEFAULT_RULE = "all"
USER_RULES = "meeting_rules.toml"


@dataclass(frozen=True)
class MeetingRule:
    id: str
    name_zh: str
    name_en: str
    source_zh: str
    source_en: str
    url: str | None = None
    regular: bool = False
    min_participants: int | None = None
    min_rotation_countries: int | None = None
    min_countries: int | None = None
    min_foreign_share: float | None = None
    min_days: int | None = None
    by_organization: bool = False

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def source(self, lang: str) -> str:
        return self.source_zh if lang == "zh" else self.source_en


CRITERIA = tuple(f.name for f in fields(MeetingRule))[6:]  # regular … by_organization


def _parse(text: str, origin: str) -> list[MeetingRule]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError("meeting_rule.file", path=origin, detail=str(exc)) from None
    known = {f.name for f in fields(MeetingRule)}
    rules = []
    for entry in data.get("rule", []):
        unknown = set(entry) - known
        if unknown or not {"id", "name_zh", "name_en", "source_zh", "source_en"} <= set(entry):
            detail = ", ".join(sorted(unknown)) or "id, name_zh, name_en, source_zh, source_en"
            raise UsageError("meeting_rule.file", path=origin, detail=detail)
        rules.append(MeetingRule(**entry))
    return rules


def rules(data_dir: DataDir | None = None) -> dict[str, MeetingRule]:
    """The shipped rules, then the admin's own (a rule of the same id replaces a shipped one)."""
    shipped = resources.files("etl").joinpath("catalog", "meeting_rules.toml")
    found = {r.id: r for r in _parse(shipped.read_text(encoding="utf-8"), "meeting_rules.toml")}
    if data_dir is not None:
        own = data_dir.root / USER_RULES
        if own.exists():
            found.update({r.id: r for r in _parse(own.read_text(encoding="utf-8"), str(own))})
    return found


def in_force(data_dir: DataDir) -> MeetingRule:
    from etl import settings

    available = rules(data_dir)
    chosen = settings.get(data_dir, "meeting_rule") or DEFAULT_RULE
    return available.get(chosen, available[DEFAULT_RULE])


TABLE_COLUMNS = ("rule_id", *[f.name for f in fields(MeetingRule)][1:], "in_force")


def install(con: Any, data_dir: DataDir) -> None:
    """Write the rules into the warehouse, the one in force marked (every publish does)."""
    chosen = in_force(data_dir).id
    rows = [
        [getattr(r, f.name) for f in fields(MeetingRule)] + [r.id == chosen]
        for r in rules(data_dir).values()
    ]
    con.execute("DELETE FROM meeting_rules")
    marks = ", ".join("?" for _ in TABLE_COLUMNS)
    con.executemany(f"INSERT INTO meeting_rules VALUES ({marks})", rows)
