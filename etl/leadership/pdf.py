"""The report as PDF (A4), typeset by Typst through its Python binding.

Typst is one self-contained wheel (no system libraries, unlike WeasyPrint's Pango/Cairo), shapes
and line-breaks Chinese properly, and embeds a subset of OpenType/CFF fonts such as Noto CJK
(ReportLab cannot embed CFF outlines). The layout lives in `report.typ`; the content comes in as
JSON, so nothing in the data is ever read as markup.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from importlib import resources
from pathlib import Path

from etl import clock
from etl.errors import ReportError
from etl.leadership import charts
from etl.leadership.fonts import ENV, CjkFont
from etl.leadership.model import Report


def render_pdf(report: Report, font: CjkFont) -> bytes:
    import typst

    template = resources.files("etl.leadership").joinpath("report.typ").read_bytes()
    # Typst takes font folders; only the chosen family's folders, and no other system fonts, so
    # the PDF never silently falls back to a font without Chinese.
    folders = sorted({str(path.parent) for path in font.files})
    day = clock.today()
    stamp = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)  # reproducible output
    with tempfile.TemporaryDirectory(prefix="coop-report-") as root:
        # The charts, drawn to PNG, are the only files the template reads (from its root).
        for chart in report.charts():
            (Path(root) / f"{chart.name}.png").write_bytes(charts.png(chart.spec, font))
        compiler = typst.Compiler(root=root, font_paths=folders, ignore_system_fonts=True)
        pdf, warnings = compiler.compile_with_warnings(
            input=template,
            format="pdf",
            sys_inputs={
                "report": json.dumps(report.to_json(), ensure_ascii=False),
                "font": font.family,
            },
            timestamp=stamp,
        )
    if any("font" in warning.message for warning in warnings):
        raise ReportError("report.no_font", detail=ENV)
    assert isinstance(pdf, bytes)
    return pdf
