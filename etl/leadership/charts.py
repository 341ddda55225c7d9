"""The report's charts: Vega-Lite specs built from the figures, drawn to PNG by vl-convert.

vl-convert (the Vega project's own converter, one wheel, no browser) draws the same Vega-Lite the
dashboard's Altair charts are; the CJK font the PDF embeds is registered with it, so Chinese axis
and legend labels are drawn, never boxes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from etl.leadership.fonts import CjkFont

PALETTE = ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646"]
_registered: set[str] = set()


def line_spec(points: Sequence[tuple[int, str, float]], *, percent: bool = False) -> dict[str, Any]:
    """Lines over the years: one per series; points are (year, series label, value)."""
    return {
        "width": 460,
        "height": 150,
        "data": {"values": [{"year": y, "series": s, "value": v} for y, s, v in points]},
        "mark": {"type": "line", "point": True, "strokeWidth": 2},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": None,
                "axis": {"format": ".0%"} if percent else {"format": "d", "values": _ticks(points)},
            },
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "sort": None,
                "scale": {"range": PALETTE},
                "legend": {"orient": "bottom", "columns": 2, "labelLimit": 260},
            },
        },
        "config": {"view": {"stroke": None}, "axis": {"grid": True, "gridColor": "#e6e6e6"}},
    }


def _ticks(points: Sequence[tuple[int, str, float]]) -> list[int]:
    """Whole-number ticks for counts (Vega would label 0.5 as "1" beside 1 for small ones)."""
    top = max((v for _, _, v in points), default=0)
    rough = max(1.0, top / 5)
    power = 10 ** math.floor(math.log10(rough))
    step = int(next(m * power for m in (1, 2, 5, 10) if m * power >= rough))  # 1, 2, 5 × 10^k
    return list(range(0, int(top) + step + 1, step))


def png(spec: dict[str, Any], font: CjkFont) -> bytes:
    import vl_convert

    for folder in sorted({str(path.parent) for path in font.files} - _registered):
        vl_convert.register_font_directory(folder)
        _registered.add(folder)
    config = {"font": font.family}
    data: bytes = vl_convert.vegalite_to_png(spec, scale=2.0, config=config)
    return data
