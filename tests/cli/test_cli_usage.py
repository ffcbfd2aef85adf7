import subprocess
import sys

from desktop.cli import build_parser, main


def test_wrong_usage_exits_2(capsys):
    try:
        main(["report", "--db", "x.ogidb"])  # --year missing
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("expected SystemExit")
    assert "--year" in capsys.readouterr().err


def test_every_contract_command_is_there():
    parser = build_parser()
    for argv in (
        ["import-ledger", "L.xlsx", "--db", "F"],
        ["export-ledger", "--db", "F", "--out", "L.xlsx", "--year", "2025"],
        [
            "report",
            "--db",
            "F",
            "--year",
            "2025",
            "--format",
            "2019",
            "--json",
            "o.json",
            "--xlsx",
            "o.xlsx",
            "--traditional",
        ],
        ["holidays", "import", "N.txt", "--db", "F"],
        ["holidays", "show", "--year", "2026", "--db", "F"],
        ["check", "R.xlsx"],
        ["consolidate", "A.xlsx", "B.xlsx", "--out", "T.xlsx"],
        ["--db", "F"],
    ):
        parser.parse_args(argv)


def test_python_m_desktop_prints_help():
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert "import-ledger" in out.stdout
