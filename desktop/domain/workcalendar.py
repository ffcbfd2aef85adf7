"""The working-day calendar: Monday–Friday, minus the State Council's holidays, plus its 调休 working weekends.

Contract decision 6: a year the calendar does not know is counted as plain Monday–Friday, and every date
computed through such a year is reported as unconfirmed. The calendar is a value: the register builds it
from its own calendar table (bundled years plus years the office added).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    days_off: Mapping[date, str] = field(default_factory=dict)  # holidays and 调休 days off, with names
    working_weekends: Mapping[date, str] = field(default_factory=dict)  # 调休上班 weekend days
    known_years: frozenset[int] = frozenset()

    def is_known(self, day: date) -> bool:
        return day.year in self.known_years

    def is_working_day(self, day: date) -> bool:
        if day in self.working_weekends:
            return True
        if day in self.days_off:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, count: int) -> tuple[date, bool]:
        """The count-th working day strictly after start (the start day is not counted, decision 5).

        Returns the date and whether every day walked over lies in a known calendar year.
        """
        day, confirmed, left = start, True, count
        while left > 0:
            day += ONE_DAY
            confirmed = confirmed and self.is_known(day)
            if self.is_working_day(day):
                left -= 1
        return day, confirmed

    def working_days_between(self, after: date, until: date) -> tuple[int, bool]:
        """Working days d with after < d <= until, and whether all of them are in known years."""
        count, confirmed, day = 0, True, after
        while day < until:
            day += ONE_DAY
            confirmed = confirmed and self.is_known(day)
            if self.is_working_day(day):
                count += 1
        return count, confirmed

    def with_year(
        self, year: int, days_off: Mapping[date, str], working_weekends: Mapping[date, str]
    ) -> WorkCalendar:
        """A copy in which one year's days are replaced by those given (a notice added by the office)."""
        off = {d: n for d, n in self.days_off.items() if d.year != year}
        work = {d: n for d, n in self.working_weekends.items() if d.year != year}
        off.update(days_off)
        work.update(working_weekends)
        return WorkCalendar(off, work, self.known_years | {year})

    def year_days(self, year: int) -> tuple[dict[date, str], dict[date, str]]:
        off = {d: n for d, n in self.days_off.items() if d.year == year}
        work = {d: n for d, n in self.working_weekends.items() if d.year == year}
        return off, work


# Names the bundled data uses, translated for clerks.
_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def bundled_days() -> tuple[dict[date, str], dict[date, str], frozenset[int]]:
    """The official days of 2004–2026 from the chinese-calendar package, with Chinese names."""
    from chinese_calendar import constants  # imported here: only a new register needs it

    def name(english: object) -> str:
        text = str(english)
        return _HOLIDAY_NAMES.get(text, text)

    off = {d: name(n) for d, n in constants.holidays.items()}
    work = {d: name(n) for d, n in constants.workdays.items() if d.weekday() >= 5}
    years = frozenset(range(min(d.year for d in off), max(d.year for d in off) + 1))
    return off, work, years


def bundled_calendar() -> WorkCalendar:
    off, work, years = bundled_days()
    return WorkCalendar(off, work, years)


def plain_calendar(known_years: Iterable[int] = ()) -> WorkCalendar:
    """Monday–Friday with no holidays: for tests and for years nobody has published yet."""
    return WorkCalendar({}, {}, frozenset(known_years))
