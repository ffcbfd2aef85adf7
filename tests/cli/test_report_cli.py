"""`ogi report` as contract.md fixes it: JSON shape verbatim, --xlsx, --format, --traditional, exits."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from tests.store.test_statistics_scenario import build_scenario

COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


@pytest.fixture
def db(register):
    build_scenario(register)
    path = register.path
    register.close()
    return path


def test_json_to_stdout_has_the_contract_shape(db, capsys):
    assert main(["report", "--db", str(db), "--year", "2024"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == 2024 and data["format"] == "2021"
    assert data["table3"]["columns"] == COLUMNS
    rows = data["table3"]["rows"]
    assert len(rows) == 25
    assert rows[0] == {
        "label": "一、本年新收政府信息公开申请数量",
        "values": [6, 4, 4, 4, 4, 4, 26],
    }
    assert rows[4]["label"] == "1.属于国家秘密"
    assert rows[23] == {"label": "（七）总计", "values": [6, 4, 4, 4, 3, 4, 25]}
    assert rows[24]["label"] == "四、结转下年度继续办理"
    assert len(data["table4"]["columns"]) == 15
    assert data["table4"]["columns"][5] == "未经复议直接起诉-结果维持"
    assert data["table4"]["values"] == [1, 1, 0, 0, 2, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1]
    assert data["checks"] and all(set(c) >= {"ok", "rule"} for c in data["checks"])
    assert all(c["ok"] for c in data["checks"])


def test_files_and_formats(db, tmp_path, capsys):
    out_json, out_xlsx = tmp_path / "r.json", tmp_path / "r.xlsx"
    argv = [
        "report",
        "--db",
        str(db),
        "--year",
        "2020",
        "--json",
        str(out_json),
        "--xlsx",
        str(out_xlsx),
    ]
    assert main(argv) == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["format"] == "2019"  # decision 7: 2019 format for 2020
    assert len(data["table3"]["rows"]) == 23
    assert load_workbook(out_xlsx).sheetnames == ["表二", "表三", "表四", "勾稽关系检查"]
    assert "已写入" in capsys.readouterr().out

    assert (
        main(
            [
                "report",
                "--db",
                str(db),
                "--year",
                "2024",
                "--format",
                "2014",
                "--json",
                str(out_json),
            ]
        )
        == 0
    )
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["format"] == "2014"
    stats = {row["key"]: row["value"] for row in data["statistics"]["rows"]}
    assert stats["received"] == 26 and stats["fees"] == 0.015
    assert len(data["table3"]["rows"]) == 25  # the 2021 layout is carried too


def test_traditional_workbook(db, tmp_path):
    out = tmp_path / "t.xlsx"
    assert (
        main(["report", "--db", str(db), "--year", "2024", "--xlsx", str(out), "--traditional"])
        == 0
    )
    ws = load_workbook(out)["表三"]
    assert ws["B30"].value == "（七）總計"


def test_refusals(tmp_path, db, capsys):
    assert main(["report", "--db", str(tmp_path / "missing.ogidb"), "--year", "2024"]) == 1
    assert "不存在" in capsys.readouterr().err
    out = tmp_path / "no-such-folder" / "r.xlsx"
    assert main(["report", "--db", str(db), "--year", "2024", "--xlsx", str(out)]) == 1
    assert "不存在" in capsys.readouterr().err and not out.exists()
    assert main(["report", "--db", str(db), "--year", "1999"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["report", "--db", str(db), "--year", "2024", "--format", "2008"])
    assert exc.value.code == 2


def test_register_problems_are_warned_on_stderr(register, capsys):
    build_scenario(register)
    register.conn.execute(
        "UPDATE applications SET outcome = NULL WHERE receipt_date = '2024-03-01'"
    )  # A4 concluded without an outcome
    number = register.conn.execute(
        "SELECT number FROM applications WHERE receipt_date = '2024-03-01'"
    ).fetchone()[0]
    path = register.path
    register.close()
    assert main(["report", "--db", str(path), "--year", "2024"]) == 0
    captured = capsys.readouterr()
    assert f"已填写答复日期，但未选择办理结果（不能计入表三的任何一行）：{number}" in captured.err
    assert (
        "勾稽关系不符：表三“社会公益组织”列：（七）总计为 4，但（一）至（六）各项之和为 3"
        in captured.err
    )
    data = json.loads(captured.out)
    assert not all(c["ok"] for c in data["checks"])


def test_a_register_from_the_previous_version_is_brought_up_to_date(register, capsys):
    build_scenario(register)
    for index in ("ix_app_received_stats", "ix_app_answered_stats", "ix_app_lag"):
        register.conn.execute(f"DROP INDEX {index}")
    register.conn.execute("PRAGMA user_version = 1")
    path = register.path
    register.close()
    assert main(["report", "--db", str(path), "--year", "2024"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["table3"]["rows"][0]["values"] == [6, 4, 4, 4, 4, 4, 26]


def test_a_file_that_is_not_a_register_is_refused(tmp_path, capsys):
    bogus = tmp_path / "notes.ogidb"
    bogus.write_text("这不是登记簿", encoding="utf-8")
    assert main(["report", "--db", str(bogus), "--year", "2024"]) == 1
    assert str(bogus) in capsys.readouterr().err
    assert bogus.read_text(encoding="utf-8") == "这不是登记簿"


def test_json_report_does_not_import_openpyxl(db, tmp_path):
    """`ogi report --json` needs no workbook library: openpyxl is imported only for --xlsx."""
    import subprocess
    import sys

    probe = (
        "import sys; from desktop.cli import main; code = main(sys.argv[1:]); "
        "print('openpyxl' in sys.modules, file=sys.stderr); sys.exit(code)"
    )
    out = tmp_path / "r.json"
    for extra, loaded in (
        (["--json", str(out)], "False"),
        (["--xlsx", str(tmp_path / "r.xlsx")], "True"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", probe, "report", "--db", str(db), "--year", "2024", *extra],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr.strip().splitlines()[-1] == loaded, (extra, done.stderr)
    assert json.loads(out.read_text(encoding="utf-8"))["year"] == 2024
