"""A three-year register (2023–2025) whose tables were worked out by hand, checked cell by cell.

Every expected number below was counted on paper from the application list (see the comments), not
produced by the code under test. The scenario covers carry-over in and out, an application open
across two year ends, an extension, a withdrawal, a soft-deleted application, every outcome leaf and
every applicant column, and 复议 followed by 诉讼.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from desktop.domain import vocab
from desktop.domain.application import Application
from desktop.domain.checks import check_carry_over, run_checks
from desktop.store.statistics import applications_behind, compute_report

T = vocab.APPLICANT_TYPES  # 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他


def app(received, kind, channel, answered=None, outcome=None, **more):
    return Application(
        receipt_date=received,
        channel=channel,
        applicant_type=kind,
        applicant=f"申请人{received.isoformat()}{kind}",
        answer_date=answered,
        outcome=outcome,
        **more,
    )


def build_scenario(register):
    """Fill `register` with the scenario; returns {name: application id}."""
    named = {
        # A1 自然人: received 2023, answered 2024 (carried 2023→2024); 复议 2024 纠正, then 复议后起诉 2024 维持.
        "A1": app(date(2023, 12, 20), "自然人", "网络", date(2024, 1, 15), "grant",
                  fee_amount_cents=10000, review_date=date(2024, 3, 1), review_result="结果纠正",
                  litigation_type="复议后起诉", litigation_date=date(2024, 6, 1),
                  litigation_result="结果维持"),
        # A2 商业企业: all in 2023; 复议 filed 2023, still 尚未审结; its fee belongs to 2023.
        "A2": app(date(2023, 11, 1), "商业企业", "邮寄", date(2023, 11, 20), "partial",
                  fee_amount_cents=2000, review_date=date(2023, 12, 15), review_result="尚未审结"),
        # A3 科研机构: open across two year ends (2023→2024→2025), extended, answered 2025.
        "A3": app(date(2023, 12, 28), "科研机构", "当面", date(2025, 1, 10), "unable.none",
                  extended=True),
        # A4 社会公益组织: 2024, 复议 2024 维持, then 复议后起诉 filed 2025 with no result yet.
        "A4": app(date(2024, 3, 1), "社会公益组织", "传真", date(2024, 3, 20), "deny.secret",
                  review_date=date(2024, 5, 1), review_result="结果维持",
                  litigation_type="复议后起诉", litigation_date=date(2025, 2, 1)),
        # A5 法律服务机构: received 2024-12-30, still open (carried into 2025 and out of it).
        "A5": app(date(2024, 12, 30), "法律服务机构", "电子邮件"),
        # A6 其他: withdrawn two days later — decision 3: （六）3.其他 on the withdrawal date.
        "A6": app(date(2024, 5, 10), "其他", "平常信函", date(2024, 5, 12), "other.other"),
        # A7 自然人: received and answered on 31 Dec 2024 (not carried); sued directly in 2025.
        "A7": app(date(2024, 12, 31), "自然人", "其他", date(2024, 12, 31), "grant",
                  litigation_type="未经复议直接起诉", litigation_date=date(2025, 3, 1),
                  litigation_result="其他结果"),
        # A8 自然人: received 2024, extended, answered 2025-01-02.
        "A8": app(date(2024, 6, 1), "自然人", "网络", date(2025, 1, 2), "partial", extended=True),
        # A9: would count everywhere in 2024, but is soft-deleted below.
        "A9": app(date(2024, 4, 1), "自然人", "网络", date(2024, 4, 5), "grant",
                  review_date=date(2024, 4, 10), review_result="结果维持"),
    }  # fmt: skip
    # L0..L20: one application per outcome leaf, all received and answered in Feb–Mar 2024;
    # applicant type = T[i % 6], channel = CHANNELS[i % 7]; L1 extended; L0 paid a 50-yuan fee;
    # L10 (unable.none, 法律服务机构) sued directly in 2024, 结果纠正.
    for i, leaf in enumerate(vocab.OUTCOME_LEAVES):
        received = date(2024, 2, 1) + timedelta(days=i)
        extra = {}
        if i == 0:
            extra["fee_amount_cents"] = 5000
        if i == 1:
            extra["extended"] = True
        if i == 10:
            extra.update(litigation_type="未经复议直接起诉", litigation_date=date(2024, 4, 1),
                         litigation_result="结果纠正")  # fmt: skip
        named[f"L{i}"] = app(
            received, T[i % 6], vocab.CHANNELS[i % 7], received + timedelta(days=10), leaf.code,
            **extra,
        )  # fmt: skip
    saved = register.add_many(list(named.values()))
    ids = {name: a.id for name, a in zip(named, saved, strict=True)}
    register.delete(ids["A9"])
    return ids


@pytest.fixture
def scenario(register):
    return register, build_scenario(register)


def rows_of(report):
    return {label: values for label, values in report.table3_rows()}


def test_2024_table3_cell_by_cell(scenario):
    register, _ = scenario
    report = compute_report(register, 2024)
    assert report.format == "2021"
    expected = {
        # new: 自然人 A7 A8 L0 L6 L12 L18; 商业企业 L1 L7 L13 L19; 科研机构 L2 L8 L14 L20;
        # 社会公益 A4 L3 L9 L15; 法律服务 A5 L4 L10 L16; 其他 A6 L5 L11 L17.
        "一、本年新收政府信息公开申请数量": [6, 4, 4, 4, 4, 4, 26],
        "二、上年结转政府信息公开申请数量": [1, 0, 1, 0, 0, 0, 2],  # A1, A3
        "（一）予以公开": [3, 0, 0, 0, 0, 0, 3],  # L0, A1, A7
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [0, 1, 0, 0, 0, 0, 1],  # L1
        "1.属于国家秘密": [0, 0, 1, 1, 0, 0, 2],  # L2, A4
        "2.其他法律行政法规禁止公开": [0, 0, 0, 1, 0, 0, 1],
        "3.危及“三安全一稳定”": [0, 0, 0, 0, 1, 0, 1],
        "4.保护第三方合法权益": [0, 0, 0, 0, 0, 1, 1],
        "5.属于三类内部事务信息": [1, 0, 0, 0, 0, 0, 1],
        "6.属于四类过程性信息": [0, 1, 0, 0, 0, 0, 1],
        "7.属于行政执法案卷": [0, 0, 1, 0, 0, 0, 1],
        "8.属于行政查询事项": [0, 0, 0, 1, 0, 0, 1],
        "1.本机关不掌握相关政府信息": [0, 0, 0, 0, 1, 0, 1],
        "2.没有现成信息需要另行制作": [0, 0, 0, 0, 0, 1, 1],
        "3.补正后申请内容仍不明确": [1, 0, 0, 0, 0, 0, 1],
        "1.信访举报投诉类申请": [0, 1, 0, 0, 0, 0, 1],
        "2.重复申请": [0, 0, 1, 0, 0, 0, 1],
        "3.要求提供公开出版物": [0, 0, 0, 1, 0, 0, 1],
        "4.无正当理由大量反复申请": [0, 0, 0, 0, 1, 0, 1],
        "5.要求行政机关确认或重新出具已获取信息": [0, 0, 0, 0, 0, 1, 1],
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": [1, 0, 0, 0, 0, 0, 1],
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": [0, 1, 0, 0, 0, 0, 1],
        "3.其他": [0, 0, 1, 0, 0, 1, 2],  # L20, A6 (withdrawn)
        "（七）总计": [6, 4, 4, 4, 3, 4, 25],
        "四、结转下年度继续办理": [1, 0, 1, 0, 1, 0, 3],  # A8, A3, A5
    }  # fmt: skip
    got = rows_of(report)
    assert list(got) == list(expected)
    for label, values in expected.items():
        assert got[label] == values, label
    assert all(c.ok for c in run_checks(report))


def test_2024_table4(scenario):
    register, _ = scenario
    report = compute_report(register, 2024)
    # 复议 filed 2024: A1 纠正, A4 维持 (A9 deleted). 直接起诉 2024: L10 纠正. 复议后起诉 2024: A1 维持.
    assert report.table4 == [1, 1, 0, 0, 2, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1]


def test_2023_and_2025_and_carry_over_between_years(scenario):
    register, _ = scenario
    y23, y24, y25 = (compute_report(register, y) for y in (2023, 2024, 2025))
    r23, r25 = rows_of(y23), rows_of(y25)
    assert r23["一、本年新收政府信息公开申请数量"] == [1, 1, 1, 0, 0, 0, 3]  # A1 A2 A3
    assert r23["二、上年结转政府信息公开申请数量"] == [0] * 7
    assert r23["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] == [0, 1, 0, 0, 0, 0, 1]
    assert r23["（七）总计"] == [0, 1, 0, 0, 0, 0, 1]
    assert r23["四、结转下年度继续办理"] == [1, 0, 1, 0, 0, 0, 2]  # A1 A3
    assert y23.table4 == [0, 0, 0, 1, 1] + [0] * 10  # A2's review, 尚未审结
    assert r25["一、本年新收政府信息公开申请数量"] == [0] * 7
    assert r25["二、上年结转政府信息公开申请数量"] == [1, 0, 1, 0, 1, 0, 3]  # A8 A3 A5
    assert r25["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] == [1, 0, 0, 0, 0, 0, 1]
    assert r25["1.本机关不掌握相关政府信息"] == [0, 0, 1, 0, 0, 0, 1]
    assert r25["（七）总计"] == [1, 0, 1, 0, 0, 0, 2]
    assert r25["四、结转下年度继续办理"] == [0, 0, 0, 0, 1, 0, 1]  # A5, still open
    # 直接起诉 A7 其他结果; 复议后起诉 A4 with no result → 尚未审结.
    assert y25.table4 == [0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1]
    assert check_carry_over(y24, y23).ok
    assert check_carry_over(y25, y24).ok


def test_2019_format_folds_other_handling(scenario):
    register, _ = scenario
    report = compute_report(register, 2024, "2019")
    got = rows_of(report)
    assert len(got) == 23
    assert got["（六）其他处理"] == [1, 1, 1, 0, 0, 1, 4]  # L18, L19, L20, A6
    assert got["（七）总计"] == [6, 4, 4, 4, 3, 4, 25]
    assert all(c.ok for c in run_checks(report))


def test_default_format_for_2020_is_2019(scenario):
    register, _ = scenario
    assert compute_report(register, 2020).format == "2019"
    assert compute_report(register, 2018).format == "2014"


def test_2014_statistics_for_2024(scenario):
    register, _ = scenario
    s = compute_report(register, 2024, "2014").statistics
    # Channels of the 26 received: loop 3 each of the seven; A4 传真, A5 电子邮件, A6 平常信函,
    # A7 其他, A8 网络. 当面=当面+其他, 网络=网络+电子邮件, 信函=邮寄+平常信函.
    assert (s["received"], s["received.in_person"], s["received.fax"]) == (26, 7, 4)
    assert (s["received.online"], s["received.letter"]) == (8, 7)
    assert (s["concluded"], s["concluded.on_time"], s["concluded.extended"]) == (25, 24, 1)
    assert s["answered.grant"] == 3 and s["answered.partial"] == 1
    assert s["answered.deny"] == 8  # L2 A4 L3 L4 L5 L6 L7 L8
    assert (s["answered.deny.secret"], s["answered.deny.other_law"]) == (2, 1)
    assert (s["answered.deny.security"], s["answered.deny.privacy"]) == (1, 1)
    assert (s["answered.deny.not_gov_info"], s["answered.deny.commercial"]) == (3, 0)
    assert (s["answered.not_exist"], s["answered.amend"], s["answered.other_route"]) == (2, 2, 3)
    assert (s["answered.published"], s["answered.not_ours"]) == (0, 0)
    assert s["answered"] == 19  # 25 concluded minus 重复, 大量反复, 确认, 逾期未缴费, 其他×2
    assert (s["review"], s["review.upheld"], s["review.corrected"], s["review.other"]) == (
        2,
        1,
        1,
        0,
    )
    assert (s["litigation"], s["litigation.upheld"], s["litigation.corrected"]) == (2, 1, 1)
    assert s["fees"] == Decimal("0.0150")  # L0 50 元 + A1 100 元 = 150 元 (A2's fee is 2023's)
    assert s["complaints"] is None  # typed-in item, not filled


def test_drill_down_lists_the_applications_behind_a_number(scenario):
    register, ids = scenario
    assert applications_behind(register, 2024, None, "grant", "自然人") == [
        ids["A1"], ids["L0"], ids["A7"],
    ]  # fmt: skip
    assert applications_behind(register, 2024, "2021", "carried_out", "total") == [
        ids["A3"], ids["A8"], ids["A5"],
    ]  # fmt: skip
    assert applications_behind(register, 2024, "2021", "carried_in", "科研机构") == [ids["A3"]]
    assert applications_behind(register, 2024, "2019", "other", "total") == [
        ids["L18"], ids["L19"], ids["L20"], ids["A6"],
    ]  # fmt: skip
    assert applications_behind(register, 2024, "2021", "table4", "review.结果维持") == [ids["A4"]]
    assert applications_behind(register, 2025, "2021", "table4", "after_review.尚未审结") == [
        ids["A4"]
    ]
    assert applications_behind(register, 2024, "2014", "received.fax", "value") == [
        ids["L5"], ids["L12"], ids["L19"], ids["A4"],
    ]  # fmt: skip
    assert applications_behind(register, 2024, "2014", "concluded.extended", "value") == [ids["L1"]]
    # Every cell's list is exactly as long as the number shown.
    report = compute_report(register, 2024)
    for row in report.spec.table3.rows:
        for col, value in zip(report.spec.table3.columns, report.table3[row.key], strict=True):
            assert len(applications_behind(register, 2024, "2021", row.key, col.key)) == value


def test_deleted_and_restored(scenario):
    register, ids = scenario
    register.undelete(ids["A9"])
    report = compute_report(register, 2024)
    assert rows_of(report)["（一）予以公开"] == [4, 0, 0, 0, 0, 0, 4]
    assert report.table4[0] == 2
