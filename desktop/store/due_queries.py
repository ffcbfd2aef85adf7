"""The due-date board's SQL: open applications overdue, due today, and due within 5 working days;
and the document register's two reminders (store.documents: 有效期 ending within 90 days, not
published 20 working days after issue).

Every query is served by the partial index `ix_app_open_due (answer_due) WHERE answer_date IS NULL`,
so the board costs the same on a register of a thousand or a million applications: only open rows
due on or before the horizon are read. Soft-deleted rows are left out. Statuses come from the one
rule in domain (`deadlines.status_of`), applied to the stored due dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.domain import deadlines
from desktop.store import documents
from desktop.store.documents import DocumentReminder
from desktop.store.register import Register

SOON_WORKING_DAYS = 5
DEFAULT_LIMIT = 500  # rows listed per group; the counts are always complete

# A row whose due date is provisional (docs/deadlines.md): a pause or a 补正 still open.
_PAUSED_SQL = (
    "((consultation_sent_date IS NOT NULL AND consultation_received_date IS NULL) OR "
    "(fee_notice_date IS NOT NULL AND fee_paid_date IS NULL) OR "
    "(correction_notice_date IS NOT NULL AND correction_received_date IS NULL))"
)
# INDEXED BY: without statistics SQLite may prefer ix_app_answer (answer_date IS NULL), which reads
# every open row; the partial index reads only the open rows due by the horizon.
_FROM = "FROM applications INDEXED BY ix_app_open_due"
_OPEN = "answer_date IS NULL AND answer_due IS NOT NULL AND deleted_at IS NULL"


@dataclass(frozen=True)
class DueRow:
    id: int
    number: str
    applicant: str
    answer_due: date
    status: str  # deadlines.OPEN or deadlines.OVERDUE
    confirmed: bool  # decision 6: every day counted is in a known calendar year
    provisional: bool  # a consultation / fee notice / 补正 is still open
    overridden: bool = False  # 第三十五条: the due date was set by hand
    content: str = ""  # 申请内容 (the board shows it elided, whole in the tooltip)
    # Working days overdue (answer_due < today) or left (answer_due > today); 0 when due today.
    # Counted here, on the worker: at 1,500 rows the calendar walk was ~35 ms of the GUI thread.
    working_days: int = 0


@dataclass(frozen=True)
class DueBoard:
    today: date
    horizon: date  # the 5th working day after today
    overdue: list[DueRow] = field(default_factory=list)
    due_today: list[DueRow] = field(default_factory=list)
    due_soon: list[DueRow] = field(default_factory=list)  # today < due <= horizon
    overdue_count: int = 0
    due_today_count: int = 0
    due_soon_count: int = 0
    # The document register (issue 16): 行政规范性文件 whose 有效期至 falls within 90 days, and
    # documents issued but not published after 20 working days (条例第二十六条).
    documents_expiring: list[DocumentReminder] = field(default_factory=list)
    documents_unpublished: list[DocumentReminder] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return bool(
            self.overdue_count
            or self.due_today_count
            or self.due_soon_count
            or self.documents_expiring
            or self.documents_unpublished
        )


def _rows(register: Register, where: str, params: list, today: date, limit: int) -> list[DueRow]:
    cal = register.calendar()
    cursor = register.conn.execute(
        "SELECT id, number, applicant, content, answer_due, due_confirmed, "
        f"{_PAUSED_SQL} AS provisional, due_override_date IS NOT NULL AS overridden "
        f"{_FROM} WHERE {_OPEN} AND {where} ORDER BY answer_due, number LIMIT ?",
        [*params, limit],
    )
    out = []
    for r in cursor:
        due = date.fromisoformat(r["answer_due"])
        if due < today:
            days, _ = cal.working_days_between(due, today)
        elif due > today:
            days, _ = cal.working_days_between(today, due)
        else:
            days = 0
        out.append(
            DueRow(
                r["id"],
                r["number"],
                r["applicant"],
                due,
                deadlines.status_of(None, due, today),
                bool(r["due_confirmed"]),
                bool(r["provisional"]),
                bool(r["overridden"]),
                r["content"] or "",
                days,
            )
        )
    return out


def due_board(register: Register, today: date, *, limit: int = DEFAULT_LIMIT) -> DueBoard:
    """What is overdue, due today, and due in the next 5 working days, as of `today`."""
    horizon, _ = register.calendar().add_working_days(today, SOON_WORKING_DAYS)
    day, end = today.isoformat(), horizon.isoformat()
    counts = register.conn.execute(
        "SELECT coalesce(sum(answer_due < ?), 0), coalesce(sum(answer_due = ?), 0), "
        "coalesce(sum(answer_due > ?), 0) "
        f"{_FROM} WHERE {_OPEN} AND answer_due <= ?",
        (day, day, day, end),
    ).fetchone()
    return DueBoard(
        today=today,
        horizon=horizon,
        overdue=_rows(register, "answer_due < ?", [day], today, limit),
        due_today=_rows(register, "answer_due = ?", [day], today, limit),
        due_soon=_rows(register, "answer_due > ? AND answer_due <= ?", [day, end], today, limit),
        overdue_count=counts[0],
        due_today_count=counts[1],
        due_soon_count=counts[2],
        documents_expiring=documents.expiring(register, today),
        documents_unpublished=documents.unpublished(register, today),
    )


def query_plan(register: Register, today: date) -> str:
    """The query plan of the board's main query (tests check it uses the partial index)."""
    rows = register.conn.execute(
        f"EXPLAIN QUERY PLAN SELECT id {_FROM} WHERE {_OPEN} AND answer_due <= ? "
        "ORDER BY answer_due",
        (today.isoformat(),),
    ).fetchall()
    return " ".join(str(r["detail"]) for r in rows)
