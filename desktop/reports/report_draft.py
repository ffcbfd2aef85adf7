"""The written part of the annual report: a .docx draft of sections 三 and 四, figures filled in.

Every figure comes from the statistics engine (desktop.store.statistics.compute_report) and the table
layouts from desktop.domain.report_formats, so the sentences, the embedded tables and the Excel
report cannot disagree. The draft holds, for the report year:

* 三、收到和处理政府信息公开申请情况 — sentences on new applications (by applicant), the carry-over
  from last year, the results by outcome family (with the leaf rows behind each refusal), and the
  carry-over to next year; then table 三 as a Word table with the official merged headings.
* 四、政府信息公开行政复议、行政诉讼情况 — sentences on review and litigation cases; then table 四.

Simplified or traditional characters (OpenCC s2tw, desktop.domain.chinese). Only the 2019 and 2021
formats have these sections; years before 2019 report on the 2014 统计表 and are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from desktop.domain import report_formats as rf
from desktop.domain import vocab
from desktop.domain.chinese import to_traditional
from desktop.domain.report_formats import Report
from desktop.store.outputs import atomic_output, check_output
from desktop.store.register import Register
from desktop.store.statistics import compute_report

BODY_FONT, HEADING_FONT, TITLE_FONT, TABLE_FONT = "仿宋", "黑体", "宋体", "宋体"
BODY_SIZE, TITLE_SIZE, TABLE_SIZE = Pt(16), Pt(22), Pt(9)
TOTAL = 6  # index of 总计 among the seven table-三 columns
# The two （六） leaves whose row labels are whole clauses get a short name inside a sentence.
SENTENCE_NAMES = {
    "other.no_correction": "申请人逾期不补正",
    "other.no_fee": "申请人逾期未缴纳信息处理费",
}


class ReportDraftError(Exception):
    """A draft that cannot be produced; the message is for the clerk, in Chinese."""


@dataclass
class ReportDraft:
    year: int
    report: Report
    title: str
    section3: list[str] = field(default_factory=list)
    section4: list[str] = field(default_factory=list)
    path: Path | None = None


# ------------------------------------------------------------------------------ the sentences
def _n(value: int) -> str:
    return f"{value}件"


def _family_rows(report: Report) -> list[tuple[vocab.OutcomeGroup, list[tuple[str, int]]]]:
    """Each outcome family with its rows of table 三 (short label, 总计) in table order."""
    table = report.spec.table3
    assert table is not None
    found: dict[str, list[tuple[str, int]]] = {}
    for row in table.outcome_rows:
        group = vocab.outcome_group(row.outcomes[0])
        leaf = row.outcomes[0]
        if len(row.outcomes) == 1:
            short = SENTENCE_NAMES.get(leaf, vocab.OUTCOME_BY_CODE[leaf].short)
        else:  # the 2019 format's single （六）其他处理 row
            short = group.family
        found.setdefault(group.code, []).append((short, report.table3[row.key][TOTAL]))
    return [(g, found.get(g.code, [])) for g in vocab.OUTCOME_GROUPS]


def family_totals(report: Report) -> dict[str, int]:
    """Concluded applications per outcome family (予以公开 … 其他处理), from table 三's 总计 column."""
    return {group.family: sum(n for _, n in rows) for group, rows in _family_rows(report)}


def section3_paragraphs(report: Report) -> list[str]:
    """The sentences of section 三, every number read from the report's table 三."""
    t3 = report.table3
    new, carried_in = t3[rf.NEW], t3[rf.CARRIED_IN]
    concluded, carried_out = t3[rf.TOTAL][TOTAL], t3[rf.CARRIED_OUT][TOTAL]
    organisations = sum(new[1:TOTAL])
    first = (
        f"本年度共收到政府信息公开申请{_n(new[TOTAL])}，其中自然人{_n(new[0])}、"
        f"法人或其他组织{_n(organisations)}"
    )
    if organisations:
        parts = [
            f"{name}{_n(v)}"
            for name, v in zip(vocab.ORGANISATION_TYPES, new[1:TOTAL], strict=True)
            if v
        ]
        first += f"（{'、'.join(parts)}）"
    first += f"；上年结转政府信息公开申请{_n(carried_in[TOTAL])}。"

    families = []
    for group, rows in _family_rows(report):
        total = sum(n for _, n in rows)
        text = f"{group.family}{_n(total)}"
        details = [f"{label}{_n(n)}" for label, n in rows if n and label != group.family]
        if total and details and len(rows) > 1:
            text += f"（{'、'.join(details)}）"
        families.append(text)
    second = f"本年度办结政府信息公开申请{_n(concluded)}，其中{'，'.join(families)}。"
    totals = family_totals(report)
    disclosed = totals["予以公开"] + totals["部分公开"]
    if concluded:
        share = f"{disclosed * 100 / concluded:.1f}%"
        second += f"予以公开和部分公开共{_n(disclosed)}，占办结总数的{share}。"
    third = f"结转下年度继续办理{_n(carried_out)}。"
    return [first, second, third]


def _column(report: Report, name: str) -> int:
    return report.table4[rf.TABLE4.column_names.index(name)]


def section4_paragraphs(report: Report) -> list[str]:
    """The sentences of section 四, every number read from the report's table 四."""
    results = vocab.REVIEW_RESULTS
    review_total = _column(report, f"{rf.REVIEW_HEADING}-{rf.TOTAL_LABEL}")
    by_type = {kind: _column(report, f"{kind}-{rf.TOTAL_LABEL}") for kind in vocab.LITIGATION_TYPES}
    litigation_total = sum(by_type.values())
    if not review_total and not litigation_total:
        return ["本年度，本机关未发生因政府信息公开工作被申请行政复议或者被提起行政诉讼的情况。"]

    def outcomes(prefixes: list[str]) -> str:
        parts = [f"{r}{_n(sum(_column(report, f'{p}-{r}') for p in prefixes))}" for r in results]
        return "、".join(parts)

    review = f"本年度，本机关因政府信息公开工作被申请行政复议{_n(review_total)}"
    if review_total:
        review += f"，其中{outcomes([rf.REVIEW_HEADING])}"
    # One sentence with one subject (本机关): the litigation clause follows after a semicolon.
    review += "；"
    litigation = f"被提起行政诉讼{_n(litigation_total)}"
    if litigation_total:
        kinds = "、".join(f"{kind}{_n(n)}" for kind, n in by_type.items())
        litigation += f"（{kinds}），其中{outcomes(list(vocab.LITIGATION_TYPES))}"
    litigation += "。"
    return [review + litigation]


def draft_title(year: int, unit: str) -> str:
    return f"{unit}{year}年政府信息公开工作年度报告（第三、四部分）"


def compose(
    register: Register, year: int, fmt: str | None = None, unit: str | None = None
) -> ReportDraft:
    """The draft's text for one year, from the statistics (nothing written)."""
    spec = rf.get_format(fmt, year)
    if spec.table3 is None or spec.table4 is None:
        raise ReportDraftError(
            f"{year}年度采用《政府信息公开情况统计表》（{spec.basis}），没有第三、四部分的文字稿格式"
        )
    report = compute_report(register, year, spec.code)
    name = report.unit if unit is None else unit
    return ReportDraft(
        year,
        report,
        draft_title(year, name),
        section3_paragraphs(report),
        section4_paragraphs(report),
    )


# ------------------------------------------------------------------------------ the document
def _font(run, name: str, size, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(
    doc,
    text: str,
    *,
    font: str = BODY_FONT,
    size=BODY_SIZE,
    bold=False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    line: float = 28,
):
    p = doc.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = BODY_SIZE * 2
    _font(p.add_run(text), font, size, bold)
    return p


def _cell_text(
    cell, text: str, convert, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER
) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    _font(p.add_run(convert(text)), TABLE_FONT, TABLE_SIZE, bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _grid(doc, rows: int, widths: list[float]):
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    return table


def _place(table, cells: list[rf.Cell], convert, *, row0: int = 0, labels: bool = False) -> None:
    """Write merged cells; header cells bold and centred, row labels left-aligned (headings centred)."""
    for c in cells:
        top_left = table.cell(row0 + c.row, c.col)
        if (c.rowspan, c.colspan) != (1, 1):
            top_left = top_left.merge(
                table.cell(row0 + c.row + c.rowspan - 1, c.col + c.colspan - 1)
            )
        left = labels and c.rowspan == 1
        _cell_text(
            top_left,
            c.text,
            convert,
            bold=not labels,
            align=WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER,
        )


def _hold_together(table, header_rows: int, *, whole: bool) -> None:
    """Rows never split; header rows repeat on a new page; a small table stays on one page."""
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index < header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
        if whole and index < len(table.rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def add_table3(doc, report: Report, convert) -> None:
    """Table 三 with the official merged headings: corner note, 申请人情况 / 法人或其他组织, label block."""
    table3 = report.spec.table3
    assert table3 is not None
    widths = [0.8, 1.6, 4.8] + [1.18] * len(table3.columns)
    table = _grid(doc, table3.header_rows + len(table3.rows), widths)
    _place(table, table3.header_cells(), convert)
    _place(table, table3.label_cells(), convert, row0=table3.header_rows, labels=True)
    for i, row in enumerate(table3.rows):
        for j, value in enumerate(report.table3[row.key]):
            _cell_text(
                table.cell(table3.header_rows + i, table3.label_columns + j), str(value), convert
            )


def add_table4(doc, report: Report, convert) -> None:
    """Table 四: 行政复议 (5) | 行政诉讼 (未经复议直接起诉 5, 复议后起诉 5), one line of numbers."""
    table4 = rf.TABLE4
    table = _grid(doc, table4.header_rows + 1, [1.03] * len(table4.columns))
    _place(table, table4.header_cells(), convert)
    for j, value in enumerate(report.table4):
        _cell_text(table.cell(table4.header_rows, j), str(value), convert)
    _hold_together(table, table4.header_rows, whole=True)


def _page_numbers(section) -> None:
    """页码 “— N —” centred in the footer (GB/T 9704: 4号 宋体): the draft runs to several pages."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), TITLE_FONT, Pt(14))
    for kind in ("begin", "instr", "separate", "end"):
        run = p.add_run()
        _font(run, TITLE_FONT, Pt(14))
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._element.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
            if kind == "separate":
                _font(p.add_run("1"), TITLE_FONT, Pt(14))
    _font(p.add_run(" —"), TITLE_FONT, Pt(14))


def write_docx(draft: ReportDraft, out_path: str | Path, *, traditional: bool = False) -> Path:
    convert = to_traditional if traditional else (lambda text: text)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_numbers(section)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _paragraph(
        doc,
        convert(draft.title),
        font=TITLE_FONT,
        size=TITLE_SIZE,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        line=36,
    )
    _paragraph(doc, "", indent=False)

    _paragraph(
        doc, convert(rf.TABLE3_TITLE), font=HEADING_FONT
    ).paragraph_format.keep_with_next = True
    for text in draft.section3:
        _paragraph(doc, convert(text))
    add_table3(doc, draft.report, convert)
    _paragraph(doc, "", indent=False)

    _paragraph(
        doc, convert(rf.TABLE4_TITLE), font=HEADING_FONT
    ).paragraph_format.keep_with_next = True
    for text in draft.section4:
        _paragraph(doc, convert(text)).paragraph_format.keep_with_next = True
    add_table4(doc, draft.report, convert)

    doc.core_properties.title = convert(draft.title)
    doc.core_properties.author = "政府信息公开申请登记簿"
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        check_output(out_path)  # never over a register (F4); old file or nothing on failure
        with atomic_output(out_path, private=False) as temporary:
            doc.save(str(temporary))
    except OSError as exc:
        raise ReportDraftError(f"无法写入文件 {out_path}：{exc}") from exc
    draft.path = out_path
    return out_path


def build_report_draft(
    register: Register,
    year: int,
    out_path: str | Path,
    *,
    traditional: bool = False,
    fmt: str | None = None,
    unit: str | None = None,
) -> ReportDraft:
    """Compose the draft for a year from the statistics and write it as .docx."""
    draft = compose(register, year, fmt, unit)
    write_docx(draft, out_path, traditional=traditional)
    return draft
