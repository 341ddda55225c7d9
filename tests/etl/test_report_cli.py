"""`coop report` on small hand-made data loaded through `coop load`, and its refusals.

The batch is the one tests/etl/test_challenges.py works out by hand (today: 2026-06-15).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest

from etl.config import DataDir
from etl.leadership import fonts
from tests.etl import test_challenges as batch
from tests.helpers import write

Coop = Callable[..., tuple[int, Any]]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    return squash("".join(page.extract_text() for page in pypdf.PdfReader(path).pages))


@pytest.fixture
def loaded(coop: Coop, data_dir: DataDir, inbox: Path) -> DataDir:
    units = batch.UNITS + "C,丙所,Institute C,HQ\n"  # a unit that never does anything
    for name, text in (
        ("units.csv", units),
        ("organizations.csv", batch.ORGS),
        ("memberships.csv", batch.MEMBERSHIPS),
        ("conferences.csv", batch.CONFERENCES),
        ("posts.csv", batch.POSTS),
        ("safeguards.csv", batch.SAFEGUARDS),
        ("targets.csv", batch.TARGETS),
    ):
        write(inbox, name, text)
    code, report = coop("load", str(inbox))
    assert code == 0, report
    return data_dir


def test_report_on_loaded_data(loaded: DataDir, coop: Coop, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    code, made = coop("report", "--year", "2024", "--lang", "zh", "--out", str(out))
    assert code == 0, made
    text = pdf_text(out)
    assert "示例科学院参与国际科技组织年度报告" in text
    for heading in (
        "一、摘要",
        "二、三种模式",
        "三、四条路径",
        "四、保障措施",
        "五、挑战",
        "六、附录",
    ):
        assert heading in text
    # 2024 by hand: K3 co-hosted (2023: none); posts P1..P4 in force, three of them leaders.
    assert "2024年联合举办/承办国际会议1场，同比增加1场。" in made["sentences"]
    assert "在国际组织任职4个，同比增加1个，其中领导职务3个。" in made["sentences"]
    assert "联合举办/承办会议数" + "10+1" in text  # the summary row: 2024, 2023, change
    # The challenges' figures: leader share 75.0% (2024), funding 250,000 (G1 + G2).
    assert "领导职务占比" in text and "75.0%" in text
    assert "250,000" in text
    # The leader posts, with their term ends; the overdue planned measure G5 (due 2025-01-01).
    for person, end in (("X", "2026-12-31"), ("Z", "2027-03-31"), ("W", "2026-03-01")):
        assert person in text and end in text
    assert "Plannedfund" in text
    # The same sentences in the DOCX.
    word = tmp_path / "r.docx"
    assert coop("report", "--year", "2024", "--lang", "zh", "--out", str(word))[0] == 0
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    for sentence in made["sentences"]:
        assert sentence in paragraphs


def test_the_english_report_names_the_academy_in_both_languages(
    loaded: DataDir, coop: Coop, tmp_path: Path
) -> None:
    out = tmp_path / "en.pdf"
    assert coop("report", "--year", "2024", "--lang", "en", "--out", str(out))[0] == 0
    text = pdf_text(out)
    assert "ExampleAcademy:participationininternationalS&Torganizations" in text
    assert "Scope:ExampleAcademy(示例科学院),thewholeacademy" in text


def test_a_unit_without_activity_gets_a_short_correct_report(
    loaded: DataDir, coop: Coop, tmp_path: Path
) -> None:
    out = tmp_path / "c.pdf"
    code, made = coop("report", "--year", "2024", "--unit", "C", "--lang", "zh", "--out", str(out))
    assert code == 0, made
    text = pdf_text(out)
    assert "丙所参与国际科技组织年度报告" in text and "示例科学院" in text
    assert "本年度无相关记录。" in text
    assert "2024年联合举办/承办国际会议0场，与上年持平。" in made["sentences"]
    assert len(pypdf.PdfReader(out).pages) <= 4


@pytest.mark.parametrize(
    ("args", "rule", "words"),
    [
        (["--year", "1990"], "report.no_data", "2020–2027"),
        (["--year", "2024", "--unit", "NOPE"], "report.unknown_unit", "NOPE"),
        (["--year", "2024", "--format", "docx", "--unit", "NOPE"], "report.unknown_unit", "NOPE"),
    ],
)
def test_bad_input_is_a_clear_error(
    loaded: DataDir,
    coop: Coop,
    tmp_path: Path,
    args: list[str],
    rule: str,
    words: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "r.pdf"
    code, made = coop("report", *args, "--lang", "en", "--out", str(out))
    assert (code, made["rule"]) == (2, rule)
    assert words in made["message"]
    assert not out.exists()


def test_no_warehouse_and_unknown_suffix(coop: Coop, tmp_path: Path) -> None:
    code, made = coop("report", "--year", "2024", "--lang", "en", "--out", str(tmp_path / "r.pdf"))
    assert (code, made["rule"]) == (2, "report.no_warehouse")
    assert "coop load" in made["message"]
    code, made = coop("report", "--year", "2024", "--lang", "en", "--out", str(tmp_path / "r.txt"))
    assert (code, made["rule"]) == (2, "report.format")


def test_without_a_cjk_font_the_pdf_is_refused_with_the_fix(
    loaded: DataDir, coop: Coop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A machine whose fonts include none of the known CJK families.
    monkeypatch.setattr(fonts, "PREFERRED", ("No Such CJK Family",))
    out = tmp_path / "r.pdf"
    code, made = coop("report", "--year", "2024", "--lang", "zh", "--out", str(out))
    assert (code, made["rule"]) == (2, "report.no_font")
    assert "fonts-noto-cjk" in made["message"] and "COOP_FONT_DIR" in made["message"]
    assert not out.exists()
    # The DOCX embeds no font, so it is still written.
    word = tmp_path / "r.docx"
    assert coop("report", "--year", "2024", "--lang", "zh", "--out", str(word))[0] == 0


def test_a_clause_whose_figure_is_missing_is_left_out(
    loaded: DataDir, coop: Coop, tmp_path: Path
) -> None:
    # 2020 is the first year with data: there is no year before to compare with, and no target.
    code, made = coop("report", "--year", "2020", "--lang", "zh", "--out", str(tmp_path / "r.pdf"))
    assert code == 0, made
    assert made["sentences"][0] == "2020年联合举办/承办国际会议0场。"
    assert not any("同比" in s or "目标" in s for s in made["sentences"])
    # 2025 has targets: the academy's for co-hosting (3; K4 was only attended, so 0%).
    code, made = coop("report", "--year", "2025", "--lang", "en", "--out", str(tmp_path / "e.pdf"))
    assert code == 0, made
    assert made["sentences"][0] == (
        "In 2025, 0 conferences were co-hosted or hosted, 1 fewer than the year before, "
        "reaching 0% of the annual target."
    )


def test_the_report_words_say_the_same_in_both_languages() -> None:
    from string import Formatter

    from etl.i18n import entries

    WORDS = entries("leadership")

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name}

    for key, (zh, en) in WORDS.items():
        assert zh.strip(), key
        assert not re.search(r"[\u4e00-\u9fff]", en), key
        if key.startswith("unit_"):  # a Chinese measure word has no English counterpart
            assert en == "", key
            continue
        # {u} is the Chinese measure word (场, 个 …), which English does without.
        assert en.strip() and fields(zh) - {"u"} == fields(en), key
