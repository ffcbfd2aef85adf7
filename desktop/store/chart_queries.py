"""The figures behind the 统计图表 view, each one SQL aggregate over a year of the register.

Every query groups in SQLite (by month, channel, applicant type, outcome) and returns a few dozen
numbers, so the charts cost the same on a thousand or a million applications; the receipt and answer
date indexes serve the year ranges. Soft-deleted rows (`deleted_at IS NOT NULL`) are never counted.

Counting follows contract decision 2: an application is *received* in the month of its 收到日期 and
*concluded* in the month of its 答复日期. On time (第三十三条) = answered on or before its due date
(answer_date <= answer_due), among those concluded.
"""

from __future__ import annotations

from dataclasses import dataclass

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
        f"coalesce(sum(answer_date <= answer_due), 0) "
        f"FROM applications WHERE answer_date BETWEEN ? AND ? AND {LIVE} GROUP BY 1, 2",
        _year_range(year),
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
    """Concluded applications of a period and how many of them were answered by their due date."""

    concluded: int
    on_time: int

    @property
    def rate(self) -> float | None:
        """Share answered on time, 0–1; None when nothing was concluded."""
        return self.on_time / self.concluded if self.concluded else None


def _on_time_per_month(groups: Concluded) -> list[OnTime]:
    concluded = _months((m, n) for m, _, n, _ in groups)
    on_time = _months((m, k) for m, _, _, k in groups)
    return [OnTime(c, k) for c, k in zip(concluded, on_time, strict=True)]


def on_time_per_month(register: Register, year: int) -> list[OnTime]:
    """For each month: applications concluded, and those answered on or before answer_due."""
    return _on_time_per_month(concluded_groups(register, year))


def on_time_for_year(register: Register, year: int) -> OnTime:
    months = on_time_per_month(register, year)
    return OnTime(sum(m.concluded for m in months), sum(m.on_time for m in months))


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
    """Everything the 统计图表 view shows for one year, from three grouped queries."""

    year: int
    received: list[int]
    concluded: list[int]
    channels: dict[str, int]
    applicant_types: dict[str, int]
    families: dict[str, int]
    on_time_months: list[OnTime]
    on_time_year: OnTime
    yoy: YearOnYear


def year_figures(register: Register, year: int) -> YearFigures:
    received = received_groups(register, year)
    concluded = concluded_groups(register, year)
    months = _on_time_per_month(concluded)
    this_year = _received_per_month(received)
    return YearFigures(
        year,
        this_year,
        _concluded_per_month(concluded),
        _by_channel(received),
        _by_applicant_type(received),
        _by_outcome_family(concluded),
        months,
        OnTime(sum(m.concluded for m in months), sum(m.on_time for m in months)),
        YearOnYear(year, this_year, received_per_month(register, year - 1)),
    )
