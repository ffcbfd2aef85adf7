"""The year lock as use cases (issue 14): mark a report 已报送, withdraw it, compare it with now, and
the writes that must give a reason when they move a submitted figure. `ogi report` / `ogi
import-ledger` and the windows (report window, application form, table 二 form, delete, import) call
these same functions.

A submitted report's figures are the snapshot `store.year_lock` keeps; whether a write moves them is
`domain.year_lock.changed_locks` (the counting rules applied to the application before and after).
A write that does and has no reason raises `ReasonRequired` and changes nothing; with a reason the
reason is logged with the write, in its transaction, one line per submitted report it moves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop.domain import report_formats as rf
from desktop.domain.application import Application
from desktop.domain.documents import Document
from desktop.domain.report_formats import Report
from desktop.domain.year_lock import (
    CellDifference,
    FigureCell,
    Lock,
    changed_locks,
    compare,
    describe,
    report_cells,
)
from desktop.ops import annual
from desktop.store import annual_figures
from desktop.store import year_lock as store
from desktop.store.register import Register
from desktop.store.year_lock import IMPORTED, LockNote, LogEntry, Submission

DOCUMENT = "主动公开文件"  # the log's action for a document write that moved table 二
CALENDAR = "节假日安排"  # … and for a holiday notice whose due dates moved a submitted figure


class ReasonRequired(Exception):
    """The write moves figures of a submitted report and no reason was given: nothing was written."""

    def __init__(self, locks: Sequence[Lock]):
        self.locks = tuple(locks)
        super().__init__(
            f"{describe(self.locks)}的年度报告已报送，这项修改会改变已报送的统计数字，须说明修改原因"
        )

    @property
    def years(self) -> list[int]:
        return sorted({year for year, _fmt in self.locks})


# ------------------------------------------------------------------------- submitting


def mark_submitted(register: Register, year: int, fmt: str | None = None) -> Submission:
    """Mark the year's report (in `fmt`, None: by year) 已报送, keeping its figures as computed now.
    Raises store.AlreadySubmitted if it is already marked."""
    from desktop.reports.report_json import report_to_dict

    built = annual.build(register, year, fmt)
    return store.submit(
        register,
        year,
        built.report.format,
        report_cells(built.report),
        report_to_dict(built.report, built.checks),
    )


def unmark_submitted(register: Register, year: int, fmt: str | None, reason: str) -> Submission:
    """撤销报送, with a reason (logged). Raises store.NotSubmitted, ValueError (empty reason)."""
    return store.withdraw(register, year, rf.get_format(fmt, year).code, reason)


def submission(register: Register, year: int, fmt: str | None = None) -> Submission | None:
    """The live submission of (year, fmt), if the report is marked 已报送."""
    return store.live_submission(register, year, rf.get_format(fmt, year).code)


@dataclass(frozen=True)
class Comparison:
    """A submitted report beside the register now: 报送时, 现在, the cells that differ, the log."""

    submission: Submission
    now: list[FigureCell]
    differences: list[CellDifference]
    log: list[LogEntry]

    @property
    def changed(self) -> bool:
        return bool(self.differences)

    def submitted_value(self, key: str) -> rf.Number | None:
        return next((c.value for c in self.submission.cells if c.key == key), None)

    def difference(self, key: str) -> CellDifference | None:
        return next((d for d in self.differences if d.key == key), None)


def compare_submitted(
    register: Register, year: int, fmt: str | None = None, *, report: Report | None = None
) -> Comparison | None:
    """The submitted figures of (year, fmt) against the register now (None if not submitted).
    `report`, when the caller already computed the year's report in that format, is used as is."""
    found = submission(register, year, fmt)
    if found is None:
        return None
    if report is None or (report.year, report.format) != (year, found.format):
        report = annual.build(register, year, found.format).report
    now = report_cells(report)
    return Comparison(found, now, compare(found.cells, now), store.change_log(register, found.id))


# ------------------------------------------------------------------ does a write need a reason


def _live_before(register: Register, application_id: int | None) -> list[Application]:
    if application_id is None or register.is_deleted(application_id):
        return []
    old = register.get(application_id)
    return [old] if old is not None else []


def locks_moved_by_save(register: Register, app: Application) -> list[Lock]:
    """The submitted reports whose figures saving `app` (new, or an edit of a live one) changes."""
    locks = store.live_locks(register)
    if not locks:
        return []
    before = _live_before(register, app.id)
    return changed_locks(before, [register.derive(app)], locks)


def locks_moved_by_delete(register: Register, application_id: int) -> list[Lock]:
    locks = store.live_locks(register)
    return changed_locks(_live_before(register, application_id), [], locks) if locks else []


def locks_moved_by_restore(register: Register, application_id: int) -> list[Lock]:
    locks = store.live_locks(register)
    app = register.get(application_id)
    if not locks or app is None or not register.is_deleted(application_id):
        return []
    return changed_locks([], [app], locks)


def locks_moved_by_import(register: Register, applications: Sequence[Application]) -> list[Lock]:
    """The submitted reports whose figures adding these applications changes."""
    locks = store.live_locks(register)
    return changed_locks([], applications, locks) if locks and applications else []


def locks_moved_by_figures(
    register: Register, year: int, figures: dict[str, str | None]
) -> list[Lock]:
    """The submitted reports of `year` whose typed figures (table 二, the 2014 typed items) these
    values change. A key names its format ("2021.二.…", "2014.…"); the unit's name is no figure."""
    locks = {lock for lock in store.live_locks(register) if lock[0] == year}
    if not locks:
        return []
    stored = annual_figures.get_figures(register, year)
    moved: set[Lock] = set()
    for key, value in figures.items():
        fmt = key.split(".", 1)[0]
        if (year, fmt) in locks and not _same_figure(stored.get(key), value):
            moved.add((year, fmt))
    return sorted(moved)


def _same_figure(before: str | None, after: str | None) -> bool:
    from decimal import Decimal, InvalidOperation

    a, b = (before or "").strip(), (after or "").strip()
    try:
        return (Decimal(a) == Decimal(b)) if a and b else a == b
    except InvalidOperation:
        return a == b


def note_for(locks: Sequence[Lock], reason: str | None) -> LockNote | None:
    """The note a write carries: None when it moves no submitted figure; ReasonRequired when it
    does and `reason` is empty."""
    if not locks:
        return None
    text = (reason or "").strip()
    if not text:
        raise ReasonRequired(locks)
    return LockNote(text, tuple(locks))


def _guard(
    register: Register,
    reason: str | None,
    subject: str,
    action: str,
    figures: Callable[[Register, Lock], object],
) -> Callable[[], None]:
    """The check a write runs before it commits: `figures` of every submitted report taken now and
    again inside the write's transaction; a change needs a reason (ReasonRequired rolls the write
    back) and is logged there as `action`."""
    locks = store.live_locks(register)
    before = {lock: figures(register, lock) for lock in locks}

    def check() -> None:
        moved = [lock for lock in locks if figures(register, lock) != before[lock]]
        note = note_for(moved, reason)
        if note is not None:
            store.record_change(register.conn, register.user, note, action, subject)

    return check


def _documents_counted(register: Register, lock: Lock) -> object:
    from desktop.store import documents

    return documents.table2_counts(register, *lock)


def _figures_now(register: Register, lock: Lock) -> object:
    from desktop.store import statistics

    return {
        cell.key: cell.value for cell in report_cells(statistics.compute_report(register, *lock))
    }


def document_guard(register: Register, reason: str | None, subject: str) -> Callable[[], None]:
    """For a document write: the documents counted in table 二 of each submitted report."""
    return _guard(register, reason, subject, DOCUMENT, _documents_counted)


def notice_guard(register: Register, reason: str | None, subject: str) -> Callable[[], None]:
    """For a holiday notice: re-derived due dates can move any submitted figure (the 2014
    统计表's 按时办结), so every submitted report is counted."""
    return _guard(register, reason, subject, CALENDAR, _figures_now)


def save_document(register: Register, doc: Document, reason: str | None = None) -> Document:
    """Add or update a document of the 主动公开 register; raises ReasonRequired (nothing written)
    when it changes table 二 of a submitted report without a reason."""
    from desktop.store import documents

    guard = document_guard(register, reason, f"文件 {doc.number}")
    if doc.id is None:
        return documents.add(register, doc, before_commit=guard)
    return documents.update(register, doc, before_commit=guard)


def delete_document(register: Register, document_id: int, reason: str | None = None) -> None:
    from desktop.store import documents

    found = documents.get(register, document_id)
    subject = f"删除文件 {found.document.number}" if found else "删除文件"
    documents.delete(register, document_id, before_commit=document_guard(register, reason, subject))


def restore_document(register: Register, document_id: int, reason: str | None = None) -> None:
    from desktop.store import documents

    found = documents.get(register, document_id)
    subject = f"恢复文件 {found.document.number}" if found else "恢复文件"
    documents.undelete(
        register, document_id, before_commit=document_guard(register, reason, subject)
    )


# ------------------------------------------------------------------------- the writes


def save_application(
    register: Register, app: Application, reason: str | None = None
) -> Application:
    """Add or update an application; raises ReasonRequired (nothing written) when it moves a
    submitted figure without a reason."""
    note = note_for(locks_moved_by_save(register, app), reason)
    if app.id is None:
        return register.add(app, lock_note=note)
    return register.update(app, lock_note=note)


def delete_application(register: Register, application_id: int, reason: str | None = None) -> None:
    note = note_for(locks_moved_by_delete(register, application_id), reason)
    register.delete(application_id, lock_note=note)


def restore_application(register: Register, application_id: int, reason: str | None = None) -> None:
    note = note_for(locks_moved_by_restore(register, application_id), reason)
    register.undelete(application_id, lock_note=note)


def set_figures(
    register: Register, year: int, figures: dict[str, str | None], reason: str | None = None
) -> int:
    """Store typed figures of `year` (annual_figures.set_figures) under the same rule."""
    note = note_for(locks_moved_by_figures(register, year, figures), reason)
    return annual_figures.set_figures(register, year, figures, lock_note=note)


def record_import(
    register: Register, note: LockNote | None, applications: Sequence[Application]
) -> None:
    """Log an import that moved submitted figures (after it committed: the import's transactions are
    the ledger importer's own). Names how many applications and their first and last numbers."""
    if note is None or not applications:
        return
    numbers = [a.number for a in applications]
    subject = f"{len(numbers)} 件（{numbers[0]}" + (
        f" … {numbers[-1]}）" if len(numbers) > 1 else "）"
    )
    with register.transaction() as conn:
        store.record_change(conn, register.user, note, IMPORTED, subject)


def guarded_import(
    register: Register,
    candidates: Sequence[Application],
    reason: str | None,
    run: Callable[[], list[Application]],
) -> list[Application]:
    """An import (the old-ledger wizard, a data package) under the year lock: refused with
    ReasonRequired, before `run` writes anything, when the `candidates` it may add move a submitted
    figure and no reason is given; logged with the reason once `run` committed."""
    note = note_for(locks_moved_by_import(register, candidates), reason)
    imported = run()
    record_import(register, note, imported)
    return imported
