"""The register's working-day calendar tables: which years it knows, a year's days, storing a notice.

`calendar_days` holds every day off and 调休 working weekend (bundled 2004–2026 at creation, plus
notices the office imported); `calendar_years` says which years are known (decision 6) and where each
came from. Storing a notice replaces the days it governs (`workcalendar.notice_span`), marks the year
known and re-derives the due dates that counted any of those days — all in one transaction, so the
calendar and the stored due dates never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from desktop.domain.deadlines import answer_deadline
from desktop.domain.holiday_notice import HolidayNotice
from desktop.domain.workcalendar import notice_span
from desktop.store import rows as rowmap
from desktop.store.changes import Changes
from desktop.store.register import Register, now_text

NOTICE_SOURCE = "国务院办公厅通知（本单位导入）"


@dataclass(frozen=True)
class CalendarYear:
    year: int
    source: str  # e.g. "chinese-calendar 1.11.0" for bundled years
    added_at: str


@dataclass(frozen=True)
class StoredNotice:
    year: int
    days_off: int
    working_days: int
    deadlines_changed: int  # applications whose due date or confirmation changed


@dataclass(frozen=True)
class MovingDeadline:
    """An open application whose due date a notice would move (decision 6 v2: shown before saving)."""

    id: int
    number: str
    applicant: str
    old: date | None
    new: date

    def describe(self) -> str:
        old = self.old.isoformat() if self.old is not None else "无"
        return f"{self.number} {self.applicant}：{old} → {self.new.isoformat()}"


def deadlines_that_move(
    register: Register, notice: HolidayNotice, today: date | None = None
) -> list[MovingDeadline]:
    """The open applications whose due date would change if the notice were stored, old → new.

    Only rows whose counting can touch the days the notice governs are looked at (the same rows
    `store_notice` re-derives), so the preview costs what the save costs."""
    cal = register.calendar().with_year(notice.year, notice.days_off, notice.working_days)
    moving: list[MovingDeadline] = []
    for row in register.conn.execute(
        f"SELECT {rowmap.SELECT_COLUMNS} FROM applications WHERE answer_date IS NULL "
        "AND deleted_at IS NULL AND receipt_date <= ? AND (answer_due IS NULL OR answer_due >= ?) "
        "ORDER BY answer_due, receipt_date, number",
        (f"{notice.year:04d}-12-31", f"{notice.year - 1:04d}-12-25"),
    ):
        app = rowmap.from_row(row)
        new = answer_deadline(app, cal, today or date.today()).due
        if new != app.answer_due:
            assert app.id is not None
            moving.append(MovingDeadline(app.id, app.number, app.applicant, app.answer_due, new))
    return moving


def known_years(register: Register) -> list[CalendarYear]:
    return [
        CalendarYear(r["year"], r["source"], r["added_at"])
        for r in register.conn.execute(
            "SELECT year, source, added_at FROM calendar_years ORDER BY year"
        )
    ]


def year_info(register: Register, year: int) -> CalendarYear | None:
    row = register.conn.execute(
        "SELECT year, source, added_at FROM calendar_years WHERE year = ?", (year,)
    ).fetchone()
    return CalendarYear(row["year"], row["source"], row["added_at"]) if row else None


def year_days(register: Register, year: int) -> tuple[dict[date, str], dict[date, str]]:
    """The days off and working weekends dated in one calendar year, in date order."""
    off: dict[date, str] = {}
    work: dict[date, str] = {}
    for row in register.conn.execute(
        "SELECT day, kind, name FROM calendar_days WHERE day BETWEEN ? AND ? ORDER BY day",
        (f"{year:04d}-01-01", f"{year:04d}-12-31"),
    ):
        (off if row["kind"] == "off" else work)[date.fromisoformat(row["day"])] = row["name"]
    return off, work


def store_notice(
    register: Register,
    notice: HolidayNotice,
    *,
    source: str = NOTICE_SOURCE,
    today: date | None = None,
    before_commit: Callable[[], None] | None = None,
) -> StoredNotice:
    """Replace the days the notice governs, mark its year known, re-derive affected due dates."""
    first, last = notice_span(notice.year)
    off, work = notice.days_off, notice.working_days
    try:
        with register.transaction() as conn:
            conn.execute(
                "DELETE FROM calendar_days WHERE day BETWEEN ? AND ?",
                (first.isoformat(), last.isoformat()),
            )
            conn.executemany(
                "INSERT OR REPLACE INTO calendar_days (day, kind, name) VALUES (?, ?, ?)",
                [(d.isoformat(), "off", n) for d, n in sorted(off.items())]
                + [(d.isoformat(), "work", n) for d, n in sorted(work.items())],
            )
            conn.execute(
                "INSERT OR REPLACE INTO calendar_years (year, source, added_at) VALUES (?, ?, ?)",
                (notice.year, source, now_text()),
            )
            # The audit trail records calendar changes too (no application: application_id NULL).
            conn.execute(
                "INSERT INTO audit_log (at, user, application_id, action, field, before, after) "
                "VALUES (?, ?, NULL, 'calendar', ?, NULL, ?)",
                (now_text(), register.user, str(notice.year), "；".join(notice.summary())),
            )
            register.invalidate_calendar()
            changed = register.rederive_in_transaction(today, year=notice.year)
            if before_commit is not None:
                before_commit()  # the year lock's check: raising rolls the notice back
    finally:
        register.invalidate_calendar()  # after a rollback too: never keep a calendar not stored
    register.notify(Changes(applications=True, calendar=True))
    return StoredNotice(notice.year, len(off), len(work), changed)
