"""Every top-level window fits an office screen: 1024×768 with a taskbar leaves about 1024×700."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from desktop.domain.application import Application
from desktop.store import settings
from desktop.store.due_queries import due_board
from desktop.ui.main_window import MainWindow

SCREEN = QSize(1024, 700)


def minimum(widget: QWidget) -> QSize:
    """The smallest size the window can be given (its layout's minimum, or a set minimum)."""
    return widget.minimumSizeHint().expandedTo(widget.minimumSize())


def windows(register, main: MainWindow) -> dict[str, QWidget]:
    from desktop.ui.application_form import ApplicationForm
    from desktop.ui.backup_dialog import BackupDialog
    from desktop.ui.charts_window import ChartsWindow
    from desktop.ui.consolidate_window import ConsolidateWindow
    from desktop.ui.data_package_dialog import ExportPackageDialog, ImportPackageDialog
    from desktop.ui.documents_window import DocumentsWindow
    from desktop.ui.due_board import DueBoardDialog
    from desktop.ui.holiday_dialog import HolidayDialog
    from desktop.ui.import_wizard import ImportWizard
    from desktop.ui.ledger_dialogs import LedgerExportDialog
    from desktop.ui.letters_dialog import LettersDialog, OfficeSettingsDialog
    from desktop.ui.report_draft_dialog import ReportDraftDialog
    from desktop.ui.report_window import ReportWindow
    from desktop.ui.table2_dialog import Table2Dialog

    app = register.get(1)
    bench = main.bench
    return {
        "主窗口": main,
        "登记表（新增）": ApplicationForm(register, None),
        "登记表（编辑）": ApplicationForm(register, app),
        "年度报告": ReportWindow(bench),
        "主动公开数据": Table2Dialog(register, 2025),
        "到期提醒": DueBoardDialog(register, due_board(register, date(2026, 3, 10))),
        "统计图表": ChartsWindow(bench),
        "汇总各单位报表": ConsolidateWindow(bench),
        "导入向导": ImportWizard(bench),
        "导出台账": LedgerExportDialog(main),
        "生成文书": LettersDialog(register, app.id),
        "单位设置": OfficeSettingsDialog(register),
        "节假日安排": HolidayDialog(bench),
        "备份与恢复": BackupDialog(bench),
        "导出数据包": ExportPackageDialog(bench),
        "导入数据包": ImportPackageDialog(bench),
        "年度报告文字稿": ReportDraftDialog(register, None, 2025),
        "规章和规范性文件登记": DocumentsWindow(bench),
    }


@pytest.mark.parametrize("unit", ["", "某某省某某市某某县人民政府办公室政府信息与政务公开科"])
def test_every_top_level_window_fits_1024x700(qtbot, register, monkeypatch, unit):
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    register.add(
        Application(
            receipt_date=date(2025, 3, 2),
            channel="网络",
            applicant_type="自然人",
            applicant="张三",
            content="申请公开道路拓宽工程的征收补偿方案" * 3,
        )
    )
    if unit:  # a long office name must not widen the report window (it did: 1421 px)
        settings.set_office_name(register, unit)
        from desktop.store.annual_figures import set_figures

        set_figures(register, 2025, {"unit": unit})
    main = MainWindow(register)
    qtbot.addWidget(main)
    too_big = {}
    for name, widget in windows(register, main).items():
        if widget is not main:
            qtbot.addWidget(widget)
        widget.show()
        need = minimum(widget)
        if need.width() > SCREEN.width() or need.height() > SCREEN.height():
            too_big[name] = (need.width(), need.height())
        if widget is not main:
            widget.close()
    assert too_big == {}


def test_every_window_reopens_at_the_size_the_clerk_left_it(qtbot, register, monkeypatch):
    """One helper (widgets.fit_to_screen) keeps each window's size in ui.ini: a window made
    smaller, closed and opened again comes back at that size, never larger than the screen."""
    from PySide6.QtGui import QGuiApplication

    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    register.add(
        Application(
            receipt_date=date(2025, 3, 2),
            channel="网络",
            applicant_type="自然人",
            applicant="张三",
            content="预算",
        )
    )
    main = MainWindow(register)
    qtbot.addWidget(main)
    left: dict[str, QSize] = {}
    for name, widget in windows(register, main).items():
        qtbot.addWidget(widget)
        widget.show()
        need = minimum(widget)
        size = QSize(
            max(need.width(), widget.width() - 37), max(need.height(), widget.height() - 23)
        )
        widget.resize(size)
        left[name] = widget.size()
        widget.close()
    area = QGuiApplication.primaryScreen().availableGeometry()
    main2 = MainWindow(register)
    qtbot.addWidget(main2)
    moved = {}
    for name, widget in windows(register, main2).items():
        qtbot.addWidget(widget)
        widget.show()
        if widget.size() != left[name]:
            moved[name] = (left[name], widget.size())
        need = minimum(widget)
        assert widget.width() <= max(area.width(), need.width()), name
        assert widget.height() <= max(area.height(), need.height()), name
        widget.close()
    assert moved == {}
