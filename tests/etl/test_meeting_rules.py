"""Meeting rules (which conferences count as international meetings), the rule in force as a
setting, and the columns the rules and the period targets read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from etl import meeting_rules
from etl.config import DataDir
from tests.helpers import query, write

Coop = Callable[..., tuple[int, Any]]

UNITS = "unit_id,name_zh,parent_unit_id\nHQ,本院,\n"
ORGS = "org_id,name_en,scope,hq_country\nIUPAC,IUPAC,specialized,US\n"
# Series "GA" held in FR, DE and JP (three countries); series "WS" only in FR.
CONFERENCES = (
    "conference_id,unit_id,org_id,title,role,format,start_date,end_date,country,"
    "attendees_total,foreign_attendees,series\n"
    "C1,HQ,IUPAC,GA 2022,attended,,2022-05-01,2022-05-04,FR,800,700,GA\n"
    "C2,HQ,IUPAC,GA 2023,attended,,2023-05-01,2023-05-04,DE,900,850,GA\n"
    "C3,HQ,IUPAC,GA 2024,attended,,2024-05-01,2024-05-04,JP,40,30,GA\n"  # too few people
    "C4,HQ,IUPAC,GA 2025,attended,,2025-05-01,2025-05-04,FR,,,GA\n"  # size not recorded
    "C5,HQ,,Workshop,attended,,2024-06-01,,FR,300,100,WS\n"  # one country only
    "C6,HQ,,One-off forum,hosted,,2024-07-01,,CN,500,200,\n"  # regular? not recorded
)


@pytest.fixture
def loaded(coop: Coop, data_dir: DataDir, inbox: Path) -> DataDir:
    write(inbox, "units.csv", UNITS)
    write(inbox, "organizations.csv", ORGS)
    write(inbox, "conferences.csv", CONFERENCES)
    code, report = coop("load", str(inbox))
    assert code == 0, report
    return data_dir


def qualification(data_dir: DataDir) -> dict[str, str]:
    return dict(
        query(data_dir, "SELECT conference_id, qualification FROM conference_qualification")
    )


def qualified(data_dir: DataDir) -> dict[int, float]:
    return dict(
        query(
            data_dir,
            "SELECT year, value FROM indicator_values"
            " WHERE indicator = 'conferences_qualified' AND unit_id IS NULL",
        )
    )


def test_by_default_every_recorded_conference_counts(loaded: DataDir) -> None:
    assert set(qualification(loaded).values()) == {"qualified"}
    assert qualified(loaded) == {2022: 1, 2023: 1, 2024: 3, 2025: 1}


def test_icca_criteria_and_what_the_data_cannot_judge(coop: Coop, loaded: DataDir) -> None:
    code, out = coop("config", "set", "meeting_rule", "ICCA")
    assert code == 0 and out == {"meeting_rule": "ICCA"}
    assert qualification(loaded) == {
        "C1": "qualified",
        "C2": "qualified",
        "C3": "not_qualified",  # 40 participants
        "C4": "unknown",  # attendees not recorded: never counted as met
        "C5": "not_qualified",  # its series was held in one country
        "C6": "unknown",  # no series recorded: regularity cannot be judged
    }
    assert qualified(loaded) == {2022: 1, 2023: 1, 2024: 0, 2025: 0}
    # The setting survives a rebuild from the archive.
    assert coop("rebuild")[0] == 0
    assert qualified(loaded)[2022] == 1 and qualification(loaded)["C4"] == "unknown"


def test_uia_counts_meetings_under_an_organization(coop: Coop, loaded: DataDir) -> None:
    assert coop("config", "set", "meeting_rule", "UIA")[0] == 0
    judged = qualification(loaded)
    assert judged["C1"] == "qualified" and judged["C5"] == judged["C6"] == "not_qualified"


def test_an_admin_adds_a_rule_of_their_own_as_data(coop: Coop, loaded: DataDir) -> None:
    (loaded.root / "meeting_rules.toml").write_text(
        "[[rule]]\n"
        'id = "big"\nname_zh = "大型会议"\nname_en = "Large meetings"\n'
        'source_zh = "本院自定"\nsource_en = "The academy\'s own"\n'
        "min_participants = 500\nmin_foreign_share = 0.5\n",
        encoding="utf-8",
    )
    code, listed = coop("config", "rules")
    assert code == 0 and [r["id"] for r in listed["rules"]] == ["all", "ICCA", "UIA", "big"]
    assert coop("config", "set", "meeting_rule", "big")[0] == 0
    judged = qualification(loaded)
    assert judged["C1"] == "qualified"  # 800 people, 700 from abroad
    assert judged["C6"] == "not_qualified"  # 500 people, 200 from abroad
    assert judged["C4"] == "unknown"


def test_an_unknown_rule_is_refused_and_changes_nothing(coop: Coop, loaded: DataDir) -> None:
    code, out = coop("config", "set", "meeting_rule", "EUROSTAT")
    assert code == 2 and out["rule"] == "meeting_rule.unknown"
    assert meeting_rules.in_force(loaded).id == "all"


def test_every_shipped_rule_names_its_source() -> None:
    for rule in meeting_rules.rules().values():
        assert rule.source_zh and rule.source_en
        if rule.id != "all":
            assert rule.url and rule.url.startswith("https://")


def test_the_new_columns_keep_their_rules(coop: Coop, inbox: Path) -> None:
    write(inbox, "units.csv", UNITS)
    write(inbox, "organizations.csv", ORGS)
    write(
        inbox,
        "conferences.csv",
        "conference_id,unit_id,title,role,start_date,country,attendees_total,foreign_attendees\n"
        "C1,HQ,X,attended,2024-01-01,FR,100,120\n",
    )
    write(
        inbox,
        "offices.csv",
        "office_id,org_id,unit_id,office_type,city,country,status,negotiation_date,approved_date\n"
        "F1,IUPAC,HQ,branch,南京,CN,approved,2024-05,2024-03-01\n",
    )
    write(inbox, "targets.csv", "year,end_year,indicator,target\n2025,2021,posts_held,3\n")
    code, report = coop("validate", str(inbox))
    assert code == 1
    found = {
        (f["kind"], e["row"], e["column"], e["rule"]) for f in report["files"] for e in f["errors"]
    }
    assert found == {
        ("conferences", 2, "foreign_attendees", "at_most"),
        ("offices", 2, "approved_date", "date_order"),
        ("targets", 2, "end_year", "date_order"),
    }


def test_an_empty_end_year_is_the_year_itself(coop: Coop, data_dir: DataDir, inbox: Path) -> None:
    write(inbox, "units.csv", UNITS)
    write(
        inbox,
        "targets.csv",
        "年度,截止年度,指标,目标值\n2024,,posts_held,3\n2021,2025,posts_held,5\n",
    )
    assert coop("load", str(inbox))[0] == 0
    assert query(data_dir, "SELECT year, end_year, target FROM targets ORDER BY year") == [
        (2021, 2025, 5.0),
        (2024, 2024, 3.0),
    ]
