"""The form for the figures typed in by hand for a report year: table 二 (主动公开), the reporting unit's
name, and — for 2014–2018 — the typed-in items of the 2014 统计表 (主动公开, 回应解读, 举报投诉, 机构建设,
培训). These are not derived from applications.

The fields are generated from the format declaration (one line edit per figure, grouped by the
article of the Regulation each sub-table reports on), so the form, the export and the checker use the
same keys. Saving parses every field first (report_formats.parse_figure); one bad field refuses the
whole form with a message naming the row and column, and nothing is stored.

Keyboard: Tab runs 填报单位 → the figures row by row as the table reads → 保存; Enter anywhere saves
what is on the screen. Changing the year or format with figures typed and not saved asks first
(保存 / 放弃 / 取消): the form is rebuilt for the other year and nothing is dropped silently.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import report_formats as rf
from desktop.store import documents, settings
from desktop.store.annual_figures import get_figures, unit_name
from desktop.store.register import Register
from desktop.ui.context import Workbench
from desktop.ui.i18n import t
from desktop.ui.widgets import fit_to_screen

ERROR_STYLE = "border: 1px solid #c00000; background: #fff0f0;"


class Table2Dialog(QDialog):
    def __init__(
        self, register: Register, year: int, parent: QWidget | None = None, fmt: str | None = None
    ):
        super().__init__(parent)
        self.register = register
        self.setWindowTitle(t("主动公开等手工填报数据"))
        self.fields: dict[str, tuple[QLineEdit, str, str]] = {}  # key -> (edit, field name, unit)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(t("年度")))
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(2008, 2100)
        self.year_spin.setValue(year)
        # Typing "2025" must not rebuild the form at 2, 20 and 202.
        self.year_spin.setKeyboardTracking(False)
        bar.addWidget(self.year_spin)
        bar.addWidget(QLabel(t("格式")))
        self.format_combo = QComboBox(self)
        for spec in rf.FORMATS.values():
            self.format_combo.addItem(t(spec.name), spec.code)
        self.format_combo.setCurrentIndex(
            self.format_combo.findData(fmt or rf.default_format(year))
        )
        bar.addWidget(self.format_combo, 1)
        layout.addLayout(bar)
        unit_form = QFormLayout()
        self.unit_edit = QLineEdit(self)
        unit_form.addRow(t("填报单位"), self.unit_edit)
        layout.addLayout(unit_form)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFocusPolicy(
            Qt.FocusPolicy.NoFocus
        )  # Tab goes from 填报单位 to the figures
        layout.addWidget(self.scroll_area, 1)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #c00000;")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(t("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("取消"))
        buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)  # Enter saves
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self._shown_year, self._shown_format = year, self.format_code
        self._loaded: dict[str, str] = {}
        self.year_spin.valueChanged.connect(self._switch)
        self.format_combo.currentIndexChanged.connect(self._switch)
        self._rebuild()
        fit_to_screen(self, 760, 640)

    @property
    def year(self) -> int:
        return self.year_spin.value()

    @property
    def format_code(self) -> str:
        return str(self.format_combo.currentData())

    def field(self, key: str) -> QLineEdit:
        return self.fields[key][0]

    def _edit(self, key: str, name: str, unit: str, stored: dict[str, str]) -> QLineEdit:
        edit = QLineEdit(stored.get(key, ""), self)
        edit.setPlaceholderText(t(unit) if unit else "")
        edit.setAccessibleName(t(name))
        self.fields[key] = (edit, name, unit)
        return edit

    def is_dirty(self) -> bool:
        """Typed and not saved: a figure or the unit differs from what the form was filled with."""
        shown = {key: edit.text() for key, (edit, _n, _u) in self.fields.items()}
        shown[rf.UNIT_NAME_KEY] = self.unit_edit.text()
        return shown != self._loaded

    def ask_unsaved(self) -> str:
        """保存 / 放弃 / 取消 for figures typed and not saved (a seam for tests)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(t("主动公开数据"))
        box.setText(t(f"{self._shown_year}年度填写的数字还没有保存。保存吗？"))
        save = box.addButton(t("保存(&S)"), QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton(t("放弃(&D)"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(t("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "drop" if clicked is drop else "cancel"

    def _switch(self) -> None:
        """Another year or format was chosen: keep or drop what was typed, then rebuild."""
        if (self.year, self.format_code) == (self._shown_year, self._shown_format):
            return
        if self.is_dirty():
            answer = self.ask_unsaved()
            if answer == "save" and not self._store(self._shown_year):
                answer = "cancel"  # a bad figure: stay, its message is shown
            if answer == "cancel":
                self._restore_choice()
                return
        self._rebuild()

    def _restore_choice(self) -> None:
        for widget, set_value in (
            (self.year_spin, lambda: self.year_spin.setValue(self._shown_year)),
            (
                self.format_combo,
                lambda: self.format_combo.setCurrentIndex(
                    self.format_combo.findData(self._shown_format)
                ),
            ),
        ):
            widget.blockSignals(True)
            set_value()
            widget.blockSignals(False)

    def _rebuild(self) -> None:
        """The fields of the chosen year and format, filled with what is stored."""
        self._shown_year, self._shown_format = self.year, self.format_code
        self.fields = {}
        self.error_label.clear()
        stored = get_figures(self.register, self.year)
        self._fill_unit(stored)
        spec = rf.FORMATS[self.format_code]
        # Issue 16: what the document register counts, shown in the empty fields it fills.
        counted = (
            documents.table2_counts(self.register, self.year, spec.code)
            if documents.has_documents(self.register)
            else {}
        )
        body = QWidget()
        column = QVBoxLayout(body)
        if spec.table2 is not None:
            column.addWidget(QLabel(t(spec.table2.title)))
            for block in spec.table2.blocks:
                box = QGroupBox(t(block.article), body)
                grid = QGridLayout(box)
                for j, name in enumerate(block.columns):
                    grid.addWidget(QLabel(t(name)), 0, j)
                for i, row in enumerate(block.rows, start=1):
                    grid.addWidget(QLabel(t(row)), i, 0)
                    for j, col in enumerate(block.columns[1:], start=1):
                        key = rf.figure_key(spec.code, row, col)
                        edit = self._edit(key, f"{row}—{col}", block.unit(col), stored)
                        if (row, col) in counted:
                            edit.setPlaceholderText(t(f"登记簿计得 {counted[(row, col)]}"))
                            edit.setToolTip(
                                t(
                                    "留空：由规章和规范性文件登记簿计算；填写：以手填数字为准，报表中标注“手填”"
                                )
                            )
                        grid.addWidget(edit, i, j)
                column.addWidget(box)
        if spec.statistics is not None:
            box = QGroupBox(t(f"{spec.statistics.title}（手工填报的项目）"), body)
            form = QFormLayout(box)
            for item in spec.statistics.items:
                if item.source == rf.HEADING:
                    form.addRow(QLabel(f"<b>{t(item.label)}</b>"))
                elif item.source == rf.MANUAL:
                    key = rf.manual_key_2014(item.key)
                    form.addRow(t(item.label), self._edit(key, item.label, item.unit, stored))
            column.addWidget(box)
        column.addStretch(1)
        self.scroll_area.setWidget(body)
        self._loaded = {key: edit.text() for key, (edit, _n, _u) in self.fields.items()}
        self._loaded[rf.UNIT_NAME_KEY] = self.unit_edit.text()
        self._set_tab_order()

    def _fill_unit(self, stored: dict[str, str]) -> None:
        """The office name (单位设置) is every year's 填报单位 unless the year has its own: the field
        holds only the year's own value and shows the office name as its placeholder."""
        office = settings.get_office_name(self.register)
        own = stored.get(rf.UNIT_NAME_KEY) or (
            "" if office else unit_name(self.register, self.year)
        )
        self.unit_edit.setText(own)
        self.unit_edit.setPlaceholderText(
            t(f"{office}（单位设置；本年度名称不同时才填写）")
            if office
            else t("例如：某某市某某局")
        )

    def refresh_unit(self) -> None:
        """The office name was just set (asked on opening): the 填报单位 field follows it."""
        self._fill_unit(get_figures(self.register, self._shown_year))
        self._loaded[rf.UNIT_NAME_KEY] = self.unit_edit.text()

    def _set_tab_order(self) -> None:
        """年度 → 格式 → 填报单位 → the figures in reading order (row by row) → 保存 → 取消."""
        chain: list[QWidget] = [self.year_spin, self.format_combo, self.unit_edit]
        chain += [edit for edit, _n, _u in self.fields.values()]  # declared row by row
        chain += [
            self.buttons.button(QDialogButtonBox.StandardButton.Save),
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def collect(self) -> dict[str, str | None] | None:
        """Every figure parsed and normalised, or None after showing what is wrong (nothing saved)."""
        values: dict[str, str | None] = {}
        errors: list[str] = []
        for key, (edit, name, unit) in self.fields.items():
            edit.setStyleSheet("")
            try:
                value = rf.parse_figure(edit.text(), name, unit)
            except ValueError as exc:
                edit.setStyleSheet(ERROR_STYLE)
                errors.append(str(exc))
                continue
            values[key] = None if value is None else format(value, "f")
        if errors:
            self.error_label.setText(t("未保存：" + "；".join(errors)))
            first = next(e for e, *_ in self.fields.values() if e.styleSheet())
            first.setFocus()
            return None
        unit = self.unit_edit.text().strip()
        # The office name typed again is not the year's own: the year keeps following 单位设置.
        values[rf.UNIT_NAME_KEY] = None if unit == settings.get_office_name(self.register) else unit
        return values

    def _store(self, year: int) -> bool:
        values = self.collect()
        if values is None:
            return False
        # Issue 14's year lock: a figure of a submitted report changes only with a reason.
        from desktop.ops import year_lock

        locks = year_lock.locks_moved_by_figures(self.register, year, values)
        reason = None
        if locks:
            from desktop.ui.year_lock_dialogs import ask_reason

            reason = ask_reason(self, locks, "修改这些数字")
            if reason is None:
                return False
        year_lock.set_figures(self.register, year, values, reason)
        self._loaded = {key: edit.text() for key, (edit, _n, _u) in self.fields.items()}
        self._loaded[rf.UNIT_NAME_KEY] = self.unit_edit.text()
        return True

    def save(self) -> None:
        # A year typed in the box and not yet committed (Enter went to the dialog) is taken first.
        self.year_spin.interpretText()
        if self._store(self._shown_year):
            self.accept()

    def reject(self) -> None:
        """Esc or 取消 with figures typed: ask, never drop them without a word."""
        if self.is_dirty():
            answer = self.ask_unsaved()
            if answer == "cancel" or (answer == "save" and not self._store(self._shown_year)):
                return
        super().reject()


def open_table2_dialog(bench: Workbench) -> Table2Dialog:
    """Open the form for the typed-in figures of the year the report window shows (else last year's,
    the report being written)."""
    from datetime import date

    from desktop.ui.report_window import ReportWindow

    report = bench.dialogs.get(ReportWindow)
    year = report.year if isinstance(report, ReportWindow) else date.today().year - 1
    dialog = Table2Dialog(bench.register, year, bench.window)
    dialog.open()
    return dialog
