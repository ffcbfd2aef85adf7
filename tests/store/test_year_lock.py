"""The year lock in the register (schema v11) and its use cases (ops.year_lock): a v10 register opens
and upgrades, the snapshot keeps the figures as submitted, a write that moves them needs a reason and
changes nothing without one, the log is append-only, 撤销报送 needs a reason."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from desktop.domain.application import Application
from desktop.ops import year_lock
from desktop.ops.ledger import import_ledger
from desktop.store.register import Register
from desktop.store.schema import SCHEMA_VERSION
from desktop.store.year_lock import AlreadySubmitted, NotSubmitted, live_locks
from tests.reports.test_ledger_io import HEADERS, row_of, snapshot, write_sheet

D = date


def _app(received: date, answered: date | None = None, **more) -> Application:
    return Application(
        received,
        more.pop("channel", "网络"),
        more.pop("applicant_type", "自然人"),
        more.pop("applicant", "张三"),
        answer_date=answered,
        outcome="grant" if answered else None,
        **more,
    )


@pytest.fixture
def locked(register: Register) -> Register:
    """2025 submitted (2021 format) with two applications: one answered, one open at year end."""
    register.add(_app(D(2025, 3, 3), D(2025, 3, 20), number="2025-0001"))
    register.add(_app(D(2025, 12, 29), number="2025-0002"))
    register.add(_app(D(2026, 1, 5), number="2026-0001"))
    year_lock.mark_submitted(register, 2025)
    return register


def test_a_v10_register_opens_and_upgrades(tmp_path) -> None:
    path = tmp_path / "v10.ogidb"
    register = Register.open(path)
    register.add(_app(D(2025, 3, 3), D(2025, 3, 20)))
    conn = register.conn
    for table in ("submitted_changes", "submitted_reports"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 10")
    register.close()

    register = Register.open(path)
    try:
        assert register.schema_version() == SCHEMA_VERSION == 11
        assert live_locks(register) == []
        marked = year_lock.mark_submitted(register, 2025)
        assert (marked.year, marked.format, marked.submitted_by) == (2025, "2021", register.user)
        assert live_locks(register) == [(2025, "2021")]
    finally:
        register.close()


def test_the_snapshot_keeps_the_figures_as_submitted(locked: Register) -> None:
    sub = year_lock.submission(locked, 2025)
    assert sub is not None
    cells = {c.key: c.value for c in sub.cells}
    assert cells["表三.new.total"] == 2 and cells["表三.carried_out.total"] == 1
    assert sub.report["year"] == 2025 and sub.report["table3"]["rows"][0]["values"][-1] == 2
    # The open one is answered on 2025-12-30, with a reason: the register moves, the snapshot not.
    open_one = locked.get_by_number("2025-0002")
    year_lock.save_application(
        locked, open_one.replace(answer_date=D(2025, 12, 30), outcome="grant"), "漏登答复日期"
    )
    again = year_lock.submission(locked, 2025)
    assert {c.key: c.value for c in again.cells} == cells
    comparison = year_lock.compare_submitted(locked, 2025)
    moved = {(d.row, d.column): (d.submitted, d.now) for d in comparison.differences}
    assert moved[("四、结转下年度继续办理", "总计")] == (1, 0)
    assert moved[("（一）予以公开", "自然人")] == (1, 2)
    assert [(e.action, e.subject, e.reason) for e in comparison.log] == [
        ("报送", "", ""),
        ("修改", "2025-0002", "漏登答复日期"),
    ]


def test_a_change_without_reason_is_refused_and_writes_nothing(locked: Register) -> None:
    before = snapshot(locked)
    app = locked.get_by_number("2025-0001")
    with pytest.raises(year_lock.ReasonRequired) as refused:
        year_lock.save_application(locked, app.replace(applicant_type="商业企业"))
    assert refused.value.locks == ((2025, "2021"),)
    assert "2025年度的年度报告已报送" in str(refused.value)
    with pytest.raises(year_lock.ReasonRequired):
        year_lock.save_application(locked, app.replace(applicant_type="商业企业"), "   ")
    with pytest.raises(year_lock.ReasonRequired):
        year_lock.delete_application(locked, app.id)
    with pytest.raises(year_lock.ReasonRequired):
        year_lock.save_application(locked, _app(D(2025, 6, 1)))  # a forgotten 2025 application
    assert snapshot(locked) == before


def test_changes_that_move_no_submitted_figure_need_no_reason(locked: Register) -> None:
    app = locked.get_by_number("2025-0001")
    year_lock.save_application(locked, app.replace(phone="13800000000"))
    year_lock.save_application(locked, _app(D(2026, 2, 2)))  # 2026 is not submitted
    year_lock.delete_application(locked, locked.get_by_number("2026-0001").id)
    assert [e.action for e in year_lock.compare_submitted(locked, 2025).log] == ["报送"]


def test_delete_and_restore_give_their_reason_into_both_logs(locked: Register) -> None:
    app = locked.get_by_number("2025-0001")
    year_lock.delete_application(locked, app.id, "重复登记")
    with pytest.raises(year_lock.ReasonRequired):
        year_lock.restore_application(locked, app.id)
    year_lock.restore_application(locked, app.id, "误删")
    log = year_lock.compare_submitted(locked, 2025).log
    assert [(e.action, e.reason) for e in log][1:] == [("删除", "重复登记"), ("恢复", "误删")]
    audit = locked.conn.execute(
        "SELECT application_id, field, after FROM audit_log WHERE action = 'year_lock' ORDER BY id"
    ).fetchall()
    assert [tuple(r) for r in audit] == [
        (None, "2025年度报告（2021年格式）报送", ""),
        (app.id, "2025年度报告（2021年格式）删除", "重复登记"),
        (app.id, "2025年度报告（2021年格式）恢复", "误删"),
    ]


def test_the_logs_and_the_snapshot_are_append_only(locked: Register) -> None:
    conn = locked.conn
    for sql in (
        "UPDATE submitted_changes SET reason = 'x'",
        "DELETE FROM submitted_changes",
        "DELETE FROM submitted_reports",
        "UPDATE submitted_reports SET cells = '[]'",
        "UPDATE submitted_reports SET submitted_at = '2020-01-01'",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)


def test_unmark_needs_a_reason_and_keeps_the_snapshot(locked: Register) -> None:
    with pytest.raises(ValueError, match="原因"):
        year_lock.unmark_submitted(locked, 2025, None, " ")
    withdrawn = year_lock.unmark_submitted(locked, 2025, None, "上级退回，要求更正")
    assert (withdrawn.withdraw_reason, withdrawn.live) == ("上级退回，要求更正", False)
    assert live_locks(locked) == []
    with pytest.raises(NotSubmitted):
        year_lock.unmark_submitted(locked, 2025, None, "再撤一次")
    # Withdrawn: edits need no reason; the withdrawn row cannot be withdrawn again in SQL either.
    app = locked.get_by_number("2025-0001")
    year_lock.save_application(locked, app.replace(applicant_type="商业企业"))
    with pytest.raises(sqlite3.IntegrityError):
        locked.conn.execute("UPDATE submitted_reports SET withdrawn_at = '2030-01-01'")
    # Submitted again: a new snapshot with the corrected figures; the old one stays, withdrawn.
    resubmitted = year_lock.mark_submitted(locked, 2025)
    with pytest.raises(AlreadySubmitted):
        year_lock.mark_submitted(locked, 2025)
    cells = {c.key: c.value for c in resubmitted.cells}
    assert cells["表三.new.商业企业"] == 1
    assert year_lock.compare_submitted(locked, 2025).differences == []
    rows = locked.conn.execute("SELECT count(*) FROM submitted_reports").fetchone()[0]
    assert rows == 2


def test_typed_table2_figures_of_a_submitted_year_need_a_reason(locked: Register) -> None:
    key = "2021.二.行政许可.本年处理决定数量"
    with pytest.raises(year_lock.ReasonRequired):
        year_lock.set_figures(locked, 2025, {key: "12"})
    assert year_lock.set_figures(locked, 2025, {"unit": "某某局"}) == 1  # the name is no figure
    assert year_lock.set_figures(locked, 2024, {"2021.二.行政许可.本年处理决定数量": "3"}) == 1
    year_lock.set_figures(locked, 2025, {key: "12"}, "漏填行政许可数")
    comparison = year_lock.compare_submitted(locked, 2025)
    assert [(d.row, d.column, d.submitted, d.now) for d in comparison.differences] == [
        ("行政许可", "本年处理决定数量", None, 12)
    ]
    assert (comparison.log[-1].action, comparison.log[-1].subject) == (
        "表二",
        "行政许可·本年处理决定数量",
    )
    # The same figure typed again ("12.0") is no change.
    assert year_lock.locks_moved_by_figures(locked, 2025, {key: "12.0"}) == []


def test_a_ledger_import_into_a_submitted_year_needs_a_reason(locked: Register, tmp_path) -> None:
    ledger = write_sheet(
        tmp_path / "补录.xlsx",
        HEADERS,
        [row_of(收到日期=D(2025, 11, 3)), row_of(收到日期=D(2026, 1, 8))],
    )
    before = snapshot(locked)
    with pytest.raises(year_lock.ReasonRequired):
        import_ledger(locked, ledger)
    assert snapshot(locked) == before
    result = import_ledger(locked, ledger, reason="补录纸质登记的申请")
    assert not result.errors and len(result.applications) == 2
    last = year_lock.compare_submitted(locked, 2025).log[-1]
    numbers = [a.number for a in result.applications]
    assert (last.action, last.reason) == ("导入", "补录纸质登记的申请")
    assert last.subject == f"2 件（{numbers[0]} … {numbers[-1]}）"
    # A ledger of 2026 only needs none.
    later = write_sheet(tmp_path / "2026.xlsx", HEADERS, [row_of(收到日期=D(2026, 2, 9))])
    assert not import_ledger(locked, later).errors


def test_documents_counted_in_a_submitted_table2_need_a_reason(locked: Register) -> None:
    from desktop.domain.documents import REGULATION, Document
    from desktop.store import documents as ds

    late = Document(
        "益政令〔2025〕3号", "益阳市某某管理办法", REGULATION, D(2025, 6, 1), D(2025, 6, 5)
    )
    with pytest.raises(year_lock.ReasonRequired) as refused:
        year_lock.save_document(locked, late)
    assert refused.value.years == [2025]
    assert ds.count(locked) == 0  # rolled back: nothing written
    # A document of a year not submitted needs none.
    year_lock.save_document(
        locked, Document("益政令〔2026〕1号", "新办法", REGULATION, D(2026, 2, 1), D(2026, 2, 3))
    )
    saved = year_lock.save_document(locked, late, "补登2025年漏登的规章")
    comparison = year_lock.compare_submitted(locked, 2025)
    assert any(d.table == "表二" and d.now == 1 for d in comparison.differences)
    assert (comparison.log[-1].action, comparison.log[-1].subject, comparison.log[-1].reason) == (
        "主动公开文件",
        "文件 益政令〔2025〕3号",
        "补登2025年漏登的规章",
    )
    assert saved.id is not None
    with pytest.raises(year_lock.ReasonRequired):
        year_lock.delete_document(locked, saved.id)
    assert not ds.get(locked, saved.id).deleted
    year_lock.delete_document(locked, saved.id, "登记错误")
    assert year_lock.compare_submitted(locked, 2025).log[-1].subject == "删除文件 益政令〔2025〕3号"
    with pytest.raises(year_lock.ReasonRequired):
        year_lock.restore_document(locked, saved.id)
    year_lock.restore_document(locked, saved.id, "误删")
    assert not ds.get(locked, saved.id).deleted


def test_a_holiday_notice_that_moves_a_submitted_figure_needs_a_reason(register: Register) -> None:
    from pathlib import Path

    from desktop.domain.holiday_notice import parse_notice
    from desktop.ops.calendar import import_notice
    from desktop.store import calendar_store

    text = (Path(__file__).parent.parent / "data" / "notices" / "2026.txt").read_text("utf-8")
    import_notice(register, parse_notice(text))
    # Received Mon 21 Sep 2026: its 20 working days skip 中秋 and the 国庆 week.
    app = register.add(_app(D(2026, 9, 21), applicant="李四"))

    def due_of() -> date:
        row = register.conn.execute("SELECT answer_due FROM applications WHERE id = ?", (app.id,))
        return date.fromisoformat(row.fetchone()[0])

    due = due_of()
    register.update(register.get(app.id).replace(answer_date=due, outcome="grant"))
    year_lock.mark_submitted(register, 2026, "2014")  # answered on time: 按时办结 1
    # A corrected notice: 国庆 three days, no 调休 — the due date comes earlier, the answer is late.
    corrected = text.replace(
        "10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。",
        "10月1日（周四）至3日（周六）放假，共3天。",
    )
    with pytest.raises(year_lock.ReasonRequired):
        import_notice(register, parse_notice(corrected))
    assert due_of() == due  # rolled back: calendar and due dates as before
    assert D(2026, 10, 6) in calendar_store.year_days(register, 2026)[0]
    import_notice(register, parse_notice(corrected), "国务院更正通知")
    assert due_of() < due
    comparison = year_lock.compare_submitted(register, 2026, "2014")
    assert comparison.differences  # 按时办结 moved
    assert (comparison.log[-1].action, comparison.log[-1].reason) == (
        "节假日安排",
        "国务院更正通知",
    )
