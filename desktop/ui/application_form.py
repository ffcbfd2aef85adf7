"""The entry/edit dialog for one application: every ledger column, validated by the domain rules.

The fields are generated from the ledger declaration (desktop.domain.ledger_columns: the contract's
columns plus the extra ones), labelled with application.FIELD_LABELS. The form only parses what was
typed (dates, yuan); every rule about an application is `application.validate`, and the deadlines
shown live are `deadlines.correction_notice_due` / `deadlines.answer_deadline`. Errors appear under
the field they name, the first bad field gets the focus, and nothing is saved.

Keys: Tab moves field to field, Enter saves (Ctrl+Enter inside 申请内容), Esc cancels.
The main window keeps one form built ahead (`FormSpare`: widgets built piece by piece on idle
turns, then `load`ed with the application when the clerk opens it; docs/architecture.md).
The ID and phone numbers are shown whole only here (elsewhere masked).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Generator, Iterator
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import deadlines, vocab
from desktop.domain import report_formats as rf
from desktop.domain.application import FIELD_LABELS, Application, FieldError, validate
from desktop.domain.deadline_evidence import DeadlineEvidence, deadline_evidence
from desktop.domain.ledger_columns import COLUMN_BY_FIELD, LedgerColumn
from desktop.ops import year_lock
from desktop.store.register import DuplicateNumberError, Register, RegisterError, ValidationError
from desktop.ui.evidence_view import EvidenceView
from desktop.ui.i18n import is_traditional, t
from desktop.ui.idle import IdleSteps
from desktop.ui.ops import RegisterOp, bench_of
from desktop.ui.widgets import (
    GEOMETRY_KEY,
    ChoiceCombo,
    DateField,
    FieldBox,
    MultiLineEdit,
    OutcomeCombo,
    fit_to_screen,
    format_yuan,
    parse_yuan,
)

# The form's layout: which fields go in which box, in Tab order.
FIELDS_PER_PIECE = 3  # the form built ahead: fields made in one turn of the event loop
POLISHED_PER_PIECE = 25  # and widgets polished in one

REGISTRATION_FIELDS = (
    "number",
    "receipt_date",
    "channel",
    "applicant_type",
    "applicant",
    "id_number",
    "phone",
    "content",
    "remarks",
)
HANDLING_FIELDS = (
    "correction_notice_date",
    "correction_received_date",
    "consultation_sent_date",
    "consultation_received_date",
    "consultation_party",
    "fee_notice_date",
    "fee_paid_date",
    "extended",
    "extension_days",
    "due_override_date",
    "due_override_reason",
    "answer_date",
    "outcome",
    "outcome_2014",
    "fee_amount_cents",
)
REMEDY_FIELDS = (
    "review_date",
    "review_result",
    "review_result_date",
    "litigation_type",
    "litigation_date",
    "litigation_result",
    "litigation_result_date",
)
FORM_FIELDS = REGISTRATION_FIELDS + HANDLING_FIELDS + REMEDY_FIELDS
MULTILINE_FIELDS = ("content",)
# Long texts a ledger import keeps exactly as typed (outer blanks included): the form trims what the
# clerk types, but leaves such a text alone when the clerk did not change it, so that saving an
# edit elsewhere records no phantom change of 申请内容 in the history.
VERBATIM_FIELDS = ("content", "remarks", "due_override_reason")

PLACEHOLDERS = {
    "number": "留空则自动编号，如 2026-0001",
    "fee_amount_cents": "元，例如 20.00",
    "due_override_reason": "依第三十五条确定延迟答复期限时填写",
    "extension_days": "留空为最长期限（20个工作日，2008年条例15个）",
    "phone": "",
}
# Short labels where the full one would crowd the two-column layout.
ACTION_NAMES = {
    "create": "新增",
    "import": "导入",  # a ledger import: one row per application (the file and its row)
    "update": "修改",
    "delete": "删除",
    "undelete": "撤销删除",
    "year_lock": "已报送年度的修改原因",  # issue 14: field names the report, 修改后 the reason
}


def shiboken_valid(widget: QObject) -> bool:
    """Whether the C++ object behind `widget` still exists (deleteLater may have run)."""
    return bool(shiboken6.isValid(widget))


def _label(name: str) -> str:
    return t(FIELD_LABELS[name])


def audit_value(field: str, value: str | None) -> str:
    """How the history tab shows a stored value (codes and cents turned into what a clerk reads)."""
    if value is None or value == "":
        return ""
    if field == "outcome":
        return t(vocab.outcome_display(value)) if value in vocab.OUTCOME_BY_CODE else value
    if field == "extended":
        return t(vocab.YES if value in ("1", "True") else vocab.NO)
    if field == "fee_amount_cents":
        try:
            return format_yuan(int(value)) + t("元")
        except ValueError:
            return value
    return value


# Alt+letter for the fields a clerk goes back to: the answer and its result above all.
FIELD_KEYS = {
    "receipt_date": "R",
    "applicant": "A",
    "content": "C",
    "correction_notice_date": "B",
    "extended": "Y",
    "answer_date": "D",
    "outcome": "J",
    "remarks": "M",
}


def scrolled(page: QWidget) -> QScrollArea:
    """The fields in a scroll area: on a 768-px screen 保存/取消 stay above the taskbar."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


class ApplicationForm(QDialog):
    """New (application=None) or edit an application; `saved` holds the stored one after Save."""

    def __init__(
        self,
        register: Register,
        application: Application | None = None,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        ahead: bool = False,
    ):
        """`ahead`: build nothing yet, the caller builds piece by piece (`build_step`, the spare
        form of `FormSpare`) and then `load`s the application; else built and loaded at once."""
        super().__init__(parent)
        self.register = register
        self.original: Application | None = None
        self.saved: Application | None = None
        self._today = today
        self.today = today or date.today()
        self.readonly = register.readonly
        self.editors: dict[str, QWidget] = {}
        self.boxes: dict[str, FieldBox] = {}
        self.evidence: DeadlineEvidence | None = None  # the 期限计算过程 of what is typed
        self._history_read = False
        self._is_loaded = False
        # The register's receipt years as the main window's list already knows them (None: not
        # known, read here): the save's date check then reads nothing on the GUI thread.
        self.register_years: Callable[[], list[int] | None] | None = None
        self._building: Iterator[None] | None = self._build()
        if not ahead:
            self.finish_building()
            self.load(application)

    # ------------------------------------------------------------------ built ahead, then loaded
    @property
    def built(self) -> bool:
        return self._building is None

    def build_step(self) -> bool:
        """Build the next piece (a few ms each); False once all is built."""
        if self._building is None:
            return False
        try:
            next(self._building)
        except StopIteration:
            self._building = None
        return self._building is not None

    def finish_building(self) -> None:
        while self.build_step():
            pass

    def _build(self) -> Generator[None, None, None]:
        """The widgets, which do not depend on the application: one piece per step."""
        page = QWidget(self)
        left = yield from self._group("登记", REGISTRATION_FIELDS)
        right = QVBoxLayout()
        right.addWidget((yield from self._group("办理", HANDLING_FIELDS)))
        right.addWidget((yield from self._group("行政复议与诉讼", REMEDY_FIELDS)))
        right.addStretch(1)
        row = QHBoxLayout(page)
        row.addWidget(left, 1)
        row.addLayout(right, 1)
        yield
        self.tabs = QTabWidget(self)
        self.tabs.addTab(scrolled(page), t("申请信息"))
        yield
        # 历史 and 期限计算过程 are filled when the clerk first looks at them (`_tab_shown`).
        self._history = self._build_history()
        self.tabs.addTab(self._history, t("历史"))
        # The 期限计算过程: every day counted or skipped and why, printable and exportable.
        self.evidence_view = EvidenceView(self.register, self)
        self.tabs.addTab(self.evidence_view, t("期限计算过程"))
        self.tabs.currentChanged.connect(self._tab_shown)
        yield

        self.deadline_label = QLabel(self)
        self.deadline_label.setTextFormat(Qt.TextFormat.RichText)
        self.deadline_label.setStyleSheet(
            "QLabel { background: #eef4fb; border: 1px solid #c5d6ea; padding: 6px; }"
        )
        self.deadline_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            t("保存（Enter）"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            t("取消（Esc）"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.cancel_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.deadline_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

        # Ctrl+Enter saves from anywhere, including the multi-line 申请内容 where Enter is a new line.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.save)

        self.outcome_combo: OutcomeCombo = self.editors["outcome"]  # type: ignore[assignment]
        self.withdrawal_hint = QLabel(t("撤回日期填在“答复日期”，保存时备注记“申请人撤回”。"), self)
        self.withdrawal_hint.setStyleSheet("color: #555;")
        self.withdrawal_hint.setWordWrap(True)
        self.withdrawal_hint.hide()
        outcome_box = self.boxes["outcome"].layout()
        assert outcome_box is not None  # FieldBox lays out its editor and error line
        outcome_box.addWidget(self.withdrawal_hint)
        self.outcome_combo.currentIndexChanged.connect(self._outcome_changed)
        self._set_tab_order()
        fit_to_screen(self, 1040, 720)

    def load(self, application: Application | None) -> None:
        """Show `application` (None: a new one) in the built form; once per form."""
        assert self.built and not self._is_loaded, "a form shows one application"
        self._is_loaded = True
        self.original = application
        self.today = self._today or date.today()  # a form built ahead may be used the next day
        self.readonly = self.register.readonly
        title = "新增申请" if application is None else f"申请 {application.number}"
        if self.readonly:
            title += "（只读）"
        self.setWindowTitle(t(title))
        # In the office's pattern (单位设置, which may change while the program runs).
        number: QLineEdit = self.editors["number"]  # type: ignore[assignment]
        example = self.register.number_pattern().format(date.today().year, 1)
        number.setPlaceholderText(t(f"留空则自动编号，如 {example}"))
        if self.readonly:
            self.save_button.setEnabled(False)
            self.save_button.setToolTip(t("登记簿为只读，不能保存"))
        self._load(application)
        self._connect_live_deadlines()
        self.update_deadlines()
        if self.readonly:
            self._make_readonly()
        self.editors["receipt_date" if application is None else "applicant"].setFocus()
        self._loaded = self._snapshot()  # Esc asks before throwing away anything typed since

    # ------------------------------------------------------------------ building
    def _editor_for(self, column: LedgerColumn) -> QWidget:
        name = column.field
        if column.kind == "date":
            return DateField(self)
        if column.kind == "bool":
            return QCheckBox(t("是（已决定延长答复期限）") if name == "extended" else "", self)
        if column.kind == "outcome":
            return OutcomeCombo(self)
        if column.kind == "choice":
            empty = None if column.required else "（无）"
            if name == "consultation_party":  # blank = 第三方 (decision 5 v2)
                empty = "（未填：按第三方）"
            return ChoiceCombo(column.choices, empty=empty, parent=self)
        if column.kind == "outcome_2014":
            labels = {k: rf.outcome_2014_label(k) for k in rf.OUTCOME_ITEMS_2014}
            return ChoiceCombo(
                rf.OUTCOME_ITEMS_2014, empty="（按办理结果对应）", parent=self, labels=labels
            )
        if name in MULTILINE_FIELDS:
            edit = MultiLineEdit(self)
            edit.setTabChangesFocus(True)
            edit.submitted.connect(self.save)  # Ctrl+Enter, even when shortcuts are not routed
            edit.setPlaceholderText(t("Ctrl+Enter 保存"))
            edit.setMinimumHeight(90)
            return edit
        line = QLineEdit(self)
        placeholder = PLACEHOLDERS.get(name, "")  # 申请编号's: the office's pattern, in `load`
        if placeholder and name != "number":
            line.setPlaceholderText(t(placeholder))
        return line

    def _group(self, title: str, names: tuple[str, ...]) -> Generator[None, None, QGroupBox]:
        """A group of fields, a piece every FIELDS_PER_PIECE fields (a field is 2–4 ms of widgets)."""
        box = QGroupBox(t(title), self)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(5)
        for name in names:
            column = COLUMN_BY_FIELD[name]
            editor = self._editor_for(column)
            editor.setObjectName(name)
            field_box = FieldBox(editor, box)
            self.editors[name] = editor
            self.boxes[name] = field_box
            text = _label(name) + ("＊" if self._required(name) else "")
            if name in FIELD_KEYS:  # Alt+letter reaches the field at once (办理 in two keys)
                text += f"(&{FIELD_KEYS[name]})"
            label = QLabel(text, box)
            label.setBuddy(editor)
            form.addRow(label, field_box)
            if len(self.editors) % FIELDS_PER_PIECE == 0:
                yield
        yield
        return box

    @staticmethod
    def _required(name: str) -> bool:
        return COLUMN_BY_FIELD[name].required

    def _build_history(self) -> QTableWidget:
        headers = ["时间", "操作人", "操作", "字段", "修改前", "修改后"]
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels([t(h) for h in headers])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    @property
    def history_table(self) -> QTableWidget:
        """The 历史 tab's table: the audit log of this application, read on the first look."""
        self._read_history()
        return self._history

    def _read_history(self) -> None:
        if not self._history_read and self._is_loaded:
            self._history_read = True
            self._fill_history(self._history)

    def _fill_history(self, table: QTableWidget) -> None:
        if self.original is None or self.original.id is None:
            return
        entries = self.register.audit_entries(self.original.id)
        table.setRowCount(len(entries))
        for i, entry in enumerate(entries):
            field = entry["field"] or ""
            cells = [
                entry["at"].replace("T", " "),
                entry["user"],
                t(ACTION_NAMES.get(entry["action"], entry["action"])),
                t(FIELD_LABELS.get(field, field)),
                audit_value(field, entry["before"]),
                audit_value(field, entry["after"]),
            ]
            for j, text in enumerate(cells):
                table.setItem(i, j, QTableWidgetItem(text))

    def _tab_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self._history:
            self._read_history()

    def _set_tab_order(self) -> None:
        chain = [self.editors[name] for name in FORM_FIELDS]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(chain[-1], self.save_button)

    def _make_readonly(self) -> None:
        for editor in self.editors.values():
            if isinstance(editor, QLineEdit | QPlainTextEdit | DateField):
                editor.setReadOnly(True)
            else:
                editor.setEnabled(False)

    def _outcome_changed(self) -> None:
        withdrawal = self.outcome_combo.is_withdrawal()
        self.withdrawal_hint.setVisible(withdrawal)
        answer: DateField = self.editors["answer_date"]  # type: ignore[assignment]
        answer.edit.setPlaceholderText(t("撤回日期" if withdrawal else "年-月-日"))

    # ------------------------------------------------------------------ values
    def _load(self, app: Application | None) -> None:
        if app is None:
            self.editors["receipt_date"].set_date(self.today)  # type: ignore[attr-defined]
            self.editors["receipt_date"].edit.selectAll()  # type: ignore[attr-defined]
            return
        for name in FORM_FIELDS:
            editor = self.editors[name]
            value = getattr(app, name)
            if isinstance(editor, DateField):
                editor.set_date(value)
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, OutcomeCombo):
                editor.set_value(value, vocab.is_withdrawal(value, app.remarks))
            elif isinstance(editor, ChoiceCombo):
                editor.set_value(value)
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(value or "")
            elif name == "fee_amount_cents":
                editor.setText(format_yuan(value))  # type: ignore[attr-defined]
            elif name == "extension_days":
                editor.setText("" if value is None else str(value))  # type: ignore[attr-defined]
            else:
                editor.setText(value or "")  # type: ignore[attr-defined]

    def _raw(self, name: str) -> Any:
        """The typed value of a field; ValueError when it cannot be read (bad date, bad amount)."""
        editor = self.editors[name]
        if isinstance(editor, DateField):
            return editor.value()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, OutcomeCombo | ChoiceCombo):
            return editor.value()
        if isinstance(editor, QPlainTextEdit):
            return self._kept(name, editor.toPlainText().strip())
        text = editor.text().strip()  # type: ignore[attr-defined]
        if name in VERBATIM_FIELDS:
            return self._kept(name, text)
        if name == "fee_amount_cents":
            return parse_yuan(text)
        if name == "extension_days":
            if not text:
                return None
            if not text.isdigit():
                raise ValueError(text)
            return int(text)
        if name == "id_number":
            return text.upper()
        return text

    def _kept(self, name: str, typed: str) -> str:
        stored = getattr(self.original, name, None) if self.original is not None else None
        if isinstance(stored, str) and stored.strip() == typed:
            return stored
        return typed

    def collect(self) -> tuple[Application, list[FieldError]]:
        """The application the form describes, and the input problems found while reading it.

        Unreadable fields are left empty in the application and reported; validation of the rules is
        separate (`application.validate`).
        """
        values: dict[str, Any] = {}
        problems: list[FieldError] = []
        for name in FORM_FIELDS:
            try:
                values[name] = self._raw(name)
            except ValueError:
                values[name] = None
                what, example = {
                    "fee_amount_cents": ("金额", "20.00"),
                    "extension_days": ("工作日数", "10"),
                }.get(name, ("日期", "2025-03-01 或 20250301"))
                problems.append(
                    FieldError(name, f"“{FIELD_LABELS[name]}”不是有效的{what}（例如 {example}）")
                )
                continue
            if self._required(name) and values[name] in (None, ""):
                problems.append(FieldError(name, f"“{FIELD_LABELS[name]}”不能为空"))
        if self.outcome_combo.is_withdrawal() and isinstance(values.get("remarks"), str):
            # 申请人撤回: stored as （六）3.其他 (decision 3), 备注 records that it was a withdrawal.
            values["remarks"] = vocab.note_withdrawal(values["remarks"])
        base = self.original or Application(
            receipt_date=self.today, channel="", applicant_type="", applicant=""
        )
        app = base.replace(**values)
        return app, problems

    # ------------------------------------------------------------------ deadlines
    def _connect_live_deadlines(self) -> None:
        for name in FORM_FIELDS:
            editor = self.editors[name]
            if isinstance(editor, DateField):
                editor.dateChanged.connect(self.update_deadlines)
        self.editors["extended"].toggled.connect(self.update_deadlines)  # type: ignore[attr-defined]
        self.editors["consultation_party"].currentIndexChanged.connect(self.update_deadlines)  # type: ignore[attr-defined]
        self.editors["extension_days"].textChanged.connect(self.update_deadlines)  # type: ignore[attr-defined]

    def _tolerant(self, name: str) -> Any:
        editor = self.editors[name]
        if isinstance(editor, DateField):
            return editor.value_or_none()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if name == "consultation_party":
            return editor.value()  # type: ignore[attr-defined]
        if name == "extension_days":
            text = editor.text().strip()  # type: ignore[attr-defined]
            return int(text) if text.isdigit() else None
        return None

    def update_deadlines(self) -> None:
        """Recompute the 补正 notice due date and the answer due date from what is typed so far."""
        receipt = self._tolerant("receipt_date")
        if receipt is None:
            self.correction_due_text = ""
            self.answer_due_text = ""
            self.deadline_label.setText(t("填写收到日期后显示答复期限。"))
            return
        dated = {
            name: self._tolerant(name)
            for name in FORM_FIELDS
            if isinstance(self.editors[name], DateField | QCheckBox)
            or name in ("consultation_party", "extension_days")
        }
        app = (
            self.original
            or Application(receipt_date=receipt, channel="", applicant_type="", applicant="")
        ).replace(**dated)
        cal = self.register.calendar()
        try:
            notice_due, notice_ok = deadlines.correction_notice_due(receipt, cal)
            deadline = deadlines.answer_deadline(app, cal, self.today)
            self.evidence = deadline_evidence(app, cal, self.today)
        except (ValueError, OverflowError):
            self.deadline_label.setText(t("日期超出范围，无法计算期限。"))
            return
        self.evidence_view.show_evidence(self.evidence)  # drawn when the tab is shown
        unconfirmed = t("（未确认：所经日期的国务院节假日安排尚未录入）")
        self.correction_due_text = notice_due.isoformat() + ("" if notice_ok else unconfirmed)
        answer = deadline.due.isoformat()
        notes = []
        if deadline.overridden:
            notes.append(t("按第三十五条确定"))
        if getattr(deadline, "provisional", False):
            notes.append(t("暂定：征求意见、缴费或补正尚未完成"))
        if not deadline.confirmed:
            notes.append(t("未确认"))
        self.answer_due_text = answer + (f"（{'；'.join(notes)}）" if notes else "")
        status = deadlines.status(app, deadline.due, self.today)
        colour = "#9c1c1c" if status in (deadlines.OVERDUE, deadlines.CONCLUDED_LATE) else "#1d3f6e"
        gap = "&nbsp;" * 6
        # Decision 5 v2: what a reviewer would hold against the office (late 补正告知, capped pause).
        flags = "".join(
            f"<br><span style='color:#9c1c1c'>{t('提示')}：{html.escape(t(flag))}</span>"
            for flag in deadline.flags
        )
        self.deadline_label.setText(
            f"{t('补正告知期限')}：<b>{self.correction_due_text}</b>{gap}"
            f"{t('答复期限')}（{t(deadline.regime.name)}）：<b>{self.answer_due_text}</b>{gap}"
            f"{t('状态')}：<b style='color:{colour}'>{t(status)}</b>{flags}"
        )

    # ------------------------------------------------------------------ cancelling
    def _snapshot(self) -> tuple[object, ...]:
        """What the editors show, unparsed: two equal snapshots mean nothing was typed."""
        state: list[object] = []
        for name in FORM_FIELDS:
            editor = self.editors[name]
            if isinstance(editor, DateField):
                state.append(editor.edit.text().strip())
            elif isinstance(editor, QCheckBox):
                state.append(editor.isChecked())
            elif isinstance(editor, QComboBox):
                state.append(editor.currentIndex())
            elif isinstance(editor, QPlainTextEdit):
                state.append(editor.toPlainText())
            else:
                state.append(editor.text())  # type: ignore[attr-defined]
        return tuple(state)

    def has_unsaved_changes(self) -> bool:
        return not self.readonly and self.saved is None and self._snapshot() != self._loaded

    def confirm_discard(self) -> bool:
        """Ask before Esc (or 取消) throws away typed input; Enter discards, Esc keeps editing."""
        box = QMessageBox(
            QMessageBox.Icon.Question, t("放弃修改"), t("填写的内容还没有保存。"), parent=self
        )
        discard = box.addButton(t("放弃修改"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(t("继续填写"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(discard)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def reject(self) -> None:
        if self.has_unsaved_changes() and not self.confirm_discard():
            return
        super().reject()

    # ------------------------------------------------------------------ saving
    def show_errors(self, errors: list[FieldError]) -> None:
        """Each message under the field it names; the first bad field (in Tab order) gets focus."""
        by_field: dict[str, list[str]] = {}
        for error in errors:
            field = error.field if error.field in self.boxes else "applicant"
            by_field.setdefault(field, []).append(t(error.message))
        for name, box in self.boxes.items():
            box.show_error("\n".join(by_field.get(name, [])))
        first = next((name for name in FORM_FIELDS if name in by_field), None)
        if first is not None:
            self.tabs.setCurrentIndex(0)
            self.editors[first].setFocus()

    def errors(self) -> dict[str, str]:
        """Field → message currently shown (for tests and for screen readers)."""
        return {name: box.error() for name, box in self.boxes.items() if box.error()}

    def ask_dates(self, doubts: list[Any]) -> bool:
        """Ask about doubtful dates (domain.date_doubts); True = save anyway. A seam for tests."""
        return _ask_dates(self, doubts)

    def confirm_dates(self, app: Application) -> bool:
        """Receipt after today, before 2008-05-01, a year far from the register's: ask first."""
        from desktop.domain.date_doubts import changed_doubts
        from desktop.store.queries import RegisterQueries

        known = self.register_years() if self.register_years is not None else None
        years = known if known is not None else RegisterQueries(self.register.conn).years()
        doubts = changed_doubts(app, self.original, self.today, years)
        if not doubts or self.ask_dates(doubts):
            return True
        editor = self.editors.get(doubts[0].field)
        if editor is not None:
            editor.setFocus()
        return False

    def ask_reason(self, locks: list[Any]) -> str | None:
        """Why this change moves a submitted report's figures (None: cancelled). A seam for tests."""
        from desktop.ui.year_lock_dialogs import ask_reason

        return ask_reason(self, locks, "这项修改")

    def save(self) -> bool:
        if self.readonly:
            return False
        app, problems = self.collect()
        rule_errors = [e for e in validate(app) if not any(p.field == e.field for p in problems)]
        errors = problems + rule_errors
        if errors:
            self.show_errors(errors)
            return False
        if not self.confirm_dates(app):
            return False
        # Issue 14's year lock: a change of a submitted year's figures is saved with its reason
        # (asked here; the locks are read on the GUI connection, a few index look-ups).
        locks = year_lock.locks_moved_by_save(self.register, app)
        reason = self.ask_reason(locks) if locks else None
        if locks and reason is None:
            return False
        # The write runs on the window's worker (desktop.ui.ops): a commit waits for the disk
        # (synchronous=FULL) and, at a million applications, for the search index's update.
        try:
            bench = bench_of(self)
        except LookupError:  # a form made on its own (a test, a size check): no window, no worker
            try:
                return self._written(*_write(self.register, app, reason))
            except RegisterError as exc:
                return self._refused(str(exc))
        answer: list[bool] = []
        op = RegisterOp(self, lambda reg: _write(reg, app, reason))
        op.bench = bench
        op.success(lambda written: answer.append(self._written(*written))).failure(
            lambda message: answer.append(self._refused(message))
        ).run()
        # At once when the runner is inline (tests); else True: the form closes when it is saved.
        return answer[0] if answer else True

    def _written(self, saved: Application | None, errors: list[FieldError]) -> bool:
        if saved is None:
            self.show_errors(errors)
            return False
        self.show_errors([])
        self.saved = saved
        self.accept()
        return True

    def _refused(self, message: str) -> bool:
        QMessageBox.warning(self, t("无法保存"), t(message))
        return False


class FormSpare(QObject):
    """The main window's next entry form, built ahead on idle turns of the event loop.

    Made at the moment of the key, a form costs ~90 ms of widgets and ~40 ms more for its first
    show (polish, layouts, the native window): a stall the clerk feels after Enter or Ctrl+N
    (issue 12: < 50 ms). The spare is built one piece per turn (`ApplicationForm.build_step`, each
    a few tens of ms), polished, and shown once off screen (WA_DontShowOnScreen, never activated)
    so that its real first show only paints. `take` hands it over and the window `load`s the
    application into it. A form is never used twice: every open gets one that was never shown to
    the clerk, as if made at that moment, and the window asks for the next spare when it closes.
    """

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window
        self.form: ApplicationForm | None = None
        self._pieces: Generator[None, None, None] | None = None
        self._steps: IdleSteps | None = None  # one piece per turn of the event loop
        self._traditional = is_traditional()

    @property
    def ready(self) -> bool:
        """Built, polished and shown off screen: taking it now costs only the load and a paint."""
        return self.form is not None and self._pieces is None

    def prepare(self, register: Register) -> None:
        """Build a spare for `register` on the coming idle turns, unless one is built or on its way."""
        if self.form is not None and self._fits(register):
            return
        self._drop()
        self._traditional = is_traditional()
        self.form = ApplicationForm(register, None, self._window, ahead=True)
        self._pieces = self._build(self.form)
        self._steps = IdleSteps(self, self._pieces, self._built).start()

    def take(self, register: Register) -> ApplicationForm | None:
        """The spare, its build finished now if it is not yet (None: none for this register)."""
        if self.form is None:
            return None
        if not self._fits(register):  # the register re-opened after a restore, say
            self._drop()
            return None
        self._stop_steps()
        form, pieces, self.form, self._pieces = self.form, self._pieces, None, None
        if pieces is not None:  # asked for early: what is left of the build, not the polish
            pieces.close()  # (hidden again if it was being shown off screen)
            form.finish_building()
        return form

    def _fits(self, register: Register) -> bool:
        form = self.form
        return (
            form is not None
            and shiboken_valid(form)
            and form.register is register
            and self._traditional == is_traditional()
        )

    def _built(self) -> None:
        self._pieces = None

    def _stop_steps(self) -> None:
        if self._steps is not None:
            self._steps.stop()
            self._steps.deleteLater()
            self._steps = None

    def discard(self) -> None:
        """The window closes: the spare (built or half built) is thrown away, no more pieces."""
        self._drop()

    def _drop(self) -> None:
        self._stop_steps()
        form, pieces, self.form, self._pieces = self.form, self._pieces, None, None
        if pieces is not None:
            pieces.close()
        if form is not None and shiboken_valid(form):
            form.deleteLater()

    @staticmethod
    def _build(form: ApplicationForm) -> Generator[None, None, None]:
        # No piece reads the register (it may be closed meanwhile, the window with it): what
        # depends on its contents is read by `load`. The calendar's index is found built there
        # (the list's colours build it on the reader thread, and it is shared).
        while form.build_step():
            yield
        yield
        form.ensurePolished()
        for done, child in enumerate(form.findChildren(QWidget), 1):
            child.ensurePolished()
            if done % POLISHED_PER_PIECE == 0:
                yield
        yield
        # Shown once where nobody sees it: layouts, fonts and the native window are made now. Its
        # size is not remembered (no geometry key meanwhile), and it never takes the focus.
        key = form.property(GEOMETRY_KEY)
        form.setProperty(GEOMETRY_KEY, "")
        form.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        form.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        # Not painted meanwhile: that paint was ~25 ms on top of the show's ~10 in one turn.
        form.setUpdatesEnabled(False)
        try:
            form.show()
            yield
        finally:  # also when `take` runs the rest at once, or the spare is dropped meanwhile
            if shiboken_valid(form):
                form.hide()
                form.setUpdatesEnabled(True)
                form.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, False)
                form.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, False)
                form.setProperty(GEOMETRY_KEY, key)


def _write(
    register: Register, app: Application, reason: str | None
) -> tuple[Application | None, list[FieldError]]:
    """On the worker: add or update (with the year lock's reason); the rules' refusals come back as
    the fields they name. A lock the save needs a reason for and has none: nothing saved."""
    try:
        return year_lock.save_application(register, app, reason), []
    except year_lock.ReasonRequired:
        return None, []
    except ValidationError as exc:
        return None, list(exc.errors)
    except DuplicateNumberError as exc:
        message = f"“申请编号”{exc.number} 已被其他申请使用，请换一个或留空"
        return None, [FieldError("number", message)]


def _ask_dates(parent: QWidget, doubts: list[Any]) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(t("请核对日期"))
    box.setText(t("下面的日期看起来不对：\n") + "\n".join("· " + t(str(d)) for d in doubts))
    box.setInformativeText(t("确认无误要保存吗？"))
    keep = box.addButton(t("确认无误，保存(&Y)"), QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton(t("返回修改(&N)"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)  # Enter goes back to the form: a mistyped year is the usual case
    box.exec()
    return box.clickedButton() is keep


def open_application_form(
    register: Register, application: Application | None = None, parent: QWidget | None = None
) -> ApplicationForm:
    """Make the form (not shown); the caller decides modality."""
    return ApplicationForm(register, application, parent)
