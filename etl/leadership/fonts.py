"""The CJK font the PDF embeds.

Typst ships Latin fonts only, so the report needs a font that writes Chinese. We take the first
of a short list of well-known CJK families found among the machine's fonts (Debian/Ubuntu:
`apt-get install fonts-noto-cjk`, which `.ci/run` and the README's setup step install), or in the
folder `$COOP_FONT_DIR` names. With none, the report is refused with a message naming the fix,
rather than printed in tofu boxes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from etl.errors import ReportError

ENV = "COOP_FONT_DIR"

# Sans first (reads well on screen and in print at body size), then serif, then older families.
PREFERRED = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)


@dataclass(frozen=True)
class CjkFont:
    family: str
    files: tuple[Path, ...]  # every file holding a style of the family (regular, bold …)


def find_cjk_font() -> CjkFont:
    """The CJK font to embed; ReportError("report.no_font") when there is none."""
    import typst

    extra = os.environ.get(ENV, "").strip()
    paths = [extra] if extra else []
    fonts = typst.Fonts(include_system_fonts=True, include_embedded_fonts=False, font_paths=paths)
    found: dict[str, set[Path]] = {}
    for info in fonts.fonts():
        if info.path:
            found.setdefault(info.family, set()).add(Path(info.path))
    for family in PREFERRED:
        if family in found:
            return CjkFont(family, tuple(sorted(found[family])))
    raise ReportError("report.no_font", detail=ENV)
