"""`coop report` on the demo warehouse: the PDF's and the DOCX's text hold the warehouse's figures.

The demo is loaded once for the module (COOP_TODAY is fixed by tests/conftest.py). For two years
of the academy and for one unit, both documents are written through the CLI, their text is read
back (pypdf, python-docx) and compared with `indicator_values` as the warehouse holds it. The
first pages are rendered to PNG under artifacts/report/ so a person can look at them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import docx
import pypdf
import pypdfium2
import pytest

from etl import clock
from etl.cli import main
from etl.config import DataDir
from etl.leadership.build import KEY_INDICATORS
from etl.schema import INDICATORS
from tests.helpers import query

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "report"
HEADINGS_ZH = ("一、摘要", "二、三种模式", "三、四条路径", "四、保障措施", "五、挑战", "六、附录")
HEADINGS_EN = ("1. Summary", "2. The three modes", "3. The four paths", "4. Safeguards")
NAMES = {i.id: (i.zh, i.en) for i in INDICATORS}
LAST_YEAR = clock.today().year - 1


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    data_dir = DataDir(tmp_path_factory.mktemp("demo") / "data")
    assert main(["demo", "--data-dir", str(data_dir.root), "--json"]) == 0
    return data_dir


@pytest.fixture(scope="module")
def busy_unit(demo: DataDir) -> str:
    """The sub-unit that co-hosted the most conferences last year (a unit with content)."""
    rows = query(
        demo,
        "SELECT v.unit_id FROM indicator_values AS v JOIN units AS u USING (unit_id)"
        " WHERE v.year = ? AND v.indicator = 'conferences_cohosted' AND u.parent_unit_id IS"
        " NOT NULL ORDER BY v.value DESC, v.unit_id LIMIT 1",
        [LAST_YEAR],
    )
    return str(rows[0][0])


def squash(text: str) -> str:
    """Text without whitespace: Typst spaces Chinese from Latin letters and digits."""
    return re.sub(r"\s+", "", text)


def write_report(
    demo: DataDir, capsys: pytest.CaptureFixture[str], out: Path, *args: str
) -> dict[str, Any]:
    code = main(["report", *args, "--out", str(out), "--data-dir", str(demo.root), "--json"])
    printed = capsys.readouterr()
    assert code == 0, printed
    assert out.exists()
    return dict(json.loads(printed.out.splitlines()[-1]))


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def docx_text(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def figures(demo: DataDir, year: int, unit: str | None) -> dict[str, float]:
    rows = query(
        demo,
        "SELECT indicator, value FROM indicator_values"
        " WHERE year = ? AND unit_id IS NOT DISTINCT FROM ?",
        [year, unit],
    )
    return {i: v for i, v in rows}


def count(value: float) -> str:
    assert value == int(value), value  # the key figures are counts, written as digits alone
    return str(int(value))


def save_pages(pdf: Path, name: str, pages: int = 2) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for number in range(min(pages, len(document))):
            image = document[number].render(scale=1.5).to_pil()
            image.save(ARTIFACTS / f"{name}-page{number + 1}.png")
    finally:
        document.close()


CASES = [
    pytest.param(LAST_YEAR, False, "zh", id="last-year-academy"),
    pytest.param(LAST_YEAR - 1, False, "zh", id="year-before-academy"),
    pytest.param(LAST_YEAR, True, "zh", id="last-year-unit"),
    pytest.param(LAST_YEAR, False, "en", id="last-year-academy-en"),
]


@pytest.mark.parametrize(("year", "for_unit", "lang"), CASES)
def test_documents_hold_the_warehouse_figures(
    demo: DataDir,
    busy_unit: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    year: int,
    for_unit: bool,
    lang: str,
) -> None:
    unit = busy_unit if for_unit else None
    scope = ["--unit", unit] if unit else []
    name = f"{year}-{unit or 'academy'}-{lang}"
    pdf, word = tmp_path / f"{name}.pdf", tmp_path / f"{name}.docx"
    made = write_report(demo, capsys, pdf, "--year", str(year), "--lang", lang, *scope)
    write_report(demo, capsys, word, "--year", str(year), "--lang", lang, *scope)
    save_pages(pdf, name)

    text = squash(pdf_text(pdf))
    paragraphs, tables = docx_text(word)
    docx_all = squash("\n".join(paragraphs))

    # The academy's (or the unit's) name and every section heading.
    column = "name_zh" if lang == "zh" else "coalesce(name_en, name_zh)"
    where = "parent_unit_id IS NULL" if unit is None else "unit_id = ?"
    (title_name,) = query(demo, f"SELECT {column} FROM units WHERE {where}", [unit] if unit else [])[0]  # fmt: skip
    assert squash(title_name) in text and squash(title_name) in docx_all
    for heading in HEADINGS_ZH if lang == "zh" else HEADINGS_EN:
        assert squash(heading) in text and heading in paragraphs

    # The summary's key figures: name, this year, last year, as the warehouse holds them.
    now, before = figures(demo, year, unit), figures(demo, year - 1, unit)
    summary = tables[0]
    for indicator in KEY_INDICATORS:
        label = NAMES[indicator][0 if lang == "zh" else 1]
        row = [label, count(now[indicator]), count(before[indicator])]
        assert squash("".join(row)) in text, (indicator, row)
        assert [cells[:3] for cells in summary if cells[0] == label] == [row]

    # The charts: the modes' trend and the challenges' shares, drawn in both documents.
    assert sum(len(page.images) for page in pypdf.PdfReader(pdf).pages) == 2
    assert len(docx.Document(str(word)).inline_shapes) == 2

    # The generated sentences: the same in both documents, and their figures are the warehouse's.
    sentences = made["sentences"]
    assert 3 <= len(sentences) <= 6
    for sentence in sentences:
        assert squash(sentence) in text
        assert sentence in paragraphs
    if lang == "zh":
        cohosted = f"{year}年联合举办/承办国际会议{count(now['conferences_cohosted'])}场"
        assert sentences[0].startswith(cohosted)
        delta = now["conferences_cohosted"] - before["conferences_cohosted"]
        if delta > 0:
            assert f"同比增加{count(delta)}场" in sentences[0]
        elif delta < 0:
            assert f"同比减少{count(-delta)}场" in sentences[0]


def test_pdf_embeds_a_cjk_font_and_extracts_to_chinese(
    demo: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "r.pdf"
    write_report(demo, capsys, pdf, "--year", str(LAST_YEAR), "--lang", "zh")
    reader = pypdf.PdfReader(pdf)
    embedded: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        for ref in resources.get_object().get("/Font", {}).values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            embedded[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert any("CJK" in name for name in embedded), embedded
    assert all(embedded.values()), embedded  # the font travels inside the file
    first = reader.pages[0].extract_text()
    assert "参与国际科技组织年度报告" in squash(first)
    assert "\ufffd" not in first and "□" not in first  # no replacement characters


def test_the_current_year_is_marked_provisional(
    demo: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    this_year = clock.today().year
    pdf = tmp_path / "now.pdf"
    write_report(demo, capsys, pdf, "--year", str(this_year), "--lang", "zh")
    assert "为初步数据" in squash(pdf_text(pdf))
    last = tmp_path / "last.pdf"
    write_report(demo, capsys, last, "--year", str(LAST_YEAR), "--lang", "zh")
    assert "为初步数据" not in squash(pdf_text(last))
