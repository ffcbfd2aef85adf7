"""Vocabularies of the register, declared once as data.

Everything a clerk picks from a list lives here: intake channels, applicant types, the 2021 outcome tree
of table 三 (verbatim labels from 国办公开办函〔2021〕30号), and the 行政复议/行政诉讼 vocabularies of
table 四. The UI, the ledger, the statistics and the checks all read these declarations; nothing
retypes a label.
"""

from __future__ import annotations

from dataclasses import dataclass

# 申请方式: how the application arrived (contract.md, ledger column 申请方式).
CHANNELS: tuple[str, ...] = ("当面", "邮寄", "平常信函", "网络", "电子邮件", "传真", "其他")

# 征求意见对象 (contract decision 5 v2): a third party (第三十二条) or another organ (第三十四条).
# Blank in a register or ledger = 第三方, what every consultation meant before v2.
THIRD_PARTY, OTHER_ORGAN = "第三方", "其他机关"
CONSULTATION_PARTIES: tuple[str, ...] = (THIRD_PARTY, OTHER_ORGAN)

# 申请人类型: the six applicant columns of table 三, in table order (contract decision 1).
APPLICANT_TYPES: tuple[str, ...] = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
)
NATURAL_PERSON = "自然人"
# The five organisation types sit under the merged heading 法人或其他组织 in table 三.
ORGANISATION_TYPES: tuple[str, ...] = APPLICANT_TYPES[1:]

# 行政复议 / 行政诉讼 results (table 四 column groups).
REVIEW_RESULTS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结")
PENDING_RESULT = "尚未审结"
DECIDED_RESULTS: tuple[str, ...] = tuple(r for r in REVIEW_RESULTS if r != PENDING_RESULT)
LITIGATION_TYPES: tuple[str, ...] = ("未经复议直接起诉", "复议后起诉")

YES, NO = "是", "否"


@dataclass(frozen=True)
class OutcomeGroup:
    """A heading of table 三 under 三、本年度办理结果, e.g. （三）不予公开."""

    code: str
    label: str  # verbatim, e.g. "（三）不予公开"
    family: str  # short family name used in charts and letters, e.g. "不予公开"


@dataclass(frozen=True)
class OutcomeLeaf:
    """One leaf row of table 三: every concluded application lands in exactly one (decision 1)."""

    code: str  # stable storage key in the register; never shown to the user
    group: str  # OutcomeGroup.code
    label: str  # verbatim row label of the 2021 table, with its number, e.g. "1.属于国家秘密"
    short: str  # the ledger value: the label without its number, e.g. "属于国家秘密"
    article: str  # typical legal basis in the 2019 Regulation (formats.md §1.5 mapping; [I])


OUTCOME_GROUPS: tuple[OutcomeGroup, ...] = (
    OutcomeGroup("grant", "（一）予以公开", "予以公开"),
    OutcomeGroup("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
    OutcomeGroup("deny", "（三）不予公开", "不予公开"),
    OutcomeGroup("unable", "（四）无法提供", "无法提供"),
    OutcomeGroup("reject", "（五）不予处理", "不予处理"),
    OutcomeGroup("other", "（六）其他处理", "其他处理"),
)

OUTCOME_LEAVES: tuple[OutcomeLeaf, ...] = (
    OutcomeLeaf("grant", "grant", "（一）予以公开", "予以公开", "第三十六条第（二）项"),
    OutcomeLeaf(
        "partial",
        "partial",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "部分公开",
        "第三十七条",
    ),
    OutcomeLeaf("deny.secret", "deny", "1.属于国家秘密", "属于国家秘密", "第十四条"),
    OutcomeLeaf(
        "deny.law", "deny", "2.其他法律行政法规禁止公开", "其他法律行政法规禁止公开", "第十四条"
    ),
    OutcomeLeaf("deny.security", "deny", "3.危及“三安全一稳定”", "危及“三安全一稳定”", "第十四条"),
    OutcomeLeaf(
        "deny.third_party", "deny", "4.保护第三方合法权益", "保护第三方合法权益", "第十五条"
    ),
    OutcomeLeaf(
        "deny.internal", "deny", "5.属于三类内部事务信息", "属于三类内部事务信息", "第十六条第一款"
    ),
    OutcomeLeaf(
        "deny.process", "deny", "6.属于四类过程性信息", "属于四类过程性信息", "第十六条第二款"
    ),
    OutcomeLeaf(
        "deny.enforcement", "deny", "7.属于行政执法案卷", "属于行政执法案卷", "第十六条第二款"
    ),
    OutcomeLeaf(
        "deny.inquiry", "deny", "8.属于行政查询事项", "属于行政查询事项", "第三十六条第（七）项"
    ),
    OutcomeLeaf(
        "unable.none",
        "unable",
        "1.本机关不掌握相关政府信息",
        "本机关不掌握相关政府信息",
        "第三十六条第（四）项",
    ),
    OutcomeLeaf(
        "unable.create",
        "unable",
        "2.没有现成信息需要另行制作",
        "没有现成信息需要另行制作",
        "第三十八条",
    ),
    OutcomeLeaf(
        "unable.unclear",
        "unable",
        "3.补正后申请内容仍不明确",
        "补正后申请内容仍不明确",
        "第三十条",
    ),
    OutcomeLeaf(
        "reject.petition",
        "reject",
        "1.信访举报投诉类申请",
        "信访举报投诉类申请",
        "第三十九条第一款",
    ),
    OutcomeLeaf("reject.repeat", "reject", "2.重复申请", "重复申请", "第三十六条第（六）项"),
    OutcomeLeaf(
        "reject.publication",
        "reject",
        "3.要求提供公开出版物",
        "要求提供公开出版物",
        "第三十九条第二款",
    ),
    OutcomeLeaf(
        "reject.excessive",
        "reject",
        "4.无正当理由大量反复申请",
        "无正当理由大量反复申请",
        "第三十五条",
    ),
    OutcomeLeaf(
        "reject.confirm",
        "reject",
        "5.要求行政机关确认或重新出具已获取信息",
        "要求行政机关确认或重新出具已获取信息",
        "",
    ),
    OutcomeLeaf(
        "other.no_correction",
        "other",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "第三十条",
    ),
    OutcomeLeaf(
        "other.no_fee",
        "other",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "",
    ),
    # Decision 3: a withdrawn application is concluded here, on the withdrawal date.
    OutcomeLeaf("other.other", "other", "3.其他", "其他", ""),
)

OUTCOME_BY_CODE: dict[str, OutcomeLeaf] = {leaf.code: leaf for leaf in OUTCOME_LEAVES}
GROUP_BY_CODE: dict[str, OutcomeGroup] = {g.code: g for g in OUTCOME_GROUPS}
WITHDRAWN_OUTCOME = "other.other"
# The form's visible 申请人撤回 choice: stored as WITHDRAWN_OUTCOME with the withdrawal date as 答复日期
# (decision 3), and 备注 saying so, which tells it apart from another 其他 when the form opens again.
WITHDRAWAL = "申请人撤回"


def is_withdrawal(outcome: str | None, remarks: str) -> bool:
    """A withdrawal as the form records it: outcome （六）3.其他 and 备注 naming the withdrawal."""
    return outcome == WITHDRAWN_OUTCOME and "撤回" in remarks


def note_withdrawal(remarks: str) -> str:
    """备注 of a withdrawn application: 申请人撤回 in front, unless it already says 撤回."""
    remarks = remarks.strip()
    if "撤回" in remarks:
        return remarks
    return f"{WITHDRAWAL}；{remarks}" if remarks else WITHDRAWAL


# Short forms that clerks also write for the two leaves whose row label carries a parenthetical.
_OUTCOME_ALIASES: dict[str, str] = {
    "部分公开（区分处理的，只计这一情形，不计其他情形）": "partial",
    "（一）予以公开": "grant",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "partial",
    "逾期不补正": "other.no_correction",
    "逾期未缴费": "other.no_fee",
    "申请人撤回": "other.other",
    "撤回": "other.other",
}


def outcome_by_text(text: str) -> OutcomeLeaf | None:
    """The leaf a ledger cell names: its short label, its numbered label, or a known alias."""
    text = text.strip()
    for leaf in OUTCOME_LEAVES:
        if text in (leaf.short, leaf.label, leaf.code):
            return leaf
    code = _OUTCOME_ALIASES.get(text)
    return OUTCOME_BY_CODE[code] if code else None


def outcome_group(leaf_code: str) -> OutcomeGroup:
    return GROUP_BY_CODE[OUTCOME_BY_CODE[leaf_code].group]


def outcome_display(leaf_code: str | None) -> str:
    """How the register shows an outcome: the family and the leaf, e.g. 不予公开／属于国家秘密."""
    if not leaf_code:
        return ""
    leaf = OUTCOME_BY_CODE[leaf_code]
    group = GROUP_BY_CODE[leaf.group]
    return leaf.short if group.family == leaf.short else f"{group.family}／{leaf.short}"
