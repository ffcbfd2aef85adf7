"""The annual-report window: pick a year and a format, see the official tables, the checks, export.

The tables on screen are built from the same declarations as the Excel sheets (merged header and
label cells as spans of a QTableView), with the numbers of `store.statistics.compute_report`.
Clicking a number lists the applications behind it (drill-down, the same SQL condition that counted
them); double-clicking one opens it in the main window's form. The checks (勾稽关系) show green or
red, with register-level problems naming the application numbers to fix. No business rule lives
here: counting is in store.statistics, the rules in domain.checks, the three put together in
desktop.ops.annual. The statistics are computed on the window's worker (desktop.ui.ops), again when
applications change; when only the typed 表二 figures change, only those are read again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeySequence,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import report_formats as rf
from desktop.domain import vocab
from desktop.domain.checks import CheckResult
from desktop.domain.documents import Document, is_counted
from desktop.domain.on_time import default_year
from desktop.domain.report_formats import Report
from desktop.ops import annual, year_lock
from desktop.store import outputs, statistics
from desktop.store.changes import NOTHING, Changes
from desktop.store.register import Register
from desktop.store.register_checks import RegisterProblem
from desktop.store.year_lock import AlreadySubmitted, NotSubmitted
from desktop.ui.context import Workbench
from desktop.ui.i18n import is_traditional, t
from desktop.ui.ops import QueryOp, RegisterOp
from desktop.ui.widgets import ElidedLabel, fit_to_screen

CellKeyRole = Qt.ItemDataRole.UserRole + 1  # (row_key, column_key) of a number that can be drilled
FigureKeyRole = Qt.ItemDataRole.UserRole + 2  # a figure's key in the year lock's snapshot
AUTO_FORMAT = ""  # the format picker's "by year" entry (decision 7)
HEADER_BRUSH = QBrush(QColor("#eef1f5"))
OK_COLOR, FAIL_COLOR = QColor("#1b7f3b"), QColor("#c00000")
DRILL_LIMIT = 1000
DRILL_WIDTH_ROWS = 100  # the rows of a drill-down list its column widths are fitted to
DISPLAY_ROLE, ID_ROLE = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.UserRole)
TABLE2_ROW = "table2:"  # row-key prefix of a table 二 figure: ("table2:规章", "本年制发件数")
TYPED_MARK = "（手填）"
REFRESH_DELAY_MS = 400  # after a register change; a burst of commits costs one recompute
# The year lock's views (issue 14) and what they paint.
VIEW_NOW, VIEW_SUBMITTED, VIEW_DIFF = "now", "submitted", "diff"
CHANGED_BRUSH = QBrush(QColor("#ffc9a8"))  # a figure that is not what was submitted
SUBMITTED_BRUSH = QBrush(QColor("#eaf2fb"))  # the figures as submitted (not the register now)
TYPED_BRUSH = QBrush(QColor("#fff4d6"))  # a table 二 figure typed by hand
DIFF_HEADERS = ("表", "行", "列", "报送时", "现在", "差")
LOG_HEADERS = ("时间", "操作人", "操作", "涉及", "原因")


def _with_comparison(
    register: Register, built: annual.AnnualReport
) -> tuple[annual.AnnualReport, year_lock.Comparison | None]:
    """On the worker: the report, and what changed since it was submitted (None: not submitted)."""
    report = built.report
    return built, year_lock.compare_submitted(register, report.year, report.format, report=report)


def _figure_text(value: Any, empty: str = "空") -> str:
    return empty if value is None else str(value)


def _changes(log: list[Any]) -> int:
    """The logged changes, not counting the 报送 line itself."""
    return len([e for e in log if e.action != "报送"])


def _difference_text(d: Any) -> str:
    """+2 / −1; 空→12 where either side is empty."""
    diff = d.difference
    if diff is None:
        return f"{_figure_text(d.submitted)}→{_figure_text(d.now)}"
    return f"+{diff}" if diff > 0 else str(diff)


CENTER = Qt.AlignmentFlag.AlignCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@functools.cache
def _prototypes(traditional: bool) -> dict[str, QStandardItem]:
    """The cells' looks, made once: each cell is a clone of one of these (one call into Qt instead
    of a flag, an alignment, a font and a brush set on every cell)."""

    def make(align: Qt.AlignmentFlag, header: bool = False, tip: str = "") -> QStandardItem:
        item = QStandardItem()
        item.setEditable(False)
        item.setTextAlignment(align)
        if header:
            item.setBackground(HEADER_BRUSH)
            font = QFont()
            font.setBold(True)
            item.setFont(font)
        if tip:
            item.setToolTip(tip)
        return item

    return {
        "label": make(CENTER),
        "label left": make(LEFT),
        "header": make(CENTER, header=True),
        "header left": make(LEFT, header=True),
        "number": make(CENTER),
        "drillable": make(CENTER, tip=t("单击查看这个数字背后的申请")),
    }


def _item(text: str, *, header: bool = False, align_left: bool = False) -> QStandardItem:
    kind = ("header" if header else "label") + (" left" if align_left else "")
    item = _prototypes(is_traditional())[kind].clone()
    item.setText(t(text) if text else "")
    return item


def _number_item(value: Any, key: tuple[str, str] | None, figure: str = "") -> QStandardItem:
    item = _prototypes(is_traditional())["number" if key is None else "drillable"].clone()
    item.setText("" if value is None else str(value))
    if figure:  # the figure's key in a submitted report's snapshot (domain.year_lock)
        item.setData(figure, FigureKeyRole)
    if key is not None:
        item.setData(key, CellKeyRole)
    return item


class _RowsModel(QAbstractTableModel):
    """A read-only list of rows behind one figure: HEADERS, and per row its id and shown values."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[Any] = []
        self.shown: list[tuple[str, ...]] = []  # each row's texts, worked out once per list

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        # Qt asks for a cell's text many times (paint, and each column's width when the list
        # arrives): each row's texts are made once here, not again at every call.
        self.shown = [self.row_values(row) for row in self.rows]
        self.endResetModel()

    def row_id(self, row: Any) -> Any:
        return row.id

    def row_values(self, row: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return t(self.HEADERS[section])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # Plain ints compared first: Qt asks for a dozen roles per cell, nearly all answered None.
        if role == DISPLAY_ROLE:
            return self.shown[index.row()][index.column()] if index.isValid() else None
        if role == ID_ROLE and index.isValid():
            return self.row_id(self.rows[index.row()])
        return None


class DrillModel(_RowsModel):
    """The applications behind one number (at most DRILL_LIMIT of them), read-only."""

    HEADERS = ("申请编号", "申请人", "申请人类型", "收到日期", "答复日期", "办理结果")
    rows: list[statistics.BehindRow]

    def row_values(self, row: statistics.BehindRow) -> tuple[str, ...]:
        return (
            row.number,
            row.applicant,
            row.applicant_type,
            row.receipt_date,
            row.answer_date or "",
            t(vocab.outcome_display(row.outcome))
            if row.outcome in vocab.OUTCOME_BY_CODE
            else (row.outcome or ""),
        )


class DocumentDrillModel(_RowsModel):
    """The documents behind one figure of table 二 (issue 16), read-only."""

    HEADERS = ("文号", "标题", "类别", "制发日期", "公开日期", "废止日期", "有效期至")
    rows: list[Document]

    def row_values(self, row: Document) -> tuple[str, ...]:
        dates = (row.issued, row.published, row.repealed, row.valid_until)
        return (
            row.number,
            row.title,
            t(row.category),
            *(d.isoformat() if d else "" for d in dates),
        )


class Grid:
    """One official table's cells, gathered before any of them reaches the view (`OfficialTable.fill`)."""

    def __init__(self, rows: int, cols: int):
        self.rows, self.cols = rows, cols
        self.cells: list[tuple[int, int, QStandardItem, int, int]] = []
        self.figures: list[QStandardItem] = []  # the cells showing a figure of the report
        self.keys: dict[tuple[str, str], tuple[int, int]] = {}  # drillable cells: (row, col)

    def place(
        self, row: int, col: int, item: QStandardItem, rowspan: int = 1, colspan: int = 1
    ) -> None:
        self.cells.append((row, col, item, rowspan, colspan))

    def place_cells(self, top: int, left: int, cells: list[rf.Cell], **style: Any) -> None:
        for c in cells:
            self.place(top + c.row, left + c.col, _item(c.text, **style), c.rowspan, c.colspan)

    def place_figure(
        self,
        row: int,
        col: int,
        value: Any,
        key: tuple[str, str] | None,
        figure: str,
        colspan: int = 1,
    ) -> QStandardItem:
        """A figure of the report; `key` (row_key, column_key) when it can be drilled."""
        item = _number_item(value, key, figure)
        self.place(row, col, item, 1, colspan)
        self.figures.append(item)
        if key is not None:
            self.keys[key] = (row, col)
        return item


# Row heights of a table's labels, worked out once per layout (format, table, script, font, widths).
_LABEL_HEIGHTS: dict[tuple[Any, ...], dict[int, int]] = {}


class OfficialTable(QTableView):
    """A table laid out like the official one: no Qt headers, merged cells as spans.

    A report fills it whole, once (`fill`): the cells go into a new model that no view watches yet,
    which is then attached with its spans, column widths and row heights; the cells showing figures
    are kept in `figures` and `keys`, so neither the views of the year lock nor a test walk the grid."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.model_ = QStandardItemModel(self)
        self.setModel(self.model_)
        self.figures: list[QStandardItem] = []
        self.keys: dict[tuple[str, str], tuple[int, int]] = {}

    def fill(self, grid: Grid, widths: list[int], layout: tuple[Any, ...]) -> None:
        """Show `grid`; `layout` names the table's labels (format and table), for the row heights."""
        model = QStandardItemModel(grid.rows, grid.cols, self)
        for row, col, item, _, _ in grid.cells:
            model.setItem(row, col, item)
        # New rows take the default height: set it before the model, not row by row after.
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        old_model, old_selection = self.model_, self.selectionModel()
        self.setModel(model)  # the view lays the new model out once
        self.model_, self.figures, self.keys = model, grid.figures, grid.keys
        old_selection.deleteLater()
        old_model.deleteLater()
        self.clearSpans()
        for row, col, _, rowspan, colspan in grid.cells:
            if rowspan > 1 or colspan > 1:
                self.setSpan(row, col, rowspan, colspan)
        header = self.horizontalHeader()
        for i, width in enumerate(widths):
            header.resizeSection(i, width)
        self._fit_rows(grid, widths, layout)

    def _fit_rows(self, grid: Grid, widths: list[int], layout: tuple[Any, ...]) -> None:
        """Rows tall enough for their wrapped labels (Qt sizes spanned rows by one cell only).

        The labels' heights are measured once per layout; a figure only if it could be wider than
        its cell at all (a number in a table cell never is)."""
        metrics = self.fontMetrics()
        line = metrics.lineSpacing()
        widest = max(metrics.maxWidth(), 1)
        key = (*layout, is_traditional(), self.font().key(), tuple(widths))
        labels = _LABEL_HEIGHTS.get(key)
        measured: dict[int, int] = {}
        figures: dict[int, int] = {}
        shown = {id(item) for item in grid.figures}
        for row, col, item, rowspan, colspan in grid.cells:
            is_figure = id(item) in shown
            if rowspan > 1 or (labels is not None and not is_figure):
                continue
            text = item.text()
            if not text:
                continue
            width = sum(widths[col : col + colspan]) - 10
            if is_figure and len(text) * widest <= width:
                continue
            lines = max(1, -(-metrics.horizontalAdvance(text) // max(width, 1)))
            need = figures if is_figure else measured
            need[row] = max(need.get(row, 0), lines * line + 8)
        if labels is None:
            labels = _LABEL_HEIGHTS[key] = measured
        base = self.verticalHeader().defaultSectionSize()
        # Qt keeps the heights of the rows the last model had: each row is checked, set if it differs.
        for row in range(grid.rows):
            height = max(base, figures.get(row, 0), labels.get(row, 0))
            if self.rowHeight(row) != height:
                self.setRowHeight(row, height)

    def find_key(self, key: tuple[str, str]) -> QModelIndex | None:
        """The index of the number cell with this (row_key, column_key) (used by tests and links)."""
        place = self.keys.get(key)
        return None if place is None else self.model_.index(*place)


class ReportWindow(QWidget):
    def __init__(self, bench: Workbench, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.bench = bench
        self.annual: annual.AnnualReport | None = None
        self.drilled: tuple[str, str] | None = None
        self.comparison: year_lock.Comparison | None = None  # of a submitted report (issue 14)
        self._styled = False  # the tables show submitted figures or differences (not now)
        self.setWindowTitle(t("年度报告统计"))
        self._build()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.recompute)
        self._stale: Changes = NOTHING  # what changed while the window was hidden
        bench.events.changed.connect(self._register_changed)  # Qt disconnects on destroy
        self.recompute()
        fit_to_screen(self, 1180, 820, "report")  # and the size the clerk left it at

    @property
    def register(self) -> Register:
        return self.bench.register

    @property
    def report(self) -> Report | None:
        return self.annual.report if self.annual else None

    @property
    def checks(self) -> list[CheckResult]:
        return self.annual.checks if self.annual else []

    @property
    def problems(self) -> list[RegisterProblem]:
        return self.annual.problems if self.annual else []

    # ----------------------------------------------------------------- layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(t("年度")))
        self.year_spin = QSpinBox(self)
        years = statistics.years_in_register(self.register)
        this_year = date.today().year
        self.year_spin.setRange(2008, max(this_year, *(years or [this_year])) + 1)
        # Last year's in January–March, then the year under way: the same year as 统计图表.
        self.year_spin.setValue(default_year(date.today(), years))
        bar.addWidget(self.year_spin)
        bar.addWidget(QLabel(t("格式")))
        self.format_combo = QComboBox(self)
        self.format_combo.addItem(t("按年度自动选择"), AUTO_FORMAT)
        for fmt in rf.FORMATS.values():
            self.format_combo.addItem(t(fmt.name), fmt.code)
        bar.addWidget(self.format_combo)
        self.format_label = ElidedLabel("", self)  # a long 填报单位 never widens the window
        bar.addWidget(self.format_label, 1)
        layout.addLayout(bar)
        # The actions on a second line: with the year line they fit a 1024-px screen.
        bar = QHBoxLayout()
        self.table2_button = QPushButton(t("填写主动公开数据…"), self)
        self.table2_button.clicked.connect(self.open_table2)
        bar.addWidget(self.table2_button)
        self.traditional_check = QCheckBox(t("繁体导出"), self)
        bar.addWidget(self.traditional_check)
        self.xlsx_button = QPushButton(t("导出 Excel…"), self)
        self.xlsx_button.clicked.connect(self._ask_xlsx)
        bar.addWidget(self.xlsx_button)
        self.json_button = QPushButton(t("导出数据文件…"), self)
        self.json_button.setToolTip(t("JSON 格式，供上级或其他系统读取统计数字"))
        self.json_button.clicked.connect(self._ask_json)
        bar.addWidget(self.json_button)
        # The preview has its own 打印 button; Ctrl+P prints at once.
        self.print_button = QPushButton(t("打印预览(&P)…"), self)
        self.print_button.clicked.connect(lambda: self.print_tables(preview=True))
        bar.addWidget(self.print_button)
        bar.addStretch(1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_tables)
        layout.addLayout(bar)
        layout.addLayout(self._build_lock_bar())

        self.tabs = QTabWidget(self)
        self.table2_view = OfficialTable(self)
        self.table3_view = OfficialTable(self)
        self.table4_view = OfficialTable(self)
        self.statistics_view = OfficialTable(self)
        for view in (self.table2_view, self.table3_view, self.table4_view, self.statistics_view):
            view.clicked.connect(self._cell_clicked)
        self.tabs.addTab(self.table2_view, t("表二 主动公开"))
        self.tabs.addTab(self.table3_view, t("表三 收到和处理申请"))
        self.tabs.addTab(self.table4_view, t("表四 复议诉讼"))
        self.tabs.addTab(self.statistics_view, t("统计表"))
        self.checks_list = QListWidget(self)
        self.checks_list.setWordWrap(True)

        self.drill_label = QLabel(t("单击表中的数字，查看计入该数字的申请。"), self)
        self.drill_model = DrillModel(self)
        self.document_drill_model = DocumentDrillModel(self)
        self.drill_table = QTableView(self)
        self.drill_table.setModel(self.drill_model)
        self.drill_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.drill_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.drill_table.verticalHeader().hide()
        self.drill_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Column widths from the first rows of a list, not all 1,000 (~70 ms more on the GUI thread).
        self.drill_table.horizontalHeader().setResizeContentsPrecision(DRILL_WIDTH_ROWS)
        self.drill_table.doubleClicked.connect(self._drill_open)
        drill = QWidget(self)
        drill_layout = QVBoxLayout(drill)
        drill_layout.setContentsMargins(0, 0, 0, 0)
        drill_layout.addWidget(self.drill_label)
        drill_layout.addWidget(self.drill_table)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tabs)
        lower = QTabWidget(self)
        lower.addTab(drill, t("明细"))
        lower.addTab(self.checks_list, t("勾稽关系检查"))
        self.lower_tabs = lower
        self._build_lock_tabs(lower)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([620, 200])
        layout.addWidget(splitter, 1)

        self.year_spin.valueChanged.connect(self.recompute)
        self.format_combo.currentIndexChanged.connect(self.recompute)

    # ----------------------------------------------------------------- computing
    @property
    def year(self) -> int:
        return self.year_spin.value()

    @property
    def format_code(self) -> str | None:
        return self.format_combo.currentData() or None

    def _shown_format(self) -> str:
        return rf.get_format(self.format_code, self.year).code

    def select(self, year: int, fmt: str | None = None) -> None:
        """Pick a year and a format (None = by year), as the clerk would with the controls."""
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(year)
        self.year_spin.blockSignals(False)
        index = self.format_combo.findData(fmt or AUTO_FORMAT)
        self.format_combo.blockSignals(True)
        self.format_combo.setCurrentIndex(max(index, 0))
        self.format_combo.blockSignals(False)
        self.recompute()

    def _register_changed(self, changes: Changes) -> None:
        """A commit happened. Applications changed: recompute shortly, once for a burst of saves
        (an import, a batch edit). Only typed figures or documents: re-read table 二. A letter: nothing."""
        if not self.isVisible():
            self._stale = self._stale | changes  # caught up when shown again
            return
        if changes.touches("applications"):
            self._refresh_timer.start()
        elif (changes.figures or changes.documents) and not self._refresh_timer.isActive():
            self.refresh_figures()

    def recompute(self) -> None:
        """The year's statistics, checks, register problems and, for a submitted report, what
        changed since it was submitted: all computed on the worker, shown in one go."""
        self._refresh_timer.stop()
        year, fmt = self.year, self.format_code
        QueryOp(
            self, lambda reg: _with_comparison(reg, annual.build(reg, year, fmt))
        ).with_progress("正在统计…").success(self._show).run()

    def refresh_figures(self) -> None:
        """Only the typed figures changed: keep the counts, read the figures, re-run the rules."""
        shown = self.annual
        if shown is None:
            self.recompute()
            return
        QueryOp(
            self, lambda reg: _with_comparison(reg, annual.with_new_figures(reg, shown))
        ).success(self._show).run()

    def _show(self, found: tuple[annual.AnnualReport, year_lock.Comparison | None]) -> None:
        built, comparison = found
        if (built.report.year, built.report.format) != (self.year, self._shown_format()):
            return  # the clerk picked another year meanwhile; its own result follows
        self.annual, self.comparison = built, comparison
        spec = built.report.spec
        self.format_label.setText(t(f"{spec.name}；{spec.title(self.year, built.report.unit)}"))
        self._show_tables()
        self._show_checks()
        self._clear_drill()
        self._show_lock()
        self._style_figures()

    def _show_tables(self) -> None:
        """Fill the tables the format has, each once; the others' tabs are hidden."""
        assert self.report is not None
        spec = self.report.spec
        if spec.table2 is not None:
            self._fill_table2(spec.table2)
        if spec.table3 is not None:
            self._fill_table3(spec.table3)
        if spec.table4 is not None:
            self._fill_table4(spec.table4)
        if spec.statistics is not None:
            self._fill_statistics(spec.statistics)
        self._styled = False  # the figures as counted now
        for view, table in (
            (self.table2_view, spec.table2),
            (self.table3_view, spec.table3),
            (self.table4_view, spec.table4),
            (self.statistics_view, spec.statistics),
        ):
            self.tabs.setTabVisible(self.tabs.indexOf(view), table is not None)
        self.tabs.setCurrentWidget(
            self.table3_view if spec.table3 is not None else self.statistics_view
        )

    def visible_tables(self) -> list[QWidget]:
        shown = [self.tabs.widget(i) for i in range(self.tabs.count()) if self.tabs.isTabVisible(i)]
        return [w for w in shown if w is not None]

    def _fill_table3(self, table: rf.Table3) -> None:
        assert self.report is not None
        grid = Grid(table.header_rows + len(table.rows), table.label_columns + len(table.columns))
        grid.place_cells(0, 0, table.header_cells(), header=True)
        grid.place_cells(table.header_rows, 0, table.label_cells())
        for i, row in enumerate(table.rows):
            for j, (column, value) in enumerate(
                zip(table.columns, self.report.table3[row.key], strict=True)
            ):
                grid.place_figure(
                    table.header_rows + i,
                    table.label_columns + j,
                    value,
                    (row.key, column.key),
                    f"表三.{row.key}.{column.key}",
                )
        widths = [80, 130, 400] + [80] * len(table.columns)
        self.table3_view.fill(grid, widths, ("table3", self.report.format))

    def _fill_table4(self, table: rf.Table4) -> None:
        assert self.report is not None
        grid = Grid(table.header_rows + 1, len(table.columns))
        grid.place_cells(0, 0, table.header_cells(), header=True)
        for j, (column, value) in enumerate(zip(table.columns, self.report.table4, strict=True)):
            grid.place_figure(
                table.header_rows,
                j,
                value,
                (statistics.TABLE4_ROW, column.key),
                f"表四.{column.key}",
            )
        self.table4_view.fill(grid, [72] * len(table.columns), ("table4", self.report.format))

    def _fill_table2(self, table: rf.Table2) -> None:
        assert self.report is not None
        lines = sum(2 + len(b.rows) for b in table.blocks)
        grid = Grid(lines, table.width)
        r = 0
        for block in table.blocks:
            grid.place(r, 0, _item(block.article, header=True), 1, table.width)
            r += 1
            spans = [1] * (len(block.columns) - 2) + [table.width - len(block.columns) + 2]
            grid.place(r, 0, _item(block.columns[0], header=True))
            c = 1
            for column, span in zip(block.columns[1:], spans, strict=True):
                grid.place(r, c, _item(column, header=True), 1, span)
                c += span
            r += 1
            for label in block.rows:
                grid.place(r, 0, _item(label))
                c = 1
                for column, span in zip(block.columns[1:], spans, strict=True):
                    self._table2_figure(grid, r, c, span, label, column)
                    c += span
                r += 1
        widths = [220] + [180] * (table.width - 1)
        self.table2_view.fill(grid, widths, ("table2", self.report.format))

    def _table2_figure(
        self, grid: Grid, row: int, col: int, span: int, label: str, column: str
    ) -> None:
        """A figure of table 二: counted ones drill to their documents; typed ones say so."""
        assert self.report is not None
        key = rf.figure_key(self.report.format, label, column)
        value = self.report.table2.get(key)
        if not is_counted(self.report.format, label, column):
            grid.place_figure(row, col, value, None, key, span)
            return
        item = grid.place_figure(row, col, value, (TABLE2_ROW + label, column), key, span)
        if self.report.table2_source(key) == "typed":
            item.setText(f"{item.text()}{t(TYPED_MARK)}")
            item.setBackground(TYPED_BRUSH)
            item.setToolTip(
                t("手工填报的数字（未由规章和规范性文件登记簿计算）；单击查看登记簿中对应的文件")
            )
        else:
            item.setToolTip(t("由规章和规范性文件登记簿计算；单击查看这些文件"))

    def _fill_statistics(self, table: rf.StatisticsTable) -> None:
        assert self.report is not None
        grid = Grid(1 + len(table.items), 3)
        for j, column in enumerate(table.columns):
            grid.place(0, j, _item(column, header=True))
        for i, item in enumerate(table.items, start=1):
            grid.place(
                i, 0, _item("　" * item.level + item.label, header=item.level == 0, align_left=True)
            )
            grid.place(i, 1, _item(item.unit))
            if item.source == rf.HEADING:
                continue
            key = (item.key, statistics.VALUE_COLUMN) if item.source == rf.REGISTER else None
            value = self.report.statistics.get(item.key)
            grid.place_figure(i, 2, value, key, f"统计表.{item.key}")
        self.statistics_view.fill(grid, [620, 70, 110], ("statistics", self.report.format))

    def _show_checks(self) -> None:
        self.checks_list.clear()
        all_ok = True
        for check in self.checks:
            all_ok = all_ok and check.ok
            mark = "✔ " if check.ok else "✘ "
            item = QListWidgetItem(mark + t(check.rule))
            item.setForeground(OK_COLOR if check.ok else FAIL_COLOR)
            self.checks_list.addItem(item)
            for failure in check.failures:
                sub = QListWidgetItem("    " + t(failure.message))
                sub.setForeground(FAIL_COLOR)
                self.checks_list.addItem(sub)
        for problem in self.problems:
            all_ok = False
            item = QListWidgetItem("✘ " + t("登记簿检查：") + t(str(problem)))
            item.setForeground(FAIL_COLOR)
            self.checks_list.addItem(item)
        self.lower_tabs.setTabText(
            1, t("勾稽关系检查：全部通过") if all_ok else t("勾稽关系检查：有问题")
        )
        self.lower_tabs.tabBar().setTabTextColor(1, OK_COLOR if all_ok else FAIL_COLOR)

    # ----------------------------------------------------------------- the year lock (issue 14)
    def _build_lock_bar(self) -> QHBoxLayout:
        """已报送 state, the view (现在 / 报送时 / 差异) and the lock's actions, on a line of their own."""
        bar = QHBoxLayout()
        self.lock_label = ElidedLabel("", self)
        bar.addWidget(self.lock_label, 1)
        bar.addWidget(QLabel(t("显示")))
        self.view_combo = QComboBox(self)
        for label, mode in (
            (t("现在"), VIEW_NOW),
            (t("报送时"), VIEW_SUBMITTED),
            (t("差异"), VIEW_DIFF),
        ):
            self.view_combo.addItem(label, mode)
        self.view_combo.setToolTip(
            t("已报送的年度：显示现在的数字、报送时的数字，或标出与报送时不同的数字")
        )
        self.view_combo.currentIndexChanged.connect(self._apply_view)
        bar.addWidget(self.view_combo)
        self.submit_button = QPushButton(t("标记为已报送(&B)…"), self)
        self.submit_button.setToolTip(
            t("导出并报送后标记：保存报送时的数字，此后改变这些数字的修改须说明原因")
        )
        self.submit_button.clicked.connect(self.mark_submitted)
        bar.addWidget(self.submit_button)
        self.withdraw_button = QPushButton(t("撤销报送…"), self)
        self.withdraw_button.clicked.connect(self.withdraw_submitted)
        bar.addWidget(self.withdraw_button)
        self.diff_export_button = QPushButton(t("导出差异…"), self)
        self.diff_export_button.setToolTip(t("报送后改变的数字和修改记录，存为 Excel 工作簿"))
        self.diff_export_button.clicked.connect(self._ask_differences)
        bar.addWidget(self.diff_export_button)
        return bar

    def _build_lock_tabs(self, lower: QTabWidget) -> None:
        self.diff_table = QTableWidget(0, len(DIFF_HEADERS), self)
        self.diff_table.setHorizontalHeaderLabels([t(h) for h in DIFF_HEADERS])
        self.log_table = QTableWidget(0, len(LOG_HEADERS), self)
        self.log_table.setHorizontalHeaderLabels([t(h) for h in LOG_HEADERS])
        for table in (self.diff_table, self.log_table):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.verticalHeader().hide()
            table.setWordWrap(True)
        self.diff_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.log_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.diff_table.doubleClicked.connect(self._diff_open)
        self.diff_tab = lower.addTab(self.diff_table, t("报送后改变的数字"))
        self.log_tab = lower.addTab(self.log_table, t("报送后的修改记录"))

    def _show_lock(self) -> None:
        """The submitted state of the shown year and format, and what changed since (the comparison
        came from the worker with the report, or after a 报送 / 撤销报送)."""
        found = self.comparison
        writable = not self.register.readonly
        self.submit_button.setEnabled(found is None and writable)
        self.withdraw_button.setEnabled(found is not None and writable)
        self.diff_export_button.setEnabled(found is not None)
        self.view_combo.setEnabled(found is not None)
        if found is None:
            self.view_combo.blockSignals(True)
            self.view_combo.setCurrentIndex(0)
            self.view_combo.blockSignals(False)
            self.lock_label.setText(
                t("未报送。报送后点“标记为已报送”，此后改变报送数字的修改须说明原因")
            )
            self.lock_label.setStyleSheet("color: #555;")
        else:
            sub = found.submission
            when = f"已报送 于 {sub.submitted_at[:10]}（{sub.submitted_by}）"
            if found.differences:
                changes = _changes(found.log)
                self.lock_label.setText(
                    t(
                        f"{when}；报送后有 {len(found.differences)} 个数字改变，修改记录 {changes} 条"
                    )
                )
                self.lock_label.setStyleSheet(f"color: {FAIL_COLOR.name()}; font-weight: bold;")
            else:
                self.lock_label.setText(t(f"{when}；数字与报送时一致"))
                self.lock_label.setStyleSheet(f"color: {OK_COLOR.name()};")
        self._fill_lock_tabs()

    def _fill_lock_tabs(self) -> None:
        found = self.comparison
        differences = found.differences if found else []
        log = found.log if found else []
        self.diff_table.setRowCount(len(differences))
        for r, d in enumerate(differences):
            values = (
                d.table,
                d.row,
                d.column,
                _figure_text(d.submitted),
                _figure_text(d.now),
                _difference_text(d),
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(t(value) if c < 3 else value)
                item.setData(Qt.ItemDataRole.UserRole, d.key)
                if c >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.diff_table.setItem(r, c, item)
        self.log_table.setRowCount(len(log))
        for r, entry in enumerate(log):
            line = (
                entry.at.replace("T", " "),
                entry.user,
                entry.action,
                entry.subject,
                entry.reason,
            )
            for c, value in enumerate(line):
                self.log_table.setItem(r, c, QTableWidgetItem(t(value) if c in (2, 3) else value))
        self.diff_table.resizeColumnsToContents()
        self.log_table.resizeColumnsToContents()
        self.diff_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.log_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        shown = f"（{len(differences)}）" if found else ""
        self.lower_tabs.setTabText(self.diff_tab, t("报送后改变的数字") + shown)
        changes = f"（{_changes(log)}）" if found else ""
        self.lower_tabs.setTabText(self.log_tab, t("报送后的修改记录") + changes)
        self.lower_tabs.tabBar().setTabTextColor(
            self.diff_tab, FAIL_COLOR if differences else self.palette().text().color()
        )

    @property
    def view_mode(self) -> str:
        return str(self.view_combo.currentData())

    def set_view(self, mode: str) -> None:
        self.view_combo.setCurrentIndex(max(self.view_combo.findData(mode), 0))

    @property
    def _views(self) -> tuple[OfficialTable, ...]:
        return (self.table2_view, self.table3_view, self.table4_view, self.statistics_view)

    def figure_item(self, key: str) -> QStandardItem | None:
        """The table cell showing the figure with this snapshot key (tests, the difference list)."""
        return next(
            (i for v in self._views for i in v.figures if i.data(FigureKeyRole) == key), None
        )

    def _apply_view(self) -> None:
        """The clerk picked 现在 / 报送时 / 差异: the tables as counted now, then restyled."""
        if self.annual is None:
            return
        if self._styled:  # showing another view's figures: the tables as counted now first
            current = self.tabs.currentIndex()
            self._show_tables()
            self.tabs.setCurrentIndex(current)
        self._style_figures()

    def _style_figures(self) -> None:
        """现在: the figures as counted now. 报送时: as submitted. 差异: now, with every figure that is
        not what was submitted highlighted and its difference beside it."""
        found, mode = self.comparison, self.view_mode
        bar = self.tabs.tabBar()
        for i in range(self.tabs.count()):  # a table holding changed figures: its tab in red
            bar.setTabTextColor(i, self.palette().text().color())
        if found is None or mode == VIEW_NOW:
            return
        self._styled = True
        submitted = {c.key: c.value for c in found.submission.cells}
        moved = {d.key: d for d in found.differences}
        for view in self._views:
            changed = False
            for item in view.figures:
                key = item.data(FigureKeyRole)
                d = moved.get(key)
                if mode == VIEW_SUBMITTED:
                    item.setText(_figure_text(submitted.get(key), empty=""))
                    item.setBackground(SUBMITTED_BRUSH)
                elif d is not None:
                    item.setText(f"{_figure_text(d.now)} ({_difference_text(d)})")
                if d is not None:
                    changed = True
                    item.setBackground(CHANGED_BRUSH)
                    item.setToolTip(
                        t(
                            f"报送时 {_figure_text(d.submitted)}，现在 {_figure_text(d.now)}，"
                            f"差 {_difference_text(d)}"
                        )
                    )
            if changed:
                bar.setTabTextColor(self.tabs.indexOf(view), FAIL_COLOR)

    def _diff_open(self, index: QModelIndex) -> None:
        """Double-click a difference: its table, the cell selected."""
        key = index.data(Qt.ItemDataRole.UserRole)
        item = self.figure_item(str(key)) if key else None
        if item is None:
            return
        for view in self._views:
            if item.model() is view.model_:
                self.tabs.setCurrentWidget(view)
                view.setCurrentIndex(item.index())
                view.scrollTo(item.index())
                view.setFocus()

    def ask_confirm_submit(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            t("标记为已报送"),
            t(text),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def mark_submitted(self) -> None:
        """Mark the shown year and format 已报送: its figures are kept as computed now."""
        if self.annual is None or self.register.readonly:
            return
        year, fmt = self.year, self._shown_format()
        text = (
            f"将 {year}年度报告（{fmt}年格式）标记为已报送？\n\n"
            "现在的数字将作为报送时的数字保存；此后改变这些数字的修改（保存、删除、导入申请，"
            "修改主动公开数据）须说明原因并记入修改记录。请先导出并核对报送的 Excel。"
        )
        if not self.ask_confirm_submit(text):
            return
        RegisterOp(self, lambda reg: year_lock.mark_submitted(reg, year, fmt)).refusing(
            AlreadySubmitted
        ).success(lambda _sub: self._lock_changed()).failure(self._lock_failed).run()

    def withdraw_submitted(self) -> None:
        """撤销报送, with a reason."""
        if self.comparison is None or self.register.readonly:
            return
        from desktop.ui.year_lock_dialogs import ask_withdraw_reason

        year, fmt = self.comparison.submission.year, self.comparison.submission.format
        reason = ask_withdraw_reason(self, year, fmt)
        if reason is None:
            return
        RegisterOp(self, lambda reg: year_lock.unmark_submitted(reg, year, fmt, reason)).refusing(
            NotSubmitted, ValueError
        ).success(lambda _sub: self._lock_changed()).failure(self._lock_failed).run()

    def _lock_changed(self) -> None:
        """After 报送 / 撤销报送: the shown report compared again, on the worker."""
        shown = self.annual
        if shown is None:
            return
        QueryOp(self, lambda reg: _with_comparison(reg, shown)).success(
            lambda found: self._lock_shown(shown, found[1])
        ).run()

    def _lock_shown(
        self, shown: annual.AnnualReport, comparison: year_lock.Comparison | None
    ) -> None:
        if self.annual is not shown:
            return  # another report is shown meanwhile; it came with its own comparison
        self.comparison = comparison
        self._show_lock()
        self._apply_view()

    def _lock_failed(self, message: str) -> None:
        QMessageBox.warning(self, t("年度报告报送"), t(message))
        self._lock_changed()

    def _differences_writer(self) -> Callable[[str | Path], Path]:
        found, register = self.comparison, self.register.path
        assert found is not None

        def write(path: str | Path) -> Path:
            from desktop.reports.year_lock_workbook import write_differences

            return write_differences(
                path, found.submission, found.differences, found.log, register=register
            )

        return write

    def export_differences(self, path: str | Path) -> Path:
        """The differences and the log as a workbook, written here and now (tests, scripts)."""
        return self._differences_writer()(path)

    def _ask_differences(self) -> None:
        from desktop.ui.files import save_file

        if self.comparison is None:
            return
        name = f"{self.year}年度报告报送后的差异.xlsx"
        path = save_file(self, "导出差异", name, "Excel 工作簿 (*.xlsx)")
        if path:
            self._export(self._differences_writer(), path)

    # ----------------------------------------------------------------- drill-down
    def _clear_drill(self) -> None:
        self.drilled = None
        self.drill_model.set_rows([])
        self.document_drill_model.set_rows([])
        self.drill_table.setModel(self.drill_model)
        self.drill_label.setText(t("单击表中的数字，查看计入该数字的申请。"))

    def _cell_clicked(self, index: QModelIndex) -> None:
        key = index.data(CellKeyRole)
        if key:
            self.drill(*key)

    def drill(self, row_key: str, column_key: str) -> None:
        """List the applications (or, for table 二, the documents) counted in one number.

        The list is read on the worker (a big figure's list is a query over the year); it replaces
        the one below the table when it arrives, unless another report is shown by then."""
        if row_key.startswith(TABLE2_ROW):
            self._drill_documents(row_key.removeprefix(TABLE2_ROW), column_key)
            return
        shown, year, fmt = self.annual, self.year, self.format_code
        QueryOp(
            self,
            lambda reg: statistics.rows_behind(reg, year, fmt, row_key, column_key, DRILL_LIMIT),
        ).success(lambda found: self._show_drill(shown, row_key, column_key, *found)).run()

    def _show_drill(
        self,
        shown: annual.AnnualReport | None,
        row_key: str,
        column_key: str,
        total: int,
        rows: list[statistics.BehindRow],
    ) -> None:
        if self.annual is not shown:
            return  # the tables were recomputed meanwhile: the list would name another figure
        self.drill_table.setModel(self.drill_model)
        self.drilled = (row_key, column_key)
        listed = f"，列出前 {len(rows)} 件" if total > len(rows) else ""
        # Name the number whose list this is: the clerk may have scrolled the table since clicking.
        self.drill_label.setText(
            t(f"{self.cell_name(row_key, column_key)}：共 {total} 件{listed}；双击一件打开它。")
        )
        self.drill_model.set_rows(rows)
        self.drill_table.resizeColumnsToContents()
        self.lower_tabs.setCurrentIndex(0)

    def _drill_documents(self, label: str, column: str) -> None:
        from desktop.store.documents import documents_behind

        assert self.report is not None
        shown, year, fmt = self.annual, self.year, self.report.format
        QueryOp(self, lambda reg: documents_behind(reg, year, fmt, label, column)).success(
            lambda rows: self._show_documents(shown, label, column, rows)
        ).run()

    def _show_documents(
        self, shown: annual.AnnualReport | None, label: str, column: str, rows: list[Document]
    ) -> None:
        if self.annual is not shown or self.report is None:
            return
        self.drilled = (TABLE2_ROW + label, column)
        key = rf.figure_key(self.report.format, label, column)
        typed = ""
        if self.report.table2_source(key) == "typed":
            typed = f"（表中为手工填报的 {self.report.table2.get(key)}，登记簿计得 {len(rows)} 件）"
        self.drill_label.setText(
            t(f"表二“{label}”“{column}”：共 {len(rows)} 件{typed}；双击一件打开它。")
        )
        self.document_drill_model.set_rows(rows)
        self.drill_table.setModel(self.document_drill_model)
        self.drill_table.resizeColumnsToContents()
        self.lower_tabs.setCurrentIndex(0)

    def cell_name(self, row_key: str, column_key: str) -> str:
        """The number's place in the official table, e.g. 表三“（一）予以公开”“自然人”."""
        assert self.report is not None
        spec = self.report.spec
        if row_key == statistics.TABLE4_ROW:
            column = next(c for c in rf.TABLE4.columns if c.key == column_key)
            return f"表四“{column.name}”"
        if spec.statistics is not None and column_key == statistics.VALUE_COLUMN:
            return f"统计表“{spec.statistics.item(row_key).label}”"
        table = spec.table3 or rf.FORMAT_2021.table3
        assert table is not None
        column = next(c for c in table.columns if c.key == column_key)
        return f"表三“{table.row(row_key).label}”“{column.name}”"

    def drilled_ids(self) -> list[int]:
        """Ids of the applications (or documents, after a table 二 click) listed below the table."""
        if self.drill_table.model() is self.document_drill_model:
            return [doc.id for doc in self.document_drill_model.rows if doc.id is not None]
        return [row.id for row in self.drill_model.rows]

    def _drill_open(self, index: QModelIndex) -> None:
        if self.drill_table.model() is self.document_drill_model:
            document_id = index.data(Qt.ItemDataRole.UserRole)
            if document_id is not None:
                from desktop.ui.documents_window import open_documents_window

                open_documents_window(self.bench).select_document(int(document_id))
            return
        application_id = index.data(Qt.ItemDataRole.UserRole)
        if application_id is not None:
            self.bench.open_application(int(application_id))

    # ----------------------------------------------------------------- export
    # The writers take what they write from the window when they are made (on the GUI thread) and
    # run on the worker (`_export`); export_xlsx / export_json run one at once (tests, scripts).
    def _xlsx_writer(self) -> Callable[[str | Path], Path]:
        report, checks = self.report, self.checks
        traditional = self.traditional_check.isChecked()
        assert report is not None

        def write(path: str | Path) -> Path:
            from desktop.reports.stats_workbook import write_workbook

            return write_workbook(report, path, checks, traditional=traditional)

        return write

    def _json_writer(self) -> Callable[[str | Path], Path]:
        report, checks, register = self.report, self.checks, self.register.path
        assert report is not None

        def write(path: str | Path) -> Path:
            from desktop.reports.report_json import report_to_json

            path = Path(path)
            outputs.check_output(path, register=register)  # never over the register (F4)
            outputs.write_text(path, report_to_json(report, checks) + "\n")
            return path

        return write

    def export_xlsx(self, path: str | Path) -> Path:
        return self._xlsx_writer()(path)

    def export_json(self, path: str | Path) -> Path:
        return self._json_writer()(path)

    def _suggested(self, suffix: str) -> str:
        assert self.report is not None
        return f"{self.year}年度政府信息公开统计表（{self.report.format}格式）{suffix}"

    def _ask_xlsx(self) -> None:
        from desktop.ui.files import save_file

        if self.report is None:
            return
        path = save_file(self, "导出 Excel", self._suggested(".xlsx"), "Excel 工作簿 (*.xlsx)")
        if path:
            self._export(self._xlsx_writer(), path)

    def _ask_json(self) -> None:
        from desktop.ui.files import save_file

        if self.report is None:
            return
        path = save_file(self, "导出数据文件", self._suggested(".json"), "JSON 数据文件 (*.json)")
        if path:
            self._export(self._json_writer(), path)

    def _export(self, writer: Callable[[str | Path], Path], path: str) -> None:
        """Write on the worker; then offer to open the file, or say why it could not be written."""
        from desktop.ui.files import offer_open

        def written(where: Path) -> None:
            offer_open(self, "已导出", "已导出：", where or path)

        def failed(message: str) -> None:
            QMessageBox.warning(self, t("导出失败"), t(f"无法写入 {path}：{message}"))

        QueryOp(self, lambda _reg: writer(path)).with_progress("正在导出…").refusing(
            OSError
        ).success(written).failure(failed).run()

    def print_tables(self, preview: bool = False) -> None:
        """The tables in the official layout on A4 (desktop.reports.print_docs)."""
        from desktop.ui.printing import print_job, report_job

        if self.report is not None:
            print_job(self, report_job(self.report), preview=preview)

    def open_table2(self) -> None:
        from desktop.ui.table2_dialog import Table2Dialog

        dialog = Table2Dialog(self.register, self.year, self)
        dialog.exec()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        stale, self._stale = self._stale, NOTHING
        if stale.touches("applications"):
            self.recompute()
        elif stale.figures or stale.documents:
            self.refresh_figures()
        super().showEvent(event)

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self._refresh_timer.stop()
        super().closeEvent(event)


def open_report_window(bench: Workbench) -> ReportWindow:
    """Open (or bring forward) the report window of this main window."""
    return bench.dialogs.open(ReportWindow, lambda: ReportWindow(bench, bench.window))
