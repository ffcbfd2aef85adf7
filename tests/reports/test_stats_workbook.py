"""Golden checks of the statistics workbook: sheets, merged cells, verbatim labels, numbers, print set-up.

The register is the hand-computed three-year scenario of tests/store/test_statistics_scenario.py
(its 2024 numbers are worked out there); cell addresses follow the official layout: title, 填报单位,
section heading, then the table from row 4.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.domain import report_formats as rf
from desktop.domain.chinese import to_traditional
from desktop.reports.stats_workbook import write_workbook
from desktop.store.annual_figures import set_figures
from desktop.store.statistics import compute_report, report_checks
from tests.store.test_statistics_scenario import build_scenario


@pytest.fixture
def filled(register):
    build_scenario(register)
    set_figures(
        register,
        2024,
        {
            rf.UNIT_NAME_KEY: "某某市某某局",
            rf.figure_key("2021", "规章", "本年制发件数"): "3",
            rf.figure_key("2021", "行政规范性文件", "现行有效件数"): "41",
            rf.figure_key("2021", "行政事业性收费", "本年收费金额（单位：万元）"): "12.5",
        },
    )
    return register


def write(register, tmp_path: Path, fmt: str, traditional: bool = False):
    report = compute_report(register, 2024, fmt)
    path = write_workbook(
        report, tmp_path / f"r{fmt}{traditional}.xlsx", report_checks(register, report),
        traditional=traditional,
    )  # fmt: skip
    return path, load_workbook(path)


def merges(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def values(ws, row: int, first: str, count: int) -> list:
    start = ws[f"{first}{row}"].column
    return [ws.cell(row=row, column=start + i).value for i in range(count)]


def assert_grid_complete(ws, top: int, bottom: int, right: int) -> None:
    """Every cell outside a merge has four thin sides; every merge has thin outer edges."""
    inside = set()
    for rng in ws.merged_cells.ranges:
        if rng.min_row < top:
            continue  # title lines above the table have no grid
        cells = {
            (r, c)
            for r in range(rng.min_row, rng.max_row + 1)
            for c in range(rng.min_col, rng.max_col + 1)
        }
        inside |= cells
        for c in range(rng.min_col, rng.max_col + 1):
            assert ws.cell(rng.min_row, c).border.top.style == "thin", (rng, c)
            assert ws.cell(rng.max_row, c).border.bottom.style == "thin", (rng, c)
        for r in range(rng.min_row, rng.max_row + 1):
            assert ws.cell(r, rng.min_col).border.left.style == "thin", (rng, r)
            assert ws.cell(r, rng.max_col).border.right.style == "thin", (rng, r)
    for r in range(top, bottom + 1):
        for c in range(1, right + 1):
            if (r, c) not in inside:
                b = ws.cell(r, c).border
                assert {b.left.style, b.right.style, b.top.style, b.bottom.style} == {"thin"}, (
                    r,
                    c,
                )


def test_2021_table3_cells_merges_and_labels(filled, tmp_path):
    _, wb = write(filled, tmp_path, "2021")
    assert wb.sheetnames == ["表二", "表三", "表四", "勾稽关系检查"]
    assert wb.properties.keywords == "year=2024;format=2021;unit=某某市某某局"
    assert wb.properties.description == "国办公开办函〔2021〕30号"
    ws = wb["表三"]
    assert ws["A1"].value == "某某市某某局2024年度政府信息公开工作年度报告统计表"
    assert ws["A2"].value == "填报单位：某某市某某局"
    assert ws["A3"].value == "三、收到和处理政府信息公开申请情况"
    assert ws["A4"].value == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert {"A4:C6", "D4:J4", "D5:D6", "E5:I5", "J5:J6"} <= merges(ws)
    assert [ws[f"{c}6"].value for c in "EFGHI"] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert (ws["D5"].value, ws["E5"].value, ws["J5"].value) == ("自然人", "法人或其他组织", "总计")
    expected_merges = {
        "A7:C7", "A8:C8", "A9:A30", "B9:C9", "B10:C10", "B11:B18", "B19:B21", "B22:B26",
        "B27:B29", "B30:C30", "A31:C31",
    }  # fmt: skip
    assert expected_merges <= merges(ws)
    assert ws["A7"].value == "一、本年新收政府信息公开申请数量"
    assert ws["A9"].value == "三、本年度办理结果"
    assert ws["B11"].value == "（三）不予公开"
    assert ws["C11"].value == "1.属于国家秘密"
    assert ws["C29"].value == "3.其他"
    assert ws["B30"].value == "（七）总计"
    assert ws["A31"].value == "四、结转下年度继续办理"
    # Numbers worked out by hand in the scenario test.
    assert values(ws, 7, "D", 7) == [6, 4, 4, 4, 4, 4, 26]
    assert values(ws, 8, "D", 7) == [1, 0, 1, 0, 0, 0, 2]
    assert values(ws, 11, "D", 7) == [0, 0, 1, 1, 0, 0, 2]
    assert values(ws, 29, "D", 7) == [0, 0, 1, 0, 0, 1, 2]
    assert values(ws, 30, "D", 7) == [6, 4, 4, 4, 3, 4, 25]
    assert values(ws, 31, "D", 7) == [1, 0, 1, 0, 1, 0, 3]
    assert ws.max_row == 31
    # Look: borders on every table cell (also under merges), 宋体, explicit row heights, A4 fitted.
    assert_grid_complete(ws, 4, 31, 10)
    assert ws["C11"].font.name == "宋体" and ws["A3"].font.name == "仿宋"
    assert all(ws.row_dimensions[r].height for r in range(1, 32))
    # The （六）2 label wraps onto at least two lines in column C: its row must be taller.
    assert ws.row_dimensions[28].height >= 2 * 14
    assert ws.column_dimensions["C"].width > ws.column_dimensions["D"].width
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


def test_2021_table4_and_table2(filled, tmp_path):
    _, wb = write(filled, tmp_path, "2021")
    ws = wb["表四"]
    assert ws["A3"].value == "四、政府信息公开行政复议、行政诉讼情况"
    assert {"A4:E4", "F4:O4", "A5:A6", "E5:E6", "F5:J5", "K5:O5"} <= merges(ws)
    assert (ws["A4"].value, ws["F4"].value, ws["F5"].value, ws["K5"].value) == (
        "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉",
    )  # fmt: skip
    assert [ws[f"{c}6"].value for c in "FGHIJ"] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]
    assert values(ws, 7, "A", 15) == [1, 1, 0, 0, 2, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1]
    t2 = wb["表二"]
    assert t2["A3"].value == "二、主动公开政府信息情况"
    assert t2["A4"].value == "第二十条第（一）项" and "A4:D4" in merges(t2)
    assert [t2[f"{c}5"].value for c in "ABCD"] == [
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert (t2["A6"].value, t2["B6"].value, t2["C6"].value) == ("规章", 3, None)
    assert (t2["A7"].value, t2["D7"].value) == ("行政规范性文件", 41)
    # 第二十条第（八）项 is the last block: its single value column spans B:D.
    assert t2["A17"].value == "行政事业性收费" and t2["B17"].value == 12.5
    assert "B17:D17" in merges(t2) and t2["B16"].value == "本年收费金额（单位：万元）"
    checks = wb["勾稽关系检查"]
    assert checks["A1"].value == "某某市某某局2024年度政府信息公开工作年度报告统计表"
    assert checks["A2"].value == "填报单位：某某市某某局"
    assert (checks["A3"].value, checks["B4"].value) == ("检查规则", "通过")
    assert (
        checks["A9"].value == "表三：本年“二、上年结转”等于上一年“四、结转下年度继续办理”（每一列）"
    )


def test_2019_layout(filled, tmp_path):
    _, wb = write(filled, tmp_path, "2019")
    ws = wb["表三"]
    assert {"A9:A28", "B27:C27", "B28:C28", "A29:C29"} <= merges(ws)
    assert ws["B27"].value == "（六）其他处理"
    assert values(ws, 27, "D", 7) == [1, 1, 1, 0, 0, 1, 4]
    assert values(ws, 28, "D", 7) == [6, 4, 4, 4, 3, 4, 25]
    t2 = wb["表二"]
    assert t2["A7"].value == "规范性文件"
    assert any(c.value == "第二十条第（九）项" for c in t2["A"])


def test_2014_statistics_table(filled, tmp_path):
    _, wb = write(filled, tmp_path, "2014")
    assert wb.sheetnames == ["统计表", "勾稽关系检查"]
    ws = wb["统计表"]
    assert ws["A1"].value == "某某市某某局2024年度政府信息公开情况统计表"
    assert [ws[f"{c}3"].value for c in "ABC"] == ["统计指标", "单位", "统计数"]
    assert ws.max_row == 3 + len(rf.STATISTICS_2014.items)
    assert [ws.cell(row=r, column=1).value for r in range(4, ws.max_row + 1)] == [
        i.label for i in rf.STATISTICS_2014.items
    ]
    by_label: dict[str, int] = {}
    for r in range(4, ws.max_row + 1):
        by_label.setdefault(ws.cell(row=r, column=1).value, r)

    def value(label):
        return ws.cell(row=by_label[label], column=3).value

    assert value("（一）收到申请数") == 26
    assert value("1．当面申请数") == 7 and value("3．网络申请数") == 8
    assert value("2．延期办结数") == 1
    assert value("（三）申请答复数") == 19
    assert value("七、依申请公开信息收取的费用") == pytest.approx(0.015)
    assert ws.cell(row=by_label["七、依申请公开信息收取的费用"], column=2).value == "万元"
    assert value("一、主动公开情况") is None
    assert ws.print_title_rows == "$3:$3"


def test_traditional_labels(filled, tmp_path):
    _, wb = write(filled, tmp_path, "2021", traditional=True)
    ws = wb["表三"]
    assert ws["A9"].value == "三、本年度辦理結果"
    assert ws["B30"].value == "（七）總計"
    assert ws["A7"].value == to_traditional("一、本年新收政府信息公开申请数量")
    assert ws["A7"].value != "一、本年新收政府信息公开申请数量"
    assert ws["A2"].value.startswith("填報單位：")
    assert values(ws, 7, "D", 7) == [6, 4, 4, 4, 4, 4, 26]
    assert wb["表四"]["F5"].value == "未經複議直接起訴"
    assert "勾稽關係檢查" in wb.sheetnames


def test_unit_name_that_looks_like_a_formula_stays_text(filled, tmp_path):
    set_figures(filled, 2024, {rf.UNIT_NAME_KEY: '=HYPERLINK("http://x")'})
    path, wb = write(filled, tmp_path, "2021")
    cell = wb["表三"]["A1"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_each_table_prints_on_one_a4_page(filled, tmp_path):
    path, _ = write(filled, tmp_path, "2021")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pdf = path.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    # 表二, 表三, 表四, each on exactly one page; the 勾稽关系检查 sheet is hidden, not printed.
    assert pages == 3
    assert "(A4)" in info
    from openpyxl import load_workbook

    assert load_workbook(path)["勾稽关系检查"].sheet_state == "hidden"
    every = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    for number in range(1, 4):  # the sign line and the page number on every page
        page = every[number - 1]
        assert "填报人" in page and "审核人" in page and "填报日期" in page
        assert f"第 {number} 页" in page
    sizes = subprocess.run(
        ["pdfinfo", "-f", "2", "-l", "2", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "size: 841.89 x 595.3" in sizes.replace("  ", " ").replace("  ", " ")  # 表三 landscape
    # The applicant headings print on one line each, as in the official table (not 社会公益组 / 织).
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for heading in ("社会公益组织", "法律服务机构", "商业企业", "科研机构"):
        assert heading in text, heading


@pytest.mark.parametrize(
    ("fmt", "traditional"), [("2021", False), ("2019", False), ("2014", False), ("2021", True)]
)
def test_the_label_based_reader_reads_back_the_same_numbers(filled, tmp_path, fmt, traditional):
    """`ogi check` / `ogi consolidate` find every number of our workbook by its label."""
    from desktop.reports.stats_reader import read_stats_workbook

    path, _ = write(filled, tmp_path, fmt, traditional)
    written = compute_report(filled, 2024, fmt)
    read = read_stats_workbook(path)
    assert read.ok, read.problems
    assert (read.report.year, read.report.format, read.unit) == (2024, fmt, "某某市某某局")
    if fmt == "2014":
        for item in rf.STATISTICS_2014.items:
            if item.source == rf.REGISTER:
                assert read.report.statistics[item.key] == written.statistics[item.key], item.key
    else:
        assert read.report.table3 == written.table3
        assert read.report.table4 == written.table4
