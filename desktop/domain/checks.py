"""Logic checks (勾稽关系) of an annual report, as a list of rules over plain numbers.

The rules read a `Report` (numbers keyed by the format's declared keys), never the register, so
`ogi check` runs them unchanged on numbers read from another unit's workbook. Each rule has a Chinese
sentence saying what must hold; each failure names the table, the row label and the column, with the
two sides of the equation.

Rules: table 三 一+二 = 三（七）+四 in every column (the corner note; decision 2); the 总计 column is the
sum of the six applicant columns; （七）总计 is the sum of the outcome rows; in table 四 each 总计 is
the sum of its group's four results (decision 4); across years 二 of Y = 四 of Y−1; and the sums of
the 2014 统计表.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.domain import report_formats as rf
from desktop.domain.report_formats import Report


@dataclass(frozen=True)
class Failure:
    table: str  # "表三", "表四", "统计表"
    row: str  # verbatim row label ("" for table 四's single line)
    column: str  # column name ("" for the 2014 table's single value column)
    message: str  # full Chinese sentence

    def __str__(self) -> str:
        return self.message


@dataclass
class CheckResult:
    rule: str
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def as_json(self) -> dict[str, object]:
        return {"ok": self.ok, "rule": self.rule, "failures": [f.message for f in self.failures]}


@dataclass(frozen=True)
class Rule:
    code: str
    text: str  # what must hold, in Chinese (the JSON "rule")
    applies: Callable[[rf.ReportFormat], bool]
    check: Callable[[Report, rf.ReportFormat], list[Failure]]


T3, T4, T2014 = "表三", "表四", "统计表"


def _has_table3(fmt: rf.ReportFormat) -> bool:
    return fmt.table3 is not None


def _has_table4(fmt: rf.ReportFormat) -> bool:
    return fmt.table4 is not None


def _has_statistics(fmt: rf.ReportFormat) -> bool:
    return fmt.statistics is not None


def _row(report: Report, key: str) -> list[int]:
    return report.table3.get(key, [0] * len(rf.TABLE3_COLUMNS))


def _balance(report: Report, fmt: rf.ReportFormat) -> list[Failure]:
    table = fmt.table3
    assert table is not None
    new, carried_in = _row(report, rf.NEW), _row(report, rf.CARRIED_IN)
    total, carried_out = _row(report, rf.TOTAL), _row(report, rf.CARRIED_OUT)
    failures = []
    for i, column in enumerate(table.columns):
        left, right = new[i] + carried_in[i], total[i] + carried_out[i]
        if left != right:
            failures.append(
                Failure(
                    T3,
                    rf.ROW_TOTAL_LABEL,
                    column.name,
                    f"表三“{column.name}”列：一、本年新收（{new[i]}）加二、上年结转（{carried_in[i]}）"
                    f"为 {left}，三（七）总计（{total[i]}）加四、结转下年度继续办理"
                    f"（{carried_out[i]}）为 {right}，两者不相等",
                )
            )
    return failures


def _total_column(report: Report, fmt: rf.ReportFormat) -> list[Failure]:
    table = fmt.table3
    assert table is not None
    failures = []
    for row in table.rows:
        values = _row(report, row.key)
        if sum(values[:-1]) != values[-1]:
            failures.append(
                Failure(
                    T3,
                    row.label,
                    rf.TOTAL_LABEL,
                    f"表三“{row.label}”行：总计为 {values[-1]}，"
                    f"但六类申请人之和为 {sum(values[:-1])}",
                )
            )
    return failures


def _total_row(report: Report, fmt: rf.ReportFormat) -> list[Failure]:
    table = fmt.table3
    assert table is not None
    total = _row(report, rf.TOTAL)
    failures = []
    for i, column in enumerate(table.columns):
        leaves = sum(_row(report, r.key)[i] for r in table.outcome_rows)
        if leaves != total[i]:
            failures.append(
                Failure(
                    T3,
                    rf.ROW_TOTAL_LABEL,
                    column.name,
                    f"表三“{column.name}”列：（七）总计为 {total[i]}，"
                    f"但（一）至（六）各项之和为 {leaves}",
                )
            )
    return failures


def _table4_groups(report: Report, fmt: rf.ReportFormat) -> list[Failure]:
    table = fmt.table4
    assert table is not None
    failures = []
    for group, parts, total in table.groups():
        got = sum(report.table4[i] for i in parts)
        if got != report.table4[total]:
            failures.append(
                Failure(
                    T4,
                    "",
                    table.columns[total].name,
                    f"表四“{group}”：总计为 {report.table4[total]}，"
                    f"但结果维持、结果纠正、其他结果、尚未审结之和为 {got}",
                )
            )
    return failures


def _non_negative(report: Report, fmt: rf.ReportFormat) -> list[Failure]:
    failures = []
    if fmt.table3 is not None:
        for row in fmt.table3.rows:
            for column, value in zip(fmt.table3.columns, _row(report, row.key), strict=True):
                if value < 0:
                    failures.append(
                        Failure(
                            T3,
                            row.label,
                            column.name,
                            f"表三“{row.label}”行“{column.name}”列为负数",
                        )
                    )
    if fmt.table4 is not None:
        for column, value in zip(fmt.table4.columns, report.table4, strict=True):
            if value < 0:
                failures.append(Failure(T4, "", column.name, f"表四“{column.name}”为负数"))
    return failures


def _statistics_non_negative(report: Report, fmt: rf.ReportFormat) -> list[Failure]:
    # A typed-in item of another unit's workbook may be negative; the 2014 table has no 增/减 item.
    table = fmt.statistics
    assert table is not None
    return [
        Failure(T2014, item.label, "", f"统计表“{item.label}”为 {value}，不能为负数")
        for item in table.items
        if (value := report.statistics.get(item.key)) is not None and value < 0
    ]


def _item(report: Report, key: str) -> rf.Number:
    value = report.statistics.get(key)
    return 0 if value is None else value


def _sum_rule(
    total: str, parts: tuple[str, ...], relation: str = "="
) -> Callable[[Report, rf.ReportFormat], list[Failure]]:
    """A 2014 identity: item `total` equals (or, with ">=", is at least) the sum of `parts`."""

    def check(report: Report, fmt: rf.ReportFormat) -> list[Failure]:
        table = fmt.statistics
        assert table is not None
        whole = _item(report, total)
        got = sum(_item(report, p) for p in parts)
        ok = whole >= got if relation == ">=" else whole == got
        if ok:
            return []
        label = table.item(total).label
        names = "、".join(table.item(p).label for p in parts)
        return [
            Failure(
                T2014,
                label,
                "",
                f"统计表“{label}”为 {whole}，但{names}之和为 {got}"
                + ("，总数不应小于分项之和" if relation == ">=" else ""),
            )
        ]

    return check


_DENY_PARTS = (
    "answered.deny.secret",
    "answered.deny.commercial",
    "answered.deny.privacy",
    "answered.deny.security",
    "answered.deny.not_gov_info",
    "answered.deny.other_law",
)
_ANSWER_PARTS = (
    "answered.published",
    "answered.grant",
    "answered.partial",
    "answered.deny",
    "answered.not_ours",
    "answered.not_exist",
    "answered.amend",
    "answered.other_route",
)

RULES: tuple[Rule, ...] = (
    Rule(
        "table3.balance",
        "表三：每一列第一项加第二项之和，等于第三项（七）总计加第四项之和",
        _has_table3,
        _balance,
    ),
    Rule("table3.total_column", "表三：每一行的总计等于六类申请人之和", _has_table3, _total_column),
    Rule(
        "table3.total_row",
        "表三：（七）总计等于本年度办理结果各项（（一）至（六））之和",
        _has_table3,
        _total_row,
    ),
    Rule(
        "table4.groups",
        "表四：行政复议、未经复议直接起诉、复议后起诉各自的总计等于结果维持、结果纠正、其他结果、尚未审结之和",
        _has_table4,
        _table4_groups,
    ),
    Rule(
        "non_negative",
        "表三、表四：各项数字不能为负数",
        lambda f: _has_table3(f) or _has_table4(f),
        _non_negative,
    ),
    Rule(
        "2014.non_negative",
        "统计表：各项数字不能为负数",
        _has_statistics,
        _statistics_non_negative,
    ),
    Rule(
        "2014.received",
        "统计表：收到申请数等于当面、传真、网络、信函申请数之和",
        _has_statistics,
        _sum_rule(
            "received",
            ("received.in_person", "received.fax", "received.online", "received.letter"),
        ),
    ),
    Rule(
        "2014.concluded",
        # Decision 7 v2: a late answer is 办结 but neither 按时 nor 延期, so only "not less than".
        "统计表：申请办结数不小于按时办结数与延期办结数之和（差额为逾期办结）",
        _has_statistics,
        _sum_rule("concluded", ("concluded.on_time", "concluded.extended"), ">="),
    ),
    Rule(
        "2014.answered",
        "统计表：申请答复数等于答复各项（1至8）之和",
        _has_statistics,
        _sum_rule("answered", _ANSWER_PARTS),
    ),
    Rule(
        "2014.deny",
        "统计表：不同意公开答复数等于其中各项之和",
        _has_statistics,
        _sum_rule("answered.deny", _DENY_PARTS),
    ),
    Rule(
        "2014.review",
        "统计表：行政复议数量不小于维持、纠错、其他情形数之和",
        _has_statistics,
        _sum_rule("review", ("review.upheld", "review.corrected", "review.other"), ">="),
    ),
    Rule(
        "2014.litigation",
        "统计表：行政诉讼数量不小于维持（驳回）、纠错、其他情形数之和",
        _has_statistics,
        _sum_rule(
            "litigation", ("litigation.upheld", "litigation.corrected", "litigation.other"), ">="
        ),
    ),
    Rule(
        "2014.complaints",
        "统计表：举报投诉数量不小于维持、纠错、其他情形数之和",
        _has_statistics,
        _sum_rule(
            "complaints", ("complaints.upheld", "complaints.corrected", "complaints.other"), ">="
        ),
    ),
)

CROSS_YEAR_RULE = "表三：本年“二、上年结转”等于上一年“四、结转下年度继续办理”（每一列）"


def run_checks(report: Report) -> list[CheckResult]:
    """Every rule that applies to the report's format, in declaration order."""
    fmt = report.spec
    return [CheckResult(r.text, r.check(report, fmt)) for r in RULES if r.applies(fmt)]


def check_carry_over(report: Report, previous: Report) -> CheckResult:
    """二 of year Y equals 四 of year Y−1, column by column (formats.md §1.5, derived invariant)."""
    result = CheckResult(CROSS_YEAR_RULE)
    now, before = _row(report, rf.CARRIED_IN), _row(previous, rf.CARRIED_OUT)
    for i, column in enumerate(rf.TABLE3_COLUMNS):
        if now[i] != before[i]:
            result.failures.append(
                Failure(
                    T3,
                    rf.ROW_CARRIED_IN_LABEL,
                    column.name,
                    f"表三“{column.name}”列：{report.year}年“二、上年结转”为 {now[i]}，"
                    f"但{previous.year}年“四、结转下年度继续办理”为 {before[i]}",
                )
            )
    return result
