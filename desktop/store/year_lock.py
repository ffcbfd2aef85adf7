"""Submitted reports (已报送) and the log of what changed them afterwards (schema v11, issue 14).

A submission keeps the figures of one (year, format) as they were computed when the office marked the
report 已报送 (`cells`, the domain's `FigureCell`s, and the whole report JSON as exported), who and
when. Neither is ever rewritten: withdrawing (撤销报送) fills the withdrawal columns once, with a
reason, and submitting again adds a new row. `submitted_changes` is append-only (triggers): marking,
withdrawing, and every later change of the register that moved one of the submitted figures, with the
clerk's reason. Each of these also goes into the register's audit log, in the same transaction.

The rules (which figures, whether a change moves them) are the domain's (`domain.year_lock`); the use
cases are `ops.year_lock`. Writes made by `Register.add/update/delete/undelete` and
`annual_figures.set_figures` carry a `LockNote` and call `record_change` inside their transaction.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from desktop.domain import report_formats as rf
from desktop.domain.year_lock import FigureCell, Lock

if TYPE_CHECKING:
    from desktop.store.register import Register

# What a log line says happened (submitted_changes.action), in the clerk's words.
SUBMITTED, WITHDRAWN = "报送", "撤销报送"
EDITED, ADDED, DELETED, RESTORED, IMPORTED, FIGURES = "修改", "新增", "删除", "恢复", "导入", "表二"
AUDIT_ACTION = (
    "year_lock"  # audit_log.action of every entry here; field = "2025年度报告（2021年格式）修改"
)


class AlreadySubmitted(Exception):
    def __init__(self, year: int, fmt: str, at: str):
        super().__init__(f"{year}年度（{fmt}年格式）已于 {at[:10]} 标记为已报送")
        self.year, self.format, self.at = year, fmt, at


class NotSubmitted(Exception):
    def __init__(self, year: int, fmt: str):
        super().__init__(f"{year}年度（{fmt}年格式）尚未标记为已报送")
        self.year, self.format = year, fmt


@dataclass(frozen=True)
class LockNote:
    """Why a write changes submitted figures, and which: recorded with the write, in its transaction."""

    reason: str
    locks: tuple[Lock, ...]


@dataclass(frozen=True)
class Submission:
    id: int
    year: int
    format: str
    submitted_at: str
    submitted_by: str
    cells: list[FigureCell]
    report: dict[str, Any]
    withdrawn_at: str | None = None
    withdrawn_by: str | None = None
    withdraw_reason: str | None = None

    @property
    def live(self) -> bool:
        return self.withdrawn_at is None


@dataclass(frozen=True)
class LogEntry:
    at: str
    user: str
    action: str
    subject: str  # the application number(s), or the table 二 figures, a change concerned
    reason: str


# ----------------------------------------------------------------------------- cells as JSON


def _value_json(value: rf.Number | None) -> int | str | None:
    # Decimals (万元 amounts) as exact text; counts as integers.
    return str(value) if isinstance(value, Decimal) else value


def _value_from(value: int | str | None) -> rf.Number | None:
    return Decimal(value) if isinstance(value, str) else value


def cells_to_json(cells: list[FigureCell]) -> str:
    return json.dumps(
        [
            {
                "key": c.key,
                "table": c.table,
                "row": c.row,
                "column": c.column,
                "value": _value_json(c.value),
            }
            for c in cells
        ],
        ensure_ascii=False,
    )


def cells_from_json(text: str) -> list[FigureCell]:
    return [
        FigureCell(d["key"], d["table"], d["row"], d["column"], _value_from(d["value"]))
        for d in json.loads(text)
    ]


# ----------------------------------------------------------------------------- reading

_COLUMNS = (
    "id, year, format, submitted_at, submitted_by, cells, report, withdrawn_at, withdrawn_by, "
    "withdraw_reason"
)


def _submission(row: sqlite3.Row) -> Submission:
    return Submission(
        row["id"],
        row["year"],
        row["format"],
        row["submitted_at"],
        row["submitted_by"],
        cells_from_json(row["cells"]),
        json.loads(row["report"]),
        row["withdrawn_at"],
        row["withdrawn_by"],
        row["withdraw_reason"],
    )


def live_submission(register: Register, year: int, fmt: str) -> Submission | None:
    row = register.conn.execute(
        f"SELECT {_COLUMNS} FROM submitted_reports "
        "WHERE year = ? AND format = ? AND withdrawn_at IS NULL",
        (year, fmt),
    ).fetchone()
    return _submission(row) if row else None


def submissions(register: Register, year: int | None = None) -> list[Submission]:
    """Every submission (withdrawn ones too), oldest first; of one year with `year`."""
    where, params = ("WHERE year = ?", (year,)) if year is not None else ("", ())
    return [
        _submission(row)
        for row in register.conn.execute(
            f"SELECT {_COLUMNS} FROM submitted_reports {where} ORDER BY id", params
        )
    ]


def live_locks(register: Register) -> list[Lock]:
    """The (year, format)s submitted and not withdrawn: their figures are locked."""
    return [
        (row[0], row[1])
        for row in register.conn.execute(
            "SELECT year, format FROM submitted_reports WHERE withdrawn_at IS NULL ORDER BY 1, 2"
        )
    ]


def change_log(register: Register, submission_id: int) -> list[LogEntry]:
    return [
        LogEntry(row["at"], row["user"], row["action"], row["subject"], row["reason"])
        for row in register.conn.execute(
            "SELECT at, user, action, subject, reason FROM submitted_changes "
            "WHERE submission_id = ? ORDER BY id",
            (submission_id,),
        )
    ]


# ----------------------------------------------------------------------------- writing


def _log(
    conn: sqlite3.Connection,
    user: str,
    at: str,
    submission_id: int,
    lock: Lock,
    action: str,
    subject: str,
    reason: str,
    application_id: int | None = None,
) -> None:
    conn.execute(
        "INSERT INTO submitted_changes (submission_id, at, user, action, subject, reason) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (submission_id, at, user, action, subject, reason),
    )
    conn.execute(
        "INSERT INTO audit_log (at, user, application_id, action, field, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            at,
            user,
            application_id,
            AUDIT_ACTION,
            f"{lock[0]}年度报告（{lock[1]}年格式）{action}",
            None,
            reason or subject,
        ),
    )


def submit(
    register: Register, year: int, fmt: str, cells: list[FigureCell], report: dict[str, Any]
) -> Submission:
    """Mark (year, fmt) 已报送 with these figures. Raises AlreadySubmitted if it is already."""
    from desktop.store.register import now_text

    stamp = now_text()
    with register.transaction() as conn:
        live = live_submission(register, year, fmt)
        if live is not None:
            raise AlreadySubmitted(year, fmt, live.submitted_at)
        cursor = conn.execute(
            "INSERT INTO submitted_reports (year, format, submitted_at, submitted_by, cells, report) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                year,
                fmt,
                stamp,
                register.user,
                cells_to_json(cells),
                json.dumps(report, ensure_ascii=False),
            ),
        )
        submission_id = int(cursor.lastrowid or 0)
        _log(conn, register.user, stamp, submission_id, (year, fmt), SUBMITTED, "", "")
    found = live_submission(register, year, fmt)
    assert found is not None
    return found


def withdraw(register: Register, year: int, fmt: str, reason: str) -> Submission:
    """撤销报送: the figures are no longer locked; the snapshot and its log stay. Reason required."""
    from desktop.store.register import now_text

    reason = reason.strip()
    if not reason:
        raise ValueError("撤销报送须填写原因")
    stamp = now_text()
    with register.transaction() as conn:
        live = live_submission(register, year, fmt)
        if live is None:
            raise NotSubmitted(year, fmt)
        conn.execute(
            "UPDATE submitted_reports SET withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ? "
            "WHERE id = ?",
            (stamp, register.user, reason, live.id),
        )
        _log(conn, register.user, stamp, live.id, (year, fmt), WITHDRAWN, "", reason)
    return next(s for s in submissions(register, year) if s.id == live.id)


def record_change(
    conn: sqlite3.Connection,
    user: str,
    note: LockNote,
    action: str,
    subject: str,
    application_id: int | None = None,
) -> None:
    """Log a write that moves submitted figures, inside the writer's transaction (one line per lock)."""
    from desktop.store.register import now_text

    stamp = now_text()
    for year, fmt in note.locks:
        row = conn.execute(
            "SELECT id FROM submitted_reports WHERE year = ? AND format = ? AND withdrawn_at IS NULL",
            (year, fmt),
        ).fetchone()
        if row is not None:
            _log(
                conn, user, stamp, row[0], (year, fmt), action, subject, note.reason, application_id
            )
