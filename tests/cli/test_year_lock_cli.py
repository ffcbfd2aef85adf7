"""`ogi report --mark-submitted / --unmark-submitted / --compare-submitted` and `ogi import-ledger
--reason` (issue 14's year lock): exit codes, messages, nothing written on refusal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.domain.application import Application
from desktop.store.register import Register
from tests.reports.test_ledger_io import HEADERS, row_of, snapshot, write_sheet


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "register.ogidb"
    register = Register.open(path)
    register.add(
        Application(
            date(2025, 3, 3),
            "网络",
            "自然人",
            "张三",
            answer_date=date(2025, 3, 20),
            outcome="grant",
        )
    )
    register.close()
    return path


def _state(path: Path) -> tuple:
    register = Register.open(path)
    try:
        return snapshot(register)
    finally:
        register.close()


def test_mark_import_refused_then_with_reason_then_compare(tmp_path, db, capsys) -> None:
    out = tmp_path / "2025.xlsx"
    assert (
        main(["report", "--db", str(db), "--year", "2025", "--xlsx", str(out), "--mark-submitted"])
        == 0
    )
    said = capsys.readouterr().out
    assert out.is_file() and "已将 2025年度报告（2021年格式）标记为已报送" in said

    ledger = write_sheet(tmp_path / "补录.xlsx", HEADERS, [row_of(收到日期=date(2025, 11, 3))])
    before = _state(db)
    assert main(["import-ledger", str(ledger), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "补录.xlsx：2025年度的年度报告已报送" in err and "--reason" in err
    assert "台账未导入，登记簿没有任何改动" in err
    assert _state(db) == before

    assert main(["import-ledger", str(ledger), "--db", str(db), "--reason", "补录纸质申请"]) == 0
    capsys.readouterr()
    diff = tmp_path / "差异.xlsx"
    args = ["report", "--db", str(db), "--year", "2025", "--compare-submitted", "--xlsx", str(diff)]
    assert main(args) == 0
    captured = capsys.readouterr()
    sheet = load_workbook(diff)["报送后改变的数字"]
    assert [c.value for c in sheet[4]] == [
        "表三",
        "一、本年新收政府信息公开申请数量",
        "自然人",
        1,
        2,
        1,
    ]
    data = json.loads(captured.out)
    assert (data["year"], data["format"], data["changed"]) == (2025, "2021", True)
    new_total = next(
        d
        for d in data["differences"]
        if d["row"] == "一、本年新收政府信息公开申请数量" and d["column"] == "总计"
    )
    assert (new_total["submitted"], new_total["now"], new_total["difference"]) == (1, 2, 1)
    assert [(e["action"], e["reason"]) for e in data["log"]] == [
        ("报送", ""),
        ("导入", "补录纸质申请"),
    ]
    assert (
        "与报送时不同：表三“一、本年新收政府信息公开申请数量”“总计” 报送时 1，现在 2"
        in captured.err
    )


def test_mark_twice_refused_and_unmark_needs_a_reason(db, capsys) -> None:
    assert main(["report", "--db", str(db), "--year", "2025", "--mark-submitted"]) == 0
    assert main(["report", "--db", str(db), "--year", "2025", "--mark-submitted"]) == 1
    assert "标记为已报送；如需重新报送，请先 --unmark-submitted" in capsys.readouterr().err
    assert main(["report", "--db", str(db), "--year", "2025", "--unmark-submitted", " "]) == 2
    assert (
        main(["report", "--db", str(db), "--year", "2025", "--unmark-submitted", "上级退回"]) == 0
    )
    assert "已撤销 2025年度报告（2021年格式）的已报送标记" in capsys.readouterr().out
    assert main(["report", "--db", str(db), "--year", "2025", "--unmark-submitted", "再撤"]) == 1
    assert main(["report", "--db", str(db), "--year", "2025", "--compare-submitted"]) == 1
    assert "尚未标记为已报送" in capsys.readouterr().err


def test_the_lock_options_exclude_each_other(db) -> None:
    with pytest.raises(SystemExit) as caught:
        main(
            ["report", "--db", str(db), "--year", "2025", "--mark-submitted", "--compare-submitted"]
        )
    assert caught.value.code == 2


def test_holidays_import_that_moves_a_submitted_figure_needs_reason(tmp_path, capsys) -> None:
    from desktop.ops import year_lock

    notices = Path(__file__).parent.parent / "data" / "notices"
    text = (notices / "2026.txt").read_text("utf-8")
    path = tmp_path / "register.ogidb"
    register = Register.open(path)
    register.close()
    assert main(["holidays", "import", str(notices / "2026.txt"), "--db", str(path), "--yes"]) == 0
    register = Register.open(path)
    app = register.add(Application(date(2026, 9, 21), "网络", "自然人", "李四"))
    due = register.conn.execute("SELECT answer_due FROM applications").fetchone()[0]
    register.update(app.replace(answer_date=date.fromisoformat(due), outcome="grant"))
    year_lock.mark_submitted(register, 2026, "2014")
    register.close()
    corrected = tmp_path / "更正.txt"
    corrected.write_text(
        text.replace(
            "10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。",
            "10月1日（周四）至3日（周六）放假，共3天。",
        ),
        encoding="utf-8",
    )
    capsys.readouterr()
    args = ["holidays", "import", str(corrected), "--db", str(path), "--yes"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "已报送" in err and "--reason" in err
    assert main([*args, "--reason", "国务院更正通知"]) == 0
    register = Register.open(path)
    try:
        assert (
            year_lock.compare_submitted(register, 2026, "2014").log[-1].reason == "国务院更正通知"
        )
    finally:
        register.close()
