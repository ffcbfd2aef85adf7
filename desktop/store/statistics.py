"""The annual-report statistics, computed by SQL aggregation over the register.

The rules are stated in `desktop/domain/counting.py`: a predicate per rule over one Application, and
the filling of each format from the grouped counts. This module counts the same `BaseCounts` with SQL,
and tests/store/test_statistics_properties.py holds the two equal. Each cell of the report is a count
of applications matching one condition (contract.md decisions 1–4):

* 一、本年新收: 收到日期 in the year.
* 二、上年结转: received before 1 January and not concluded on 31 December of the year before
  (答复日期 empty, or on/after 1 January).
* 三、本年度办理结果: 答复日期 in the year, by outcome leaf, whatever year it was received (a withdrawal is
  concluded on the withdrawal date under （六）3.其他, decision 3).
* 四、结转下年度继续办理: received on or before 31 December and not concluded on that day.
* 表四: 行政复议 / 行政诉讼 counted in the year filed (行政复议日期 / 行政诉讼日期 in the year), under its
  result only if decided on or before 31 December of that year (行政复议结果日期 / 行政诉讼结果日期);
  otherwise, or with an empty or 尚未审结 result, 尚未审结 (decision 4). A result without its date
  (registers kept before schema v8 recorded it) counts as decided.

Soft-deleted rows (deleted_at set) are never counted. A handful of GROUP BY queries (one per
condition) give the base counts; the formats (2021, 2019, 2014) are filled from those few dozen
grouped rows, never by looping over applications. The queries read the covering indexes of schema v2
(`ix_app_received_stats`, `ix_app_answered_stats`); carry-over looks only at receipts within the
register's longest answer lag of the year boundary (`max_lag_days`, one lookup in `ix_app_lag`) plus
the applications still open, instead of every earlier year. The same conditions answer the drill-down
(`applications_behind`, `rows_behind`), so a number and the list behind it cannot disagree.
Speed at a million applications: docs/annual-report.md.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain import report_formats as rf
from desktop.domain import vocab
from desktop.domain.checks import CheckResult, check_carry_over, run_checks
from desktop.domain.counting import (  # the rules and the filling live in the domain
    BaseCounts,
    by_applicant_column,
    fill_counted,
)
from desktop.domain.report_formats import Report
from desktop.store import documents
from desktop.store.annual_figures import figures_for_report
from desktop.store.register import Register

LIVE = "deleted_at IS NULL"
TABLE4_ROW = "table4"  # row key of table 四's single line in applications_behind()
VALUE_COLUMN = "value"  # column key of the 2014 统计表's single value column


def _bounds(year: int) -> tuple[str, str]:
    return f"{year}-01-01", f"{year}-12-31"


# ------------------------------------------------------------------------- the conditions (WHERE)
# Each returns (SQL, params). An open-or-later-concluded test is written as two index-friendly halves
# (answer_date IS NULL / answer_date >= day) joined by OR, which SQLite turns into two index lookups.


def received_in(year: int) -> tuple[str, list]:
    start, end = _bounds(year)
    return "receipt_date BETWEEN ? AND ?", [start, end]


def concluded_in(year: int) -> tuple[str, list]:
    start, end = _bounds(year)
    return "answer_date BETWEEN ? AND ?", [start, end]


def open_on(day: str, lag_days: int | None = None) -> list[tuple[str, list]]:
    """Received on or before `day` and not concluded on it, as two index-friendly conditions.

    Still open (no 答复日期), or answered after `day`. An application answered after `day` was received
    at most `lag_days` (the register's longest answer lag, `max_lag_days`) before it was answered, so
    only receipts in that window need looking at — not every earlier year. None = no window.
    """
    still_open = ("answer_date IS NULL AND receipt_date <= ?", [day])
    if lag_days is None:
        return [still_open, ("receipt_date <= ? AND answer_date > ?", [day, day])]
    window = "receipt_date >= date(?, ?) AND receipt_date <= ? AND answer_date > ?"
    return [still_open, (window, [day, f"-{int(lag_days)} days", day, day])]


def _either(parts: list[tuple[str, list]]) -> tuple[str, list]:
    return (
        "(" + " OR ".join(f"({sql})" for sql, _ in parts) + ")",
        [p for _, params in parts for p in params],
    )


def _day_before(year: int) -> str:
    return f"{year - 1}-12-31"


def carried_in(year: int, lag_days: int | None = None) -> tuple[str, list]:
    """Decision 2: received before 1 Jan, not concluded on 31 Dec of the year before."""
    return _either(open_on(_day_before(year), lag_days))


def carried_out(year: int, lag_days: int | None = None) -> tuple[str, list]:
    """Decision 2: received on or before 31 Dec, not concluded on that day."""
    return _either(open_on(_bounds(year)[1], lag_days))


def max_lag_days(register: Register) -> int:
    """The longest any application took from receipt to answer, in days (one index lookup)."""
    value = register.conn.execute(
        "SELECT max(julianday(answer_date) - julianday(receipt_date)) FROM applications"
    ).fetchone()[0]
    return max(0, math.ceil(value)) + 1 if value is not None else 1


def reviewed_in(year: int) -> tuple[str, list]:
    start, end = _bounds(year)
    return "review_date BETWEEN ? AND ?", [start, end]


def litigated_in(year: int) -> tuple[str, list]:
    start, end = _bounds(year)
    return "litigation_date BETWEEN ? AND ?", [start, end]


# The year's end is written into the SQL as a literal built from an int (no user text), so the one
# expression serves the SELECT of the counts and the WHERE of the drill-down alike.
PENDING_SQL = (
    "(CASE WHEN {col} IN ('结果维持', '结果纠正', '其他结果') "
    "AND ({col}_date IS NULL OR {col}_date <= '{day}') THEN {col} ELSE '尚未审结' END)"
)


def _result_sql(column: str, year: int) -> str:
    """A case's result in table 四 of `year` (decision 4): its result if decided by 31 December (or
    decided with no date recorded: older data); otherwise — empty, 尚未审结, or decided later — 尚未审结.
    `column` is review_result or litigation_result; its date column is `<column>_date`."""
    return PENDING_SQL.format(col=column, day=f"{int(year):04d}-12-31")


# ------------------------------------------------------------------------------- base aggregates


# Covering indexes over live rows (schema v2): each year's report is read from the indexes alone.
RECEIVED_INDEX = "INDEXED BY ix_app_received_stats"
ANSWERED_INDEX = "INDEXED BY ix_app_answered_stats"


def _open_on_counts(register: Register, day: str, lag_days: int) -> Counter[str]:
    counts: Counter[str] = Counter()
    (open_sql, open_params), (later_sql, later_params) = open_on(day, lag_days)
    for index, where, params in (
        ("", open_sql, open_params),
        (RECEIVED_INDEX, later_sql, later_params),
    ):
        for t, n in register.conn.execute(
            f"SELECT applicant_type, count(*) FROM applications {index} "
            f"WHERE {where} AND {LIVE} GROUP BY 1",
            params,
        ):
            counts[t] += n
    return counts


# counting.concluded_item_2014 as SQL: on or before the stored due date, with or without extension.
TIMELINESS_2014_SQL = (
    "(CASE WHEN answer_due IS NOT NULL AND answer_date > answer_due THEN NULL "
    "WHEN extended THEN 'concluded.extended' ELSE 'concluded.on_time' END)"
)


def base_counts(register: Register, year: int) -> BaseCounts:
    conn = register.conn
    base = BaseCounts()

    where, params = received_in(year)
    for t, ch, n in conn.execute(
        f"SELECT applicant_type, channel, count(*) FROM applications {RECEIVED_INDEX} "
        f"WHERE {where} AND {LIVE} GROUP BY 1, 2",
        params,
    ):
        base.new[(t, ch)] = n

    where, params = concluded_in(year)
    for t, outcome, ext, n, fees in conn.execute(
        f"SELECT applicant_type, outcome, extended, count(*), total(fee_amount_cents) "
        f"FROM applications {ANSWERED_INDEX} WHERE {where} AND {LIVE} GROUP BY 1, 2, 3",
        params,
    ):
        base.concluded[(t, outcome, bool(ext))] = n
        base.fees_cents += int(fees)
    # Decision 7 v2: the 2014 统计表's 按时/延期办结 and its own answer item (counting.py).
    for timeliness, outcome_2014, outcome, n in conn.execute(
        f"SELECT {TIMELINESS_2014_SQL}, outcome_2014, outcome, count(*) "
        f"FROM applications {ANSWERED_INDEX} WHERE {where} AND {LIVE} GROUP BY 1, 2, 3",
        params,
    ):
        base.concluded_2014[(timeliness, outcome_2014, outcome)] = n

    lag = max_lag_days(register)
    base.carried_in = _open_on_counts(register, _day_before(year), lag)
    base.carried_out = _open_on_counts(register, _bounds(year)[1], lag)

    where, params = reviewed_in(year)
    for result, n in conn.execute(
        f"SELECT {_result_sql('review_result', year)}, count(*) FROM applications "
        f"WHERE {where} AND {LIVE} GROUP BY 1",
        params,
    ):
        base.review[result] = n

    where, params = litigated_in(year)
    for kind, result, n in conn.execute(
        f"SELECT litigation_type, {_result_sql('litigation_result', year)}, count(*) FROM applications "
        f"WHERE {where} AND {LIVE} GROUP BY 1, 2",
        params,
    ):
        base.litigation[(kind, result)] = n
    return base


def compute_report(register: Register, year: int, fmt: str | None = None) -> Report:
    """One year's report in `fmt` ("2021", "2019", "2014"; default by decision 7).

    Tables 三 and 四 always hold numbers (the 2014 report carries them in the 2021 layout too, for the
    JSON); table 二 and the typed-in 2014 items come from annual_figures.
    """
    spec = rf.get_format(fmt, year)
    report = fill_counted(year, spec.code, base_counts(register, year))
    figures = figures_for_report(register, year, spec)
    report.table2 = figures.table2
    count_table2(register, report)
    report.unit = figures.unit
    if spec.statistics is not None:
        report.statistics = {**figures.statistics, **report.statistics}
    return report


def count_table2(register: Register, report: Report) -> None:
    """Table 二's first block from the document register (issue 16), where the office keeps one.

    A figure typed for the year wins and stays marked as typed (an office that started its register
    late keeps the figures it reported); an empty one is counted. Without any live document the
    register is not kept and every figure stays as typed.
    """
    if not documents.has_documents(register):
        return
    for (row, column), n in documents.table2_counts(register, report.year, report.format).items():
        key = rf.figure_key(report.format, row, column)
        if report.table2.get(key) is None:
            report.table2[key] = Decimal(n)
            report.table2_counted.add(key)


# ---------------------------------------------------------------------------------- drill-down


def cell_condition(
    year: int, fmt: str | None, row_key: str, column_key: str, lag_days: int | None = None
) -> tuple[str, list]:
    """The WHERE clause of the applications behind one number of the report.

    Table 三: row_key is a row key of the format's table 三, column_key an applicant type or "total".
    Table 四: row_key TABLE4_ROW, column_key a Table4 column key such as "review.结果维持".
    2014 统计表: row_key an item key of REGISTER source, column_key VALUE_COLUMN.
    """
    spec = rf.get_format(fmt, year)
    if row_key == TABLE4_ROW:
        return _table4_condition(year, column_key)
    if spec.statistics is not None and column_key == VALUE_COLUMN:
        return _statistics_condition(year, row_key)
    table = spec.table3 or rf.FORMAT_2021.table3
    assert table is not None  # the 2021 format always has table 三
    row = table.row(row_key)
    if row.key == rf.NEW:
        where, params = received_in(year)
    elif row.key == rf.CARRIED_IN:
        where, params = carried_in(year, lag_days)
    elif row.key == rf.CARRIED_OUT:
        where, params = carried_out(year, lag_days)
    elif row.key == rf.TOTAL:
        where, params = concluded_in(year)
    else:
        where, params = concluded_in(year)
        where += f" AND outcome IN ({', '.join('?' for _ in row.outcomes)})"
        params = [*params, *row.outcomes]
    if column_key != rf.TOTAL_COLUMN:
        if column_key not in vocab.APPLICANT_TYPES:
            raise KeyError(column_key)
        where += " AND applicant_type = ?"
        params = [*params, column_key]
    return where, params


def _table4_condition(year: int, column_key: str) -> tuple[str, list]:
    group, result = column_key.split(".", 1)
    if group == rf.REVIEW_GROUP:
        where, params = reviewed_in(year)
        result_column = "review_result"
    else:
        kind = next(k for k, g in rf.LITIGATION_GROUP_BY_TYPE.items() if g == group)
        where, params = litigated_in(year)
        where += " AND litigation_type = ?"
        params = [*params, kind]
        result_column = "litigation_result"
    if result != rf.TOTAL_LABEL:
        where += f" AND {_result_sql(result_column, year)} = ?"
        params = [*params, result]
    return where, params


def _statistics_condition(year: int, item_key: str) -> tuple[str, list]:
    if item_key.startswith("received"):
        where, params = received_in(year)
        if item_key != "received":
            channels = [c for c, k in rf.CHANNEL_TO_2014.items() if k == item_key]
            where += f" AND channel IN ({', '.join('?' for _ in channels)})"
            params = [*params, *channels]
        return where, params
    if item_key in ("concluded", "concluded.on_time", "concluded.extended", "fees"):
        where, params = concluded_in(year)
        if item_key in ("concluded.on_time", "concluded.extended"):
            where += f" AND {TIMELINESS_2014_SQL} = ?"
            params = [*params, item_key]
        elif item_key == "fees":
            where += " AND fee_amount_cents > 0"
        return where, params
    if item_key.startswith("answered"):
        codes = [
            code
            for code, targets in rf.OUTCOME_TO_2014.items()
            if item_key in targets or (item_key == "answered" and targets)
        ]
        own = [
            key
            for key in rf.OUTCOME_ITEMS_2014
            if item_key == "answered" or item_key in rf.outcome_2014_targets(key)
        ]
        where, params = concluded_in(year)
        # An application's own 2014格式办理结果 wins over its outcome's mapping (decision 7 v2).
        where += (
            f" AND ((outcome_2014 = '' AND outcome IN ({', '.join('?' for _ in codes) or 'NULL'}))"
            f" OR outcome_2014 IN ({', '.join('?' for _ in own) or 'NULL'}))"
        )
        return where, [*params, *codes, *own]
    results = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果"}
    head, _, tail = item_key.partition(".")
    if head in ("review", "litigation"):
        where, params = reviewed_in(year) if head == "review" else litigated_in(year)
        if tail:
            column = "review_result" if head == "review" else "litigation_result"
            where += f" AND {_result_sql(column, year)} = ?"
            params = [*params, results[tail]]
        return where, params
    raise KeyError(item_key)


def applications_behind(
    register: Register,
    year: int,
    fmt: str | None,
    row_key: str,
    column_key: str,
    limit: int | None = None,
) -> list[int]:
    """Ids of the applications counted in one cell, in receipt order (the drill-down list)."""
    where, params = cell_condition(year, fmt, row_key, column_key, max_lag_days(register))
    sql = f"SELECT id FROM applications WHERE {where} AND {LIVE} ORDER BY receipt_date, id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [r[0] for r in register.conn.execute(sql, params)]


# ---------------------------------------------------------------------------------- the checks


def has_applications_before(register: Register, year: int) -> bool:
    row = register.conn.execute(
        f"SELECT 1 FROM applications WHERE receipt_date < ? AND {LIVE} LIMIT 1", (f"{year}-01-01",)
    ).fetchone()
    return row is not None


def report_checks(register: Register, report: Report) -> list[CheckResult]:
    """The format's rules, plus 二 of Y = 四 of Y−1 when the register holds the year before."""
    results = run_checks(report)
    if report.spec.table3 is not None and has_applications_before(register, report.year):
        previous = Report(year=report.year - 1, format=report.format)
        counts = _open_on_counts(register, _bounds(report.year - 1)[1], max_lag_days(register))
        previous.table3[rf.CARRIED_OUT] = by_applicant_column(counts)
        results.append(check_carry_over(report, previous))
    return results


@dataclass(frozen=True)
class BehindRow:
    """One line of the drill-down list."""

    id: int
    number: str
    applicant: str
    applicant_type: str
    receipt_date: str
    answer_date: str | None
    outcome: str | None


def rows_behind(
    register: Register, year: int, fmt: str | None, row_key: str, column_key: str, limit: int = 1000
) -> tuple[int, list[BehindRow]]:
    """(how many, the first `limit` of them) for the drill-down list of one number."""
    where, params = cell_condition(year, fmt, row_key, column_key, max_lag_days(register))
    conn = register.conn
    total = conn.execute(
        f"SELECT count(*) FROM applications WHERE {where} AND {LIVE}", params
    ).fetchone()[0]
    rows = [
        BehindRow(*r)
        for r in conn.execute(
            "SELECT id, number, applicant, applicant_type, receipt_date, answer_date, outcome "
            f"FROM applications WHERE {where} AND {LIVE} ORDER BY receipt_date, id LIMIT ?",
            [*params, int(limit)],
        )
    ]
    return total, rows


def years_in_register(register: Register) -> list[int]:
    """The years from the first receipt to the last receipt or answer (for the year picker)."""
    # Deleted rows are not filtered out: the picker may offer a year too many, but each bound is then
    # one index lookup instead of a scan.
    row = register.conn.execute(
        "SELECT (SELECT min(receipt_date) FROM applications), "
        "(SELECT max(receipt_date) FROM applications), (SELECT max(answer_date) FROM applications)"
    ).fetchone()
    if not row or row[0] is None:
        return []
    last = max(int(row[1][:4]), int(row[2][:4]) if row[2] else 0)
    return list(range(int(row[0][:4]), last + 1))
