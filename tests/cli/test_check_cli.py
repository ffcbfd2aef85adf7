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
    assert out == f"OK 甲局.xlsx：某某镇人民政府，2025年度，2021年格式，{n}条勾稽关系全部成立\n"


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
