"""The State Council's holiday notice into the register's calendar: `ogi holidays import` and the
节假日安排 dialog call this; the due dates the notice governs are re-derived in the same transaction."""

from __future__ import annotations

from desktop.domain.holiday_notice import HolidayNotice
from desktop.store import calendar_store
from desktop.store.calendar_store import StoredNotice
from desktop.store.register import Register


def import_notice(
    register: Register, notice: HolidayNotice, reason: str | None = None
) -> StoredNotice:
    """Store the notice's days (replacing that year's) and re-derive the affected due dates.

    Issue 14's year lock: when the re-derived due dates change a submitted report's figures, the
    import needs a `reason` (year_lock.ReasonRequired, nothing stored) and logs it."""
    from desktop.ops import year_lock

    guard = year_lock.notice_guard(register, reason, f"{notice.year}年节假日安排")
    return calendar_store.store_notice(register, notice, before_commit=guard)
