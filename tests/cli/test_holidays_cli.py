"""`ogi holidays import|show` end to end through desktop.cli.main (exit codes per the contract)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.store import calendar_store
from desktop.store.register import Register

NOTICES = Path(__file__).parent.parent / "data" / "notices"

NOTICE_2027 = """国務院辦公廳關於2027年部分節假日安排的通知
一、元旦：2026年12月31日（週四）至2027年1月2日（週六）放假調休，共3天。2026年12月26日（週六）上班。
二、春節：2月6日（週六）至12日（週五）放假調休，共7天。2月13日（週六）上班。
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "reg.ogidb"
    Register.open(path).close()
    return path


def years(db: Path) -> list[int]:
    reg = Register.open(db)
    try:
        return [y.year for y in calendar_store.known_years(reg)]
    finally:
        reg.close()


def test_import_traditional_notice_with_yes(db: Path, tmp_path: Path, capsys) -> None:
    notice = tmp_path / "2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    assert main(["holidays", "import", str(notice), "--db", str(db), "--yes"]) == 0
    out = capsys.readouterr().out
    assert (
        "2027年部分节假日安排" in out and "春节：2月6日（周六）至2月12日（周五）放假，共7天" in out
    )
    assert 2027 in years(db)
    assert main(["holidays", "show", "--year", "2027", "--db", str(db)]) == 0
    shown = capsys.readouterr().out
    assert "放假  2月6日（周六）至2月12日（周五），共7天  春节" in shown
    assert "上班  2月13日（周六）  春节" in shown


def test_import_gb18030_file(db: Path, tmp_path: Path) -> None:
    notice = tmp_path / "2026.txt"
    notice.write_bytes((NOTICES / "2026.txt").read_text("utf-8").encode("gb18030"))
    assert main(["holidays", "import", str(notice), "--db", str(db), "--yes"]) == 0


def test_import_asks_and_stores_nothing_without_yes(
    db: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    notice = tmp_path / "2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    monkeypatch.setattr("desktop.commands.holidays._interactive", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["holidays", "import", str(notice), "--db", str(db)]) == 1
    assert 2027 not in years(db)
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    assert main(["holidays", "import", str(notice), "--db", str(db)]) == 0
    assert 2027 in years(db)


def test_unreadable_notice_exits_1_naming_the_line(db: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.txt"
    text = (
        (NOTICES / "2026.txt")
        .read_text("utf-8")
        .replace("共9天", "共8天")
        .replace("2026年", "2027年")
    )
    bad.write_text(text, encoding="utf-8")
    assert main(["holidays", "import", str(bad), "--db", str(db), "--yes"]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "第7行" in err
    assert 2027 not in years(db)


def test_missing_files_exit_1(db: Path, tmp_path: Path, capsys) -> None:
    assert main(["holidays", "import", str(tmp_path / "none.txt"), "--db", str(db), "--yes"]) == 1
    notice = tmp_path / "2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    assert (
        main(["holidays", "import", str(notice), "--db", str(tmp_path / "x.ogidb"), "--yes"]) == 1
    )
    assert not (tmp_path / "x.ogidb").exists()
    assert main(["holidays", "show", "--year", "2026", "--db", str(tmp_path / "x.ogidb")]) == 1


def test_show_bundled_and_unknown_year(db: Path, capsys) -> None:
    assert main(["holidays", "show", "--year", "2026", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "chinese-calendar" in out
    assert "放假  10月1日（周四）至10月7日（周三），共7天  国庆节" in out
    assert "上班  9月20日（周日）  国庆节" in out
    assert main(["holidays", "show", "--year", "2027", "--db", str(db)]) == 0
    assert "不在日历中" in capsys.readouterr().out


def test_usage_errors_exit_2(db: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["holidays", "show", "--db", str(db)])
    assert info.value.code == 2


def test_import_recomputes_due_dates(db: Path, tmp_path: Path) -> None:
    from desktop.domain.application import Application

    reg = Register.open(db)
    a = reg.add(Application(date(2026, 12, 15), "当面", "自然人", "王五"))
    reg.close()
    notice = tmp_path / "2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    assert main(["holidays", "import", str(notice), "--db", str(db), "--yes"]) == 0
    reg = Register.open(db)
    # Hand-worked in tests/store/test_calendar_store.py: 2027-01-13 unconfirmed → confirmed (notice).
    assert reg.get(a.id).answer_due == date(2027, 1, 13) and reg.get(a.id).due_confirmed
    reg.close()


def test_reimport_lists_the_days_it_would_change(db: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr("desktop.commands.holidays._interactive", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    notice = NOTICES / "2019.txt"
    assert main(["holidays", "import", str(notice), "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "以下日子将改变" in out and "5月2日（周四）：休息 → 上班" in out


def test_script_without_terminal_saves_without_asking(
    db: Path, tmp_path: Path, monkeypatch
) -> None:
    notice = tmp_path / "2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    monkeypatch.setattr("desktop.commands.holidays._interactive", lambda: False)

    def no_input(prompt: str) -> str:
        raise AssertionError("a script cannot answer")

    monkeypatch.setattr("builtins.input", no_input)
    assert main(["holidays", "import", str(notice), "--db", str(db)]) == 0
    assert 2027 in years(db)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(bytes(range(128, 256)) * 8), "不是文本文件"),
        (lambda p: p.mkdir(), "是文件夹，不是通知文件"),
        (lambda p: None, "不存在"),
    ],
)
def test_unreadable_notice_file_is_refused_in_chinese(
    db: Path, tmp_path: Path, capsys, make, message: str
) -> None:
    notice = tmp_path / "通知.txt"
    make(notice)
    assert main(["holidays", "import", str(notice), "--db", str(db), "--yes"]) == 1
    err = capsys.readouterr().err
    assert message in err and "通知.txt" in err
    assert 2027 not in years(db)


def test_show_says_late_december_waits_for_next_years_notice(
    db: Path, tmp_path: Path, capsys
) -> None:
    assert main(["holidays", "show", "--year", "2026", "--db", str(db)]) == 0
    assert "12月25日至31日由2027年的通知安排，该通知尚未导入" in capsys.readouterr().out
    assert main(["holidays", "show", "--year", "2025", "--db", str(db)]) == 0
    assert "12月25日" not in capsys.readouterr().out
    notice = tmp_path / "2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    assert main(["holidays", "import", str(notice), "--db", str(db), "--yes"]) == 0
    capsys.readouterr()
    assert main(["holidays", "show", "--year", "2026", "--db", str(db)]) == 0
    shown = capsys.readouterr().out
    assert "尚未导入" not in shown and "上班  12月26日（周六）  元旦" in shown


def test_import_lists_the_open_applications_whose_due_dates_move(
    db: Path, tmp_path: Path, capsys
) -> None:
    # Decision 6 v2: 2027-01-29 is due 2027-03-02 by the 放假办法 (除夕–初三 off), 2027-03-04 by the
    # notice (2/6–12 off, 2/13 上班): listed, old → new, before the save line.
    from desktop.domain.application import Application

    reg = Register.open(db)
    a = reg.add(Application(date(2027, 1, 29), "当面", "自然人", "王五"))
    reg.close()
    notice = tmp_path / "2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    assert main(["holidays", "import", str(notice), "--db", str(db), "--yes"]) == 0
    out = capsys.readouterr().out
    listed = out.index(f"  {a.number} 王五：2027-03-02 → 2027-03-04")
    assert out.index("以下 1 件办理中的申请答复期限将改变（原期限 → 新期限）：") < listed
    assert listed < out.index("已保存2027年日历")
