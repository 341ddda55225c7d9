"""挑战 Challenges: four cards, one per challenge, with the warehouse's figures for the year."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.i18n import indicator_name
from etl.leadership.build import CHALLENGES
from etl.leadership.words import fmt_value, w
from tests.dashboard.conftest import LANGS, OpenPage, latest_year, metrics, no_errors, warehouse


@pytest.mark.parametrize("lang", LANGS)
def test_four_cards_with_the_warehouse_figures(
    open_page: OpenPage, demo_dir: Path, lang: str
) -> None:
    at = open_page("challenges", lang, role="viewer")
    no_errors(at)
    year = latest_year(demo_dir)
    rows = warehouse(
        demo_dir,
        "SELECT indicator, value FROM indicator_values WHERE year = ? AND unit_id IS NULL",
        [year],
    )
    stored = dict(rows.iter_rows())
    shown = metrics(at)
    markdown = " ".join(m.value for m in at.markdown)
    for key, indicators in CHALLENGES:
        assert w(key, lang) in markdown
        for indicator in indicators:
            assert shown[indicator_name(indicator, lang)] == fmt_value(
                indicator, stored.get(indicator)
            )
