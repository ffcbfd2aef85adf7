"""The working-day calendar: Monday–Friday, minus the State Council's holidays, plus its 调休 working weekends.

Contract decision 6 (v2): in a year the calendar does not know, the statutory holidays of the 放假办法
in force are days off (`statutory_holidays`, dates from the lunar calendar) and every other
Monday–Friday is a working day; every date computed through such a year is reported as unconfirmed. The calendar is a value: the register builds it
from its own calendar table (bundled years plus years the office added from a notice).

Counting is done on a sorted array of working-day ordinals (built once per calendar, ~40,000 days), so
"the 20th working day after d" is one bisection instead of a walk: recomputing the due dates of a
million applications after a notice is imported stays a matter of seconds.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache

from desktop.domain.statutory_holidays import ESTIMATED, statutory_holidays

ONE_DAY = timedelta(days=1)

# The span the ordinal index covers; dates outside it are counted day by day (same answers, slower).
_INDEX_FIRST_YEAR = 1990
_INDEX_LAST_YEAR = 2100


def notice_span(year: int) -> tuple[date, date]:
    """The days one year's State Council notice governs: 25 December of the year before to 24 December.

    A notice's 元旦 entry can reach back into late December (the 2019 notice: 2018年12月29日 上班,
    12月30日至2019年1月1日 放假), and no festival of a year falls after 24 December, so importing a
    notice replaces exactly these days and never touches its neighbours' own entries.
    """
    return date(year - 1, 12, 25), date(year, 12, 24)


def notice_year(day: date) -> int:
    """The year whose notice governs a day (see `notice_span`): 25–31 December belong to the next."""
    return day.year + 1 if (day.month, day.day) >= (12, 25) else day.year


@dataclass(frozen=True)
class _Index:
    first: int  # ordinal of the first day covered
    last: int  # ordinal of the last day covered
    working: list[int]  # ordinals of the working days in [first, last], ascending


@lru_cache(maxsize=4)
def _index_for(
    days_off: frozenset[date],
    working_weekends: frozenset[date],
    known_years: frozenset[int],
    estimate_unknown_years: bool,
) -> _Index:
    """The working-day ordinals of a calendar, built once per set of days (~20–40 ms of Python).

    Keyed by the days themselves, not by a calendar object: every read of the calendar table makes
    a new `WorkCalendar`, and a window that re-reads it (the list's colours on the reader thread,
    the entry form on the GUI thread) finds the index the other built. A changed notice is another
    key, so a stale index is never used; the few last ones are kept (an import compares two).
    """
    first = date(_INDEX_FIRST_YEAR, 1, 1).toordinal()
    last = date(_INDEX_LAST_YEAR, 12, 31).toordinal()
    # Monday–Friday by arithmetic, then the notice's exceptions: fast to build.
    weekday0 = date(_INDEX_FIRST_YEAR, 1, 1).weekday()
    working = {o for o in range(first, last + 1) if (o - first + weekday0) % 7 < 5}
    for day in days_off:
        working.discard(day.toordinal())
    if estimate_unknown_years:  # as `WorkCalendar.estimated_days_off`
        for year in range(_INDEX_FIRST_YEAR, _INDEX_LAST_YEAR + 1):
            if year not in known_years:
                for day in statutory_holidays(year):
                    if day not in working_weekends:
                        working.discard(day.toordinal())
    for day in working_weekends:
        o = day.toordinal()
        if first <= o <= last:
            working.add(o)
    return _Index(first, last, sorted(working))


@dataclass(frozen=True)
class WorkCalendar:
    days_off: Mapping[date, str] = field(
        default_factory=dict
    )  # holidays and 调休 days off, with names
    working_weekends: Mapping[date, str] = field(default_factory=dict)  # 调休上班 weekend days
    known_years: frozenset[int] = frozenset()
    # Decision 6 v2: statutory holidays are days off in years without a notice. Off only in
    # `plain_calendar`, the bare Monday–Friday that tests count on.
    estimate_unknown_years: bool = True

    def estimated_days_off(self, year: int) -> dict[date, str]:
        """The statutory holidays counted as days off in `year` because no notice is known for it."""
        if not self.estimate_unknown_years or year in self.known_years:
            return {}
        cache = self._estimated_by_year
        if year not in cache:
            cache[year] = {
                d: n for d, n in statutory_holidays(year).items() if d not in self.working_weekends
            }
        return cache[year]

    @cached_property
    def _estimated_by_year(self) -> dict[int, dict[date, str]]:
        return {}

    def day_off_name(self, day: date) -> str:
        """Why a day is not a working day: the notice's name, an estimated holiday, or 周末."""
        if day in self.days_off:
            return self.days_off[day]
        estimated = self.estimated_days_off(day.year).get(day)
        if estimated:
            return f"{estimated}{ESTIMATED}"
        return "周末" if day.weekday() >= 5 else ""

    def is_known(self, day: date) -> bool:
        """Whether the notice that governs the day is in the calendar (decision 6).

        25–31 December count as the next year's: its notice may still turn them into days off or
        调休 working days (2018-12-29 上班 came with the 2019 notice), so a due date that counts them
        stays unconfirmed until that notice is added.
        """
        return notice_year(day) in self.known_years

    def years_known(self, after: date, until: date) -> bool:
        """Whether every day d with after < d <= until is governed by a notice the calendar knows."""
        if until <= after:
            return True
        first, last = notice_year(after + ONE_DAY), notice_year(until)
        return all(y in self.known_years for y in range(first, last + 1))

    def is_working_day(self, day: date) -> bool:
        if day in self.working_weekends:
            return True
        if day in self.days_off or day in self.estimated_days_off(day.year):
            return False
        return day.weekday() < 5

    @cached_property
    def _index(self) -> _Index:
        # Shared by every calendar with the same days (see `_index_for`): the register's own
        # calendar, the reader's copy of it, the one read again after an unrelated change.
        return _index_for(
            frozenset(self.days_off),
            frozenset(self.working_weekends),
            self.known_years,
            self.estimate_unknown_years,
        )

    def add_working_days(self, start: date, count: int) -> tuple[date, bool]:
        """The count-th working day strictly after start (the start day is not counted, decision 5).

        Returns the date and whether every day walked over lies in a known calendar year.
        """
        if count <= 0:
            return start, True
        index = self._index
        s = start.toordinal()
        if index.first - 1 <= s <= index.last:
            position = bisect_right(index.working, s) + count - 1
            if position < len(index.working):
                day = date.fromordinal(index.working[position])
                return day, self.years_known(start, day)
        day, left = start, count
        while left > 0:
            day += ONE_DAY
            if self.is_working_day(day):
                left -= 1
        return day, self.years_known(start, day)

    def working_days_between(self, after: date, until: date) -> tuple[int, bool]:
        """Working days d with after < d <= until, and whether all of them are in known years."""
        if until <= after:
            return 0, True
        index = self._index
        a, u = after.toordinal(), until.toordinal()
        if index.first - 1 <= a and u <= index.last:
            count = bisect_right(index.working, u) - bisect_right(index.working, a)
            return count, self.years_known(after, until)
        count, day = 0, after
        while day < until:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count, self.years_known(after, until)

    def with_year(
        self, year: int, days_off: Mapping[date, str], working_weekends: Mapping[date, str]
    ) -> WorkCalendar:
        """A copy in which one year's notice replaces the days it governs (see `notice_span`)."""
        first, last = notice_span(year)
        off = {d: n for d, n in self.days_off.items() if not first <= d <= last}
        work = {d: n for d, n in self.working_weekends.items() if not first <= d <= last}
        off.update(days_off)
        work.update(working_weekends)
        return WorkCalendar(off, work, self.known_years | {year}, self.estimate_unknown_years)

    def year_days(self, year: int) -> tuple[dict[date, str], dict[date, str]]:
        """The days off and the working weekends dated in one calendar year."""
        off = {d: n for d, n in sorted(self.days_off.items()) if d.year == year}
        work = {d: n for d, n in sorted(self.working_weekends.items()) if d.year == year}
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
    # The package's range is the years with holidays dated in them (a 调休 Saturday in late
    # December, e.g. 2018-12-29, belongs to the next year's notice but is dated in its own year).
    years = frozenset(range(min(d.year for d in off), max(d.year for d in off) + 1))
    return off, work, years


def bundled_calendar() -> WorkCalendar:
    off, work, years = bundled_days()
    return WorkCalendar(off, work, years)


def plain_calendar(known_years: Iterable[int] = ()) -> WorkCalendar:
    """Monday–Friday with no holidays at all (not even estimated ones): for tests."""
    return WorkCalendar({}, {}, frozenset(known_years), estimate_unknown_years=False)
