"""报告 / Report: download the leadership report (`coop report`) for the year and unit in force.

One row of two buttons (PDF for reading, DOCX for drafting an official document). The report is
made only when a button is clicked (Streamlit runs the callable then), from the same published
warehouse the page reads. Each button is disabled, with the reason as its tooltip, while it
cannot work: no warehouse yet, a year without data, or (PDF only) no font that writes Chinese.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from dashboard.filters import Filters
from dashboard.i18n import t
from etl import leadership
from etl.config import resolve_data_dir
from etl.errors import CoopError

MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@functools.lru_cache(maxsize=8)
def _made(
    warehouse_version: tuple[int, int], year: int, unit_id: str | None, lang: str, fmt: str
) -> bytes:
    """The report's bytes; the warehouse's (mtime, size) keys the cache, so a load refreshes it."""
    formats: dict[str, leadership.Format] = {"pdf": "pdf", "docx": "docx"}
    report = leadership.content(resolve_data_dir(), year, unit_id, lang)
    return leadership.render(report, formats[fmt])


def _maker(year: int, unit_id: str | None, lang: str, fmt: str) -> Callable[[], bytes]:
    def make() -> bytes:
        stat = resolve_data_dir().warehouse.stat()
        return _made((stat.st_mtime_ns, stat.st_size), year, unit_id, lang, fmt)

    return make


@functools.cache  # the machine's fonts do not change while the dashboard runs
def _font_problem(lang: str) -> str | None:
    from etl.leadership.fonts import find_cjk_font

    try:
        find_cjk_font()
    except CoopError as exc:
        return exc.message(lang)
    return None


def blocked(year: int, years: tuple[int, ...] | list[int], lang: str) -> str | None:
    """Why no report can be made now (None: it can)."""
    if not resolve_data_dir().warehouse.exists():
        return t("report_button.no_warehouse", lang)
    if year not in years:
        return t("report_button.no_year", lang, year=year)
    return None


def render(filters: Filters, year: int, years: tuple[int, ...] | list[int], lang: str) -> None:
    reason = blocked(year, years, lang)
    font_reason = reason or _font_problem(lang)
    stem = f"{t('report_button.file', lang)}-{year}" + (
        f"-{filters.unit_id}" if filters.unit_id else ""
    )
    with st.container(horizontal=True, gap="small"):
        for fmt, label, problem in (
            ("pdf", t("report_button.pdf", lang), font_reason),
            ("docx", t("report_button.docx", lang), reason),
        ):
            st.download_button(
                label,
                data=_maker(year, filters.unit_id, lang, fmt) if problem is None else b"",
                file_name=f"{stem}.{fmt}",
                mime=MIME[fmt],
                key=f"report.{fmt}",
                icon=":material/description:",
                type="primary" if fmt == "pdf" else "secondary",
                disabled=problem is not None,
                help=problem or t("report_button.help", lang, year=year),
                on_click="ignore",
            )
