"""Countries and currencies as analysts write them → ISO codes.

Built on pycountry's ISO 3166-1 and ISO 4217 data and its zh_CN/zh_TW translations (a kept
source, not a hand-typed table); `etl/catalog/*_aliases.csv` adds only the common short forms it
lacks (`UK`, `USA`, `韩国`, `人民币`),
and marks the common names that name several (`Congo`, `Korea`). A name is matched case-, space- and punctuation-
insensitively; one that matches no code, or several, is not guessed: `resolve` says so and
offers the closest names.
"""

from __future__ import annotations

import csv
import difflib
import functools
import gettext
import re
from dataclasses import dataclass
from importlib import resources
from typing import Literal

Domain = Literal["country", "currency"]


@dataclass(frozen=True)
class Resolution:
    code: str | None  # None: not understood
    suggestions: tuple[str, ...] = ()  # the closest known names, when not understood
    ambiguous: tuple[str, ...] = ()  # the codes a name matches, when it matches several


def _key(text: str) -> str:
    """Case, spaces and punctuation do not distinguish names (`U.S.A.` = `usa`)."""
    return re.sub(r"[\s.,'’()\-（）·]", "", text).casefold()


def _translations(domain: str, language: str) -> gettext.NullTranslations:
    import pycountry

    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language])
    except OSError:  # a pycountry without that catalog: English names still work
        return gettext.NullTranslations()


def _aliases(name: str) -> list[tuple[str, str]]:
    text = resources.files("etl").joinpath("catalog", name).read_text(encoding="utf-8")
    return [(row["alias"], row["code"]) for row in csv.DictReader(text.splitlines())]


@functools.cache
def _index(domain: Domain) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """name key → the codes it names; and code → a display name (Chinese) for suggestions."""
    import pycountry

    names: dict[str, set[str]] = {}
    display: dict[str, str] = {}

    def add(name: str | None, code: str) -> None:
        if name:
            names.setdefault(_key(name), set()).add(code)

    if domain == "country":
        zh, tw = _translations("iso3166-1", "zh_CN"), _translations("iso3166-1", "zh_TW")
        records = [(c.alpha_2, c) for c in pycountry.countries]
        extra = _aliases("country_aliases.csv")
    else:
        zh, tw = _translations("iso4217", "zh_CN"), _translations("iso4217", "zh_TW")
        records = [(c.alpha_3, c) for c in pycountry.currencies]
        extra = _aliases("currency_aliases.csv")
    for code, record in records:
        english = [getattr(record, a, None) for a in ("name", "common_name", "official_name")]
        for name in english:
            add(name, code)
            if name:
                add(zh.gettext(name), code)
                add(tw.gettext(name), code)
        if domain == "country":
            add(getattr(record, "alpha_3", None), code)
        display[code] = zh.gettext(record.name)
    for alias, listed in extra:
        # An alias names exactly its codes, even where a translation also used the words;
        # one listing several (`Congo`: CG CD) is a name analysts use for more than one.
        names[_key(alias)] = set(listed.split())
    return {k: frozenset(v) for k, v in names.items()}, display


@functools.cache
def codes(domain: Domain) -> frozenset[str]:
    import pycountry

    if domain == "country":
        return frozenset(c.alpha_2 for c in pycountry.countries)
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def resolve(text: str, domain: Domain) -> Resolution:
    """The ISO code `text` names: a code as such (any case), else a name in 中文 or English."""
    value = text.strip()
    if value.upper() in codes(domain) and value.isascii():
        return Resolution(value.upper())
    names, display = _index(domain)
    found = names.get(_key(value))
    if found and len(found) == 1:
        return Resolution(next(iter(found)))
    if found:
        return Resolution(None, ambiguous=tuple(sorted(found)))
    close = difflib.get_close_matches(_key(value), list(names), n=8, cutoff=0.6)
    suggestions: list[str] = []
    for key in close:
        for code in sorted(names[key]):
            label = f"{display.get(code, code)} {code}"
            if label not in suggestions:
                suggestions.append(label)
    return Resolution(None, suggestions=tuple(suggestions[:3]))


def display_name(code: str, domain: Domain) -> str:
    """The Chinese name of a code (the code itself when unknown)."""
    return _index(domain)[1].get(code, code)
