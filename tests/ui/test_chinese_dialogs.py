"""Qt's own dialogs in Chinese, file dialogs that start in the last folder, 打开文件 / 打开所在文件夹."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop.ui import files
from desktop.ui.app import install_qt_translations


def test_qt_dialog_texts_and_locale_are_chinese(qapp):
    before = QLocale()
    translator = install_qt_translations(qapp, traditional=False)
    try:
        assert translator is not None
        assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
        assert QCoreApplication.translate("QFileDialog", "Files of type:") == "文件类型："
        assert QCoreApplication.translate("QPrintDialog", "Print") == "打印"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert QLocale().language() == QLocale.Language.Chinese
    finally:
        if translator is not None:
            qapp.removeTranslator(translator)
        QLocale.setDefault(before)


def test_file_dialogs_start_in_the_last_folder_used(qtbot, tmp_path, monkeypatch):
    starts = []

    def fake_save(parent, title, start, filters):
        starts.append(start)
        return str(tmp_path / "out" / "台账.xlsx"), ""

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    # The first time: 文档 (Documents), never the program's working folder.
    files.save_file(None, "导出台账", "台账.xlsx", "Excel (*.xlsx)")
    assert Path(starts[0]) == files.documents_folder() / "台账.xlsx"
    # Then where the clerk saved last, also for other dialogs of the program.
    files.save_file(None, "导出 Excel", "统计表.xlsx", "Excel (*.xlsx)")
    assert Path(starts[1]) == tmp_path / "out" / "统计表.xlsx"
    assert files.last_folder() == tmp_path / "out"


def test_after_an_export_the_file_or_its_folder_can_be_opened(qtbot, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(files, "open_path", lambda p: opened.append(Path(p)))
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"x")
    box = files.offer_open(None, "导出台账", "已导出 3 条申请：", path)
    texts = [b.text() for b in box.buttons()]
    assert "打开文件(&O)" in texts and "打开所在文件夹(&F)" in texts and str(path) in box.text()
    box.folder_button.click()
    assert opened == [tmp_path]
    box = files.offer_open(None, "导出台账", "已导出：", path)
    box.open_button.click()
    assert opened[-1] == path
    QApplication.processEvents()
    assert isinstance(box, QMessageBox)
