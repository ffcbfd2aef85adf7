"""The logic checks run on plain numbers and name the row and column of every failure."""

from __future__ import annotations

from decimal import Decimal

from desktop.domain import report_formats as rf
from desktop.domain.checks import RULES, check_carry_over, run_checks


def balanced_2021() -> rf.Report:
    """A consistent table 三: 5 new + 1 carried = 4 concluded + 2 carried out, all 自然人 but one."""
    table = rf.FORMAT_2021.table3
    rows = {r.key: [0] * 7 for r in table.rows}
    rows[rf.NEW] = [4, 1, 0, 0, 0, 0, 5]
    rows[rf.CARRIED_IN] = [1, 0, 0, 0, 0, 0, 1]
    rows["grant"] = [2, 1, 0, 0, 0, 0, 3]
    rows["other.other"] = [1, 0, 0, 0, 0, 0, 1]
    rows[rf.TOTAL] = [3, 1, 0, 0, 0, 0, 4]
    rows[rf.CARRIED_OUT] = [2, 0, 0, 0, 0, 0, 2]
    t4 = [1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1]
    return rf.Report(2024, "2021", table3=rows, table4=t4)


def failures(report, code):
    rule = next(r for r in RULES if r.code == code)
    return rule.check(report, report.spec)


def test_a_consistent_report_passes_every_rule():
    results = run_checks(balanced_2021())
    assert len(results) == 5
    assert all(r.ok for r in results)
    assert results[0].as_json() == {
        "ok": True,
        "rule": "表三：每一列第一项加第二项之和，等于第三项（七）总计加第四项之和",
        "failures": [],
    }


def test_balance_failure_names_the_column_and_both_sides():
    report = balanced_2021()
    report.table3[rf.NEW] = [5, 1, 0, 0, 0, 0, 6]
    found = failures(report, "table3.balance")
    assert [(f.column, f.row) for f in found] == [("自然人", "（七）总计"), ("总计", "（七）总计")]
    assert "为 6，三（七）总计（3）加四、结转下年度继续办理（2）为 5" in found[0].message


def test_total_column_failure_names_the_row():
    report = balanced_2021()
    report.table3["grant"] = [2, 1, 0, 0, 0, 0, 4]
    found = failures(report, "table3.total_column")
    assert len(found) == 1
    assert found[0].row == "（一）予以公开"
    assert found[0].message == "表三“（一）予以公开”行：总计为 4，但六类申请人之和为 3"


def test_total_row_is_the_sum_of_the_leaves():
    report = balanced_2021()
    report.table3["deny.secret"] = [0, 0, 1, 0, 0, 0, 1]
    found = failures(report, "table3.total_row")
    assert [f.column for f in found] == ["科研机构", "总计"]
    assert "（七）总计为 4，但（一）至（六）各项之和为 5" in found[1].message


def test_table4_group_sums():
    report = balanced_2021()
    report.table4[9] = 3  # 未经复议直接起诉-总计 with nothing under it
    found = failures(report, "table4.groups")
    assert len(found) == 1
    assert found[0].column == "未经复议直接起诉-总计"
    assert found[0].table == "表四"


def test_negative_numbers_are_refused():
    report = balanced_2021()
    report.table4[0] = -1
    report.table4[4] = 0
    found = failures(report, "non_negative")
    assert [f.column for f in found] == ["行政复议-结果维持"]


def test_2019_report_uses_its_own_rows():
    table = rf.FORMAT_2019.table3
    rows = {r.key: [0] * 7 for r in table.rows}
    rows[rf.NEW] = rows["other"] = rows[rf.TOTAL] = [0, 0, 0, 0, 0, 1, 1]
    report = rf.Report(2020, "2019", table3=rows)
    assert all(r.ok for r in run_checks(report))
    rows["other"] = [0] * 7
    assert [f.column for f in failures(report, "table3.total_row")] == ["其他", "总计"]


def test_carry_over_between_years():
    this, last = balanced_2021(), balanced_2021()
    last.year = 2023
    last.table3[rf.CARRIED_OUT] = [1, 0, 0, 0, 0, 0, 1]
    assert check_carry_over(this, last).ok
    last.table3[rf.CARRIED_OUT] = [2, 0, 0, 0, 0, 0, 2]
    result = check_carry_over(this, last)
    assert not result.ok
    assert result.failures[0].message == (
        "表三“自然人”列：2024年“二、上年结转”为 1，但2023年“四、结转下年度继续办理”为 2"
    )


def test_2014_identities():
    stats = {i.key: 0 for i in rf.STATISTICS_2014.items if i.source != rf.HEADING}
    stats.update(
        {"received": 3, "received.in_person": 1, "received.letter": 2, "fees": Decimal("0.01")}
    )
    stats.update({"concluded": 2, "concluded.on_time": 2, "answered": 2, "answered.grant": 1})
    stats.update({"answered.deny": 1, "answered.deny.secret": 1, "review": 2, "review.other": 1})
    report = rf.Report(2016, "2014", statistics=stats)
    assert all(r.ok for r in run_checks(report))
    stats["received.fax"] = 1
    stats["review.upheld"] = 2
    bad = [r for r in run_checks(report) if not r.ok]
    assert [r.rule for r in bad] == [
        "统计表：收到申请数等于当面、传真、网络、信函申请数之和",
        "统计表：行政复议数量不小于维持、纠错、其他情形数之和",
    ]
    assert bad[0].failures[0].message.startswith("统计表“（一）收到申请数”为 3，但1．当面申请数")
    # Typed-in items left empty count as 0.
    stats["complaints"] = None
    assert failures(report, "2014.complaints") == []


def test_a_2014_report_checks_its_own_numbers_for_negatives_not_tables_it_lacks():
    stats = {i.key: 0 for i in rf.STATISTICS_2014.items if i.source != rf.HEADING}
    report = rf.Report(2016, "2014", statistics=stats)
    rules = [r.rule for r in run_checks(report)]
    assert "表三、表四：各项数字不能为负数" not in rules  # the 2014 table has neither
    assert "统计表：各项数字不能为负数" in rules
    stats["staffing.part_time"] = Decimal(-2)  # typed into another unit's workbook
    found = failures(report, "2014.non_negative")
    assert [f.row for f in found] == ["2．兼职人员数"]
    assert found[0].message == "统计表“2．兼职人员数”为 -2，不能为负数"
