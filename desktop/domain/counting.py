"""The counting rules of the annual report (contract.md decisions 1–4 and 7), over one Application.

This module is the readable statement of what each number in tables 三 and 四 and in the 2014 统计表
means. Each rule is a small predicate: the year an application is received in, the years it is carried
over, the year it is concluded in and under which row, and how a 行政复议 or 行政诉讼 case is counted. The
module also fills each format from the grouped counts (`BaseCounts`).

`store/statistics.py` computes the same `BaseCounts` with SQL (GROUP BY over covering indexes, so a
million applications take well under a second). `tally` computes them in plain Python by applying the
predicates below to a list of applications. tests/store/test_statistics_properties.py checks on random
registers that both give the same counts, cell by cell. A change to a rule is made here and in the SQL
together, or that test fails.

Soft-deleted applications are never counted. The store leaves them out, and callers of `tally` pass
only live applications.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from desktop.domain import report_formats as rf
from desktop.domain import vocab
from desktop.domain.application import Application

FEN_PER_WAN_YUAN = Decimal(1_000_000)  # 1 万元 = 10 000 元 = 1 000 000 分


def first_day(year: int) -> date:
    return date(year, 1, 1)


def last_day(year: int) -> date:
    return date(year, 12, 31)


# ------------------------------------------------------------------ decision 1: one column, one row


def applicant_column(app: Application) -> str:
    """Decision 1: every application is counted in exactly one applicant column, its 申请人类型."""
    return app.applicant_type


def outcome_row(app: Application) -> str | None:
    """Decision 1: a concluded application is counted under exactly one leaf row, its 办理结果.

    The register stores one outcome, the main one the clerk picked (部分公开 wins over any other).
    None while the application is open.
    """
    return app.outcome if concluded_on(app) is not None else None


# ------------------------------------------------------ decisions 2 and 3: the rows of table 三


def concluded_on(app: Application) -> date | None:
    """The day an application is concluded: its 答复日期, or None while it is open.

    Decision 3: a withdrawal (申请人撤回) is recorded with the withdrawal date as its 答复日期 and the
    outcome （六）3.其他 (`vocab.WITHDRAWN_OUTCOME`). It is therefore concluded on that day, like an
    answer.
    """
    return app.answer_date


def received_in(app: Application, year: int) -> bool:
    """一、本年新收: the receipt date (收到日期) is in the report year."""
    return first_day(year) <= app.receipt_date <= last_day(year)


def concluded_in(app: Application, year: int) -> bool:
    """三、本年度办理结果: concluded in the report year, whatever year it was received in."""
    day = concluded_on(app)
    return day is not None and first_day(year) <= day <= last_day(year)


def open_on(app: Application, day: date) -> bool:
    """Received on or before `day` and not concluded on that day (still open, or concluded later)."""
    concluded = concluded_on(app)
    return app.receipt_date <= day and (concluded is None or concluded > day)


def carried_in(app: Application, year: int) -> bool:
    """二、上年结转: received before 1 January and not concluded on 31 December of the year before."""
    return open_on(app, last_day(year - 1))


def carried_out(app: Application, year: int) -> bool:
    """四、结转下年度继续办理: received on or before 31 December and not concluded on that day."""
    return open_on(app, last_day(year))


def received_year(app: Application) -> int:
    """The one year whose 一、本年新收 counts the application."""
    return app.receipt_date.year


def concluded_year(app: Application) -> int | None:
    """The one year whose 三、本年度办理结果 counts the application (None while it is open)."""
    day = concluded_on(app)
    return day.year if day is not None else None


def carried_over_years(app: Application, until: int) -> range:
    """The years Y ≤ `until` whose 四 counts the application (and so whose Y+1 二 counts it).

    These are the years from receipt up to the year before its conclusion, or up to `until` while it
    is open. An application concluded in the year it was received is never carried over.
    """
    end = concluded_year(app)
    return range(received_year(app), min(end, until + 1) if end is not None else until + 1)


# ----------------------------------------------------------------- decision 4: table 四


def review_counted_in(app: Application, year: int) -> bool:
    """A 行政复议 case is counted in the year it was filed (行政复议日期)."""
    return app.review_date is not None and app.review_date.year == year


def litigation_counted_in(app: Application, year: int) -> bool:
    """A 行政诉讼 case is counted in the year it was filed (行政诉讼日期)."""
    return app.litigation_date is not None and app.litigation_date.year == year


def case_result(result: str, decided_on: date | None, year: int) -> str:
    """The column of table 四 a case filed in `year` is counted under.

    Its result (结果维持, 结果纠正, 其他结果) if it was decided by 31 December of that year. A result
    recorded without a date counts as decided: registers kept before schema v8 recorded no date. An
    empty result, 尚未审结, or a result decided later all count as 尚未审结.
    """
    decided = result in vocab.DECIDED_RESULTS
    if decided and (decided_on is None or decided_on <= last_day(year)):
        return result
    return vocab.PENDING_RESULT


def review_result_in(app: Application, year: int) -> str:
    return case_result(app.review_result, app.review_result_date, year)


def litigation_result_in(app: Application, year: int) -> str:
    return case_result(app.litigation_result, app.litigation_result_date, year)


# ------------------------------------------------------------- decision 7: the format of a year


def prescribed_format(year: int) -> str:
    """Decision 7: the 2021 format from 2021, the 2019 format for 2019–2020, the 2014 统计表 before."""
    return rf.default_format(year)


# ------------------------------------------------------------------------- the 2014 统计表


def channel_item_2014(channel: str) -> str:
    """The 2014 统计表 has four channels. The register's seven fold into them (`rf.CHANNEL_TO_2014`)."""
    return rf.CHANNEL_TO_2014.get(channel, "received.in_person")


def concluded_item_2014(app: Application) -> str | None:
    """Decision 7 v2: 按时办结 only for an answer on or before the due date; 延期办结 for one on or
    before the due date an extension moved; a late answer is 办结 but in neither (it was not on time).
    A concluded application without a stored due date (none is derived) counts as on time."""
    on_or_before_due = app.answer_due is None or (
        app.answer_date is not None and app.answer_date <= app.answer_due
    )
    if not on_or_before_due:
        return None
    return "concluded.extended" if app.extended else "concluded.on_time"


def answer_items_2014(outcome: str | None, outcome_2014: str = "") -> tuple[str, ...]:
    """The （三）申请答复数 items an application counts under: its own 2014格式办理结果 where set
    (decision 7 v2), else those of its 2021 outcome leaf. Some leaves count under none."""
    if outcome_2014:
        return rf.outcome_2014_targets(outcome_2014)
    return rf.OUTCOME_TO_2014.get(outcome or "", ())


# ---------------------------------------------------------------------- the grouped counts


@dataclass
class BaseCounts:
    """The grouped counts every format is filled from: a few dozen numbers, not applications."""

    # (applicant column, channel) -> n received in the year
    new: Counter[tuple[str, str]] = field(default_factory=Counter)
    # (applicant column, outcome leaf, extended) -> n concluded in the year
    concluded: Counter[tuple[str, str | None, bool]] = field(default_factory=Counter)
    # (按时/延期 item or None for a late answer, 2014格式办理结果, outcome leaf) -> n concluded
    concluded_2014: Counter[tuple[str | None, str, str | None]] = field(default_factory=Counter)
    fees_cents: int = 0  # 收费金额 of the applications concluded in the year
    carried_in: Counter[str] = field(default_factory=Counter)  # applicant column -> n
    carried_out: Counter[str] = field(default_factory=Counter)  # applicant column -> n
    review: Counter[str] = field(default_factory=Counter)  # table 四 result -> n
    # (litigation type, table 四 result) -> n
    litigation: Counter[tuple[str, str]] = field(default_factory=Counter)


def tally(applications: Iterable[Application], year: int) -> BaseCounts:
    """The year's grouped counts, with each rule above applied to each live application."""
    base = BaseCounts()
    for app in applications:
        column = applicant_column(app)
        if received_in(app, year):
            base.new[(column, app.channel)] += 1
        if concluded_in(app, year):
            base.concluded[(column, outcome_row(app), app.extended)] += 1
            key_2014 = (concluded_item_2014(app), app.outcome_2014, outcome_row(app))
            base.concluded_2014[key_2014] += 1
            base.fees_cents += app.fee_amount_cents or 0
        if carried_in(app, year):
            base.carried_in[column] += 1
        if carried_out(app, year):
            base.carried_out[column] += 1
        if review_counted_in(app, year):
            base.review[review_result_in(app, year)] += 1
        if litigation_counted_in(app, year):
            base.litigation[(app.litigation_type, litigation_result_in(app, year))] += 1
    return base


# -------------------------------------------------------------------------- filling a format


def by_applicant_column(counts: Counter[str]) -> list[int]:
    """The six applicant columns, then 总计 (decision 1: every application is in exactly one column)."""
    values = [counts.get(t, 0) for t in vocab.APPLICANT_TYPES]
    return [*values, sum(values)]


def fill_table3(table: rf.Table3, base: BaseCounts) -> dict[str, list[int]]:
    """Table 三 of the 2021 or 2019 format: row key -> the six applicant columns and 总计."""
    new: Counter[str] = Counter()
    for (t, _channel), n in base.new.items():
        new[t] += n
    by_outcome: dict[str | None, Counter[str]] = {}
    for (t, outcome, _extended), n in base.concluded.items():
        by_outcome.setdefault(outcome, Counter())[t] += n
    rows: dict[str, list[int]] = {}
    for row in table.rows:
        if row.key == rf.NEW:
            rows[row.key] = by_applicant_column(new)
        elif row.key == rf.CARRIED_IN:
            rows[row.key] = by_applicant_column(base.carried_in)
        elif row.key == rf.CARRIED_OUT:
            rows[row.key] = by_applicant_column(base.carried_out)
        elif row.outcomes:
            counts: Counter[str] = Counter()
            for code in row.outcomes:
                counts.update(by_outcome.get(code, Counter()))
            rows[row.key] = by_applicant_column(counts)
    # （七）总计 counts every concluded application. One with an unknown or missing outcome then makes
    # the 勾稽关系 fail visibly instead of vanishing (register_checks names it).
    all_concluded: Counter[str] = Counter()
    for by_type in by_outcome.values():
        all_concluded.update(by_type)
    rows[rf.TOTAL] = by_applicant_column(all_concluded)
    return rows


def fill_table4(table: rf.Table4, base: BaseCounts) -> list[int]:
    """Table 四's 15 values. 总计 of each group of five is the sum of the other four (decision 4)."""
    values: list[int] = []
    for column in table.columns:
        group, result = column.key.split(".", 1)
        if group == rf.REVIEW_GROUP:
            source = {r: base.review.get(r, 0) for r in vocab.REVIEW_RESULTS}
        else:
            kind = next(k for k, g in rf.LITIGATION_GROUP_BY_TYPE.items() if g == group)
            source = {r: base.litigation.get((kind, r), 0) for r in vocab.REVIEW_RESULTS}
        values.append(sum(source.values()) if result == rf.TOTAL_LABEL else source[result])
    return values


def fill_statistics_2014(base: BaseCounts) -> dict[str, rf.Number | None]:
    """The register items of the 2014 统计表. The mappings are declared in report_formats."""
    items: Counter[str] = Counter()
    for (_t, channel), n in base.new.items():
        items["received"] += n
        items[channel_item_2014(channel)] += n
    for (timeliness, outcome_2014, outcome), n in base.concluded_2014.items():
        items["concluded"] += n
        if timeliness is not None:
            items[timeliness] += n
        targets = answer_items_2014(outcome, outcome_2014)
        if targets:
            items["answered"] += n
        for target in targets:
            items[target] += n
    result_items = {"结果维持": "upheld", "结果纠正": "corrected", "其他结果": "other"}
    for result, n in base.review.items():
        items["review"] += n
        if result in result_items:
            items[f"review.{result_items[result]}"] += n
    for (_kind, result), n in base.litigation.items():
        items["litigation"] += n
        if result in result_items:
            items[f"litigation.{result_items[result]}"] += n
    values: dict[str, rf.Number | None] = {}
    for item in rf.STATISTICS_2014.items:
        if item.source == rf.REGISTER:
            values[item.key] = items.get(item.key, 0)
    values["fees"] = (Decimal(base.fees_cents) / FEN_PER_WAN_YUAN).quantize(Decimal("0.0001"))
    return values


def fill_counted(year: int, fmt: str | None, base: BaseCounts) -> rf.Report:
    """A year's report in `fmt` (None: decision 7) with the figures counted from applications filled
    in: tables 三 and 四 (the 2014 report carries them in the 2021 layout too, for the JSON) and the
    register items of the 2014 统计表. Table 二 and the typed items are the store's to add."""
    spec = rf.get_format(fmt, year)
    report = rf.Report(year=year, format=spec.code)
    table3 = spec.table3 or rf.FORMAT_2021.table3
    assert table3 is not None  # the 2021 format always has table 三
    report.table3 = fill_table3(table3, base)
    report.table4 = fill_table4(rf.TABLE4, base)
    if spec.statistics is not None:
        report.statistics = fill_statistics_2014(base)
    return report
