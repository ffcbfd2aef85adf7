"""The letters an office sends about an application, and the rules that say what each one must say.

Which letter fits an application's state, which article of the 2019 Regulation
(《中华人民共和国政府信息公开条例》国务院令第711号, formats.md §4.1) it cites, which sentences carry the
decision, and whether the applicant's 行政复议/行政诉讼 rights notice is printed: all decided here, once.
The .docx templates (resources/letters/) hold the editable wording around these values; the filler in
desktop/reports/letters.py only substitutes the `{{占位符}}` values computed by `letter_fields`.

No Qt, no SQL: the store records issued letters, the reports layer writes the .docx files.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from desktop.domain import vocab
from desktop.domain.application import Application
from desktop.domain.deadlines import (
    REGULATION_2019_START,
    answer_deadline,
    correction_notice_due,
    extension_days,
)
from desktop.domain.workcalendar import WorkCalendar

REGULATION = "《中华人民共和国政府信息公开条例》"
REGULATION_FULL = "《中华人民共和国政府信息公开条例》（国务院令第711号）"

# Printed on every 答复告知书. The law requires it for adverse decisions (不予公开, 部分公开, 无法提供,
# 不予处理: 行政复议法 and 行政诉讼法 give 60 days and 6 months); offices print it on grants too.
# Both periods run from receipt of the answer, so the sentence says so for each.
# {复议} and {法院} are filled by `rights_notice_wording`: with the office's 行政复议机关 / 管辖法院 when set
# (向某某县人民政府申请行政复议 / 向某某区人民法院), else the generic wording below.
_NOTICE_CHOICE = (
    "如对本答复不服，可以自收到本答复之日起60日内依法{复议}，"
    "或者自收到本答复之日起6个月内依法向{法院}提起行政诉讼。"
)
# 行政复议法 (2023 revision, in force 1 January 2024) 第二十三条第一款第（四）项 makes review compulsory
# before suit when "申请政府信息公开，行政机关不予公开", and its second paragraph obliges the organ to
# say so in the decision. Telling such an applicant that he may sue at once would mislead him (a
# direct suit is dismissed and the review period may run out meanwhile), so 不予公开 answers, and
# 部分公开 ones, carry this notice instead: 司法部《关于审理政府信息公开行政复议案件若干问题的指导意见》
# (国办函〔2021〕132号) 第二条 reads 不予公开 as "含部分不予公开". [M] the statute's text is from memory;
# 行政诉讼法第四十五条 gives 15 days to sue after the review decision.
_NOTICE_REVIEW_FIRST = (
    "如对本答复不服，根据《中华人民共和国行政复议法》第二十三条的规定，应当先自收到本答复之日起"
    "60日内依法{复议}；对行政复议决定不服的，可以自收到行政复议决定书之日起15日内"
    "依法向{法院}提起行政诉讼。"
)
GENERIC_COURT = "人民法院"


def _one_line(value: str) -> str:
    """An office's setting as it sits inside a sentence: one line, no closing punctuation."""
    return " ".join(value.split()).rstrip("。，；、")


def rights_notice_wording(review_first: bool, review_body: str = "", court: str = "") -> str:
    """The rights notice, naming the 行政复议机关 and the court when the office has set them.

    Empty settings give the generic wording (依法申请行政复议 / 依法向人民法院), unchanged from before
    the settings existed.
    """
    body, court = _one_line(review_body), _one_line(court)
    template = _NOTICE_REVIEW_FIRST if review_first else _NOTICE_CHOICE
    return template.replace("{复议}", f"向{body}申请行政复议" if body else "申请行政复议").replace(
        "{法院}", court or GENERIC_COURT
    )


RIGHTS_NOTICE = rights_notice_wording(review_first=False)
RIGHTS_NOTICE_REVIEW_FIRST = rights_notice_wording(review_first=True)
REVIEW_FIRST_FROM = date(2024, 1, 1)
REVIEW_FIRST_GROUPS = frozenset({"deny", "partial"})

# 第三十条 requires a "合理的补正期限"; 15 working days is the common practice (the office may change it).
DEFAULT_CORRECTION_DAYS = 15
# 第三十二条: the third party answers within 15 working days of receiving the consultation letter;
# 第三十四条: so does an organ consulted on information made with it, and its silence is consent.
THIRD_PARTY_REPLY_DAYS = 15
ORGAN_REPLY_DAYS = 15

DEFAULT_NUMBER_FORMAT = "〔{年}〕{号}号"
YEAR_TOKEN, SEQ_TOKEN = "{年}", "{号}"


class LetterError(Exception):
    """A letter that cannot be produced; the message is for the clerk, in Chinese."""


@dataclass(frozen=True)
class ExtraField:
    """A value the clerk types for one kind of letter (its placeholder name is the key)."""

    key: str
    label: str
    default: str = ""
    required: bool = False
    multiline: bool = False


@dataclass(frozen=True)
class LetterKind:
    code: str  # stored in letters.kind
    title: str  # the heading printed on the letter
    template: str  # file name under resources/letters/
    article: str  # the article the letter rests on ("" for answers: it follows the outcome leaf)
    answer_group: str | None = None  # OutcomeGroup.code for 答复告知书, else None
    extras: tuple[ExtraField, ...] = ()

    @property
    def is_answer(self) -> bool:
        return self.answer_group is not None

    @property
    def adverse(self) -> bool:
        """An adverse decision: the rights notice is required by law, not only by practice."""
        return self.answer_group in ADVERSE_GROUPS

    @property
    def rights_notice(self) -> bool:
        """Whether the letter carries RIGHTS_NOTICE: every 答复告知书 does (adverse ones must)."""
        return self.is_answer

    def review_first(self, issued_on: date) -> bool:
        """Whether 行政复议法第二十三条 makes review compulsory before suit for this letter."""
        return self.answer_group in REVIEW_FIRST_GROUPS and issued_on >= REVIEW_FIRST_FROM

    def rights_notice_text(self, issued_on: date, review_body: str = "", court: str = "") -> str:
        """The rights notice this letter prints on that date ("" for letters that carry none).

        review_body and court are the office's 行政复议机关 and 管辖法院 (OfficeSettings); empty ones
        leave the generic wording.
        """
        if not self.rights_notice:
            return ""
        return rights_notice_wording(self.review_first(issued_on), review_body, court)


ADVERSE_GROUPS = frozenset({"partial", "deny", "unable", "reject"})

CORRECTION_MATTERS = ExtraField(
    "补正事项",
    "补正事项",
    "请明确所需政府信息的名称、文号或者便于本机关查询的其他特征性描述。",
    required=True,
    multiline=True,
)
CORRECTION_DAYS = ExtraField("补正工作日", "补正期限（工作日）", str(DEFAULT_CORRECTION_DAYS), True)
EXTENSION_REASON = ExtraField(
    "延期理由", "延期理由", "所申请的政府信息需要进一步检索、核实", required=True
)
THIRD_PARTY = ExtraField("第三方", "第三方名称", required=True)
CONSULTED_ORGAN = ExtraField("被征求意见机关", "被征求意见的行政机关名称", required=True)
# 第三十四条 is about information two or more organs made together; the clerk may say otherwise.
CONSULTATION_GROUND = ExtraField(
    "征求意见事由", "征求意见的事由", "该政府信息由本机关与贵机关共同制作", required=True
)
# 第三十七条 requires the reasons for the withheld part; its legal basis is an exemption article
# (第十四、十五、十六条), which the clerk names here since the part differs from case to case.
WITHHELD_REASON = ExtraField(
    "不予公开理由",
    "不予公开部分的内容、理由及依据（如：第十五条）",
    required=True,
    multiline=True,
)
# 第三十六条第（五）项: information another organ is responsible for disclosing is answered by naming
# that organ, not by saying the information does not exist (第（四）项). Both are counted in table 三
# as 本机关不掌握相关政府信息, so the clerk says which by filling (or leaving empty) this field.
# (Both optional values below are one line: they sit inside a sentence of the letter.)
# 第三十六条第（一）项: information already published proactively is answered by saying where to find
# it; table 三 counts it as 予以公开 like a 第（二）项 grant, so the clerk says which by this field.
PUBLISHED_AT = ExtraField(
    "获取途径",
    "已主动公开的，获取该信息的方式、途径（填写后按第三十六条第（一）项答复）",
)
RESPONSIBLE_ORGAN = ExtraField(
    "负责公开机关",
    "负责公开的行政机关及联系方式（不属于本机关负责公开时填写）",
)

RECEIPT = LetterKind("receipt", "政府信息公开申请登记回执", "登记回执.docx", "第三十三条第二款")
CORRECTION = LetterKind(
    "correction",
    "政府信息公开申请补正告知书",
    "补正告知书.docx",
    "第三十条",
    extras=(CORRECTION_MATTERS, CORRECTION_DAYS),
)
EXTENSION = LetterKind(
    "extension",
    "政府信息公开申请延期答复告知书",
    "延期答复告知书.docx",
    "第三十三条第二款",
    extras=(EXTENSION_REASON,),
)
CONSULTATION = LetterKind(
    "consultation",
    "政府信息公开征求第三方意见书",
    "征求第三方意见书.docx",
    "第三十二条",
    extras=(THIRD_PARTY,),
)
# Decision 5 v2: a consultation of another organ (征求意见对象 其他机关) is a different letter: 第三十四条's
# wording (15 working days; no answer counts as consent), addressed to the organ.
CONSULTATION_ORGAN = LetterKind(
    "consultation.organ",
    "政府信息公开征求相关行政机关意见书",
    "征求其他机关意见书.docx",
    "第三十四条",
    extras=(CONSULTED_ORGAN, CONSULTATION_GROUND),
)
ANSWER_GRANT = LetterKind(
    "answer.grant",
    "政府信息公开申请答复告知书",
    "答复告知书-予以公开.docx",
    "",
    "grant",
    (PUBLISHED_AT,),
)
ANSWER_PARTIAL = LetterKind(
    "answer.partial",
    "政府信息公开申请答复告知书",
    "答复告知书-部分公开.docx",
    "",
    "partial",
    (WITHHELD_REASON,),
)
ANSWER_DENY = LetterKind(
    "answer.deny", "政府信息公开申请答复告知书", "答复告知书-不予公开.docx", "", "deny"
)
ANSWER_UNABLE = LetterKind(
    "answer.unable",
    "政府信息公开申请答复告知书",
    "答复告知书-无法提供.docx",
    "",
    "unable",
    (RESPONSIBLE_ORGAN,),
)
ANSWER_REJECT = LetterKind(
    "answer.reject", "政府信息公开申请答复告知书", "答复告知书-不予处理.docx", "", "reject"
)

LETTER_KINDS: tuple[LetterKind, ...] = (
    RECEIPT,
    CORRECTION,
    EXTENSION,
    CONSULTATION,
    CONSULTATION_ORGAN,
    ANSWER_GRANT,
    ANSWER_PARTIAL,
    ANSWER_DENY,
    ANSWER_UNABLE,
    ANSWER_REJECT,
)
KIND_BY_CODE: dict[str, LetterKind] = {k.code: k for k in LETTER_KINDS}
# Whom each consultation letter is addressed to (征求意见对象, decision 5 v2).
KIND_PARTY: dict[str, str] = {
    CONSULTATION.code: vocab.THIRD_PARTY,
    CONSULTATION_ORGAN.code: vocab.OTHER_ORGAN,
}

# What the list of letters calls each kind (answers are named by their outcome family).
KIND_NAMES: dict[str, str] = {
    "receipt": "登记回执",
    "correction": "补正告知书",
    "extension": "延期答复告知书",
    "consultation": "征求第三方意见书",
    "consultation.organ": "征求其他机关意见书",
    "answer.grant": "答复告知书（予以公开）",
    "answer.partial": "答复告知书（部分公开）",
    "answer.deny": "答复告知书（不予公开）",
    "answer.unable": "答复告知书（无法提供）",
    "answer.reject": "答复告知书（不予处理）",
}

# Every placeholder a template may use; the filler refuses any other name (a typo in an edited
# template must not reach the applicant as "{{申请人名}}").
PLACEHOLDERS: tuple[str, ...] = (
    "机关名称",
    "文号",
    "日期",
    "标题",
    "申请人",
    "称谓",
    "申请编号",
    "收到日期",
    "申请方式",
    "申请内容",
    "申请事项",
    "依据条款",
    "答复期限",
    "答复理由",
    "答复决定",
    "权利告知",
    "补正事项",
    "补正期限",
    "补正告知日期",
    "延期理由",
    "延期至",
    "延期工作日数",
    "第三方",
    "被征求意见机关",
    "征求意见事由",
    "征求意见期限",
    "征求意见情况",
    "不予公开理由",
)


@dataclass(frozen=True)
class OfficeSettings:
    """The issuing office: its name (printed and signed) and its document-number format.

    review_body (行政复议机关, e.g. 某某县人民政府) and court (管辖法院, e.g. 某某区人民法院) are
    optional: when set, the answer letters' rights notice names them.
    """

    name: str = ""
    number_format: str = DEFAULT_NUMBER_FORMAT
    review_body: str = ""
    court: str = ""


@dataclass(frozen=True)
class LetterRecord:
    """A letter issued for an application, as the register's `letters` table records it."""

    id: int
    application_id: int
    kind: str
    number: str
    issued_on: date
    created_at: str
    path: str = ""  # where the .docx was written (not stored; set by the generator)

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)


# ------------------------------------------------------------------------- the answer sentences
@dataclass(frozen=True)
class AnswerBasis:
    """Why the office decided as it did: the reason, the article(s), the decision sentence.

    `{称谓}` in the sentences becomes 您 or 贵单位.
    """

    reason: str
    articles: str
    decision: str


# 第三十六条第（三）项 is the answer type for every refusal under 第十四、十五、十六条: it is cited
# together with the exemption itself. Articles follow OutcomeLeaf.article (formats.md §1.5).
ANSWER_BASIS: dict[str, AnswerBasis] = {
    "grant": AnswerBasis(
        "{称谓}申请获取的政府信息属于可以公开的政府信息。",
        "第三十六条第（二）项",
        "现向{称谓}提供该政府信息（详见附件）。",
    ),
    "partial": AnswerBasis(
        "{称谓}申请获取的政府信息中含有不应当公开的内容，但是能够作区分处理。",
        "第三十七条",
        "现向{称谓}提供可以公开的政府信息内容（详见附件），并对不予公开的内容说明理由。",
    ),
    "deny.secret": AnswerBasis(
        "{称谓}申请获取的政府信息属于国家秘密。",
        "第十四条、第三十六条第（三）项",
        "本机关决定不予公开。",
    ),
    "deny.law": AnswerBasis(
        "{称谓}申请获取的政府信息属于法律、行政法规禁止公开的政府信息。",
        "第十四条、第三十六条第（三）项",
        "本机关决定不予公开。",
    ),
    "deny.security": AnswerBasis(
        "{称谓}申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。",
        "第十四条、第三十六条第（三）项",
        "本机关决定不予公开。",
    ),
    "deny.third_party": AnswerBasis(
        "{称谓}申请获取的政府信息涉及商业秘密、个人隐私等，公开后会对第三方合法权益造成损害。",
        "第十五条、第三十六条第（三）项",
        "本机关决定不予公开。",
    ),
    "deny.internal": AnswerBasis(
        "{称谓}申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息。",
        "第十六条第一款、第三十六条第（三）项",
        "本机关决定不予公开。",
    ),
    "deny.process": AnswerBasis(
        "{称谓}申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、"
        "磋商信函、请示报告等过程性信息。",
        "第十六条第二款、第三十六条第（三）项",
        "本机关决定不予公开。",
    ),
    "deny.enforcement": AnswerBasis(
        "{称谓}申请获取的政府信息属于行政执法案卷信息。",
        "第十六条第二款、第三十六条第（三）项",
        "本机关决定不予公开。",
    ),
    "deny.inquiry": AnswerBasis(
        "{称谓}申请获取的政府信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。",
        "第三十六条第（七）项",
        "请{称谓}依照有关法律、行政法规的规定办理。",
    ),
    "unable.none": AnswerBasis(
        "本机关未制作或者获取{称谓}所申请公开的政府信息，经检索没有该政府信息。",
        "第三十六条第（四）项",
        "现告知{称谓}该政府信息不存在。",
    ),
    "unable.create": AnswerBasis(
        "{称谓}申请获取的信息需要本机关对现有政府信息进行加工、分析方能形成。",
        "第三十八条",
        "本机关不予提供。",
    ),
    "unable.unclear": AnswerBasis(
        "本机关已告知{称谓}作出补正，但补正后申请内容仍不明确，本机关无法确定{称谓}所需的政府信息。",
        "第三十条",
        "本机关无法提供{称谓}申请的政府信息。",
    ),
    "reject.petition": AnswerBasis(
        "{称谓}以政府信息公开申请的形式提出的是信访、投诉、举报等诉求。",
        "第三十九条第一款",
        "本机关不作为政府信息公开申请处理，{称谓}可以通过相应渠道提出。",
    ),
    "reject.repeat": AnswerBasis(
        "本机关已就{称谓}提出的政府信息公开申请作出答复，{称谓}重复申请公开相同的政府信息。",
        "第三十六条第（六）项",
        "本机关不予重复处理。",
    ),
    "reject.publication": AnswerBasis(
        "{称谓}申请获取的是政府公报、报刊、书籍等公开出版物。",
        "第三十九条第二款",
        "本机关不作为政府信息公开申请处理，{称谓}可以通过公开出版发行渠道获取。",
    ),
    "reject.excessive": AnswerBasis(
        "{称谓}申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，本机关认为申请理由不合理。",
        "第三十五条",
        "本机关不予处理。",
    ),
    # The Regulation has no article for this practice row; 第二条 defines 政府信息 as information the
    # organ made or obtained, which a request to confirm or re-issue what the applicant holds is not.
    # [I] inference, flagged in docs/letters-and-charts.md.
    "reject.confirm": AnswerBasis(
        "{称谓}的申请系要求本机关确认或者重新出具{称谓}已获取的信息，不属于获取政府信息的申请。",
        "第二条",
        "本机关不作为政府信息公开申请处理。",
    ),
}


# 本机关不掌握 when another organ is responsible (第三十六条第（五）项); {机关} is the named organ.
NOT_OUR_INFORMATION = AnswerBasis(
    "{称谓}申请获取的政府信息不属于本机关负责公开。",
    "第三十六条第（五）项",
    "负责公开该政府信息的行政机关为：{机关}，请{称谓}向该机关提出申请。",
)


# 予以公开 of information already published (第三十六条第（一）项); {途径} is where to find it.
ALREADY_PUBLISHED = AnswerBasis(
    "{称谓}申请获取的政府信息已经主动公开。",
    "第三十六条第（一）项",
    "{称谓}可以通过以下方式、途径获取该政府信息：{途径}",
)


def answer_basis(outcome: str, extras: Mapping[str, str] | None = None) -> AnswerBasis:
    """The reason, articles and decision for a concluded application's outcome leaf.

    With a responsible organ named in extras, 本机关不掌握 is answered under 第三十六条第（五）项; with
    the place of publication given, 予以公开 is answered under 第三十六条第（一）项.
    """
    if outcome not in ANSWER_BASIS:
        raise LetterError(f"办理结果“{vocab.outcome_display(outcome)}”没有对应的答复告知书")
    extras = extras or {}
    organ = str(extras.get(RESPONSIBLE_ORGAN.key, "")).strip().rstrip("。")
    if outcome == "unable.none" and organ:
        return dataclasses.replace(
            NOT_OUR_INFORMATION, decision=NOT_OUR_INFORMATION.decision.replace("{机关}", organ)
        )
    where = str(extras.get(PUBLISHED_AT.key, "")).strip().rstrip("。")
    if outcome == "grant" and where:
        return dataclasses.replace(
            ALREADY_PUBLISHED, decision=ALREADY_PUBLISHED.decision.replace("{途径}", where) + "。"
        )
    return ANSWER_BASIS[outcome]


def answer_kind_for(outcome: str | None) -> LetterKind | None:
    """The 答复告知书 of an outcome's family; None for 其他处理 and for open applications."""
    if not outcome or outcome not in vocab.OUTCOME_BY_CODE:
        return None
    group = vocab.OUTCOME_BY_CODE[outcome].group
    return next((k for k in LETTER_KINDS if k.answer_group == group), None)


# ------------------------------------------------------------------------------- which letters
def letter_party(app: Application) -> str:
    """Whom the application's consultation went to, as far as the letters are concerned.

    The 征求意见对象 when registered; 第三方 when a consultation is recorded without it (blank means
    第三方, decision 5 v2); "" while nothing is recorded yet (either letter may be the first step).
    """
    if app.consultation_party:
        return app.consultation_party
    return vocab.THIRD_PARTY if app.consultation_sent_date is not None else ""


def unavailable_reason(kind: LetterKind, app: Application) -> str:
    """Why this letter does not fit the application's state ("" when it does)."""
    concluded = app.answer_date is not None
    if app.receipt_date < REGULATION_2019_START:
        # The templates cite the 2019 Regulation; an older application fell under the 2008 one.
        return "收到日期早于2019年5月15日，适用2008年《条例》，本程序的文书按2019年《条例》拟写"
    if kind is RECEIPT:
        return ""
    if kind is CORRECTION:
        if concluded and app.correction_notice_date is None:
            return "申请已办结，且未登记补正告知"
        return ""
    if kind is EXTENSION:
        if concluded and not app.extended:
            return "申请已办结，且未登记延期"
        return ""
    if kind is CONSULTATION or kind is CONSULTATION_ORGAN:
        if concluded and app.consultation_sent_date is None:
            return "申请已办结，且未登记征求意见"
        party = letter_party(app)
        if party and party != KIND_PARTY[kind.code]:
            return f"征求意见对象登记为“{party}”"
        return ""
    if not concluded or not app.outcome:
        return "申请尚未办结（没有答复日期和办理结果）"
    if answer_kind_for(app.outcome) is not kind:
        return f"办理结果为“{vocab.outcome_display(app.outcome)}”"
    return ""


def available_kinds(app: Application) -> list[LetterKind]:
    """The letters that make sense for the application now, in LETTER_KINDS order."""
    return [k for k in LETTER_KINDS if not unavailable_reason(k, app)]


def default_issue_date(kind: LetterKind, app: Application, today: date) -> date:
    """The date a letter normally bears: the day the register says the step was taken."""
    if kind is RECEIPT:
        return app.receipt_date
    if kind is CORRECTION:
        return app.correction_notice_date or today
    if kind is CONSULTATION or kind is CONSULTATION_ORGAN:
        return app.consultation_sent_date or today
    if kind.is_answer and app.answer_date is not None:
        return app.answer_date
    return today


def original_due(app: Application, cal: WorkCalendar) -> date:
    """The answer due date without the extension (第三十三条第二款: 20 working days)."""
    return answer_deadline(app.replace(extended=False), cal).due


def extended_due(app: Application, cal: WorkCalendar) -> date:
    """The answer due date with the extension of up to 20 further working days."""
    return answer_deadline(app.replace(extended=True), cal).due


def issue_warnings(
    kind: LetterKind, app: Application, issued_on: date, cal: WorkCalendar
) -> list[str]:
    """Dates that break a statutory rule; shown to the clerk, who may still issue the letter."""
    found: list[str] = []
    if issued_on < app.receipt_date:
        found.append(f"落款日期早于收到日期（{chinese_date(app.receipt_date)}）")
    if kind is CORRECTION:
        due, _ = correction_notice_due(app.receipt_date, cal)
        if issued_on > due:
            found.append(
                f"补正告知应自收到申请之日起7个工作日内发出（第三十条），即不迟于{chinese_date(due)}"
            )
    if kind is EXTENSION:
        due = original_due(app, cal)
        if issued_on > due:
            found.append(f"延期告知应在原答复期限（{chinese_date(due)}）届满前发出（第三十三条）")
    if kind.is_answer and app.answer_date is not None and issued_on != app.answer_date:
        found.append(f"落款日期与登记的答复日期（{chinese_date(app.answer_date)}）不一致")
    return found


# ------------------------------------------------------------------------------- the numbers
def number_format_error(fmt: str) -> str:
    """Why a document-number format cannot be used ("" when it can)."""
    if SEQ_TOKEN not in fmt:
        return "文号格式须包含序号占位“{号}”，例如：某政信〔{年}〕{号}号"
    if "{{" in fmt or "}}" in fmt:
        return "文号格式中不能含有“{{”或“}}”"
    return ""


def format_letter_number(fmt: str, year: int, seq: int) -> str:
    """The document number, e.g. 某政信〔2026〕12号, from the office's format."""
    error = number_format_error(fmt)
    if error:
        raise LetterError(error)
    return fmt.replace(YEAR_TOKEN, str(year)).replace(SEQ_TOKEN, str(seq))


# ------------------------------------------------------------------------------- the fields
# The applicant's own verb at the start of 申请内容 (申请公开…, 请求提供…): the letter then quotes the
# request as 申请内容为“…” instead of 申请获取“…”, which would read 申请获取“申请公开…”.
_OWN_VERBS = ("申请", "请求", "要求", "恳请", "希望", "请予", "请公开", "请提供")


def request_phrase(content: str) -> str:
    """How a letter quotes the request: 申请获取“…” or, when it states its own verb, 申请内容为“…”.

    The quotation is the applicant's text; only a closing 。 is left out (the sentence ends after it).
    """
    text = content.strip().rstrip("。")
    if text.startswith(_OWN_VERBS):
        return f"申请内容为“{text}”"
    return f"申请获取“{text}”"


def consultation_statement(app: Application) -> str:
    """The answer letters' sentence on a consultation, worded for whom it went to ("" if none).

    第三方: 第三十二条, in writing (书面征求第三方的意见); 其他机关: 第三十四条 (征求相关行政机关的意见).
    Either way 第三十三条第三款 leaves the time out of the answer period.
    """
    if app.consultation_sent_date is None:
        return ""
    sent = chinese_date(app.consultation_sent_date)
    received = (
        f"，并于{chinese_date(app.consultation_received_date)}收到其意见"
        if app.consultation_received_date
        else ""
    )
    if letter_party(app) == vocab.OTHER_ORGAN:
        asked = f"依照{REGULATION}第三十四条的规定征求了相关行政机关的意见"
    else:
        asked = f"依照{REGULATION}第三十二条的规定书面征求了第三方的意见"
    return (
        f"本机关于{sent}{asked}{received}。"
        "征求意见所需时间依照该条例第三十三条第三款的规定不计算在答复期限内。"
    )


def chinese_date(day: date | None) -> str:
    """成文日期 in Arabic numerals, as GB/T 9704-2012 prints it: 2026年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def addressee(app: Application) -> str:
    """How the letter addresses the applicant: 您 for a person, 贵单位 for an organisation."""
    return "您" if app.applicant_type == vocab.NATURAL_PERSON else "贵单位"


def missing_extras(kind: LetterKind, extras: Mapping[str, str]) -> list[str]:
    """Labels of the required values the clerk has not given."""
    return [
        e.label for e in kind.extras if e.required and not str(extras.get(e.key, e.default)).strip()
    ]


def legal_basis(kind: LetterKind, app: Application, extras: Mapping[str, str] | None = None) -> str:
    """The article(s) of the 2019 Regulation the letter cites."""
    if kind.is_answer:
        if not app.outcome:
            raise LetterError("申请尚未办结，不能出具答复告知书")
        return answer_basis(app.outcome, extras).articles
    return kind.article


def letter_fields(
    kind: LetterKind,
    app: Application,
    cal: WorkCalendar,
    *,
    office_name: str,
    number: str,
    issued_on: date,
    extras: Mapping[str, str] | None = None,
    review_body: str = "",
    court: str = "",
) -> dict[str, str]:
    """The value of every placeholder in PLACEHOLDERS for this letter.

    review_body and court (the office's 行政复议机关 and 管辖法院, may be empty) go into 权利告知.
    """
    extras = dict(extras or {})
    reason = unavailable_reason(kind, app)
    if reason:
        raise LetterError(f"不能为申请 {app.number} 出具{KIND_NAMES[kind.code]}：{reason}")
    if not office_name.strip():
        raise LetterError("请先在“单位设置”中填写机关名称")
    missing = missing_extras(kind, extras)
    if missing:
        raise LetterError("请填写：" + "、".join(missing))

    def extra(field: ExtraField) -> str:
        return str(extras.get(field.key, field.default)).strip()

    you = addressee(app)
    values = {name: "" for name in PLACEHOLDERS}
    values.update(
        机关名称=office_name.strip(),
        文号=number,
        日期=chinese_date(issued_on),
        标题=kind.title,
        申请人=app.applicant.strip(),
        称谓=you,
        申请编号=app.number,
        收到日期=chinese_date(app.receipt_date),
        申请方式=app.channel,
        申请内容=app.content.strip(),
        申请事项=request_phrase(app.content),
        依据条款=legal_basis(kind, app, extras),
        答复期限=chinese_date(original_due(app, cal)),
        补正告知日期=chinese_date(app.correction_notice_date),
        权利告知=kind.rights_notice_text(issued_on, review_body, court),
    )
    if kind is CORRECTION:
        days = extra(CORRECTION_DAYS)
        if not days.isdigit() or int(days) <= 0:
            raise LetterError("“补正期限（工作日）”须为正整数")
        values["补正事项"] = extra(CORRECTION_MATTERS)
        values["补正期限"] = f"自收到本告知书之日起{int(days)}个工作日内"
    if kind is EXTENSION:
        values["延期理由"] = extra(EXTENSION_REASON)
        values["延期至"] = chinese_date(extended_due(app, cal))
        # Decision 5 v2: the extension the office states (延期工作日数), by default the maximum.
        values["延期工作日数"] = str(extension_days(app.replace(extended=True)))
    if kind is CONSULTATION:
        values["第三方"] = extra(THIRD_PARTY)
        values["征求意见期限"] = f"{THIRD_PARTY_REPLY_DAYS}个工作日"
    if kind is CONSULTATION_ORGAN:
        values["被征求意见机关"] = extra(CONSULTED_ORGAN)
        values["征求意见事由"] = extra(CONSULTATION_GROUND).rstrip("。")
        values["征求意见期限"] = f"{ORGAN_REPLY_DAYS}个工作日"
    if kind.is_answer:
        values["征求意见情况"] = consultation_statement(app)
        assert app.outcome is not None
        basis = answer_basis(app.outcome, extras)
        values["答复理由"] = basis.reason.replace("{称谓}", you)
        values["答复决定"] = basis.decision.replace("{称谓}", you)
    if kind is ANSWER_PARTIAL:
        values["不予公开理由"] = extra(WITHHELD_REASON)
    return values
