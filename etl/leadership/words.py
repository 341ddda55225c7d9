"""The report's own words, 中文 first, and how its numbers are written.

The document's headings, table headers and sentence templates are the `leadership` area of the
one catalog (`etl/catalog/messages.toml`, keys `leadership.<key>`, looked up by `w`). Indicator
names and enum labels come from `etl.schema`, the single definition of both.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext

from etl.i18n import text
from etl.schema import INDICATORS, enum_label

# A Chinese count takes a measure word (3场, 5个); English has none. Grammar, not messages.
MEASURE_WORDS_ZH: dict[str, str] = {
    "unit_cohosted": "场",
    "unit_posts": "个",
    "unit_offices": "家",
    "unit_memberships": "个",
    "unit_countries": "个",
    "unit_safeguards": "项",
}


def w(key: str, lang: str, **fields: object) -> str:
    """The report's text `key`: `etl.i18n.text` of the catalog entry `leadership.<key>`."""
    return text(f"leadership.{key}", lang, **fields)


def measure_word(key: str | None, lang: str) -> str:
    """The measure word a count of `key` takes in `lang` (none in English)."""
    return MEASURE_WORDS_ZH.get(key or "", "") if lang == "zh" else ""


@functools.cache
def _indicators() -> dict[str, tuple[str, str]]:
    return {i.id: (i.zh, i.en) for i in INDICATORS}


def indicator_name(indicator: str, lang: str) -> str:
    zh, en = _indicators()[indicator]
    return zh if lang == "zh" else en


def label(kind: str, column: str, code: str | None, lang: str) -> str:
    return enum_label(kind, column, code, lang)


@functools.cache
def _countries(lang: str) -> dict[str, str]:
    import pycountry

    if lang == "zh":
        translation = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True
        )
        return {c.alpha_2: translation.gettext(c.name) for c in pycountry.countries}
    return {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


def country(code: str | None, lang: str) -> str:
    if not code:
        return ""
    return _countries(lang).get(code, code)


# ---- numbers --------------------------------------------------------------------------------
# One way to write each kind of figure, shared by both renderers and by the tests that read the
# figures back out of the documents.

PERCENT_INDICATORS = frozenset(
    {
        "memberships_individual_share",
        "units_with_targets_share",
        "orgs_shallow_share",
        "posts_leader_share",
    }
)
MONEY_INDICATORS = frozenset({"safeguard_funding"})


def fmt_count(value: float) -> str:
    """A count as digits alone (no separators): the figure reads and searches as stored."""
    return f"{value:.0f}"


def fmt_value(indicator: str, value: float | None) -> str:
    """An indicator's value as the report writes it ("—" when there is none)."""
    if value is None:
        return "—"
    if indicator in PERCENT_INDICATORS:
        return f"{value * 100:.1f}%"
    if indicator == "attend_host_ratio":
        return f"{value:.1f}"
    if indicator in MONEY_INDICATORS:
        return f"{value:,.0f}"
    if indicator == "depth" or float(value).is_integer():
        return fmt_count(value)
    return f"{value:.1f}"


def fmt_change(indicator: str, now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return "—"
    delta = now - before
    if indicator in PERCENT_INDICATORS:
        return f"{delta * 100:+.1f} pp" if delta else "±0"
    if indicator == "attend_host_ratio":
        return f"{delta:+.1f}" if delta else "±0"
    if indicator in MONEY_INDICATORS:
        return f"{delta:+,.0f}" if delta else "±0"
    return f"{delta:+.0f}" if delta else "±0"


def fmt_percent(ratio: float) -> str:
    return f"{ratio * 100:.0f}%"


def fmt_date(value: dt.date | dt.datetime | None, lang: str) -> str:
    """A date in a table: ISO in both languages (short, and sorts as it reads)."""
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()
