"""The report as DOCX (python-docx), for staff who turn it into an official document.

Same content as the PDF, in Word's own structures: real headings (for the navigation pane and a
table of contents), real tables, A4 pages. Chinese text is set in 宋体 (SimSun, on every Windows
installation; other systems substitute their CJK font) and headings in 黑体 (SimHei), Latin text
in Times New Roman.
"""

from __future__ import annotations

import io

from etl.leadership import charts
from etl.leadership.fonts import CjkFont
from etl.leadership.model import Bullets, Chart, Heading, Note, Paragraph, Report, Table

EAST_ASIAN_FONT = "SimSun"  # 宋体 for the text
EAST_ASIAN_HEADING_FONT = "SimHei"  # 黑体 for titles and headings, as official documents do
LATIN_FONT = "Times New Roman"
THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_fonts(style: object, size: float | None = None, east_asian: str = EAST_ASIAN_FONT) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = style.font  # type: ignore[attr-defined]
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attribute in THEME_ATTRIBUTES:  # a theme font would win over the names set here
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:eastAsia"), east_asian)


def render_docx(report: Report, font: CjkFont | None = None) -> bytes:
    """The DOCX; charts are drawn only with a CJK font for their labels (else left out)."""
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    styles = document.styles
    _set_fonts(styles["Normal"], 10.5)
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2"):
        _set_fonts(styles[name], east_asian=EAST_ASIAN_HEADING_FONT)
    for name in ("List Bullet", "Table Grid"):
        _set_fonts(styles[name])
    document.core_properties.title = report.title
    document.core_properties.language = "zh-CN" if report.lang == "zh" else "en-GB"

    title = document.add_paragraph(report.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph(report.subtitle, style="Subtitle")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in report.lines:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(line)
        run.font.size = Pt(9.5)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)

    for sec in report.sections:
        document.add_heading(sec.title, level=1)
        for block in sec.blocks:
            if isinstance(block, Heading):
                document.add_heading(block.text, level=2)
            elif isinstance(block, Paragraph):
                document.add_paragraph(block.text)
            elif isinstance(block, Note):
                run = document.add_paragraph().add_run(block.text)
                run.font.size = Pt(9)
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
            elif isinstance(block, Chart):
                if font is not None:
                    document.add_picture(io.BytesIO(charts.png(block.spec, font)), width=Mm(160))
                    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
                    caption = document.add_paragraph()
                    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    run = caption.add_run(block.title)
                    run.font.size = Pt(9)
                    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
            elif isinstance(block, Bullets):
                for item in block.items:
                    document.add_paragraph(item, style="List Bullet")
            elif isinstance(block, Table):
                table = document.add_table(rows=1, cols=len(block.columns), style="Table Grid")
                table.alignment = WD_TABLE_ALIGNMENT.CENTER
                for cell, text in zip(table.rows[0].cells, block.columns, strict=True):
                    cell.text = text
                    for run in cell.paragraphs[0].runs:
                        run.font.bold = True
                for row in block.rows:
                    cells = table.add_row().cells
                    for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
                        cell.text = text
                        if i in block.numeric:
                            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for row in table.rows:
                    for cell in row.cells:
                        for par in cell.paragraphs:
                            for run in par.runs:
                                run.font.size = Pt(9)
                document.add_paragraph()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
