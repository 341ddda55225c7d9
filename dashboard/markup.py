"""Data placed in Markdown, shown as the text it is.

Streamlit renders headings, captions, alerts and lists as Markdown, so a unit or organization
name holding `![x](http://host/t.png)` would make every viewer's browser fetch that address,
`[click](http://…)` would become a live link and a line break followed by `#` a heading. Every
value from the data goes through `text()` before it enters Markdown: one line, every Markdown
character backslash-escaped (CommonMark lets any ASCII punctuation be escaped), so links,
images, emphasis, HTML, math and Streamlit's `:directives:` stay plain text. Bare addresses
(`http://…`, `www.…`, `a@b.org`) are linked by GitHub-flavoured Markdown after escapes are
resolved, so an invisible word joiner (U+2060) goes after each `:` and `@` and inside `www.`.
"""

from __future__ import annotations

import re
import string

# Each ASCII punctuation character gets a backslash; Markdown then shows it as itself.
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
# Every way of starting a new line, so a value can never open a block (heading, list, quote).
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
# Where GitHub-flavoured Markdown would see the start of an address to link.
_AUTOLINK = re.compile(r"([:@])|(?i:\b(www)(?=\.))")
WORD_JOINER = "\u2060"


def text(value: object) -> str:
    """`value` as one line of Markdown that renders as exactly its characters."""
    one_line = _LINE_BREAKS.sub(" ", str(value)).strip()
    unlinked = _AUTOLINK.sub(lambda m: (m.group(1) or m.group(2)) + WORD_JOINER, one_line)
    return _PUNCTUATION.sub(r"\\\1", unlinked)
