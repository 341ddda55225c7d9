"""What the loader understands in analysts' files, and what it reports it understood.

Countries and currencies by name, partial and Excel-serial dates, 至今, post titles as levels,
ids as analysts write them, checksummed identifiers, online meetings, organizations without a
headquarters country, the paper's soft rules, and the human report's wording.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from etl import places
from etl.config import DataDir
from tests.helpers import query, write

Coop = Callable[..., tuple[int, Any]]

UNITS = "单位编号,单位名称,上级单位编号\n总院 HQ,江南省科学院,\n化学所 & 催化,化学研究所,总院 HQ\n"
ORGS = (
    "组织编号,英文名称,组织类型,总部所在国,ROR编号\n"
    "ISC,International Science Council,综合性,法国,https://ror.org/05dxps055\n"
    "IUPAC,Intl Union of Pure and Applied Chemistry,专业性,美国,\n"
    "K-ORG,Korea Org,专业性,韩国,\n"
    "NOHQ,Somewhere Society,专业性,,\n"
)


def _file(report: dict[str, Any], kind: str) -> dict[str, Any]:
    (found,) = [f for f in report["files"] if f["kind"] == kind]
    return found


def _load(coop: Coop, inbox: Path, *files: tuple[str, str]) -> dict[str, Any]:
    write(inbox, "units.csv", UNITS)
    write(inbox, "organizations.csv", ORGS)
    for name, text in files:
        write(inbox, name, text)
    code, report = coop("load", str(inbox))
    assert code == 0, json.dumps(report, ensure_ascii=False, indent=1)
    return report


# ---- countries and currencies ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("美国", "US"), ("英国", "GB"), ("韩国", "KR"), ("UK", "GB"), ("USA", "US"),
        ("U.S.A.", "US"), ("South Korea", "KR"), ("Czechia", "CZ"), ("Türkiye", "TR"),
        ("法國", "FR"), ("德国", "DE"), ("Germany", "DE"), ("jp", "JP"), ("中國", "CN"),
        ("刚果（金）", "CD"), ("Vietnam", "VN"), ("台湾", "TW"),
    ],
)  # fmt: skip
def test_country_names_in_chinese_and_english_become_codes(written: str, code: str) -> None:
    assert places.resolve(written, "country").code == code


@pytest.mark.parametrize(
    ("written", "code"),
    [("美元", "USD"), ("人民币", "CNY"), ("欧元", "EUR"), ("瑞士法郎", "CHF"), ("英镑", "GBP"),
     ("日元", "JPY"), ("usd", "USD"), ("US Dollar", "USD"), ("RMB", "CNY")],
)  # fmt: skip
def test_currency_names_become_codes(written: str, code: str) -> None:
    assert places.resolve(written, "currency").code == code


def test_an_unknown_or_ambiguous_country_is_not_guessed() -> None:
    unknown = places.resolve("Frnace", "country")
    assert unknown.code is None and unknown.suggestions[0].endswith("FR")
    assert places.resolve("Korea", "country").ambiguous == ("KP", "KR")
    assert places.resolve("刚果", "country").ambiguous == ("CD", "CG")


def test_every_short_form_in_the_aliases_file_names_real_codes() -> None:
    from importlib import resources

    for name, domain in (("country_aliases.csv", "country"), ("currency_aliases.csv", "currency")):
        text = resources.files("etl").joinpath("catalog", name).read_text(encoding="utf-8")
        for line in text.splitlines()[1:]:
            alias, listed = line.rsplit(",", 1)
            for code in listed.split():
                assert code in places.codes(domain), (alias, code)  # type: ignore[arg-type]
            found = places.resolve(alias, domain)  # type: ignore[arg-type]
            assert (found.code,) == tuple(listed.split()) or found.ambiguous, alias


def test_names_load_as_codes_with_a_note_per_name(
    coop: Coop, data_dir: DataDir, inbox: Path
) -> None:
    report = _load(coop, inbox)
    assert query(data_dir, "SELECT org_id, hq_country, ror_id FROM organizations ORDER BY 1") == [
        ("ISC", "FR", "05dxps055"),
        ("IUPAC", "US", None),
        ("K-ORG", "KR", None),
        ("NOHQ", None, None),
    ]
    orgs = _file(report, "organizations")
    notes = {(n["row"], n["column"], n["value"]) for n in orgs["notes"]}
    assert notes == {
        (2, "总部所在国", "法国"),
        (3, "总部所在国", "美国"),
        (4, "总部所在国", "韩国"),
    }
    # Organizations without a headquarters country load, with one warning for the file.
    (warning,) = orgs["warnings"]
    assert (warning["rule"], warning["row"], warning["column"]) == (
        "hq_country_missing",
        5,
        "总部所在国",
    )


def test_an_unknown_country_is_an_error_suggesting_names(coop: Coop, inbox: Path) -> None:
    write(inbox, "units.csv", UNITS)
    write(
        inbox, "organizations.csv", "org_id,name_en,scope,hq_country\nX,X Soc,specialized,Frnace\n"
    )
    code, report = coop("validate", str(inbox), "--lang", "zh")
    assert code == 1
    (error,) = _file(report, "organizations")["errors"]
    assert (error["row"], error["column"], error["rule"]) == (2, "hq_country", "country")
    assert "法国 FR" in error["message"]


# ---- dates -----------------------------------------------------------------------------------

POSTS = (
    "任职编号,姓名,人员编号,单位编号,组织编号,职务,职务级别,任职开始,任职结束\n"
    "P1,王强,0000-0002-1825-0097,化学所 & 催化,IUPAC,副主席,副主席,2021年6月,至今\n"
    "P2,李娜,https://orcid.org/0000-0001-5109-3700,总院 HQ,ISC,理事,常务理事,2019,2020\n"
    "P3,赵敏,S-007,化学所 & 催化,IUPAC,委员,委员,44816,2023-06\n"
)


def test_partial_dates_keep_their_precision_and_cover_their_period(
    coop: Coop, data_dir: DataDir, inbox: Path
) -> None:
    report = _load(coop, inbox, ("posts.csv", POSTS))
    rows = query(
        data_dir,
        "SELECT post_id, person_id, level, start_date, start_date_precision, end_date,"
        " end_date_precision FROM posts ORDER BY post_id",
    )
    assert [tuple(map(str, r)) for r in rows] == [
        ("P1", "0000-0002-1825-0097", "leader", "2021-06-01", "month", "None", "None"),
        ("P2", "0000-0001-5109-3700", "council", "2019-01-01", "year", "2020-12-31", "year"),
        ("P3", "S-007", "committee", "2022-09-12", "day", "2023-06-30", "month"),
    ]
    posts = _file(report, "posts")
    understood = sorted((n["row"], n["column"], n["value"], n["rule"]) for n in posts["notes"])
    assert understood == [
        (2, "任职结束", "至今", "note.open_end"),
        (2, "职务级别", "副主席", "note.mapped"),
        (3, "职务级别", "常务理事", "note.mapped"),
        (4, "职务级别", "委员", "note.mapped"),
    ]
    # A post ending "2020" is in force through 31 Dec 2020; one from "2021年6月" all of 2021.
    held = dict(
        query(
            data_dir,
            "SELECT year, value FROM indicator_values WHERE indicator = 'posts_held'"
            " AND unit_id IS NULL",
        )
    )
    assert held[2019] == held[2020] == 1 and held[2021] == 1 and held[2022] == 2


@pytest.mark.parametrize("bad", ["03/04/2021", "2021-13", "2021年13月", "21-06-01", "1234"])
def test_anything_else_in_a_date_is_an_error(coop: Coop, inbox: Path, bad: str) -> None:
    write(inbox, "units.csv", UNITS)
    write(inbox, "organizations.csv", ORGS)
    write(inbox, "posts.csv", POSTS.splitlines()[0] + f"\nP9,王,,总院 HQ,ISC,主席,leader,{bad},\n")
    code, report = coop("validate", str(inbox))
    assert code == 1
    (error,) = _file(report, "posts")["errors"]
    assert (error["row"], error["column"], error["rule"]) == (2, "任职开始", "type.date")


def test_a_conference_date_must_be_a_whole_day(coop: Coop, inbox: Path) -> None:
    write(inbox, "units.csv", UNITS)
    write(inbox, "organizations.csv", ORGS)
    write(
        inbox,
        "conferences.csv",
        "conference_id,unit_id,title,role,start_date,country\nC1,总院 HQ,Forum,参加,2021-06,CN\n",
    )
    code, report = coop("validate", str(inbox))
    assert code == 1
    assert [e["rule"] for e in _file(report, "conferences")["errors"]] == ["type.date"]


def test_checksums_of_orcid_and_ror(coop: Coop, inbox: Path) -> None:
    write(inbox, "units.csv", UNITS)
    write(
        inbox,
        "organizations.csv",
        "org_id,name_en,scope,hq_country,ror_id\nA,A,specialized,FR,05dxps056\n",
    )
    write(
        inbox,
        "posts.csv",
        "post_id,person_name,person_id,unit_id,org_id,position,level,start_date\n"
        "P1,王,0000-0002-1825-0098,总院 HQ,A,Chair,leader,2020-01-01\n",
    )
    code, report = coop("validate", str(inbox))
    assert code == 1
    assert [e["rule"] for e in _file(report, "organizations")["errors"]] == ["check.ror"]
    assert [e["rule"] for e in _file(report, "posts")["errors"]] == ["check.orcid"]


# ---- conferences -----------------------------------------------------------------------------

CONFERENCES = (
    "会议编号,单位编号,组织编号,会议名称,参与方式,形式,开始日期,城市,国家\n"
    "C 1,总院 HQ,ISC,Cloud Forum,参加,线上,2022-03-01,,\n"
    "C 2,总院 HQ,ISC,Online but placed,参加,线上,2022-04-01,Tokyo,日本\n"
    "C 3,总院 HQ,,Paris Meeting,主办,线下,2022-05-01,Paris,法国\n"
)


def test_online_meetings_need_no_country_and_add_none(
    coop: Coop, data_dir: DataDir, inbox: Path
) -> None:
    _load(coop, inbox, ("conferences.csv", CONFERENCES))
    countries = query(
        data_dir,
        "SELECT value FROM indicator_values WHERE indicator = 'countries_engaged'"
        " AND year = 2022 AND unit_id IS NULL",
    )
    # ISC's headquarters (FR) and the Paris meeting (FR): the online meetings add no JP.
    assert countries == [(1.0,)]


def test_an_in_person_meeting_still_needs_its_country(coop: Coop, inbox: Path) -> None:
    write(inbox, "units.csv", UNITS)
    write(inbox, "organizations.csv", ORGS)
    write(
        inbox,
        "conferences.csv",
        CONFERENCES.splitlines()[0] + "\nC9,总院 HQ,,X,参加,,2022-01-01,,\n",
    )
    code, report = coop("validate", str(inbox))
    assert code == 1
    (error,) = _file(report, "conferences")["errors"]
    assert (error["column"], error["rule"]) == ("国家", "required_when")


# ---- soft rules ------------------------------------------------------------------------------

MEMBERSHIPS = "会员编号,单位编号,组织编号,会员类型,姓名,状态,加入日期,终止日期\n"


def test_comprehensive_membership_by_a_sub_unit_names_the_organization(
    coop: Coop, inbox: Path
) -> None:
    report = _load(
        coop,
        inbox,
        (
            "memberships.csv",
            MEMBERSHIPS
            + "M1,化学所 & 催化,ISC,单位会员,,有效,2020-01-01,\n"
            + "M2,化学所 & 催化,ISC,单位会员,,意向,,\n",
        ),
    )
    warnings = _file(report, "memberships")["warnings"]
    found = sorted((w["row"], w["column"], w["value"], w["rule"]) for w in warnings)
    assert ("化学所 & 催化" in warnings[0]["message"]) and found[0] == (
        2,
        "组织编号",
        "ISC",
        "comprehensive_by_headquarters",
    )
    assert (3, "组织编号", "ISC", "comprehensive_by_headquarters") in found


def test_an_intention_is_not_flagged_when_the_headquarters_holds_it(
    coop: Coop, inbox: Path
) -> None:
    report = _load(
        coop,
        inbox,
        (
            "memberships.csv",
            MEMBERSHIPS
            + "M1,总院 HQ,ISC,单位会员,,有效,2020-01-01,\n"
            + "M2,化学所 & 催化,ISC,单位会员,,申请中,,\n",
        ),
    )
    assert _file(report, "memberships")["warnings"] == []


def test_the_same_membership_held_twice_at_once_is_a_warning(coop: Coop, inbox: Path) -> None:
    text = (
        MEMBERSHIPS
        + "M1,化学所 & 催化,IUPAC,单位会员,,有效,2018-01-01,\n"
        + "M2,化学所 & 催化,IUPAC,单位会员,,有效,2020-05-01,\n"
        + "M3,化学所 & 催化,IUPAC,单位会员,,已失效,2010-01-01,2012-12-31\n"
        + "M4,化学所 & 催化,IUPAC,个人会员,李娜,有效,2020-01-01,\n"
    )
    report = _load(coop, inbox, ("memberships.csv", text))
    warnings = _file(report, "memberships")["warnings"]
    assert sorted((w["row"], w["rule"]) for w in warnings) == [
        (2, "duplicate_membership"),
        (3, "duplicate_membership"),
    ]


def test_a_duplicate_of_a_stored_membership_is_found_too(coop: Coop, inbox: Path) -> None:
    _load(coop, inbox, ("memberships.csv", MEMBERSHIPS + "M1,总院 HQ,IUPAC,单位会员,,有效,2018,\n"))
    later = inbox / "later"
    later.mkdir()
    write(later, "memberships.csv", MEMBERSHIPS + "M9,总院 HQ,IUPAC,单位会员,,有效,2021-03,\n")
    code, report = coop("load", str(later))
    assert code == 0
    (warning,) = _file(report, "memberships")["warnings"]
    assert warning["rule"] == "duplicate_membership" and "M1" in warning["message"]


# ---- the human report -------------------------------------------------------------------------


def test_the_human_report_groups_repeated_messages_and_lists_notes(
    data_dir: DataDir, inbox: Path
) -> None:
    write(inbox, "units.csv", UNITS)
    write(
        inbox,
        "organizations.csv",
        "组织编号,英文名称,组织类型,总部所在国\n"
        + "".join(f"O{i},Org {i},专业性,Atlantis\n" for i in range(30))
        + "OK,Fine,专业性,美国\n",
    )
    done = subprocess.run(
        [sys.executable, "-m", "etl", "validate", str(inbox), "--lang", "zh",
         "--data-dir", str(data_dir.root)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    out = done.stdout
    assert "30 行（第 2、3、4" in out and "总部所在国 · 国家：无法识别国家“Atlantis”" in out
    assert out.count("Atlantis") == 1  # one line for the thirty rows
    assert "已理解" in out and "“美国”理解为 US" in out
    assert "Traceback" not in out + done.stderr


def test_history_in_chinese_names_statuses_and_sources_in_chinese(
    coop: Coop, data_dir: DataDir, inbox: Path
) -> None:
    _load(coop, inbox)
    code, out = coop("history", "--lang", "zh", json_out=False)
    assert code == 0
    (line,) = [ln for ln in out.splitlines() if ln.strip()]
    assert "已载入" in line and "命令行" in line and "accepted" not in line
