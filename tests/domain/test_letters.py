"""The letter rules: which letter fits, which article it cites, the rights notice, the numbers."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain import letters as L
from desktop.domain import vocab
from desktop.domain.application import Application
from desktop.store.register import Register


@pytest.fixture(scope="module")
def cal():
    reg = Register.memory()
    yield reg.calendar()
    reg.close()


def make(**kw) -> Application:
    base = dict(
        receipt_date=date(2026, 3, 2),
        channel="网络",
        applicant_type="自然人",
        applicant="张三",
        number="2026-0007",
        content="某某路拓宽工程征收补偿方案",
    )
    base.update(kw)
    return Application(**base)


def codes(kinds) -> list[str]:
    return [k.code for k in kinds]


def test_open_application_may_get_receipt_correction_extension_consultation_but_no_answer():
    assert codes(L.available_kinds(make())) == [
        "receipt",
        "correction",
        "extension",
        "consultation",
        "consultation.organ",  # nothing recorded yet: either consultation may be the next step
    ]


def test_concluded_application_gets_the_answer_letter_of_its_outcome_family_only():
    app = make(answer_date=date(2026, 3, 20), outcome="deny.process")
    assert codes(L.available_kinds(app)) == ["receipt", "answer.deny"]
    assert "办理结果为" in L.unavailable_reason(L.ANSWER_GRANT, app)


def test_concluded_application_keeps_the_steps_it_went_through():
    app = make(
        correction_notice_date=date(2026, 3, 5),
        correction_received_date=date(2026, 3, 9),
        extended=True,
        answer_date=date(2026, 4, 20),
        outcome="partial",
    )
    assert codes(L.available_kinds(app)) == ["receipt", "correction", "extension", "answer.partial"]


@pytest.mark.parametrize("leaf", [leaf for leaf in vocab.OUTCOME_LEAVES])
def test_every_outcome_leaf_maps_to_its_family_letter_and_article(leaf):
    kind = L.answer_kind_for(leaf.code)
    if leaf.group == "other":
        # 其他处理 (逾期不补正, 逾期未缴费, 撤回) has no 答复告知书 of its own.
        assert kind is None
        return
    assert kind is not None and kind.answer_group == leaf.group
    basis = L.answer_basis(leaf.code)
    if leaf.article:
        assert leaf.article in basis.articles
    assert basis.articles.startswith("第")
    assert basis.reason.endswith("。") and basis.decision.endswith("。")


def test_refusals_under_articles_14_to_16_also_cite_article_36_3():
    for code in (
        "deny.secret",
        "deny.law",
        "deny.security",
        "deny.third_party",
        "deny.internal",
        "deny.process",
        "deny.enforcement",
    ):
        assert "第三十六条第（三）项" in L.answer_basis(code).articles
    assert L.answer_basis("deny.secret").articles == "第十四条、第三十六条第（三）项"
    assert L.answer_basis("reject.repeat").articles == "第三十六条第（六）项"
    assert L.answer_basis("unable.create").articles == "第三十八条"


def test_rights_notice_on_every_answer_and_required_by_law_for_adverse_ones():
    for kind in L.LETTER_KINDS:
        assert kind.rights_notice == kind.is_answer
    assert [k.code for k in L.LETTER_KINDS if k.adverse] == [
        "answer.partial",
        "answer.deny",
        "answer.unable",
        "answer.reject",
    ]
    assert "自收到本答复之日起60日内" in L.RIGHTS_NOTICE
    assert "自收到本答复之日起6个月内" in L.RIGHTS_NOTICE


@pytest.mark.parametrize(
    ("kind", "issued_on", "expected"),
    [
        # 行政复议法 (2023) 第二十三条第一款第（四）项: review first when information is withheld.
        (L.ANSWER_DENY, date(2026, 3, 20), L.RIGHTS_NOTICE_REVIEW_FIRST),
        (L.ANSWER_PARTIAL, date(2026, 3, 20), L.RIGHTS_NOTICE_REVIEW_FIRST),
        (L.ANSWER_DENY, date(2024, 1, 1), L.RIGHTS_NOTICE_REVIEW_FIRST),
        # Before the revision took effect the applicant could choose.
        (L.ANSWER_DENY, date(2023, 12, 29), L.RIGHTS_NOTICE),
        (L.ANSWER_GRANT, date(2026, 3, 20), L.RIGHTS_NOTICE),
        (L.ANSWER_UNABLE, date(2026, 3, 20), L.RIGHTS_NOTICE),
        (L.ANSWER_REJECT, date(2026, 3, 20), L.RIGHTS_NOTICE),
        (L.RECEIPT, date(2026, 3, 20), ""),
        (L.EXTENSION, date(2026, 3, 20), ""),
    ],
)
def test_rights_notice_wording_follows_the_2023_review_law(kind, issued_on, expected):
    assert kind.rights_notice_text(issued_on) == expected


def test_review_first_notice_names_the_law_and_both_periods():
    notice = L.RIGHTS_NOTICE_REVIEW_FIRST
    assert "《中华人民共和国行政复议法》第二十三条" in notice
    assert "应当先自收到本答复之日起60日内依法申请行政复议" in notice
    assert "对行政复议决定不服的，可以自收到行政复议决定书之日起15日内" in notice
    assert "或者" not in notice  # no direct suit is offered


# The wording printed before 行政复议机关 / 管辖法院 could be set, written out: an office that leaves
# them empty must get exactly this.
GENERIC_CHOICE = (
    "如对本答复不服，可以自收到本答复之日起60日内依法申请行政复议，"
    "或者自收到本答复之日起6个月内依法向人民法院提起行政诉讼。"
)
GENERIC_REVIEW_FIRST = (
    "如对本答复不服，根据《中华人民共和国行政复议法》第二十三条的规定，应当先自收到本答复之日起"
    "60日内依法申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起15日内"
    "依法向人民法院提起行政诉讼。"
)
BODY, COURT = "某某县人民政府", "某某区人民法院"


@pytest.mark.parametrize(
    ("kind", "issued_on", "review_body", "court", "expected"),
    [
        # Empty settings: the wording is unchanged, for both variants.
        (L.ANSWER_GRANT, date(2026, 3, 20), "", "", GENERIC_CHOICE),
        (L.ANSWER_UNABLE, date(2026, 3, 20), "", "", GENERIC_CHOICE),
        (L.ANSWER_DENY, date(2023, 12, 29), "", "", GENERIC_CHOICE),
        (L.ANSWER_DENY, date(2026, 3, 20), "", "", GENERIC_REVIEW_FIRST),
        (L.ANSWER_PARTIAL, date(2024, 1, 1), " ", "\n", GENERIC_REVIEW_FIRST),
        # Both set: the applicant's choice, naming both.
        (
            L.ANSWER_REJECT,
            date(2026, 3, 20),
            BODY,
            COURT,
            "如对本答复不服，可以自收到本答复之日起60日内依法向某某县人民政府申请行政复议，"
            "或者自收到本答复之日起6个月内依法向某某区人民法院提起行政诉讼。",
        ),
        # Before 2024 a 不予公开 answer still offered the choice, now with the names.
        (
            L.ANSWER_DENY,
            date(2023, 12, 29),
            BODY,
            COURT,
            "如对本答复不服，可以自收到本答复之日起60日内依法向某某县人民政府申请行政复议，"
            "或者自收到本答复之日起6个月内依法向某某区人民法院提起行政诉讼。",
        ),
        # Review first (行政复议法第二十三条), naming both.
        (
            L.ANSWER_DENY,
            date(2026, 3, 20),
            BODY,
            COURT,
            "如对本答复不服，根据《中华人民共和国行政复议法》第二十三条的规定，应当先自收到本答复之日起"
            "60日内依法向某某县人民政府申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起"
            "15日内依法向某某区人民法院提起行政诉讼。",
        ),
        # Only one of the two set: the other stays generic.
        (
            L.ANSWER_GRANT,
            date(2026, 3, 20),
            BODY,
            "",
            "如对本答复不服，可以自收到本答复之日起60日内依法向某某县人民政府申请行政复议，"
            "或者自收到本答复之日起6个月内依法向人民法院提起行政诉讼。",
        ),
        (
            L.ANSWER_PARTIAL,
            date(2026, 3, 20),
            "",
            COURT,
            "如对本答复不服，根据《中华人民共和国行政复议法》第二十三条的规定，应当先自收到本答复之日起"
            "60日内依法申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起15日内"
            "依法向某某区人民法院提起行政诉讼。",
        ),
        # Stray spaces, a line break or a closing 。 typed into the setting do not reach the sentence.
        (
            L.ANSWER_UNABLE,
            date(2026, 3, 20),
            " 某某县人民政府。\n",
            "某某区人民法院 ",
            "如对本答复不服，可以自收到本答复之日起60日内依法向某某县人民政府申请行政复议，"
            "或者自收到本答复之日起6个月内依法向某某区人民法院提起行政诉讼。",
        ),
        # Letters without a notice stay without one.
        (L.RECEIPT, date(2026, 3, 20), BODY, COURT, ""),
        (L.CORRECTION, date(2026, 3, 20), BODY, COURT, ""),
    ],
)
def test_rights_notice_names_the_review_body_and_court_when_set(
    kind, issued_on, review_body, court, expected
):
    assert kind.rights_notice_text(issued_on, review_body, court) == expected


def test_notice_constants_are_the_generic_wording():
    assert L.RIGHTS_NOTICE == GENERIC_CHOICE
    assert L.RIGHTS_NOTICE_REVIEW_FIRST == GENERIC_REVIEW_FIRST


def test_letter_fields_carry_the_named_review_body_and_court(cal):
    deny = make(answer_date=date(2026, 3, 20), outcome="deny.third_party")
    grant = make(answer_date=date(2026, 3, 20), outcome="grant")
    kwargs = dict(office_name="某局", number="1", issued_on=date(2026, 3, 20))
    named = dict(review_body=BODY, court=COURT)
    deny_notice = L.letter_fields(L.ANSWER_DENY, deny, cal, **kwargs, **named)["权利告知"]
    assert "应当先自收到本答复之日起60日内依法向某某县人民政府申请行政复议" in deny_notice
    assert "15日内依法向某某区人民法院提起行政诉讼" in deny_notice
    grant_notice = L.letter_fields(L.ANSWER_GRANT, grant, cal, **kwargs, **named)["权利告知"]
    assert "或者自收到本答复之日起6个月内依法向某某区人民法院提起行政诉讼" in grant_notice
    # Without them (the default), the letter's notice is the generic one.
    assert L.letter_fields(L.ANSWER_GRANT, grant, cal, **kwargs)["权利告知"] == GENERIC_CHOICE
    assert L.OfficeSettings("某局") == L.OfficeSettings("某局", L.DEFAULT_NUMBER_FORMAT, "", "")


def test_deny_letter_in_2026_tells_the_applicant_to_seek_review_first(cal):
    app = make(answer_date=date(2026, 3, 20), outcome="deny.process")
    fields = L.letter_fields(
        L.ANSWER_DENY, app, cal, office_name="某局", number="1", issued_on=date(2026, 3, 20)
    )
    assert fields["依据条款"] == "第十六条第二款、第三十六条第（三）项"
    assert fields["权利告知"] == L.RIGHTS_NOTICE_REVIEW_FIRST


def test_information_held_by_another_organ_is_answered_under_article_36_5(cal):
    app = make(answer_date=date(2026, 3, 20), outcome="unable.none")
    organ = "某市住房和城乡建设局（电话：0000-12345678）"
    fields = L.letter_fields(
        L.ANSWER_UNABLE,
        app,
        cal,
        office_name="某局",
        number="1",
        issued_on=date(2026, 3, 20),
        extras={"负责公开机关": organ},
    )
    assert fields["依据条款"] == "第三十六条第（五）项"
    assert fields["答复理由"] == "您申请获取的政府信息不属于本机关负责公开。"
    assert organ in fields["答复决定"] and "不存在" not in fields["答复决定"]
    # Left empty, the same outcome is the 第（四）项 answer: the information does not exist.
    plain = L.letter_fields(
        L.ANSWER_UNABLE,
        app,
        cal,
        office_name="某局",
        number="1",
        issued_on=date(2026, 3, 20),
        extras={"负责公开机关": "  "},
    )
    assert plain["依据条款"] == "第三十六条第（四）项" and "不存在" in plain["答复决定"]
    # The organ only matters for 本机关不掌握; 另行制作 stays under 第三十八条.
    create = make(answer_date=date(2026, 3, 20), outcome="unable.create")
    fields = L.letter_fields(
        L.ANSWER_UNABLE,
        create,
        cal,
        office_name="某局",
        number="1",
        issued_on=date(2026, 3, 20),
        extras={"负责公开机关": organ},
    )
    assert fields["依据条款"] == "第三十八条"


def test_already_published_information_is_answered_under_article_36_1(cal):
    app = make(answer_date=date(2026, 3, 20), outcome="grant")
    kwargs = dict(office_name="某局", number="1", issued_on=date(2026, 3, 20))
    fields = L.letter_fields(
        L.ANSWER_GRANT,
        app,
        cal,
        extras={"获取途径": "某市人民政府门户网站“政府信息公开”栏目"},
        **kwargs,
    )
    assert fields["依据条款"] == "第三十六条第（一）项"
    assert fields["答复理由"] == "您申请获取的政府信息已经主动公开。"
    assert fields["答复决定"] == (
        "您可以通过以下方式、途径获取该政府信息：某市人民政府门户网站“政府信息公开”栏目。"
    )
    plain = L.letter_fields(L.ANSWER_GRANT, app, cal, extras={}, **kwargs)
    assert plain["依据条款"] == "第三十六条第（二）项" and "详见附件" in plain["答复决定"]


# Every leaf's articles, written out: a wrong article on a letter is a legal defect (formats.md §1.5,
# 2019 Regulation §4.1). Kept literal on purpose so that a change to ANSWER_BASIS must change this too.
EXPECTED_ARTICLES = {
    "grant": "第三十六条第（二）项",
    "partial": "第三十七条",
    "deny.secret": "第十四条、第三十六条第（三）项",
    "deny.law": "第十四条、第三十六条第（三）项",
    "deny.security": "第十四条、第三十六条第（三）项",
    "deny.third_party": "第十五条、第三十六条第（三）项",
    "deny.internal": "第十六条第一款、第三十六条第（三）项",
    "deny.process": "第十六条第二款、第三十六条第（三）项",
    "deny.enforcement": "第十六条第二款、第三十六条第（三）项",
    "deny.inquiry": "第三十六条第（七）项",
    "unable.none": "第三十六条第（四）项",
    "unable.create": "第三十八条",
    "unable.unclear": "第三十条",
    "reject.petition": "第三十九条第一款",
    "reject.repeat": "第三十六条第（六）项",
    "reject.publication": "第三十九条第二款",
    "reject.excessive": "第三十五条",
    "reject.confirm": "第二条",
}


def test_every_answerable_leaf_cites_exactly_the_expected_articles():
    answerable = {leaf.code for leaf in vocab.OUTCOME_LEAVES if leaf.group != "other"}
    assert set(EXPECTED_ARTICLES) == answerable
    for code, articles in EXPECTED_ARTICLES.items():
        assert L.answer_basis(code).articles == articles, code


def test_procedural_letters_cite_their_articles():
    assert L.CORRECTION.article == "第三十条"
    assert L.EXTENSION.article == "第三十三条第二款"
    assert L.CONSULTATION.article == "第三十二条"
    assert L.RECEIPT.article == "第三十三条第二款"


def test_receipt_fields_with_real_2026_due_date(cal):
    fields = L.letter_fields(
        L.RECEIPT,
        make(),
        cal,
        office_name="某市自然资源局",
        number="〔2026〕1号",
        issued_on=date(2026, 3, 2),
    )
    assert fields["申请人"] == "张三" and fields["称谓"] == "您"
    assert fields["收到日期"] == "2026年3月2日"
    # 20 working days after Monday 2 March 2026 (no holiday in March).
    assert fields["答复期限"] == "2026年3月30日"
    assert fields["依据条款"] == "第三十三条第二款"
    assert fields["权利告知"] == ""
    assert set(fields) == set(L.PLACEHOLDERS)


def test_extension_runs_over_qingming_2026(cal):
    fields = L.letter_fields(
        L.EXTENSION, make(), cal, office_name="某局", number="1", issued_on=date(2026, 3, 25)
    )
    # 40 working days after 2 March, skipping 清明 (4–6 April 2026): 28 April.
    assert fields["延期至"] == "2026年4月28日"
    assert fields["延期理由"] == L.EXTENSION_REASON.default


def test_correction_period_and_matters(cal):
    fields = L.letter_fields(
        L.CORRECTION,
        make(),
        cal,
        office_name="某局",
        number="1",
        issued_on=date(2026, 3, 5),
        extras={"补正事项": "请写明文件名称。", "补正工作日": "10"},
    )
    assert fields["补正期限"] == "自收到本告知书之日起10个工作日内"
    assert fields["补正事项"] == "请写明文件名称。"
    with pytest.raises(L.LetterError, match="正整数"):
        L.letter_fields(
            L.CORRECTION,
            make(),
            cal,
            office_name="某局",
            number="1",
            issued_on=date(2026, 3, 5),
            extras={"补正工作日": "十"},
        )


def test_organisation_is_addressed_as_gui_danwei(cal):
    app = make(
        applicant_type="商业企业",
        applicant="某某有限公司",
        answer_date=date(2026, 3, 20),
        outcome="unable.none",
    )
    fields = L.letter_fields(
        L.ANSWER_UNABLE, app, cal, office_name="某局", number="1", issued_on=date(2026, 3, 20)
    )
    assert fields["称谓"] == "贵单位"
    assert "贵单位" in fields["答复理由"] and "{称谓}" not in fields["答复理由"]
    assert fields["依据条款"] == "第三十六条第（四）项"
    assert fields["权利告知"] == L.RIGHTS_NOTICE  # 无法提供: review or suit, the applicant chooses


def test_required_values_office_name_and_state_are_enforced(cal):
    partial = make(answer_date=date(2026, 3, 20), outcome="partial")
    with pytest.raises(L.LetterError, match="不予公开部分的内容、理由及依据"):
        L.letter_fields(
            L.ANSWER_PARTIAL,
            partial,
            cal,
            office_name="某局",
            number="1",
            issued_on=date(2026, 3, 20),
        )
    with pytest.raises(L.LetterError, match="第三方名称"):
        L.letter_fields(
            L.CONSULTATION, make(), cal, office_name="某局", number="1", issued_on=date(2026, 3, 5)
        )
    with pytest.raises(L.LetterError, match="机关名称"):
        L.letter_fields(
            L.RECEIPT, make(), cal, office_name=" ", number="1", issued_on=date(2026, 3, 2)
        )
    with pytest.raises(L.LetterError, match="尚未办结"):
        L.letter_fields(
            L.ANSWER_GRANT, make(), cal, office_name="某局", number="1", issued_on=date(2026, 3, 2)
        )


def test_warnings_for_late_correction_and_late_extension(cal):
    app = make()
    # 7 working days after 2 March 2026 is 11 March (第三十条).
    assert L.issue_warnings(L.CORRECTION, app, date(2026, 3, 11), cal) == []
    late = L.issue_warnings(L.CORRECTION, app, date(2026, 3, 12), cal)
    assert late and "2026年3月11日" in late[0]
    assert L.issue_warnings(L.EXTENSION, app, date(2026, 3, 30), cal) == []
    assert "2026年3月30日" in L.issue_warnings(L.EXTENSION, app, date(2026, 3, 31), cal)[0]


def test_default_issue_dates_follow_the_register():
    app = make(
        correction_notice_date=date(2026, 3, 4), answer_date=date(2026, 3, 27), outcome="grant"
    )
    today = date(2026, 11, 1)
    assert L.default_issue_date(L.RECEIPT, app, today) == date(2026, 3, 2)
    assert L.default_issue_date(L.CORRECTION, app, today) == date(2026, 3, 4)
    assert L.default_issue_date(L.ANSWER_GRANT, app, today) == date(2026, 3, 27)
    assert L.default_issue_date(L.EXTENSION, app, today) == today


def test_letter_number_format():
    assert L.format_letter_number("某政信〔{年}〕{号}号", 2026, 12) == "某政信〔2026〕12号"
    assert L.format_letter_number(L.DEFAULT_NUMBER_FORMAT, 2025, 3) == "〔2025〕3号"
    assert L.number_format_error("某政信〔{年}〕号")
    with pytest.raises(L.LetterError):
        L.format_letter_number("〔2026〕号", 2026, 1)


def test_chinese_date_has_no_leading_zeros():
    assert L.chinese_date(date(2026, 3, 5)) == "2026年3月5日"
    assert L.chinese_date(None) == ""


def test_applications_under_the_2008_regulation_get_no_letter():
    old = make(receipt_date=date(2019, 5, 14), answer_date=date(2019, 5, 20), outcome="grant")
    assert L.available_kinds(old) == []
    assert "2008年" in L.unavailable_reason(L.RECEIPT, old)
    assert codes(L.available_kinds(old.replace(receipt_date=date(2019, 5, 15)))) == [
        "receipt",
        "answer.grant",
    ]


# ------------------------------------------------------------------ decision 5 v2: 第三方 / 其他机关
def test_the_consultation_letter_follows_the_registered_party():
    open_organ = make(consultation_party="其他机关")
    assert "consultation.organ" in codes(L.available_kinds(open_organ))
    assert "consultation" not in codes(L.available_kinds(open_organ))
    assert L.unavailable_reason(L.CONSULTATION, open_organ) == "征求意见对象登记为“其他机关”"
    open_third = make(consultation_party="第三方")
    assert codes(L.available_kinds(open_third))[-1] == "consultation"
    assert "consultation.organ" not in codes(L.available_kinds(open_third))
    # Sent and the party left blank: blank means 第三方 (contract v2).
    sent = make(consultation_sent_date=date(2026, 3, 4))
    assert L.letter_party(sent) == "第三方"
    assert "consultation.organ" not in codes(L.available_kinds(sent))
    assert L.letter_party(make()) == ""
    # Concluded: only a consultation that was recorded.
    done = make(
        consultation_sent_date=date(2026, 3, 4),
        consultation_party="其他机关",
        answer_date=date(2026, 4, 20),
        outcome="grant",
    )
    assert codes(L.available_kinds(done)) == ["receipt", "consultation.organ", "answer.grant"]


def test_the_organ_letter_cites_article_34_and_says_silence_is_consent(cal):
    assert L.CONSULTATION_ORGAN.article == "第三十四条"
    fields = L.letter_fields(
        L.CONSULTATION_ORGAN,
        make(consultation_party="其他机关"),
        cal,
        office_name="某局",
        number="1",
        issued_on=date(2026, 3, 4),
        extras={"被征求意见机关": "某县财政局", "征求意见事由": "该信息由本机关与贵机关联合发布。"},
    )
    assert fields["被征求意见机关"] == "某县财政局"
    assert fields["征求意见事由"] == "该信息由本机关与贵机关联合发布"  # the template adds 。
    assert fields["征求意见期限"] == "15个工作日"
    assert fields["依据条款"] == "第三十四条"
    assert fields["第三方"] == "" and fields["权利告知"] == ""
    with pytest.raises(L.LetterError, match="被征求意见的行政机关名称"):
        L.letter_fields(
            L.CONSULTATION_ORGAN,
            make(),
            cal,
            office_name="某局",
            number="1",
            issued_on=date(2026, 3, 4),
        )


@pytest.mark.parametrize(
    ("party", "received", "expected"),
    [
        (
            "",
            None,
            "本机关于2026年3月4日依照《中华人民共和国政府信息公开条例》第三十二条的规定书面征求了"
            "第三方的意见。征求意见所需时间依照该条例第三十三条第三款的规定不计算在答复期限内。",
        ),
        (
            "第三方",
            date(2026, 3, 18),
            "本机关于2026年3月4日依照《中华人民共和国政府信息公开条例》第三十二条的规定书面征求了"
            "第三方的意见，并于2026年3月18日收到其意见。"
            "征求意见所需时间依照该条例第三十三条第三款的规定不计算在答复期限内。",
        ),
        (
            "其他机关",
            date(2026, 3, 25),
            "本机关于2026年3月4日依照《中华人民共和国政府信息公开条例》第三十四条的规定征求了"
            "相关行政机关的意见，并于2026年3月25日收到其意见。"
            "征求意见所需时间依照该条例第三十三条第三款的规定不计算在答复期限内。",
        ),
    ],
)
def test_answer_letters_word_the_consultation_by_party(cal, party, received, expected):
    app = make(
        consultation_sent_date=date(2026, 3, 4),
        consultation_received_date=received,
        consultation_party=party,
        answer_date=date(2026, 4, 20),
        outcome="grant",
    )
    assert L.consultation_statement(app) == expected
    fields = L.letter_fields(
        L.ANSWER_GRANT, app, cal, office_name="某局", number="1", issued_on=date(2026, 4, 20)
    )
    assert fields["征求意见情况"] == expected


def test_no_consultation_no_sentence(cal):
    app = make(answer_date=date(2026, 3, 20), outcome="grant")
    assert L.consultation_statement(app) == ""
    fields = L.letter_fields(
        L.ANSWER_GRANT, app, cal, office_name="某局", number="1", issued_on=date(2026, 3, 20)
    )
    assert fields["征求意见情况"] == ""
    # Only the answers carry it.
    receipt = L.letter_fields(
        L.RECEIPT,
        make(consultation_sent_date=date(2026, 3, 4)),
        cal,
        office_name="某局",
        number="1",
        issued_on=date(2026, 3, 2),
    )
    assert receipt["征求意见情况"] == ""


@pytest.mark.parametrize(
    ("stated", "days", "due"), [(None, "20", "2026年4月28日"), (10, "10", "2026年4月14日")]
)
def test_the_extension_letter_states_the_office_s_length(cal, stated, days, due):
    app = make(extended=True, extension_days=stated)
    fields = L.letter_fields(
        L.EXTENSION, app, cal, office_name="某局", number="1", issued_on=date(2026, 3, 25)
    )
    assert fields["延期工作日数"] == days
    assert fields["延期至"] == due


# ------------------------------------------------------------------ the request quoted once
@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        ("某某路拓宽工程征收补偿方案", "申请获取“某某路拓宽工程征收补偿方案”"),
        (
            "申请公开本县2025年道路拓宽工程的征收补偿方案",
            "申请内容为“申请公开本县2025年道路拓宽工程的征收补偿方案”",
        ),
        ("请求提供2025年财政预算。", "申请内容为“请求提供2025年财政预算”"),
        ("要求公开拆迁补偿标准", "申请内容为“要求公开拆迁补偿标准”"),
        ("  2025年预算  ", "申请获取“2025年预算”"),
        ("申报材料清单", "申请获取“申报材料清单”"),  # 申报 is not the applicant's verb
    ],
)
def test_request_phrase_never_doubles_shenqing(content, phrase, cal):
    assert L.request_phrase(content) == phrase
    fields = L.letter_fields(
        L.RECEIPT,
        make(content=content),
        cal,
        office_name="某局",
        number="1",
        issued_on=date(2026, 3, 2),
    )
    assert fields["申请事项"] == phrase
    assert "申请获取“申请" not in fields["申请事项"]
