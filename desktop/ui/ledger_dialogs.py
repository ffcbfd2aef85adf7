"""File menu: bring a ledger (台账) workbook in, with a preview, and write the register out as one.

The reading, checking and writing is desktop.reports.ledger_io (the same code as `ogi import-ledger`
and `ogi export-ledger`). Here: choose the file, read it on a worker thread, show the first rows and
every refused row (row, column, reason), and offer 导入 only when nothing was refused. The import is
all or nothing (ledger_io), so a refused ledger leaves the register untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import vocab
from desktop.domain.application import FIELD_LABELS, Application
from desktop.domain.masking import mask_id_number
from desktop.ops.ledger import PREVIEW_ROWS
from desktop.ui.files import last_folder, offer_open, open_file, remember, save_file
from desktop.ui.i18n import t
from desktop.ui.ops import QueryOp, RegisterOp, current_progress
from desktop.ui.widgets import fit_to_screen

if TYPE_CHECKING:
    from desktop.store.register import Register
    from desktop.ui.main_window import MainWindow

PREVIEW_FIELDS = (
    "number",
    "receipt_date",
    "channel",
    "applicant_type",
    "applicant",
    "id_number",
    "content",
    "answer_date",
    "outcome",
)
LEDGER_FILTER = "Excel 台账 (*.xlsx);;所有文件 (*)"


def _cell(app: Application, name: str) -> str:
    value = getattr(app, name)
    if value is None:
        return ""
    if name == "outcome":
        return t(vocab.outcome_display(value))
    if name == "id_number":
        return mask_id_number(value)
    if name == "content":
        return value.strip().splitlines()[0] if value.strip() else ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class LedgerImportDialog(QDialog):
    """Preview of one ledger file: first rows, refused rows, and the import button if all is well."""

    def __init__(self, window: MainWindow, path: str | Path):
        super().__init__(window)
        self.window_ = window
        self.register = window.register
        self.path = Path(path)
        self.read_result: Any = None
        self.import_result: Any = None
        self.doubts: list[Any] = []
        self.setWindowTitle(t("导入台账：") + self.path.name)

        self.summary = QLabel(t("正在读取…"), self)
        self.summary.setWordWrap(True)
        self.rows_table = QTableWidget(0, len(PREVIEW_FIELDS) + 1, self)
        self.rows_table.setHorizontalHeaderLabels(
            [t("行")] + [t(FIELD_LABELS[name]) for name in PREVIEW_FIELDS]
        )
        self.errors_label = QLabel(t("有问题的行"), self)
        self.errors_table = QTableWidget(0, 3, self)
        self.errors_table.setHorizontalHeaderLabels([t("行"), t("列"), t("原因")])
        for table in (self.rows_table, self.errors_table):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.verticalHeader().setVisible(False)
            table.setWordWrap(False)
            table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        rows_header = self.rows_table.horizontalHeader()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # 申请内容 (its first line) takes the spare width, not the last column.
        rows_header.setSectionResizeMode(
            1 + PREVIEW_FIELDS.index("content"), QHeaderView.ResizeMode.Stretch
        )
        self.rows_label = QLabel(t("读出的申请"), self)
        self.errors_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.errors_table.horizontalHeader().setStretchLastSection(True)

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            t("导入"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(
            t("关闭"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.wizard_button = self.buttons.addButton(
            t("改用导入向导(&W)…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.wizard_button.setToolTip(t("逐列确认对应关系，适合格式与标准台账不同的手工台账"))
        self.wizard_button.clicked.connect(self.to_wizard)
        self.wizard_button.setEnabled(not self.register.readonly)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.rows_label)
        layout.addWidget(self.rows_table, 3)
        layout.addWidget(self.errors_label)
        layout.addWidget(self.errors_table, 2)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 1100, 640)

    # ------------------------------------------------------------------ reading
    def start_reading(self) -> None:
        from desktop.ops.ledger import preview_ledger

        path = self.path
        # Streamed on the worker (its own connection gives the register's years for the date
        # doubts): the first rows, the counts and the problems, never the whole ledger.
        QueryOp(
            self, lambda reg: preview_ledger(path, register=reg, progress=current_progress())
        ).with_progress("正在读取台账…", cancellable=True).success(self.show_read).failure(
            self._failed
        ).run()

    def show_read(self, result: Any) -> None:
        self.read_result = result
        if result.header_refused and not self.register.readonly:
            self.to_wizard()  # a hand-kept ledger: the wizard finds its header and columns
            return
        shown = result.applications[:PREVIEW_ROWS]
        self.rows_table.setRowCount(len(shown))
        for i, app in enumerate(shown):
            row_number = result.row_numbers[i] if i < len(result.row_numbers) else ""
            cells = [str(row_number)] + [_cell(app, name) for name in PREVIEW_FIELDS]
            for j, text in enumerate(cells):
                self.rows_table.setItem(i, j, QTableWidgetItem(text))
        self.doubts = list(result.doubts)
        self._show_errors(result.errors)
        self.rows_label.setText(
            t("读出的申请：{n} 条（下表为前 {m} 条；有问题的行不在此列）")
            .replace("{n}", str(result.good))
            .replace("{m}", str(len(shown)))
            if result.errors
            else t("读出的申请：{n} 条（下表为前 {m} 条）")
            .replace("{n}", str(result.good))
            .replace("{m}", str(len(shown)))
        )
        lines = [
            t("文件：") + f"{result.file}" + (f"（{result.sheet}）" if result.sheet else ""),
            t("共 {n} 行数据").replace("{n}", str(result.rows)),
        ]
        if result.good > PREVIEW_ROWS:
            lines.append(t("下表只列出前 {n} 行").replace("{n}", str(PREVIEW_ROWS)))
        lines += [t(note) for note in result.notes]
        if result.errors:
            lines.append(
                t("有 {n} 处问题，请在台账中改正后重新导入；在此之前不会导入任何一行。").replace(
                    "{n}", str(result.error_count)
                )
            )
            if result.more_errors:
                lines.append(
                    t("下表列出前 {m} 处，另有 {k} 处未列出。")
                    .replace("{m}", str(len(result.errors)))
                    .replace("{k}", str(result.more_errors))
                )
        elif not result.good:
            lines.append(t("表头以下没有申请，没有可导入的内容。"))
        else:
            lines.append(t("没有发现问题，可以导入。"))
        if self.doubts:
            from desktop.domain.date_doubts import import_summary

            lines.append(t(import_summary(self.doubts)))
        self.summary.setText("\n".join(lines))
        self.import_button.setEnabled(result.ok and bool(result.good))
        if self.import_button.isEnabled():
            self.import_button.setDefault(True)
            self.import_button.setFocus()

    def to_wizard(self) -> Any:
        """The import wizard on this file (it finds a header below title rows, maps other column
        names); the status bar says why the window changed."""
        from desktop.ui.import_wizard import open_import_wizard

        self.wizard = open_import_wizard(self.window_.bench, self.path)
        if self.read_result is not None and self.read_result.header_refused:
            self.window_.statusBar().showMessage(
                t(f"{self.path.name} 的第1行不是标准台账的表头，已转到导入向导。"), 10000
            )
        self.reject()
        return self.wizard

    def _show_errors(self, errors: list[Any]) -> None:
        doubts = getattr(self, "doubts", [])
        self.errors_table.setRowCount(len(errors) + len(doubts))
        for i, error in enumerate(errors):
            row = "" if error.row is None else str(error.row)
            for j, text in enumerate((row, error.column, error.message)):
                item = QTableWidgetItem(t(text))
                item.setForeground(Qt.GlobalColor.darkRed)
                self.errors_table.setItem(i, j, item)
        for i, (row, doubt) in enumerate(doubts, start=len(errors)):
            label = FIELD_LABELS.get(doubt.field, doubt.field)
            for j, text in enumerate((str(row), label, "请核对：" + doubt.message)):
                item = QTableWidgetItem(t(text))
                item.setForeground(Qt.GlobalColor.darkYellow)
                self.errors_table.setItem(i, j, item)
        shown = len(errors) + len(doubts)
        self.errors_label.setText(t("有问题的行（{n}）").replace("{n}", str(shown)))
        self.errors_label.setVisible(bool(shown))
        self.errors_table.setVisible(bool(shown))

    def confirm_doubts(self) -> bool:
        """Import rows with doubtful dates only when the clerk says so (a seam for tests)."""
        return confirm_date_doubts(self, self.doubts)

    def _failed(self, message: str) -> None:
        self.summary.setText(t("无法读取：") + message)
        self.import_button.setEnabled(False)

    # ------------------------------------------------------------------ importing
    def start_import(self) -> None:
        if self.read_result is None or not self.read_result.ok or self.register.readonly:
            return
        from desktop.ops.ledger import import_ledger

        if getattr(self, "doubts", None) and not self.confirm_doubts():
            return
        path = self.path
        # Issue 14's year lock: rows of a submitted year are imported with a reason, logged. The
        # streamed preview found which submitted reports the whole ledger would change.
        locks = list(self.read_result.moved_locks)
        reason = None
        if locks:
            from desktop.ui.year_lock_dialogs import ask_reason

            reason = ask_reason(self, locks, "导入这份台账")
            if reason is None:
                return
        self.import_button.setEnabled(False)
        # On the worker and its connection, streamed in batches inside one transaction: 取消 (or a
        # row found bad after the preview) rolls every batch back. The views hear
        # Changes(applications) when it is done.
        RegisterOp(
            self,
            lambda reg: import_ledger(reg, path, progress=current_progress(), reason=reason),
        ).with_progress("正在导入台账…", cancellable=True).success(self.show_imported).failure(
            self._failed
        ).cancelled(self._import_cancelled).run()

    def _import_cancelled(self) -> None:
        self.summary.setText(t("已取消导入，登记簿没有任何改动。"))
        self.import_button.setEnabled(True)

    def show_imported(self, result: Any) -> None:
        self.import_result = result
        if result.errors:
            self._show_errors(result.errors)
            self.summary.setText(t(result.summary()))
            return
        self.window_.refresh()
        self.window_.statusBar().showMessage(t(result.summary()), 8000)
        self.accept()


class LedgerExportDialog(QDialog):
    """Choose year, script, masking and file; the export runs on a worker thread."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window_ = window
        self.written: int | None = None
        self._confirmed_path: Path | None = None
        self.setWindowTitle(t("导出台账"))
        fit_to_screen(self, 520, 260)
        self.year_combo = QComboBox(self)
        self.year_combo.addItem(t("全部年度"), None)
        for year in window.model.queries.years():
            self.year_combo.addItem(str(year), year)
        selected_year = window.year_combo.currentData()
        if selected_year is not None:
            self.year_combo.setCurrentIndex(max(self.year_combo.findData(selected_year), 0))
        self.traditional_check = QCheckBox(t("繁体字"), self)
        self.traditional_check.setChecked(window.traditional)
        self.masked_check = QCheckBox(t("隐去证件号码和联系电话的中间几位"), self)
        self.masked_check.setChecked(True)
        self.path_edit = QLineEdit(self)
        self.path_edit.setMinimumWidth(380)
        browse = QPushButton(t("浏览…"), self)
        browse.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(t("收到年度"), self.year_combo)
        form.addRow(t("文字"), self.traditional_check)
        form.addRow(t("个人信息"), self.masked_check)
        form.addRow(t("保存到"), path_row)
        self.count_label = QLabel(self)  # what the export will hold, before it runs
        form.addRow(t("将导出"), self.count_label)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            t("导出"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(t("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._suggest_path()
        self._show_count()
        self.year_combo.currentIndexChanged.connect(self._suggest_path)
        self.year_combo.currentIndexChanged.connect(self._show_count)

    def _show_count(self) -> None:
        from desktop.reports.ledger_io import count_for_export

        rows = count_for_export(self.window_.register, self.year_combo.currentData())
        self.rows = rows
        self.count_label.setText(
            t("{n} 条申请（已删除的不导出）").replace("{n}", str(rows))
            if rows
            else t("没有申请可导出（这一年度没有收到申请）")
        )
        self.export_button.setEnabled(rows > 0)

    def _suggest_path(self) -> None:
        year = self.year_combo.currentData()
        name = f"台账_{year}.xlsx" if year else "台账.xlsx"
        folder = Path(self.path_edit.text()).parent if self.path_edit.text() else last_folder()
        self.path_edit.setText(str(folder / name))

    def browse(self) -> None:
        path = save_file(self, "导出台账", self.path_edit.text(), LEDGER_FILTER)
        if path:
            if path.endswith(".xlsx"):
                self._confirmed_path = Path(path)  # the file dialog asked about replacing it
            self.path_edit.setText(path if path.endswith(".xlsx") else path + ".xlsx")

    def start_export(self) -> None:
        from desktop.ops.ledger import export_ledger

        path = Path(self.path_edit.text().strip())
        if not self.path_edit.text().strip():
            self.window_.show_error(t("导出台账"), t("请选择保存位置"))
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
            self.path_edit.setText(str(path))
        if not path.parent.is_dir():
            self.window_.show_error(
                t("导出台账"), t("文件夹 {p} 不存在").replace("{p}", str(path.parent))
            )
            return
        # The suggested name may already be there (last month's export): never replace it unasked.
        if (
            path.exists()
            and path != self._confirmed_path
            and not self.window_.confirm(
                t("导出台账"), t("{p} 已存在，要替换它吗？").replace("{p}", str(path))
            )
        ):
            return
        year = self.year_combo.currentData()
        traditional = self.traditional_check.isChecked()
        masked = self.masked_check.isChecked()
        self.export_button.setEnabled(False)

        def work(reg: Register) -> int:
            return export_ledger(
                reg,
                path,
                year=year,
                traditional=traditional,
                masked=masked,
                progress=current_progress().update,
            )

        def done(rows: int) -> None:
            self.written = rows
            self.window_.statusBar().showMessage(
                t("已导出 {n} 条申请到 {p}").replace("{n}", str(rows)).replace("{p}", str(path)),
                8000,
            )
            remember(path)
            self.accept()
            offer_open(self.window_, "导出台账", f"已导出 {rows} 条申请：", path)

        def failed(message: str) -> None:
            self.export_button.setEnabled(True)
            self.window_.show_error(t("导出失败"), message)

        QueryOp(self, work).with_progress("正在导出台账…", cancellable=True).success(done).failure(
            failed
        ).cancelled(lambda: self.export_button.setEnabled(True)).run()


def _choose_ledger(parent: QWidget) -> str:
    return open_file(parent, "导入台账", LEDGER_FILTER)


def open_import_ledger(
    window: MainWindow, path: str | None = None, choose: Callable[[QWidget], str] = _choose_ledger
) -> LedgerImportDialog | None:
    """File ▸ 导入台账…: pick a workbook, preview it, import it if nothing is refused."""
    path = path or choose(window)
    if not path:
        return None
    dialog = LedgerImportDialog(window, path)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.start_reading()
    return dialog


def open_export_ledger(window: MainWindow) -> LedgerExportDialog:
    """File ▸ 导出台账…"""
    dialog = LedgerExportDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def confirm_date_doubts(parent: QWidget, doubts: Any) -> bool:
    """Ask whether to import rows whose dates are probably mistyped (the ledger import and the
    old-ledger wizard ask the same question, default 否)."""
    from desktop.domain.date_doubts import import_question

    answer = QMessageBox.question(
        parent,
        t("请核对日期"),
        t(import_question(doubts)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
