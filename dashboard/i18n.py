"""The dashboard's languages, 中文 (default) and English, and its labels.

The dashboard's wording is the `dashboard` area of the one catalog, `etl/catalog/messages.toml`,
looked up by `t` (`etl.i18n.text`). Enum labels, indicator names and definitions, depth levels
and column names come from `etl.schema` (the one declarative definition). Numbers, money and
dates are formatted by `dashboard.formatting`.
"""

from __future__ import annotations

import functools
from typing import Literal

from etl.i18n import known, text
from etl.schema import DEPTH_LEVELS, INDICATORS, KINDS, enum_label

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"
LANG_NAMES: dict[str, str] = {"zh": "中文", "en": "English"}

_STATUS_KEYS = ("on_track", "at_risk", "off_track")


@functools.cache
def _indicator_map() -> dict[str, tuple[str, str, str, str]]:
    return {i.id: (i.zh, i.en, i.definition_zh, i.definition_en) for i in INDICATORS}


def t(key: str, lang: str, **fields: object) -> str:
    """`etl.i18n.text`, by the short name the dashboard's code uses."""
    return text(key, lang, **fields)


def indicator_name(indicator_id: str, lang: str) -> str:
    names = _indicator_map().get(indicator_id)
    if names is None:
        return indicator_id
    return names[1] if lang == "en" else names[0]


def indicator_definition(indicator_id: str, lang: str) -> str:
    names = _indicator_map().get(indicator_id)
    if names is None:
        return ""
    return names[3] if lang == "en" else names[2]


def depth_label(level: int, lang: str) -> str:
    for number, zh, en in DEPTH_LEVELS:
        if number == level:
            return f"{number} · {en if lang == 'en' else zh}"
    return str(level)


def enum_text(kind: str, column: str, code: str | None, lang: str) -> str:
    """An enum code's label from the schema, in `lang`."""
    return enum_label(kind, column, code, lang)


def enum_codes(kind: str, column: str) -> tuple[str, ...]:
    return KINDS[kind].column(column).codes


def column_label(kind: str, column: str, lang: str) -> str:
    """A record kind's column, named the way analysts see it in the templates."""
    col = KINDS[kind].column(column)
    return column if lang == "en" else col.zh


def kind_label(kind: str, lang: str) -> str:
    spec = KINDS.get(kind)
    if spec is None:
        return kind
    return spec.en if lang == "en" else spec.zh


def status_label(status: str | None, lang: str) -> str:
    if status in _STATUS_KEYS:
        return t(f"status.{status}", lang)
    return t("status.no_target", lang)


@functools.cache
def _country_names_zh() -> dict[str, str]:
    import gettext

    import pycountry

    translation = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True
    )
    return {c.alpha_2: translation.gettext(c.name) for c in pycountry.countries}


@functools.cache
def _country_names_en() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


def country_name(code: str | None, lang: str) -> str:
    if not code:
        return ""
    names = _country_names_en() if lang == "en" else _country_names_zh()
    return names.get(code.upper(), code)


def _named(prefix: str, value: str | None, lang: str) -> str:
    """A name the data stores in Chinese, in `lang` when the catalog has it (else as stored)."""
    if value is None:
        return ""
    key = f"{prefix}.{value}"
    return t(key, lang) if known(key) else value


def field_name(value: str | None, lang: str) -> str:
    """An organization's field (stored in Chinese) in `lang`, falling back to the stored text."""
    return _named("field", value, lang)


def city_name(value: str | None, lang: str) -> str:
    """A city (stored as written, often in Chinese) in `lang`, falling back to the stored text."""
    return _named("city", value, lang)
