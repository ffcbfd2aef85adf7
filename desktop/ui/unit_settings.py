"""单位设置: the office's own settings, in one dialog, stored in the register file.

- 机关名称: one name for everything: the letters' letterhead and signature, the 填报单位 of every
  annual report (table window, statistics workbook, print) unless a year has its own, the print titles.
- 申请编号格式: the pattern of automatic 申请编号 (contract decision 8, desktop.domain.numbering), with
  the number the next application would get shown as it is typed.
- 文书: the letters' 文号格式 and the optional 行政复议机关 / 管辖法院 of the rights notice, and the
  folder of the office's letter templates.

`ask_office_name_once` asks for the name the first time the clerk opens a window that prints it
(年度报告, 主动公开数据) while it is not set; asked once per register, never again.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import letters as rules
from desktop.domain import numbering
from desktop.domain.letters import LetterError, OfficeSettings
from desktop.store import settings
from desktop.store.register import Register
from desktop.ui.i18n import t
from desktop.ui.ops import QueryOp, bench_of
from desktop.ui.widgets import fit_to_screen

ERROR_STYLE = "color: #b00020;"
EXAMPLE_AFTER_MS = 250  # the pattern's example, once typing pauses


def _hint(text: str) -> QLabel:
    label = QLabel(t(text))
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


class UnitSettingsDialog(QDialog):
    """机关名称, 申请编号格式, 文号格式, 行政复议机关 and 管辖法院 (desktop.store.settings)."""

    def __init__(self, register: Register, parent: QWidget | None = None):
        super().__init__(parent)
        self.register = register
        self.setWindowTitle(t("单位设置"))
        office = settings.office_settings(register)
        self.year = date.today().year

        self.name_edit = QLineEdit(office.name)
        self.name_edit.setObjectName("office_name")
        self.name_edit.setPlaceholderText(t("例如：某市自然资源和规划局"))

        self.pattern_edit = QLineEdit(settings.get_number_pattern(register))
        self.pattern_edit.setObjectName("number_pattern")
        self.pattern_edit.setPlaceholderText(numbering.DEFAULT_PATTERN)
        self.pattern_example = QLabel()
        self.pattern_example.setObjectName("number_example")
        self.pattern_error = QLabel()
        self.pattern_error.setStyleSheet(ERROR_STYLE)
        self.pattern_error.setWordWrap(True)

        self.format_edit = QLineEdit(office.number_format)
        self.format_edit.setObjectName("number_format")
        # Optional: named in the answer letters' rights notice; left empty, the notice stays generic.
        self.review_body_edit = QLineEdit(office.review_body)
        self.review_body_edit.setObjectName("review_body")
        self.review_body_edit.setPlaceholderText(t("选填，例如：某某县人民政府"))
        self.court_edit = QLineEdit(office.court)
        self.court_edit.setObjectName("court")
        self.court_edit.setPlaceholderText(t("选填，例如：某某区人民法院"))
        self.sample = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        templates = QPushButton(t("打开信函模板文件夹…"))
        templates.setToolTip(
            t("模板可用 Word 编辑：机关名称、措辞、盖章位置等；占位符如 {{申请人}} 请保留")
        )
        templates.clicked.connect(self.open_templates)

        unit_box = QGroupBox(t("本单位"))
        unit_form = QFormLayout(unit_box)
        unit_form.addRow(t("机关名称(&N)"), self.name_edit)
        unit_form.addRow(
            "",
            _hint(
                "文书的机关名称和落款、年度报告的填报单位、打印的标题都用这个名称；"
                "某一年度在“主动公开数据”中另填了填报单位的，该年度以所填为准"
            ),
        )

        number_box = QGroupBox(t("申请编号"))
        number_form = QFormLayout(number_box)
        number_form.addRow(t("编号格式(&B)"), self.pattern_edit)
        number_form.addRow(
            "",
            _hint(
                "“{年}”为收到年份，“{序号}”为当年序号，“{序号:3}”表示序号至少3位、不足补0。"
                f"例如：{numbering.EXAMPLE}。默认 {numbering.DEFAULT_PATTERN}，即 2026-0001。"
                "新登记时留空的申请按此自动编号；手工填写或导入的编号原样保存"
            ),
        )
        number_form.addRow(t("下一个编号"), self.pattern_example)
        number_form.addRow("", self.pattern_error)

        letters_box = QGroupBox(t("文书"))
        letters_form = QFormLayout(letters_box)
        letters_form.addRow(t("文号格式(&W)"), self.format_edit)
        letters_form.addRow("", _hint("“{年}”为年份，“{号}”为当年序号，例如：某政信〔{年}〕{号}号"))
        letters_form.addRow(t("示例"), self.sample)
        letters_form.addRow(t("行政复议机关"), self.review_body_edit)
        letters_form.addRow(t("管辖法院"), self.court_edit)
        letters_form.addRow(
            "",
            _hint(
                "填写后，答复告知书的权利告知写明向哪个机关申请行政复议、向哪个法院提起行政诉讼；"
                "不填则写“依法申请行政复议”“向人民法院提起行政诉讼”"
            ),
        )
        letters_form.addRow("", templates)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(t("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(unit_box)
        layout.addWidget(number_box)
        layout.addWidget(letters_box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        fit_to_screen(self, 660, 640)  # word-wrapped hints: Qt's own guess squeezes the fields

        # The next number reads the year's numbers (~140 ms at a million applications): on the
        # worker, once the clerk stops typing for a moment.
        self._example_asked = self._example_shown = 0
        self._example_timer = QTimer(self)
        self._example_timer.setSingleShot(True)
        self._example_timer.setInterval(EXAMPLE_AFTER_MS)
        self._example_timer.timeout.connect(self._update_pattern_example)
        self.pattern_edit.textChanged.connect(self._pattern_typed)
        self.format_edit.textChanged.connect(self._update_sample)
        self._update_pattern_example()
        self._update_sample()

    # ------------------------------------------------------------------ live examples
    def _typed_pattern(self) -> numbering.NumberPattern | None:
        """The typed pattern, its error shown at once (None: not a pattern)."""
        try:
            pattern = numbering.parse_pattern(self.pattern_edit.text())
        except numbering.NumberPatternError as exc:
            self.pattern_example.setText("")
            self.pattern_error.setText(t(str(exc)))
            return None
        self.pattern_error.setText("")
        return pattern

    def _pattern_typed(self) -> None:
        if self._typed_pattern() is None:
            self._example_timer.stop()
            self._example_asked += 1  # what is being read is for an older pattern
            self._example_shown = self._example_asked
            return
        self._example_timer.start()

    def _update_pattern_example(self) -> None:
        """The number the next application received this year would get, under the typed pattern."""
        pattern = self._typed_pattern()
        if pattern is None:
            return
        self._example_asked += 1
        asked, year = self._example_asked, self.year

        def show(number: str) -> None:
            if asked == self._example_asked:  # else the clerk typed on: a newer one is coming
                self.pattern_example.setText(t(f"{number}（{year}年收到的下一件申请）"))
                self._example_shown = asked

        try:
            bench_of(self)
        except LookupError:  # a dialog of no window (tests, a script): read here
            show(self.register.peek_number(year, pattern))
            return
        QueryOp(self, lambda reg: reg.peek_number(year, pattern)).success(show).run()

    @property
    def example_pending(self) -> bool:
        """The next number is being read (or the clerk is still typing the pattern)."""
        return self._example_timer.isActive() or self._example_shown != self._example_asked

    def _update_sample(self) -> None:
        fmt = self.format_edit.text().strip()
        problem = rules.number_format_error(fmt)
        self.sample.setText(
            ""
            if problem
            else rules.format_letter_number(
                fmt, self.year, settings.peek_letter_sequence(self.register, self.year)
            )
        )
        self.error.setText(t(problem))

    # ------------------------------------------------------------------ actions
    def save(self) -> None:
        office = OfficeSettings(
            self.name_edit.text(),
            self.format_edit.text(),
            self.review_body_edit.text(),
            self.court_edit.text(),
        )
        try:
            settings.save_office_settings(self.register, office, self.pattern_edit.text())
        except numbering.NumberPatternError as exc:
            self.pattern_error.setText(t(str(exc)))
            self.pattern_edit.setFocus()
            return
        except LetterError as exc:
            self.error.setText(t(str(exc)))
            self.format_edit.setFocus()
            return
        self.accept()

    def open_templates(self) -> None:
        from desktop.reports import letters as gen

        folder = gen.ensure_office_templates()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class OfficeNameDialog(QDialog):
    """The one question asked on first need: the office's name (机关名称 / 填报单位)."""

    def __init__(self, register: Register, parent: QWidget | None = None):
        super().__init__(parent)
        self.register = register
        self.setWindowTitle(t("本单位名称"))
        self.name_edit = QLineEdit(settings.guess_office_name(register))
        self.name_edit.setObjectName("office_name")
        self.name_edit.setPlaceholderText(t("例如：某市自然资源和规划局"))
        self.name_edit.selectAll()
        buttons = QDialogButtonBox()
        save = buttons.addButton(t("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        later = buttons.addButton(t("以后再填"), QDialogButtonBox.ButtonRole.RejectRole)
        save.setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button, self.later_button = save, later
        layout = QVBoxLayout(self)
        layout.addWidget(
            _hint(
                "请填写本单位的名称。文书的机关名称和落款、年度报告的填报单位、打印的标题都用这个名称；"
                "以后可在“文书 → 单位设置”中修改。"
            )
        )
        form = QFormLayout()
        form.addRow(t("机关名称(&N)"), self.name_edit)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def save(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.name_edit.setFocus()
            return
        settings.set_office_name(self.register, name)
        self.accept()


def ask_office_name_once(register: Register, parent: QWidget | None) -> OfficeNameDialog | None:
    """Ask for the office's name (window-modal, not blocking) if it is unset and was never asked."""
    if register.readonly or settings.get_office_name(register):
        return None
    if not settings.take_office_name_question(register):
        return None
    dialog = OfficeNameDialog(register, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
