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


def _per_month(register: Register, column: str, year: int) -> list[int]:
    """Rows whose date column falls in each month of the year (12 numbers, January first)."""
    counts = [0] * 12
    rows = register.conn.execute(
        f"SELECT CAST(substr({column}, 6, 2) AS INTEGER) AS month, count(*) FROM applications "
        f"WHERE {column} BETWEEN ? AND ? AND {LIVE} GROUP BY month",
        _year_range(year),
    )
    for month, count in rows:
        counts[month - 1] = count
    return counts


def received_per_month(register: Register, year: int) -> list[int]:
    return _per_month(register, "receipt_date", year)


def concluded_per_month(register: Register, year: int) -> list[int]:
    return _per_month(register, "answer_date", year)


def _received_by(
    register: Register, column: str, labels: tuple[str, ...], year: int
) -> dict[str, int]:
    counts = dict.fromkeys(labels, 0)
    rows = register.conn.execute(
        f"SELECT {column}, count(*) FROM applications "
        f"WHERE receipt_date BETWEEN ? AND ? AND {LIVE} GROUP BY {column}",
        _year_range(year),
    )
    for label, count in rows:
        counts[label] = counts.get(label, 0) + count
    return counts


def by_channel(register: Register, year: int) -> dict[str, int]:
    """Applications received in the year, per 申请方式, in vocabulary order."""
    return _received_by(register, "channel", vocab.CHANNELS, year)


def by_applicant_type(register: Register, year: int) -> dict[str, int]:
    """Applications received in the year, per 申请人类型 (the six columns of table 三)."""
    return _received_by(register, "applicant_type", vocab.APPLICANT_TYPES, year)


def by_outcome_family(register: Register, year: int) -> dict[str, int]:
    """Applications concluded in the year, per outcome family (予以公开 … 其他处理).

    SQLite groups by the stored leaf (at most 21 rows); the leaves are folded into their family here
    from the vocabulary, so the family of a leaf is declared once.
    """
    counts = {group.family: 0 for group in vocab.OUTCOME_GROUPS}
    rows = register.conn.execute(
        f"SELECT outcome, count(*) FROM applications "
        f"WHERE answer_date BETWEEN ? AND ? AND outcome IS NOT NULL AND {LIVE} GROUP BY outcome",
        _year_range(year),
    )
    for outcome, count in rows:
        if outcome in vocab.OUTCOME_BY_CODE:
            counts[vocab.outcome_group(outcome).family] += count
    return counts


@dataclass(frozen=True)
class OnTime:
    """Concluded applications of a period and how many of them were answered by their due date."""

    concluded: int
    on_time: int

    @property
    def rate(self) -> float | None:
        """Share answered on time, 0–1; None when nothing was concluded."""
        return self.on_time / self.concluded if self.concluded else None


def on_time_per_month(register: Register, year: int) -> list[OnTime]:
    """For each month: applications concluded, and those answered on or before answer_due."""
    found = [OnTime(0, 0)] * 12
    rows = register.conn.execute(
        f"SELECT CAST(substr(answer_date, 6, 2) AS INTEGER) AS month, count(*), "
        f"coalesce(sum(answer_date <= answer_due), 0) FROM applications "
        f"WHERE answer_date BETWEEN ? AND ? AND {LIVE} GROUP BY month",
        _year_range(year),
    )
    for month, concluded, on_time in rows:
        found[month - 1] = OnTime(concluded, on_time)
    return found


def on_time_for_year(register: Register, year: int) -> OnTime:
    row = register.conn.execute(
        f"SELECT count(*), coalesce(sum(answer_date <= answer_due), 0) FROM applications "
        f"WHERE answer_date BETWEEN ? AND ? AND {LIVE}",
        _year_range(year),
    ).fetchone()
    return OnTime(row[0], row[1])


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
    """Years in which something was received or concluded, newest first (for the year picker)."""
    row = register.conn.execute(
        f"SELECT min(receipt_date), max(receipt_date), max(answer_date) FROM applications WHERE {LIVE}"
    ).fetchone()
    if row[0] is None:
        return []
    first = int(row[0][:4])
    last = max(int(row[1][:4]), int(row[2][:4]) if row[2] else 0)
    return list(range(last, first - 1, -1))
