"""Writes the sample workbooks of this folder (run from the project root:
`.venv/bin/python -m tests.data.consolidation.make_samples`).

- 丙鎮_手填繁體.xlsx: tables 三 and 四 typed by hand on one sheet, in traditional characters, the way
  units really type them: half-width brackets, 1、 ordinals, a shortened 部分公开 label, spaces inside
  headers, a 法人或其他组织小计 column, a blank spacer column, blank rows, numbers as (full-width) text,
  zeros left empty. Its numbers are `consistent_report(seed=42)`.
- 舊台賬_合併標題.xlsx: an office's own ledger: two merged title rows, traditional headers, dates as
  2025.3.1 / 2025年3月1日 / Excel serials, free-text outcomes.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from desktop.domain import report_formats as rf
from desktop.domain.chinese import to_traditional
from tests.reports.test_legacy_ledger import ROWS, messy_ledger
from tests.reports.test_stats_reader import consistent_report

HERE = Path(__file__).parent
SAMPLE_SEED = 42
STATS_SAMPLE = HERE / "丙鎮_手填繁體.xlsx"
LEDGER_SAMPLE = HERE / "舊台賬_合併標題.xlsx"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _hand_label(label: str) -> str:
    """How a clerk retypes a label: half-width brackets, 1、 ordinals, the 部分公开 note dropped."""
    text = label.replace("（", "(").replace("）", ")")
    if text.startswith("(二)部分公开"):
        text = "(二)部分公开"
    if len(text) > 1 and text[0].isdigit() and text[1] == ".":
        text = text[0] + "、" + text[2:]
    return to_traditional(text)


def write_stats_sample(path: Path = STATS_SAMPLE) -> Path:
    report = consistent_report(seed=SAMPLE_SEED)
    table = rf.FORMAT_2021.table3
    wb = Workbook()
    ws = wb.active
    ws.title = "附表"
    ws["A1"] = to_traditional("丙镇人民政府2025年度政府信息公开工作年度报告附表")
    ws.merge_cells("A1:L1")
    ws["A2"] = to_traditional("填报单位：丙镇人民政府")
    ws["A4"] = to_traditional(rf.TABLE3_TITLE)
    top = 5
    # Labels A–C, a blank spacer column D, numbers from E; 小计 before 总计.
    cols = {c.key: 5 + i for i, c in enumerate(table.columns[:-1])}
    subtotal, cols[rf.TOTAL_COLUMN] = 11, 12
    ws.cell(top, 1, to_traditional(table.corner))
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 2, end_column=3)
    ws.cell(top, 5, to_traditional(rf.APPLICANTS_HEADING))
    ws.merge_cells(start_row=top, start_column=5, end_row=top, end_column=12)
    ws.cell(top + 1, 5, to_traditional(rf.vocab.NATURAL_PERSON))
    ws.cell(top + 1, 6, to_traditional(rf.ORGANISATIONS_HEADING))
    ws.merge_cells(start_row=top + 1, start_column=6, end_row=top + 1, end_column=10)
    for column in table.columns[1:-1]:
        ws.cell(top + 2, cols[column.key], to_traditional(column.name))
    ws.cell(top + 1, subtotal, to_traditional("法人或其他组织小计"))
    ws.cell(top + 1, 12, "總　計")
    row = top + 3
    for index, data_row in enumerate(table.rows):
        if index in (2, 12):
            row += 1  # blank lines left in the template
        labels = data_row.path
        before = table.rows[index - 1].path if index else ()
        if len(labels) > 1 and before[:1] != labels[:1]:
            ws.cell(row, 1, _hand_label(labels[0]))  # the 三、本年度办理结果 heading, once
        if len(labels) == 3 and before[:2] != labels[:2]:
            ws.cell(row, 2, _hand_label(labels[1]))  # （三）不予公开 …, once per group
        ws.cell(row, len(labels), _hand_label(labels[-1]))
        values = report.table3[data_row.key]
        for column, value in zip(table.columns, values, strict=True):
            if value:
                text = str(value).translate(FULL_WIDTH) if index % 3 == 0 else value
                ws.cell(row, cols[column.key], text)
        ws.cell(row, subtotal, sum(values[1:6]))
        row += 1
    # Table 四 below, on the same sheet, header rows starting at column B.
    row += 2
    ws.cell(row, 1, to_traditional(rf.TABLE4_TITLE))
    row += 1
    t4 = rf.TABLE4
    for cell in t4.header_cells():
        ws.cell(row + cell.row, 2 + cell.col, to_traditional(cell.text))
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=row + cell.row,
                start_column=2 + cell.col,
                end_row=row + cell.row + cell.rowspan - 1,
                end_column=2 + cell.col + cell.colspan - 1,
            )
    for i, value in enumerate(report.table4):
        ws.cell(row + t4.header_rows, 2 + i, value or None)
    wb.save(path)
    return path


def write_ledger_sample(path: Path = LEDGER_SAMPLE) -> Path:
    return messy_ledger(path, ROWS)


if __name__ == "__main__":
    print(write_stats_sample())
    print(write_ledger_sample())
