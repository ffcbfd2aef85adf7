"""The form's 期限计算过程 tab: every day from receipt to the due date, counted or skipped and why.

Shows the `DeadlineEvidence` the form computes live (desktop/domain/deadline_evidence.py) and prints
it or saves it as Word or PDF (the attachment to a 复议答复书 or 答辩状). No rule here: the lines come
from domain, the documents from desktop/reports/evidence_docs.py, the PDF from desktop/ui/printing.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
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

from desktop.domain.deadline_evidence import (
    COUNTED,
    DUE,
    EVENT,
    HOLIDAY,
    PAUSED,
    DeadlineEvidence,
)
from desktop.reports.evidence_docs import HEADERS, evidence_html, line_cells, write_evidence_docx
from desktop.ui.i18n import t

# Row tints: the kinds a reader scans for (events bold blue, pauses amber, holidays red).
_TINTS = {EVENT: "#e8f0fb", PAUSED: "#fff4d6", HOLIDAY: "#fde8e8", DUE: "#dff3e3"}


class EvidenceView(QWidget):
    def __init__(self, register: object, parent: QWidget):
        super().__init__(parent)
        # The register, not the form: a reference back to the form would keep a closed form alive.
        self.register = register
        self.evidence: DeadlineEvidence | None = None
        self._drawn = True  # the table shows `evidence` (else it is drawn when the tab is shown)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels([t(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        # Wrapped event lines need their height once the 说明 column has its real width.
        self.table.horizontalHeader().sectionResized.connect(self._fit_rows)
        self.print_button = QPushButton(t("打印…"), self)
        self.docx_button = QPushButton(t("导出 Word…"), self)
        self.pdf_button = QPushButton(t("导出 PDF…"), self)
        self.print_button.clicked.connect(self.print_preview)
        self.docx_button.clicked.connect(self.save_docx_as)
        self.pdf_button.clicked.connect(self.save_pdf_as)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(t("可作为行政复议答复书、行政诉讼答辩状的附件。"), self), 1)
        for button in (self.print_button, self.docx_button, self.pdf_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_evidence(self, evidence: DeadlineEvidence) -> None:
        """Show `evidence`: at once when the tab is on screen, else when it is next shown (the form
        recomputes it on every date typed; ~50 rows of table items a clerk mostly never looks at)."""
        self.evidence = evidence
        self._drawn = False
        if self.isVisible():
            self._draw()

    def _draw(self) -> None:
        if self._drawn or self.evidence is None:
            return
        self._drawn = True
        evidence = self.evidence
        self.summary.setText(t(f"摘要：{evidence.summary}"))
        self.table.setRowCount(len(evidence.lines))
        for row, line in enumerate(evidence.lines):
            tint = _TINTS.get(line.kind)
            for column, text in enumerate(line_cells(line)):
                item = QTableWidgetItem(t(text))
                if tint:
                    item.setBackground(QColor(tint))
                if line.kind in (EVENT, DUE):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        if self.isVisible():
            self._fit_rows()

    def _fit_rows(self, *_args: object) -> None:
        if self.isVisible():  # hidden, the heights are worked out when the tab is shown
            self.table.resizeRowsToContents()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        self._draw()
        self._fit_rows()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit_rows()

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def counted_rows(self) -> list[tuple[str, str, str]]:
        """The counted days as shown (for tests and for reading back)."""
        assert self.evidence is not None
        self._draw()
        return [
            (self._text(r, 0), self._text(r, 1), self._text(r, 2))
            for r, line in enumerate(self.evidence.lines)
            if line.kind == COUNTED
        ]

    # ------------------------------------------------------------------ printing and files
    def _office(self) -> str:
        from desktop.store.settings import get_office_name

        return get_office_name(self.register).strip()  # type: ignore[arg-type]

    def _job(self):  # -> HtmlJob
        from desktop.ui.printing import HtmlJob

        assert self.evidence is not None
        html = evidence_html(self.evidence, office=self._office(), today=date.today())
        return HtmlJob(t(self.evidence.title), html)

    def print_preview(self) -> None:
        if self.evidence is None:
            return
        from desktop.ui.printing import print_job

        print_job(self, self._job(), preview=True)

    def export_docx(self, path: str | Path) -> Path:
        assert self.evidence is not None
        return write_evidence_docx(self.evidence, path, office=self._office())

    def export_pdf(self, path: str | Path) -> Path:
        from desktop.ui.printing import print_to_pdf

        return print_to_pdf(self._job(), path)

    def save_docx_as(self) -> None:
        self._save_as("docx")

    def save_pdf_as(self) -> None:
        self._save_as("pdf")

    def _save_as(self, kind: str) -> None:
        if self.evidence is None:
            return
        suggested = f"期限计算过程-{self.evidence.number or '新申请'}.{kind}".replace("/", "-")
        filters = {"docx": t("Word 文件 (*.docx)"), "pdf": t("PDF 文件 (*.pdf)")}
        name, _ = QFileDialog.getSaveFileName(self, t("保存期限计算过程"), suggested, filters[kind])
        if not name:
            return
        if not name.lower().endswith(f".{kind}"):
            name += f".{kind}"
        try:
            (self.export_docx if kind == "docx" else self.export_pdf)(name)
        except OSError as exc:
            QMessageBox.warning(self, t("未能保存"), t(f"无法写入 {name}：{exc.strerror or exc}"))
