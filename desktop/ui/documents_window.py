"""The 规章 and 行政规范性文件 register window (issue 16): log, find and edit the office's documents.

A list on the left (search by 文号 or 标题, filters by 类别 and 制发 year, deleted ones on demand) and
the document's form on the right, with its 修改记录 (audit trail) under it. Keyboard-first like the
applications form: Ctrl+N new, Enter or Ctrl+S saves, Ctrl+F searches, Del deletes the selected
document (soft: 显示已删除 then 恢复 brings it back). Every rule is the domain's
(`documents.validate`), every write the store's; errors appear under the field they name and nothing
is saved. Import and export of document lists are the ops use cases `ogi` runs too.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import documents as dm
from desktop.domain.documents import Document
from desktop.ops import year_lock
from desktop.store import documents as ds
from desktop.store.changes import Changes
from desktop.store.register import Register
from desktop.ui.context import Workbench
from desktop.ui.i18n import t
from desktop.ui.ops import QueryOp
from desktop.ui.widgets import ChoiceCombo, DateField, FieldBox, MultiLineEdit, fit_to_screen
from desktop.ui.year_lock_dialogs import run_asking_reason

if TYPE_CHECKING:  # openpyxl (~0.7 s to import) is loaded when a list is imported, not on opening
    from desktop.reports.documents_io import DocumentImportResult

LIST_HEADERS = ("文号", "标题", "类别", "制发日期", "公开日期", "废止日期", "有效期至", "状态")
CHANNELS = ("政府网站", "政府公报", "政务新媒体", "政府网站、政府公报", "新闻发布会", "其他")
ALL = ""
ACTIONS = {"create": "新增", "update": "修改", "delete": "删除", "undelete": "恢复"}


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


class DocumentsWindow(QWidget):
    def __init__(self, bench: Workbench, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.bench = bench
        self.current_id: int | None = None  # the document in the form; None = a new one
        self.current_deleted = False
        self._shown: list[ds.StoredDocument] = []
        self.setWindowTitle(t("规章和规范性文件登记"))
        self._build()
        self._stale = False  # a change arrived while the window was hidden
        bench.events.changed.connect(self._register_changed)  # Qt disconnects on destroy
        self.refresh()
        self.new_document()
        fit_to_screen(self, 1200, 720)

    # ----------------------------------------------------------------- layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(t("按文号或标题查找（Ctrl+F）"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _text: self.refresh())
        bar.addWidget(self.search_edit, 2)
        self.category_filter = QComboBox(self)
        self.category_filter.addItem(t("全部类别"), ALL)
        for category in dm.CATEGORIES:
            self.category_filter.addItem(t(category), category)
        self.category_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.category_filter)
        self.year_filter = QComboBox(self)
        self.year_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.year_filter)
        self.deleted_check = QCheckBox(t("显示已删除"), self)
        self.deleted_check.toggled.connect(lambda _on: self.refresh())
        bar.addWidget(self.deleted_check)
        self.new_button = QPushButton(t("新增（Ctrl+N）"), self)
        self.new_button.clicked.connect(self.new_document)
        bar.addWidget(self.new_button)
        self.delete_button = QPushButton(t("删除（Del）"), self)
        self.delete_button.clicked.connect(self.delete_selected)
        bar.addWidget(self.delete_button)
        self.restore_button = QPushButton(t("恢复"), self)
        self.restore_button.clicked.connect(self.restore_selected)
        bar.addWidget(self.restore_button)
        self.import_button = QPushButton(t("导入清单…"), self)
        self.import_button.clicked.connect(self._ask_import)
        bar.addWidget(self.import_button)
        self.export_button = QPushButton(t("导出清单…"), self)
        self.export_button.clicked.connect(self._ask_export)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(LIST_HEADERS), self)
        self.table.setHorizontalHeaderLabels([t(h) for h in LIST_HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Dates and the short words fixed narrow, so the 标题 gets the width.
        metrics = self.table.fontMetrics()
        digits = metrics.horizontalAdvance("2025-12-31") + 16
        self.table.setColumnWidth(2, metrics.horizontalAdvance(t(dm.NORMATIVE)) + 16)
        self.table.setColumnWidth(7, metrics.horizontalAdvance(t("现行有效")) + 16)
        for column in (3, 4, 5, 6):
            self.table.setColumnWidth(column, digits)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        left_layout.addWidget(self.table, 1)
        self.count_label = QLabel(self)
        left_layout.addWidget(self.count_label)
        splitter.addWidget(left)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.form_box = QGroupBox(t("新增文件"), self)
        form = QFormLayout(self.form_box)
        self.editors: dict[str, QWidget] = {
            "number": QLineEdit(self),
            "title": QLineEdit(self),
            "category": ChoiceCombo(dm.CATEGORIES, parent=self),
            "issued": DateField(self),
            "published": DateField(self),
            "repealed": DateField(self),
            "valid_until": DateField(self),
            "channel": QComboBox(self),
            "url": QLineEdit(self),
            "remarks": MultiLineEdit(self),
        }
        channel = self.editors["channel"]
        assert isinstance(channel, QComboBox)
        channel.setEditable(True)
        channel.addItems(["", *(t(c) for c in CHANNELS)])
        self.editors["number"].setPlaceholderText(t("例如：益政发〔2025〕3号"))  # type: ignore[attr-defined]
        self.editors["published"].edit.setPlaceholderText(t("空 = 尚未公开"))  # type: ignore[attr-defined]
        self.editors["valid_until"].edit.setPlaceholderText(t("最后有效日；空 = 长期"))  # type: ignore[attr-defined]
        remarks = self.editors["remarks"]
        assert isinstance(remarks, MultiLineEdit)
        remarks.setFixedHeight(70)
        remarks.setPlaceholderText(t("Ctrl+Enter 保存"))
        remarks.submitted.connect(self.save)
        self.boxes: dict[str, FieldBox] = {}
        for name, header in dm.COLUMNS:
            box = FieldBox(self.editors[name], self)
            self.boxes[name] = box
            form.addRow(t(header), box)
            editor = self.editors[name]
            line = editor.edit if isinstance(editor, DateField) else editor
            if isinstance(line, QLineEdit):
                line.returnPressed.connect(self.save)
        typed = channel.lineEdit()
        if isinstance(typed, QLineEdit):
            typed.returnPressed.connect(self.save)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(t("保存（Enter）"), self)
        self.save_button.clicked.connect(self.save)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        form.addRow(self.message_label)
        right_layout.addWidget(self.form_box)
        right_layout.addWidget(QLabel(t("修改记录"), self))
        self.audit_list = QListWidget(self)
        right_layout.addWidget(self.audit_list, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 440])
        layout.addWidget(splitter, 1)

        for keys, slot in (
            ("Ctrl+N", self.new_document),
            ("Ctrl+S", self.save),
            ("Ctrl+F", self.focus_search),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        if self.register.readonly:
            for widget in (self.new_button, self.delete_button, self.restore_button):
                widget.setEnabled(False)
            self.import_button.setEnabled(False)
            self.save_button.setEnabled(False)
            self.message_label.setText(t("登记簿以只读方式打开，不能修改"))

    @property
    def register(self) -> Register:
        return self.bench.register

    def _register_changed(self, changes: Changes) -> None:
        if not changes.touches("documents"):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    # ----------------------------------------------------------------- the list
    def _fill_years(self) -> None:
        chosen = self.year_filter.currentData()
        years = sorted(set(ds.years(self.register)) | {date.today().year}, reverse=True)
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        self.year_filter.addItem(t("全部年份"), None)
        for year in years:
            self.year_filter.addItem(t(f"{year}年制发"), year)
        index = self.year_filter.findData(chosen)
        self.year_filter.setCurrentIndex(max(index, 0))
        self.year_filter.blockSignals(False)

    def refresh(self) -> None:
        """Reload the list with the current search and filters, keeping the selection."""
        self._fill_years()
        keep = self.current_id
        self._shown = ds.search(
            self.register,
            self.search_edit.text(),
            category=self.category_filter.currentData() or None,
            year=self.year_filter.currentData(),
            include_deleted=self.deleted_check.isChecked(),
        )
        today = date.today()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._shown))
        for r, stored in enumerate(self._shown):
            doc = stored.document
            state = "已删除" if stored.deleted else dm.status(doc, today)
            values = (
                doc.number,
                doc.title,
                doc.category,
                _day(doc.issued),
                _day(doc.published),
                _day(doc.repealed),
                _day(doc.valid_until),
                state,
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(t(value) if c in (2, 7) else value)
                item.setData(Qt.ItemDataRole.UserRole, doc.id)
                if stored.deleted:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        self.table.resizeColumnToContents(0)
        self.table.blockSignals(False)
        self.count_label.setText(t(f"共 {len(self._shown)} 件"))
        if keep is not None:
            self._select_row_of(keep)

    def _select_row_of(self, document_id: int) -> bool:
        for r, stored in enumerate(self._shown):
            if stored.document.id == document_id:
                self.table.blockSignals(True)
                self.table.selectRow(r)
                self.table.blockSignals(False)
                return True
        return False

    def shown_numbers(self) -> list[str]:
        """The 文号 listed, in order (what the clerk sees; used by tests)."""
        return [s.document.number for s in self._shown]

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        chosen = self._shown[rows[0].row()].document.id if rows else None
        if chosen is not None:
            self.load(chosen)

    def select_document(self, document_id: int) -> None:
        """Show one document (from a drill-down or the due board), clearing filters that hide it."""
        found = ds.get(self.register, document_id)
        if found is None:
            return
        if not self._select_row_of(document_id):
            for widget in (self.search_edit, self.category_filter, self.year_filter):
                widget.blockSignals(True)
            self.search_edit.clear()
            self.category_filter.setCurrentIndex(0)
            self.year_filter.setCurrentIndex(0)
            for widget in (self.search_edit, self.category_filter, self.year_filter):
                widget.blockSignals(False)
            self.deleted_check.setChecked(self.deleted_check.isChecked() or found.deleted)
            self.refresh()
            self._select_row_of(document_id)
        self.load(document_id)
        self.show()
        self.raise_()
        self.activateWindow()

    # ----------------------------------------------------------------- the form
    def _clear_errors(self) -> None:
        for box in self.boxes.values():
            box.show_error("")

    def _set_form(self, doc: Document | None) -> None:
        doc = doc or Document("", "", dm.NORMATIVE, None)
        self.editors["number"].setText(doc.number)  # type: ignore[attr-defined]
        self.editors["title"].setText(doc.title)  # type: ignore[attr-defined]
        self.editors["category"].set_value(doc.category)  # type: ignore[attr-defined]
        for name in dm.DATE_FIELDS:
            self.editors[name].set_date(getattr(doc, name))  # type: ignore[attr-defined]
        self.editors["channel"].setEditText(doc.channel)  # type: ignore[attr-defined]
        self.editors["url"].setText(doc.url)  # type: ignore[attr-defined]
        self.editors["remarks"].setPlainText(doc.remarks)  # type: ignore[attr-defined]
        self._clear_errors()

    def new_document(self) -> None:
        """An empty form for a new document; the cursor goes to 文号."""
        self.current_id = None
        self.current_deleted = False
        self.table.clearSelection()
        self._set_form(None)
        self.form_box.setTitle(t("新增文件"))
        self.audit_list.clear()
        self._set_editable(not self.register.readonly)
        self.editors["number"].setFocus()

    def load(self, document_id: int) -> None:
        found = ds.get(self.register, document_id)
        if found is None:
            return
        self.current_id = document_id
        self.current_deleted = found.deleted
        self._set_form(found.document)
        deleted = t("（已删除，可“恢复”）") if found.deleted else ""
        self.form_box.setTitle(t(f"文件 {found.document.number}") + deleted)
        self._set_editable(not found.deleted and not self.register.readonly)
        self.message_label.clear()
        self._show_audit(document_id)

    def _set_editable(self, on: bool) -> None:
        for editor in self.editors.values():
            editor.setEnabled(on)
        self.save_button.setEnabled(on)

    def _show_audit(self, document_id: int) -> None:
        self.audit_list.clear()
        for entry in ds.audit_entries(self.register, document_id):
            action = ACTIONS.get(entry["action"], entry["action"])
            field = dm.FIELD_LABELS.get(entry["field"], entry["field"])
            change = ""
            if entry["action"] == "create":
                change = f"{field}：{entry['after']}"
            elif entry["action"] == "update":
                change = f"{field}：{entry['before'] or '（空）'} → {entry['after'] or '（空）'}"
            when = str(entry["at"]).replace("T", " ")
            self.audit_list.addItem(t(f"{when} {entry['user']} {action} {change}".rstrip()))

    def collect(self) -> Document | None:
        """The form as a document, or None after showing every problem under its field."""
        self._clear_errors()
        errors: dict[str, str] = {}
        dates: dict[str, date | None] = {}
        for name in dm.DATE_FIELDS:
            field = self.editors[name]
            assert isinstance(field, DateField)
            message = field.error()
            if message:
                errors[name] = f"“{dm.FIELD_LABELS[name]}”{message}"
            dates[name] = field.value_or_none()
        doc = Document(
            number=self.editors["number"].text().strip(),  # type: ignore[attr-defined]
            title=self.editors["title"].text().strip(),  # type: ignore[attr-defined]
            category=self.editors["category"].value(),  # type: ignore[attr-defined]
            issued=dates["issued"],
            published=dates["published"],
            repealed=dates["repealed"],
            valid_until=dates["valid_until"],
            channel=self.editors["channel"].currentText().strip(),  # type: ignore[attr-defined]
            url=self.editors["url"].text().strip(),  # type: ignore[attr-defined]
            remarks=self.editors["remarks"].toPlainText(),  # type: ignore[attr-defined]
            id=self.current_id,
        )
        for problem in dm.validate(doc, today=date.today()):
            errors.setdefault(problem.field, problem.message)
        if errors:
            self._show_errors(errors)
            return None
        return doc

    def _show_errors(self, errors: dict[str, str]) -> None:
        for name, message in errors.items():
            self.boxes[name].show_error(t(message))
        self.message_label.setText(t("未保存：请改正标红的项目"))
        first = next(name for name, _ in dm.COLUMNS if name in errors)
        self.editors[first].setFocus()

    def save(self) -> bool:
        """Validate and store the form (new or changed); True when saved."""
        if self.register.readonly or self.current_deleted:
            return False
        doc = self.collect()
        if doc is None:
            return False
        answer: list[bool] = []
        # On the worker (desktop.ui.ops): a commit waits for the disk (8 ms median, 25 ms at worst
        # on the shared machine; bench/quick_writes.py). The refusals come back as fields.
        run_asking_reason(
            self,
            lambda reg, reason: _write_document(reg, doc, reason),
            "修改主动公开文件",
            lambda written: answer.append(self._saved(*written)),
            failed=lambda message: answer.append(self._not_saved(message)),
            refusing=(ds.DuplicateDocumentError,),
        )
        return answer[0] if answer else True  # at once when the runner is inline (tests)

    def _saved(self, saved: Document | None, errors: dict[str, str]) -> bool:
        if saved is None:
            self._show_errors(errors)
            return False
        assert saved.id is not None
        self.current_id = saved.id
        self.refresh()
        self.load(saved.id)
        self.message_label.setText(t(f"已保存 {saved.number}"))
        return True

    def _not_saved(self, message: str) -> bool:
        self.message_label.setText(t(f"未保存：{message}"))
        return False

    # ----------------------------------------------------------------- actions
    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def delete_selected(self) -> None:
        if self.current_id is None or self.current_deleted or self.register.readonly:
            return
        document_id = self.current_id

        def deleted(_none: object) -> None:
            self.refresh()
            if self.deleted_check.isChecked():
                self.load(document_id)
            else:
                self.new_document()
            self.message_label.setText(t("已删除；勾选“显示已删除”后可恢复"))

        run_asking_reason(
            self,
            lambda reg, reason: year_lock.delete_document(reg, document_id, reason),
            "删除主动公开文件",
            deleted,
            refusing=(ds.DuplicateDocumentError,),
        )

    def restore_selected(self) -> None:
        if self.current_id is None or not self.current_deleted:
            return
        document_id = self.current_id

        def restored(_none: object) -> None:
            self.refresh()
            self.load(document_id)
            self.message_label.setText(t("已恢复"))

        run_asking_reason(
            self,
            lambda reg, reason: year_lock.restore_document(reg, document_id, reason),
            "恢复主动公开文件",
            restored,
            failed=lambda message: self.message_label.setText(t(f"不能恢复：{message}")),
            refusing=(ds.DuplicateDocumentError,),
        )

    def import_file(self, path: str) -> None:
        """Import a document list on the window's worker, all or nothing; the result is shown in a
        message naming every refused row and column (and the register is left unchanged). A list
        that changes table 二 of a submitted report asks why, then imports again with the reason."""
        from desktop.ops.documents import import_documents

        run_asking_reason(
            self,
            lambda reg, reason: import_documents(reg, path, reason=reason),
            "导入这份文件清单",
            self._imported,
            progress="正在导入规章和规范性文件清单…",
        )

    def _imported(self, result: DocumentImportResult) -> None:
        self.last_import = result
        if result.errors:
            shown = "\n".join(str(e) for e in result.errors[:20])
            more = f"\n……共 {len(result.errors)} 处" if len(result.errors) > 20 else ""
            self._message(
                QMessageBox.Icon.Warning, "未导入", f"{shown}{more}\n\n登记簿没有任何改动。"
            )
            return
        notes = "\n".join(result.notes)
        self._message(
            QMessageBox.Icon.Information, "已导入", f"{result.summary()}\n{notes}".strip()
        )
        self.refresh()

    def export_file(self, path: str) -> None:
        """Write the live documents as the contract's workbook, on the window's worker."""
        from desktop.ops.documents import export_documents

        QueryOp(self, lambda reg: export_documents(reg, path)).with_progress(
            "正在导出规章和规范性文件清单…"
        ).refusing(OSError).success(
            lambda rows: self._message(
                QMessageBox.Icon.Information, "已导出", f"已导出 {rows} 件到 {path}"
            )
        ).failure(
            lambda message: self._message(
                QMessageBox.Icon.Warning, "导出失败", f"无法写入 {path}：{message}"
            )
        ).run()

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        box = QMessageBox(icon, t(title), t(text), QMessageBox.StandardButton.Ok, self)
        box.open()
        self._last_message = box

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, t("导入规章和规范性文件清单"), "", "Excel (*.xlsx)"
        )
        if path:
            self.import_file(path)

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, t("导出规章和规范性文件清单"), t("规章和规范性文件.xlsx"), "Excel (*.xlsx)"
        )
        if path:
            self.export_file(path)

    def showEvent(self, event: Any) -> None:  # noqa: N802
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)


def open_documents_window(bench: Workbench) -> DocumentsWindow:
    """Open (or bring forward) the document register window of this main window."""
    return bench.dialogs.open(DocumentsWindow, lambda: DocumentsWindow(bench, bench.window))


def _write_document(
    register: Register, doc: Document, reason: str | None = None
) -> tuple[Document | None, dict[str, str]]:
    """On the worker: add or update; the register's refusals come back as the fields they name."""
    try:
        return year_lock.save_document(register, doc, reason), {}
    except ds.DuplicateDocumentError as exc:
        return None, {"number": str(exc)}
    except ds.DocumentValidationError as exc:
        return None, {e.field: e.message for e in exc.errors}
