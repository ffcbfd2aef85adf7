"""The holiday dialog (节假日安排): paste the State Council notice, see the year drawn, save it.

The clerk pastes the text of 《国务院办公厅关于XXXX年部分节假日安排的通知》 (or reads it from a file).
The dialog reads it as it is typed (domain.holiday_notice), lists what it understood, and draws the
whole year as twelve month grids: days off in red (休), 调休 working weekends in blue (班). When the
text cannot be read, the message names the line and nothing can be saved. Without text, the dialog
shows the year as the register holds it. Saving goes through store.calendar_store, which replaces the
year's days and re-derives the due dates that counted them.
"""

from __future__ import annotations

import calendar as pycalendar
from datetime import date
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.holiday_notice import (
    HolidayNotice,
    NoticeError,
    changed_days,
    decode_notice,
    describe_entry,
    differences,
    parse_notice,
)
from desktop.ops.calendar import import_notice
from desktop.store import calendar_store
from desktop.store.register import Register
from desktop.ui.context import Workbench
from desktop.ui.i18n import t
from desktop.ui.widgets import fit_to_screen, pin_python_singletons

pin_python_singletons()  # one repaint of the year is ~2,000 QPainter calls (PySide6 6.12 on 3.11)

OFF_FILL, OFF_TEXT = QColor("#fde2e1"), QColor("#b3261e")
WORK_FILL, WORK_TEXT = QColor("#dbe8fd"), QColor("#1a56c4")
WEEKEND_TEXT = QColor("#9aa0a6")
PLAIN_TEXT = QColor("#202124")
GRID = QColor("#e0e0e0")
CHANGED = QColor("#e37400")

CELL_W, CELL_H = 30, 24
MONTH_TITLE_H, WEEK_HEADER_H = 24, 20
MONTH_W = 7 * CELL_W
MONTH_H = MONTH_TITLE_H + WEEK_HEADER_H + 6 * CELL_H
GAP = 16
COLUMNS, ROWS = 4, 3
TITLE_H = 30
WEEKDAY_HEADERS = "一二三四五六日"


def _when(stamp: str) -> str:
    """A stored ISO time as the clerk reads it: 2026年11月29日 01:34."""
    day, _, clock = stamp.replace("T", " ").partition(" ")
    try:
        year, month, dom = (int(part) for part in day.split("-"))
    except ValueError:
        return stamp[:16]
    return f"{year}年{month}月{dom}日 {clock[:5]}".strip()


class YearCalendar(QWidget):
    """Twelve month grids of one year, days off and working weekends coloured."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.year = date.today().year
        self.days_off: dict[date, str] = {}
        self.working_days: dict[date, str] = {}
        self.caption = ""
        self.changed: set[date] = set()  # days a notice would change against the stored calendar
        self.setMinimumSize(self.sizeHint())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(
            COLUMNS * MONTH_W + (COLUMNS + 1) * GAP, TITLE_H + ROWS * (MONTH_H + GAP) + GAP
        )

    def show_year(
        self,
        year: int,
        days_off: dict[date, str],
        working: dict[date, str],
        caption: str,
        changed: set[date] | None = None,
    ) -> None:
        self.year, self.days_off, self.working_days, self.caption = year, days_off, working, caption
        self.changed = changed or set()
        self.update()

    def kind(self, day: date) -> str:
        """'off', 'work', 'weekend' or '' — what the grid shows for a day (used by the tests too)."""
        if day in self.days_off:
            return "off"
        if day in self.working_days:
            return "work"
        return "weekend" if day.weekday() >= 5 else ""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        base = QFont(self.font())
        title = QFont(base)
        title.setPointSizeF(base.pointSizeF() * 1.25)
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(PLAIN_TEXT)
        painter.drawText(
            QRect(GAP, 0, self.width() - 2 * GAP, TITLE_H),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            f"{self.year}{t('年')}  {self.caption}",
        )
        for month in range(1, 13):
            col, row = (month - 1) % COLUMNS, (month - 1) // COLUMNS
            x = GAP + col * (MONTH_W + GAP)
            y = TITLE_H + GAP // 2 + row * (MONTH_H + GAP)
            self._paint_month(painter, x, y, month, base)
        painter.end()

    def _paint_month(self, painter: QPainter, x: int, y: int, month: int, base: QFont) -> None:
        bold = QFont(base)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(PLAIN_TEXT)
        painter.drawText(
            QRect(x, y, MONTH_W, MONTH_TITLE_H), Qt.AlignmentFlag.AlignCenter, t(f"{month}月")
        )
        painter.setFont(base)
        for i, name in enumerate(WEEKDAY_HEADERS):
            painter.setPen(WEEKEND_TEXT if i >= 5 else PLAIN_TEXT)
            painter.drawText(
                QRect(x + i * CELL_W, y + MONTH_TITLE_H, CELL_W, WEEK_HEADER_H),
                Qt.AlignmentFlag.AlignCenter,
                name,
            )
        painter.setPen(GRID)
        painter.drawLine(
            x, y + MONTH_TITLE_H + WEEK_HEADER_H, x + MONTH_W, y + MONTH_TITLE_H + WEEK_HEADER_H
        )
        small = QFont(base)
        small.setPointSizeF(max(5.0, base.pointSizeF() * 0.6))
        weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(self.year, month)
        for w, week in enumerate(weeks):
            for d, day in enumerate(week):
                if day.month != month:
                    continue
                cell = QRect(
                    x + d * CELL_W, y + MONTH_TITLE_H + WEEK_HEADER_H + w * CELL_H, CELL_W, CELL_H
                )
                kind = self.kind(day)
                pen = PLAIN_TEXT
                if kind == "off":
                    painter.fillRect(cell.adjusted(1, 1, -1, -1), OFF_FILL)
                    pen = OFF_TEXT
                elif kind == "work":
                    painter.fillRect(cell.adjusted(1, 1, -1, -1), WORK_FILL)
                    pen = WORK_TEXT
                elif kind == "weekend":
                    pen = WEEKEND_TEXT
                painter.setPen(pen)
                painter.setFont(base)
                painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, str(day.day))
                if day in self.changed:
                    painter.setPen(CHANGED)
                    painter.drawRect(cell.adjusted(1, 1, -2, -2))
                    painter.setPen(pen)
                if kind in ("off", "work"):
                    painter.setFont(small)
                    painter.drawText(
                        cell.adjusted(0, 0, -2, 0),
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                        t("休") if kind == "off" else t("班"),
                    )


MOVING_SHOWN = 50  # applications listed in the preview; the rest are counted


def source_name(source: str) -> str:
    """Where a year's calendar came from, as a clerk says it (not a Python package name)."""
    if source.startswith("chinese-calendar"):
        return "程序自带的国务院节假日安排"
    return source


class HolidayDialog(QDialog):
    def __init__(self, bench: Workbench, parent: QWidget | None = None):
        super().__init__(parent)
        self.bench = bench
        register = bench.register
        self.notice: HolidayNotice | None = None
        self.moving: list[calendar_store.MovingDeadline] = []
        self.setWindowTitle(t("节假日安排"))
        fit_to_screen(self, 1180, 780)  # the twelve months whole where the screen allows
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        top.addWidget(QLabel(t("查看年份：")))
        self.year_box = QSpinBox()
        self.year_box.setRange(2004, 2100)
        self.year_box.setValue(date.today().year)
        self.year_box.valueChanged.connect(self._year_changed)
        top.addWidget(self.year_box)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        top.addWidget(self.source_label, 1)
        layout.addLayout(top)

        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(
            QLabel(
                t(
                    "把国务院办公厅《关于XXXX年部分节假日安排的通知》全文粘贴到下面（简体、繁体均可）："
                )
            )
        )
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(
            t("例如：\n国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：……\n二、春节：……")
        )
        self.text.textChanged.connect(self.parse_text)
        left.addWidget(self.text, 1)
        self.open_button = QPushButton(t("从文件读取…"))
        self.open_button.clicked.connect(self._read_file)
        left.addWidget(self.open_button)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left.addWidget(self.result_label)
        body.addLayout(left, 1)

        right = QVBoxLayout()
        self.calendar = YearCalendar()
        # The twelve months need about 1,000 × 700 px: on a small screen they scroll.
        calendar_scroll = QScrollArea()
        calendar_scroll.setWidget(self.calendar)
        calendar_scroll.setWidgetResizable(True)
        calendar_scroll.setMinimumWidth(320)
        calendar_scroll.setMinimumHeight(240)
        right.addWidget(calendar_scroll, 1)
        legend = QLabel(
            t("图例：")
            + f"<span style='background:{OFF_FILL.name()};color:{OFF_TEXT.name()}'>&nbsp;{t('休')}&nbsp;</span> "
            + t("放假")
            + f"　<span style='background:{WORK_FILL.name()};color:{WORK_TEXT.name()}'>&nbsp;{t('班')}&nbsp;</span> "
            + t("调休上班")
            + "　"
            + f"<span style='color:{WEEKEND_TEXT.name()}'>{t('灰色')}</span>"
            + t("：周末")
            + f"　<span style='color:{CHANGED.name()}'>{t('橙框')}</span>"
            + t("：与登记簿现有日历不同")
        )
        legend.setWordWrap(True)
        right.addWidget(legend)
        body.addLayout(right, 2)
        layout.addLayout(body, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(t("保存到登记簿"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        close = QPushButton(t("关闭"))
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        if register.readonly:
            self.save_button.setToolTip(t("登记簿以只读方式打开，不能保存"))
        self.show_stored(self.year_box.value())

    # ------------------------------------------------------------------ views
    def show_stored(self, year: int) -> None:
        """The year as the register holds it."""
        info = calendar_store.year_info(self.register, year)
        off, work = calendar_store.year_days(self.register, year)
        if info is None:
            caption = t("（日历中没有这一年：按周一至周五计算，期限标为未确认）")
            self.source_label.setText(t("这一年尚未导入通知"))
        else:
            caption = t("（登记簿中的日历）")
            if calendar_store.year_info(self.register, year + 1) is None:
                # notice_span: next year's notice may still move 25–31 December.
                caption = t(f"（登记簿中的日历；12月25日至31日待{year + 1}年通知，期限标为未确认）")
            self.source_label.setText(
                t(f"来源：{source_name(info.source)}，{_when(info.added_at)}")
            )
        self.calendar.show_year(year, off, work, caption)

    def _year_changed(self, year: int) -> None:
        if self.notice is not None and self.notice.year == year:
            self._show_notice(self.notice)
        else:
            self.show_stored(year)

    def _show_notice(self, notice: HolidayNotice) -> None:
        off = {d: n for d, n in notice.days_off.items() if d.year == notice.year}
        work = {d: n for d, n in notice.working_days.items() if d.year == notice.year}
        changed: set[date] = set()
        existing = calendar_store.year_info(self.register, notice.year)
        if existing is not None:
            changed = {d for d, _ in changed_days(self.register.calendar(), notice)}
            self.source_label.setText(
                t(f"登记簿现有日历来源：{source_name(existing.source)}；下图是粘贴的通知，尚未保存")
            )
        else:
            self.source_label.setText(t("这一年尚未导入通知；下图是粘贴的通知，尚未保存"))
        caption = t("（通知内容，尚未保存）")
        # A 元旦 entry can reach into the previous December, which the year's grid does not draw.
        before = tuple(sorted(d for d in notice.days_off if d.year != notice.year))
        before_work = tuple(sorted(d for d in notice.working_days if d.year != notice.year))
        if before or before_work:
            outside = describe_entry(before, before_work, notice.year)
            caption = t(f"（通知内容，尚未保存；另有{outside}）")
        self.calendar.show_year(notice.year, off, work, caption, changed)

    # ------------------------------------------------------------------ reading
    def parse_text(self) -> None:
        text = self.text.toPlainText()
        self.notice = None
        self.save_button.setEnabled(False)
        if not text.strip():
            self.result_label.setText("")
            self.show_stored(self.year_box.value())
            return
        try:
            notice = parse_notice(text)
        except NoticeError as exc:
            self.result_label.setStyleSheet("color: #b3261e")
            self.result_label.setText(t(f"无法读取：{exc}"))
            self.show_stored(self.year_box.value())
            return
        self.notice = notice
        self.year_box.blockSignals(True)
        self.year_box.setValue(notice.year)
        self.year_box.blockSignals(False)
        lines = [t(f"读到{notice.year}年的 {len(notice.entries)} 项安排：")]
        lines += [t(s) for s in notice.summary()]
        lines.append(
            t(f"合计：放假 {len(notice.days_off)} 天，调休上班 {len(notice.working_days)} 天。")
        )
        lines += [t(f"注意：{w}") for w in notice.warnings]
        existing = calendar_store.year_info(self.register, notice.year)
        if existing is not None:
            lines.append(
                t(f"登记簿已有{notice.year}年的日历（{existing.source}），保存后将被替换。")
            )
            changed = differences(self.register.calendar(), notice)
            if changed:
                lines.append(t("与现有日历相比，以下日子将改变：") + t("；".join(changed)))
            else:
                lines.append(t("与现有日历相比，没有任何工作日或休息日改变。"))
        # Decision 6 v2: which open applications' due dates the notice moves, before saving.
        self.moving = calendar_store.deadlines_that_move(self.register, notice)
        if self.moving:
            shown = [m.describe() for m in self.moving[:MOVING_SHOWN]]
            more = len(self.moving) - len(shown)
            lines.append(
                t(f"保存后，{len(self.moving)} 件办理中的申请答复期限将改变：")
                + t("；".join(shown))
                + (t(f"；……另有 {more} 件") if more > 0 else "")
            )
        else:
            lines.append(t("办理中的申请答复期限都不会因此改变。"))
        self.result_label.setStyleSheet("")
        self.result_label.setText("\n".join(lines))
        self._show_notice(notice)
        self.save_button.setEnabled(not self.register.readonly)

    def _read_file(self) -> None:
        from desktop.ui.files import open_file

        name = open_file(self, "选择通知文本", "文本文件 (*.txt);;所有文件 (*)")
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        try:
            text = decode_notice(path.read_bytes())
        except (OSError, NoticeError) as exc:
            reason = str(exc) if isinstance(exc, NoticeError) else "文件无法打开或读取"
            self.result_label.setStyleSheet("color: #b3261e")
            self.result_label.setText(t(f"无法读取文件 {path.name}：{reason}"))
            return
        self.text.setPlainText(text)

    @property
    def register(self) -> Register:
        return self.bench.register

    # ------------------------------------------------------------------ saving
    def save(self) -> None:
        """Store the notice and re-derive the due dates it governs, on the worker. When the new due
        dates change a submitted report (issue 14's year lock) the clerk is asked why, then it is
        stored again with the reason."""
        notice = self.notice
        if notice is None or self.register.readonly:
            return
        self.save_button.setEnabled(False)
        from desktop.ui.year_lock_dialogs import run_asking_reason

        run_asking_reason(
            self,
            lambda reg, reason: import_notice(reg, notice, reason),
            "导入这份节假日安排（答复期限重新计算）",
            self._saved,
            failed=self._not_saved,
            declined=lambda: self._not_saved("该年度报告已报送，没有说明修改原因"),
            progress="正在保存日历并重新计算答复期限…",
        )

    def _not_saved(self, message: str) -> None:
        self.save_button.setEnabled(self.notice is not None)
        self.result_label.setStyleSheet("color: #b3261e")
        self.result_label.setText(t(f"未能保存：{message}"))

    def _saved(self, stored: calendar_store.StoredNotice) -> None:
        self.notice = None
        self.save_button.setEnabled(False)
        self.result_label.setStyleSheet("color: #188038")
        self.result_label.setText(
            t(
                f"已保存{stored.year}年日历：放假 {stored.days_off} 天，调休上班 "
                f"{stored.working_days} 天；{stored.deadlines_changed} 件申请的答复期限已重新计算。"
            )
        )
        self.show_stored(stored.year)


def open_holiday_dialog(bench: Workbench) -> HolidayDialog:
    """Open the holiday dialog over the main window (non-blocking, one at a time); returns it."""

    def make() -> HolidayDialog:
        dialog = HolidayDialog(bench, bench.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return dialog

    return bench.dialogs.open(HolidayDialog, make)
