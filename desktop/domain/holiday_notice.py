"""Reading the State Council's yearly notice 《国务院办公厅关于XXXX年部分节假日安排的通知》 as published.

The office pastes (or saves) the notice text the day it comes out; this module turns it into the
year's days off and 调休 working weekends (contract decision 6), or refuses it naming the line it could
not read. Nothing here guesses silently:

- Simplified or traditional characters (converted with OpenCC first), full-width or ASCII digits and
  brackets, the older wording (1月2日（星期一）补休, 与周末连休, 星期六) and the newer one (周一,
  放假调休, 放假1天，不调休).
- Each date is classed by the first keyword that follows it in its sentence: 放假/补休/连休/休息 make it a
  day off, 上班/补班 a working day. Advisory sentences (鼓励……休息) are skipped.
- 元旦 can reach into December of the year before: an explicit year is used as written
  ("2018年12月30日至2019年1月1日"); a December date with no year in the 元旦 entry belongs to the year
  before. Every date must fall in the span the notice governs (`workcalendar.notice_span`).
- Cross-checks that catch a wrong year or a typo: the weekday printed in brackets must be the date's
  weekday, and "共N天" must equal the days of the range. A 上班 day that is not a weekend is a warning.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from desktop.domain.chinese import to_simplified
from desktop.domain.workcalendar import WorkCalendar, notice_span

FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_WEEKDAY_CHARS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

_NAME = "(?:" + "|".join(FESTIVALS) + ")"
# A festival entry: optional numbering (一、 / （一） / 1. ), one or more names, then a colon.
# It starts only at a non-blank character: from every blank of a long run of blanks, the `\s*`
# below would scan the rest of the run again (quadratic: a 79 KB line took 211 s; F9b).
_HEADER = re.compile(
    rf"(?:^|(?<=[\s。]))(?=\S)(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[、.])?\s*"
    rf"(?P<names>{_NAME}(?:、{_NAME})*)\s*:"
)
_YEAR = re.compile(r"关于\s*(\d{4})\s*年\s*部分节假日安排|现将\s*(\d{4})\s*年")
# The weekday note after a date, （星期三）, is short: bounded, so an unclosed bracket after each of
# many dates is not scanned to the end of the text each time.
_DATE = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日(?:\((?P<{p}n>[^)]{{0,12}})\))?"
_SPAN = re.compile(_DATE.format(p="a") + r"(?:\s*(?:至|到|—|-|~)\s*" + _DATE.format(p="b") + ")?")
_OFF_WORDS = ("放假", "补休", "连休", "休息", "休假")
_WORK_WORDS = ("上班", "补班")
_KEYWORD = re.compile("|".join(_OFF_WORDS + _WORK_WORDS))
_TOTAL = re.compile(r"(?:共|放假)(\d+)天")
# Where the entries end when the text was pasted as one line: the closing paragraph, the signature.
_CLOSING = re.compile(r"节假日期间|国务院办公厅\s*\d{4}年")
_WEEKDAY_NOTE = re.compile(r"(?:星期|周)([一二三四五六日天])")
# A yearly notice is a few KB; anything this long is not one (checked before any parsing).
MAX_NOTICE_CHARS = 200_000


class NoticeError(ValueError):
    """A notice that cannot be understood; the message names the line (1-based) when there is one."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        self.reason = message
        super().__init__(f"第{line}行：{message}" if line is not None else message)


@dataclass(frozen=True)
class FestivalEntry:
    """One numbered entry of the notice (e.g. 二、春节：…), as understood."""

    name: str
    line: int
    text: str
    days_off: tuple[date, ...]
    working_days: tuple[date, ...]


@dataclass(frozen=True)
class HolidayNotice:
    year: int
    entries: tuple[FestivalEntry, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def days_off(self) -> dict[date, str]:
        return {d: e.name for e in self.entries for d in e.days_off}

    @property
    def working_days(self) -> dict[date, str]:
        return {d: e.name for e in self.entries for d in e.working_days}

    def summary(self) -> list[str]:
        """What was understood, one line per entry, for the clerk to check before saving."""
        return [
            f"{e.name}：{describe_entry(e.days_off, e.working_days, self.year)}"
            for e in self.entries
        ]


def weekday_name(day: date) -> str:
    return WEEKDAY_NAMES[day.weekday()]


def day_text(day: date, year: int | None = None) -> str:
    """1月4日（周日）, with the year in front when it differs from `year`."""
    prefix = f"{day.year}年" if year is not None and day.year != year else ""
    return f"{prefix}{day.month}月{day.day}日（{weekday_name(day)}）"


def runs(days: list[date]) -> list[tuple[date, date]]:
    """Consecutive days grouped into (first, last) runs."""
    out: list[tuple[date, date]] = []
    for day in sorted(days):
        if out and day - out[-1][1] == timedelta(days=1):
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


def describe_entry(
    days_off: tuple[date, ...], working: tuple[date, ...], year: int | None = None
) -> str:
    parts = []
    for first, last in runs(list(days_off)):
        count = (last - first).days + 1
        if first == last:
            parts.append(f"{day_text(first, year)}放假，共1天")
        else:
            # 2018年12月30日至2019年1月1日: the end shows its year when the range crosses one.
            last_ref = year if first.year == year else first.year
            parts.append(f"{day_text(first, year)}至{day_text(last, last_ref)}放假，共{count}天")
    if working:
        parts.append("、".join(day_text(d, year) for d in sorted(working)) + "上班")
    return "；".join(parts)


def describe_days(days_off: dict[date, str], working: dict[date, str]) -> list[str]:
    """A stored year's days as lines in date order: runs of days off with their names, and 上班 days."""
    lines: list[tuple[date, str]] = []
    for first, last in runs(list(days_off)):
        names: list[str] = []
        day = first
        while day <= last:
            if days_off[day] not in names:
                names.append(days_off[day])
            day += timedelta(days=1)
        count = (last - first).days + 1
        span = day_text(first) if first == last else f"{day_text(first)}至{day_text(last)}"
        lines.append((first, f"放假  {span}，共{count}天  {'、'.join(n for n in names if n)}"))
    for day, name in working.items():
        lines.append((day, f"上班  {day_text(day)}  {name}"))
    return [text for _, text in sorted(lines)]


def changed_days(current: WorkCalendar, notice: HolidayNotice) -> list[tuple[date, bool]]:
    """The days whose working status storing the notice would change: (day, working afterwards)."""
    replaced = current.with_year(notice.year, notice.days_off, notice.working_days)
    first, last = notice_span(notice.year)
    out = []
    day = first
    while day <= last:
        after = replaced.is_working_day(day)
        if current.is_working_day(day) != after:
            out.append((day, after))
        day += timedelta(days=1)
    return out


def differences(current: WorkCalendar, notice: HolidayNotice) -> list[str]:
    """`changed_days` as lines for the clerk, e.g. “5月2日（周四）：休息 → 上班”.

    Shown before a known year is replaced, so that re-importing an older text cannot silently undo
    a later adjustment (e.g. the 2019 劳动节 change made by a separate notice).
    """
    return [
        f"{day_text(day, notice.year)}：{'休息 → 上班' if working else '上班 → 休息'}"
        for day, working in changed_days(current, notice)
    ]


def normalise(text: str) -> str:
    """Simplified characters, ASCII digits and brackets (NFKC), one kind of colon."""
    return unicodedata.normalize("NFKC", to_simplified(text)).replace("\u3000", " ")


def notice_year(lines: list[str]) -> int:
    for line in lines:
        match = _YEAR.search(line)
        if match:
            return int(match.group(1) or match.group(2))
    raise NoticeError(
        "找不到通知所属的年份（应有“关于XXXX年部分节假日安排的通知”或“现将XXXX年……”）"
    )


@dataclass
class _Section:
    name: str
    line: int
    text: str
    more: list[str] = field(default_factory=list)  # continuation lines, joined once at the end


def _sections(lines: list[str]) -> list[_Section]:
    """The festival entries with the line each starts on; a sentence broken over lines is joined."""
    found: list[_Section] = []
    open_section: _Section | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        headers = list(_HEADER.finditer(stripped))
        if not headers:
            # A continuation of an entry whose last sentence was cut by a line break.
            if (
                open_section is not None
                and stripped
                and not _last_text(open_section).endswith("。")
            ):
                open_section.more.append(stripped)
            elif not stripped or open_section is not None:
                open_section = None
            continue
        for i, match in enumerate(headers):
            end = headers[i + 1].start() if i + 1 < len(headers) else len(stripped)
            open_section = _Section(
                match.group("names"), number, stripped[match.end() : end].strip()
            )
            found.append(open_section)
    for section in found:
        section.text = "".join([section.text, *section.more])
        section.more.clear()
    return found


def _last_text(section: _Section) -> str:
    return (section.more[-1] if section.more else section.text).rstrip()


def _date(year: int | None, month: int, day: int, line: int) -> date:
    assert year is not None
    try:
        return date(year, month, day)
    except ValueError:
        raise NoticeError(f"{year}年{month}月{day}日不是有效的日期", line) from None


def _check_weekday(day: date, note: str | None, line: int) -> None:
    if not note:
        return
    match = _WEEKDAY_NOTE.search(note)
    if match and _WEEKDAY_CHARS[match.group(1)] != day.weekday():
        raise NoticeError(
            f"{day.year}年{day.month}月{day.day}日是{weekday_name(day)}，通知写的是"
            f"“{match.group(0)}”（年份或日期有误？）",
            line,
        )


def _resolve(
    span: re.Match[str],
    prefix: str,
    month: int | None,
    default_year: int | None,
    year: int,
    is_new_year: bool,
    line: int,
) -> tuple[date, int]:
    """One written date made whole: a missing month is the sentence's last one, a missing year the
    notice's (or the year before, for a December date in the 元旦 entry)."""
    y = span.group(f"{prefix}y")
    m = span.group(f"{prefix}m")
    if m is not None:
        month = int(m)
    if month is None:
        raise NoticeError(f"“{span.group(0)}”缺少月份", line)
    if y is not None:
        resolved_year = int(y)
    elif default_year is not None:
        resolved_year = default_year
    else:
        resolved_year = year - 1 if is_new_year and month == 12 else year
    return _date(resolved_year, month, int(span.group(f"{prefix}d")), line), month


def _parse_section(section: _Section, year: int, warnings: list[str]) -> FestivalEntry:
    closing = _CLOSING.search(section.text)
    if closing:
        section.text = section.text[: closing.start()]
    off: list[date] = []
    work: list[date] = []
    line = section.line
    is_new_year = "元旦" in section.name
    for sentence in re.split(r"[。;；]", section.text):
        if not sentence.strip() or "鼓励" in sentence:
            continue  # e.g. 鼓励各单位……安排职工在除夕（2月9日）休息: advice, not a day off
        month: int | None = None
        sentence_off = 0
        # Every keyword found once; each date takes the first one after it (bisect), instead of a
        # search to the end of the sentence from every date (quadratic on a line of dates, F9b).
        keywords = list(_KEYWORD.finditer(sentence))
        starts = [k.start() for k in keywords]
        for span in _SPAN.finditer(sentence):
            at = bisect.bisect_left(starts, span.end())
            keyword = keywords[at] if at < len(keywords) else None
            if keyword is None:
                raise NoticeError(
                    f"“{section.name}”一项中看不懂“{sentence.strip()}”：日期后面没有“放假”或“上班”",
                    line,
                )
            is_work = keyword.group(0) in _WORK_WORDS

            first, month = _resolve(span, "a", month, None, year, is_new_year, line)
            _check_weekday(first, span.group("an"), line)
            last = first
            if span.group("bd") is not None:
                last, month = _resolve(span, "b", month, first.year, year, is_new_year, line)
                if last < first and span.group("by") is None:
                    # 12月31日至1月2日: the range runs into the next year.
                    last = _date(first.year + 1, last.month, last.day, line)
                if last < first:
                    raise NoticeError(f"“{span.group(0)}”的结束日期早于开始日期", line)
                _check_weekday(last, span.group("bn"), line)
            days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
            if is_work:
                work.extend(days)
                for day in days:
                    if day.weekday() < 5:
                        warnings.append(
                            f"第{line}行：{day_text(day)}本是工作日，通知写“上班”，已照录"
                        )
            else:
                off.extend(days)
                sentence_off += len(days)
        total = _TOTAL.search(sentence)
        if total and sentence_off and int(total.group(1)) != sentence_off:
            raise NoticeError(
                f"“{section.name}”写的是{total.group(0)}，但所列日期共{sentence_off}天", line
            )
    if not off and not work:
        raise NoticeError(f"“{section.name}”一项没有读到任何日期", line)
    clash = set(off) & set(work)
    if clash:
        day = min(clash)
        raise NoticeError(f"{day_text(day)}既写了放假又写了上班", line)
    first_day, last_day = notice_span(year)
    for day in off + work:
        if not first_day <= day <= last_day:
            raise NoticeError(
                f"{day.isoformat()}不在{year}年通知所管的日期范围内"
                f"（{first_day.isoformat()}至{last_day.isoformat()}）",
                line,
            )
    return FestivalEntry(
        section.name, line, section.text, tuple(sorted(set(off))), tuple(sorted(set(work)))
    )


def _too_long(size: str) -> NoticeError:
    return NoticeError(f"内容太长（{size}），不像是节假日安排通知；请只粘贴通知正文")


def decode_notice(data: bytes) -> str:
    """A notice file's text: UTF-8 (with or without BOM), else GB18030 as Chinese Windows saves it."""
    if len(data) > 4 * MAX_NOTICE_CHARS:
        raise _too_long(f"{len(data):,} 字节")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise NoticeError(
            f"不是文本文件（第{exc.start + 1}个字节起无法按 UTF-8 或 GB18030 读取）；"
            "请把通知全文另存为 .txt 文本再导入"
        ) from None


def parse_notice(text: str) -> HolidayNotice:
    """The notice's year, entries and days; raises NoticeError naming the line it cannot read."""
    if len(text) > MAX_NOTICE_CHARS:
        raise _too_long(f"{len(text):,} 个字符")
    lines = normalise(text).splitlines()
    if not any(line.strip() for line in lines):
        raise NoticeError("通知内容为空")
    year = notice_year(lines)
    sections = _sections(lines)
    if not sections:
        raise NoticeError("没有找到任何节日安排（应有“一、元旦：……”“二、春节：……”这样的条目）")
    warnings: list[str] = []
    entries = [_parse_section(s, year, warnings) for s in sections]
    seen: dict[date, int] = {}
    for entry in entries:
        for day in entry.days_off + entry.working_days:
            if day in seen and seen[day] != entry.line:
                raise NoticeError(f"{day_text(day)}在第{seen[day]}行已经出现过", entry.line)
            seen[day] = entry.line
    # Every yearly notice lists all seven festivals (中秋 and 国庆 sometimes in one entry). A
    # shorter text is most likely a partial paste; saving it would count the rest as working days.
    named = "、".join(e.name for e in entries)
    missing = [f for f in FESTIVALS if f not in named]
    if missing:
        warnings.append(
            f"没有读到{'、'.join(missing)}的安排（每年的通知都列出七个节日），请核对是否粘贴完整；"
            "保存后这些节日按正常工作日计算"
        )
    return HolidayNotice(year, tuple(entries), tuple(warnings))
