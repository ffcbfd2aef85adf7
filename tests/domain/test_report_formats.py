"""The declared report formats reproduce the official layouts of formats.md §1.4–1.6, §2.2 and §3.2."""

from __future__ import annotations

import pytest

from desktop.domain import report_formats as rf
from desktop.domain import vocab

# formats.md §1.5, verbatim, in order (typed here on purpose: the test is the independent copy).
ROWS_2021 = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]


def spans(cells):
    return {(c.text, c.row, c.col, c.rowspan, c.colspan) for c in cells}


def test_2021_table3_has_the_25_verbatim_rows_in_order():
    assert [r.label for r in rf.FORMAT_2021.table3.rows] == ROWS_2021


def test_2019_table3_folds_other_handling_into_one_row():
    labels = [r.label for r in rf.FORMAT_2019.table3.rows]
    assert len(labels) == 23
    assert labels[20] == "（六）其他处理"
    assert labels[:20] == ROWS_2021[:20]
    assert labels[21:] == ROWS_2021[23:]
    other = rf.FORMAT_2019.table3.row("other")
    assert other.outcomes == ("other.no_correction", "other.no_fee", "other.other")
    cells = spans(rf.FORMAT_2019.table3.label_cells())
    assert ("三、本年度办理结果", 2, 0, 20, 1) in cells
    assert ("（六）其他处理", 20, 1, 1, 2) in cells


def test_2021_label_merges_match_the_official_table():
    cells = spans(rf.FORMAT_2021.table3.label_cells())
    assert ("一、本年新收政府信息公开申请数量", 0, 0, 1, 3) in cells
    assert ("三、本年度办理结果", 2, 0, 22, 1) in cells
    assert ("（一）予以公开", 2, 1, 1, 2) in cells
    assert ("（三）不予公开", 4, 1, 8, 1) in cells
    assert ("（四）无法提供", 12, 1, 3, 1) in cells
    assert ("（五）不予处理", 15, 1, 5, 1) in cells
    assert ("（六）其他处理", 20, 1, 3, 1) in cells
    assert ("（七）总计", 23, 1, 1, 2) in cells
    assert ("四、结转下年度继续办理", 24, 0, 1, 3) in cells


def test_2021_header_has_corner_note_and_applicant_columns():
    cells = spans(rf.FORMAT_2021.table3.header_cells())
    assert (
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        0, 0, 3, 3,
    ) in cells  # fmt: skip
    assert ("申请人情况", 0, 3, 1, 7) in cells
    assert ("自然人", 1, 3, 2, 1) in cells
    assert ("法人或其他组织", 1, 4, 1, 5) in cells
    assert ("总计", 1, 9, 2, 1) in cells
    assert ("法律服务机构", 2, 7, 1, 1) in cells
    assert rf.FORMAT_2021.table3.column_names == [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
    ]  # fmt: skip


def test_every_outcome_leaf_lands_in_exactly_one_row_of_each_format():
    for fmt in (rf.FORMAT_2021, rf.FORMAT_2019):
        counted = [code for row in fmt.table3.outcome_rows for code in row.outcomes]
        assert sorted(counted) == sorted(leaf.code for leaf in vocab.OUTCOME_LEAVES)
    # 2021: one row per leaf, keyed by the leaf code.
    assert [r.key for r in rf.FORMAT_2021.table3.outcome_rows] == [
        leaf.code for leaf in vocab.OUTCOME_LEAVES
    ]


def test_table4_has_15_columns_in_the_official_order_and_header_merges():
    names = rf.TABLE4.column_names
    assert len(names) == 15
    assert names[0] == "行政复议-结果维持"
    assert names[4] == "行政复议-总计"
    assert names[5] == "未经复议直接起诉-结果维持"
    assert names[14] == "复议后起诉-总计"
    cells = spans(rf.TABLE4.header_cells())
    assert ("行政复议", 0, 0, 1, 5) in cells
    assert ("行政诉讼", 0, 5, 1, 10) in cells
    assert ("尚未审结", 1, 3, 2, 1) in cells
    assert ("未经复议直接起诉", 1, 5, 1, 5) in cells
    assert ("复议后起诉", 1, 10, 1, 5) in cells
    assert ("总计", 2, 14, 1, 1) in cells
    assert rf.TABLE4.groups()[1] == ("未经复议直接起诉", [5, 6, 7, 8], 9)


def test_table2_versions_differ_as_formats_md_says():
    t21, t19 = rf.TABLE2_2021, rf.TABLE2_2019
    assert [b.article for b in t21.blocks] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
    ]  # fmt: skip
    assert t21.blocks[0].columns == ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
    assert t21.blocks[0].rows == ("规章", "行政规范性文件")
    assert t19.blocks[0].rows == ("规章", "规范性文件")
    assert t19.blocks[-1].article == "第二十条第（九）项"
    assert t21.blocks[3].columns[1] == "本年收费金额（单位：万元）"
    keys = [k for k, _, _ in t21.figure_keys("2021")]
    assert len(keys) == len(set(keys)) == 3 * 2 + 1 + 2 + 1
    assert rf.figure_key("2021", "规章", "本年制发件数") in keys


def test_2014_table_items_and_mappings():
    st = rf.STATISTICS_2014
    labels = [i.label for i in st.items]
    for label in ("1．当面申请数", "2．传真申请数", "3．网络申请数", "4．信函申请数", "1．按时办结数",
                  "2．延期办结数", "4．不同意公开答复数", "七、依申请公开信息收取的费用"):  # fmt: skip
        assert label in labels
    assert st.item("fees").unit == "万元"
    assert set(rf.CHANNEL_TO_2014) == set(vocab.CHANNELS)
    assert rf.CHANNEL_TO_2014["邮寄"] == rf.CHANNEL_TO_2014["平常信函"] == "received.letter"
    assert rf.CHANNEL_TO_2014["网络"] == rf.CHANNEL_TO_2014["电子邮件"] == "received.online"
    item_keys = {i.key for i in st.items}
    for code, targets in rf.OUTCOME_TO_2014.items():
        assert code in vocab.OUTCOME_BY_CODE
        assert set(targets) <= item_keys
        assert all(st.item(t).source == rf.REGISTER for t in targets)


@pytest.mark.parametrize(
    ("year", "code"), [(2013, "2014"), (2014, "2014"), (2018, "2014"), (2019, "2019"), (2020, "2019"),
                       (2021, "2021"), (2026, "2021")],
)  # fmt: skip
def test_default_format_by_year_follows_decision_7(year, code):
    assert rf.default_format(year) == code
    assert rf.get_format(None, year).code == code


def test_all_labels_are_unique_and_include_every_row():
    labels = rf.all_labels(rf.FORMAT_2021)
    assert len(labels) == len(set(labels))
    assert set(ROWS_2021) <= set(labels)
    assert "第二十条第（八）项" in labels


def test_2014_request_labels_are_the_ones_a_published_2018_report_uses():
    """湘潭市人民政府2018年政府信息公开工作年度报告 (tests/data/reports, from the shared seeds) quotes the
    依申请公开 items of the national 统计表 in its text; our declared labels, without their numbering,
    must be the same words."""
    from pathlib import Path

    text = (
        Path(__file__).parent.parent / "data" / "reports" / "xiangtan_2018_annual_report.txt"
    ).read_text(encoding="utf-8")
    keys = ["concluded", "concluded.on_time", "concluded.extended", "answered", "answered.not_ours",
            "answered.not_exist", "answered.amend", "answered.other_route"]  # fmt: skip
    for key in keys:
        label = rf.STATISTICS_2014.item(key).label
        words = label.split("）")[-1].split("．")[-1]
        assert words in text, words


def test_2014_labels_in_traditional_are_the_ones_a_published_traditional_report_uses():
    """《2017年珠海市政府信息公開工作年度報告》 (tests/data/reports, from the shared seeds, traditional
    characters) prints the 依申请公开 items of the 统计表 in its 附表2; `--traditional` must give the
    same words (答复 → 答覆, not 答復). Its 傳真電話申請數 and 網路申請數 are local/Taiwanese variants."""
    from pathlib import Path

    from desktop.domain.chinese import to_traditional

    text = (
        Path(__file__).parent.parent
        / "data"
        / "reports"
        / "zhuhai_2017_annual_report_traditional.txt"
    ).read_text(encoding="utf-8")
    keys = ["received.in_person", "received.letter", "answered.published", "answered.grant",
            "answered.partial", "answered.deny"]  # fmt: skip
    for key in keys:
        words = rf.STATISTICS_2014.item(key).label.split("．")[-1]
        assert to_traditional(words) in text, to_traditional(words)
