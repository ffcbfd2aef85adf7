import os
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


def usage_error(argv: list[str], capsys) -> str:
    try:
        main(argv)
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("expected SystemExit")
    return capsys.readouterr().err


def test_usage_errors_speak_chinese(capsys):
    err = usage_error(["report", "--db", "x.ogidb"], capsys)
    assert "缺少必需的参数：--year" in err
    assert err.startswith("用法：ogi report")
    err = usage_error(["report", "--db", "x", "--year", "二〇二五"], capsys)
    assert "参数 --year 须为整数" in err
    err = usage_error(["report", "--db", "x", "--year", "2025", "--format", "2020"], capsys)
    assert "参数 --format 的值 '2020' 无效（可选：'2021', '2019', '2014'）" in err
    err = usage_error(["check", "R.xlsx", "--bogus"], capsys)
    assert "无法识别的参数：--bogus" in err
    err = usage_error(["holidays"], capsys)
    assert "缺少必需的参数：{import,show}" in err
    assert "the following" not in err and "usage:" not in err


def test_help_is_chinese(capsys):
    try:
        main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：ogi")
    assert "显示本说明后退出" in out and "命令" in out
    assert "show this help" not in out


def test_window_without_a_display_says_so(tmp_path):
    # A subprocess: the test process has a QApplication and an offscreen platform already.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(tmp_path / "r.ogidb")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "没有可用的图形显示" in done.stderr
    assert not (tmp_path / "r.ogidb").exists()  # nothing created
