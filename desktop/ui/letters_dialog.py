"""文书: choose a letter for the selected application, check its key fields, generate the .docx.

Only the letters that fit the application's state can be chosen (desktop.domain.letters decides and
says why the others cannot). The preview shows what will be printed: the number the letter will get,
the article cited, the dates, whether the rights notice is included, and any statutory date warning.
The letters already issued for the application are listed underneath. The office's name, its
document-number format and the optional 行政复议机关 / 管辖法院 of the rights notice are set in
单位设置 (desktop.ui.unit_settings.UnitSettingsDialog), reachable from here.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import letters as rules
from desktop.domain import vocab
from desktop.domain.letters import LetterError, LetterKind, LetterRecord
from desktop.ops import letters as letter_ops
from desktop.store.register import Register
from desktop.ui.context import Workbench
from desktop.ui.i18n import t
from desktop.ui.ops import RegisterOp
from desktop.ui.unit_settings import UnitSettingsDialog
from desktop.ui.widgets import DateField, fit_to_screen

# The office settings are one dialog, 单位设置 (desktop.ui.unit_settings); the old name stays.
OfficeSettingsDialog = UnitSettingsDialog

_last_folder: Path | None = None  # where the clerk saved the last letter, this session


def default_folder() -> Path:
    """The folder every file dialog of the program starts in (desktop.ui.files)."""
    from desktop.ui.files import last_folder

    return _last_folder if _last_folder is not None else last_folder()


class LettersDialog(QDialog):
    """Shows what desktop.ops.letters decides; the letter is written on the window's worker."""

    def __init__(
        self,
        register: Register,
        application_id: int,
        parent: QWidget | None = None,
        bench: Workbench | None = None,
    ):
        super().__init__(parent)
        self.register = register
        self.application_id = application_id
        # Made on its own (a test, a size check): a Workbench of its own runs the letter.
        self.bench = bench if bench is not None else Workbench(register, self)
        found = letter_ops.context(register, application_id)  # a few indexed reads
        app = self.app = found.app
        self.setWindowTitle(t(f"生成文书 — {app.number} {app.applicant}"))
        fit_to_screen(self, 920, 720)
        self.extra_editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.last_record: LetterRecord | None = None

        outcome = vocab.outcome_display(app.outcome) if app.outcome else t("办理中")
        header = QLabel(
            t(f"申请编号 {app.number}　申请人 {app.applicant}（{app.applicant_type}）　收到日期 ")
            + rules.chinese_date(app.receipt_date)
            + t("　办理结果 ")
            + outcome
        )
        header.setWordWrap(True)

        self.kind_list = QListWidget()
        self.kind_list.setObjectName("kinds")
        for choice in found.choices:
            kind, reason = choice.kind, choice.reason
            item = QListWidgetItem(t(rules.KIND_NAMES[kind.code]))
            item.setData(Qt.ItemDataRole.UserRole, kind.code)
            if reason:
                item.setFlags(
                    item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable
                )
                item.setToolTip(t(f"不适用：{reason}"))
            self.kind_list.addItem(item)
        self.kind_list.currentItemChanged.connect(lambda *_: self._kind_changed())

        self.date_field = DateField()
        self.date_field.dateChanged.connect(self.update_preview)
        self.extras_box = QGroupBox(t("需填写的内容"))
        self.extras_form = QFormLayout(self.extras_box)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("path")
        browse = QPushButton(t("浏览…"))
        browse.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.preview = QTextBrowser()
        self.preview.setObjectName("preview")

        form = QFormLayout()
        form.addRow(t("落款日期"), self.date_field)
        form.addRow(t("保存到"), path_row)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.extras_box)
        right.addWidget(QLabel(t("预览（主要内容）")))
        right.addWidget(self.preview, 1)

        middle = QHBoxLayout()
        middle.addWidget(self.kind_list, 1)
        middle.addLayout(right, 2)

        self.issued = QTableWidget(0, 3)
        self.issued.setObjectName("issued")
        self.issued.setHorizontalHeaderLabels([t("文书"), t("文号"), t("日期")])
        self.issued.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.issued.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.issued.setMaximumHeight(120)

        self.generate_button = QPushButton(t("生成"))
        self.generate_button.setObjectName("generate")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        office_button = QPushButton(t("单位设置(&S)…"))
        office_button.clicked.connect(self.edit_office)
        close_button = QPushButton(t("关闭"))
        close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(office_button)
        buttons.addStretch(1)
        buttons.addWidget(self.generate_button)
        buttons.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addLayout(middle, 1)
        layout.addWidget(QLabel(t("已出具的文书")))
        layout.addWidget(self.issued)
        layout.addLayout(buttons)

        self._show_issued(found.issued)
        if found.start_kind is None:
            self.generate_button.setEnabled(False)
            self.preview.setHtml(html.escape(t(found.none_fits)))
            return
        self.select_kind(found.start_kind)  # the letter the clerk most likely needs

    # ------------------------------------------------------------------ state
    @property
    def kind(self) -> LetterKind | None:
        item = self.kind_list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        return rules.KIND_BY_CODE[item.data(Qt.ItemDataRole.UserRole)]

    def enabled_kinds(self) -> list[str]:
        return [
            self.kind_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.kind_list.count())
            if self.kind_list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled
        ]

    def select_kind(self, code: str) -> None:
        for i in range(self.kind_list.count()):
            if self.kind_list.item(i).data(Qt.ItemDataRole.UserRole) == code:
                self.kind_list.setCurrentRow(i)
                return

    def _kind_changed(self) -> None:
        kind = self.kind
        while self.extras_form.rowCount():
            self.extras_form.removeRow(0)
        self.extra_editors.clear()
        if kind is None:
            self.generate_button.setEnabled(False)
            self.update_preview()
            return
        self.generate_button.setEnabled(not self.register.readonly)
        for extra in kind.extras:
            editor: QLineEdit | QPlainTextEdit
            if extra.multiline:
                editor = QPlainTextEdit(extra.default)
                editor.setMaximumHeight(70)
                editor.textChanged.connect(self.update_preview)
            else:
                editor = QLineEdit(extra.default)
                editor.textChanged.connect(self.update_preview)
            editor.setObjectName(extra.key)
            self.extra_editors[extra.key] = editor
            self.extras_form.addRow(t(extra.label) + ("＊" if extra.required else ""), editor)
        self.extras_box.setVisible(bool(kind.extras))
        issued_on, path = letter_ops.kind_defaults(self.app, kind.code, default_folder())
        self.date_field.set_date(issued_on)
        self.path_edit.setText(str(path))
        self.update_preview()

    def extras(self) -> dict[str, str]:
        return {
            key: editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
            for key, editor in self.extra_editors.items()
        }

    # ------------------------------------------------------------------ preview
    def update_preview(self) -> None:
        kind = self.kind
        if kind is None:
            self.preview.setHtml(html.escape(t("请选择一种可出具的文书。")))
            return
        issued_on = self.date_field.value_or_none()
        if issued_on is None:
            self.preview.setHtml(
                f"<p style='color:#b00020'>{html.escape(t('请填写有效的落款日期'))}</p>"
            )
            return
        # A few indexed reads (the application, the settings, the next number): quick enough to
        # follow every key typed, so it is not queued behind the worker's long operations.
        shown = letter_ops.preview(
            self.register, self.application_id, kind.code, issued_on, self.extras()
        )
        if shown.error:
            self.preview.setHtml(f"<p style='color:#b00020'>{html.escape(t(shown.error))}</p>")
            return
        body = "".join(
            f"<tr><td style='color:#555;padding-right:12px'>{html.escape(t(k))}</td>"
            f"<td>{html.escape(t(v))}</td></tr>"
            for k, v in shown.rows
        )
        notes = "".join(
            f"<p style='color:#b36b00'>⚠ {html.escape(t(w))}</p>" for w in shown.warnings
        )
        missing = shown.missing
        if missing:
            notes += (
                f"<p style='color:#b00020'>{html.escape(t('请填写：' + '、'.join(missing)))}</p>"
            )
        self.preview.setHtml(f"<table>{body}</table>{notes}")

    # ------------------------------------------------------------------ actions
    def browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, t("保存文书"), self.path_edit.text(), t("Word 文档 (*.docx)")
        )
        if path:
            self.path_edit.setText(path if path.lower().endswith(".docx") else path + ".docx")

    def edit_office(self) -> bool:
        dialog = OfficeSettingsDialog(self.register, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.update_preview()
        return accepted

    def generate(self) -> LetterRecord | None:
        """Write the chosen letter; on success list it and offer to open the file."""
        kind = self.kind
        if kind is None:
            return None
        try:
            issued_on = self.date_field.value()
        except ValueError:
            issued_on = None
        if issued_on is None:
            QMessageBox.warning(self, t("生成文书"), t("请填写有效的落款日期。"))
            return None
        if letter_ops.needs_office_name(self.register) and not self.edit_office():
            return None
        path = letter_ops.docx_path(self.path_edit.text())
        if path is None:
            QMessageBox.warning(self, t("生成文书"), t("请选择保存位置。"))
            return None
        application_id, code, extras = self.application_id, kind.code, self.extras()
        written: list[LetterRecord] = []
        # On the worker: the number recorded in the register and the .docx written, one transaction.
        op = RegisterOp(
            self,
            lambda reg: letter_ops.generate(
                reg, application_id, code, path, issued_on=issued_on, extras=extras
            ),
        )
        op.bench = self.bench
        op.refusing(LetterError).success(
            lambda record: written.append(self._generated(path, record))
        ).failure(self._refused).run()
        return written[0] if written else None  # at once when the runner is inline (tests)

    def _refused(self, message: str) -> None:
        QMessageBox.warning(self, t("无法生成文书"), t(message))

    def _generated(self, path: Path, record: LetterRecord) -> LetterRecord:
        global _last_folder
        _last_folder = path.parent
        from desktop.ui.files import remember

        remember(path)
        self.last_record = record
        self.refresh_issued()
        self.update_preview()  # the next number
        self._offer_to_open(path, record)
        return record

    def _offer_to_open(self, path: Path, record: LetterRecord) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(t("已生成"))
        box.setText(t(f"已生成{record.kind_name}（{record.number}）：\n{path}"))
        open_button = box.addButton(t("打开文件(&O)"), QMessageBox.ButtonRole.AcceptRole)
        folder_button = box.addButton(t("打开所在文件夹(&F)"), QMessageBox.ButtonRole.ActionRole)
        print_button = box.addButton(t("打印(&P)…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(t("关闭"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        elif box.clickedButton() is folder_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        elif box.clickedButton() is print_button:
            self.print_letter(path)

    def print_letter(self, path: Path, *, preview: bool = False) -> None:
        """A generated letter on A4, as its .docx says (desktop.reports.print_docs)."""
        from desktop.ui.printing import letter_job, print_job

        print_job(self, letter_job(path), preview=preview)

    def refresh_issued(self) -> None:
        self._show_issued(letter_ops.issued(self.register, self.application_id))

    def _show_issued(self, records: list[LetterRecord]) -> None:
        self.issued.setRowCount(len(records))
        for row, record in enumerate(records):
            for column, text in enumerate(
                (t(record.kind_name), record.number, record.issued_on.isoformat())
            ):
                self.issued.setItem(row, column, QTableWidgetItem(text))


def open_letters_dialog(bench: Workbench, application_id: int) -> LettersDialog:
    """Open the dialog for one application (menu 文书 → 生成文书…)."""
    dialog = LettersDialog(bench.register, application_id, bench.window, bench)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def open_office_settings(bench: Workbench) -> UnitSettingsDialog:
    """Menu 文书 → 单位设置…: the same dialog as the letters dialog's button, without a letter."""
    dialog = UnitSettingsDialog(bench.register, bench.window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
