"""`ogi consolidate`: the total is written only when every input passes; refusals name file and cell."""

from __future__ import annotations

from openpyxl import load_workbook

from desktop.cli import main
from desktop.domain import report_formats as rf
from desktop.reports.consolidate import CONTRIBUTIONS_SHEET
from desktop.reports.stats_reader import read_stats_workbook
from tests.reports.test_stats_reader import consistent_report, hand_typed_workbook


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main(["consolidate", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_consolidate_writes_total_and_contributions(tmp_path, capsys):
    reports = [consistent_report(seed=s) for s in (1, 2, 3)]
    books = [
        hand_typed_workbook(
            tmp_path / f"{name}.xlsx", r, unit=name, traditional=i == 2, subtotal=i == 1
        )
        for i, (name, r) in enumerate(zip(("甲镇", "乙镇", "丙镇"), reports, strict=True))
    ]
    out = tmp_path / "汇总.xlsx"
    code, stdout, err = _run(capsys, *books, "--out", out, "--unit", "某某县")
    assert code == 0, err
    lines = stdout.splitlines()
    assert lines[0].startswith("甲镇.xlsx：甲镇，2025年度，2021年格式")
    assert lines[-1] == f"已汇总 3 个单位的 2025年度统计表（2021年格式）到 {out}"
    total = read_stats_workbook(out)
    assert total.ok and total.unit == "某某县"  # --unit is the total's 填报单位
    for row in rf.FORMAT_2021.table3.rows:
        assert total.report.table3[row.key] == [
            sum(r.table3[row.key][i] for r in reports) for i in range(7)
        ]
    assert total.report.table4 == [sum(r.table4[i] for r in reports) for i in range(15)]
    sheet = load_workbook(out)[CONTRIBUTIONS_SHEET]
    assert [c.value for c in sheet[1]][3:] == ["甲镇", "乙镇", "丙镇", "合计"]


def test_refused_inputs_leave_nothing_written(tmp_path, capsys):
    good = hand_typed_workbook(tmp_path / "甲镇.xlsx", consistent_report(seed=1))
    wrong_year = hand_typed_workbook(tmp_path / "乙镇.xlsx", consistent_report(year=2024, seed=2))
    out = tmp_path / "汇总.xlsx"
    code, stdout, err = _run(capsys, good, wrong_year, "--out", out)
    assert code == 1 and stdout == ""
    assert "乙镇.xlsx：统计年度为 2024" in err
    assert err.strip().splitlines()[-1] == "未生成汇总表 汇总.xlsx：1 处问题"
    assert not out.exists()

    broken_report = consistent_report(seed=3)
    broken_report.table3[rf.NEW][0] += 1
    broken = hand_typed_workbook(tmp_path / "丙镇.xlsx", broken_report)
    code, _, err = _run(capsys, good, broken, "--out", out)
    assert code == 1 and "丙镇.xlsx，工作表“表三”" in err and "两者不相等" in err
    assert not out.exists()

    junk = tmp_path / "丁镇.xlsx"
    junk.write_text("junk")
    code, _, err = _run(capsys, good, junk, "--out", out)
    assert code == 1 and "丁镇.xlsx 不是 Excel 工作簿" in err and not out.exists()


def test_output_must_be_xlsx_and_not_an_input(tmp_path, capsys):
    """A wrong --out is wrong usage (exit 2, as export-ledger); a missing folder is refused (1)."""
    good = hand_typed_workbook(tmp_path / "甲镇.xlsx", consistent_report(seed=1))
    code, _, err = _run(capsys, good, "--out", tmp_path / "x.csv")
    assert code == 2 and "用法错误" in err and not (tmp_path / "x.csv").exists()
    before = good.read_bytes()
    code, _, err = _run(capsys, good, "--out", good)
    assert code == 2 and "不能是输入的统计表之一" in err and good.read_bytes() == before
    code, _, err = _run(capsys, good, "--out", tmp_path / "missing" / "t.xlsx")
    assert code == 1 and "不存在" in err
