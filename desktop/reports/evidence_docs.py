"""The 期限计算过程 as a document: HTML (printing and PDF through Qt, desktop/ui/printing.py) and .docx.

Both are built from one `DeadlineEvidence` (desktop/domain/deadline_evidence.py), so the printed page,
the PDF and the Word file attached to a 复议答复书 or 答辩状 say the same thing. Qt-free.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from desktop.domain.deadline_evidence import COUNTED, DUE, EVENT, DeadlineEvidence, EvidenceLine
from desktop.domain.letters import chinese_date
from desktop.store.outputs import atomic_output, check_output

HEADERS = ("日期", "计入", "说明")
STYLE = """<style>
body { font-family: "SimSun", "宋体", "Noto Serif CJK SC", "WenQuanYi Micro Hei", serif; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 6pt 0; }
p.sub { text-align: center; margin: 0 0 8pt 0; }
table.grid { border-collapse: collapse; width: 100%; }
table.grid td, table.grid th { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }
th { background: #e8e8e8; }
td.event { font-weight: bold; }
td.due { font-weight: bold; }
p.flag { color: #b3261e; margin: 2pt 0; }
</style>"""


def title_of(evidence: DeadlineEvidence, office: str = "") -> str:
    return f"{office}{evidence.title}" if office else evidence.title


def heading_lines(evidence: DeadlineEvidence, today: date) -> list[str]:
    return [
        f"申请人：{evidence.applicant}　收到日期：{chinese_date(evidence.receipt)}　"
        f"适用：{evidence.regime_name}",
        f"答复期限：{chinese_date(evidence.due)}"
        + ("" if evidence.confirmed else "（未确认）")
        + ("（暂定）" if evidence.provisional else "")
        + f"　制表日期：{chinese_date(today)}",
    ]


def line_cells(line: EvidenceLine) -> tuple[str, str, str]:
    """The three cells of a line: date, whether counted, what and why."""
    if line.kind == COUNTED:
        counted = line.count_text()
    elif line.kind in (EVENT, DUE) or line.day is None:
        counted = ""
    else:
        counted = "不计"
    return line.date_text(), counted, line.text


def evidence_html(
    evidence: DeadlineEvidence, *, office: str = "", today: date | None = None
) -> str:
    today = today or date.today()

    def e(text: str) -> str:
        return html.escape(text)

    rows = "".join(
        "<tr>"
        + "".join(f'<td class="{line.kind}">{e(cell)}</td>' for cell in line_cells(line))
        + "</tr>"
        for line in evidence.lines
    )
    flags = "".join(f'<p class="flag">提示：{e(flag)}</p>' for flag in evidence.flags)
    head = "".join(f'<p class="sub">{e(line)}</p>' for line in heading_lines(evidence, today))
    return (
        f"<html><head>{STYLE}</head><body><h1>{e(title_of(evidence, office))}</h1>{head}{flags}"
        '<table class="grid" cellspacing="0" cellpadding="3"><tr>'
        + "".join(f"<th>{h}</th>" for h in HEADERS)
        + f"</tr>{rows}</table>"
        f'<p class="sub">摘要：{e(evidence.summary)}</p></body></html>'
    )


def evidence_text(evidence: DeadlineEvidence, *, today: date | None = None) -> str:
    """Plain text, one line per step (what `ogi deadline` prints)."""
    today = today or date.today()
    out = [evidence.title, *heading_lines(evidence, today)]
    out += [f"提示：{flag}" for flag in evidence.flags]
    for line in evidence.lines:
        date_text, counted, text = line_cells(line)
        out.append("  ".join(part for part in (date_text, counted, text) if part))
    return "\n".join(out)


def write_evidence_docx(
    evidence: DeadlineEvidence, path: str | Path, *, office: str = "", today: date | None = None
) -> Path:
    """The 期限计算过程 as a Word document (A4, a three-column table with a repeated header row)."""
    from docx import Document  # imported here: only this export needs python-docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    today = today or date.today()
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(title_of(evidence, office))
    run.bold = True
    run.font.size = Pt(15)
    for text in heading_lines(evidence, today):
        doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for flag in evidence.flags:
        doc.add_paragraph(f"提示：{flag}")
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    header = table.rows[0]
    for cell, text in zip(header.cells, HEADERS, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    # Repeat the header row on every page (w:tblHeader).
    row_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_pr.append(repeat)
    for line in evidence.lines:
        cells = table.add_row().cells
        for cell, text in zip(cells, line_cells(line), strict=True):
            cell.text = text
            if line.kind in (EVENT, DUE) and cell.paragraphs[0].runs:
                cell.paragraphs[0].runs[0].bold = True
    # Word and LibreOffice read the widths from the grid and from every cell: set both.
    table.autofit = False
    widths = (Cm(4.4), Cm(2.9), Cm(9.7))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    doc.add_paragraph(f"摘要：{evidence.summary}")
    path = Path(path)
    check_output(path)  # never over a register (F4); written whole or not at all (F12)
    with atomic_output(path) as temporary:
        doc.save(str(temporary))
    return path
