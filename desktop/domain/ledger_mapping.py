"""Proposing how a hand-kept Excel ledger maps onto the register's ledger columns.

Offices kept their applications in workbooks of their own design long before this program. Their
headers say 受理日期 or 收件日期 where the contract says 收到日期, 答复结果 or 办理情况 where it says
办理结果, sometimes in traditional characters, sometimes with notes in brackets. This module is pure
(no Qt, no SQL, no files): it reads header texts and cell texts and *proposes*; the import wizard shows
every proposal and the clerk confirms or corrects it before anything is imported.

- `propose_columns(headers)` maps each source column to one ledger field (or to nothing), by exact
  header or synonym first, then by the longest synonym the header contains.
- `propose_outcome(text)` maps one distinct free-text outcome wording (同意公开, 信息不存在, 申请人撤回…)
  to one of the 21 leaves of table 三, with the reason for the guess, or to nothing when the text does
  not say which leaf (e.g. a bare 不予公开: the clerk must pick the ground).
- `propose_choice(field, text)` does the same for 申请方式 and 申请人类型 wordings (网上申请, 公民, 律所…).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop.domain import vocab
from desktop.domain.chinese import to_simplified
from desktop.domain.ledger_columns import EXTRA_COLUMNS, LEDGER_COLUMNS, V2_COLUMNS, LedgerColumn

# Columns a legacy ledger can fill: the contract's columns and our extra ones (computed ones are
# derived by the register and never imported).
IMPORTABLE_COLUMNS: tuple[LedgerColumn, ...] = LEDGER_COLUMNS + EXTRA_COLUMNS + V2_COLUMNS
IMPORTABLE_BY_FIELD: dict[str, LedgerColumn] = {c.field: c for c in IMPORTABLE_COLUMNS}

# Headers seen in offices' own ledgers, per field (simplified; traditional headers are converted
# before matching). The contract header itself always matches and is not repeated here.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("编号", "申请号", "登记编号", "受理编号", "登记号", "申请登记号", "流水号", "案号"),
    "channel": (
        "来件方式",
        "申请渠道",
        "申请途径",
        "提交方式",
        "受理方式",
        "收件方式",
        "申请形式",
        "来源",
        "渠道",
    ),
    "receipt_date": (
        "受理日期",
        "收件日期",
        "登记日期",
        "申请日期",
        "收到申请日期",
        "接收日期",
        "来件日期",
        "收件时间",
        "受理时间",
        "收到时间",
        "登记时间",
        "申请时间",
    ),
    "applicant_type": (
        "申请人类别",
        "申请主体",
        "申请人性质",
        "主体类型",
        "申请人身份",
        "申请主体类型",
    ),
    "applicant": (
        "申请人姓名",
        "申请人名称",
        "申请人姓名名称",
        "申请人姓名或名称",
        "姓名",
        "名称",
        "申请单位",
        "申请人单位",
    ),
    "id_number": (
        "身份证号",
        "身份证号码",
        "证件号",
        "证件号码",
        "统一社会信用代码",
        "组织机构代码",
        "证件编号",
    ),
    "phone": ("电话", "联系方式", "手机", "手机号码", "联系电话号码", "电话号码"),
    "content": (
        "申请公开内容",
        "申请公开的内容",
        "申请事项",
        "所需信息",
        "申请信息",
        "所需政府信息",
        "所需政府信息的内容描述",
        "申请信息内容",
        "内容",
        "事由",
    ),
    "correction_notice_date": ("补正通知日期", "告知补正日期", "补正告知时间", "发出补正日期"),
    "correction_received_date": ("补正日期", "收到补正日期", "补正材料收到日期"),
    "consultation_sent_date": ("征求意见日期", "征求第三方意见日期", "征求意见时间"),
    "consultation_received_date": ("征求意见回复日期", "第三方意见回复日期", "意见反馈日期"),
    "extended": ("是否延期", "延期答复", "延长答复期限", "是否延长"),
    "answer_date": (
        "办结日期",
        "回复日期",
        "答复时间",
        "办结时间",
        "告知日期",
        "处理日期",
        "答复告知日期",
    ),
    "outcome": (
        "答复结果",
        "处理结果",
        "办理情况",
        "答复情况",
        "答复类型",
        "处理情况",
        "答复意见",
        "办理结果类型",
        "答复方式",
        "结果",
    ),
    "fee_amount_cents": ("收费", "信息处理费", "收费金额元", "收费情况"),
    "review_date": ("复议日期", "申请复议日期", "复议时间"),
    "review_result": ("复议结果",),
    "litigation_type": ("诉讼类型",),
    "litigation_date": ("诉讼日期", "起诉日期", "诉讼时间"),
    "litigation_result": ("诉讼结果",),
    "remarks": ("说明", "备考"),
    "fee_notice_date": ("收费通知时间",),
    "fee_paid_date": ("缴费时间",),
    "review_result_date": ("复议结果日期", "复议决定日期"),
    "litigation_result_date": ("诉讼结果日期", "判决日期", "裁判日期"),
}

# Headers that are plainly not ours (row numbers); never proposed as any field.
IGNORED_HEADERS: frozenset[str] = frozenset({"序号", "序", "编排序号", "no", "行号"})

_BRACKETS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_NOISE = re.compile(r"[\s:：*＊/／、_\-—·.。,，;；\"'“”‘’]")


def normalise_header(text: object) -> str:
    """The comparable form of a header: simplified, no brackets' notes, spaces or punctuation.

    收到日期（年/月/日） → 收到日期; 申請人姓名/名稱 → 申请人姓名名称; "* 申请人 " → 申请人.
    """
    if text is None:
        return ""
    simplified = to_simplified(str(text)).strip()
    stripped = _BRACKETS.sub("", simplified)
    # A header that is only a bracket note keeps its content, e.g. "（元）".
    return _NOISE.sub("", stripped or simplified).casefold()


@dataclass(frozen=True)
class ColumnProposal:
    """What one source column is proposed to hold."""

    index: int  # 0-based position of the source column
    header: str  # the header as written in the source
    field: str | None  # Application field, or None: not imported
    how: str  # why: "表头相同", "同义表头：受理日期", "表头包含：申请人", "" when unmapped

    @property
    def label(self) -> str:
        """The ledger header the column is proposed for, e.g. 收到日期."""
        return IMPORTABLE_BY_FIELD[self.field].header if self.field else ""


def _candidates(field: str) -> tuple[str, ...]:
    own = normalise_header(IMPORTABLE_BY_FIELD[field].header)
    return (own, *(normalise_header(s) for s in HEADER_SYNONYMS.get(field, ())))


_EXACT: dict[str, str] = {}
for _column in IMPORTABLE_COLUMNS:
    for _word in _candidates(_column.field):
        _EXACT.setdefault(_word, _column.field)


def _score(header: str, field: str) -> tuple[int, str]:
    """(score, reason) of proposing `field` for a normalised header; 0 = no match."""
    if not header or header in IGNORED_HEADERS:
        return 0, ""
    words = _candidates(field)
    if header == words[0]:
        return 1000, "表头相同"
    if _EXACT.get(header) == field:
        return 900, "同义表头"
    # Containment: the longest synonym inside the header wins (申请人姓名或名称 → 申请人).
    best = max((len(w) for w in words if w and w in header), default=0)
    if best >= 2:
        return 100 + best, "表头包含"
    return 0, ""


def propose_columns(headers: Sequence[object]) -> list[ColumnProposal]:
    """One proposal per source column; each ledger field goes to at most one column.

    Strongest matches are settled first, so 申请人类型 takes its own column before the 申请人
    column's containment match could claim it; on a tie the leftmost column wins.
    """
    normalised = [normalise_header(h) for h in headers]
    scored: list[tuple[int, int, str, str]] = []
    for index, header in enumerate(normalised):
        for column in IMPORTABLE_COLUMNS:
            score, how = _score(header, column.field)
            if score:
                scored.append((score, index, column.field, how))
    scored.sort(key=lambda item: (-item[0], item[1]))
    chosen: dict[int, tuple[str, str]] = {}
    taken: set[str] = set()
    for _score_value, index, field_name, how in scored:
        if index in chosen or field_name in taken:
            continue
        chosen[index] = (field_name, how)
        taken.add(field_name)
    proposals: list[ColumnProposal] = []
    for index, raw in enumerate(headers):
        proposed: str | None = None
        note = ""
        if index in chosen:
            proposed, note = chosen[index]
        text = "" if raw is None else str(raw).strip()
        proposals.append(ColumnProposal(index, text, proposed, note))
    return proposals


def missing_required(mapping: dict[int, str | None]) -> list[str]:
    """Headers of required ledger columns no source column is mapped to (the wizard refuses)."""
    mapped = {f for f in mapping.values() if f}
    return [c.header for c in IMPORTABLE_COLUMNS if c.required and c.field not in mapped]


def duplicated_fields(mapping: Mapping[int, str | None]) -> list[str]:
    """Ledger headers that two or more source columns are mapped to (the clerk must choose one)."""
    seen: dict[str, int] = {}
    for field in mapping.values():
        if field:
            seen[field] = seen.get(field, 0) + 1
    return [IMPORTABLE_BY_FIELD[f].header for f, n in seen.items() if n > 1]


# ------------------------------------------------------------------------------ outcomes
# What a wording can be mapped to besides a leaf code: still open (办理中), or not decided yet.
STILL_OPEN = ""
UNDECIDED = None


@dataclass(frozen=True)
class OutcomeProposal:
    text: str  # the distinct wording as written in the source
    leaf: str | None  # proposed OutcomeLeaf.code; STILL_OPEN ""; None = the clerk must choose
    how: str  # why, in Chinese, shown beside the proposal


# Key phrases of free-text outcomes, most specific first; the first rule whose phrase the text
# contains wins. Legal grounds follow formats.md §1.5 (the mapping of answer types to leaf rows).
_OUTCOME_RULES: tuple[tuple[tuple[str, ...], str | None], ...] = (
    (("办理中", "正在办理", "未办结", "待答复", "未答复", "处理中", "尚未答复"), STILL_OPEN),
    (("撤回", "撤销申请", "主动撤销"), "other.other"),
    (("逾期不补正", "未补正", "不补正", "逾期未补正", "未按期补正"), "other.no_correction"),
    (("未缴费", "未缴纳", "逾期未缴", "不缴纳", "未交费"), "other.no_fee"),
    # Decision 1: 部分公开 wins over any other outcome named beside it, also when worded as the part
    # withheld (部分不予公开) or the part given (其余予以公开).
    (
        (
            "部分公开",
            "区分处理",
            "部分予以公开",
            "部分同意公开",
            "部分不予公开",
            "部分不公开",
            "其余予以公开",
            "其余公开",
            "其余部分予以公开",
        ),
        "partial",
    ),
    (("国家秘密", "涉密", "保密事项"), "deny.secret"),
    (("三安全一稳定", "国家安全", "公共安全", "经济安全", "社会稳定"), "deny.security"),
    (("商业秘密", "个人隐私", "第三方合法权益", "第三方"), "deny.third_party"),
    (("内部事务", "人事管理", "后勤管理", "内部工作流程"), "deny.internal"),
    (("过程性", "讨论记录", "过程稿", "磋商信函", "请示报告"), "deny.process"),
    (("执法案卷",), "deny.enforcement"),
    (("行政查询", "查询事项"), "deny.inquiry"),
    (("法律行政法规禁止", "法律法规禁止", "禁止公开"), "deny.law"),
    (("另行制作", "加工", "汇总", "分析", "没有现成"), "unable.create"),
    (("内容不明确", "仍不明确", "无法确定"), "unable.unclear"),
    (
        (
            "不掌握",
            "信息不存在",
            "不存在",
            "非本机关",
            "不属于本机关",
            "不属本机关",
            "非本单位",
            "不属于本单位",
            "未制作",
            "未获取",
        ),
        "unable.none",
    ),
    (("信访", "举报", "投诉"), "reject.petition"),
    (("重复申请",), "reject.repeat"),
    (("出版物",), "reject.publication"),
    (("大量反复", "反复申请"), "reject.excessive"),
    (("确认", "重新出具"), "reject.confirm"),
    (("不予公开", "不公开", "不同意公开"), UNDECIDED),  # a refusal without its ground: ask
    (("不予处理",), UNDECIDED),
    (("无法提供",), UNDECIDED),
    (("已主动公开", "主动公开", "告知获取途径", "告知查询途径"), "grant"),
    (("同意公开", "予以公开", "公开", "提供", "已答复"), "grant"),
)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", to_simplified(text))


def propose_outcome(text: object) -> OutcomeProposal:
    """The best guess of the leaf a free-text outcome names, with the reason shown to the clerk."""
    original = "" if text is None else str(text).strip()
    compact = _compact(original)
    if not compact:
        return OutcomeProposal(original, None, "空白：视为尚未办结")
    leaf = vocab.outcome_by_text(compact)
    if leaf is not None:
        return OutcomeProposal(original, leaf.code, "与表三行名或其常用简称相同")
    for phrases, code in _OUTCOME_RULES:
        hit = next((p for p in phrases if p in compact), None)
        if hit is None:
            continue
        if code is UNDECIDED:
            return OutcomeProposal(original, None, f"含“{hit}”，但未写明具体情形，请选择")
        if code == STILL_OPEN:
            return OutcomeProposal(original, STILL_OPEN, f"含“{hit}”：尚未办结，不计办理结果")
        return OutcomeProposal(original, code, f"含“{hit}”")
    return OutcomeProposal(original, None, "无法判断，请选择")


def propose_outcomes(texts: Sequence[object]) -> list[OutcomeProposal]:
    """One proposal per distinct non-blank wording, in order of first appearance."""
    seen: dict[str, OutcomeProposal] = {}
    for text in texts:
        key = "" if text is None else str(text).strip()
        if key and key not in seen:
            seen[key] = propose_outcome(key)
    return list(seen.values())


# ----------------------------------------------------------------- channel, applicant type
_CHOICE_SYNONYMS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "channel": (
        (("当面", "现场", "窗口", "面交", "来访"), "当面"),
        (("邮寄", "快递", "ems", "挂号信", "邮政"), "邮寄"),
        (("平常信函", "平信", "信函", "来信"), "平常信函"),
        (("网络", "网上", "在线", "网站", "平台", "政务网", "互联网"), "网络"),
        (("电子邮件", "邮箱", "email", "e-mail", "电邮"), "电子邮件"),
        (("传真",), "传真"),
    ),
    "applicant_type": (
        (("自然人", "公民", "个人", "居民", "群众"), "自然人"),
        (("商业企业", "企业", "公司", "商户", "个体工商户"), "商业企业"),
        (("科研机构", "科研", "研究所", "研究院", "高校", "大学"), "科研机构"),
        (("社会公益组织", "公益", "基金会", "协会", "社会组织"), "社会公益组织"),
        (("法律服务机构", "律师事务所", "律所", "律师", "法律服务"), "法律服务机构"),
    ),
}


def propose_choice(field: str, text: object) -> str | None:
    """The vocabulary value a legacy wording of 申请方式 or 申请人类型 means, or None if unknown."""
    compact = _compact("" if text is None else str(text)).casefold()
    if not compact:
        return None
    choices = IMPORTABLE_BY_FIELD[field].choices
    for choice in choices:
        if compact == choice:
            return choice
    for phrases, value in _CHOICE_SYNONYMS.get(field, ()):
        if any(p in compact for p in phrases):
            return value
    return None
