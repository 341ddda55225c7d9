"""A batch written the way analysts write it gives the same warehouse as its clean twin.

The clean batch is the contract's plainest form: English headers, UTF-8, codes, ISO dates. The
Excel-shaped twin holds the same records as the offices keep them: Chinese headers in another
order, GB18030 and BOMs, title rows and a merged title cell, totals and a 填表人 footer,
labels and post titles, country and currency names, 2021年6月 and 至今, real date cells and
an Excel serial number, formula cells with the values Excel saved, a file whose name names two
kinds. Loaded each into its own data directory, every record table and every indicator must
be the same.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from etl.config import DataDir
from etl.schema import KINDS
from tests.etl.test_reader_files import cached, csv_bytes, xlsx_bytes
from tests.helpers import query

Coop = Callable[..., tuple[int, Any]]

CLEAN: dict[str, str] = {
    "units.csv": (
        "unit_id,name_zh,name_en,parent_unit_id\n"
        "HQ,江南省科学院,Jiangnan Academy,\n"
        "CHEM,化学研究所,Institute of Chemistry,HQ\n"
        "PHYS,物理研究所,,HQ\n"
    ),
    "organizations.csv": (
        "org_id,name_en,name_zh,acronym,scope,field,hq_country,ror_id,founded_year\n"
        "ISC,International Science Council,国际科学理事会,ISC,comprehensive,综合,FR,,2018\n"
        "IUPAC,International Union of Pure and Applied Chemistry,国际纯粹与应用化学联合会,"
        "IUPAC,specialized,化学,US,05dxps055,1919\n"
        "KSOC,Korean Society,韩国学会,,specialized,,KR,,\n"
    ),
    "memberships.csv": (
        "membership_id,unit_id,org_id,member_type,person_name,status,start_date,end_date,"
        "annual_fee,currency\n"
        "M 1,HQ,ISC,institutional,,active,2018-05-01,,1200.5,USD\n"
        "M 2,CHEM,IUPAC,individual,李娜,lapsed,2019-03,2021-12,300,CHF\n"
        "M 3,PHYS,KSOC,institutional,,intended,,,,\n"
    ),
    "conferences.csv": (
        "conference_id,unit_id,org_id,title,role,format,start_date,end_date,city,country,"
        "attendees_total,foreign_attendees,series\n"
        "C-1,CHEM,IUPAC,IUPAC General Assembly 2023,attended,in_person,2023-08-18,2023-08-25,"
        "The Hague,NL,1200,1100,IUPAC General Assembly\n"
        "C-2,HQ,ISC,ISC Online Forum,co_hosted,online,2022-09-12,,,,300,120,\n"
        "C-3,PHYS,,Jiangnan Physics Forum,hosted,hybrid,2024-05-10,2024-05-12,南京,CN,450,90,\n"
    ),
    "posts.csv": (
        "post_id,person_name,person_id,unit_id,org_id,position,level,start_date,end_date\n"
        "P1,王强,0000-0002-1825-0097,CHEM,IUPAC,副主席,leader,2021-06,\n"
        "P2,赵敏,S-007,PHYS,ISC,理事,council,2019,2022\n"
    ),
    "offices.csv": (
        "office_id,org_id,unit_id,office_type,city,country,status,negotiation_date,"
        "approved_date,established_date,closed_date\n"
        "F1,IUPAC,CHEM,regional_office,杭州,CN,established,2019-03,2020-01-15,2020-06-01,\n"
    ),
    "targets.csv": (
        "year,end_year,indicator,unit_id,target\n"
        "2023,,conferences_attended,,2\n"
        "2021,2025,conferences_cohosted,,5\n"
    ),
}


def _write_twin(folder: Path) -> None:
    # Units: GB18030, a title row and a blank line above a Chinese header in another order.
    (folder / "单位名录_2026.csv").write_bytes(
        csv_bytes(
            [
                ["江南省科学院单位名录（2026年）"],
                [],
                ["上级单位编号", "单位编号", "单位名称", "英文名称"],
                ["", "HQ", "江南省科学院", "Jiangnan Academy"],
                ["HQ", "CHEM", "化学研究所", "Institute of Chemistry"],
                ["HQ", "PHYS", "物理研究所", ""],
            ],
            "gb18030",
        )
    )
    # Organizations: an xlsx with a merged title cell, country names, a ROR URL, and a formula.
    orgs = xlsx_bytes(
        [
            ["2024年国际组织名录"],
            ["组织编号", "英文名称", "中文名称", "简称", "组织类型", "领域", "总部所在国", "ROR编号",
             "成立年份"],
            ["ISC", "International Science Council", "国际科学理事会", "ISC", "综合性", "综合",
             "法国", None, 2018],
            ["IUPAC", "International Union of Pure and Applied Chemistry",
             "国际纯粹与应用化学联合会", "IUPAC", "专业性", "化学", "United States",
             "https://ror.org/05dxps055", "=1900+19"],
            ["KSOC", "Korean Society", "韩国学会", None, "专业性", None, "韩国", None, None],
        ],
        merge="A1:I1",
    )  # fmt: skip
    (folder / "2024年国际组织名录.xlsx").write_bytes(cached(orgs, {"I4": "1919"}))
    # Memberships: UTF-8 with BOM, labels, a grouped fee, currency names, 至今, partial dates.
    (folder / "会员_2024Q1.csv").write_bytes(
        csv_bytes(
            [
                ["会员编号", "单位编号", "组织编号", "会员类型", "姓名", "状态", "加入日期",
                 "终止日期", "年费", "币种"],
                ["M 1", "HQ", "ISC", "单位会员", "", "有效", "2018年5月1日", "至今", "1,200.50",
                 "美元"],
                ["M 2", "CHEM", "IUPAC", "个人会员", "李娜", "已失效", "2019年3月", "2021/12",
                 "300", "瑞士法郎"],
                ["M 3", "PHYS", "KSOC", "单位会员", "", "意向", "", "", "", ""],
                ["合计", "", "", "", "", "", "", "", "1,500.50", ""],
                ["填表人：张三", "", "", "", "", "", "", "", "", ""],
            ],
            "utf-8-sig",
        )
    )  # fmt: skip
    # Conferences: an xlsx with a title, real date cells, an Excel serial number, a formula for
    # the foreign attendees, an online meeting without a country, totals and a footer.
    conferences = xlsx_bytes(
        [
            ["2023-2024年国际会议统计表"],
            [],
            ["会议编号", "单位编号", "组织编号", "会议名称", "参与方式", "形式", "开始日期",
             "结束日期", "城市", "国家", "总参会人数", "境外参会人数", "会议系列"],
            ["C-1", "CHEM", "IUPAC", "IUPAC General Assembly 2023", "参加", "线下",
             dt.datetime(2023, 8, 18), dt.datetime(2023, 8, 25), "The Hague", "荷兰", 1200,
             "=K4-100", "IUPAC General Assembly"],
            ["C-2", "HQ", "ISC", "ISC Online Forum", "合办", "线上", 44816, None, None, None, 300,
             120, None],
            ["C-3", "PHYS", None, "Jiangnan Physics Forum", "主办", "线上线下", "2024/5/10",
             "2024年5月12日", "南京", "中国", 450, 90, None],
            ["合计", None, None, None, None, None, None, None, None, None, "=SUM(K4:K6)",
             "=SUM(L4:L6)", None],
            ["注：境外参会人数含港澳台", None, None, None, None, None, None, None, None, None, None,
             None, None],
        ]
    )  # fmt: skip
    conferences = cached(conferences, {"L4": "1100", "K7": "1950", "L7": "1310"})
    (folder / "2026-国际会议.xlsx").write_bytes(conferences)
    # Posts: the file name names two kinds (国际组织 and 任职): the header says which.
    (folder / "国际组织任职统计表.csv").write_bytes(
        csv_bytes(
            [
                ["2026年本院人员在国际组织任职统计表"],
                ["任职编号", "姓名", "人员编号", "单位编号", "组织编号", "职务", "职务级别",
                 "任职开始", "任职结束"],
                ["P1", "王强", "https://orcid.org/0000-0002-1825-0097", "CHEM", "IUPAC", "副主席",
                 "副主席", "2021年6月", "至今"],
                ["P2", "赵敏", "S-007", "PHYS", "ISC", "理事", "理事", "2019年", "2022"],
            ],
            "gb18030",
        )
    )  # fmt: skip
    (folder / "落户机构.csv").write_bytes(
        csv_bytes(
            [
                ["机构编号", "组织编号", "依托单位编号", "机构类型", "城市", "国家", "状态",
                 "洽谈开始日期", "批准日期", "设立日期", "撤销日期"],
                ["F1", "IUPAC", "CHEM", "地区办事处", "杭州", "中国", "已设立", "2019-03",
                 "2020.1.15", "2020年6月1日", ""],
            ],
            "utf-8-sig",
        )
    )  # fmt: skip
    (folder / "2026年度目标.csv").write_bytes(
        csv_bytes(
            [
                ["年度", "截止年度", "指标", "单位编号", "目标值"],
                ["2023", "", "参加国际会议数", "", "2"],
                ["2021", "2025", "联合举办/承办会议数", "", "5"],
            ],
            "gb18030",
        )
    )


def _load(coop_in: Callable[[DataDir, Path], dict[str, Any]], root: Path, name: str) -> DataDir:
    data_dir = DataDir(root / f"{name}-data")
    folder = root / name
    folder.mkdir()
    if name == "clean":
        for file_name, text in CLEAN.items():
            (folder / file_name).write_text(text, encoding="utf-8")
    else:
        _write_twin(folder)
    report = coop_in(data_dir, folder)
    assert report["status"] == "accepted", json.dumps(report, ensure_ascii=False, indent=1)
    assert all(not f["errors"] for f in report["files"])
    return data_dir


@pytest.fixture
def coop_in(capsys: pytest.CaptureFixture[str]) -> Callable[[DataDir, Path], dict[str, Any]]:
    from etl.cli import main

    def run(data_dir: DataDir, folder: Path) -> dict[str, Any]:
        main(["load", str(folder), "--data-dir", str(data_dir.root), "--json", "--lang", "zh"])
        out = capsys.readouterr().out
        return dict(json.loads(out.splitlines()[-1]))

    return run


def _tables(data_dir: DataDir) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for kind in KINDS.values():
        columns = ", ".join(kind.stored_columns)
        out[kind.name] = query(data_dir, f"SELECT {columns} FROM {kind.name} ORDER BY ALL")
    out["indicator_values"] = query(data_dir, "SELECT * FROM indicator_values ORDER BY ALL")
    out["target_progress"] = query(data_dir, "SELECT * FROM target_progress ORDER BY ALL")
    return out


def test_the_excel_shaped_batch_gives_the_same_warehouse_as_its_clean_twin(
    tmp_path: Path, coop_in: Callable[[DataDir, Path], dict[str, Any]]
) -> None:
    clean = _tables(_load(coop_in, tmp_path, "clean"))
    shaped = _tables(_load(coop_in, tmp_path, "shaped"))
    for name in clean:
        assert shaped[name] == clean[name], name
    # And it is no empty comparison: every kind holds its records.
    assert [len(clean[k]) for k in KINDS] == [3, 3, 3, 3, 2, 1, 0, 2]
    assert clean["indicator_values"]


def test_the_twin_report_says_what_was_skipped_and_understood(
    tmp_path: Path, coop_in: Callable[[DataDir, Path], dict[str, Any]]
) -> None:
    folder = tmp_path / "shaped"
    folder.mkdir()
    _write_twin(folder)
    report = coop_in(DataDir(tmp_path / "data"), folder)
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert files["国际组织任职统计表.csv"]["kind"] == "posts"
    skipped = {name: [s["row"] for s in f["skipped_rows"]] for name, f in files.items()}
    assert skipped["单位名录_2026.csv"] == [1]
    assert skipped["会员_2024Q1.csv"] == [5, 6]
    assert skipped["2026-国际会议.xlsx"] == [1, 7, 8]
    conferences = files["2026-国际会议.xlsx"]
    # Rows are the sheet's own: C-1 is on row 4, below the title, a blank row and the header.
    understood = {(n["row"], n["column"], n["value"]) for n in conferences["notes"]}
    assert (4, "国家", "荷兰") in understood and (6, "国家", "中国") in understood
    memberships = files["会员_2024Q1.csv"]
    assert {n["value"] for n in memberships["notes"]} >= {"美元", "瑞士法郎", "至今"}
    assert sum(1 for f in report["files"] for _ in f["errors"]) == 0
