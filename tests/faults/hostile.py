"""Hostile inputs for the fault suite, built on the fly (docs/safety.md, F1–F16).

Each builder writes a small, real file the way the reliability review's attack scripts did: a
workbook whose `<dimension>` claims the whole sheet, one stray cell in the last row, a hidden first
sheet. `run_bounded` runs a piece of the program in a child process with an address-space cap and a
time-out, so a hang or a memory blow-up fails the test instead of the machine.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
LEDGER_HEADERS = ["申请编号", "申请方式", "收到日期", "申请人类型", "申请人", "申请内容"]


def ledger_rows(n: int, start: int = 1) -> list[list[object]]:
    return [
        [f"2025-{i:04d}", "网络", date(2025, 3, 3), "自然人", f"张三{i}", "请公开某项目的批复文件"]
        for i in range(start, start + n)
    ]


def write_ledger(path: Path, rows: list[list[object]] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(LEDGER_HEADERS)
    for row in ledger_rows(3) if rows is None else rows:
        ws.append(row)
    wb.save(path)
    return path


def patch_sheet_xml(path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """Rewrite xl/worksheets/sheet1.xml with `change(xml) -> xml`, keeping every other member."""
    with zipfile.ZipFile(path) as src:
        members = {info.filename: src.read(info) for info in src.infolist()}
    name = "xl/worksheets/sheet1.xml"
    members[name] = change(members[name].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member, data in members.items():
            out.writestr(member, data)
    return path


def dimension_bomb(path: Path) -> Path:
    """A 2 KB ledger whose <dimension> says A1:XFD1048576 and whose last (empty) row element is row
    1,048,576: openpyxl's read-only iter_rows pads every row up to it to 16,384 columns."""
    write_ledger(path)

    def change(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
        return xml.replace("</sheetData>", '<row r="1048576" spans="1:16384"/></sheetData>')

    return patch_sheet_xml(path, change)


def row_gap(path: Path) -> Path:
    """A 2 KB ledger with one stray cell in row 1,048,576, column XFD, no dimension."""
    write_ledger(path)

    def change(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"/>', "", xml)
        stray = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace("</sheetData>", stray + "</sheetData>")

    return patch_sheet_xml(path, change)


def run_bounded(
    code: str, *, memory_mb: int = 1500, seconds: int = 120
) -> subprocess.CompletedProcess:
    """Run `code` in a child Python limited to `memory_mb` of address space and `seconds`."""
    prelude = textwrap.dedent(
        f"""
        import resource, sys
        sys.path.insert(0, {str(ROOT)!r})
        limit = {memory_mb} * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        """
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=seconds,
        cwd=ROOT,
    )
