"""File menu ledger import (preview, refused rows, all or nothing) and export, on the real window."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desktop.ui import ledger_dialogs
from desktop.ui.main_window import MainWindow
from desktop.ui.register_model import COLUMN_INDEX

LEDGERS = Path(__file__).parents[1] / "data" / "ledgers"


@pytest.fixture
def window(qtbot, register, monkeypatch):
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    win = MainWindow(register)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.messages = []
    win.show_error = lambda title, text: win.messages.append(f"{title}: {text}")
    return win


def preview(qtbot, window, name: str) -> ledger_dialogs.LedgerImportDialog:
    dialog = ledger_dialogs.open_import_ledger(window, str(LEDGERS / name))
    qtbot.waitUntil(lambda: dialog.read_result is not None, timeout=10_000)
    return dialog


def test_good_ledger_previews_then_imports_into_the_window(qtbot, window, register):
    dialog = preview(qtbot, window, "good_simplified.xlsx")
    assert dialog.rows_table.rowCount() == 4
    assert dialog.errors_table.rowCount() == 0
    assert dialog.import_button.isEnabled()
    assert register.count() == 0  # the preview writes nothing
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.import_button.click()
    assert register.count() == 4
    assert window.model.rowCount() == 4
    assert "已导入 4" in window.statusBar().currentMessage()


def test_traditional_ledger_imports_too(qtbot, window, register):
    dialog = preview(qtbot, window, "good_traditional.xlsx")
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.import_button.click()
    assert register.count() == 3


def test_refused_rows_are_listed_with_row_column_reason_and_import_is_not_offered(
    qtbot, window, register
):
    dialog = preview(qtbot, window, "bad_rows.xlsx")
    assert not dialog.import_button.isEnabled()
    table = dialog.errors_table
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert len(rows) == len(dialog.read_result.errors) >= 3
    assert ["3", "C列“收到日期”"] in [r[:2] for r in rows]
    date_row = next(r for r in rows if r[1] == "C列“收到日期”")
    assert "2025-02-30" in date_row[2]
    assert any("办理结果" in r[1] and "已答复" in r[2] for r in rows)
    assert "不会导入任何一行" in dialog.summary.text()
    dialog.start_import()  # even if forced, nothing is written
    assert register.count() == 0


def test_export_writes_the_register_as_a_ledger(qtbot, window, register, tmp_path):
    dialog = preview(qtbot, window, "good_simplified.xlsx")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.import_button.click()
    export = ledger_dialogs.open_export_ledger(window)
    out = tmp_path / "导出.xlsx"
    export.path_edit.setText(str(out))
    export.masked_check.setChecked(True)
    with qtbot.waitSignal(export.accepted, timeout=10_000):
        export.export_button.click()
    assert export.written == 4
    sheet = openpyxl.load_workbook(out).active
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["申请编号", "申请方式", "收到日期"]
    assert "状态" in headers
    assert sheet.max_row == 5
    numbers = {sheet.cell(r, 1).value for r in range(2, 6)}
    shown = {
        window.model.index(r, COLUMN_INDEX["number"]).data() for r in range(window.model.rowCount())
    }
    assert numbers == shown


def test_export_in_traditional_script(qtbot, window, register, tmp_path):
    dialog = preview(qtbot, window, "good_simplified.xlsx")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.import_button.click()
    export = ledger_dialogs.open_export_ledger(window)
    out = tmp_path / "繁體.xlsx"
    export.path_edit.setText(str(out))
    export.traditional_check.setChecked(True)
    with qtbot.waitSignal(export.accepted, timeout=10_000):
        export.export_button.click()
    headers = [c.value for c in openpyxl.load_workbook(out).active[1]]
    assert "申請編號" in headers


def test_window_keeps_painting_while_the_import_runs_on_a_worker(qtbot, window, register):
    """The model is refreshed on the GUI thread after the worker's commit (no cross-thread reset)."""
    resets = []
    window.model.modelReset.connect(lambda: resets.append(True))
    dialog = preview(qtbot, window, "good_simplified.xlsx")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: bool(resets), timeout=2000)
    assert window.model.rowCount() == 4
    assert window.model._listener in register._listeners  # still listening afterwards


def test_a_ledger_with_headers_only_says_there_is_nothing_to_import(qtbot, window, tmp_path):
    path = tmp_path / "空台账.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["申请方式", "收到日期", "申请人类型", "申请人"])
    book.save(path)
    dialog = ledger_dialogs.open_import_ledger(window, str(path))
    qtbot.waitUntil(lambda: dialog.read_result is not None, timeout=10_000)
    assert "没有可导入的内容" in dialog.summary.text()
    assert "可以导入" not in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_export_dialog_says_how_many_rows_and_offers_nothing_on_an_empty_register(
    qtbot, window, register
):
    export = ledger_dialogs.open_export_ledger(window)
    assert "没有申请可导出" in export.count_label.text()
    assert not export.export_button.isEnabled()
    export.reject()
    dialog = preview(qtbot, window, "good_simplified.xlsx")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.import_button.click()
    export = ledger_dialogs.open_export_ledger(window)
    assert export.count_label.text().startswith("4 条申请")
    assert export.export_button.isEnabled()


def test_export_asks_before_replacing_an_existing_file(qtbot, window, register, tmp_path):
    dialog = preview(qtbot, window, "good_simplified.xlsx")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.import_button.click()
    out = tmp_path / "台账.xlsx"
    out.write_bytes(b"last month's ledger")
    asked: list[str] = []
    answer = [False]
    window.confirm = lambda title, text: asked.append(text) or answer[0]
    export = ledger_dialogs.open_export_ledger(window)
    export.path_edit.setText(str(out))
    export.export_button.click()
    assert asked and str(out) in asked[0]
    assert out.read_bytes() == b"last month's ledger"  # kept: the clerk said no
    assert export.written is None
    answer[0] = True
    with qtbot.waitSignal(export.accepted, timeout=10_000):
        export.export_button.click()
    assert export.written == 4
    assert openpyxl.load_workbook(out).active.max_row == 5


def test_a_mistyped_year_in_a_ledger_is_named_by_its_row_and_asked_about(
    qtbot, window, register, tmp_path
):
    path = tmp_path / "台账.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["申请方式", "收到日期", "申请人类型", "申请人"])
    book.active.append(["网络", "2025-03-01", "自然人", "张三"])
    book.active.append(["网络", "2062-11-20", "自然人", "李四"])  # 2026 mistyped
    book.save(path)
    dialog = ledger_dialogs.open_import_ledger(window, str(path))
    qtbot.waitUntil(lambda: dialog.read_result is not None, timeout=10_000)
    assert "有 1 个日期看起来不对" in dialog.summary.text()
    cells = [dialog.errors_table.item(0, c).text() for c in range(3)]
    assert cells[0] == "3" and cells[1] == "收到日期" and "2062年11月20日晚于今天" in cells[2]
    asked = []
    dialog.confirm_doubts = lambda: asked.append(True) or False
    dialog.import_button.click()
    assert asked and register.count() == 0  # not confirmed: nothing imported
    dialog.confirm_doubts = lambda: True
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.import_button.click()
    assert register.count() == 2


def test_a_large_ledger_previews_its_first_rows_and_imports_them_all(
    qtbot, window, register, tmp_path
):
    """The preview is streamed and bounded (the first 100 rows, the counts); the import takes
    every row, in batches, and the window shows them."""
    path = tmp_path / "大台账.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["申请方式", "收到日期", "申请人类型", "申请人"])
    for i in range(2600):
        book.active.append(["网络", "2025-03-01", "自然人", f"申请人{i}"])
    book.save(path)
    dialog = ledger_dialogs.open_import_ledger(window, str(path))
    qtbot.waitUntil(lambda: dialog.read_result is not None, timeout=30_000)
    assert dialog.rows_table.rowCount() == 100
    assert "读出的申请：2600 条（下表为前 100 条）" in dialog.rows_label.text()
    assert (
        "共 2600 行数据" in dialog.summary.text() and "下表只列出前 100 行" in dialog.summary.text()
    )
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        dialog.import_button.click()
    assert register.count() == 2600 and window.model.rowCount() > 0
    assert "已导入 2600" in window.statusBar().currentMessage()


def test_cancelling_the_import_in_the_window_leaves_the_register_unchanged(
    qtbot, window, register, tmp_path, threaded_ops
):
    """取消 in the progress dialog while batches are being stored: every batch rolls back."""
    from PySide6.QtWidgets import QProgressDialog

    from tests.reports.test_ledger_io import HEADERS, row_of, write_sheet

    path = write_sheet(tmp_path / "大台账.xlsx", HEADERS, [row_of() for _ in range(20_000)])
    dialog = ledger_dialogs.open_import_ledger(window, str(path))
    qtbot.waitUntil(lambda: dialog.read_result is not None, timeout=120_000)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()

    def importing() -> QProgressDialog | None:  # the import's (not the preview's) progress
        for progress in dialog.findChildren(QProgressDialog):
            if "正在导入台账…已读" in progress.labelText():
                return progress
        return None

    qtbot.waitUntil(lambda: importing() is not None, timeout=60_000)  # batches are in by now
    importing().canceled.emit()  # what its 取消 button sends
    qtbot.waitUntil(lambda: "已取消导入" in dialog.summary.text(), timeout=60_000)
    assert register.count() == 0
    assert register.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
    assert dialog.import_button.isEnabled()
