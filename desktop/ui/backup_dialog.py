"""备份与恢复: list the register's backups, make one now, restore a chosen one.

The work is done by `desktop.store.backup`, on the window's worker (`desktop.ui.ops`); this dialog
only asks and shows. Restoring keeps a copy of the present file first (a 恢复前 backup), swaps the
chosen backup in, and has the window re-open the register (`Workbench.reopen`); the window's
connection is closed meanwhile (`Workbench.close_register`: the table stops reading). A window that
cannot re-open is closed after telling the clerk to start the program again.
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

from desktop.ops import backup as backup_ops
from desktop.store import backup, integrity
from desktop.store.register import Register
from desktop.ui.context import Workbench
from desktop.ui.i18n import t
from desktop.ui.ops import QueryOp, RegisterOp
from desktop.ui.widgets import fit_to_screen

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
    amount = float(size)
    for unit in ("B", "KB", "MB"):
        if amount < 1024:
            return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:.1f} GB"


class BackupDialog(QDialog):
    def __init__(self, bench: Workbench, parent: QWidget | None = None):
        super().__init__(parent if parent is not None else bench.window)
        self.bench = bench
        self.restored: bool | None = None  # the last restore's outcome (None: none finished)
        self.setWindowTitle(t("备份与恢复"))
        fit_to_screen(self, 760, 440)
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
        return self.bench.register  # the register now open (it changes after a restore)

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
    def make_now(self) -> None:
        """Seconds on a big register: on the worker, behind a busy message."""
        self.make_button.setEnabled(False)
        QueryOp(self, backup_ops.make_backup).with_progress("正在备份登记簿…").success(
            self._made
        ).failure(self._make_failed).run()

    def _made(self, info: backup.BackupInfo) -> None:
        self.make_button.setEnabled(True)
        self.refresh()
        self.status.setText(
            t("已备份：") + info.path.name + t("（{n} 件申请，已校验）").format(n=info.rows)
        )

    def _make_failed(self, message: str) -> None:
        self.make_button.setEnabled(True)
        self.status.setText(t("备份失败：") + message)

    def restore_selected(self) -> bool:
        """Ask, then restore on the worker. True if the restore started (`restored` says how it
        ended; at once when the runner is inline)."""
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
        path = self.register.path
        bench = self.bench
        ops = bench.ops

        def work(reg: Register) -> Path:
            # A check, a 恢复前 copy and a swap: tens of seconds on a big register. restore()
            # closes the worker's connection; the window's is closed already (close_register).
            ops.forget_worker_register()
            return backup_ops.restore(reg, info.path)

        bench.close_register()
        RegisterOp(self, work).with_progress(
            "正在恢复登记簿（先另存“恢复前”备份）…", application_modal=True
        ).success(lambda restored: self._restored(restored, stamp)).failure(
            lambda message: self._restore_failed(path, message)
        ).run()
        return True

    def _restored(self, path: Path, stamp: str) -> None:
        self.restored = True
        if self.bench.can_reopen:
            self.bench.reopen(path)
            if not self.register.readonly:
                integrity.mark_open(self.register.conn)
            self.refresh()
            self.status.setText(t("已恢复到 {stamp} 的备份。").format(stamp=stamp))
            return
        tell(
            self,
            t("恢复备份"),
            t("已恢复到 {stamp} 的备份。请重新启动程序以打开恢复后的登记簿。").format(stamp=stamp),
        )
        self._close_window()

    def _restore_failed(self, path: Path, message: str) -> None:
        """Nothing was swapped (or the swap was refused): the old file is there, open it again."""
        self.restored = False
        if self.bench.can_reopen:
            self.bench.reopen(path)
            if not self.register.readonly:
                integrity.mark_open(self.register.conn)
            self.refresh()
        tell(self, t("恢复备份"), t("没有恢复：") + message, warning=True)
        if not self.bench.can_reopen:
            self._close_window()

    def _close_window(self) -> None:
        self.close()
        if self.bench.window is not None:
            self.bench.window.close()

    def backup_elsewhere(self, folder: str | None = None) -> None:
        """A fresh verified backup, also copied to a folder the clerk picks (a USB stick): a copy
        that survives the computer. On the worker, like 立即备份."""
        from desktop.ui.files import choose_folder

        folder = folder or choose_folder(self, "选择保存备份的位置（例如U盘）")
        if not folder:
            return
        self.elsewhere_button.setEnabled(False)
        QueryOp(
            self,
            lambda reg: backup.copy_backup_to(backup.make_backup(reg, kind="manual"), folder),
        ).with_progress("正在备份到其他位置…").success(self._copied).failure(
            self._copy_failed
        ).run()

    def _copied(self, path: Path) -> None:
        self.elsewhere_button.setEnabled(True)
        self.copied_to = path
        self.refresh()
        self.status.setText(t("已备份到：") + str(path) + t("（已校验）"))

    def _copy_failed(self, message: str) -> None:
        self.elsewhere_button.setEnabled(True)
        self.status.setText(t("备份失败：") + message)

    def open_folder(self) -> None:
        folder = backup.backups_dir(self.register.path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def open_backup_dialog(bench: Workbench) -> BackupDialog:
    """Open the dialog over the main window (non-blocking, one at a time) and return it."""
    dialog = bench.dialogs.open(
        BackupDialog, lambda: BackupDialog(bench), show=False, reuse_hidden=False
    )
    dialog.open()
    return dialog


def backup_elsewhere(bench: Workbench, folder: str | None = None) -> BackupDialog:
    """文件 → 备份到其他位置（U盘）: the backup dialog, going straight to its 备份到其他位置."""
    dialog = open_backup_dialog(bench)
    dialog.backup_elsewhere(folder)
    return dialog
