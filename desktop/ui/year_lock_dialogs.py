"""The year lock's one question (issue 14): why does a change move the figures of a submitted report?

Every write that moves a figure of a report marked 已报送 (saving or deleting an application, an
import, a typed table 二 figure) asks it here, naming the year(s); the answer goes into the register's
logs with the write (ops.year_lock). Also asked, in other words, when a report's 已报送 is withdrawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.year_lock import Lock, describe
from desktop.ui.i18n import t

if TYPE_CHECKING:
    from desktop.store.register import Register

T = TypeVar("T")


class ReasonDialog(QDialog):
    """A line for the reason; 确定 stays disabled while it is empty."""

    def __init__(self, parent: QWidget | None, title: str, text: str, placeholder: str):
        super().__init__(parent)
        self.setWindowTitle(t(title))
        layout = QVBoxLayout(self)
        self.message = QLabel(t(text), self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        label = QLabel(t("修改原因(&R)："), self)
        layout.addWidget(label)
        self.reason_edit = QLineEdit(self)
        label.setBuddy(self.reason_edit)
        self.reason_edit.setPlaceholderText(t(placeholder))
        self.reason_edit.setMaxLength(500)
        layout.addWidget(self.reason_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(t("记录原因并保存"))
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip()))
        )
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.reason_edit.setFocus()

    @property
    def reason(self) -> str:
        return self.reason_edit.text().strip()


def ask_reason(parent: QWidget | None, locks: Sequence[Lock], what: str = "这项修改") -> str | None:
    """Ask why `what` changes the submitted figures of `locks`; None when the clerk cancels."""
    years = describe(locks)
    dialog = ReasonDialog(
        parent,
        "该年度报告已报送",
        f"{years}的年度报告已报送。{what}会改变已报送的统计数字，"
        "须说明修改原因；原因和修改一起记入修改记录，报表窗口的“差异”中可以看到。",
        "例如：补录漏登的申请；答复日期录错，按原件更正",
    )
    return dialog.reason if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_withdraw_reason(parent: QWidget | None, year: int, fmt: str) -> str | None:
    """Why the 已报送 mark of (year, fmt) is withdrawn; None when the clerk cancels."""
    dialog = ReasonDialog(
        parent,
        "撤销报送",
        f"撤销 {year}年度报告（{fmt}年格式）的已报送标记？报送时的数字和修改记录仍然保留；"
        "撤销后修改不再要求说明原因。须说明撤销原因：",
        "例如：上级退回，要求更正后重新报送",
    )
    dialog.ok_button.setText(t("撤销报送"))
    return dialog.reason if dialog.exec() == QDialog.DialogCode.Accepted else None


def run_asking_reason(
    parent: QWidget,
    write: Callable[[Register, str | None], T],
    what: str,
    done: Callable[[T], object],
    *,
    failed: Callable[[str], object] | None = None,
    declined: Callable[[], object] | None = None,
    progress: str | None = None,
    refusing: tuple[type[BaseException], ...] = (),
    reason: str | None = None,
) -> None:
    """Run `write(register, reason)` on the window's worker. When it would move a submitted
    report's figures without a reason (ReasonRequired: nothing written), ask the clerk why on the
    GUI thread and run it again with the answer; `declined` when the clerk cancels."""
    from desktop.ops.year_lock import ReasonRequired
    from desktop.ui.ops import RegisterOp

    def attempt(reg: Register) -> tuple[bool, Any]:
        try:
            return True, write(reg, reason)
        except ReasonRequired as exc:
            return False, exc.locks

    def finished(result: tuple[bool, Any]) -> None:
        ok, value = result
        if ok:
            done(value)
            return
        given = ask_reason(parent, list(value), what)
        if given is None:
            if declined is not None:
                declined()
            return
        run_asking_reason(
            parent,
            write,
            what,
            done,
            failed=failed,
            declined=declined,
            progress=progress,
            refusing=refusing,
            reason=given,
        )

    op = RegisterOp(parent, attempt).refusing(*refusing).success(finished)
    if progress is not None:
        op = op.with_progress(progress)
    if failed is not None:
        report = failed

        def not_written(message: str) -> None:
            report(message)

        op = op.failure(not_written)
    op.run()
