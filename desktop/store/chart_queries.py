"""The figures behind the 统计图表 view, each one SQL aggregate over a year of the register.

Every query groups in SQLite (by month, channel, applicant type, outcome) and returns a few dozen
numbers, so the charts cost the same on a thousand or a million applications; the receipt and answer
date indexes serve the year ranges. Soft-deleted rows (`deleted_at IS NOT NULL`) are never counted.

Counting follows contract decision 2: an application is *received* in the month of its 收到日期 and
*concluded* in the month of its 答复日期. The 按时办结率 follows `domain.on_time.verdict`: a period
judges the applications concluded in it (on time = answer_date <= answer_due) and those that fell
overdue in it (the day after answer_due) and were still unanswered at its end, which count as late:
an office cannot raise its rate by leaving late cases open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain import on_time as rule
from desktop.domain import vocab
from desktop.store.register import Register

MONTHS = tuple(range(1, 13))
LIVE = "deleted_at IS NULL"


def _year_range(year: int) -> tuple[str, str]:
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


# ---------------------------------------------------------------------------- the grouped rows
# Two GROUP BY queries carry everything a year's charts need: received rows by (month, channel,
# applicant type) — at most 12 × 7 × 6 groups — and concluded rows by (month, outcome) with their
# on-time count. Each chart folds those few hundred grouped rows; no query runs per chart.
Received = list[tuple[int, str, str, int]]  # (month, channel, applicant_type, count)
Concluded = list[tuple[int, str | None, int, int]]  # (month, outcome, count, answered on time)
# (month it fell overdue, still open at that month's end, still open at the year's end)
Overdue = list[tuple[int, int, int]]


def received_groups(register: Register, year: int) -> Received:
    rows = register.conn.execute(
        f"SELECT CAST(substr(receipt_date, 6, 2) AS INTEGER), channel, applicant_type, count(*) "
        f"FROM applications WHERE receipt_date BETWEEN ? AND ? AND {LIVE} GROUP BY 1, 2, 3",
        _year_range(year),
    )
    return [tuple(r) for r in rows]


def concluded_groups(register: Register, year: int) -> Concluded:
    rows = register.conn.execute(
        f"SELECT CAST(substr(answer_date, 6, 2) AS INTEGER), outcome, count(*), "
        f"coalesce(sum(answer_due IS NULL OR answer_date <= answer_due), 0) "
        f"FROM applications WHERE answer_date BETWEEN ? AND ? AND {LIVE} GROUP BY 1, 2",
        _year_range(year),
    )
    return [tuple(r) for r in rows]


def overdue_groups(register: Register, year: int, today: date) -> Overdue:
    """Applications that fell overdue in the year (by today), by month, with how many of them were
    still unanswered at the end of that month and at the end of the year (`on_time.verdict`)."""
    start, end = _year_range(year)
    judged_on = rule.as_of(date(year, 12, 31), today).isoformat()
    rows = register.conn.execute(
        f"SELECT CAST(substr(date(answer_due, '+1 day'), 6, 2) AS INTEGER), "
        f"coalesce(sum(answer_date IS NULL OR answer_date > "
        f"date(answer_due, '+1 day', 'start of month', '+1 month', '-1 day')), 0), "
        f"coalesce(sum(answer_date IS NULL OR answer_date > ?), 0) "
        f"FROM applications WHERE answer_due BETWEEN date(?, '-1 day') AND date(?, '-1 day') "
        f"AND (answer_date IS NULL OR answer_date > answer_due) AND {LIVE} GROUP BY 1",
        (end, start, judged_on),
    )
    return [tuple(r) for r in rows]


def _months(pairs) -> list[int]:
    counts = [0] * 12
    for month, n in pairs:
        counts[month - 1] += n
    return counts


def _tally(labels: tuple[str, ...], pairs) -> dict[str, int]:
    counts = dict.fromkeys(labels, 0)
    for label, n in pairs:
        counts[label] = counts.get(label, 0) + n
    return counts


def _received_per_month(groups: Received) -> list[int]:
    return _months((m, n) for m, _, _, n in groups)


def _concluded_per_month(groups: Concluded) -> list[int]:
    return _months((m, n) for m, _, n, _ in groups)


def _by_channel(groups: Received) -> dict[str, int]:
    return _tally(vocab.CHANNELS, ((ch, n) for _, ch, _, n in groups))


def _by_applicant_type(groups: Received) -> dict[str, int]:
    return _tally(vocab.APPLICANT_TYPES, ((ty, n) for _, _, ty, n in groups))


def _by_outcome_family(groups: Concluded) -> dict[str, int]:
    # The family of a leaf is declared once, in the vocabulary; SQL groups by the stored leaf.
    return _tally(
        tuple(g.family for g in vocab.OUTCOME_GROUPS),
        (
            (vocab.outcome_group(outcome).family, n)
            for _, outcome, n, _ in groups
            if outcome in vocab.OUTCOME_BY_CODE
        ),
    )


def received_per_month(register: Register, year: int) -> list[int]:
    return _received_per_month(received_groups(register, year))


def concluded_per_month(register: Register, year: int) -> list[int]:
    return _concluded_per_month(concluded_groups(register, year))


def by_channel(register: Register, year: int) -> dict[str, int]:
    """Applications received in the year, per 申请方式, in vocabulary order."""
    return _by_channel(received_groups(register, year))


def by_applicant_type(register: Register, year: int) -> dict[str, int]:
    """Applications received in the year, per 申请人类型 (the six columns of table 三)."""
    return _by_applicant_type(received_groups(register, year))


def by_outcome_family(register: Register, year: int) -> dict[str, int]:
    """Applications concluded in the year, per outcome family (予以公开 … 其他处理)."""
    return _by_outcome_family(concluded_groups(register, year))


@dataclass(frozen=True)
class OnTime:
    """The applications a period judges (`on_time.verdict`) and how many were answered in time.

    `concluded` counts those concluded in the period, `open_overdue` those that fell overdue in it and
    were still unanswered at its end (late); the rate is on_time / judged.
    """

    concluded: int
    on_time: int
    open_overdue: int = 0

    @property
    def judged(self) -> int:
        return self.concluded + self.open_overdue

    @property
    def rate(self) -> float | None:
        """Share answered on time, 0–1; None when the period judges nothing."""
        return self.on_time / self.judged if self.judged else None


def _on_time_per_month(groups: Concluded, overdue: Overdue) -> list[OnTime]:
    concluded = _months((m, n) for m, _, n, _ in groups)
    on_time = _months((m, k) for m, _, _, k in groups)
    still_open = _months((m, k) for m, k, _ in overdue)
    return [OnTime(c, k, o) for c, k, o in zip(concluded, on_time, still_open, strict=True)]


def _on_time_year(groups: Concluded, overdue: Overdue) -> OnTime:
    return OnTime(
        sum(n for _, _, n, _ in groups),
        sum(k for _, _, _, k in groups),
        sum(k for _, _, k in overdue),
    )


def on_time_per_month(register: Register, year: int, today: date | None = None) -> list[OnTime]:
    """For each month: applications concluded (and those answered by answer_due), and those that
    fell overdue in the month and were still open at its end (or today)."""
    today = today or date.today()
    return _on_time_per_month(
        concluded_groups(register, year), overdue_groups(register, year, today)
    )


def on_time_for_year(register: Register, year: int, today: date | None = None) -> OnTime:
    """The year as one period: a case late in March and answered in May is judged once."""
    today = today or date.today()
    return _on_time_year(concluded_groups(register, year), overdue_groups(register, year, today))


@dataclass(frozen=True)
class YearOnYear:
    """Applications received per month in the year and in the year before it."""

    year: int
    this_year: list[int]
    last_year: list[int]

    @property
    def change(self) -> float | None:
        """Relative change of the year's total against the year before (None when that was 0)."""
        before = sum(self.last_year)
        return (sum(self.this_year) - before) / before if before else None


def year_on_year(register: Register, year: int) -> YearOnYear:
    return YearOnYear(
        year, received_per_month(register, year), received_per_month(register, year - 1)
    )


def years_with_data(register: Register) -> list[int]:
    """Years in which something was received or concluded, newest first (for the year picker).

    Each end is read by walking a date index from that end to the first live row.
    """
    conn = register.conn
    first = conn.execute(
        f"SELECT receipt_date FROM applications WHERE {LIVE} ORDER BY receipt_date LIMIT 1"
    ).fetchone()
    if first is None:
        return []
    last_received = conn.execute(
        f"SELECT receipt_date FROM applications WHERE {LIVE} ORDER BY receipt_date DESC LIMIT 1"
    ).fetchone()
    last_answered = conn.execute(
        f"SELECT answer_date FROM applications WHERE answer_date IS NOT NULL AND {LIVE} "
        f"ORDER BY answer_date DESC LIMIT 1"
    ).fetchone()
    last = max(int(last_received[0][:4]), int(last_answered[0][:4]) if last_answered else 0)
    return list(range(last, int(first[0][:4]) - 1, -1))


@dataclass(frozen=True)
class YearFigures:
    """Everything the 统计图表 view shows for one year, from four grouped queries."""

    year: int
    received: list[int]
    concluded: list[int]
    channels: dict[str, int]
    applicant_types: dict[str, int]
    families: dict[str, int]
    on_time_months: list[OnTime]
    on_time_year: OnTime
    yoy: YearOnYear


def year_figures(register: Register, year: int, today: date | None = None) -> YearFigures:
    today = today or date.today()
    received = received_groups(register, year)
    concluded = concluded_groups(register, year)
    overdue = overdue_groups(register, year, today)
    months = _on_time_per_month(concluded, overdue)
    this_year = _received_per_month(received)
    return YearFigures(
        year,
        this_year,
        _concluded_per_month(concluded),
        _by_channel(received),
        _by_applicant_type(received),
        _by_outcome_family(concluded),
        months,
        _on_time_year(concluded, overdue),
        YearOnYear(year, this_year, received_per_month(register, year - 1)),
    )
