"""The year lock's two rules (issue 14), worked by hand on 2024–2026 dates: a submitted report compared
cell by cell with the report now, and whether an edit moves a submitted year's figures (the counting
rules of domain/counting.py, never restated)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop.domain import counting
from desktop.domain import report_formats as rf
from desktop.domain.application import Application
from desktop.domain.year_lock import (
    CellDifference,
    changed_locks,
    compare,
    counted_cells,
    describe,
    report_cells,
)

D = date
PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
L2024, L2025, L2026 = (2024, "2021"), (2025, "2021"), (2026, "2021")


def app(received: date, answered: date | None = None, **more) -> Application:
    outcome = more.pop("outcome", "grant" if answered else None)
    fields = dict(channel="网络", applicant_type="自然人", applicant="张三")
    fields.update(more)
    return Application(received, answer_date=answered, outcome=outcome, **fields)


def report(apps: list[Application], year: int, fmt: str = "2021") -> rf.Report:
    return counting.fill_counted(year, fmt, counting.tally(apps, year))


# ----------------------------------------------------------------------------- the cells


def test_cells_follow_the_printed_table_with_verbatim_labels() -> None:
    cells = report_cells(report([app(D(2025, 3, 3), D(2025, 3, 20))], 2025))
    # Table 二 (2021: 6 rows' figures: 2×3 + 1 + 2 + 1 = 10), 表三 25 rows × 7, 表四 15.
    assert len(cells) == 10 + 25 * 7 + 15
    assert [c.table for c in cells[:1]] == ["表二"] and cells[0].row == "规章"
    new = next(c for c in cells if c.key == "表三.new.自然人")
    assert (new.row, new.column, new.value) == ("一、本年新收政府信息公开申请数量", "自然人", 1)
    secret = next(c for c in cells if c.key == "表三.deny.secret.total")
    assert secret.row == "（三）不予公开／1.属于国家秘密" and secret.column == "总计"
    review = next(c for c in cells if c.key == "表四.review.结果维持")
    assert (review.table, review.row, review.column) == ("表四", "行政复议", "结果维持")
    direct = next(c for c in cells if c.key == "表四.direct.总计")
    assert direct.row == "行政诉讼／未经复议直接起诉" and direct.column == "总计"


def test_the_2014_table_is_its_items_without_headings() -> None:
    cells = report_cells(report([app(D(2016, 3, 3), D(2016, 3, 20), channel="传真")], 2016, "2014"))
    assert {c.table for c in cells} == {"统计表"}
    fax = next(c for c in cells if c.key == "统计表.received.fax")
    assert (fax.row, fax.column, fax.value) == ("2．传真申请数", "统计数", 1)
    assert not any(c.row == "一、主动公开情况" for c in cells)  # a heading has no figure


# ----------------------------------------------------------------------------- the comparison


def test_comparison_lists_only_the_cells_that_moved_with_their_difference() -> None:
    # Submitted on 2026-01-20: two applications received in 2025, one answered (予以公开), one open.
    granted = app(D(2025, 3, 3), D(2025, 3, 20))
    still_open = app(D(2025, 12, 29), applicant_type="商业企业")
    submitted = report_cells(report([granted, still_open], 2025))
    # Later the open one turns out to have been answered on 2025-12-31 (部分公开), and a third
    # application received 2025-11-04 had been forgotten.
    answered = still_open.replace(answer_date=D(2025, 12, 31), outcome="partial")
    forgotten = app(D(2025, 11, 4))
    now = report_cells(report([granted, answered, forgotten], 2025))

    found = {(d.row, d.column): (d.submitted, d.now, d.difference) for d in compare(submitted, now)}
    assert found == {
        ("一、本年新收政府信息公开申请数量", "自然人"): (1, 2, 1),
        ("一、本年新收政府信息公开申请数量", "总计"): (2, 3, 1),
        (PARTIAL, "商业企业"): (0, 1, 1),
        (PARTIAL, "总计"): (0, 1, 1),
        ("（七）总计", "商业企业"): (0, 1, 1),
        ("（七）总计", "总计"): (1, 2, 1),
        ("四、结转下年度继续办理", "商业企业"): (1, 0, -1),
        ("四、结转下年度继续办理", "自然人"): (0, 1, 1),
    }
    # The order is the table's: 一 before （二） before （七） before 四.
    rows = [d.row for d in compare(submitted, now)]
    assert rows.index("一、本年新收政府信息公开申请数量") < rows.index("四、结转下年度继续办理")


def test_an_emptied_or_filled_figure_has_no_difference_but_is_listed() -> None:
    before = report([], 2025)
    before.table2[rf.figure_key("2021", "行政许可", "本年处理决定数量")] = Decimal(12)
    before.table2[rf.figure_key("2021", "行政事业性收费", "本年收费金额（单位：万元）")] = Decimal(
        "1.5"
    )
    after = report([], 2025)
    after.table2[rf.figure_key("2021", "行政事业性收费", "本年收费金额（单位：万元）")] = Decimal(
        "1.50"
    )
    after.table2[rf.figure_key("2021", "行政处罚", "本年处理决定数量")] = Decimal(3)
    diffs = compare(report_cells(before), report_cells(after))
    assert diffs == [
        CellDifference(
            "2021.二.行政许可.本年处理决定数量",
            "表二",
            "行政许可",
            "本年处理决定数量",
            Decimal(12),
            None,
        ),
        CellDifference(
            "2021.二.行政处罚.本年处理决定数量",
            "表二",
            "行政处罚",
            "本年处理决定数量",
            None,
            Decimal(3),
        ),
    ]  # 1.5 万元 and 1.50 万元 are the same figure
    assert all(d.difference is None for d in diffs)


def test_identical_reports_compare_equal() -> None:
    apps = [app(D(2024, 12, 30), D(2025, 1, 6)), app(D(2025, 5, 5))]
    assert compare(report_cells(report(apps, 2025)), report_cells(report(apps, 2025))) == []


# ----------------------------------------------------------------------------- which edits move a year


def test_a_field_no_figure_reads_moves_nothing() -> None:
    old = app(D(2024, 12, 30), D(2025, 1, 6))
    assert (
        changed_locks([old], [old.replace(phone="13800000000", content="改了内容")], [L2024, L2025])
        == []
    )


def test_an_answer_moved_within_its_year_moves_nothing() -> None:
    # Received 2024-12-30, answered 2025-01-06: 2024 counts it received and carried out, 2025 carried
    # in and concluded. Answered on 2025-01-08 instead: the same cells, nothing to explain.
    old = app(D(2024, 12, 30), D(2025, 1, 6))
    assert changed_locks([old], [old.replace(answer_date=D(2025, 1, 8))], [L2024, L2025]) == []


def test_an_answer_moved_across_new_year_moves_both_years() -> None:
    old = app(D(2024, 12, 30), D(2025, 1, 6))
    earlier = old.replace(answer_date=D(2024, 12, 31))
    # 2024: concluded instead of carried out; 2025: no longer carried in nor concluded. 2026 untouched.
    assert changed_locks([old], [earlier], [L2024, L2025, L2026]) == [L2024, L2025]


def test_an_application_carried_over_two_year_ends_touches_every_year_it_is_counted_in() -> None:
    # Received 2024-11-04, answered 2026-02-03: 2024 new + carried out, 2025 carried in and out,
    # 2026 carried in + concluded. Its applicant type corrected: all three years move.
    old = app(D(2024, 11, 4), D(2026, 2, 3))
    fixed = old.replace(applicant_type="法律服务机构")
    assert changed_locks([old], [fixed], [L2024, L2025, L2026, (2023, "2021")]) == [
        L2024,
        L2025,
        L2026,
    ]


def test_a_review_counts_in_its_filing_year_and_a_later_decision_changes_nothing() -> None:
    # Answered 2025-03-20; 行政复议 filed 2026-02-10: only 2026's table 四 moves.
    old = app(D(2025, 3, 3), D(2025, 3, 20))
    reviewed = old.replace(review_date=D(2026, 2, 10), review_result="尚未审结")
    assert changed_locks([old], [reviewed], [L2025, L2026]) == [L2026]
    # Decided 2027-01-20 (结果维持): 2026 still counts it 尚未审结 (decision 4): no reason needed.
    decided = reviewed.replace(review_result="结果维持", review_result_date=D(2027, 1, 20))
    assert changed_locks([reviewed], [decided], [L2025, L2026]) == []
    # Decided 2026-12-31: 2026's 结果维持 and 尚未审结 move.
    in_time = decided.replace(review_result_date=D(2026, 12, 31))
    assert changed_locks([reviewed], [in_time], [L2026]) == [L2026]


def test_the_channel_moves_the_2014_table_only() -> None:
    old = app(D(2018, 5, 7), D(2018, 5, 25))
    by_fax = old.replace(channel="传真")
    assert changed_locks([old], [by_fax], [(2018, "2014")]) == [(2018, "2014")]
    assert changed_locks([old], [by_fax], [(2018, "2021")]) == []  # table 三 has no channel column


def test_an_answer_after_its_due_date_moves_the_2014_on_time_count() -> None:
    # Due 2018-06-04 (derived by the register; given here). Answered 2018-05-25 → 2018-06-08: late.
    old = app(D(2018, 5, 7), D(2018, 5, 25)).replace(answer_due=D(2018, 6, 4))
    late = old.replace(answer_date=D(2018, 6, 8)).replace(answer_due=D(2018, 6, 4))
    assert changed_locks([old], [late], [(2018, "2014")]) == [(2018, "2014")]
    on_time = old.replace(answer_date=D(2018, 6, 1)).replace(answer_due=D(2018, 6, 4))
    assert changed_locks([old], [on_time], [(2018, "2014")]) == []


def test_deleting_and_importing() -> None:
    received_late = app(D(2025, 12, 31))
    # Deleting it moves 2025 (new, carried out) and 2026 (carried in).
    assert changed_locks([received_late], [], [L2025, L2026]) == [L2025, L2026]
    # Importing applications received in 2026 leaves a submitted 2025 alone.
    imported = [app(D(2026, 1, 5)), app(D(2026, 3, 2), D(2026, 3, 20))]
    assert changed_locks([], imported, [L2025]) == []
    assert changed_locks([], [*imported, received_late], [L2025]) == [L2025]


def test_counted_cells_are_the_report_of_those_applications_only() -> None:
    cells = {c.key: c.value for c in counted_cells([app(D(2025, 12, 31))], L2025)}
    assert cells["表三.new.自然人"] == 1 and cells["表三.carried_out.total"] == 1
    assert cells["2021.二.规章.本年制发件数"] is None  # typed figures are not the applications'


def test_describe_names_years_and_a_format_that_is_not_the_years_own() -> None:
    assert describe([L2025, L2024]) == "2024年度、2025年度"
    assert describe([(2025, "2014")]) == "2025年度（2014年格式）"
