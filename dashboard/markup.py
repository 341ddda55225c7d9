"""Data placed in Markdown, shown as the text it is.

Streamlit renders headings, captions, alerts and lists as Markdown, so a unit or organization
name holding `![x](http://host/t.png)` would make every viewer's browser fetch that address,
`[click](http://…)` would become a live link and a line break followed by `#` a heading. Every
value from the data goes through `text()` before it enters Markdown: one line, every Markdown
character backslash-escaped (CommonMark lets any ASCII punctuation be escaped), so links,
images, bare URLs, emphasis, HTML, math and Streamlit's `:directives:` stay plain text.
"""

from __future__ import annotations

import re
import string

# Each ASCII punctuation character gets a backslash; Markdown then shows it as itself.
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
# Every way of starting a new line, so a value can never open a block (heading, list, quote).
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def text(value: object) -> str:
    """`value` as one line of Markdown that renders as exactly its characters."""
    one_line = _LINE_BREAKS.sub(" ", str(value)).strip()
    return _PUNCTUATION.sub(r"\\\1", one_line)
