"""数据包 dialogs: export from one register, merge into another, a second merge refused."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.domain.application import Application
from desktop.store import duplicates
from desktop.store.register import Register
from desktop.ui.data_package_dialog import open_export_package, open_import_package
from desktop.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _no_due_board_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    # The start-up board is tested in test_main_window; restored after each test (no leak).
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)


def _window(qtbot, register):
    win = MainWindow(register)
    qtbot.addWidget(win)
    return win


def test_export_then_import_then_refuse_again(qtbot, register, tmp_path):
    town = Register.open(tmp_path / "town.ogidb")
    town.add_many(
        [
            Application(
                receipt_date=date(2025, 3, d),
                channel="网络",
                applicant_type="自然人",
                applicant=f"申请人{d}",
                content="预算",
            )
            for d in (3, 4, 5)
        ]
    )
    export = open_export_package(_window(qtbot, town).bench)
    qtbot.addWidget(export)
    export.unit_edit.setText("某某镇人民政府")
    export.path_edit.setText(str(tmp_path / "某某镇"))
    qtbot.mouseClick(export.export_button, Qt.MouseButton.LeftButton)
    assert export.manifest is not None and export.manifest.rows == 3
    assert "已导出 3 件申请" in export.result_label.text()
    # 打开所在文件夹 only: a 数据包 is opened by 导入数据包, not by another program.
    assert export.offer.open_button is None
    assert export.offer.folder_button.text() == "打开所在文件夹(&F)"
    export.offer.close()
    assert (tmp_path / "某某镇.ogipkg").exists()
    assert duplicates.saved_unit_name(town) == "某某镇人民政府"
    town.close()

    dialog = open_import_package(_window(qtbot, register).bench)
    qtbot.addWidget(dialog)
    dialog.load(tmp_path / "某某镇.ogipkg")
    assert (
        "单位：某某镇人民政府" in dialog.details.text()
        and "申请：3 件（校验通过）" in dialog.details.text()
    )
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert register.count() == 3
    assert "导入 3 件申请" in dialog.details.text()

    dialog.load(tmp_path / "某某镇.ogipkg")
    assert "不能重复导入" in dialog.details.text()
    assert not dialog.import_button.isEnabled()
    assert register.count() == 3


def test_export_without_unit_or_path_says_why(qtbot, register, tmp_path):
    export = open_export_package(_window(qtbot, register).bench)
    qtbot.addWidget(export)
    export.unit_edit.setText("")
    qtbot.mouseClick(export.export_button, Qt.MouseButton.LeftButton)
    assert export.result_label.text() == "请选择保存数据包的位置"
    export.path_edit.setText(str(tmp_path / "x.ogipkg"))
    qtbot.mouseClick(export.export_button, Qt.MouseButton.LeftButton)
    assert "请填写单位名称" in export.result_label.text() and not (tmp_path / "x.ogipkg").exists()


def test_a_package_with_documents_says_so_and_skips_a_clashing_one(qtbot, register, tmp_path):
    """Issue 16: the dialog shows the package's 规章 and 规范性文件, a 文号 already here needs 跳过."""
    from desktop.reports import data_package as dp
    from desktop.store import documents as ds
    from tests.documents_sample import SAMPLE

    town = Register.open(tmp_path / "town.ogidb")
    ds.add_many(town, SAMPLE[:3])
    dp.export_package(town, tmp_path / "town.ogipkg", "某镇")
    town.close()
    ds.add(register, SAMPLE[0])
    dialog = open_import_package(_window(qtbot, register).bench)
    qtbot.addWidget(dialog)
    dialog.load(tmp_path / "town.ogipkg")
    text = dialog.details.text()
    assert "规章和规范性文件：3 件" in text and "1 件的文号已在本登记簿中" in text
    assert not dialog.import_button.isEnabled()
    dialog.skip.setChecked(True)
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert ds.count(register) == 3
    assert "导入 0 件申请和 2 件规章和规范性文件" in dialog.details.text()
