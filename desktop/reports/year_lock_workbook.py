"""The differences of a submitted report, as a small workbook for the office's explanation (issue 14).

Sheet 报送后改变的数字: one line per figure that is not what was submitted (表, 行, 列, 报送时, 现在, 差);
sheet 修改记录: every logged change since it was marked 已报送 (时间, 操作人, 操作, 涉及, 原因). Written
from the report window (导出差异…) and `ogi report --compare-submitted --xlsx`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from desktop.domain.year_lock import CellDifference
from desktop.reports.excel_text import set_text
from desktop.store.outputs import atomic_output, check_output
from desktop.store.year_lock import LogEntry, Submission

DIFFERENCE_HEADERS = ("表", "行", "列", "报送时", "现在", "差")
LOG_HEADERS = ("时间", "操作人", "操作", "涉及", "原因")
EMPTY = "（空）"


def _number(value: int | Decimal | None) -> int | float | str:
    if value is None:
        return EMPTY
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def write_differences(
    path: str | Path,
    submission: Submission,
    differences: Sequence[CellDifference],
    log: Sequence[LogEntry],
    *,
    register: str | Path | None = None,
) -> Path:
    path = Path(path)
    check_output(path, register=register)  # never over a register (F4)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "报送后改变的数字"
    title = f"{submission.year}年度政府信息公开工作年度报告（{submission.format}年格式）报送后改变的数字"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append(
        [
            f"报送于 {submission.submitted_at.replace('T', ' ')}（{submission.submitted_by}）；"
            f"共 {len(differences)} 个数字与报送时不同"
        ]
    )
    ws.append(list(DIFFERENCE_HEADERS))
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for d in differences:
        ws.append(
            [
                d.table,
                d.row,
                d.column,
                _number(d.submitted),
                _number(d.now),
                _number(d.difference) if d.difference is not None else "",
            ]
        )
    for letter, width in zip("ABCDEF", (8, 46, 22, 10, 10, 8), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=4):
        row[1].alignment = Alignment(wrap_text=True, vertical="center")

    logs = wb.create_sheet("修改记录")
    logs.append(list(LOG_HEADERS))
    for cell in logs[1]:
        cell.font = Font(bold=True)
    for number, entry in enumerate(log, start=2):
        values = (entry.at.replace("T", " "), entry.user, entry.action, entry.subject, entry.reason)
        for column, value in enumerate(values, start=1):
            set_text(logs.cell(number, column), value)  # typed text stays text (a reason "=…")
    for letter, width in zip("ABCDE", (20, 12, 10, 30, 50), strict=True):
        logs.column_dimensions[letter].width = width
    with atomic_output(path, private=False) as temporary:
        wb.save(temporary)
    return path
