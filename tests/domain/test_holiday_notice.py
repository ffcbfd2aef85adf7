"""The notice parser on real notices (2017, 2019, 2024, 2025, 2026), both character sets.

Each parsed year is compared day by day with the bundled chinese-calendar data, which was itself
transcribed from the same notices.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import opencc
import pytest

from desktop.domain.holiday_notice import NoticeError, describe_days, differences, parse_notice
from desktop.domain.workcalendar import bundled_calendar, notice_span, plain_calendar

NOTICES = Path(__file__).parent.parent / "data" / "notices"
D = date


def read(name: str) -> str:
    return (NOTICES / name).read_text(encoding="utf-8")


def days_of(year: int):
    first, last = notice_span(year)
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def differing_days(text: str) -> tuple[int, list[date]]:
    notice = parse_notice(text)
    cal = plain_calendar().with_year(notice.year, notice.days_off, notice.working_days)
    wrong = [
        d for d in days_of(notice.year) if cal.is_working_day(d) != chinese_calendar.is_workday(d)
    ]
    return notice.year, wrong


@pytest.mark.parametrize("year", [2017, 2024, 2025, 2026])
@pytest.mark.parametrize("script", ["", "-traditional"])
def test_notice_matches_bundled_calendar_day_by_day(year: int, script: str) -> None:
    parsed_year, wrong = differing_days(read(f"{year}{script}.txt"))
    assert parsed_year == year
    assert wrong == []


@pytest.mark.parametrize("year", [2017, 2024, 2025, 2026])
def test_working_weekends_are_exactly_the_bundled_ones(year: int) -> None:
    notice = parse_notice(read(f"{year}.txt"))
    _, bundled_work = bundled_calendar().year_days(year)
    assert sorted(notice.working_days) == sorted(bundled_work)


def test_2019_new_year_reaches_into_december_2018() -> None:
    notice = parse_notice(read("2019.txt"))
    assert notice.year == 2019
    assert notice.working_days[D(2018, 12, 29)] == "元旦"
    assert {D(2018, 12, 30), D(2018, 12, 31), D(2019, 1, 1)} <= set(notice.days_off)
    # The bundled data follows the later revision of 劳动节 (国办发明电〔2019〕2号: 5/1–4 off, 4/28 and
    # 5/5 上班); the original notice had 5/1 only. Those are the only days that differ.
    _, wrong = differing_days(read("2019.txt"))
    assert wrong == [D(2019, 4, 28), D(2019, 5, 2), D(2019, 5, 3), D(2019, 5, 5)]


def test_2026_entries_as_understood() -> None:
    notice = parse_notice(read("2026.txt"))
    assert [e.name for e in notice.entries] == [
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "中秋节",
        "国庆节",
    ]
    assert [e.line for e in notice.entries] == [7, 9, 11, 13, 15, 17, 19]
    assert notice.summary()[1] == (
        "春节：2月15日（周日）至2月23日（周一）放假，共9天；2月14日（周六）、2月28日（周六）上班"
    )
    assert len(notice.days_off) == 33 and notice.warnings == ()


def test_2024_advice_about_new_years_eve_is_not_a_day_off() -> None:
    notice = parse_notice(read("2024.txt"))
    assert D(2024, 2, 9) not in notice.days_off  # 鼓励……安排职工在除夕（2月9日）休息
    assert notice.days_off[D(2024, 6, 10)] == "端午节"  # 6月10日放假，与周末连休


def test_2017_old_wording_buxiu() -> None:
    notice = parse_notice(read("2017.txt"))
    assert notice.days_off[D(2017, 1, 2)] == "元旦"  # 1月2日（星期一）补休
    assert notice.days_off[D(2017, 10, 4)] == "中秋节、国庆节"


def test_hong_kong_characters_and_full_width_digits() -> None:
    text = opencc.OpenCC("s2hk").convert(read("2025.txt"))
    text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert differing_days(text) == (2025, [])


def test_line_breaks_inside_an_entry_and_one_long_line() -> None:
    broken = read("2026.txt").replace("2月14日（周六）、2月28日", "2月14日（周六）、2月28日\n")
    assert parse_notice(broken).working_days == parse_notice(read("2026.txt")).working_days
    one_line = read("2026.txt").replace("\n", "")
    assert differing_days(one_line) == (2026, [])


def test_new_year_range_without_years_runs_into_the_next_year() -> None:
    text = (
        "国务院办公厅关于2027年部分节假日安排的通知\n"
        "一、元旦：12月31日（周四）至1月2日（周六）放假调休，共3天。12月26日（周六）上班。\n"
        "二、春节：2月6日（周六）至12日（周五）放假，共7天。\n"
    )
    notice = parse_notice(text)
    assert sorted(notice.days_off)[:3] == [D(2026, 12, 31), D(2027, 1, 1), D(2027, 1, 2)]
    assert list(notice.working_days) == [D(2026, 12, 26)]


def test_summary_names_the_year_of_a_december_day() -> None:
    assert parse_notice(read("2019.txt")).summary()[0] == (
        "元旦：2018年12月30日（周日）至2019年1月1日（周二）放假，共3天；2018年12月29日（周六）上班"
    )


# ----------------------------------------------------------------------------- refusals
def refused(text: str) -> NoticeError:
    with pytest.raises(NoticeError) as info:
        parse_notice(text)
    return info.value


def test_empty_text_is_refused() -> None:
    assert "为空" in str(refused("  \n "))


def test_text_without_year_is_refused() -> None:
    assert "年份" in str(refused("一、元旦：1月1日放假。"))


def test_text_without_entries_is_refused() -> None:
    assert "没有找到任何节日安排" in str(
        refused("国务院办公厅关于2026年部分节假日安排的通知\n你好")
    )


def test_wrong_weekday_names_the_line() -> None:
    error = refused(read("2026.txt").replace("1月1日（周四）", "1月1日（周五）"))
    assert error.line == 7
    assert str(error).startswith("第7行：") and "周四" in str(error)


def test_notice_for_the_wrong_year_is_refused() -> None:
    # The 2026 text with its year changed: every printed weekday is now wrong.
    error = refused(read("2026.txt").replace("2026年", "2027年"))
    assert error.line == 7


def test_total_days_must_match_the_range() -> None:
    error = refused(read("2026.txt").replace("共9天", "共8天"))
    assert error.line == 9 and "共8天" in str(error)


def test_date_without_keyword_is_refused() -> None:
    error = refused(
        read("2026.txt").replace(
            "10月1日（周四）至7日（周三）放假调休，共7天", "10月1日（周四）至7日（周三）"
        )
    )
    assert error.line == 19


def test_date_outside_the_notice_span_is_refused() -> None:
    error = refused(read("2026.txt").replace("10月10日（周六）上班", "12月26日（周六）上班"))
    assert error.line == 19 and "不在2026年通知" in str(error)


def test_invalid_date_is_refused() -> None:
    assert refused(read("2026.txt").replace("5月9日（周六）", "2月30日")).line == 13


def test_weekday_working_day_is_a_warning() -> None:
    notice = parse_notice(read("2026.txt").replace("5月9日（周六）上班", "5月8日（周五）上班"))
    assert notice.warnings and notice.warnings[0].startswith("第13行")


def test_describe_days_groups_runs() -> None:
    off, work = bundled_calendar().year_days(2026)
    lines = describe_days(off, work)
    assert lines[0] == "放假  1月1日（周四）至1月3日（周六），共3天  元旦"
    assert lines[1] == "上班  1月4日（周日）  元旦"
    assert len(lines) == 7 + 6


# Older notices (entries only): explicit-year 元旦 reaching into 2011, 放假公休, 补休 on a Monday.
NOTICE_2012 = """国务院办公厅关于2012年部分节假日安排的通知
一、元旦：2012年1月1日至3日放假调休，共3天。2011年12月31日（星期六）上班。
二、春节：1月22日至28日放假调休，共7天。1月21日（星期六）、1月29日（星期日）上班。
三、清明节：4月2日至4日放假调休，共3天。3月31日（星期六）、4月1日（星期日）上班。
四、劳动节：4月29日至5月1日放假调休，共3天。4月28日（星期六）上班。
五、端午节：6月22日至24日放假公休，共3天。
六、中秋节、国庆节：9月30日至10月7日放假调休，共8天。9月29日（星期六）上班。
"""
NOTICE_2015 = """国务院办公厅关于2015年部分节假日安排的通知
一、元旦：1月1日至3日放假调休，共3天。1月4日（星期日）上班。
二、春节：2月18日至24日放假调休，共7天。2月15日（星期日）、2月28日（星期六）上班。
三、清明节：4月5日放假，4月6日（星期一）补休。
四、劳动节：5月1日放假，与周末连休。
五、端午节：6月20日放假，6月22日（星期一）补休。
六、中秋节：9月27日放假。
七、国庆节：10月1日至7日放假调休，共7天。10月10日（星期六）上班。
"""


def test_2012_notice_with_december_2011_working_saturday() -> None:
    notice = parse_notice(NOTICE_2012)
    assert notice.working_days[D(2011, 12, 31)] == "元旦"
    assert differing_days(NOTICE_2012) == (2012, [])


def test_2015_notice_differs_only_by_the_separate_anniversary_notice() -> None:
    # 9/3–4 off and 9/6 上班 came from a separate notice (抗战胜利70周年), which the bundled data has.
    assert differing_days(NOTICE_2015) == (2015, [D(2015, 9, 3), D(2015, 9, 4), D(2015, 9, 6)])


def test_supplementary_notice_is_refused() -> None:
    text = (
        "国务院办公厅关于调整2019年劳动节假期安排的通知\n"
        "2019年劳动节放假调休安排如下：5月1日至4日放假调休，共4天。4月28日（星期日）、5月5日（星期日）上班。"
    )
    assert "年份" in str(refused(text))


def test_month_carried_over_within_a_sentence() -> None:
    # 2008 wording: the second 上班 day gives only its day of the month.
    text = (
        "国务院办公厅关于2008年部分节假日安排的通知\n"
        "六、国庆节：9月29日至10月5日放假调休，共7天。9月27日（星期六）、28日（星期日）上班。\n"
    )
    notice = parse_notice(text)
    assert sorted(notice.working_days) == [D(2008, 9, 27), D(2008, 9, 28)]
    for day in [*notice.working_days, *notice.days_off]:
        assert chinese_calendar.is_workday(day) == (day in notice.working_days)


def test_differences_show_what_a_reimport_would_undo() -> None:
    # The original 2019 notice lacks the later 劳动节 adjustment that the bundled data has.
    changed = differences(bundled_calendar(), parse_notice(read("2019.txt")))
    assert changed == [
        "4月28日（周日）：上班 → 休息",
        "5月2日（周四）：休息 → 上班",
        "5月3日（周五）：休息 → 上班",
        "5月5日（周日）：上班 → 休息",
    ]
    assert differences(bundled_calendar(), parse_notice(read("2026-traditional.txt"))) == []


@pytest.mark.parametrize("year", [2017, 2019, 2024, 2025, 2026])
@pytest.mark.parametrize("script", ["", "-traditional"])
def test_complete_notices_have_no_warning(year: int, script: str) -> None:
    # 2017 and 2025 list 中秋 and 国庆 in one entry; that is complete too.
    assert parse_notice(read(f"{year}{script}.txt")).warnings == ()


def test_partial_paste_is_warned_about() -> None:
    head = read("2026.txt").split("三、清明节")[0]  # 元旦 and 春节 only
    notice = parse_notice(head)
    assert len(notice.entries) == 2
    assert notice.warnings == (
        "没有读到清明节、劳动节、端午节、中秋节、国庆节的安排（每年的通知都列出七个节日），"
        "请核对是否粘贴完整；保存后这些节日按正常工作日计算",
    )
