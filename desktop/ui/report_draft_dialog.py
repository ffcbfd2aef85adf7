"""生成年度报告文字稿: choose the year, the unit's name and the script, preview the sentences, save .docx.

The figures and sentences come from desktop.ops.report_draft (through desktop.reports.report_draft,
which reads the statistics engine); this dialog only collects the choices and shows what will be
written. Composing counts the year (~0.3 s at a million applications) and writing makes a .docx: both
run on the window's worker (desktop.ui.ops); a preview overtaken by a newer choice is not shown.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.ops import report_draft as draft_ops
from desktop.ops.report_draft import FIRST_YEAR, default_year
from desktop.reports.report_draft import ReportDraftError
from desktop.store.register import Register
from desktop.ui.context import Workbench
from desktop.ui.i18n import is_traditional, t
from desktop.ui.ops import QueryOp
from desktop.ui.widgets import fit_to_screen

__all__ = ["FIRST_YEAR", "ReportDraftDialog", "default_year", "open_report_draft_dialog"]


class ReportDraftDialog(QDialog):
    def __init__(
        self,
        register: Register,
        parent: QWidget | None = None,
        year: int | None = None,
        bench: Workbench | None = None,
    ):
        super().__init__(parent)
        self.register = register
        # Made on its own (a size check, a test): a Workbench of its own runs the work.
        self.bench = bench if bench is not None else Workbench(register, self)
        self.setWindowTitle(t("生成年度报告文字稿"))
        fit_to_screen(self, 760, 560)
        self.draft: draft_ops.Preview | None = None
        self._asked = 0  # previews asked for; only the newest is shown

        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("year")
        self.year_spin.setRange(FIRST_YEAR, date.today().year + 1)
        self.year_spin.setValue(max(FIRST_YEAR, year or default_year()))
        self.unit_edit = QLineEdit()
        self.unit_edit.setObjectName("unit")
        self.unit_edit.setPlaceholderText(t("例如：某市某某局（留空则标题不写单位名称）"))
        self.simplified = QRadioButton(t("简体"))
        self.traditional = QRadioButton(t("繁体"))
        (self.traditional if is_traditional() else self.simplified).setChecked(True)
        script = QButtonGroup(self)
        script.addButton(self.simplified)
        script.addButton(self.traditional)
        script_row = QHBoxLayout()
        script_row.addWidget(self.simplified)
        script_row.addWidget(self.traditional)
        script_row.addStretch(1)
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
        form.addRow(t("报告年度"), self.year_spin)
        form.addRow(t("单位名称"), self.unit_edit)
        form.addRow(t("文字"), script_row)
        form.addRow(t("保存到"), path_row)

        self.generate_button = QPushButton(t("生成"))
        self.generate_button.setObjectName("generate")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        close_button = QPushButton(t("关闭"))
        close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.generate_button)
        buttons.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(t("预览（数字取自年度统计）")))
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)

        self.year_spin.valueChanged.connect(self._year_changed)
        self.unit_edit.textChanged.connect(self.update_preview)
        self.traditional.toggled.connect(self.update_preview)
        self._year_changed()

    @property
    def year(self) -> int:
        return self.year_spin.value()

    def _year_changed(self) -> None:
        self.unit_edit.setText(draft_ops.default_unit(self.register, self.year))
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        folder = Path(documents) if documents else Path.home()
        self.path_edit.setText(str(folder / draft_ops.file_name(self.year)))
        self.update_preview()

    def update_preview(self) -> None:
        self._asked += 1
        asked, year, unit = self._asked, self.year, self.unit_edit.text()
        traditional = self.traditional.isChecked()
        op = QueryOp(self, lambda reg: draft_ops.draft(reg, year, unit, traditional=traditional))
        op.bench = self.bench
        op.success(lambda shown: self._show(asked, shown)).run()

    def _show(self, asked: int, shown: draft_ops.Preview) -> None:
        if asked != self._asked:
            return  # the clerk changed the year or the unit meanwhile: a newer preview comes
        self.draft = shown
        self.generate_button.setEnabled(shown.ok)
        if not shown.ok:
            self.preview.setHtml(f"<p style='color:#b00020'>{html.escape(t(shown.error))}</p>")
            return
        parts = [f"<h3>{html.escape(shown.title)}</h3>"]
        for heading, paragraphs in shown.sections:
            parts.append(f"<p><b>{html.escape(heading)}</b></p>")
            parts += [f"<p>{html.escape(text)}</p>" for text in paragraphs]
            parts.append(f"<p style='color:#666'>{html.escape(t('（此处附表格）'))}</p>")
        self.preview.setHtml("".join(parts))

    def browse(self) -> None:

        from desktop.ui.files import save_file

        path = save_file(self, "保存年度报告文字稿", self.path_edit.text(), "Word 文档 (*.docx)")
        if path:
            self.path_edit.setText(path if path.lower().endswith(".docx") else path + ".docx")

    def generate(self) -> Path | None:
        """Write the .docx on the worker; the path when it is written at once (tests), else None."""
        if not self.path_edit.text().strip():
            QMessageBox.warning(self, t("生成年度报告文字稿"), t("请选择保存位置。"))
            return None
        year, text, unit = self.year, self.path_edit.text(), self.unit_edit.text()
        traditional = self.traditional.isChecked()
        written: list[Path] = []

        def done(path: Path) -> None:
            written.append(path)
            self._offer_to_open(path)

        op = QueryOp(
            self, lambda reg: draft_ops.write(reg, year, text, unit, traditional=traditional)
        )
        op.bench = self.bench
        op.with_progress("正在生成年度报告文字稿…").refusing(ReportDraftError).success(
            done
        ).failure(self._refused).run()
        return written[0] if written else None

    def _refused(self, message: str) -> None:
        QMessageBox.warning(self, t("无法生成"), t(message))

    def _offer_to_open(self, path: Path) -> None:
        from desktop.ui.files import offer_open, remember

        remember(path)
        offer_open(self, "已生成", "已生成年度报告文字稿：", path)


def open_report_draft_dialog(
    bench: Workbench, parent: QWidget | None = None, year: int | None = None
) -> ReportDraftDialog:
    """Open the dialog (统计图表 window → 生成年度报告文字稿…, or 统计 → 生成年度报告文字稿…)."""
    dialog = ReportDraftDialog(bench.register, parent or bench.window, year, bench)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
