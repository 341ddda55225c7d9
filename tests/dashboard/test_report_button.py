"""报告 / Report on the Overview: for every role, for the year and unit in force; disabled with a
reason while no warehouse exists."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from dashboard import report_button
from etl import clock
from tests.dashboard.conftest import OpenPage


def _buttons(at: object) -> dict[str, object]:
    found = {}
    for element in at.get("download_button"):  # type: ignore[attr-defined]
        proto = element.proto
        found[proto.label] = proto
    return found


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_every_role_gets_the_report_buttons(open_page: OpenPage, role: str) -> None:
    at = open_page("overview", lang="zh", role=role)
    assert not at.exception
    buttons = _buttons(at)
    for label in ("报告（PDF）", "报告（Word）"):
        assert label in buttons, list(buttons)
        assert not buttons[label].disabled


def test_the_button_makes_the_report_of_the_filters_in_force(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COOP_DATA_DIR", str(demo_dir))
    year = clock.today().year - 1
    make = report_button._maker(year, None, "zh", "pdf")
    out = tmp_path / "r.pdf"
    out.write_bytes(make())
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert f"{year}年度" in text.replace(" ", "") and "摘要" in text


def test_disabled_with_a_reason_while_no_warehouse_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOP_DATA_DIR", str(tmp_path / "nothing"))
    assert report_button.blocked(2025, [], "zh") == "还没有数据：载入数据后即可生成报告"
    assert report_button.blocked(2025, [], "en") == "No data yet: load data to make a report"
