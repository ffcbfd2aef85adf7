"""Reading single cells of a ledger: every accepted form, and the reasons given for bad ones."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import vocab
from desktop.domain.cell_values import (
    CellValueError,
    parse_choice,
    parse_code,
    parse_date,
    parse_money_cents,
    parse_outcome,
    parse_text,
    parse_yes_no,
)
from desktop.domain.chinese import to_traditional

MARCH_1 = date(2025, 3, 1)


# ------------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    "cell",
    [
        date(2025, 3, 1),
        datetime(2025, 3, 1),
        datetime(2025, 3, 1, 15, 30),
        45717,  # Excel serial of 2025-03-01
        45717.75,  # serial with a time of day
        "45717",
        "2025-03-01",
        "2025-3-1",
        "2025/3/1",
        "2025/03/01",
        "2025.3.1",
        "2025年3月1日",
        "2025年03月01日",
        "2025年3月1号",
        "2025 年 3 月 1 日",
        "20250301",
        20250301,
        "２０２５－０３－０１",
        "２０２５年３月１日",
        "2025-03-01 00:00:00",
        "2025-03-01T08:15",
        "二〇二五年三月一日",
        "  2025-03-01  ",
    ],
)
def test_every_date_form_reads_as_the_same_day(cell):
    assert parse_date(cell) == MARCH_1


def test_chinese_numeral_dates_with_tens():
    assert parse_date("二〇二四年十二月三十一日") == date(2024, 12, 31)
    assert parse_date("二〇二四年十月二十日") == date(2024, 10, 20)


@pytest.mark.parametrize("cell", [None, "", "   ", "\t"])
def test_an_empty_date_cell_is_none(cell):
    assert parse_date(cell) is None


def test_leap_day_exists_only_in_leap_years():
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    with pytest.raises(CellValueError, match="2025年2月没有29日"):
        parse_date("2025-02-29")


@pytest.mark.parametrize(
    "cell, reason",
    [
        ("2025-02-30", "2025年2月没有30日"),
        ("2025/4/31", "2025年4月没有31日"),
        ("2025年13月1日", "没有13月"),
        ("20250230", "2025年2月没有30日"),
        (20251301, "没有13月"),
        ("2025-00-10", "没有0月"),
        ("3月1日", "不是日期"),
        ("25-3-1", "不是日期"),
        ("明天", "不是日期"),
        ("2025-03", "不是日期"),
        (True, "不是日期"),
        (0, "不是日期"),
        (-5, "不是日期"),
        ("1899-12-31", "年份 1899"),
        ("2150-01-01", "年份 2150"),
        (120, "年份 1900"),  # a small number is a serial from 1900: a typing mistake
    ],
)
def test_impossible_dates_are_refused_with_the_reason(cell, reason):
    with pytest.raises(CellValueError) as caught:
        parse_date(cell)
    assert reason in str(caught.value)


def test_a_refused_date_quotes_what_was_typed_and_the_accepted_forms():
    with pytest.raises(CellValueError) as caught:
        parse_date("下周一")
    message = str(caught.value)
    assert "“下周一”" in message
    assert "2025年3月1日" in message and "20250301" in message


# ------------------------------------------------------------------------------------ 是/否


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("是", True),
        ("否", False),
        (to_traditional("是"), True),
        (to_traditional("否"), False),
        ("Y", True),
        ("y", True),
        ("N", False),
        ("yes", True),
        ("NO", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        (1.0, True),
        (True, True),
        (False, False),
        ("TRUE", True),
        ("ｙ", True),
        (" 是 ", True),
        ("√", True),
    ],
)
def test_yes_no_forms(cell, expected):
    assert parse_yes_no(cell) is expected


def test_empty_yes_no_is_none_and_other_words_are_refused():
    assert parse_yes_no(None) is None
    assert parse_yes_no("") is None
    for cell in ("可能", "2", 2, "是的吧"):
        with pytest.raises(CellValueError, match="应为“是”或“否”"):
            parse_yes_no(cell)


# ------------------------------------------------------------------------------------ money


@pytest.mark.parametrize(
    "cell, cents",
    [
        (380, 38000),
        (380.0, 38000),
        (380.1, 38010),
        (0.1, 10),
        (0.29, 29),  # 0.29 * 100 is 28.999999999999996 in binary floating point
        (1234.56, 123456),
        (Decimal("12.34"), 1234),
        ("380", 38000),
        ("380.00", 38000),
        ("380.00元", 38000),
        ("380元", 38000),
        ("380 元", 38000),
        ("¥380.5", 38050),
        ("￥1,200.50", 120050),
        ("人民币100元", 10000),
        ("３８０．００元", 38000),
        ("0", 0),
        (0, 0),
    ],
)
def test_money_in_yuan_becomes_exact_fen(cell, cents):
    assert parse_money_cents(cell) == cents


def test_empty_money_is_none():
    assert parse_money_cents(None) is None
    assert parse_money_cents("  ") is None


@pytest.mark.parametrize(
    "cell, reason",
    [
        ("三百元", "不是金额"),
        ("380.5.1", "不是金额"),
        ("abc", "不是金额"),
        (-5, "不能为负数"),
        ("-1.00", "不能为负数"),
        ("1.234", "精确到分"),
        (0.001, "精确到分"),
        (True, "不是金额"),
        ("NaN", "不是金额"),
        ("Infinity", "不是金额"),
    ],
)
def test_bad_money_is_refused(cell, reason):
    with pytest.raises(CellValueError) as caught:
        parse_money_cents(cell)
    assert reason in str(caught.value)


# ------------------------------------------------------------------------------------ choices


@pytest.mark.parametrize("choice", vocab.CHANNELS + vocab.APPLICANT_TYPES + vocab.REVIEW_RESULTS)
def test_choices_match_in_simplified_and_traditional(choice):
    options = vocab.CHANNELS + vocab.APPLICANT_TYPES + vocab.REVIEW_RESULTS
    assert parse_choice(choice, options) == choice
    assert parse_choice(to_traditional(choice), options) == choice


def test_traditional_channel_examples():
    assert parse_choice("郵寄", vocab.CHANNELS) == "邮寄"
    assert parse_choice("網絡", vocab.CHANNELS) == "网络"
    assert parse_choice("電子郵件", vocab.CHANNELS) == "电子邮件"
    assert parse_choice("社會公益組織", vocab.APPLICANT_TYPES) == "社会公益组织"
    assert parse_choice("復議後起訴", vocab.LITIGATION_TYPES) == "复议后起诉"


def test_an_unknown_choice_lists_the_allowed_values():
    with pytest.raises(CellValueError) as caught:
        parse_choice("微信", vocab.CHANNELS)
    message = str(caught.value)
    assert "“微信”" in message
    assert "当面、邮寄、平常信函、网络、电子邮件、传真、其他" in message


def test_an_empty_choice_is_empty_text():
    assert parse_choice(None, vocab.CHANNELS) == ""
    assert parse_choice(" ", vocab.CHANNELS) == ""


# ------------------------------------------------------------------------------------ outcome


@pytest.mark.parametrize("leaf", vocab.OUTCOME_LEAVES, ids=lambda leaf: leaf.code)
def test_every_outcome_by_short_label_numbered_label_and_in_traditional(leaf):
    assert parse_outcome(leaf.short) == leaf.code
    assert parse_outcome(leaf.label) == leaf.code
    assert parse_outcome(to_traditional(leaf.short)) == leaf.code
    assert parse_outcome(to_traditional(leaf.label)) == leaf.code


@pytest.mark.parametrize(
    "cell, code",
    [
        ("申请人撤回", "other.other"),
        ('危及"三安全一稳定"', "deny.security"),
        ("危及「三安全一穩定」", "deny.security"),
        ("1、属于国家秘密", "deny.secret"),
        (" 部分公开 ", "partial"),
    ],
)
def test_outcome_variants_clerks_write(cell, code):
    assert parse_outcome(cell) == code


def test_unknown_outcome_is_refused_and_empty_is_none():
    assert parse_outcome(None) is None
    assert parse_outcome("") is None
    with pytest.raises(CellValueError, match="不是表三中的办理结果"):
        parse_outcome("已答复")
    with pytest.raises(CellValueError, match="不是表三中的办理结果"):
        parse_outcome("不予公开")  # a group heading, not a leaf


# ------------------------------------------------------------------------------------ text


def test_text_and_codes_keep_what_was_typed():
    assert parse_text("  张三  ") == "张三"
    assert parse_text(None) == ""
    assert parse_text(12.0) == "12"
    assert parse_text(date(2025, 3, 1)) == "2025-03-01"
    assert parse_text("=1+1") == "=1+1"
    assert parse_code(13800138000) == "13800138000"
    assert parse_code(13800138000.0) == "13800138000"
    assert parse_code("11010519491231002x") == "11010519491231002X"
    assert parse_code(" 010-12345678 ") == "010-12345678"


def test_an_id_number_stored_as_an_excel_number_is_refused():
    with pytest.raises(CellValueError, match="15 位以后的数字已经丢失"):
        parse_code(110105194912310000)
    with pytest.raises(CellValueError, match="15 位以后的数字已经丢失"):
        parse_code(1.10105194912310e17)


# ------------------------------------------------------------------------------------ properties

DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))


@given(DAYS)
def test_every_written_form_of_any_day_reads_back_as_that_day(day):
    forms = [
        day,
        datetime(day.year, day.month, day.day),
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y%m%d"),
        int(day.strftime("%Y%m%d")),
        day.toordinal() - date(1899, 12, 30).toordinal(),  # Excel serial
    ]
    assert {parse_date(form) for form in forms} == {day}


@given(st.integers(min_value=0, max_value=10**10))
def test_any_amount_in_fen_survives_every_written_form(cents):
    yuan = Decimal(cents) / 100
    forms = [f"{yuan:.2f}", f"{yuan:.2f}元", f"¥{yuan:,.2f}", yuan, float(f"{yuan:.2f}")]
    assert {parse_money_cents(form) for form in forms} == {cents}


def test_long_text_keeps_a_cell_of_blanks_only_as_typed():
    # 备注 of a single space must survive export and import (the round trip once lost it).
    assert parse_text(" ", strip=False) == " "
    assert parse_text("\u3000\n", strip=False) == "\u3000\n"
    assert parse_text(None, strip=False) == ""
    assert parse_text("  ") == ""  # names and codes: blanks only is empty
