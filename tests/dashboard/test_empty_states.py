"""No warehouse, an empty one, or a filter that matches nothing: every page explains what to
load and where, and never shows an error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.i18n import t
from etl.config import DataDir
from etl.pipeline import run_batch
from tests.dashboard.conftest import PAGES, OpenPage, no_errors

DASHBOARD_PAGES = [p for p in PAGES if p != "data"]


@pytest.mark.parametrize(("lang", "pages"), [("zh", PAGES), ("en", ("overview", "data"))])
def test_no_warehouse_yet(
    open_page_in: Callable[[Path], OpenPage], tmp_path: Path, lang: str, pages: tuple[str, ...]
) -> None:
    open_page = open_page_in(tmp_path / "nothing-here")
    for page in pages:
        at = open_page(page, lang)
        no_errors(at)
        texts = " ".join(m.value for m in at.markdown) + " ".join(s.value for s in at.subheader)
        if page != "data":
            assert t("empty.no_warehouse.title", lang) in texts, page
            assert "coop demo" in texts and str(tmp_path / "nothing-here") in texts
    assert at.file_uploader, "analysts can still upload into an empty data directory"


def test_empty_warehouse(open_page_in: Callable[[Path], OpenPage], tmp_path: Path) -> None:
    from etl.warehouse import Staging

    Staging(DataDir(tmp_path), "empty").publish()
    open_page = open_page_in(tmp_path)
    for page in DASHBOARD_PAGES:
        at = open_page(page, "zh")
        no_errors(at)
        assert any(s.value == t("empty.no_records.title", "zh") for s in at.subheader), page


def _small_academy(root: Path) -> Path:
    """Two units; only the headquarters did anything."""
    source = root / "in"
    source.mkdir()
    (source / "units.csv").write_text(
        "unit_id,name_zh,name_en,parent_unit_id\nHQ,总部,HQ,\nLAB,实验室,Lab,HQ\n", encoding="utf-8"
    )
    (source / "organizations.csv").write_text(
        "org_id,name_en,scope,hq_country\nU1,Union One,specialized,FR\n", encoding="utf-8"
    )
    (source / "conferences.csv").write_text(
        "conference_id,unit_id,org_id,title,role,start_date,country\n"
        "C1,HQ,U1,Annual meeting,attended,2023-05-01,FR\n",
        encoding="utf-8",
    )
    data = root / "data"
    report = run_batch(
        sorted(source.glob("*.csv")), data_dir=DataDir(data), mode="load", source="cli"
    )
    assert report.status == "accepted", report.to_json("en")
    return data


def test_a_filter_that_matches_nothing(
    open_page_in: Callable[[Path], OpenPage], tmp_path: Path
) -> None:
    open_page = open_page_in(_small_academy(tmp_path))
    for page in DASHBOARD_PAGES:
        at = open_page(page, "en", **{"flt.unit": "LAB", "flt.scope": "specialized"})
        no_errors(at)
    at = open_page("modes", "en", **{"flt.unit": "LAB"})
    assert any("Nothing matches the current filters" in i.value for i in at.info)
    assert any("Lab" in i.value for i in at.info), "the message names the filters in force"
