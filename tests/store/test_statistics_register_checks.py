"""Register-level checks find the applications that would make a report wrong, by number."""

from __future__ import annotations

from datetime import date

from desktop.domain.application import Application
from desktop.domain.checks import run_checks
from desktop.store.register_checks import check_register
from desktop.store.statistics import compute_report


def base(number: str, received: date, **more) -> Application:
    return Application(
        receipt_date=received, channel="网络", applicant_type="自然人", applicant="张三",
        number=number, **more,
    )  # fmt: skip


def test_a_clean_register_has_no_problems(register):
    register.add(base("2024-0001", date(2024, 3, 1), answer_date=date(2024, 3, 5), outcome="grant"))
    assert check_register(register) == []
    assert check_register(register, 2024) == []


def test_bad_rows_written_behind_the_forms_back_are_named(register):
    register.add_many(
        [
            base("2024-0001", date(2024, 3, 1), answer_date=date(2024, 3, 5), outcome="grant"),
            base("2024-0002", date(2024, 3, 2)),
            base("2024-0003", date(2024, 3, 3)),
            base("2024-0004", date(2024, 3, 4), answer_date=date(2024, 3, 9), outcome="partial"),
            base("2023-0009", date(2023, 5, 4), answer_date=date(2023, 5, 9), outcome="partial"),
        ]
    )
    conn = register.conn
    # What an import from an old version or a hand edit of the file could leave behind.
    conn.execute("UPDATE applications SET outcome = 'grant' WHERE number = '2024-0002'")
    conn.execute("UPDATE applications SET answer_date = '2024-03-10' WHERE number = '2024-0003'")
    conn.execute("UPDATE applications SET answer_date = '2024-02-01' WHERE number = '2024-0004'")
    conn.execute("UPDATE applications SET answer_date = '2023-05-01' WHERE number = '2023-0009'")
    conn.execute("UPDATE applications SET applicant_type = '个人' WHERE number = '2024-0001'")
    problems = {p.code: p for p in check_register(register)}
    assert problems["open_with_outcome"].numbers == ["2024-0002"]
    assert problems["concluded_without_outcome"].numbers == ["2024-0003"]
    assert problems["answer_before_receipt"].numbers == ["2023-0009", "2024-0004"]
    assert problems["unknown_applicant_type"].numbers == ["2024-0001"]
    assert str(problems["concluded_without_outcome"]) == (
        "已填写答复日期，但未选择办理结果（不能计入表三的任何一行）：2024-0003（共 1 件）"
    )
    # Scoped to 2023, only 2023's application is looked at.
    assert [p.code for p in check_register(register, 2023)] == ["answer_before_receipt"]
    # The concluded-without-outcome row is counted in （七）总计 but in no leaf: the check fails.
    report = compute_report(register, 2024)
    assert not next(c for c in run_checks(report) if "（七）总计等于" in c.rule).ok


def test_deleted_rows_are_not_reported(register):
    saved = register.add(base("2024-0001", date(2024, 3, 1)))
    register.conn.execute("UPDATE applications SET outcome = 'grant' WHERE id = ?", (saved.id,))
    assert [p.code for p in check_register(register)] == ["open_with_outcome"]
    register.delete(saved.id)
    assert check_register(register) == []


def test_review_and_litigation_consistency(register):
    saved = register.add(base("2024-0001", date(2024, 3, 1), answer_date=date(2024, 3, 5),
                              outcome="grant"))  # fmt: skip
    register.conn.execute(
        "UPDATE applications SET review_result = '驳回', litigation_type = '复议后起诉', "
        "litigation_date = '2024-02-01' WHERE id = ?",
        (saved.id,),
    )
    codes = {p.code for p in check_register(register)}
    assert codes == {
        "review_result_without_date",
        "unknown_review_result",
        "litigation_after_review_without_review",
        "review_before_receipt",
    }


def test_a_date_after_today_is_named(register):
    from datetime import timedelta

    today = date.today()
    register.add_many(
        [
            base("2024-0001", date(2024, 3, 1), answer_date=date(2024, 3, 5), outcome="grant"),
            base("2024-0002", date(2024, 3, 2), answer_date=date(2024, 3, 6), outcome="grant"),
            base("2024-0003", date(2024, 3, 3), answer_date=date(2024, 3, 7), outcome="grant"),
            base("2024-0004", date(2024, 3, 4), answer_date=date(2024, 3, 8), outcome="grant"),
        ]
    )
    # A year typed as 2052 for 2025, behind the form's back (an old ledger, a hand edit).
    later = (today + timedelta(days=400)).isoformat()
    register.conn.execute(
        "UPDATE applications SET answer_date = ? WHERE number = '2024-0002'", (later,)
    )
    register.conn.execute(
        "UPDATE applications SET review_date = ? WHERE number = '2024-0003'", (later,)
    )
    register.conn.execute(
        "UPDATE applications SET review_date = '2024-04-01', review_result = '结果维持', "
        "review_result_date = ? WHERE number = '2024-0004'",
        (later,),
    )
    problems = {p.code: p for p in check_register(register)}
    assert problems["date_after_today"].numbers == ["2024-0002", "2024-0003", "2024-0004"]
    assert problems["date_after_today"].message.startswith("收到日期、答复日期")
    # Today itself is fine.
    register.conn.execute(
        "UPDATE applications SET answer_date = ?, review_date = NULL WHERE number IN "
        "('2024-0002', '2024-0003')",
        (today.isoformat(),),
    )
    register.conn.execute(
        "UPDATE applications SET review_result_date = ? WHERE number = '2024-0004'",
        (today.isoformat(),),
    )
    assert "date_after_today" not in {p.code for p in check_register(register)}
