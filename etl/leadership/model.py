"""The report as structured content: sections of headings, paragraphs, lists and tables.

Built once from the warehouse (`etl.leadership.build`), in one language, with every figure already
written out; the renderers (`pdf`, `word`) only lay it out. `to_json` is what the Typst template
reads.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class Heading:
    text: str
    type: Literal["heading"] = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    type: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    type: Literal["bullets"] = "bullets"


@dataclass(frozen=True)
class Note:
    """A quieter line: a source, a count of rows left out, an empty list's "none"."""

    text: str
    type: Literal["note"] = "note"


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # right-aligned columns
    type: Literal["table"] = "table"


@dataclass(frozen=True)
class Chart:
    """A chart as a Vega-Lite spec (data inline); the renderers draw it (`charts.png`)."""

    title: str
    name: str  # unique in the report: the image's file name when one is needed
    spec: dict[str, Any]
    type: Literal["chart"] = "chart"


Block = Heading | Paragraph | Bullets | Note | Table | Chart


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    lang: str
    title: str
    subtitle: str
    lines: list[str]  # under the title: scope, provisional marker, generation date
    sections: list[Section]
    sentences: list[str]  # the summary's generated sentences (also in section 1)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    def text(self) -> str:
        """Every piece of text, in reading order (what a search of the document finds)."""
        parts = [self.title, self.subtitle, *self.lines]
        for section in self.sections:
            parts.append(section.title)
            for block in section.blocks:
                if isinstance(block, Bullets):
                    parts.extend(block.items)
                elif isinstance(block, Chart):
                    parts.append(block.title)
                elif isinstance(block, Table):
                    parts.append(" ".join(block.columns))
                    parts.extend(" ".join(row) for row in block.rows)
                else:
                    parts.append(block.text)
        return "\n".join(parts)
