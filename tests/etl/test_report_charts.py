"""The report's charts: whole, round ticks for counts, and Chinese drawn with the CJK font."""

from __future__ import annotations

import io

from PIL import Image

from etl.leadership.charts import _ticks, line_spec, png
from etl.leadership.fonts import find_cjk_font


def test_count_ticks_are_whole_and_round() -> None:
    def ticks(top: float) -> list[int]:
        return _ticks([(2024, "n", top)])

    assert ticks(3) == [0, 1, 2, 3, 4]
    assert ticks(7) == [0, 2, 4, 6, 8]
    assert ticks(88) == [0, 20, 40, 60, 80, 100]
    assert ticks(2_600_000) == [0, 1_000_000, 2_000_000, 3_000_000]


def test_a_chart_is_drawn_to_png() -> None:
    spec = line_spec([(2024, "联合举办/承办会议数", 3.0), (2025, "联合举办/承办会议数", 5.0)])
    image = Image.open(io.BytesIO(png(spec, find_cjk_font())))
    assert image.format == "PNG"
    assert image.width > 600 and image.height > 200  # drawn at twice the spec's size
