"""The leadership report: `coop report --year Y [--unit U] [--lang zh|en] [--format pdf|docx]`.

Leaders read a report before a meeting, not a dashboard. One content model (`model.Report`:
sections of headings, paragraphs, lists and tables, every figure already written out) is built
once from the warehouse over a read-only connection (`build`), then rendered twice:

- PDF, A4, for reading and printing: Typst through its Python binding (`typst` on PyPI; `pdf`).
  A single wheel with no system libraries, proper Chinese line breaking, and it embeds subsets of
  OpenType/CFF CJK fonts such as Noto CJK. WeasyPrint needs Pango and Cairo from the system;
  ReportLab cannot embed CFF outlines, which every Noto/Source Han CJK font uses.
- DOCX for staff who turn it into an official document: python-docx (`word`), the kept library
  for writing Word files, with real headings and tables.
- Charts are Vega-Lite specs drawn to PNG by vl-convert (`charts`), the Vega project's converter:
  the same grammar as the dashboard's Altair charts, no browser needed.

The PDF embeds a CJK font found on the machine (`fonts`); without one the command stops with a
message naming the fix instead of printing tofu boxes.
"""

from __future__ import annotations

from typing import Literal

from etl.config import DataDir
from etl.errors import ReportError
from etl.leadership.build import build
from etl.leadership.model import Report
from etl.warehouse import read_only

Format = Literal["pdf", "docx"]

__all__ = ["Format", "Report", "ReportError", "build", "content", "render"]


def content(data_dir: DataDir, year: int, unit_id: str | None, lang: str) -> Report:
    """The report's content, read from the published warehouse."""
    with read_only(data_dir) as con:
        if con is None:
            raise ReportError("report.no_warehouse", path=str(data_dir.warehouse))
        return build(con, year, unit_id, lang)


def render(report: Report, fmt: Format) -> bytes:
    """The report as a PDF or DOCX file's bytes."""
    from etl.leadership.fonts import find_cjk_font

    if fmt == "docx":
        from etl.leadership.word import render_docx

        try:
            font = find_cjk_font()
        except ReportError:  # a DOCX embeds no font: without one it goes without its charts
            font = None
        return render_docx(report, font)
    from etl.leadership.pdf import render_pdf

    return render_pdf(report, find_cjk_font())
