"""`ogi check`: one planted error per rule is caught and named by its cell; clean books pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.cli import main
from desktop.domain import report_formats as rf
from desktop.domain.checks import RULES
from desktop.reports import stats_reader as sr
from tests.reports.test_stats_reader import consistent_report, hand_typed_workbook

COLUMNS = [c.key for c in rf.TABLE3_COLUMNS]


def _col(key: str) -> int:
    return COLUMNS.index(key)


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def _coordinate(path: Path, table: str, row: str, column: str) -> str:
    return sr.read_stats_workbook(path).cells[(table, row, column)].coordinate


def test_clean_workbook_prints_one_ok_line(tmp_path, capsys):
    path = hand_typed_workbook(tmp_path / "甲局.xlsx", consistent_report())
    code, out, err = _run(capsys, path)
    assert code == 0 and err == ""
    n = sum(1 for r in RULES if r.applies(rf.FORMAT_2021))
    assert out == f"OK 甲局.xlsx：甲局人民政府，2025年度，2021年格式，{n}条勾稽关系全部成立\n"


def plant_balance(report):  # 一 changed in 自然人 and in 总计 alike: only 一+二=三+四 breaks
    report.table3[rf.NEW][0] += 1
    report.table3[rf.NEW][-1] += 1
    return [("表三", rf.TOTAL, "自然人", "一、本年新收（")]


def plant_total_column(report):  # 总计 of one row wrong (also breaks （七） in the 总计 column)
    report.table3["deny.secret"][-1] += 2
    return [("表三", "deny.secret", rf.TOTAL_COLUMN, "表三“1.属于国家秘密”行：总计为")]


def plant_total_row(report):  # a leaf moved up without its （七）总计
    report.table3["unable.none"][_col("商业企业")] += 1
    report.table3["unable.none"][-1] += 1
    return [("表三", rf.TOTAL, "商业企业", "表三“商业企业”列：（七）总计为")]


def plant_table4(report):
    report.table4[11] += 1  # 复议后起诉-结果纠正, its 总计 unchanged
    return [("表四", "", "after_review.总计", "表四“复议后起诉”：总计为")]


@pytest.mark.parametrize(
    "plant", [plant_balance, plant_total_column, plant_total_row, plant_table4]
)
def test_planted_error_is_caught_with_its_cell(tmp_path, capsys, plant):
    report = consistent_report(seed=11)
    expected = plant(report)
    path = hand_typed_workbook(tmp_path / "乙局.xlsx", report, traditional=True, subtotal=True)
    code, out, err = _run(capsys, path)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    for table, row, column, text in expected:
        coordinate = _coordinate(path, table, row, column)
        matching = [line for line in lines if f"{coordinate}单元格" in line and text in line]
        assert matching, (coordinate, err)
        assert matching[0].startswith(f"乙局.xlsx，工作表“{'表三' if table == '表三' else '表四'}”")
    assert lines[-1].startswith("乙局.xlsx：有 ")


def test_negative_plant_breaks_only_the_sign_rule(tmp_path, capsys):
    # −1 in one leaf, the count moved to another leaf of the same column: every sum still holds.
    report = consistent_report(seed=11)
    col = _col("科研机构")
    moved = report.table3["reject.repeat"][col]
    report.table3["reject.repeat"][col] = -1
    report.table3["reject.petition"][col] += moved + 1
    report.table3["reject.repeat"][-1] += -1 - moved
    report.table3["reject.petition"][-1] += moved + 1
    path = hand_typed_workbook(tmp_path / "丙局.xlsx", report)
    code, _, err = _run(capsys, path)
    assert code == 1
    lines = err.strip().splitlines()
    coordinate = _coordinate(path, "表三", "reject.repeat", "科研机构")
    assert len(lines) == 2
    assert lines[0] == (
        f"丙局.xlsx，工作表“表三”{coordinate}单元格（表三“2.重复申请”行、“科研机构”列）："
        "表三“2.重复申请”行“科研机构”列为负数"
    )


def _stats_2014_workbook(path: Path, values: dict[str, object]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "统计表"
    ws.append([f"某某县2016年度{rf.STATISTICS_2014_TITLE}"])
    ws.append(list(rf.STATISTICS_2014.columns))
    for item in rf.STATISTICS_2014.items:
        ws.append([item.label, item.unit, values.get(item.key)])
    wb.save(path)
    return path


def test_2014_table_rules_are_checked_per_item(tmp_path, capsys):
    values = {
        "received": 10,
        "received.in_person": 3,
        "received.fax": 1,
        "received.online": 4,
        "received.letter": 2,
        "concluded": 9,
        "concluded.on_time": 8,
        "concluded.extended": 1,
        "answered": 9,
        "answered.grant": 6,
        "answered.deny": 2,
        "answered.deny.secret": 1,
        "answered.deny.privacy": 1,
        "answered.not_exist": 1,
        "fees": "0.0380",
    }
    clean = _stats_2014_workbook(tmp_path / "clean.xlsx", values)
    assert _run(capsys, clean)[0] == 0
    broken = _stats_2014_workbook(tmp_path / "broken.xlsx", {**values, "received.fax": 2})
    code, _, err = _run(capsys, broken)
    assert code == 1
    row = 2 + 1 + [i.key for i in rf.STATISTICS_2014.items].index("received")
    assert (
        f"工作表“统计表”C{row}单元格（统计表“（一）收到申请数”行）：统计表“（一）收到申请数”为 10"
        in err
    )


def test_unreadable_file_is_refused_with_a_clear_message(tmp_path, capsys):
    junk = tmp_path / "统计表.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really")
    code, out, err = _run(capsys, junk)
    assert code == 1 and out == ""
    assert "统计表.xlsx 不是 Excel 工作簿（.xlsx），或文件已损坏" in err
    code, _, err = _run(capsys, tmp_path / "nowhere.xlsx")
    assert code == 1 and "找不到文件" in err


def test_text_cells_in_a_checked_workbook(tmp_path, capsys):
    path = hand_typed_workbook(tmp_path / "丁局.xlsx", consistent_report(), as_text=(rf.NEW,))
    coordinate = _coordinate(path, "表三", rf.NEW, rf.TOTAL_COLUMN)
    assert isinstance(load_workbook(path)["表三"][coordinate].value, str)
    assert _run(capsys, path)[0] == 0


def test_a_cell_that_is_not_a_number_does_not_hide_the_other_errors(tmp_path, capsys):
    """十二 in one cell is named; the errors elsewhere are still listed; none that involve the cell."""
    report = consistent_report(seed=11)
    report.table4[11] += 1  # 复议后起诉: its 总计 no longer adds up
    report.table3["deny.secret"][-1] += 2  # 1.属于国家秘密: 总计 ≠ the six applicant columns
    path = hand_typed_workbook(tmp_path / "戊局.xlsx", report)
    wb = load_workbook(path)
    bad = _coordinate(path, "表三", "reject.repeat", "科研机构")
    wb["表三"][bad] = "十二"
    wb.save(path)
    code, _, err = _run(capsys, path)
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0] == (
        f"戊局.xlsx，工作表“表三”，{bad}单元格：“十二”不是数字（表三“2.重复申请”行“科研机构”列）"
    )
    secret = _coordinate(path, "表三", "deny.secret", rf.TOTAL_COLUMN)
    after = _coordinate(path, "表四", "", "after_review.总计")
    assert any(f"{secret}单元格" in line and "总计为" in line for line in lines)
    assert any(f"{after}单元格" in line and "复议后起诉" in line for line in lines)
    # Nothing about the 科研机构 column or the 2.重复申请 row: those sums depend on the bad cell.
    assert not any("“科研机构”列：" in line or "“2.重复申请”行：" in line for line in lines)


XIANGTAN_2018 = {  # 湘潭市 2018 report (tests/data/reports), as units typed it into the 统计表
    "received": 1084,
    "received.in_person": 310,
    "received.online": 424,
    "received.letter": 350,
    "concluded": 1080,
    "concluded.on_time": 1060,
    "concluded.extended": 20,
    "answered": 1081,
    "answered.published": 132,
    "answered.grant": 420,
    "answered.partial": 49,
    "answered.deny": 155,
    "answered.deny.secret": 10,
    "answered.deny.commercial": 20,
    "answered.deny.privacy": 30,
    "answered.deny.security": 5,
    "answered.deny.not_gov_info": 40,
    "answered.deny.other_law": 50,
    "answered.not_ours": 110,
    "answered.not_exist": 72,
    "answered.amend": 64,
    "answered.other_route": 79,
    "review": 52,
    "review.upheld": 30,
    "litigation": 84,
    "complaints": 3,
    "complaints.upheld": 1,
}

PLANTS_2014 = {  # rule: (item changed, by, the item the failure is named by)
    "2014.received": ("received.fax", 2, "received"),
    "2014.concluded": ("concluded.extended", 1, "concluded"),
    "2014.answered": ("answered.amend", -4, "answered"),
    "2014.deny": ("answered.deny.privacy", 1, "answered.deny"),
    "2014.review": ("review.corrected", 30, "review"),
    "2014.litigation": ("litigation.other", 85, "litigation"),
    "2014.complaints": ("complaints.other", 3, "complaints"),
    "2014.non_negative": ("staffing.people", -1, "staffing.people"),
}


def test_every_2014_rule_has_a_plant():
    assert set(PLANTS_2014) == {r.code for r in RULES if r.code.startswith("2014.")}


@pytest.mark.parametrize("rule", PLANTS_2014)
def test_2014_planted_error_is_named_by_its_cell(tmp_path, capsys, rule):
    clean = _stats_2014_workbook(tmp_path / "clean.xlsx", XIANGTAN_2018)
    assert _run(capsys, clean)[0] == 0
    item, delta, named = PLANTS_2014[rule]
    values = {**XIANGTAN_2018, item: XIANGTAN_2018.get(item, 0) + delta}
    broken = _stats_2014_workbook(tmp_path / "broken.xlsx", values)
    code, _, err = _run(capsys, broken)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2, err  # the one failure and the summary line
    row = 2 + 1 + [i.key for i in rf.STATISTICS_2014.items].index(named)
    label = rf.STATISTICS_2014.item(named).label
    assert lines[0].startswith(
        f"broken.xlsx，工作表“统计表”C{row}单元格（统计表“{label}”行）：统计表“{label}”为 "
    )


def test_a_2014_table_typed_with_other_headers_and_a_plain_year_title(tmp_path, capsys):
    """指 標 | 數量（件） headers, traditional labels, title “…2017年…” without 度: read and checked.
    The figures are 珠海市's 2017 report (seeds): 3561 answers said, 4851 in its items."""
    from desktop.domain.chinese import to_traditional

    wb = Workbook()
    ws = wb.active
    ws.append([to_traditional("珠海市人民政府2017年政府信息公开情况统计表")])
    ws.append(["指 標", "單位", "數量（件）"])
    values = {
        "received": 3561,
        "received.in_person": 3101,
        "received.online": 367,
        "received.letter": 93,
        "answered": 3561,
        "answered.published": 157,
        "answered.grant": 1504,
        "answered.partial": 912,
        "answered.other_route": 1497 + 781,
    }
    for item in rf.STATISTICS_2014.items:
        ws.append([to_traditional(item.label), item.unit, values.get(item.key)])
    wb.save(tmp_path / "珠海.xlsx")
    code, _, err = _run(capsys, tmp_path / "珠海.xlsx")
    assert code == 1
    assert "统计表“（三）申请答复数”为 3561，但" in err and "之和为 4851" in err
    book = sr.read_stats_workbook(tmp_path / "珠海.xlsx")
    assert (book.year, book.unit) == (2017, "珠海市人民政府")


def test_a_folder_is_refused_by_name(tmp_path, capsys):
    code, out, err = _run(capsys, tmp_path)
    assert code == 1 and out == "" and "是文件夹，不是 Excel 工作簿" in err


def test_a_format_not_prescribed_for_the_year_exits_1(tmp_path, capsys):
    # A 2014 统计表 is prescribed for 2014–2018 only: a 2021 table of 2017 is refused.
    path = hand_typed_workbook(tmp_path / "丁局.xlsx", consistent_report(year=2017))
    code, out, err = _run(capsys, path)
    assert code == 1 and out == ""
    assert "丁局.xlsx：为 2021 年格式" in err and "但 2017 年度" in err
    assert "应使用2014年全国统计表（国办发〔2014〕32号）" in err
