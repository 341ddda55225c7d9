"""Each report rule in words, for people (`重复`, `日期格式`); JSON reports keep the rule's code.

Every rule's message template lives in the one catalog, `etl/catalog/messages.toml` (area
`reports`, read through `etl.i18n.text(rule, lang, **fields)`); the rule's words are its
`rule_word.<rule>` entries there.
"""

from __future__ import annotations

from etl.i18n import known, text


def rule_word(rule: str, lang: str) -> str:
    """The rule in words (the code itself for a rule without words yet)."""
    key = f"rule_word.{rule}"
    return text(key, lang) if known(key) else rule
