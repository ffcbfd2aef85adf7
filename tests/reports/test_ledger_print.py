"""The exported ledger prints: A4 landscape, the grid, the header row on every page, the ledger's
columns up to 状态 scaled to the page width, page numbers."""

from __future__ import annotations

import re
import zipfile
from datetime import date

from openpyxl import load_workbook

from desktop.domain.application import Application
from desktop.reports.ledger_io import write_ledger


def test_ledger_print_settings(register, tmp_path):
    register.add(
        Application(
            receipt_date=date(2026, 3, 2), channel="网络", applicant_type="自然人", applicant="张三"
        )
    )
    path = tmp_path / "台账.xlsx"
    write_ledger(register, path, year=None, traditional=False, masked=True)
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        workbook = book.read("xl/workbook.xml").decode()
    assert '<printOptions gridLines="1"/>' in sheet
    setup = re.search(r"<pageSetup [^>]*>", sheet).group(0)
    assert 'orientation="landscape"' in setup and 'paperSize="9"' in setup
    assert 10 <= int(re.search(r'scale="(\d+)"', setup).group(1)) < 100
    assert "第 &amp;P 页，共 &amp;N 页" in sheet
    ws = load_workbook(path).active
    assert ws.print_title_rows in ("1:1", "$1:$1")
    headers = [c.value for c in ws[1]]
    last = headers.index("状态") + 1
    assert str(ws.print_area).endswith(f"$A$1:${ws.cell(1, last).column_letter}$2")
    assert '<definedName name="_xlnm.Print_Titles"' in workbook
