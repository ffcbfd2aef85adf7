"""The 导入旧台账 wizard: an office's own Excel ledger into the register, confirmed step by step.

Pages: 1 pick the file and sheet (the header row is found below any title rows) → 2 confirm which
source column is which ledger column → 3 confirm the table-三 row each distinct outcome wording means →
4 preview every problem row and every duplicate → import all, or nothing.

All decisions are made in reports.legacy_ledger / domain.ledger_mapping; this module only shows the
proposals, collects the clerk's choices and calls them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl.utils import get_column_letter
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.domain import ledger_mapping, vocab
from desktop.domain.application import FIELD_LABELS, Application
from desktop.domain.date_doubts import DateDoubt, import_doubts, import_summary
from desktop.domain.ledger_columns import COLUMN_BY_FIELD
from desktop.reports import legacy_ledger as ll
from desktop.ui.context import Workbench
from desktop.ui.i18n import t
from desktop.ui.ops import RegisterOp
from desktop.ui.widgets import fit_to_screen

# The converted rows shown on the last page, and which of their fields.
MAPPED_ROWS = 50
PREVIEW_FIELDS = (
    "receipt_date",
    "channel",
    "applicant_type",
    "applicant",
    "answer_date",
    "outcome",
)


def _field_text(app: Application, name: str) -> str:
    value = getattr(app, name)
    if name == "outcome":
        return t(vocab.outcome_display(value))
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else t(str(value))


NOT_IMPORTED = "（不导入）"
CHOOSE = "（请选择）"
OPEN_TEXT = "尚未办结（不计办理结果）"


def _item(text: str, *, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def _sample(sheet: ll.LegacySheet, index: int) -> str:
    for _, values in sheet.rows:
        if index < len(values) and values[index] not in (None, ""):
            return str(values[index])[:30]
    return ""


def _mtime(path: str | Path) -> int:
    try:
        return Path(path).stat().st_mtime_ns
    except OSError:
        return 0


class FilePage(QWizardPage):
    """1. The workbook and the sheet; shows where the header row was found."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.owner = wizard
        self.setTitle(t("选择旧台账"))
        self.setSubTitle(t("选择办公室原来手工登记的 Excel 台账（.xlsx），程序会自动找到表头行。"))
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        browse = QPushButton(t("浏览…"))
        browse.clicked.connect(self.browse)
        self.sheet_combo = QComboBox()
        self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)
        self.info = QLabel()
        self.info.setWordWrap(True)
        # The sheet's first lines as they are, the header row found highlighted.
        self.top_table = QTableWidget(0, 0)
        self.top_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(t("文件"), row)
        form.addRow(t("工作表"), self.sheet_combo)
        form.addRow(self.info)
        form.addRow(self.top_table)
        self._loading = False

    def browse(self) -> None:
        from desktop.ui.files import open_file

        path = open_file(self, "选择旧台账", "Excel 工作簿 (*.xlsx)")
        if path:
            self.load(path)

    def load(self, path: str | Path) -> None:
        """Open a workbook and read its best sheet (what 浏览 does after the file dialog)."""
        self.owner.source = None
        self.owner.sheet = None
        self.path_edit.setText(str(path))
        try:
            source = ll.open_source(path)
            sheet = ll.read_sheet(source)
        except ll.LegacyLedgerError as exc:
            self.info.setText(t(str(exc)))
            self.info.setStyleSheet("color: #b00020;")
            self.completeChanged.emit()
            return
        self.owner.source = source
        self.owner.loaded_mtime = _mtime(path)
        self._loading = True
        self.sheet_combo.clear()
        self.sheet_combo.addItems(source.sheets)
        self.sheet_combo.setCurrentText(sheet.sheet)
        self._loading = False
        self._show(sheet)

    def _sheet_changed(self) -> None:
        if self._loading or self.owner.source is None or not self.sheet_combo.currentText():
            return
        try:
            sheet = ll.read_sheet(self.owner.source, self.sheet_combo.currentText())
        except ll.LegacyLedgerError as exc:
            self.owner.sheet = None
            self.info.setText(t(str(exc)))
            self.info.setStyleSheet("color: #b00020;")
            self.completeChanged.emit()
            return
        self._show(sheet)

    def _show(self, sheet: ll.LegacySheet) -> None:
        self.owner.sheet = sheet
        width = max((len(v) for _, v in sheet.top), default=0)
        self.top_table.setRowCount(len(sheet.top))
        self.top_table.setColumnCount(width)
        self.top_table.setVerticalHeaderLabels([str(n) for n, _ in sheet.top])
        self.top_table.setHorizontalHeaderLabels([get_column_letter(i + 1) for i in range(width)])
        for r, (number, values) in enumerate(sheet.top):
            for c, value in enumerate(values):
                item = _item("" if value is None else str(value))
                if sheet.header_row <= number <= max(sheet.header_row, sheet.header_end):
                    item.setBackground(QColor("#ddebf7"))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.top_table.setItem(r, c, item)
        self.top_table.resizeColumnsToContents()
        for c in range(width):  # a merged title must not make column A page-wide
            self.top_table.setColumnWidth(c, min(self.top_table.columnWidth(c), 160))
        self.info.setStyleSheet("")
        header_rows = (
            f"{sheet.header_row}—{sheet.header_end}"
            if sheet.header_end > sheet.header_row
            else str(sheet.header_row)
        )
        self.info.setText(t(f"表头在第 {header_rows} 行，其下有 {len(sheet.rows)} 行数据。"))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return self.owner.sheet is not None


class MappingPage(QWizardPage):
    """2. Which source column is which ledger column; defaults for columns the old ledger lacks."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.owner = wizard
        self.setTitle(t("确认列的对应关系"))
        self.setSubTitle(t("程序按表头文字提出了建议，请逐列核对；不需要的列选“不导入”。"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([t("列"), t("原表头"), t("示例"), t("导入为")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.combos: list[QComboBox] = []
        self.defaults: dict[str, QComboBox] = {}
        defaults_box = QWidget()
        defaults_form = QFormLayout(defaults_box)
        defaults_form.setContentsMargins(0, 0, 0, 0)
        for name in ll.DEFAULTABLE_FIELDS:
            combo = QComboBox()
            combo.addItem(t(CHOOSE), "")
            for choice in COLUMN_BY_FIELD[name].choices:
                combo.addItem(t(choice), choice)
            # Through _changed, so the red “没有列对应…” line goes away once a value is chosen.
            combo.currentIndexChanged.connect(self._changed)
            self.defaults[name] = combo
            defaults_form.addRow(t(f"表中没有“{COLUMN_BY_FIELD[name].header}”时一律记为"), combo)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(defaults_box)
        layout.addWidget(self.status)

    def initializePage(self) -> None:  # noqa: N802
        sheet = self.owner.sheet
        assert sheet is not None
        self.table.setRowCount(len(sheet.headers))
        self.combos = []
        for proposal in sheet.proposals:
            i = proposal.index
            self.table.setItem(i, 0, _item(sheet.column_label(i).split("列")[0]))
            self.table.setItem(i, 1, _item(proposal.header))
            self.table.setItem(i, 2, _item(_sample(sheet, i)))
            combo = QComboBox()
            combo.addItem(t(NOT_IMPORTED), None)
            for column in ledger_mapping.IMPORTABLE_COLUMNS:
                combo.addItem(t(column.header), column.field)
            combo.setCurrentIndex(max(combo.findData(proposal.field), 0))
            if proposal.how:
                combo.setToolTip(t(proposal.how))
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(i, 3, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        self._changed()

    def mapping(self) -> dict[int, str | None]:
        return {i: combo.currentData() for i, combo in enumerate(self.combos)}

    def set_field(self, index: int, field: str | None) -> None:
        """Choose what source column `index` imports as (what the clerk does with the combo)."""
        combo = self.combos[index]
        combo.setCurrentIndex(max(combo.findData(field), 0))

    def set_default(self, field: str, value: str) -> None:
        combo = self.defaults[field]
        combo.setCurrentIndex(max(combo.findData(value), 0))

    def default_values(self) -> dict[str, str]:
        return {
            name: combo.currentData()
            for name, combo in self.defaults.items()
            if combo.currentData()
        }

    def _problems(self) -> list[str]:
        mapping = self.mapping()
        mapped = {f for f in mapping.values() if f}
        problems = []
        for name in ("channel", "receipt_date", "applicant_type", "applicant"):
            if name in mapped:
                continue
            if name in self.defaults and self.defaults[name].currentData():
                continue
            hint = "，或在下面指定统一取值" if name in self.defaults else ""
            problems.append(f"没有列对应“{COLUMN_BY_FIELD[name].header}”{hint}")
        repeated = ledger_mapping.duplicated_fields(mapping)
        if repeated:
            problems.append(f"多列对应了同一项：{'、'.join(repeated)}")
        return problems

    def _changed(self) -> None:
        mapped = set(self.mapping().values())
        for name, combo in self.defaults.items():
            combo.setEnabled(name not in mapped)
        problems = self._problems()
        self.status.setText("\n".join(t(p) for p in problems))
        self.status.setStyleSheet("color: #b00020;" if problems else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.combos) and not self._problems()

    def validatePage(self) -> bool:  # noqa: N802
        self.owner.mapping = self.mapping()
        self.owner.defaults = self.default_values()
        return True


class OutcomeCombo(QComboBox):
    """（请选择）, 尚未办结, then the 21 leaves of table 三 as the register shows them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.addItem(t(CHOOSE), None)
        self.addItem(t(OPEN_TEXT), ledger_mapping.STILL_OPEN)
        for leaf in vocab.OUTCOME_LEAVES:
            self.addItem(t(vocab.outcome_display(leaf.code)), leaf.code)
            self.setItemData(self.count() - 1, t(leaf.label), Qt.ItemDataRole.ToolTipRole)

    def value(self) -> str | None:
        return self.currentData()

    def set_value(self, code: str | None) -> None:
        index = 0 if code is None else self.findData(code)
        self.setCurrentIndex(max(index, 0))


class OutcomePage(QWizardPage):
    """3. Each distinct outcome wording of the old ledger → one row of table 三, confirmed."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.owner = wizard
        self.setTitle(t("确认办理结果的对应关系"))
        self.setSubTitle(
            t(
                "旧台账中的每一种写法对应表三的哪一项？程序给出了建议，请逐项确认；无法判断的须选择。"
            )
        )
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([t("原写法"), t("建议依据"), t("对应表三")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.combos: dict[str, OutcomeCombo] = {}
        self.mapped = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:  # noqa: N802
        sheet = self.owner.sheet
        assert sheet is not None
        index = next((i for i, f in self.owner.mapping.items() if f == "outcome"), None)
        texts = ll.distinct_values(sheet, index) if index is not None else []
        proposals = ledger_mapping.propose_outcomes(texts)
        self.table.setRowCount(len(proposals))
        self.combos = {}
        for row, proposal in enumerate(proposals):
            self.table.setItem(row, 0, _item(proposal.text))
            self.table.setItem(row, 1, _item(t(proposal.how)))
            combo = OutcomeCombo()
            combo.set_value(proposal.leaf)
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(row, 2, combo)
            self.combos[proposal.text] = combo
        self.table.resizeColumnsToContents()
        self.mapped = index is not None
        self._changed()

    def _changed(self) -> None:
        """The note says how many wordings still need the clerk's choice (下一步 waits for them)."""
        if not self.mapped:
            self.note.setText(t("没有列对应“办理结果”：导入的申请都视为尚未办结。"))
            self.note.setStyleSheet("")
        else:
            undecided = [
                text for text, v in self.outcome_map().items() if v is ledger_mapping.UNDECIDED
            ]
            text = f"共 {len(self.combos)} 种写法。"
            if undecided:
                text += f"还有 {len(undecided)} 种须选择对应表三的哪一项：" + "、".join(undecided)
            self.note.setText(t(text))
            self.note.setStyleSheet("color: #b00020;" if undecided else "")
        self.completeChanged.emit()

    def choose(self, text: str, code: str | None) -> None:
        self.combos[text].set_value(code)

    def outcome_map(self) -> dict[str, str | None]:
        return {text: combo.value() for text, combo in self.combos.items()}

    def isComplete(self) -> bool:  # noqa: N802
        return all(v is not ledger_mapping.UNDECIDED for v in self.outcome_map().values())

    def validatePage(self) -> bool:  # noqa: N802
        self.owner.outcome_map = self.outcome_map()
        return True


class PreviewPage(QWizardPage):
    """4. What would be imported: every problem row and every duplicate; import all or nothing."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.owner = wizard
        self.setTitle(t("预览"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problems = QTableWidget(0, 3)
        self.problems.setHorizontalHeaderLabels([t("行"), t("列"), t("问题")])
        self.problems.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems.verticalHeader().hide()
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setMaximumHeight(110)
        self.skip_duplicates = QCheckBox(t("跳过重复的申请（不导入）"))
        self.skip_duplicates.setChecked(True)
        self.skip_duplicates.toggled.connect(self._update_summary)
        self.skip_problems = QCheckBox(t("只导入没有问题的行（有问题的行不导入，仍列在上表）"))
        self.skip_problems.toggled.connect(self._update_summary)
        # What the import will store, so mappings such as 个人→自然人 can be checked first.
        self.mapped_label = QLabel(t("将导入的申请（按对应关系换算后）："))
        self.mapped = QTableWidget(0, len(PREVIEW_FIELDS) + 1)
        self.mapped.setHorizontalHeaderLabels(
            [t("行")] + [t(FIELD_LABELS[f]) for f in PREVIEW_FIELDS]
        )
        self.mapped.verticalHeader().hide()
        self.mapped.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.mapped_label)
        layout.addWidget(self.mapped, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.skip_duplicates)
        layout.addWidget(self.skip_problems)
        self.setFinalPage(True)

    def initializePage(self) -> None:  # noqa: N802
        reread = self.owner.reread_if_changed()
        sheet = self.owner.sheet
        assert sheet is not None
        result = ll.convert(
            sheet,
            self.owner.mapping,
            self.owner.outcome_map,
            defaults=self.owner.defaults,
            register=self.owner.register,
        )
        self.owner.converted = result
        rows: list[tuple[str, str, str]] = [
            (str(p.row), p.column, p.message) for p in result.problems
        ]
        rows += [(str(r), "", f"重复：{why}") for r, why in result.duplicate_rows()]
        # Dates valid but probably mistyped (domain.date_doubts), as the ledger import shows them:
        # listed here as 请核对, asked about again at 全部导入.
        self.owner.doubts = self.owner.date_doubts(result)
        rows += [
            (str(r), FIELD_LABELS.get(d.field, d.field), "请核对：" + d.message)
            for r, d in self.owner.doubts
        ]
        self.problems.setRowCount(len(rows))
        for i, (row, column, message) in enumerate(rows):
            self.problems.setItem(i, 0, _item(row))
            self.problems.setItem(i, 1, _item(t(column)))
            item = _item(t(message))
            if message.startswith("请核对"):
                item.setForeground(Qt.GlobalColor.darkYellow)
            elif not message.startswith("重复"):
                item.setForeground(Qt.GlobalColor.red)
            self.problems.setItem(i, 2, item)
        self.problems.resizeColumnsToContents()
        self.problems.setVisible(bool(rows))
        self._show_mapped(result)
        notes = list(result.notes) + self.owner.mapping_lines()
        if reread:
            notes.insert(0, "文件已修改，已重新读取。")
        self.notes.setPlainText("\n".join(t(n) for n in notes))
        self.notes.setVisible(bool(notes))
        good = len(result.applications)
        self.skip_problems.setVisible(bool(result.problems) and good > 0)
        self.skip_problems.setText(
            t(f"只导入没有问题的 {good} 件申请（有问题的行不导入，仍列在上表，改正后可再导入）")
        )
        duplicates = len(result.duplicate_positions)
        self.skip_duplicates.setVisible(duplicates > 0)
        self.skip_duplicates.setText(t(f"跳过重复的 {duplicates} 件申请（不导入）"))
        self._update_summary()
        self.completeChanged.emit()

    def _show_mapped(self, result: ll.ConvertResult) -> None:
        shown = result.applications[:MAPPED_ROWS]
        self.mapped.setRowCount(len(shown))
        for i, app in enumerate(shown):
            row = result.row_numbers[i] if i < len(result.row_numbers) else ""
            for j, text in enumerate([str(row)] + [_field_text(app, f) for f in PREVIEW_FIELDS]):
                self.mapped.setItem(i, j, _item(text))
        self.mapped.resizeColumnsToContents()
        more = len(result.applications) - len(shown)
        self.mapped_label.setText(
            t("将导入的申请（按对应关系换算后")
            + (t(f"，列出前 {len(shown)} 件，另有 {more} 件") if more > 0 else "")
            + t("）：")
        )

    def _update_summary(self) -> None:
        result = self.owner.converted
        if result is None:
            return
        if result.problems and self.skip_problems.isChecked():
            bad = len({p.row for p in result.problems})
            count = len(result.to_import(skip_duplicates=self.skip_duplicates.isChecked()))
            self.summary.setText(
                t(f"将导入没有问题的 {count} 件申请；有问题的 {bad} 行不导入（见上表）。")
            )
            self.summary.setStyleSheet("")
            self.completeChanged.emit()
            return
        if result.problems:
            rows = len({p.row for p in result.problems})
            text = (
                f"有 {rows} 行存在问题（见下表），不能导入。请在原台账中改正后重新选择文件，"
                "或返回上一步调整对应关系。全部正确后才会导入。"
            )
            self.summary.setStyleSheet("color: #b00020;")
        else:
            total, duplicates = len(result.applications), len(result.duplicate_positions)
            skip = self.skip_duplicates.isChecked()
            count = len(result.to_import(skip_duplicates=skip))
            text = f"表中共 {total} 件申请"
            if duplicates:
                text += (
                    f"，其中 {duplicates} 件重复（与登记簿中已有的申请或本表前面的行，申请人、"
                    f"申请内容、收到日期均相同），{'将跳过' if skip else '仍将导入'}"
                )
            if count:
                text += f"。将导入 {count} 件申请。"
                self.summary.setStyleSheet("")
            else:
                text += "。没有可导入的申请。"
                self.summary.setStyleSheet("color: #b00020;")
        if self.owner.doubts:
            text += "\n" + import_summary(self.owner.doubts)
        self.summary.setText(t(text))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        result = self.owner.converted
        return (
            result is not None
            and (result.ok or self.skip_problems.isChecked())
            and bool(result.to_import(skip_duplicates=self.skip_duplicates.isChecked()))
        )


class ImportWizard(QWizard):
    def __init__(self, bench: Workbench, parent: QWidget | None = None):
        super().__init__(parent)
        self.bench = bench
        self.register = bench.register
        self.source: ll.LegacySource | None = None
        self.sheet: ll.LegacySheet | None = None
        self.mapping: dict[int, str | None] = {}
        self.defaults: dict[str, str] = {}
        self.outcome_map: dict[str, str | None] = {}
        self.converted: ll.ConvertResult | None = None
        self.doubts: list[tuple[int, DateDoubt]] = []
        self.imported: list = []
        self.error = ""
        self.loaded_mtime = 0
        self.setWindowTitle(t("导入旧台账"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.outcome_page = OutcomePage(self)
        self.preview_page = PreviewPage(self)
        for page in (self.file_page, self.mapping_page, self.outcome_page, self.preview_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, t("全部导入"))
        self.setButtonText(QWizard.WizardButton.NextButton, t("下一步 >"))
        self.setButtonText(QWizard.WizardButton.BackButton, t("< 上一步"))
        self.setButtonText(QWizard.WizardButton.CancelButton, t("取消"))
        fit_to_screen(self, 900, 600)

    def reread_if_changed(self) -> bool:
        """The clerk fixed the workbook and came back (上一步, 下一步): read the saved file again."""
        if self.source is None or self.sheet is None:
            return False
        path = Path(self.source.path)
        mtime = _mtime(path)
        if not mtime or mtime == self.loaded_mtime:
            return False
        try:
            source = ll.open_source(path)
            sheet = ll.read_sheet(source, self.sheet.sheet)
        except ll.LegacyLedgerError:
            return False  # unreadable now (open in Excel?): keep what was read
        self.source, self.sheet, self.loaded_mtime = source, sheet, mtime
        return True

    def mapping_lines(self) -> list[str]:
        """The column and outcome mappings in words, shown before 全部导入."""
        if self.sheet is None:
            return []
        lines = []
        for index, name in sorted(self.mapping.items()):
            target = FIELD_LABELS.get(name, name) if name else "（不导入）"
            lines.append(f"{self.sheet.column_label(index)} → {target}")
        for raw, code in sorted(self.outcome_map.items()):
            shown = vocab.outcome_display(code) if code else "（未办结）"
            lines.append(f"办理结果“{raw}” → {shown}")
        return ["对应关系：" + "；".join(lines)] if lines else []

    def date_doubts(self, result: ll.ConvertResult) -> list[tuple[int, DateDoubt]]:
        """(Excel row, doubt) for the converted rows' dates that are probably mistyped."""
        from desktop.store.queries import RegisterQueries

        years = RegisterQueries(self.register.conn).years()
        return import_doubts(result.applications, result.row_numbers, date.today(), years)

    def confirm_doubts(self) -> bool:
        """Import rows with doubtful dates only when the clerk says so (a seam for tests)."""
        from desktop.ui.ledger_dialogs import confirm_date_doubts

        return confirm_date_doubts(self, self.doubts)

    def accept(self) -> None:
        """全部导入: all rows in one transaction on the worker, or nothing (the wizard stays open
        on failure). Doubtful dates are asked about first, as the ledger import does."""
        converted = self.converted
        assert converted is not None
        if self.doubts and not self.confirm_doubts():
            return
        skip = self.preview_page.skip_duplicates.isChecked()
        only_good = self.preview_page.skip_problems.isChecked()
        # Issue 14's year lock: rows of a submitted year go in with a reason, logged.
        from desktop.ops import year_lock

        candidates = converted.to_import(skip_duplicates=skip)
        locks = year_lock.locks_moved_by_import(self.register, candidates)
        reason = None
        if locks:
            from desktop.ui.year_lock_dialogs import ask_reason

            reason = ask_reason(self, locks, "导入这份台账")
            if reason is None:
                return
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        RegisterOp(
            self,
            lambda reg: year_lock.guarded_import(
                reg,
                candidates,
                reason,
                lambda: ll.import_converted(
                    reg, converted, skip_duplicates=skip, skip_problem_rows=only_good
                ),
            ),
        ).with_progress("正在导入台账…").refusing(ValueError).success(self._imported).failure(
            self._refused
        ).run()

    def _imported(self, imported: list[Application]) -> None:
        self.imported = imported
        super().accept()

    def _refused(self, message: str) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.error = message
        self.preview_page.summary.setText(t(self.error))
        self.preview_page.summary.setStyleSheet("color: #b00020;")


def open_import_wizard(bench: Workbench, path: str | Path | None = None) -> ImportWizard:
    """The wizard over the main window (window-modal, not blocking); from 文件 → 导入台账 when the
    ledger is hand-kept (title rows, its own column names), with that file already read."""

    def make() -> ImportWizard:
        wizard = ImportWizard(bench, bench.window)

        def done(code: int) -> None:
            if code and wizard.imported:
                bench.inform(
                    t(
                        f"已从 {wizard.sheet.file if wizard.sheet else ''} 导入 "
                        f"{len(wizard.imported)} 件申请。"
                    )
                )

        wizard.finished.connect(done)
        return wizard

    wizard = bench.dialogs.open(ImportWizard, make, show=False, reuse_hidden=False)
    if path is not None:
        wizard.file_page.load(path)
    wizard.open()
    return wizard
