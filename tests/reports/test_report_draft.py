"""The report draft's sentences and tables carry exactly the statistics engine's figures."""

from __future__ import annotations

import re
from datetime import date

import pytest
from docx import Document

from desktop.domain import report_formats as rf
from desktop.domain import vocab
from desktop.domain.application import Application
from desktop.reports import report_draft as rd
from desktop.store.statistics import compute_report
from tests.store.test_chart_queries import add_sample


def add_cases(register) -> None:
    """Review and litigation cases filed in 2025 (table 四), one of them still pending."""
    base = dict(
        channel="网络",
        applicant_type="自然人",
        applicant="复议人",
        answer_date=date(2025, 3, 20),
        outcome="deny.process",
        receipt_date=date(2025, 3, 2),
    )
    register.add_many(
        [
            Application(**base, review_date=date(2025, 5, 6), review_result="结果维持"),
            Application(**base, review_date=date(2025, 6, 6), review_result="结果纠正"),
            Application(**base, review_date=date(2025, 11, 6)),  # no result yet: 尚未审结
            Application(
                **base,
                litigation_type="未经复议直接起诉",
                litigation_date=date(2025, 7, 1),
                litigation_result="其他结果",
            ),
            Application(
                **base,
                review_date=date(2025, 4, 1),
                review_result="结果维持",
                litigation_type="复议后起诉",
                litigation_date=date(2025, 8, 1),
                litigation_result="结果维持",
            ),
        ]
    )


def number(pattern: str, text: str) -> int:
    match = re.search(pattern, text)
    assert match, pattern
    return int(match.group(1))


def paragraphs(path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_sentences_state_the_statistics(register, tmp_path):
    live = add_sample(register, count=260)
    add_cases(register)
    draft = rd.build_report_draft(register, 2025, tmp_path / "draft.docx", unit="某市某某局")
    report = compute_report(register, 2025)
    t3 = report.table3
    text = "\n".join(paragraphs(tmp_path / "draft.docx"))
    assert draft.title in text and rf.TABLE3_TITLE in text and rf.TABLE4_TITLE in text

    new = number(r"本年度共收到政府信息公开申请(\d+)件", text)
    assert new == t3[rf.NEW][6] == sum(a.receipt_date.year == 2025 for a in live) + 5
    assert number(r"其中自然人(\d+)件", text) == t3[rf.NEW][0]
    assert number(r"法人或其他组织(\d+)件", text) == sum(t3[rf.NEW][1:6])
    bracket = re.search(r"法人或其他组织\d+件（([^）]*)）", text).group(1)
    assert {k: int(v) for k, v in re.findall(r"(\D+?)(\d+)件", bracket.replace("、", ""))} == {
        ty: v for ty, v in zip(vocab.ORGANISATION_TYPES, t3[rf.NEW][1:6], strict=True) if v
    }
    assert number(r"上年结转政府信息公开申请(\d+)件", text) == t3[rf.CARRIED_IN][6]
    concluded = number(r"本年度办结政府信息公开申请(\d+)件", text)
    assert concluded == t3[rf.TOTAL][6]
    for group in vocab.OUTCOME_GROUPS:
        rows = [
            r
            for r in report.spec.table3.outcome_rows
            if vocab.outcome_group(r.outcomes[0]).code == group.code
        ]
        assert number(rf"[，其中]{group.family}(\d+)件", text) == sum(t3[r.key][6] for r in rows)
    assert number(r"属于国家秘密(\d+)件", text) == t3["deny.secret"][6]
    assert t3["other.no_correction"][6] and t3["other.no_fee"][6]  # the sample has both
    assert number(r"申请人逾期不补正(\d+)件", text) == t3["other.no_correction"][6]
    assert number(r"申请人逾期未缴纳信息处理费(\d+)件", text) == t3["other.no_fee"][6]
    disclosed = t3["grant"][6] + t3["partial"][6]
    assert number(r"予以公开和部分公开共(\d+)件", text) == disclosed
    assert f"占办结总数的{disclosed * 100 / concluded:.1f}%" in text
    assert number(r"结转下年度继续办理(\d+)件", text) == t3[rf.CARRIED_OUT][6]

    t4 = dict(zip(rf.TABLE4.column_names, report.table4, strict=True))
    assert number(r"被申请行政复议(\d+)件", text) == t4["行政复议-总计"] == 4
    review = re.search(r"被申请行政复议\d+件，其中([^；]*)；被提起行政诉讼", text).group(1)
    assert review == "结果维持2件、结果纠正1件、其他结果0件、尚未审结1件"
    assert (
        number(r"被提起行政诉讼(\d+)件", text)
        == t4["未经复议直接起诉-总计"] + t4["复议后起诉-总计"]
        == 2
    )
    assert (
        "（未经复议直接起诉1件、复议后起诉1件），其中结果维持1件、结果纠正0件、其他结果1件、尚未审结0件"
        in text
    )


def test_tables_are_embedded_with_merged_official_headings(register, tmp_path):
    add_sample(register, count=120)
    add_cases(register)
    rd.build_report_draft(register, 2025, tmp_path / "d.docx", unit="")
    report = compute_report(register, 2025)
    doc = Document(str(tmp_path / "d.docx"))
    table3, table4 = doc.tables
    spec = report.spec.table3
    assert len(table3.rows) == spec.header_rows + len(spec.rows) == 28
    assert len(table3.columns) == 10
    # Corner note over 3×3, 申请人情况 over the seven number columns, 法人或其他组织 over five.
    assert (
        table3.cell(0, 0).text == rf.TABLE3_CORNER
        and table3.cell(2, 2)._tc is table3.cell(0, 0)._tc
    )
    assert table3.cell(0, 3).text == "申请人情况" and table3.cell(0, 9)._tc is table3.cell(0, 3)._tc
    assert (
        table3.cell(1, 4).text == "法人或其他组织"
        and table3.cell(1, 8)._tc is table3.cell(1, 4)._tc
    )
    assert table3.cell(1, 3)._tc is table3.cell(2, 3)._tc  # 自然人 spans two header rows
    # 三、本年度办理结果 spans the 22 outcome rows in the first label column.
    results = table3.cell(5, 0)
    assert results.text == "三、本年度办理结果" and table3.cell(26, 0)._tc is results._tc
    for i, row in enumerate(spec.rows):
        cells = [table3.cell(3 + i, 3 + j).text for j in range(7)]
        assert cells == [str(v) for v in report.table3[row.key]], row.label
        assert table3.cell(3 + i, 2).text == row.label
    assert table4.cell(0, 0).text == "行政复议" and table4.cell(0, 4)._tc is table4.cell(0, 0)._tc
    assert table4.cell(0, 5).text == "行政诉讼" and table4.cell(0, 14)._tc is table4.cell(0, 5)._tc
    assert table4.cell(1, 5).text == "未经复议直接起诉" and table4.cell(1, 10).text == "复议后起诉"
    assert [c.text for c in table4.rows[3].cells] == [str(v) for v in report.table4]


def test_carry_over_links_two_years(register, tmp_path):
    add_sample(register, count=200)
    this = rd.compose(register, 2026)
    before = rd.compose(register, 2025)
    carried = number(r"结转下年度继续办理(\d+)件", before.section3[2])
    assert number(r"上年结转政府信息公开申请(\d+)件", this.section3[0]) == carried


def test_quiet_year_and_no_cases(register):
    draft = rd.compose(register, 2025, unit="某局")
    assert (
        draft.section3[0]
        == "本年度共收到政府信息公开申请0件，其中自然人0件、法人或其他组织0件；上年结转政府信息公开申请0件。"
    )
    assert "占办结总数" not in draft.section3[1]
    assert draft.section4 == [
        "本年度，本机关未发生因政府信息公开工作被申请行政复议或者被提起行政诉讼的情况。"
    ]


def test_traditional_characters(register, tmp_path):
    add_sample(register, count=60)
    rd.build_report_draft(register, 2025, tmp_path / "t.docx", traditional=True, unit="某市某某局")
    text = "\n".join(paragraphs(tmp_path / "t.docx"))
    assert "三、收到和處理政府信息公開申請情況" in text
    assert "本年度共收到政府信息公開申請" in text and "公开" not in text
    assert Document(str(tmp_path / "t.docx")).tables[0].cell(0, 3).text == "申請人情況"


def test_2019_format_year_uses_one_other_row_and_earlier_years_are_refused(register, tmp_path):
    register.add(
        Application(
            receipt_date=date(2020, 6, 1),
            channel="当面",
            applicant_type="自然人",
            applicant="甲",
            answer_date=date(2020, 6, 10),
            outcome="other.no_fee",
        )
    )
    draft = rd.build_report_draft(register, 2020, tmp_path / "2020.docx")
    assert "其他处理1件" in draft.section3[1] and "逾期未缴纳" not in draft.section3[1]
    assert len(Document(str(tmp_path / "2020.docx")).tables[0].rows) == 3 + len(
        rf.FORMAT_2019.table3.rows
    )
    with pytest.raises(rd.ReportDraftError, match="统计表"):
        rd.compose(register, 2018)


def test_draft_pages_are_numbered(register, tmp_path):
    add_sample(register, count=60)
    rd.build_report_draft(register, 2025, tmp_path / "n.docx", unit="某局")
    footer = Document(str(tmp_path / "n.docx")).sections[0].footer
    xml = footer._element.xml
    assert "PAGE" in xml and 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    assert footer.paragraphs[0].text == "— 1 —"


def test_charts_and_draft_agree_on_the_year(register):
    """The 统计图表 and the draft read the same register: received, concluded and each family agree."""
    from desktop.store import chart_queries as cq

    add_sample(register, count=260)
    for year in (2025, 2026):
        draft = rd.compose(register, year, unit="某局")
        t3 = draft.report.table3
        assert sum(cq.received_per_month(register, year)) == t3[rf.NEW][6]
        assert sum(cq.concluded_per_month(register, year)) == t3[rf.TOTAL][6]
        assert cq.by_outcome_family(register, year) == rd.family_totals(draft.report)
        by_type = cq.by_applicant_type(register, year)
        assert [by_type[ty] for ty in vocab.APPLICANT_TYPES] == t3[rf.NEW][:6]
