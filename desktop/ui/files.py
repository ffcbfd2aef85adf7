"""File dialogs that open where the clerk last saved or opened a file (文档 the first time), and
the message after an export that offers 打开文件 / 打开所在文件夹.

The last folder is kept in ui.ini in the program's data folder, so every dialog of the program (export,
import, letters, report) starts in the same place and the choice survives a restart.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.ui.i18n import t
from desktop.ui.ui_settings import ui_settings

LAST_FOLDER_KEY = "files/last_folder"


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def last_folder() -> Path:
    """Where the last file was saved or opened; 文档 (Documents) before the first time."""
    saved = ui_settings().value(LAST_FOLDER_KEY)
    if saved:
        folder = Path(str(saved))
        if folder.is_dir():
            return folder
    return documents_folder()


def remember(path: str | Path) -> None:
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    ui_settings().set_value(LAST_FOLDER_KEY, str(folder))


def in_last_folder(name: str) -> str:
    """A suggested file name placed in the last folder (a bare name would land in the program's
    working folder)."""
    return str(last_folder() / name)


def save_file(parent: QWidget | None, title: str, name: str, filters: str) -> str:
    """A save dialog starting at the last folder with `name` suggested; "" when cancelled."""
    start = name if Path(name).is_absolute() else in_last_folder(name)
    path, _ = QFileDialog.getSaveFileName(parent, t(title), start, t(filters))
    if path:
        remember(path)
    return path


def open_file(parent: QWidget | None, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, t(title), str(last_folder()), t(filters))
    if path:
        remember(path)
    return path


def open_files(parent: QWidget | None, title: str, filters: str) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, t(title), str(last_folder()), t(filters))
    if paths:
        remember(paths[0])
    return paths


def choose_folder(parent: QWidget | None, title: str) -> str:
    folder = QFileDialog.getExistingDirectory(parent, t(title), str(last_folder()))
    if folder:
        remember(folder)
    return folder


def open_path(path: str | Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def offer_open(
    parent: QWidget | None, title: str, text: str, path: str | Path, *, openable: bool = True
) -> QMessageBox:
    """Tell the clerk where the file went, with 打开文件 / 打开所在文件夹 / 关闭.

    A folder (several files written into it) gets 打开文件夹 alone; so does a file no other program
    opens (openable=False: a 数据包 is opened by this program's 导入数据包). Shown without blocking
    (open(), not exec()): the export's caller goes on at once."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(t(title))
    box.setText(t(text) + "\n" + str(path))
    box.open_button = None  # type: ignore[attr-defined]
    if openable and not path.is_dir():
        box.open_button = box.addButton(t("打开文件(&O)"), QMessageBox.ButtonRole.AcceptRole)  # type: ignore[attr-defined]
    box.folder_button = box.addButton(  # type: ignore[attr-defined]
        t("打开文件夹(&F)" if path.is_dir() else "打开所在文件夹(&F)"),
        QMessageBox.ButtonRole.ActionRole,
    )
    box.addButton(t("关闭"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(box.open_button or box.folder_button)  # type: ignore[attr-defined]

    def clicked(button: object) -> None:
        if button is not None and button is box.open_button:  # type: ignore[attr-defined]
            open_path(path)
        elif button is box.folder_button:  # type: ignore[attr-defined]
            open_path(folder)

    box.buttonClicked.connect(clicked)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
