"""A realistic analyst batch end to end: mixed encodings, Chinese headers and labels, xlsx with
real date cells, every allowed date spelling — exact counts and indicator values worked out by
hand; then reload (unchanged), a correction (upsert), and a rebuild from the archive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from etl import clock
from etl.config import DataDir
from tests.helpers import query, snapshot, write

Coop = Callable[..., tuple[int, Any]]

UNITS = """单位编号,单位名称,英文名称,上级单位编号
HQ,江南省科学院,Jiangnan Academy of Sciences,
CHEM,化学研究所,Institute of Chemistry,HQ
CHEM-LAB,催化实验室,Catalysis Lab,CHEM
PHYS,物理研究所,Institute of Physics,HQ
"""

ORGS = """组织编号,英文名称,中文名称,简称,组织类型,领域,总部所在国,成立年份
ISC,International Science Council,国际科学理事会,ISC,综合性,综合,fr,2018
IUPAC,International Union of Pure and Applied Chemistry,国际纯粹与应用化学联合会,IUPAC,专业性,化学,US,1919
IFAC,International Federation of Automatic Control,国际自动控制联合会,IFAC,Specialized,自动化,AT,1957
"""

# English headers in another order and case; every date spelling; labels and codes mixed.
MEMBERSHIPS = """ Membership_ID ,UNIT_ID,org_id,status,member_type,person_name,start_date,end_date,annual_fee,currency
M1,HQ,ISC,active,institutional,,2018-05-01,,"1,200.50",usd
M2,CHEM,IUPAC,有效,单位会员,,2020/3/5,,,
M3,CHEM-LAB,IFAC,已失效,个人会员,李娜,2019.1.1,2021年6月30日,,
M4,PHYS,IUPAC,意向,单位会员,,,,,
M5,PHYS,ISC,申请中,institutional,,,,,
"""

POSTS = """post_id,person_name,person_id,unit_id,org_id,position,level,start_date,end_date
P1,王强,S001,CHEM,IUPAC,Vice-President,领导职务,2020年1月1日,2021年12月31日
P2,王强,S001,CHEM,IFAC,Committee member,专业委员会,2021-01-01,
P3,赵敏,,CHEM-LAB,IFAC,Council member,理事,2019/6/1,2020/12/31
"""

OFFICES = """机构编号,组织编号,依托单位编号,机构类型,城市,国家,状态,设立日期,撤销日期
O1,IFAC,CHEM-LAB,地区办事处,杭州,CN,已设立,2021-04-01,
O2,IUPAC,HQ,代表处,南京,CN,洽谈中,,
"""

SAFEGUARDS = """措施编号,类别,措施名称,单位编号,状态,计划完成日期,完成日期,金额（元）,人数
S1,制度保障,出台参与国际组织管理办法,,已完成,2020-12-31,2020-11-15,,
S2,资金保障,国际组织任职专项资金,CHEM,实施中,2022-06-30,,500000,3
"""

TARGETS = """年度,指标,单位编号,目标值
2021,联合举办/承办会议数,,2
2021,posts_held,CHEM,2
"""


def _conferences_xlsx(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["会议编号", "单位编号", "组织编号", "会议名称", "参与方式", "形式", "开始日期",
                  "结束日期", "城市", "国家", "本院参会人数"])  # fmt: skip
    sheet.append(["C1", "CHEM", "IUPAC", "2019年IUPAC大会", "参加", "线下",
                  dt.datetime(2019, 7, 5), dt.datetime(2019, 7, 9), "Paris", "FR", 3])  # fmt: skip
    sheet.append(["C2", "CHEM-LAB", "IFAC", "IFAC 工作组会议", "合办", "线上",
                  dt.date(2020, 9, 1), None, None, "CN", 12])  # fmt: skip
    sheet.append(["C3", "HQ", None, "国际科学论坛", "主办", "线上线下",
                  "2021/10/10", "2021年10月12日", "南京", "CN", 40])  # fmt: skip
    sheet.append(["C4", "PHYS", "ISC", "ISC General Assembly", "attended", None,
                  dt.datetime(2021, 3, 1), None, "Tokyo", "jp", 2.0])  # fmt: skip
    book.save(path)
    return path


@pytest.fixture
def analyst_batch(inbox: Path) -> Path:
    write(inbox, "units.csv", UNITS, "utf-8-sig")
    write(inbox, "国际组织.csv", ORGS, "gb18030")
    write(inbox, "memberships_2024Q1.csv", MEMBERSHIPS)
    write(inbox, "posts.csv", POSTS, "gb18030")
    write(inbox, "2024-offices.csv", OFFICES, "utf-8-sig")
    write(inbox, "safeguards.csv", SAFEGUARDS)
    write(inbox, "targets.csv", TARGETS)
    _conferences_xlsx(inbox / "2026-国际会议.xlsx")
    return inbox


def indicator(data_dir: DataDir, year: int, name: str, unit: str | None = None) -> float:
    rows = query(
        data_dir,
        "SELECT value FROM indicator_values WHERE year = ? AND indicator = ? "
        "AND unit_id IS NOT DISTINCT FROM ?",
        [year, name, unit],
    )
    assert len(rows) == 1, (year, name, unit, rows)
    return rows[0][0]


def test_analyst_batch_loads_with_exact_counts_and_values(
    coop: Coop, data_dir: DataDir, analyst_batch: Path
) -> None:
    code, report = coop("load", str(analyst_batch))
    assert code == 0, report
    assert report["status"] == "accepted"
    by_kind = {f["kind"]: f for f in report["files"]}
    assert {k: f["rows"] for k, f in by_kind.items()} == {
        "units": 4, "organizations": 3, "memberships": 5, "conferences": 4,
        "posts": 3, "offices": 2, "safeguards": 2, "targets": 2,
    }  # fmt: skip
    assert all(not f["errors"] for f in report["files"])
    # A sub-unit applying to join a comprehensive organization (row 6) is no deviation here:
    # the headquarters already holds that membership (M1).
    assert by_kind["memberships"]["warnings"] == []

    counts = {k: query(data_dir, f"SELECT count(*) FROM {k}")[0][0] for k in by_kind}
    assert counts == {k: f["rows"] for k, f in by_kind.items()}
    assert query(data_dir, "SELECT org_id, scope, hq_country FROM organizations ORDER BY 1") == [
        ("IFAC", "specialized", "AT"),
        ("ISC", "comprehensive", "FR"),
        ("IUPAC", "specialized", "US"),
    ]
    assert query(
        data_dir,
        "SELECT membership_id, member_type, status, start_date, end_date, annual_fee, currency "
        "FROM memberships ORDER BY 1",
    ) == [
        ("M1", "institutional", "active", dt.date(2018, 5, 1), None, 1200.5, "USD"),
        ("M2", "institutional", "active", dt.date(2020, 3, 5), None, None, None),
        ("M3", "individual", "lapsed", dt.date(2019, 1, 1), dt.date(2021, 6, 30), None, None),
        ("M4", "institutional", "intended", None, None, None, None),
        ("M5", "institutional", "applying", None, None, None, None),
    ]
    assert query(
        data_dir,
        "SELECT conference_id, org_id, role, format, start_date, end_date, country, "
        "staff_attending FROM conferences ORDER BY 1",
    ) == [
        ("C1", "IUPAC", "attended", "in_person", dt.date(2019, 7, 5), dt.date(2019, 7, 9), "FR", 3),
        ("C2", "IFAC", "co_hosted", "online", dt.date(2020, 9, 1), None, "CN", 12),
        ("C3", None, "hosted", "hybrid", dt.date(2021, 10, 10), dt.date(2021, 10, 12), "CN", 40),
        ("C4", "ISC", "attended", "in_person", dt.date(2021, 3, 1), None, "JP", 2),
    ]
    assert query(data_dir, "SELECT post_id, level, start_date FROM posts ORDER BY 1") == [
        ("P1", "leader", dt.date(2020, 1, 1)),
        ("P2", "committee", dt.date(2021, 1, 1)),
        ("P3", "council", dt.date(2019, 6, 1)),
    ]
    assert query(data_dir, "SELECT office_id, office_type, status FROM offices ORDER BY 1") == [
        ("O1", "regional_office", "established"),
        ("O2", "representative_office", "negotiating"),
    ]
    assert query(data_dir, "SELECT * FROM targets ORDER BY indicator") == [
        (2021, "conferences_cohosted", None, 2021, 2.0),  # an empty end year: the year itself
        (2021, "posts_held", "CHEM", 2021, 2.0),
    ]


# Worked by hand from the batch above (see the comments in each row).
ACADEMY_EXPECTED = {
    2018: dict(memberships_active=1, memberships_new=1, orgs_engaged=1, partners_new=1,
               partners_continuing=0, countries_engaged=1, units_engaged=1, depth=1),
    2019: dict(memberships_active=2, memberships_new=1, conferences_attended=1, posts_held=1,
               posts_leader=0, people_in_posts=1, orgs_engaged=3, partners_new=2,
               partners_continuing=1, countries_engaged=3, units_engaged=3, depth=4),
    2020: dict(memberships_active=3, memberships_new=1, conferences_cohosted=1,
               conferences_online=1, posts_held=2, posts_leader=1, people_in_posts=2,
               # the three headquarters (FR, US, AT); C2 was online and adds no country
               orgs_engaged=3, partners_new=0, partners_continuing=3, countries_engaged=3,
               units_engaged=3, safeguards_done=1, depth=5),
    2021: dict(memberships_active=3, memberships_new=0, intention_open=2, conferences_attended=1,
               conferences_cohosted=1, conferences_online=1, posts_held=2, posts_leader=1,
               people_in_posts=1, offices_established=1, orgs_engaged=3, partners_new=0,
               partners_continuing=3, countries_engaged=5, units_engaged=4, safeguards_done=0,
               depth=6),
}  # fmt: skip

UNIT_EXPECTED = {
    # CHEM counts itself and CHEM-LAB.
    ("CHEM", 2019): dict(memberships_active=1, conferences_attended=1, posts_held=1,
                         orgs_engaged=2, partners_new=2, countries_engaged=3, units_engaged=2,
                         depth=4),
    ("CHEM", 2021): dict(memberships_active=2, conferences_attended=0, posts_held=2,
                         posts_leader=1, offices_established=1, orgs_engaged=2, partners_new=0,
                         partners_continuing=2, countries_engaged=2, units_engaged=2, depth=6,
                         intention_open=0),
    ("PHYS", 2021): dict(memberships_active=0, conferences_attended=1, orgs_engaged=1,
                         partners_new=1, countries_engaged=2, units_engaged=1, depth=2,
                         intention_open=2),
    # The headquarters' subtree is every unit, but not the academy-wide safeguard S1.
    ("HQ", 2020): dict(safeguards_done=0, units_engaged=3, memberships_active=3),
}  # fmt: skip


def test_indicators_match_hand_computed_values(
    coop: Coop, data_dir: DataDir, analyst_batch: Path
) -> None:
    assert coop("load", str(analyst_batch))[0] == 0
    for year, expected in ACADEMY_EXPECTED.items():
        for name, value in expected.items():
            assert indicator(data_dir, year, name) == value, (year, name)
    for (unit, year), expected in UNIT_EXPECTED.items():
        for name, value in expected.items():
            assert indicator(data_dir, year, name, unit) == value, (unit, year, name)
    years = [r[0] for r in query(data_dir, "SELECT DISTINCT year FROM indicator_values ORDER BY 1")]
    # Open-ended records (M1, P2, O1) are in force today, so the years run to this year.
    assert years == list(range(2018, clock.today().year + 1))
    this_year = clock.today().year
    assert indicator(data_dir, this_year, "posts_held") == 1  # P2 only
    assert indicator(data_dir, this_year, "offices_established") == 1
    progress = query(
        data_dir,
        "SELECT indicator, unit_id, actual, ratio, status FROM target_progress ORDER BY 1",
    )
    assert progress == [
        ("conferences_cohosted", None, 1.0, 0.5, "off_track"),
        ("posts_held", "CHEM", 2.0, 1.0, "on_track"),
    ]


def test_reload_is_unchanged_and_a_correction_upserts(
    coop: Coop, data_dir: DataDir, analyst_batch: Path, inbox: Path
) -> None:
    assert coop("load", str(analyst_batch))[0] == 0
    before = snapshot(data_dir)
    code, report = coop("load", str(analyst_batch))
    assert (code, report["status"]) == (0, "unchanged")
    assert snapshot(data_dir) == before

    corrected = MEMBERSHIPS.replace(
        "M2,CHEM,IUPAC,有效,单位会员,,2020/3/5,,,",
        "M2,CHEM,IUPAC,已退出,单位会员,,2020/3/5,2021-12-31,,",
    )
    fix = inbox.parent / "fix"
    fix.mkdir()
    write(fix, "memberships-corrected.csv", corrected)
    code, report = coop("load", str(fix))
    assert (code, report["status"]) == (0, "accepted")
    assert query(data_dir, "SELECT count(*) FROM memberships")[0][0] == 5
    assert query(data_dir, "SELECT status, end_date FROM memberships WHERE membership_id='M2'") == [
        ("withdrawn", dt.date(2021, 12, 31))
    ]
    assert indicator(data_dir, clock.today().year, "memberships_active") == 1  # only M1 now
    code, history = coop("history")
    assert [r["status"] for r in history["runs"]] == ["accepted", "unchanged", "accepted"]


def _warehouse_state(data_dir: DataDir) -> dict[str, list[str]]:
    tables = [
        "units", "organizations", "memberships", "conferences", "posts", "offices", "safeguards",
        "targets", "indicator_values", "target_progress", "load_runs", "load_files",
        "load_problems",
    ]  # fmt: skip
    return {t: sorted(map(repr, query(data_dir, f"SELECT * FROM {t}"))) for t in tables}


def test_rebuild_reproduces_the_warehouse_exactly(
    coop: Coop, data_dir: DataDir, analyst_batch: Path, inbox: Path
) -> None:
    assert coop("load", str(analyst_batch))[0] == 0
    fix = inbox.parent / "fix"
    fix.mkdir()
    write(fix, "memberships.csv", MEMBERSHIPS.replace("李娜", "李 娜"))
    bad = inbox.parent / "bad"
    bad.mkdir()
    write(bad, "posts.csv", POSTS.replace("领导职务", "boss"))
    assert coop("load", str(fix))[0] == 0
    assert coop("load", str(bad))[0] == 1
    assert coop("load", str(fix))[1]["status"] == "unchanged"
    before = _warehouse_state(data_dir)

    data_dir.warehouse.unlink()
    code, out = coop("rebuild")
    assert code == 0, out
    assert _warehouse_state(data_dir) == before


def test_validate_writes_nothing(coop: Coop, data_dir: DataDir, analyst_batch: Path) -> None:
    code, report = coop("validate", str(analyst_batch))
    assert (code, report["status"]) == (0, "valid")
    assert not data_dir.warehouse.exists()
    assert not data_dir.archive.exists()


def test_accepted_files_are_archived_unchanged(
    coop: Coop, data_dir: DataDir, analyst_batch: Path
) -> None:
    code, report = coop("load", str(analyst_batch))
    assert code == 0
    for f in report["files"]:
        stored = list(data_dir.archive.glob(f"*/{f['sha256']}/*"))
        assert len(stored) == 1
        assert stored[0].read_bytes() == Path(f["path"]).read_bytes()


def test_refresh_moves_incoming_files(coop: Coop, data_dir: DataDir, analyst_batch: Path) -> None:
    data_dir.incoming.mkdir(parents=True)
    for path in analyst_batch.iterdir():
        path.rename(data_dir.incoming / path.name)
    code, report = coop("refresh")
    assert (code, report["status"]) == (0, "accepted")
    assert list(data_dir.incoming.iterdir()) == []
    assert query(data_dir, "SELECT count(*) FROM units")[0][0] == 4
    # Nothing new: a quiet, successful run that records nothing.
    code, report = coop("refresh")
    assert (code, report["status"]) == (0, "unchanged")
    assert query(data_dir, "SELECT count(*) FROM load_runs")[0][0] == 1
    # A bad drop is quarantined with its report and leaves incoming/.
    write(data_dir.incoming, "units.csv", "unit_id,name_zh\nBAD\tID,坏\n")
    code, report = coop("refresh")
    assert (code, report["status"]) == (1, "rejected")
    assert list(data_dir.incoming.iterdir()) == []
    folder = data_dir.quarantine / report["run_id"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "report.en.json",
        "report.zh.json",
        "units.csv",
    ]


def test_refresh_logs_one_line_for_people(coop: Coop, data_dir: DataDir) -> None:
    code, out = coop("refresh", json_out=False)
    assert code == 0
    assert len(out.strip().splitlines()) == 1 and "refresh" in out


def test_demo_then_analyst_style_files_load_to_the_same_warehouse(tmp_path: Path) -> None:
    """`coop demo`, and the same records as analysts send them (Chinese headers and labels,
    GB18030, BOM, xlsx, every date spelling), give identical tables and indicators."""
    from etl import demo
    from etl.pipeline import load_demo, run_batch

    today = dt.date(2026, 3, 15)
    plain_dir = DataDir(tmp_path / "plain")
    report = load_demo(plain_dir, today=today)
    assert report.status == "accepted" and report.error_count == 0

    frames = demo.generate(20240601, today=today)
    files = demo.write_files(frames, tmp_path / "analyst-files", style="analyst")
    assert any(p.suffix == ".xlsx" for p in files)
    analyst_dir = DataDir(tmp_path / "analyst")
    report = run_batch(files, data_dir=analyst_dir)
    assert report.status == "accepted" and report.error_count == 0
    assert {f.kind: f.rows for f in report.files} == {k: f.height for k, f in frames.items()}
    for table in ("units", "organizations", "memberships", "conferences", "posts", "offices",
                  "safeguards", "targets", "indicator_values"):  # fmt: skip
        sql = f"SELECT * FROM {table}"
        assert sorted(map(repr, query(analyst_dir, sql))) == sorted(
            map(repr, query(plain_dir, sql))
        )
