"""F2–F6, F9, F11, F12, F14 (docs/safety.md): what the commands do with a register that is not
fine — read-only, damaged after the morning check, on a full disk, a folder, another program's
database — and with an output path that is the register. Never a traceback, never a write into a
damaged file, never an input destroyed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from datetime import date
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.domain.application import Application
from desktop.store import integrity, lock
from desktop.store.register import Register, RegisterError
from tests.faults.hostile import ROOT, write_ledger

NOTICE = (
    "国务院办公厅关于2026年部分节假日安排的通知\n"
    "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。\n"
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_register(path: Path, n: int = 10) -> Path:
    opened = lock.open_register(path, backup_on_open=False)
    for i in range(n):
        opened.register.add(
            Application(date(2025, 3, 3), "网络", "自然人", f"申请人{i}", content="内容" * 200)
        )
    opened.close()
    return path


def checkpointed(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def run_cli(*args: str, capsys) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ F4: output = the register
@pytest.mark.parametrize("option", ["--json", "--xlsx"])
def test_report_refuses_to_write_over_the_register(tmp_path: Path, capsys, option: str) -> None:
    db = make_register(tmp_path / "R.ogidb")
    before = sha(checkpointed(db))
    code, _out, err = run_cli(
        "report", "--db", str(db), "--year", "2025", option, str(db), capsys=capsys
    )
    assert code == 1 and "就是登记簿文件" in err
    assert sha(db) == before and Register.open(db, readonly=True).count() == 10


def test_report_refuses_a_second_name_of_the_register(tmp_path: Path, capsys) -> None:
    db = make_register(tmp_path / "R.ogidb")
    alias = tmp_path / "link.json"
    os.link(db, alias)  # same file, another name: caught by identity, not by spelling
    before = sha(checkpointed(db))
    code, _out, err = run_cli(
        "report", "--db", str(db), "--year", "2025", "--json", str(alias), capsys=capsys
    )
    assert code == 1 and "就是登记簿文件" in err and sha(db) == before


def test_export_ledger_refuses_an_output_that_is_the_register(tmp_path: Path, capsys) -> None:
    db = make_register(tmp_path / "R.ogidb")
    named_xlsx = tmp_path / "X.xlsx"
    shutil.copy(checkpointed(db), named_xlsx)  # a register someone named .xlsx
    before = sha(named_xlsx)
    code, _out, err = run_cli(
        "export-ledger", "--db", str(named_xlsx), "--out", str(named_xlsx), capsys=capsys
    )
    assert code == 1 and "就是登记簿文件" in err and sha(named_xlsx) == before


def test_export_ledger_refuses_to_overwrite_any_register(tmp_path: Path, capsys) -> None:
    db = make_register(tmp_path / "R.ogidb")
    other = make_register(tmp_path / "other.xlsx.ogidb", 2)
    renamed = tmp_path / "其他.xlsx"
    os.replace(checkpointed(other), renamed)
    before = sha(renamed)
    code, _out, err = run_cli(
        "export-ledger", "--db", str(db), "--out", str(renamed), capsys=capsys
    )
    assert code == 1 and "是一个登记簿" in err and sha(renamed) == before


# ------------------------------------------------------------------ F12: failures leave nothing
def _run_with_file_size_limit(args: list[str], limit: int) -> subprocess.CompletedProcess:
    code = textwrap.dedent(
        f"""
        import resource, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
        from desktop.cli import main
        sys.exit(main({args!r}))
        """
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_a_failed_report_leaves_the_old_file_or_nothing(tmp_path: Path) -> None:
    db = make_register(tmp_path / "R.ogidb")
    checkpointed(db)
    fresh = tmp_path / "new.json"
    done = _run_with_file_size_limit(
        ["report", "--db", str(db), "--year", "2025", "--json", str(fresh)], 500
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert not fresh.exists()  # not a 0-byte file under the final name
    old = tmp_path / "old.json"
    old.write_text('{"old": true}', encoding="utf-8")
    done = _run_with_file_size_limit(
        ["report", "--db", str(db), "--year", "2025", "--json", str(old)], 500
    )
    assert done.returncode == 1 and json.loads(old.read_text(encoding="utf-8")) == {"old": True}
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_failed_export_leaves_no_part_file_with_personal_data(tmp_path: Path) -> None:
    db = make_register(tmp_path / "R.ogidb", 200)
    checkpointed(db)
    out = tmp_path / "台账.xlsx"
    done = _run_with_file_size_limit(["export-ledger", "--db", str(db), "--out", str(out)], 20_000)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# ------------------------------------------------------------------ F3: damaged after the check
def _damage_a_leaf_page(path: Path) -> None:
    """Copy one applications leaf page over another (`Rowid … out of order`), as the review did."""
    conn = sqlite3.connect(path)
    pages = [
        r[0]
        for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name='applications' AND pagetype='leaf'"
        )
    ]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert len(pages) >= 3
    with path.open("r+b") as handle:
        handle.seek((pages[0] - 1) * page_size)
        first = handle.read(page_size)
        handle.seek((pages[2] - 1) * page_size)
        handle.write(first)


@pytest.fixture
def damaged_after_check(tmp_path: Path) -> Path:
    db = make_register(tmp_path / "R.ogidb", 120)
    # A clean close after today's check passed: only the header check would run on the next open.
    opened = lock.open_register(db, backup_on_open=False)
    opened.close()
    checkpointed(db)
    _damage_a_leaf_page(db)
    assert integrity.check_on_open(db).ok  # the cheap check cannot see it
    assert not integrity.quick_check(db).ok
    return db


def test_import_never_writes_into_a_register_damaged_after_the_check(
    damaged_after_check: Path, tmp_path: Path, capsys
) -> None:
    before = sha(damaged_after_check)
    ledger = write_ledger(tmp_path / "台账.xlsx")
    code, _out, err = run_cli(
        "import-ledger", str(ledger), "--db", str(damaged_after_check), capsys=capsys
    )
    assert code == 1 and "已损坏" in err and "恢复最近的备份" in err
    assert sha(damaged_after_check) == before


def test_holidays_import_never_writes_into_a_damaged_register(
    damaged_after_check: Path, tmp_path: Path, capsys
) -> None:
    before = sha(damaged_after_check)
    notice = tmp_path / "通知.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    code, _out, err = run_cli(
        "holidays", "import", str(notice), "--db", str(damaged_after_check), "--yes", capsys=capsys
    )
    assert code == 1 and "已损坏" in err and sha(damaged_after_check) == before


@pytest.mark.parametrize(
    "args", [["export-ledger", "--out", "{dir}/out.xlsx"], ["report", "--year", "2025"]]
)
def test_readers_meeting_damage_name_it_and_the_restore_path(
    damaged_after_check: Path, capsys, args: list[str]
) -> None:
    args = [a.format(dir=damaged_after_check.parent) for a in args]
    code, _out, err = run_cli(*args, "--db", str(damaged_after_check), capsys=capsys)
    assert code == 1 and "已损坏" in err and "恢复最近的备份" in err


def test_the_window_flow_offers_restore_for_damage_after_the_check(
    damaged_after_check: Path,
) -> None:
    from desktop.store import backup

    asked: list[integrity.CheckResult] = []
    # The next day's first open runs the quick_check and offers the restore path.
    with pytest.raises(lock.RegisterDamaged):
        lock.open_register(
            damaged_after_check,
            on_damaged=lambda check: asked.append(check) or False,
            today=date(2999, 1, 1),
        )
    assert asked and "已损坏" in asked[0].problem
    assert backup.list_backups(damaged_after_check, with_rows=False) == []


def test_a_backup_that_proves_the_register_damaged_leads_to_the_restore_path(
    damaged_after_check: Path,
) -> None:
    asked: list[integrity.CheckResult] = []
    with pytest.raises(lock.RegisterDamaged):
        lock.open_register(damaged_after_check, on_damaged=lambda c: asked.append(c) or False)
    assert len(asked) == 1 and "已损坏" in asked[0].problem


# ------------------------------------------------------------------ F9: one writer, always
def test_holidays_import_refuses_while_another_holds_the_register(tmp_path: Path, capsys) -> None:
    db = make_register(tmp_path / "R.ogidb", 1)
    notice = tmp_path / "通知.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    holder = lock.open_register(db, backup_on_open=False)
    try:
        code, _out, err = run_cli(
            "holidays", "import", str(notice), "--db", str(db), "--yes", capsys=capsys
        )
    finally:
        holder.close()
    assert code == 1 and "正由" in err
    code, _out, _err = run_cli(
        "holidays", "import", str(notice), "--db", str(db), "--yes", capsys=capsys
    )
    assert code == 0


def test_open_writer_refuses_while_another_holds_the_lock(tmp_path: Path) -> None:
    db = make_register(tmp_path / "R.ogidb", 1)
    holder = Register.open_writer(db)
    try:
        with pytest.raises(RegisterError, match="正由"):
            Register.open_writer(db)
    finally:
        holder.close()
    Register.open_writer(db).close()


_WRITER = """
import sys, time
sys.path.insert(0, {root!r})
from datetime import date
from desktop.domain.application import Application
from desktop.store.register import Register
opened = Register.open_writer({db!r}, wait_seconds=60)
first = time.time()
for i in range(15):
    opened.register.add(Application(date(2025, 3, 3), "网络", "自然人", "{name}" + str(i)))
    time.sleep(0.02)
last = time.time()
opened.close()
print(first, last)
"""


def test_two_writers_never_interleave(tmp_path: Path) -> None:
    db = make_register(tmp_path / "R.ogidb", 1)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER.format(root=str(ROOT), db=str(db), name=name)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("甲", "乙")
    ]
    spans = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        spans.append(tuple(map(float, out.split())))
    (a0, a1), (b0, b1) = sorted(spans)
    assert a1 <= b0  # the second writer started writing only after the first let go
    register = Register.open(db, readonly=True)
    numbers = [a.applicant for a in register.all_applications()]
    register.close()
    assert len(numbers) == 31
    # Each writer's rows are one unbroken run: nothing of the other came in between.
    writers = [n[0] for n in numbers[1:]]
    assert writers in (["甲"] * 15 + ["乙"] * 15, ["乙"] * 15 + ["甲"] * 15)


# ------------------------------------------------------------------ F11, F14: not a register
@pytest.mark.parametrize(
    "args",
    [
        ["holidays", "show", "--year", "2026", "--db", "{db}"],
        ["holidays", "import", "{notice}", "--db", "{db}", "--yes"],
        ["report", "--year", "2025", "--db", "{db}"],
        ["export-ledger", "--out", "{dir}/o.xlsx", "--db", "{db}"],
        ["import-ledger", "{ledger}", "--db", "{db}"],
    ],
    ids=["holidays-show", "holidays-import", "report", "export", "import"],
)
def test_a_folder_as_register_is_refused_by_every_command(tmp_path: Path, capsys, args) -> None:
    folder = tmp_path / "folder.ogidb"
    folder.mkdir()
    notice = tmp_path / "n.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    ledger = write_ledger(tmp_path / "l.xlsx")
    filled = [a.format(db=folder, dir=tmp_path, notice=notice, ledger=ledger) for a in args]
    code, _out, err = run_cli(*filled, capsys=capsys)
    assert code == 1 and "是文件夹" in err
    assert list(folder.iterdir()) == []


def _foreign_database(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('张三', '13800138000')")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["import-ledger", "{ledger}", "--db", "{db}"],
        ["holidays", "import", "{notice}", "--db", "{db}", "--yes"],
        ["report", "--year", "2025", "--db", "{db}"],
        ["export-ledger", "--out", "{dir}/o.xlsx", "--db", "{db}"],
    ],
    ids=["import", "holidays", "report", "export"],
)
def test_another_programs_database_is_refused_and_never_modified(
    tmp_path: Path, capsys, args
) -> None:
    db = _foreign_database(tmp_path / "contacts.db")
    before = sha(db)
    notice = tmp_path / "n.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    ledger = write_ledger(tmp_path / "l.xlsx")
    filled = [a.format(db=db, dir=tmp_path, notice=notice, ledger=ledger) for a in args]
    code, _out, err = run_cli(*filled, capsys=capsys)
    assert code == 1 and "其他程序的 SQLite 数据库" in err
    assert sha(db) == before and not Path(f"{db}-wal").exists()


def test_a_mistyped_new_register_name_is_not_created(tmp_path: Path, capsys) -> None:
    ledger = write_ledger(tmp_path / "l.xlsx")
    target = tmp_path / "register.txt"
    code, _out, err = run_cli("import-ledger", str(ledger), "--db", str(target), capsys=capsys)
    assert code == 1 and ".ogidb" in err and not target.exists()


# ------------------------------------------------------------------ F2, F6: read-only, as nobody
def _nobody_available() -> bool:
    return os.name == "posix" and os.geteuid() == 0 and shutil.which("setpriv") is not None


def _as_nobody(code: str) -> subprocess.CompletedProcess:
    prelude = f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
    return subprocess.run(
        [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            sys.executable,
            "-c",
            prelude + textwrap.dedent(code),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
    )


@pytest.fixture
def shared_dir():
    if not _nobody_available():
        pytest.skip("needs root and setpriv to run a command as another user")
    folder = Path(tempfile.mkdtemp(prefix="ogi-test-ro-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder, ignore_errors=True)


_PROBE = """
from desktop.store import lock
from desktop.cli import main
opened = lock.open_register({db!r})
print("READONLY", opened.register.readonly, opened.register.count())
print("REASON", opened.register.readonly_reason)
opened.close()
print("REPORT", main(["report", "--db", {db!r}, "--year", "2025"]) )
print("IMPORT", main(["import-ledger", {ledger!r}, "--db", {db!r}]))
"""


@pytest.mark.parametrize("pending_wal", [False, True], ids=["checkpointed", "wal_pending"])
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_register_opens_read_only_never_damaged(
    shared_dir: Path, what: str, pending_wal: bool
) -> None:
    db = make_register(shared_dir / "R.ogidb", 5)
    if pending_wal:
        # A writer that is still open has a WAL with content (as after a crash), no checkpoint.
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("UPDATE applications SET remarks = 'x'")
        conn.commit()
        shutil.copy(f"{db}-wal", f"{db}-wal.keep")
        conn.close()
        shutil.move(f"{db}-wal.keep", f"{db}-wal")
        Path(f"{db}-shm").unlink(missing_ok=True)
        assert integrity.wal_pending(db)
    else:
        checkpointed(db)
        for extra in ("-wal", "-shm"):
            Path(f"{db}{extra}").unlink(missing_ok=True)
    ledger = write_ledger(shared_dir / "l.xlsx")
    for path in shared_dir.iterdir():
        os.chmod(path, 0o644 if what == "folder" else 0o444)
    if what == "folder":
        os.chmod(shared_dir, 0o555)
    else:
        os.chmod(shared_dir, 0o777)
    os.chmod(ledger, 0o644)
    before = sha(db)
    done = _as_nobody(_PROBE.format(db=str(db), ledger=str(ledger)))
    assert "Traceback" not in done.stderr, done.stderr
    assert "已损坏" not in done.stdout + done.stderr
    assert "READONLY True 5" in done.stdout
    assert "只读" in done.stdout or "不能写入" in done.stdout
    assert "REPORT 0" in done.stdout and "IMPORT 1" in done.stdout
    assert sha(db) == before
