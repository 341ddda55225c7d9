"""The alerts' words: the messages, the digest, the command's output, the configuration errors
and the dashboard panel and settings page are the `alerts` area of the one catalog
(`etl/catalog/messages.toml`).

A template's fields are filled from an alert's parameters; a parameter given as a (中文, English)
pair, or as a `Phrase` (a key of the catalog), is put in the language of the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from etl import i18n


@dataclass(frozen=True)
class Phrase:
    """A field value that is itself a catalog entry, put in the message's language."""

    key: str


def text(key: str, lang: str, **fields: Any) -> str:
    """`etl.i18n.text`, with `Phrase` and (中文, English) field values put in `lang` first."""
    return i18n.text(key, lang, **_localized(fields, lang))


def _localized(fields: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A (中文, English) pair becomes the string of the language."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, Phrase):
            value = text(value.key, lang)
        elif isinstance(value, tuple) and len(value) == 2:
            value = value[0] if lang == "zh" else value[1]
        out[name] = value
    return out
