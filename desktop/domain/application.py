"""One 政府信息公开申请 as the register holds it, and the rules a single record must satisfy.

Field names here are the register's vocabulary; the ledger columns (domain.ledger_columns) and the
entry form map Chinese headers onto them. Validation returns every problem at once, each naming the
field by its Chinese label, so the form and the importers can show the same message.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.domain import report_formats, vocab
from desktop.domain.regimes import regime_for


@dataclass
class Application:
    receipt_date: date
    channel: str
    applicant_type: str
    applicant: str
    number: str = ""  # 申请编号, e.g. 2026-0001; empty until the register numbers it
    id_number: str = ""
    phone: str = ""
    content: str = ""
    correction_notice_date: date | None = None  # 补正告知日期
    correction_received_date: date | None = None  # 补正收到日期
    consultation_sent_date: date | None = None  # 征求意见发出日期
    consultation_received_date: date | None = None  # 征求意见收到日期
    fee_notice_date: date | None = None  # 收费通知日期 (pauses the clock, decision 5)
    fee_paid_date: date | None = None  # 缴费日期
    extended: bool = False  # 延期
    # Decision 5 v2: whom the consultation asked (第三方 / 其他机关; blank = 第三方, the v1 meaning)
    # and the extension the office stated (None = the regime's maximum, the v1 meaning).
    consultation_party: str = ""  # 征求意见对象
    extension_days: int | None = None  # 延期工作日数
    due_override_date: date | None = None  # art. 35 延迟答复的合理期限, set by hand
    due_override_reason: str = ""
    answer_date: date | None = None  # 答复日期; None = still open
    outcome: str | None = None  # OutcomeLeaf.code
    fee_amount_cents: int | None = None  # 收费金额 in fen, exact
    review_date: date | None = None  # 行政复议日期
    review_result: str = ""
    litigation_type: str = ""
    litigation_date: date | None = None
    litigation_result: str = ""
    # When the result was decided (decision 4: table 四 counts a case filed in Y under its result only
    # if decided by 31 Dec of Y). Empty with a result = older data, counted as decided.
    review_result_date: date | None = None  # 行政复议结果日期
    litigation_result_date: date | None = None  # 行政诉讼结果日期
    remarks: str = ""
    # Decision 7 v2: the application's item in the 2014 统计表 where its 2021 outcome cannot tell
    # (a StatItem key, e.g. "answered.deny.commercial"); empty = derived from the outcome.
    outcome_2014: str = ""  # 2014格式办理结果
    id: int | None = None  # register row id
    # Derived by the register from the deadline rules; never typed by a clerk.
    answer_due: date | None = field(default=None, compare=False)
    due_confirmed: bool = field(default=True, compare=False)

    @property
    def is_open(self) -> bool:
        return self.answer_date is None

    def replace(self, **changes: Any) -> Application:
        return dataclasses.replace(self, **changes)


# Chinese names of the fields, as the ledger headers and the form labels print them.
FIELD_LABELS: dict[str, str] = {
    "number": "申请编号",
    "channel": "申请方式",
    "receipt_date": "收到日期",
    "applicant_type": "申请人类型",
    "applicant": "申请人",
    "id_number": "证件号码",
    "phone": "联系电话",
    "content": "申请内容",
    "correction_notice_date": "补正告知日期",
    "correction_received_date": "补正收到日期",
    "consultation_sent_date": "征求意见发出日期",
    "consultation_received_date": "征求意见收到日期",
    "extended": "延期",
    "answer_date": "答复日期",
    "outcome": "办理结果",
    "fee_amount_cents": "收费金额",
    "review_date": "行政复议日期",
    "review_result": "行政复议结果",
    "litigation_type": "行政诉讼类型",
    "litigation_date": "行政诉讼日期",
    "litigation_result": "行政诉讼结果",
    "remarks": "备注",
    "fee_notice_date": "收费通知日期",
    "fee_paid_date": "缴费日期",
    "due_override_date": "延迟答复期限",
    "due_override_reason": "延迟答复理由",
    "answer_due": "答复期限",
    "due_confirmed": "期限已确认",
    "review_result_date": "行政复议结果日期",
    "litigation_result_date": "行政诉讼结果日期",
    "consultation_party": "征求意见对象",
    "extension_days": "延期工作日数",
    "outcome_2014": "2014格式办理结果",
}


@dataclass(frozen=True)
class FieldError:
    field: str  # Application attribute name
    message: str  # full Chinese sentence that names the field

    def __str__(self) -> str:
        return self.message


_ID18 = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# 统一社会信用代码 (GB 32100-2015): 18 characters from this alphabet, last one a check character.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_card_check_char(first17: str) -> str:
    """The GB 11643-1999 check character of an 18-digit 居民身份证号码."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def is_valid_id_card(number: str) -> bool:
    number = number.strip().upper()
    if not _ID18.match(number):
        return False
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return id_card_check_char(number[:17]) == number[17]


def is_valid_credit_code(code: str) -> bool:
    """统一社会信用代码 check character (GB 32100-2015)."""
    code = code.strip().upper()
    if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
        return False
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31] == code[17]


def _label(name: str) -> str:
    return FIELD_LABELS[name]


# The longest text each field takes, in characters: generous for real use (a long request runs to
# a few thousand characters), small enough that one pasted file or hostile cell cannot grow the
# register by hundreds of MB (search index, audit copy; docs/safety.md F10).
TEXT_LIMITS: dict[str, int] = {
    "number": 50,
    "applicant": 200,
    "id_number": 50,
    "phone": 50,
    "content": 20_000,
    "remarks": 5_000,
    "due_override_reason": 2_000,
}


def validate(app: Application) -> list[FieldError]:
    """Every rule a single application must satisfy; an empty list means it may be saved."""
    errors: list[FieldError] = []

    def err(name: str, text: str) -> None:
        errors.append(FieldError(name, f"“{_label(name)}”{text}"))

    for name, limit in TEXT_LIMITS.items():
        length = len(getattr(app, name) or "")
        if length > limit:
            err(name, f"太长：{length:,} 个字符，最多 {limit:,} 个字符")
    if errors:
        return errors  # a field past its limit is not examined further

    # Decision 8: 申请编号 is the office's own text, any scheme, kept verbatim (only not blank-ish).
    if app.number != app.number.strip() or any(c in app.number for c in "\r\n\t"):
        err("number", "不能以空格开头或结尾，也不能含换行或制表符")
    if app.channel not in vocab.CHANNELS:
        err("channel", f"须为以下之一：{'、'.join(vocab.CHANNELS)}")
    if app.applicant_type not in vocab.APPLICANT_TYPES:
        err("applicant_type", f"须为以下之一：{'、'.join(vocab.APPLICANT_TYPES)}")
    if not app.applicant.strip():
        err("applicant", "不能为空")
    ident = app.id_number.strip().upper()
    person_id = app.applicant_type == vocab.NATURAL_PERSON
    # An 18-character number is checked as what it claims to be: a person's 居民身份证号码, or an
    # organisation's 统一社会信用代码 (which begins with a registration authority code).
    looks_like_credit_code = ident[:1] in tuple("123456789ANY") and not ident.isdigit()
    if len(ident) == 18 and person_id and not is_valid_id_card(ident):
        err("id_number", "不是有效的居民身份证号码（校验位或出生日期不对）")
    elif (
        len(ident) == 18
        and not person_id
        and looks_like_credit_code
        and not is_valid_credit_code(ident)
    ):
        err("id_number", "不是有效的统一社会信用代码（校验位不对）")

    received = app.receipt_date

    def not_before(name: str, value: date | None, earlier: date | None, earlier_name: str) -> None:
        if value is not None and earlier is not None and value < earlier:
            err(
                name,
                f"（{value.isoformat()}）不能早于“{_label(earlier_name)}”（{earlier.isoformat()}）",
            )

    not_before("correction_notice_date", app.correction_notice_date, received, "receipt_date")
    if app.correction_received_date is not None and app.correction_notice_date is None:
        err("correction_received_date", "已填写，但“补正告知日期”为空")
    not_before(
        "correction_received_date",
        app.correction_received_date,
        app.correction_notice_date,
        "correction_notice_date",
    )
    not_before("consultation_sent_date", app.consultation_sent_date, received, "receipt_date")
    if app.consultation_received_date is not None and app.consultation_sent_date is None:
        err("consultation_received_date", "已填写，但“征求意见发出日期”为空")
    not_before(
        "consultation_received_date",
        app.consultation_received_date,
        app.consultation_sent_date,
        "consultation_sent_date",
    )
    if app.consultation_party and app.consultation_party not in vocab.CONSULTATION_PARTIES:
        err("consultation_party", f"须为以下之一：{'、'.join(vocab.CONSULTATION_PARTIES)}")
    if app.extension_days is not None:
        regime = regime_for(received)
        if not app.extended:
            err("extension_days", "已填写，但“延期”为“否”")
        elif not 1 <= app.extension_days <= regime.extension_days:
            err(
                "extension_days",
                f"须为 1 到 {regime.extension_days} 之间的整数（{regime.name}，{regime.extension_article}）",
            )
    if app.outcome_2014 and app.outcome_2014 not in report_formats.OUTCOME_ITEMS_2014:
        err("outcome_2014", "不是2014年统计表“申请答复数”下的一项")
    not_before("fee_notice_date", app.fee_notice_date, received, "receipt_date")
    if app.fee_paid_date is not None and app.fee_notice_date is None:
        err("fee_paid_date", "已填写，但“收费通知日期”为空")
    not_before("fee_paid_date", app.fee_paid_date, app.fee_notice_date, "fee_notice_date")
    not_before("due_override_date", app.due_override_date, received, "receipt_date")
    if app.due_override_date is not None and not app.due_override_reason.strip():
        err("due_override_reason", "不能为空：按第三十五条确定延迟答复期限须写明理由")

    not_before("answer_date", app.answer_date, received, "receipt_date")
    not_before(
        "answer_date", app.answer_date, app.correction_received_date, "correction_received_date"
    )
    if app.answer_date is not None and not app.outcome:
        err("outcome", "不能为空：已填写答复日期的申请须选择办理结果")
    if app.outcome and app.outcome not in vocab.OUTCOME_BY_CODE:
        err("outcome", "不是表三中的办理结果")
    if app.outcome and app.answer_date is None:
        err("answer_date", "不能为空：已选择办理结果的申请须填写答复日期")
    if app.fee_amount_cents is not None and app.fee_amount_cents < 0:
        err("fee_amount_cents", "不能为负数")

    if app.review_result and app.review_result not in vocab.REVIEW_RESULTS:
        err("review_result", f"须为以下之一：{'、'.join(vocab.REVIEW_RESULTS)}")
    if app.review_result and app.review_date is None:
        err("review_date", "不能为空：已填写行政复议结果")
    not_before("review_date", app.review_date, received, "receipt_date")
    if app.litigation_type and app.litigation_type not in vocab.LITIGATION_TYPES:
        err("litigation_type", f"须为以下之一：{'、'.join(vocab.LITIGATION_TYPES)}")
    if app.litigation_result and app.litigation_result not in vocab.REVIEW_RESULTS:
        err("litigation_result", f"须为以下之一：{'、'.join(vocab.REVIEW_RESULTS)}")
    if (app.litigation_result or app.litigation_date) and not app.litigation_type:
        err("litigation_type", "不能为空：已填写行政诉讼日期或结果")
    if app.litigation_type and app.litigation_date is None:
        err("litigation_date", "不能为空：已填写行政诉讼类型")
    if app.litigation_type == "复议后起诉" and app.review_date is None:
        err("review_date", "不能为空：行政诉讼类型为“复议后起诉”")
    not_before("litigation_date", app.litigation_date, app.review_date, "review_date")
    not_before("litigation_date", app.litigation_date, received, "receipt_date")
    _result_date_rules(app, "review", err, not_before)
    _result_date_rules(app, "litigation", err, not_before)
    return errors


def _result_date_rules(
    app: Application,
    head: str,
    err: Callable[[str, str], None],
    not_before: Callable[[str, date | None, date | None, str], None],
) -> None:
    """行政复议/行政诉讼结果日期: only with a decided result, never before the case was filed.

    A decided result without its date is accepted (registers kept before the date existed)."""
    result: str = getattr(app, f"{head}_result")
    decided_on: date | None = getattr(app, f"{head}_result_date")
    if decided_on is None:
        return
    name = f"{head}_result_date"
    if not result:
        err(name, f"已填写，但“{_label(f'{head}_result')}”为空")
    elif result == vocab.PENDING_RESULT:
        err(name, f"已填写，但“{_label(f'{head}_result')}”为“{vocab.PENDING_RESULT}”")
    not_before(name, decided_on, getattr(app, f"{head}_date"), f"{head}_date")
