"""The due-date board's queries on a register, against a fixed 'today' (2026-03-16, Monday)."""

from __future__ import annotations

from datetime import date

from desktop.domain.application import Application
from desktop.domain.deadlines import OPEN, OVERDUE
from desktop.store.due_queries import due_board, query_plan
from desktop.store.register import Register

D = date
TODAY = D(2026, 3, 16)  # horizon: 3/17, 18, 19, 20, 23 → 2026-03-23


def app(receipt: date, applicant: str, **fields: object) -> Application:
    return Application(
        receipt_date=receipt, channel="当面", applicant_type="自然人", applicant=applicant, **fields
    )


def fill(register: Register) -> dict[str, int]:
    ids = {}
    # Due dates worked out by hand (tests/domain/test_deadlines.py for the first four).
    ids["E"] = register.add(app(D(2026, 2, 9), "超期甲")).id  # due 3/13 → overdue
    ids["I"] = register.add(
        app(
            D(2026, 2, 9),
            "延迟乙",
            due_override_date=D(2026, 3, 10),
            due_override_reason="第三十五条",
        )
    ).id  # due 3/10 → overdue
    # 2/11–13:3, 2/14:4, 2/24–27:8, 2/28:9, 3/2–6:14, 9–13:19, 3/16:20 → due today.
    ids["H"] = register.add(app(D(2026, 2, 10), "今天丙")).id
    ids["A"] = register.add(app(D(2026, 2, 13), "将到丁")).id  # due 3/19
    ids["B"] = register.add(app(D(2026, 2, 15), "将到戊")).id  # due 3/20
    ids["C"] = register.add(app(D(2026, 2, 24), "将到己")).id  # due 3/23 = horizon, included
    # 2/26–27:2, 2/28:3, 3/2–6:8, 9–13:13, 16–20:18, 3/23–24:20 → 3/24, after the horizon.
    ids["D"] = register.add(app(D(2026, 2, 25), "未到庚")).id
    ids["F"] = register.add(
        app(D(2026, 2, 9), "已办辛", answer_date=D(2026, 3, 1), outcome="grant")
    ).id
    ids["G"] = register.add(app(D(2026, 2, 9), "已删壬")).id
    register.delete(ids["G"])
    # Consultation sent 3/12, no reply: counted 2/10–3/12 = 19 days, pause (3/12, 3/16] = 3/13, 3/16,
    # resumes 3/17 → provisional due 3/17 on 3/16.
    ids["K"] = register.add(app(D(2026, 2, 9), "暂停癸", consultation_sent_date=D(2026, 3, 12))).id
    register.refresh_provisional_deadlines(TODAY)
    return ids


def test_board_groups(register: Register) -> None:
    ids = fill(register)
    board = due_board(register, TODAY)
    assert board.horizon == D(2026, 3, 23)
    assert [r.id for r in board.overdue] == [ids["I"], ids["E"]]
    assert [r.answer_due for r in board.overdue] == [D(2026, 3, 10), D(2026, 3, 13)]
    assert all(r.status == OVERDUE for r in board.overdue)
    assert [r.overridden for r in board.overdue] == [True, False]
    assert [r.id for r in board.due_today] == [ids["H"]]
    assert [r.id for r in board.due_soon] == [ids["K"], ids["A"], ids["B"], ids["C"]]
    assert all(r.status == OPEN for r in board.due_today + board.due_soon)
    assert [r.provisional for r in board.due_soon] == [True, False, False, False]
    assert (board.overdue_count, board.due_today_count, board.due_soon_count) == (2, 1, 4)
    assert board.needs_attention


def test_limit_keeps_counts_complete(register: Register) -> None:
    fill(register)
    board = due_board(register, TODAY, limit=1)
    assert len(board.due_soon) == 1 and board.due_soon_count == 4


def test_empty_board(register: Register) -> None:
    fill(register)
    board = due_board(register, D(2026, 1, 5))
    assert not board.needs_attention and board.overdue == []


def test_unconfirmed_rows_are_flagged(register: Register) -> None:
    # due 2027-01-13 through unknown 2027 (元旦 off by the 放假办法, decision 6 v2)
    register.add(app(D(2026, 12, 15), "跨年"))
    board = due_board(register, D(2027, 1, 13))
    assert [(r.answer_due, r.confirmed) for r in board.due_today] == [(D(2027, 1, 13), False)]


def test_board_uses_the_partial_index(register: Register) -> None:
    assert "ix_app_open_due" in query_plan(register, TODAY)


def test_working_days_overdue_and_left_are_counted_with_the_calendar(register: Register) -> None:
    # Counted on the worker with the board (the window only formats them): 3/10 → 3/16 is
    # 3/11, 12, 13, 16 = 4 working days late; 3/13 → 3/16 one (the weekend skipped); 3/16 → 3/23
    # five left (3/17, 18, 19, 20, 23); due today: 0.
    ids = fill(register)
    board = due_board(register, TODAY)
    days = {r.id: r.working_days for r in board.overdue + board.due_today + board.due_soon}
    assert days[ids["I"]] == 4 and days[ids["E"]] == 1
    assert days[ids["H"]] == 0
    assert days[ids["A"]] == 3 and days[ids["C"]] == 5
