"""Decision 4 with result dates: a 复议/诉讼 filed in Y counts under its result in Y's table 四 only if
decided on or before 31 December of Y; decided later it is 尚未审结 there, even once the result is
entered. A result without a date (registers from before schema v8) counts as decided.

Hand-computed scenario, every case filed in 2025 (applications received and answered before):
  A 复议 2025-11-10, 维持 on 2026-01-20            → 2025 复议 尚未审结
  B 复议 2025-03-01, 维持 on 2025-06-01            → 2025 复议 维持
    诉讼 复议后起诉 2025-07-01, 维持, no date      → 2025 复议后起诉 维持 (old data: decided)
  C 复议 2025-05-05, 纠正, no date                  → 2025 复议 纠正 (old data: decided)
  D 复议 2025-12-31, 其他结果 on 2025-12-31         → 2025 复议 其他结果 (the last day counts)
  E 诉讼 未经复议 2025-10-01, 纠正 on 2026-03-01    → 2025 直接起诉 尚未审结
  F 诉讼 未经复议 2025-02-01, 纠正 on 2025-09-01    → 2025 直接起诉 纠正
  G 复议 2025-06-15, 纠正 on 2025-08-01             → 2025 复议 纠正
    诉讼 复议后起诉 2025-12-20, 其他结果 on 2026-01-05 → 2025 复议后起诉 尚未审结
2025 table 四: 复议 1 2 1 1 | 5; 直接起诉 0 1 0 1 | 2; 复议后起诉 1 0 0 1 | 2.
2026 table 四: nothing (nothing was filed in 2026).
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from desktop.domain import report_formats as rf
from desktop.domain.application import Application
from desktop.store import rows as rowmap
from desktop.store.register import Register
from desktop.store.register_checks import check_register
from desktop.store.schema import MIGRATIONS, SCHEMA_VERSION
from desktop.store.statistics import applications_behind, compute_report

D = date
DIRECT, AFTER = "未经复议直接起诉", "复议后起诉"


def case(received: date, **remedy) -> Application:
    return Application(
        receipt_date=received,
        channel="网络",
        applicant_type="自然人",
        applicant=f"申请人{received.isoformat()}",
        answer_date=received.replace(day=received.day + 9),
        outcome="grant",
        **remedy,
    )


def build(register: Register) -> dict[str, int]:
    cases = {
        "A": case(
            D(2025, 10, 1),
            review_date=D(2025, 11, 10),
            review_result="结果维持",
            review_result_date=D(2026, 1, 20),
        ),
        "B": case(
            D(2025, 2, 1),
            review_date=D(2025, 3, 1),
            review_result="结果维持",
            review_result_date=D(2025, 6, 1),
            litigation_type=AFTER,
            litigation_date=D(2025, 7, 1),
            litigation_result="结果维持",
        ),
        "C": case(D(2025, 4, 1), review_date=D(2025, 5, 5), review_result="结果纠正"),
        "D": case(
            D(2025, 12, 1),
            review_date=D(2025, 12, 31),
            review_result="其他结果",
            review_result_date=D(2025, 12, 31),
        ),
        "E": case(
            D(2025, 9, 1),
            litigation_type=DIRECT,
            litigation_date=D(2025, 10, 1),
            litigation_result="结果纠正",
            litigation_result_date=D(2026, 3, 1),
        ),
        "F": case(
            D(2025, 1, 5),
            litigation_type=DIRECT,
            litigation_date=D(2025, 2, 1),
            litigation_result="结果纠正",
            litigation_result_date=D(2025, 9, 1),
        ),
        "G": case(
            D(2025, 6, 1),
            review_date=D(2025, 6, 15),
            review_result="结果纠正",
            review_result_date=D(2025, 8, 1),
            litigation_type=AFTER,
            litigation_date=D(2025, 12, 20),
            litigation_result="其他结果",
            litigation_result_date=D(2026, 1, 5),
        ),
    }
    return {key: register.add(app).id for key, app in cases.items()}


@pytest.fixture
def scenario(register):
    return register, build(register)


EXPECTED_2025 = [1, 2, 1, 1, 5, 0, 1, 0, 1, 2, 1, 0, 0, 1, 2]


def test_table4_of_the_filing_year_and_the_next(scenario):
    register, _ = scenario
    assert compute_report(register, 2025).table4 == EXPECTED_2025
    assert compute_report(register, 2026).table4 == [0] * 15


def test_every_table4_number_is_the_length_of_its_drill_down(scenario):
    register, ids = scenario
    for column, value in zip(rf.TABLE4.columns, EXPECTED_2025, strict=True):
        behind = applications_behind(register, 2025, "2021", "table4", column.key)
        assert len(behind) == value, column.key
    by_id = {v: k for k, v in ids.items()}

    def keys(column: str) -> list[str]:
        return sorted(
            by_id[i] for i in applications_behind(register, 2025, "2021", "table4", column)
        )

    assert keys("review.尚未审结") == ["A"]
    assert keys("review.结果维持") == ["B"]
    assert keys("review.结果纠正") == ["C", "G"]
    assert keys("review.其他结果") == ["D"]
    assert keys("direct.尚未审结") == ["E"]
    assert keys("direct.结果纠正") == ["F"]
    assert keys("after_review.结果维持") == ["B"]
    assert keys("after_review.尚未审结") == ["G"]


def test_entering_next_years_result_leaves_the_filing_years_report_unchanged(register):
    """The reported bug: the clerk enters in 2026 the result of a 2025 case; 2025 must not move."""
    app = register.add(case(D(2025, 10, 1), review_date=D(2025, 11, 10), review_result="尚未审结"))
    before = compute_report(register, 2025).table4
    assert before[:5] == [0, 0, 0, 1, 1]
    register.update(
        register.get(app.id).replace(review_result="结果维持", review_result_date=D(2026, 1, 20))
    )
    assert compute_report(register, 2025).table4 == before
    # Without its date the result is taken as decided in time (older data, documented).
    register.update(register.get(app.id).replace(review_result_date=None))
    assert compute_report(register, 2025).table4[:5] == [1, 0, 0, 0, 1]


def test_2014_statistics_use_the_same_rule(register):
    # 2014 统计表 years (2014–2018): one review decided in the year, one decided the year after.
    late = register.add(
        case(
            D(2017, 3, 1),
            review_date=D(2017, 11, 1),
            review_result="结果纠正",
            review_result_date=D(2018, 2, 1),
        )
    )
    in_time = register.add(
        case(
            D(2017, 3, 2),
            review_date=D(2017, 4, 1),
            review_result="结果纠正",
            review_result_date=D(2017, 5, 1),
        )
    )
    s = compute_report(register, 2017, "2014").statistics
    assert (s["review"], s["review.corrected"]) == (2, 1)
    assert applications_behind(register, 2017, "2014", "review.corrected", "value") == [in_time.id]
    assert late.id in applications_behind(register, 2017, "2014", "review", "value")


def test_a_version_7_register_gains_the_columns_and_keeps_its_results(tmp_path):
    """A register written before the result dates opens, migrates, and counts its results as before."""
    path = tmp_path / "old.ogidb"
    conn = sqlite3.connect(path, isolation_level=None)
    for migrate in MIGRATIONS[:7]:
        migrate(conn)
    conn.execute(
        "INSERT INTO applications (number, channel, receipt_date, applicant_type, applicant, "
        "answer_date, outcome, review_date, review_result, created_at, updated_at) VALUES "
        "('2025-0001', '网络', '2025-02-01', '自然人', '甲', '2025-02-10', 'grant', '2025-03-01', "
        "'结果维持', 'x', 'x')"
    )
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    register = Register.open(path)
    try:
        assert register.schema_version() == SCHEMA_VERSION >= 8
        columns = {r[1] for r in register.conn.execute("PRAGMA table_info(applications)")}
        assert {"review_result_date", "litigation_result_date"} <= columns
        old = register.get_by_number("2025-0001")
        assert old.review_result == "结果维持" and old.review_result_date is None
        assert compute_report(register, 2025).table4[:5] == [1, 0, 0, 0, 1]
    finally:
        register.close()


def test_stored_fields_include_the_result_dates():
    assert {"review_result_date", "litigation_result_date"} <= set(rowmap.STORED_FIELDS)


def test_register_check_names_a_result_date_before_its_filing(register):
    app = register.add(case(D(2025, 2, 1), review_date=D(2025, 3, 1), review_result="结果维持"))
    # A hand-edited file (the form and the importers refuse this).
    register.conn.execute(
        "UPDATE applications SET review_result_date = '2025-02-20' WHERE id = ?", (app.id,)
    )
    problems = {p.code: p for p in check_register(register)}
    assert problems["result_date_inconsistent"].numbers == [app.number]
