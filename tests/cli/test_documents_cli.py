"""`ogi import-documents` / `ogi export-documents`: round trip, a hand-kept list's tolerance (title
rows, dates in every form, 类别 written loosely), refusals naming row and column that change nothing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.cli import main
from desktop.domain.documents import NORMATIVE, REGULATION
from desktop.store import documents as ds
from desktop.store.register import Register
from tests.documents_sample import SAMPLE


def _write(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "文件"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _snapshot(db: Path) -> list[tuple]:
    register = Register.open(db)
    try:
        return [tuple(r) for r in register.conn.execute("SELECT * FROM documents ORDER BY id")] + [
            tuple(r) for r in register.conn.execute("SELECT * FROM document_audit ORDER BY id")
        ]
    finally:
        register.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "register.ogidb"
    register = Register.open(path)
    ds.add_many(register, SAMPLE)
    register.close()
    return path


def test_round_trip(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "docs.xlsx"
    assert main(["export-documents", "--db", str(db), "--out", str(out)]) == 0
    assert "已导出 8 件" in capsys.readouterr().out
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == [
        "文号",
        "标题",
        "类别",
        "制发日期",
        "公开日期",
        "废止日期",
        "有效期至",
        "公开方式",
        "网址",
        "备注",
    ]
    other = tmp_path / "other.ogidb"
    assert main(["import-documents", str(out), "--db", str(other)]) == 0
    register = Register.open(other)
    try:
        got = sorted(
            (d.replace(id=None) for d in ds.all_documents(register)), key=lambda d: d.number
        )
    finally:
        register.close()
    assert got == sorted(SAMPLE, key=lambda d: d.number)


def test_hand_kept_list_is_understood(tmp_path: Path, capsys) -> None:
    source = _write(
        tmp_path / "台账.xlsx",
        [
            ["益阳市某局行政规范性文件公开台账"],
            ["填报单位：某局", None, None, "2025年12月"],
            [
                "序号",
                "发文字号",
                "文件名称",
                "文件类型",
                "成文日期",
                "发布日期",
                "有效期",
                "责任科室",
            ],
            [
                1,
                "益某发[2025]1号",
                "关于甲的通知",
                "规范性文件",
                datetime(2025, 3, 1),
                "2025.3.5",
                "长期",
                "办公室",
            ],
            [
                2,
                "益某发〔2025〕2号",
                "乙办法",
                "政府规章",
                "2025年4月1日",
                20250410,
                "2030-03-31",
                None,
            ],
            [
                3,
                "益某發〔2025〕3號",
                "丙规定",
                "規範性文件",
                "二〇二五年五月六日",
                "未公开",
                None,
                "法规科",
            ],
            [None, None, None, None, None, None, None, None],
            ["填表人：张三", None, None, None, None, None, None, None],
        ],
    )
    db = tmp_path / "r.ogidb"
    assert main(["import-documents", str(source), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "已导入 3 件" in out and "表头在第3行" in out and "责任科室" in out
    register = Register.open(db)
    try:
        docs = {d.number: d for d in ds.all_documents(register)}
    finally:
        register.close()
    first = docs["益某发[2025]1号"]
    assert (first.category, first.issued, first.published, first.valid_until) == (
        NORMATIVE,
        date(2025, 3, 1),
        date(2025, 3, 5),
        None,
    )
    assert first.remarks == "责任科室：办公室"
    second = docs["益某发〔2025〕2号"]
    assert (second.category, second.issued, second.published, second.valid_until) == (
        REGULATION,
        date(2025, 4, 1),
        date(2025, 4, 10),
        date(2030, 3, 31),
    )
    third = docs["益某發〔2025〕3號"]
    assert (third.category, third.issued, third.published) == (NORMATIVE, date(2025, 5, 6), None)


def test_refusals_name_row_and_column_and_change_nothing(db: Path, tmp_path: Path, capsys) -> None:
    before = _snapshot(db)
    source = _write(
        tmp_path / "bad.xlsx",
        [
            ["文号", "标题", "类别", "制发日期", "公开日期"],
            ["新〔2025〕1号", "好的", "规章", "2025-01-02", "2025-01-03"],
            ["新〔2025〕2号", "类别不对", "会议纪要", "2025-01-02", None],
            ["新〔2025〕3号", "日期不对", "规章", "2025-02-30", None],
            ["新〔2025〕4号", "早于制发", "规章", "2025-03-01", "2025-02-01"],
            ["益政令[2023]1号", "已在登记簿", "规章", "2023-03-01", None],
            ["新〔2025〕1号", "表内重复", "规章", "2025-01-05", None],
            [None, "没有文号", "规章", "2025-01-05", None],
        ],
    )
    assert main(["import-documents", str(source), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "bad.xlsx，工作表“文件”，第3行，C列“类别”：“会议纪要”不是文件类别" in err
    assert "第4行，D列“制发日期”" in err and "2月没有30日" in err
    assert "第5行，E列“公开日期”" in err and "早于" in err
    assert "第8行，A列“文号”：不能为空" in err
    assert "第2行，A列“文号”：文号“新〔2025〕1号”在本表中重复（第2、7行）" in err
    assert _snapshot(db) == before
    # With the file's own problems fixed, the 文号 already in the register is still refused.
    clash = _write(
        tmp_path / "clash.xlsx",
        [
            ["文号", "标题", "类别", "制发日期"],
            ["益政令[2023]1号", "已在登记簿", "规章", "2023-03-01"],
        ],
    )
    assert main(["import-documents", str(clash), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert (
        "clash.xlsx，工作表“文件”，第2行，A列“文号”：文号“益政令[2023]1号”已在登记簿中（登记簿中写作“益政令〔2023〕1号”）"
        in err
    )
    assert _snapshot(db) == before


def test_missing_columns_and_usage(db: Path, tmp_path: Path, capsys) -> None:
    source = _write(tmp_path / "cols.xlsx", [["文号", "标题", "公开日期"], ["a", "b", None]])
    assert main(["import-documents", str(source), "--db", str(db)]) == 1
    assert "缺少必需的列 “类别”、“制发日期”" in capsys.readouterr().err
    assert main(["export-documents", "--db", str(db), "--out", str(tmp_path / "x.txt")]) == 2
    with pytest.raises(SystemExit) as caught:
        main(["import-documents", "--db", str(db)])
    assert caught.value.code == 2
    missing = tmp_path / "none.ogidb"
    assert main(["export-documents", "--db", str(missing), "--out", str(tmp_path / "x.xlsx")]) == 1
    assert not missing.exists()


def test_traditional_export_imports_back(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "繁體.xlsx"
    assert main(["export-documents", "--db", str(db), "--out", str(out), "--traditional"]) == 0
    ws = load_workbook(out).active
    assert ws["C1"].value == "類別" and {ws.cell(r, 3).value for r in range(2, 10)} == {
        "規章",
        "行政規範性文件",
    }
    other = tmp_path / "other.ogidb"
    assert main(["import-documents", str(out), "--db", str(other)]) == 0
    register = Register.open(other)
    try:
        assert {d.category for d in ds.all_documents(register)} == {REGULATION, NORMATIVE}
        assert ds.count(register) == len(SAMPLE)
    finally:
        register.close()


def test_a_list_changing_a_submitted_table2_needs_a_reason(tmp_path: Path, capsys) -> None:
    from desktop.ops import year_lock

    db = tmp_path / "register.ogidb"
    register = Register.open(db)
    year_lock.mark_submitted(register, 2025)
    register.close()
    path = _write(
        tmp_path / "清单.xlsx",
        [
            ["文号", "标题", "类别", "制发日期", "公开日期"],
            ["益政令〔2025〕3号", "益阳市某某管理办法", "规章", "2025-06-01", "2025-06-05"],
        ],
    )
    before = _snapshot(db)
    assert main(["import-documents", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "2025年度的年度报告已报送" in err and "--reason" in err
    assert _snapshot(db) == before  # nothing written
    assert main(["import-documents", str(path), "--db", str(db), "--reason", "补登规章"]) == 0
    register = Register.open(db)
    try:
        assert ds.count(register) == 1
        last = year_lock.compare_submitted(register, 2025).log[-1]
        assert (last.action, last.subject, last.reason) == (
            "主动公开文件",
            "导入文件清单 清单.xlsx",
            "补登规章",
        )
    finally:
        register.close()
