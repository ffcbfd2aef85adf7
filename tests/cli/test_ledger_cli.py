"""`ogi import-ledger` and `ogi export-ledger`: exit codes, messages, nothing written on refusal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.domain.application import Application
from desktop.store.register import Register
from tests.reports.test_ledger_io import HEADERS, VALID_ID, row_of, snapshot, write_sheet


def _usage_exit(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    return int(caught.value.code)


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "register.ogidb"
    register = Register.open(path)
    register.add(
        Application(
            receipt_date=date(2025, 3, 3),
            channel="当面",
            applicant_type="自然人",
            applicant="在册的人",
            number="2025-0001",
            id_number=VALID_ID,
        )
    )
    register.add(
        Application(
            receipt_date=date(2024, 6, 3),
            channel="网络",
            applicant_type="其他",
            applicant="去年的人",
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


def test_import_then_export_round_trip(tmp_path, db, capsys):
    ledger = write_sheet(tmp_path / "新台账.xlsx", HEADERS, [row_of(申请人="新来的"), row_of()])
    assert main(["import-ledger", str(ledger), "--db", str(db)]) == 0
    out = capsys.readouterr()
    assert "已导入 2 条申请" in out.out and out.err == ""

    out_file = tmp_path / "导出.xlsx"
    assert main(["export-ledger", "--db", str(db), "--out", str(out_file), "--unmasked"]) == 0
    assert "已导出 4 条申请" in capsys.readouterr().out
    ws = load_workbook(out_file).worksheets[0]
    assert ws.max_row == 5
    assert VALID_ID in [c.value for c in ws["F"]]


def test_import_into_a_new_register_file_creates_it(tmp_path, capsys):
    ledger = write_sheet(tmp_path / "l.xlsx", HEADERS, [row_of()])
    db = tmp_path / "新登记簿.ogidb"
    assert main(["import-ledger", str(ledger), "--db", str(db)]) == 0
    register = Register.open(db)
    assert register.count() == 1
    register.close()


def test_a_refused_import_exits_1_lists_every_row_and_writes_nothing(tmp_path, db, capsys):
    before = _state(db)
    rows = [
        row_of(申请人="好的"),
        row_of(收到日期="2025-02-30"),
        row_of(答复日期="2025-03-10", 办理结果="办好了"),
        row_of(申请编号="2025-0001"),  # already in the register
    ]
    ledger = write_sheet(tmp_path / "台账.xlsx", HEADERS, rows)
    assert main(["import-ledger", str(ledger), "--db", str(db)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("台账.xlsx，工作表“台账”，第3行，C列“收到日期”：")
    assert err[1].startswith("台账.xlsx，工作表“台账”，第4行，O列“办理结果”：")
    assert err[2].startswith("台账.xlsx，工作表“台账”，第5行，A列“申请编号”：")
    assert "登记簿没有任何改动" in err[-1]
    assert _state(db) == before


def test_a_refused_ledger_does_not_create_a_register_file(tmp_path, capsys):
    ledger = write_sheet(tmp_path / "l.xlsx", ["申请人"], [["张三"]])
    db = tmp_path / "never.ogidb"
    assert main(["import-ledger", str(ledger), "--db", str(db)]) == 1
    assert "缺少必需的列" in capsys.readouterr().err
    assert not db.exists()


@pytest.mark.parametrize("name", ["没有这个文件.xlsx", "台账.xls"])
def test_a_missing_or_old_format_ledger_exits_1(tmp_path, db, capsys, name):
    if name.endswith(".xls"):
        (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["import-ledger", str(tmp_path / name), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert name in err and ("找不到文件" in err or "另存为" in err)


def test_export_with_year_traditional_and_masking(tmp_path, db, capsys):
    out_file = tmp_path / "2025.xlsx"
    argv = ["export-ledger", "--db", str(db), "--out", str(out_file), "--year", "2025"]
    assert main([*argv, "--traditional"]) == 0
    assert "已导出2025年收到的 1 条申请" in capsys.readouterr().out
    ws = load_workbook(out_file).worksheets[0]
    assert ws["A1"].value == "申請編號"
    assert ws.max_row == 2
    assert ws["F2"].value == "430104********1239"  # masked by default


def test_export_refusals_exit_1_and_write_nothing(tmp_path, db, capsys):
    missing_db = tmp_path / "没有.ogidb"
    out_file = tmp_path / "out.xlsx"
    assert main(["export-ledger", "--db", str(missing_db), "--out", str(out_file)]) == 1
    assert "找不到登记簿文件" in capsys.readouterr().err
    assert not missing_db.exists() and not out_file.exists()

    no_dir = tmp_path / "不存在的文件夹" / "out.xlsx"
    assert main(["export-ledger", "--db", str(db), "--out", str(no_dir)]) == 1
    assert "不存在" in capsys.readouterr().err

    not_a_register = tmp_path / "坏.ogidb"
    not_a_register.write_bytes(b"this is not sqlite" * 100)
    assert main(["export-ledger", "--db", str(not_a_register), "--out", str(out_file)]) == 1
    assert "无法打开登记簿" in capsys.readouterr().err
    assert not out_file.exists()


def test_usage_errors_exit_2(tmp_path, db, capsys):
    assert _usage_exit(["export-ledger", "--db", str(db)]) == 2  # --out missing
    assert _usage_exit(["import-ledger", "--db", str(db)]) == 2  # ledger missing
    assert _usage_exit(["export-ledger", "--db", str(db), "--out", "x.xlsx", "--year", "abc"]) == 2
    assert main(["export-ledger", "--db", str(db), "--out", str(tmp_path / "x.csv")]) == 2
    assert (
        main(["export-ledger", "--db", str(db), "--out", str(tmp_path / "x.xlsx"), "--year", "25"])
        == 2
    )
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "x.csv").exists()


def test_import_is_refused_while_another_clerk_holds_the_register(tmp_path, db, capsys):
    from desktop.store.lock import RegisterLock

    before = _state(db)
    lock = RegisterLock.acquire(db)  # as the open window would
    try:
        ledger = write_sheet(tmp_path / "l.xlsx", HEADERS, [row_of()])
        assert main(["import-ledger", str(ledger), "--db", str(db)]) == 1
        assert "正由" in capsys.readouterr().err
        # Exporting only reads: it works while the window is open.
        out_file = tmp_path / "out.xlsx"
        assert main(["export-ledger", "--db", str(db), "--out", str(out_file)]) == 0
        assert out_file.exists()
    finally:
        lock.release()
    assert _state(db) == before


def test_a_workbook_given_as_db_is_refused_untouched_and_without_a_lock_file(tmp_path, capsys):
    ledger = tmp_path / "台账.xlsx"
    other = tmp_path / "另一个台账.xlsx"
    source = Path(__file__).parents[1] / "data" / "ledgers" / "good_simplified.xlsx"
    ledger.write_bytes(source.read_bytes())
    other.write_bytes(source.read_bytes())
    assert main(["import-ledger", str(ledger), "--db", str(other)]) == 1
    err = capsys.readouterr().err
    assert "另一个台账.xlsx 不是登记簿文件" in err
    assert other.read_bytes() == source.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["另一个台账.xlsx", "台账.xlsx"]
