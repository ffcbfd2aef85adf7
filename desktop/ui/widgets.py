"""Small shared widgets: a date field that may be empty, choice combos, and a field's error line.

`DateField` is a line edit first (clerks type dates: 2025-03-01, 20250301, 2025/3/1, 2025年3月1日)
with a button that opens a calendar. Empty means "no date". Text that is not a date is kept as typed
and reported by `error()`, so the form can name the field instead of guessing.
"""

from __future__ import annotations

import ctypes
import re
import sys
import time
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QByteArray, QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from desktop.domain import vocab
from desktop.ui.i18n import t
from desktop.ui.ui_settings import ui_settings


def pin_python_singletons() -> None:
    """Work around a PySide6 6.12 reference-count bug on CPython 3.11 (harmless elsewhere).

    Measured here: every QLabel/QLineEdit.setText call drops one reference to None (and some calls
    one to True/False) that it never took; a plain script dies with "none_dealloc: deallocating
    None" after about 4,000 setText calls. CPython 3.12+ makes these objects immortal, so the bug
    does not show there; on 3.11 we give them an immortal-sized count once, at start-up.
    """
    if sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < 1 << 40:
            count.value += 1 << 40


pin_python_singletons()

_DATE_FORMS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)


def parse_date_text(text: str) -> date | None:
    """A typed date, or None for empty text. Raises ValueError for text that is not a date."""
    text = text.strip()
    if not text:
        return None
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)  # ValueError for 2025-02-30
    raise ValueError(text)


def parse_yuan(text: str) -> int | None:
    """An amount in yuan (元) as typed, in fen; None when empty. Raises ValueError otherwise."""
    text = text.strip().replace(",", "").replace("，", "").removesuffix("元").strip()
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(text)
    return int(amount * 100)


def format_yuan(cents: int | None) -> str:
    if cents is None:
        return ""
    return f"{Decimal(cents) / 100:.2f}"


class DateField(QWidget):
    """A date that may be empty: typed, or picked from a calendar popup."""

    dateChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(t("年-月-日"))
        self.edit.setMaxLength(12)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip(t("选择日期（Alt+↓）"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        # The calendar is made when the popup first opens: ~10 ms each, and the entry form has
        # 13 date fields (a third of its opening time at first).
        self._calendar: QCalendarWidget | None = None
        menu = QMenu(self.button)
        self.menu = menu
        self.button.setMenu(menu)
        menu.aboutToShow.connect(self._sync_calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(lambda _text: self.dateChanged.emit())
        self.edit.editingFinished.connect(self._tidy)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.button.showMenu()
            return
        super().keyPressEvent(event)

    @property
    def calendar(self) -> QCalendarWidget:
        if self._calendar is None:
            calendar = QCalendarWidget()
            calendar.setGridVisible(True)
            action = QWidgetAction(self.menu)
            action.setDefaultWidget(calendar)
            self.menu.addAction(action)
            calendar.clicked.connect(self._picked)
            calendar.activated.connect(self._picked)
            self._calendar = calendar
        return self._calendar

    def _sync_calendar(self) -> None:
        current = self.value_or_none()
        day = current or date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _picked(self, qdate: QDate) -> None:
        self.set_date(date(qdate.year(), qdate.month(), qdate.day()))
        self.menu.hide()
        self.edit.setFocus()

    def _tidy(self) -> None:
        """Show a typed date in the one spelling (20250301 → 2025-03-01)."""
        try:
            value = parse_date_text(self.edit.text())
        except ValueError:
            return
        if value is not None and self.edit.text() != value.isoformat():
            self.edit.setText(value.isoformat())

    def text(self) -> str:
        return self.edit.text()

    def value(self) -> date | None:
        """The date, None when empty; ValueError when the text is not a date."""
        return parse_date_text(self.edit.text())

    def value_or_none(self) -> date | None:
        try:
            return self.value()
        except ValueError:
            return None

    def error(self) -> str:
        """Why the text is not a date, in the ledger importer's words (没有13月, 2月没有30日)."""
        try:
            self.value()
        except ValueError:
            text = self.edit.text().strip()
            for form in _DATE_FORMS:
                match = form.match(text)
                if match:
                    year, month, day = (int(g) for g in match.groups())
                    if not 1 <= month <= 12:
                        return t(f"不是有效的日期：没有{month}月")
                    return t(f"不是有效的日期：{year}年{month}月没有{day}日")
            return t("不是有效的日期（例如 2025-03-01 或 20250301）")
        return ""

    def set_date(self, value: date | None) -> None:
        self.edit.setText(value.isoformat() if value else "")

    def setReadOnly(self, readonly: bool) -> None:  # noqa: N802 (Qt spelling)
        self.edit.setReadOnly(readonly)
        self.button.setEnabled(not readonly)


class MultiLineEdit(QPlainTextEdit):
    """Multi-line text where Enter is a new line and Ctrl+Enter submits the form.

    A keyPressEvent override, not an event filter: with PySide6 6.12 on Python 3.11 a Python
    eventFilter returning a bool corrupts the refcount of True/False (crash at interpreter exit).
    """

    submitted = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class ChoiceCombo(QComboBox):
    """A fixed list of vocabulary values; the first entry may be the empty choice."""

    def __init__(
        self,
        values: tuple[str, ...],
        *,
        empty: str | None = None,
        parent=None,
        labels: dict[str, str] | None = None,  # shown text per value, when it is not the value
    ):
        super().__init__(parent)
        if empty is not None:
            self.addItem(t(empty), "")
        for value in values:
            self.addItem(t((labels or {}).get(value, value)), value)

    def value(self) -> str:
        return self.currentData() or ""

    def set_value(self, value: str) -> None:
        index = self.findData(value or "")
        self.setCurrentIndex(max(index, 0))


WITHDRAWAL_ROLE = Qt.ItemDataRole.UserRole + 1


class OutcomeCombo(QComboBox):
    """The outcome tree as one grouped list: family headings (not selectable), leaves under them,
    and 申请人撤回 as a choice of its own under 其他处理 (stored as （六）3.其他, decision 3).

    Typing picks the first choice that begins with, or else contains, what was typed: 撤 finds
    申请人撤回, 部分 finds 部分公开 (Qt's own search only looks at the start of the indented text)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        model = QStandardItemModel(self)
        none = QStandardItem(t("（未办结）"))
        none.setData("", Qt.ItemDataRole.UserRole)
        model.appendRow(none)
        bold = QFont()
        bold.setBold(True)
        for group in vocab.OUTCOME_GROUPS:
            leaves = [leaf for leaf in vocab.OUTCOME_LEAVES if leaf.group == group.code]
            if len(leaves) == 1 and leaves[0].short == group.family:
                item = QStandardItem(t(group.family))
                item.setData(leaves[0].code, Qt.ItemDataRole.UserRole)
                item.setToolTip(t(leaves[0].label))
                model.appendRow(item)
                continue
            heading = QStandardItem(t(group.family))
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            heading.setFont(bold)
            heading.setData(None, Qt.ItemDataRole.UserRole)
            model.appendRow(heading)
            for leaf in leaves:
                item = QStandardItem("　　" + t(leaf.short))
                item.setData(leaf.code, Qt.ItemDataRole.UserRole)
                item.setToolTip(t(f"{group.label} {leaf.label}"))
                model.appendRow(item)
                if leaf.code == vocab.WITHDRAWN_OUTCOME:
                    withdrawal = QStandardItem("　　" + t(f"{vocab.WITHDRAWAL}（计入“其他”）"))
                    withdrawal.setData(leaf.code, Qt.ItemDataRole.UserRole)
                    withdrawal.setData(True, WITHDRAWAL_ROLE)
                    withdrawal.setToolTip(
                        t(f"答复日期填撤回日期；统计计入{group.label} {leaf.label}")
                    )
                    model.appendRow(withdrawal)
        self.setModel(model)
        self.setMaxVisibleItems(26)
        self._typed, self._typed_at = "", 0.0

    def value(self) -> str | None:
        return self.currentData(Qt.ItemDataRole.UserRole) or None

    def is_withdrawal(self) -> bool:
        return bool(self.currentData(WITHDRAWAL_ROLE))

    def set_value(self, code: str | None, withdrawal: bool = False) -> None:
        index = self.findData(code or "", Qt.ItemDataRole.UserRole)
        if withdrawal:
            index = self.findData(True, WITHDRAWAL_ROLE)
        self.setCurrentIndex(max(index, 0))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt spelling)
        text = event.text()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if plain and text and text.isprintable() and not text.isspace():
            now = time.monotonic()
            typed = self._typed + text if now - self._typed_at < 1.0 else text
            self._typed, self._typed_at = typed, now
            index = self._find(typed) if self._find(typed) >= 0 else self._find(text)
            if index >= 0:
                self.setCurrentIndex(index)
                return
        super().keyPressEvent(event)

    def _find(self, typed: str) -> int:
        choices = [
            (i, self.itemText(i).strip("　 "))
            for i in range(self.count())
            if self.itemData(i, Qt.ItemDataRole.UserRole) is not None
        ]
        for test in (str.startswith, str.__contains__):
            for i, text in choices:
                if test(text, typed):
                    return i
        return -1


class FieldBox(QWidget):
    """An input with its error line underneath (hidden until the field has a problem)."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.message = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(editor)
        layout.addWidget(self.error_label)
        self.setFocusProxy(editor)
        # The message goes as soon as the field is changed, not at the next save.
        for signal in ("dateChanged", "textChanged", "currentIndexChanged", "toggled"):
            if hasattr(editor, signal):
                getattr(editor, signal).connect(self._changed)
                break

    def _changed(self, *_args: object) -> None:
        if self.message:
            self.show_error("")

    def show_error(self, message: str) -> None:
        self.message = message
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        self.editor.setProperty("invalid", bool(message))
        self.editor.setStyleSheet("border: 1px solid #b00020;" if message else "")

    def error(self) -> str:
        return self.message


class ElidedLabel(QLabel):
    """One line of text that is cut with "…" when the window is narrow (full text in the tooltip),
    so a long office name or status line never widens its window."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt spelling)
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideRight, max(self.width(), 40)
        )
        super().setText(shown)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()


def _available(window: QWidget):
    screen = window.screen() or QGuiApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry()


def _clamp_to_screen(window: QWidget) -> None:
    """Never larger than the screen's free area (taskbar excluded), room left for the frame."""
    area = _available(window)
    if area is None:
        return
    width = min(window.width(), area.width() - 16)
    height = min(window.height(), area.height() - 48)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)


def fit_to_screen(window: QWidget, width: int, height: int, key: str | None = None) -> None:
    """Open at the size the clerk left the window last time, else at the preferred size; never
    larger than the screen's free area; and keep its size and place when it closes.

    Every top-level window and dialog calls this once (tests/ui/test_window_sizes.py): `key` names
    it in ui.ini, by default its class name (one size for all 申请 forms, for instance)."""
    window.resize(width, height)
    remember_geometry(window, key or type(window).__name__)
    _clamp_to_screen(window)


GEOMETRY_KEY = "ogi_geometry_key"  # the window's dynamic property: its name in ui.ini


class _GeometryKeeper(QObject):
    """Saves a window's geometry when it closes or hides. Stateless (the key is a property of the
    window): PySide may hand the filter back through a fresh wrapper without Python attributes."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Close, QEvent.Type.Hide) and isinstance(watched, QWidget):
            key = watched.property(GEOMETRY_KEY)
            if key and watched.isWindow():
                # Written on a thread: a read-only data folder just forgets the size.
                ui_settings().set_value(f"geometry/{key}", watched.saveGeometry())
        return False


def remember_geometry(window: QWidget, key: str) -> None:
    """Put the window where the clerk left it last time (if that still fits this screen), and keep
    its size and place when it closes. Called by `fit_to_screen`; once per window."""
    if window.property(GEOMETRY_KEY):
        return
    window.setProperty(GEOMETRY_KEY, key)
    saved = ui_settings().value(f"geometry/{key}")
    if isinstance(saved, QByteArray) and not saved.isEmpty():
        window.restoreGeometry(saved)  # Qt moves it back onto a screen that shrank
        _clamp_to_screen(window)
    window.installEventFilter(_GeometryKeeper(window))
