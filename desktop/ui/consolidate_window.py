"""The 汇总 window: add units' statistics workbooks, see each one's status, export the checked total.

Files come in by drag and drop or the 添加文件 button. Each file is examined once when added
(reports.consolidate.examine: read by labels, every logic check); the list shows each unit as 有效 or
with its number of errors, and selecting a unit lists its errors with their cells. The year and format
agreement and the total are worked out by reports.consolidate on every change; 导出汇总表 is enabled
only when every file is valid and they agree, so a wrong total can never leave this window. The files
are read on the window's worker (desktop.ui.ops), with progress and 取消.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import report_formats as rf
from desktop.ops.consolidation import examine_all
from desktop.reports import consolidate as cons
from desktop.ui.context import Workbench
from desktop.ui.i18n import t
from desktop.ui.ops import QueryOp, current_progress
from desktop.ui.widgets import fit_to_screen

VALID, INVALID = "有效", "有错误"
# A valid file that still cannot be added: another year or format than the others, a repeat.
NOT_ADDABLE = "有效，但不能汇总"
_RED = QColor("#b00020")
_GREEN = QColor("#1b7f3b")


class ConsolidateWindow(QDialog):
    def __init__(self, bench: Workbench, parent: QWidget | None = None, *, unit: str = ""):
        super().__init__(parent)
        self.bench = bench
        self.setWindowTitle(t("汇总各单位报表"))
        self.setAcceptDrops(True)
        self.statuses: list[cons.UnitStatus] = []
        self.consolidation: cons.Consolidation | None = None
        self.messages: list[str] = []

        intro = QLabel(
            t("把各单位的统计表（.xlsx）拖到这里，或点“添加文件”。每个文件都会先检查勾稽关系；")
            + t("全部有效且年度、格式一致时才能导出汇总表。")
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [t("文件"), t("单位"), t("年度"), t("格式"), t("状态")]
        )
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (2, 3, 4):  # 有效，但不能汇总 must show whole
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._show_details)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText(t("选择一个单位，查看它的检查结果"))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([300, 160])

        self.add_button = QPushButton(t("添加文件…"))
        self.add_button.clicked.connect(self.browse)
        self.remove_button = QPushButton(t("移除所选"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton(t("全部清除"))
        self.clear_button.clicked.connect(self.clear)
        self.unit_edit = QLineEdit(unit)
        self.unit_edit.setPlaceholderText(t("例如：某某县"))
        self.export_button = QPushButton(t("导出汇总表…"))
        self.export_button.clicked.connect(self.choose_export)
        self.overall = QLabel()
        self.overall.setWordWrap(True)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(t("汇总单位名称")))
        buttons.addWidget(self.unit_edit)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.overall)
        layout.addLayout(buttons)
        fit_to_screen(self, 960, 620)
        self._refresh()

    # ------------------------------------------------------------------ files in
    def add_files(self, paths: Sequence[str | Path]) -> None:
        """Examine and list each new .xlsx file (a file already listed is not added twice)."""
        known = {s.path.resolve() for s in self.statuses}
        new: list[Path] = []
        for raw in paths:
            path = Path(raw)
            if path.resolve() not in known:
                known.add(path.resolve())
                new.append(path)
        if not new:
            self._refresh()
            return
        # Each file takes ~0.1–0.2 s to read and check: on the worker, with progress and 取消
        # (the files checked so far stay listed).
        QueryOp(self, lambda _reg: examine_all(new, current_progress())).with_progress(
            "正在检查统计表…", cancellable=True
        ).success(self._examined).run()

    def _examined(self, statuses: list[cons.UnitStatus]) -> None:
        self.statuses.extend(statuses)
        self._refresh()

    def browse(self) -> None:
        from desktop.ui.files import open_files

        paths = open_files(self, "添加各单位的统计表", "Excel 工作簿 (*.xlsx)")
        if paths:
            self.add_files(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.add_files(paths)
            event.acceptProposedAction()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            del self.statuses[row]
        self._refresh()

    def clear(self) -> None:
        self.statuses = []
        self._refresh()

    # ------------------------------------------------------------------ status
    def _refresh(self) -> None:
        self.table.setRowCount(len(self.statuses))
        self.consolidation = (
            cons.consolidate_statuses(self.statuses, unit=self.unit_edit.text().strip())
            if self.statuses
            else None
        )
        for row, status in enumerate(self.statuses):
            cells = [
                status.file,
                status.unit,
                str(status.year or ""),
                f"{status.format}年格式" if status.format else "",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(t(text) if col == 3 else text)
                item.setToolTip(str(status.path))
                self.table.setItem(row, col, item)
            addable = status.ok and not self._refusals_of(status)
            if not status.ok:
                state = f"{INVALID}（{len(status.errors)}处）"
            else:
                state = VALID if addable else NOT_ADDABLE
            item = QTableWidgetItem(t(state))
            item.setForeground(QBrush(_GREEN if addable else _RED))
            self.table.setItem(row, 4, item)
        self._show_overall()
        self._show_details()

    def _show_overall(self) -> None:
        result = self.consolidation
        if result is None:
            self.overall.setText(t("尚未添加统计表。"))
            self.overall.setStyleSheet("")
        elif result.ok and result.total is not None:
            total = result.total
            new = total.table3.get(rf.NEW, [0])[-1] if total.table3 else 0
            concluded = total.table3.get(rf.TOTAL, [0])[-1] if total.table3 else 0
            self.overall.setText(
                t(
                    f"{len(result.units)} 个单位全部有效：{result.year}年度，{result.format}年格式。"
                    f"汇总后本年新收 {new} 件，本年度办理结果 {concluded} 件。"
                )
            )
            self.overall.setStyleSheet(f"color: {_GREEN.name()};")
        else:
            # Which files stop the total, in one line; their messages are in the pane above.
            counts = [
                (s.file, len(self._refusals_of(s))) for s in self.statuses if self._refusals_of(s)
            ]
            self.overall.setText(
                t(f"不能汇总：有 {len(result.refusals)} 处问题（")
                + "；".join(f"{file} {n} 处" for file, n in counts)
                + t("）。选择一个单位查看它的问题。")
            )
            self.overall.setStyleSheet(f"color: {_RED.name()};")
        self.export_button.setEnabled(result is not None and result.ok)
        self.remove_button.setEnabled(bool(self.statuses))
        self.clear_button.setEnabled(bool(self.statuses))

    def _show_details(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        if not rows or rows[0] >= len(self.statuses):
            if self.consolidation is not None and self.consolidation.refusals:
                self.details.setPlainText("\n".join(self.consolidation.refusals))
            else:
                self.details.setPlainText("")
            return
        status = self.statuses[rows[0]]
        lines = [status.summary(), *self._refusals_of(status)] if status.ok else status.errors
        self.details.setPlainText("\n".join(lines))

    def _refusals_of(self, status: cons.UnitStatus) -> list[str]:
        """The consolidation's reasons that name this file (its errors, its year or format)."""
        if self.consolidation is None:
            return []
        return [
            r
            for r in self.consolidation.refusals
            if r.startswith((f"{status.file}：", f"{status.file}，"))
        ]

    # ------------------------------------------------------------------ out
    def choose_export(self) -> None:
        from desktop.ui.files import offer_open, save_file

        path = save_file(self, "保存汇总表", t("汇总统计表.xlsx"), "Excel 工作簿 (*.xlsx)")
        if path and (written := self.export_to(path)) is not None:
            offer_open(self, "已导出", "已导出汇总表：", written)

    def export_to(self, path: str | Path) -> Path | None:
        """Write the total workbook (only when every unit is valid and they agree)."""
        self._refresh()  # the unit name may have changed
        result = self.consolidation
        if result is None or not result.ok:
            return None
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        if any(s.path.resolve() == path.resolve() for s in self.statuses):
            self._tell(t("汇总表不能覆盖参加汇总的统计表，请换一个文件名。"))
            return None
        try:
            cons.write_total(result, path)
        except OSError as exc:
            self._tell(t(f"无法写入 {path.name}：{exc.strerror or exc}"))
            return None
        self._tell(t(f"已导出 {len(result.units)} 个单位的汇总表：{path}"))
        return path

    def _tell(self, text: str) -> None:
        self.messages.append(text)
        self.bench.inform(text)


def open_consolidate_window(bench: Workbench) -> ConsolidateWindow:
    """统计 → 汇总各单位报表…: a non-modal window over the main window (one at a time)."""
    return bench.dialogs.open(ConsolidateWindow, lambda: ConsolidateWindow(bench, bench.window))
