"""帮助 menu: 使用说明 (the user guide, shown offline from the copy the program carries) and 关于
(version, where the data file is, which years the holiday calendar covers)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.resources import guide_candidates
from desktop.store.backup import backups_dir
from desktop.ui.i18n import t
from desktop.ui.widgets import fit_to_screen

GUIDE_NAME = "user-guide.md"


def guide_path() -> Path | None:
    """The user guide: the bundle's copy (installer.spec puts it in resources/help), else docs/."""
    for candidate in guide_candidates(GUIDE_NAME):
        if candidate.is_file():
            return candidate
    return None


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(t("使用说明"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        path = guide_path()
        if path is None:
            self.browser.setPlainText(t("没有找到使用说明文件（user-guide.md）。"))
        else:
            self.browser.setSearchPaths([str(path.parent)])
            self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
            self.browser.setMarkdown(t(path.read_text(encoding="utf-8")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 760)


def open_user_guide(main_window: QWidget | None) -> GuideDialog:
    dialog = GuideDialog(main_window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def calendar_coverage(register: Any) -> str:
    """Years whose official holiday arrangement is known, e.g. 2004–2026 (and any imported)."""
    try:
        years = sorted(register.calendar().known_years)
    except Exception:  # a calendar that cannot be read: say nothing rather than something wrong
        return ""
    if not years:
        return ""
    runs: list[str] = []
    start = prev = years[0]
    for year in [*years[1:], None]:
        if year is not None and year == prev + 1:
            prev = year
            continue
        runs.append(f"{start}" if start == prev else f"{start}–{prev}")
        if year is not None:
            start = prev = year
    return "、".join(runs) + "年"


def about_text(register: Any) -> str:
    from desktop import __version__

    lines = [
        f"{APP_NAME} {__version__}",
        "政府信息公开申请登记、期限提醒与年度报告统计。",
        "",
        f"数据文件：{register.path}",
        f"备份文件夹：{backups_dir(register.path)}",
    ]
    coverage = calendar_coverage(register)
    if coverage:
        lines.append(f"节假日安排已有：{coverage}（其他年份的期限标“未确认”）")
    lines.append(f"Python {sys.version.split()[0]}")
    return t("\n".join(lines))


def show_about(main_window: Any) -> None:
    box = QMessageBox(main_window)
    box.setWindowTitle(t("关于"))
    box.setText(about_text(main_window.register))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setIcon(QMessageBox.Icon.Information)
    box.exec()
