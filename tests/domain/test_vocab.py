from desktop.domain import vocab


def test_outcome_tree_has_the_21_leaves_of_the_2021_table_in_order():
    labels = [leaf.label for leaf in vocab.OUTCOME_LEAVES]
    assert len(labels) == 21
    assert labels[0] == "（一）予以公开"
    assert labels[1] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert labels[2:10] == [
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
    ]
    assert labels[-3:] == [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ]
    groups = [leaf.group for leaf in vocab.OUTCOME_LEAVES]
    assert [groups.count(g.code) for g in vocab.OUTCOME_GROUPS] == [1, 1, 8, 3, 5, 3]


def test_leaf_codes_and_short_labels_are_unique():
    assert len({leaf.code for leaf in vocab.OUTCOME_LEAVES}) == 21
    assert len({leaf.short for leaf in vocab.OUTCOME_LEAVES}) == 21


def test_outcome_by_text_accepts_short_numbered_and_alias_forms():
    assert vocab.outcome_by_text("部分公开").code == "partial"
    assert vocab.outcome_by_text("1.属于国家秘密").code == "deny.secret"
    assert vocab.outcome_by_text(" 重复申请 ").code == "reject.repeat"
    assert vocab.outcome_by_text("申请人撤回").code == vocab.WITHDRAWN_OUTCOME
    assert vocab.outcome_by_text("不知道") is None


def test_vocabularies_match_the_contract():
    assert vocab.CHANNELS == ("当面", "邮寄", "平常信函", "网络", "电子邮件", "传真", "其他")
    assert vocab.APPLICANT_TYPES == (
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    )
    assert vocab.REVIEW_RESULTS == ("结果维持", "结果纠正", "其他结果", "尚未审结")
    assert vocab.LITIGATION_TYPES == ("未经复议直接起诉", "复议后起诉")


def test_outcome_display_names_family_and_leaf():
    assert vocab.outcome_display("deny.secret") == "不予公开／属于国家秘密"
    assert vocab.outcome_display("grant") == "予以公开"
    assert vocab.outcome_display(None) == ""
