"""生成年度报告文字稿: choose the year, the unit's name and the script, preview the sentences, save .docx.

The figures and sentences come from desktop.reports.report_draft (which reads the statistics engine);
this dialog only collects the choices and shows what will be written.
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

from desktop.domain import report_formats as rf
from desktop.domain.chinese import to_traditional
from desktop.reports import report_draft as rd
from desktop.store import settings
from desktop.store.annual_figures import unit_name
from desktop.store.register import Register
from desktop.ui.context import Workbench
from desktop.ui.i18n import is_traditional, t
from desktop.ui.widgets import fit_to_screen

FIRST_YEAR = 2019  # sections 三 and 四 exist from the 2019 format on


def default_year(today: date | None = None) -> int:
    """The report normally written now: last year's (reports are due by 31 January, 第四十九条)."""
    return (today or date.today()).year - 1


class ReportDraftDialog(QDialog):
    def __init__(self, register: Register, parent: QWidget | None = None, year: int | None = None):
        super().__init__(parent)
        self.register = register
        self.setWindowTitle(t("生成年度报告文字稿"))
        fit_to_screen(self, 760, 560)
        self.draft: rd.ReportDraft | None = None

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
        self.unit_edit.setText(
            unit_name(self.register, self.year) or settings.get_office_name(self.register)
        )
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        folder = Path(documents) if documents else Path.home()
        self.path_edit.setText(
            str(folder / f"{self.year}年政府信息公开工作年度报告（第三、四部分）.docx")
        )
        self.update_preview()

    def update_preview(self) -> None:
        try:
            self.draft = rd.compose(self.register, self.year, unit=self.unit_edit.text().strip())
        except rd.ReportDraftError as exc:
            self.draft = None
            self.generate_button.setEnabled(False)
            self.preview.setHtml(f"<p style='color:#b00020'>{html.escape(t(str(exc)))}</p>")
            return
        self.generate_button.setEnabled(True)
        convert = to_traditional if self.traditional.isChecked() else (lambda text: text)
        parts = [f"<h3>{html.escape(convert(self.draft.title))}</h3>"]
        for heading, paragraphs in (
            (rf.TABLE3_TITLE, self.draft.section3),
            (rf.TABLE4_TITLE, self.draft.section4),
        ):
            parts.append(f"<p><b>{html.escape(convert(heading))}</b></p>")
            parts += [f"<p>{html.escape(convert(text))}</p>" for text in paragraphs]
            parts.append(f"<p style='color:#666'>{html.escape(t('（此处附表格）'))}</p>")
        self.preview.setHtml("".join(parts))

    def browse(self) -> None:

        from desktop.ui.files import save_file

        path = save_file(self, "保存年度报告文字稿", self.path_edit.text(), "Word 文档 (*.docx)")
        if path:
            self.path_edit.setText(path if path.lower().endswith(".docx") else path + ".docx")

    def generate(self) -> Path | None:
        path = Path(self.path_edit.text().strip())
        if not path.name:
            QMessageBox.warning(self, t("生成年度报告文字稿"), t("请选择保存位置。"))
            return None
        if path.suffix.lower() != ".docx":
            path = path.with_name(path.name + ".docx")
        try:
            self.draft = rd.build_report_draft(
                self.register,
                self.year,
                path,
                traditional=self.traditional.isChecked(),
                unit=self.unit_edit.text().strip(),
            )
        except rd.ReportDraftError as exc:
            QMessageBox.warning(self, t("无法生成"), t(str(exc)))
            return None
        self._offer_to_open(path)
        return path

    def _offer_to_open(self, path: Path) -> None:
        from desktop.ui.files import offer_open, remember

        remember(path)
        offer_open(self, "已生成", "已生成年度报告文字稿：", path)


def open_report_draft_dialog(
    bench: Workbench, parent: QWidget | None = None, year: int | None = None
) -> ReportDraftDialog:
    """Open the dialog (统计图表 window → 生成年度报告文字稿…, or 统计 → 生成年度报告文字稿…)."""
    dialog = ReportDraftDialog(bench.register, parent or bench.window, year)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
