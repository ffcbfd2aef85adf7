"""Registers, ledgers and reports in folders whose names have spaces and Chinese characters.

Windows users keep files in places like `D:\\政府信息 公开\\2025 年\\`; the same names go through
the `ogi` commands, the one-writer lock and the backups here. (Under Wine the same runs on Windows'
own APIs: build/windows/windows_checks.py and the bundle smoke's work folder `smoke 冒烟 936`.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from desktop.cli import main
from desktop.store import backup
from desktop.store.lock import RegisterBusy, RegisterLock, open_register, read_holder
from tests.reports.test_ledger_io import HEADERS, row_of, write_sheet

ROOT = Path(__file__).resolve().parents[2]


def folder(tmp_path: Path) -> Path:
    place = tmp_path / "政府信息 公开" / "2025 年 登记簿"
    place.mkdir(parents=True)
    return place


def test_import_report_export_with_spaces_and_chinese_in_every_path(tmp_path: Path) -> None:
    place = folder(tmp_path)
    db = place / "某 局 登记簿.ogidb"
    ledger = place / "收文 台账 2025.xlsx"
    write_sheet(ledger, HEADERS, [row_of(申请人="张 三")])
    assert main(["import-ledger", str(ledger), "--db", str(db)]) == 0
    report = place / "年度 报告.json"
    workbook = place / "年度 报表.xlsx"
    assert main(["report", "--db", str(db), "--year", "2025", "--json", str(report),
                 "--xlsx", str(workbook)]) == 0  # fmt: skip
    rows = json.loads(report.read_text(encoding="utf-8"))["table3"]["rows"]
    assert next(r for r in rows if r["label"].startswith("一、"))["values"][-1] == 1
    assert "表三" in load_workbook(workbook, read_only=True).sheetnames
    exported = place / "导出 台账.xlsx"
    assert main(["export-ledger", "--db", str(db), "--out", str(exported)]) == 0
    values = [c for row in load_workbook(exported).active.iter_rows(values_only=True) for c in row]
    assert "张 三" in values


def test_lock_and_backup_in_a_folder_with_spaces_and_chinese(tmp_path: Path) -> None:
    db = folder(tmp_path) / "某 局 登记簿.ogidb"
    opened = open_register(db)
    try:
        assert opened.lock is not None and opened.lock.path.name == "某 局 登记簿.ogidb.lock"
        holder = read_holder(db)
        assert holder is not None and holder.pid == opened.lock.holder.pid
        try:
            RegisterLock.acquire(db)
        except RegisterBusy as busy:
            assert str(db) in str(busy)
        else:
            raise AssertionError("a second writer got the lock")
        assert opened.backup is not None and opened.backup.path.is_file()
        assert [b.path for b in backup.list_backups(db)] == [opened.backup.path]
    finally:
        opened.close()


def test_command_line_arguments_with_spaces_reach_ogi_unsplit(tmp_path: Path) -> None:
    # As a shortcut or a .bat file passes them: one argument each, spaces inside.
    place = folder(tmp_path)
    db = place / "某 局 登记簿.ogidb"
    ledger = place / "收文 台账.xlsx"
    write_sheet(ledger, HEADERS, [row_of()])
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "import-ledger", str(ledger), "--db", str(db)],
        capture_output=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert db.is_file()
