"""备份与恢复: list the register's backups, make one now, restore a chosen one.

The work is done by `desktop.store.backup`; this dialog only asks and shows. Restoring keeps a copy
of the present file first (a 恢复前 backup), swaps the chosen backup in, and has the main window
re-open the register (`main_window.reopen_register(path)`); a window that cannot re-open is closed
after telling the clerk to start the program again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.store import backup, integrity
from desktop.store.register import Register, RegisterError
from desktop.ui.i18n import t

COLUMNS = ("备份时间", "类型", "申请件数", "文件大小", "文件名")


def ask(parent: QWidget, title: str, text: str) -> bool:
    """Yes/no question (a seam for tests)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def tell(parent: QWidget, title: str, text: str, *, warning: bool = False) -> None:
    """A message the clerk acknowledges (a seam for tests)."""
    (QMessageBox.warning if warning else QMessageBox.information)(parent, title, text)


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


class BackupDialog(QDialog):
    def __init__(self, main_window: QWidget):
        super().__init__(main_window)
        self.main_window = main_window
        self.setWindowTitle(t("备份与恢复"))
        self.resize(760, 440)
        self.backups: list[backup.BackupInfo] = []

        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([t(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        row = QHBoxLayout()
        self.make_button = QPushButton(t("立即备份"), self)
        self.make_button.clicked.connect(self.make_now)
        self.restore_button = QPushButton(t("恢复所选备份…"), self)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button = QPushButton(t("打开备份文件夹"), self)
        self.folder_button.clicked.connect(self.open_folder)
        self.elsewhere_button = QPushButton(t("备份到其他位置（U盘）…"), self)
        self.elsewhere_button.clicked.connect(lambda: self.backup_elsewhere())
        for button in (
            self.make_button,
            self.elsewhere_button,
            self.restore_button,
            self.folder_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(t("关闭"))
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.refresh()

    @property
    def register(self) -> Register:
        return self.main_window.register  # the register now open (it changes after a restore)

    def refresh(self) -> None:
        folder = backup.backups_dir(self.register.path)
        self.intro.setText(
            t("备份保存在：")
            + str(folder)
            + "\n"
            + t("每天首次打开登记簿时自动备份一次；保留最近 30 份，另外每月保留一份。")
        )
        self.backups = backup.list_backups(self.register.path)
        self.table.setRowCount(len(self.backups))
        for r, info in enumerate(self.backups):
            cells = (
                info.taken_at.strftime("%Y-%m-%d %H:%M:%S"),
                t(backup.KIND_LABELS.get(info.kind, info.kind)),
                "—" if info.rows is None else f"{info.rows:,}",
                human_size(info.size),
                info.path.name,
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (2, 3):  # counts and sizes line up on the right
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        if self.backups:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> backup.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        info = self.selected()
        readonly = self.register.readonly
        self.restore_button.setEnabled(info is not None and info.kind != "damaged" and not readonly)
        if readonly:
            self.restore_button.setToolTip(t("登记簿以只读方式打开，不能恢复"))

    # ------------------------------------------------------------------ actions
    def make_now(self) -> backup.BackupInfo | None:
        from desktop.ui.app import run_busy

        register = self.register
        try:  # seconds on a big register: on a worker, behind a busy message
            info = run_busy(
                self, "正在备份登记簿…", lambda: backup.make_backup(register, kind="manual")
            )
        except RegisterError as exc:
            self.status.setText(t("备份失败：") + str(exc))
            return None
        self.refresh()
        self.status.setText(
            t("已备份：") + info.path.name + t("（{n} 件申请，已校验）").format(n=info.rows)
        )
        return info

    def restore_selected(self) -> bool:
        info = self.selected()
        if info is None or self.register.readonly:
            return False
        stamp = info.taken_at.strftime("%Y-%m-%d %H:%M:%S")
        question = t(
            "确定要把登记簿恢复到 {stamp} 的备份吗？\n"
            "此后所做的登记和修改将被替换。恢复前，当前的登记簿会先另存一份“恢复前”备份，"
            "需要时仍可找回。"
        ).format(stamp=stamp)
        if not ask(self, t("恢复备份"), question):
            return False
        from desktop.ui.app import run_busy

        register = self.register
        path = register.path
        reopen = getattr(self.main_window, "reopen_register", None)
        # A check, a 恢复前 copy and a swap: tens of seconds on a big register, so on a worker. The
        # register closes half way: the window must not repaint (and read it) until it is reopened.
        self.main_window.setUpdatesEnabled(False)
        try:
            path = run_busy(
                self,
                "正在恢复登记簿（先另存“恢复前”备份）…",
                lambda: backup.restore(register, info.path),
            )
        except RegisterError as exc:
            if getattr(exc, "register_closed", False):
                self._after_failed_restore(path, reopen)
            self.main_window.setUpdatesEnabled(True)
            tell(self, t("恢复备份"), t("没有恢复：") + str(exc), warning=True)
            return False
        if callable(reopen):
            reopen(path)
        self.main_window.setUpdatesEnabled(True)
        if callable(reopen):
            if not self.register.readonly:
                integrity.mark_open(self.register.conn)
            self.refresh()
            self.status.setText(t("已恢复到 {stamp} 的备份。").format(stamp=stamp))
            return True
        tell(
            self,
            t("恢复备份"),
            t("已恢复到 {stamp} 的备份。请重新启动程序以打开恢复后的登记簿。").format(stamp=stamp),
        )
        self.close()
        self.main_window.close()
        return True

    def _after_failed_restore(self, path, reopen) -> None:
        """The restore closed the register and then failed: the old file is there, open it again."""
        if callable(reopen):
            reopen(path)
            if not self.register.readonly:
                integrity.mark_open(self.register.conn)
            self.refresh()
        else:
            self.close()
            self.main_window.close()

    def backup_elsewhere(self, folder: str | None = None) -> Path | None:
        """A fresh verified backup, also copied to a folder the clerk picks (a USB stick): a copy
        that survives the computer."""
        from desktop.ui.app import run_busy
        from desktop.ui.files import choose_folder

        folder = folder or choose_folder(self, "选择保存备份的位置（例如U盘）")
        if not folder:
            return None
        register = self.register

        def work() -> Path:
            info = backup.make_backup(register, kind="manual")
            return backup.copy_backup_to(info, folder)

        try:
            copied = run_busy(self, "正在备份到其他位置…", work)
        except RegisterError as exc:
            self.status.setText(t("备份失败：") + str(exc))
            return None
        self.refresh()
        self.status.setText(t("已备份到：") + str(copied) + t("（已校验）"))
        return copied

    def open_folder(self) -> None:
        folder = backup.backups_dir(self.register.path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def open_backup_dialog(main_window: QWidget) -> BackupDialog:
    """Open the dialog over the main window (non-blocking) and return it."""
    dialog = BackupDialog(main_window)
    dialog.open()
    return dialog


def backup_elsewhere(main_window: QWidget, folder: str | None = None) -> Path | None:
    """文件 → 备份到其他位置（U盘）: the same as the dialog's button, straight from the menu."""
    dialog = BackupDialog(main_window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    try:
        copied = dialog.backup_elsewhere(folder)
        message = dialog.status.text()
    finally:
        dialog.close()
    if message:
        inform = getattr(main_window, "inform", None)
        if callable(inform):
            inform(message)
    return copied
