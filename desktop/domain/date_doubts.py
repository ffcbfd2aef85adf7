"""Dates that are valid but cannot be right: a mistyped year (2062 for 2026), a receipt before the
Regulation took effect, a result dated after today. They are not refused (the clerk may know better),
but the form and the importers ask for confirmation before saving them.

A date before another it must follow (答复日期 before 收到日期) is already an error
(domain.application.validate); this module only raises doubts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop.domain.application import FIELD_LABELS, Application

# 《政府信息公开条例》(2007) took effect on 1 May 2008: no application can be received before it.
REGULATION_START = date(2008, 5, 1)
# A receipt year this many years or more outside the register's other years is probably mistyped.
FAR_YEARS = 2
# Dates that may lie in the future: a deadline set by hand under art. 35.
FUTURE_ALLOWED = frozenset({"due_override_date", "answer_due"})


@dataclass(frozen=True)
class DateDoubt:
    field: str
    message: str  # a Chinese sentence naming the field and the date

    def __str__(self) -> str:
        return self.message


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def date_doubts(
    app: Application, today: date, register_years: Iterable[int] = ()
) -> list[DateDoubt]:
    """Every date of `app` that is probably mistyped, as of `today`.

    register_years: the receipt years already in the register (the other applications'); a receipt
    year FAR_YEARS or more away from all of them is doubted.
    """
    doubts: list[DateDoubt] = []
    receipt = app.receipt_date
    label = FIELD_LABELS["receipt_date"]
    if receipt > today:
        doubts.append(
            DateDoubt("receipt_date", f"“{label}”{_day(receipt)}晚于今天（{_day(today)}）")
        )
    if receipt < REGULATION_START:
        doubts.append(
            DateDoubt(
                "receipt_date",
                f"“{label}”{_day(receipt)}早于《政府信息公开条例》施行日（2008年5月1日）",
            )
        )
    # Years that are themselves doubtful (after this year, before the Regulation) prove nothing.
    years = sorted({y for y in register_years if REGULATION_START.year <= y <= today.year})
    if years and receipt <= today and receipt >= REGULATION_START:
        nearest = min(abs(receipt.year - y) for y in years)
        if nearest >= FAR_YEARS:
            span = f"{years[0]}年" if len(years) == 1 else f"{years[0]}–{years[-1]}年"
            doubts.append(
                DateDoubt(
                    "receipt_date",
                    f"“{label}”是{receipt.year}年，登记簿中其他申请都在{span}收到",
                )
            )
    for f in dataclasses.fields(app):
        value = getattr(app, f.name)
        if (
            f.name != "receipt_date"
            and f.name not in FUTURE_ALLOWED
            and isinstance(value, date)
            and value > today
        ):
            name = FIELD_LABELS.get(f.name, f.name)
            doubts.append(DateDoubt(f.name, f"“{name}”{_day(value)}晚于今天（{_day(today)}）"))
    return doubts


def changed_doubts(
    app: Application,
    before: Application | None,
    today: date,
    register_years: Iterable[int] = (),
) -> list[DateDoubt]:
    """The doubts about dates typed in this edit: a date saved earlier and confirmed then is not
    asked about again each time the application is opened and saved."""
    found = date_doubts(app, today, register_years)
    if before is None:
        return found
    return [d for d in found if getattr(app, d.field) != getattr(before, d.field, None)]


def import_doubts(
    apps: list[Application],
    row_numbers: list[int],
    today: date,
    register_years: Iterable[int] = (),
) -> list[tuple[int, DateDoubt]]:
    """(Excel row, doubt) for every doubtful date of a ledger's rows. A row's year is compared with
    the register's years and the ledger's other rows (itself excluded)."""
    from collections import Counter

    counts = Counter(app.receipt_date.year for app in apps)
    for year in set(register_years):
        counts[year] += 1
    found: list[tuple[int, DateDoubt]] = []
    for app, row in zip(apps, row_numbers, strict=False):
        own = app.receipt_date.year
        others = [y for y, n in counts.items() if y != own or n > 1]
        found += [(row, d) for d in date_doubts(app, today, others)]
    return found


def import_question(doubts: list[tuple[int, DateDoubt]], shown: int = 12) -> str:
    """What 导入 (the ledger dialog and the wizard alike) asks before importing doubtful dates."""
    lines = [f"第{row}行：{doubt.message}" for row, doubt in doubts[:shown]]
    if len(doubts) > shown:
        lines.append(f"……共 {len(doubts)} 处")
    return "下面的日期看起来不对：\n" + "\n".join(lines) + "\n\n确认无误，仍要导入吗？"


def import_summary(doubts: list[tuple[int, DateDoubt]]) -> str:
    """The preview's line about doubtful dates (listed in the problem table as 请核对)."""
    return f"有 {len(doubts)} 个日期看起来不对（见下表“请核对”），导入前会再次确认。"
