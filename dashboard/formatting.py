"""Numbers, money and dates the way each audience reads them, so a page never formats by hand.

The words around them (a missing value, "vs previous year") come from the catalog in
`dashboard.i18n`.
"""

from __future__ import annotations

import datetime as dt
import math

from dashboard.i18n import t


def fmt_int(value: float | None, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("none", lang)
    return f"{value:,.0f}"


def fmt_number(value: float | None, lang: str, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("none", lang)
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def fmt_delta(value: float | None, lang: str) -> str:
    if value is None:
        return t("yoy.none", lang)
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return t("yoy", lang, delta=f"{sign}{fmt_number(abs(value), lang)}")


def fmt_pct(value: float | None, lang: str, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("none", lang)
    return f"{value * 100:.{digits}f}%"


def fmt_cny(value: float | None, lang: str) -> str:
    """Money the way each audience reads it: 万元/亿元 in Chinese, CNY k/M in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("none", lang)
    if lang == "en":
        if abs(value) >= 1_000_000:
            return f"CNY {value / 1_000_000:,.2f} M"
        if abs(value) >= 10_000:
            return f"CNY {value / 1_000:,.0f} k"
        return f"CNY {value:,.0f}"
    if abs(value) >= 100_000_000:
        return f"{value / 100_000_000:,.2f} 亿元"
    if abs(value) >= 10_000_000:
        return f"{value / 10_000:,.0f} 万元"
    if abs(value) >= 10_000:
        return f"{value / 10_000:,.1f} 万元"
    return f"{value:,.0f} 元"


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fmt_date(value: dt.date | None, lang: str) -> str:
    if value is None:
        return t("none", lang)
    if lang == "en":
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
    return f"{value.year}年{value.month}月{value.day}日"


def fmt_datetime(value: dt.datetime | None, lang: str) -> str:
    if value is None:
        return t("none", lang)
    return f"{fmt_date(value.date(), lang)} {value:%H:%M}"


def fmt_year(year: int, lang: str, *, provisional: bool = False) -> str:
    text = t("year.label", lang, year=year)
    return text + t("provisional", lang) if provisional else text


def fmt_partial_date(value: dt.date | None, precision: str | None, lang: str) -> str:
    """A date as it was written: a day (`2021-06-05`), a month (`2021年6月`, `Jun 2021`) or a
    year (`2021年`, `2021`) — a partial date is stored as a day of its period, never shown so."""
    if value is None:
        return t("none", lang)
    if precision == "year":
        return t("year.label", lang, year=value.year)
    if precision == "month":
        if lang == "en":
            return f"{_MONTHS_EN[value.month - 1]} {value.year}"
        return f"{value.year}年{value.month}月"
    return f"{value:%Y-%m-%d}"
