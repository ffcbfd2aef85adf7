"""Proposing a mapping from an office's own ledger headers and outcome wordings to ours."""

from __future__ import annotations

import pytest

from desktop.domain import ledger_mapping as lm
from desktop.domain.ledger_columns import LEDGER_COLUMNS
from desktop.domain.vocab import OUTCOME_LEAVES


def _fields(headers):
    return [p.field for p in lm.propose_columns(headers)]


def test_contract_headers_map_to_themselves():
    proposals = lm.propose_columns([c.header for c in LEDGER_COLUMNS])
    assert [p.field for p in proposals] == [c.field for c in LEDGER_COLUMNS]
    assert {p.how for p in proposals} == {"表头相同"}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("受理日期", "receipt_date"),
        ("收件日期", "receipt_date"),
        ("登记日期", "receipt_date"),
        ("答复结果", "outcome"),
        ("处理结果", "outcome"),
        ("办理情况", "outcome"),
        ("申请人姓名", "applicant"),
        ("名称", "applicant"),
        ("来件方式", "channel"),
        ("申请渠道", "channel"),
        ("身份证号", "id_number"),
        ("是否延期", "extended"),
        ("办结日期", "answer_date"),
    ],
)
def test_synonyms(header, field):
    assert _fields([header]) == [field]


def test_traditional_bracketed_and_spaced_headers():
    headers = [
        "序號",
        "受理日期（年/月/日）",
        "申請人姓名/名稱",
        "申 請 內 容",
        "答覆結果",
        "收費（元）",
    ]
    assert _fields(headers) == [
        None,
        "receipt_date",
        "applicant",
        "content",
        "outcome",
        "fee_amount_cents",
    ]


def test_stronger_match_wins_and_each_field_is_used_once():
    # 申请人类型 takes its own column although 申请人… also contains 申请人.
    fields = _fields(["申请人（姓名或名称）", "申请人类型", "申请人", "备注"])
    assert fields == ["applicant", "applicant_type", None, "remarks"]


def test_containment_proposes_the_longest_synonym():
    proposals = lm.propose_columns(["答复日期及文号", "群众申请公开内容摘要", "不相干"])
    assert [p.field for p in proposals] == ["answer_date", "content", None]
    assert proposals[0].how == "表头包含" and proposals[0].label == "答复日期"


def test_missing_required_and_duplicated_fields():
    mapping = {0: "applicant", 1: "receipt_date", 2: "receipt_date"}
    assert lm.missing_required(mapping) == ["申请方式", "申请人类型"]
    assert lm.duplicated_fields(mapping) == ["收到日期"]


def test_every_leaf_short_and_numbered_label_is_recognised():
    for leaf in OUTCOME_LEAVES:
        assert lm.propose_outcome(leaf.short).leaf == leaf.code
        assert lm.propose_outcome(leaf.label).leaf == leaf.code


@pytest.mark.parametrize(
    ("text", "leaf"),
    [
        ("同意公开", "grant"),
        ("已主动公开，告知获取途径", "grant"),
        ("部分公開", "partial"),
        ("同意部分公开", "partial"),
        ("涉及国家秘密，不予公开", "deny.secret"),
        ("涉及商业秘密", "deny.third_party"),
        ("个人隐私", "deny.third_party"),
        ("过程性信息", "deny.process"),
        ("信息不存在", "unable.none"),
        ("非本机关职责范围", "unable.none"),
        ("需要另行加工", "unable.create"),
        ("补正后仍不明确", "unable.unclear"),
        ("属于信访事项", "reject.petition"),
        ("重复申请", "reject.repeat"),
        ("申请人撤回", "other.other"),
        ("申請人撤回申請", "other.other"),
        ("逾期未补正", "other.no_correction"),
        ("逾期未缴纳费用", "other.no_fee"),
    ],
)
def test_free_text_outcomes(text, leaf):
    assert lm.propose_outcome(text).leaf == leaf


def test_bare_refusal_or_unknown_asks_the_clerk():
    for text in ("不予公开", "不予处理", "无法提供", "已办", "其它情况说明"):
        proposal = lm.propose_outcome(text)
        assert proposal.leaf is None and "请选择" in proposal.how


def test_distinct_outcomes_keep_first_appearance_order():
    got = lm.propose_outcomes(["同意公开", None, "信息不存在", "同意公开", " ", "信息不存在 "])
    assert [p.text for p in got] == ["同意公开", "信息不存在"]


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("channel", "網上申請", "网络"),
        ("channel", "现场递交", "当面"),
        ("channel", "EMS快递", "邮寄"),
        ("channel", "信函", "平常信函"),
        ("channel", "电子邮箱", "电子邮件"),
        ("channel", "其他", "其他"),
        ("applicant_type", "公民", "自然人"),
        ("applicant_type", "律师事务所", "法律服务机构"),
        ("applicant_type", "有限公司", "商业企业"),
        ("applicant_type", "社会公益组织", "社会公益组织"),
        ("applicant_type", "外星人", None),
        ("channel", "", None),
    ],
)
def test_choice_wordings(field, text, value):
    assert lm.propose_choice(field, text) == value


def test_wordings_saying_still_open_map_to_no_outcome():
    for text in ("办理中", "正在办理", "尚未答复"):
        proposal = lm.propose_outcome(text)
        assert proposal.leaf == lm.STILL_OPEN and "尚未办结" in proposal.how


@pytest.mark.parametrize(
    "text",
    [
        "部分公开，部分属于国家秘密",
        "部分不予公开（涉及个人隐私）",
        "部分信息不存在，其余予以公开",
        "国家秘密部分不予公开，其余部分公开",
        "涉及商业秘密的部分不公开",
    ],
)
def test_partial_disclosure_wins_over_the_other_outcome_named_beside_it(text):
    """Contract decision 1: 部分公开 always wins (区分处理的，只计这一情形，不计其他情形)."""
    assert lm.propose_outcome(text).leaf == "partial"
