"""The statutory holidays of 《全国年节及纪念日放假办法》, for years without a State Council notice.

Contract decision 6 (v2): in a year the calendar does not know, the holidays the 放假办法 in force
gives every citizen are days off; their dates come from the lunar calendar and the solar terms,
computed by `borax` (a maintained pure-Python lunar library, 1900–2100). The 调休 working weekends
and the 第六条 补假 for a holiday on a weekend are only known from the yearly notice, so every date
counted through such a year stays unconfirmed (`WorkCalendar.years_known`) until it is imported.

The versions of the 放假办法 (国务院令):
- 1999 (第270号), in force 2000–2007: 春节 初一–初三, 劳动节 1–3 May, 国庆 1–3 Oct, 元旦.
- 2007 (第513号), 2008–2013: adds 清明, 端午, 中秋; 劳动节 1 May; 春节 除夕–初二.
- 2013 (第644号), 2014–2024: 春节 初一–初三.
- 2024 (第795号), from 2025: 春节 除夕–初三, 劳动节 1–2 May.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

ESTIMATED = "（法定节假日，按放假办法推算）"


def _lunar(year: int, month: int, day: int) -> date:
    from borax.calendars.lunardate import LunarDate  # imported here: only unknown years need it

    solar: date = LunarDate(year, month, day).to_solar_date()
    return solar


def _qingming(year: int) -> date:
    from borax.calendars.lunardate import TermUtils

    day: date = TermUtils.nth_term_day(year, term_name="清明")
    return day


@lru_cache(maxsize=256)
def statutory_holidays(year: int) -> dict[date, str]:
    """The days off every citizen has in `year` under the 放假办法 in force, with their names."""
    if year < 2000 or year > 2100:
        return {}
    days: dict[date, str] = {date(year, 1, 1): "元旦"}
    new_year = _lunar(year, 1, 1)
    eve = new_year - timedelta(days=1)  # 除夕: the last day of the twelfth month (29th or 30th)
    if year >= 2025:
        spring = [eve, *(new_year + timedelta(days=i) for i in range(3))]
    elif year >= 2014:
        spring = [new_year + timedelta(days=i) for i in range(3)]
    elif year >= 2008:
        spring = [eve, new_year, new_year + timedelta(days=1)]
    else:
        spring = [new_year + timedelta(days=i) for i in range(3)]
    days.update({d: "春节" for d in spring})
    if year >= 2008:
        days[_qingming(year)] = "清明节"
        days[_lunar(year, 5, 5)] = "端午节"
        days[_lunar(year, 8, 15)] = "中秋节"
    labour = 3 if year < 2008 else (2 if year >= 2025 else 1)
    days.update({date(year, 5, 1 + i): "劳动节" for i in range(labour)})
    days.update({date(year, 10, 1 + i): "国庆节" for i in range(3)})
    return days
