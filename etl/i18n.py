"""Every text the project shows, in 中文 and English: one catalog, one lookup, one placeholder rule.

The catalog is one data file, `etl/catalog/messages.toml`, shipped as package data and read once
through `importlib.resources` and `tomllib`. Each entry is a key with a `zh` and an `en` text, the
two side by side, in a table per area (report rules, rule words, the CLI, the dashboard, the
alerts, the leadership report); a key is unique across areas, so a lookup needs the key alone.
A data file was chosen over gettext/Babel: no compile step in builds and CI, one reviewable file
where 中文 and English sit together, and the number and date formatting that Babel would bring
already lives in `dashboard.formatting` and `etl.leadership.words`.

The one rule for placeholders: Python format syntax with named fields (`{path}`, `{status:<9}`),
filled with `format_map`; a field the caller did not give is left blank (never a traceback at
the edge); literal braces are doubled. A field given in both languages as `X_zh` and `X_en` fills
`{X}` in the language of the text (a rule's condition, an enum's labels, a record kind's name).
An unknown key shows itself.

Words that are data rather than messages live here too: each report rule in words is the key
`rule_word.<rule>` (see `etl.messages.rule_word`). Labels that `etl.schema` defines (enum labels,
indicator names, column names) stay there, the one declarative definition.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources

CATALOG_FILE = "messages.toml"


class _Blank(dict[str, object]):
    """Template fields: a field not given is blank."""

    def __missing__(self, key: str) -> str:
        return ""


@functools.cache
def areas() -> dict[str, dict[str, tuple[str, str]]]:
    """area → key → (中文, English), as the catalog file holds them."""
    source = resources.files("etl").joinpath("catalog", CATALOG_FILE).read_text(encoding="utf-8")
    out: dict[str, dict[str, tuple[str, str]]] = {}
    seen: dict[str, str] = {}
    for area, entries in tomllib.loads(source).items():
        out[area] = {}
        for key, entry in entries.items():
            if key in seen:
                raise ValueError(f"{CATALOG_FILE}: {key!r} is in both [{seen[key]}] and [{area}]")
            seen[key] = area
            out[area][key] = (entry.get("zh", ""), entry.get("en", ""))
    return out


@functools.cache
def _catalog() -> dict[str, tuple[str, str]]:
    return {key: texts for entries in areas().values() for key, texts in entries.items()}


def entries(area: str) -> dict[str, tuple[str, str]]:
    """One area's entries: key → (中文, English)."""
    return dict(areas()[area])


def known(key: str) -> bool:
    return key in _catalog()


def text(key: str, lang: str, **fields: object) -> str:
    """The text for `key` in `lang` with `fields` filled in; an unknown key shows itself."""
    zh, en = _catalog().get(key, (key, key))
    template = zh if lang == "zh" else en
    suffix = f"_{lang}"
    for name in [k[: -len(suffix)] for k in fields if k.endswith(suffix)]:
        if fields.get(name) in (None, ""):
            fields[name] = fields[name + suffix]
    return template.format_map(_Blank({k: "" if v is None else v for k, v in fields.items()}))
