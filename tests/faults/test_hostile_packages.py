"""F7, F8 (docs/safety.md): a data package carries only the live applications, and a hostile
package (resealed: the seal is not a signature) is refused fast, before it fills the disk or hangs.
"""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pytest

from desktop.domain.application import Application
from desktop.reports import data_package as dp
from desktop.store.register import Register
from tests.faults.hostile import run_bounded

OLD_ID = "430104199001011230"
NEW_ID = "11010519491231002X"
DELETED_ID = "110101199003074514"
DELETED_PHONE = "13912345678"


def _register(path: Path) -> Register:
    register = Register.open(path)
    kept = register.add(
        Application(
            date(2025, 3, 3), "网络", "自然人", "张三", id_number=OLD_ID, phone="13800138000"
        )
    )
    register.update(kept.replace(id_number=NEW_ID))  # the audit log keeps OLD_ID as "before"
    mistake = register.add(
        Application(
            date(2025, 3, 4), "网络", "自然人", "李四", id_number=DELETED_ID, phone=DELETED_PHONE
        )
    )
    register.delete(mistake.id)  # entered by mistake
    return register


def _database_of(package: Path, tmp_path: Path) -> Path:
    with zipfile.ZipFile(package) as archive:
        target = tmp_path / "unpacked.ogidb"
        target.write_bytes(archive.read(dp.DATABASE_NAME))
    return target


def test_a_package_carries_no_deleted_application_and_no_history(tmp_path: Path) -> None:
    register = _register(tmp_path / "town.ogidb")
    manifest = dp.export_package(register, tmp_path / "town.ogipkg", "某某镇")
    register.close()
    db = _database_of(tmp_path / "town.ogipkg", tmp_path)
    raw = db.read_bytes()
    for secret in (OLD_ID, DELETED_ID, DELETED_PHONE, "李四"):
        assert secret.encode() not in raw, secret  # not even in a free page
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM applications").fetchone()[0] == 1 == manifest.rows
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
    conn.close()


def test_the_office_may_choose_to_send_the_live_history(tmp_path: Path) -> None:
    register = _register(tmp_path / "town.ogidb")
    dp.export_package(register, tmp_path / "town.ogipkg", "某某镇", include_history=True)
    register.close()
    db = _database_of(tmp_path / "town.ogipkg", tmp_path)
    conn = sqlite3.connect(db)
    befores = {r[0] for r in conn.execute("SELECT before FROM audit_log")}
    deleted_rows = conn.execute(
        "SELECT count(*) FROM audit_log WHERE field = 'applicant' AND after = '李四'"
    ).fetchone()[0]
    conn.close()
    assert OLD_ID in befores and deleted_rows == 0
    assert DELETED_ID.encode() not in db.read_bytes()


def test_a_package_is_never_written_over_the_register(tmp_path: Path) -> None:
    register = _register(tmp_path / "town.ogidb")
    try:
        with pytest.raises(dp.PackageError, match="就是登记簿文件"):
            dp.export_package(register, tmp_path / "town.ogidb", "某某镇")
        assert register.count() == 1
    finally:
        register.close()


# ------------------------------------------------------------------ hostile packages, resealed
def _reseal(path: Path, database: bytes, rows: int) -> Path:
    """A package whose manifest matches its (hostile) database: the seal is not a signature."""
    manifest = dp.Manifest(
        unit="某某镇",
        package_id="6f1c2d1e-8a7b-4c3d-9e0f-123456789abc",
        created_at="2026-11-30T09:00:00",
        schema_version=dp.SCHEMA_VERSION,
        rows=rows,
        sha256=hashlib.sha256(database).hexdigest(),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(dp.MANIFEST_NAME, manifest.to_json())
        archive.writestr(dp.DATABASE_NAME, database)
    return path


def test_a_zip_bomb_member_is_refused_before_it_is_written(tmp_path: Path, monkeypatch) -> None:
    package = _reseal(tmp_path / "bomb.ogipkg", b"\0" * (150 << 20), 0)
    assert package.stat().st_size < 1 << 20
    written: list[Path] = []
    real = dp.shutil.copyfileobj
    monkeypatch.setattr(
        dp.shutil, "copyfileobj", lambda *a, **k: written.append(a) or real(*a, **k)
    )
    target = Register.open(tmp_path / "city.ogidb")
    try:
        with pytest.raises(dp.PackageError, match="倍"):
            dp.preview_package(target, package)
    finally:
        target.close()
    assert written == []  # refused while streaming: nothing reached the disk


def _hostile_database(tmp_path: Path, change: str) -> bytes:
    path = tmp_path / "hostile.ogidb"
    register = Register.open(path)
    register.add(Application(date(2025, 3, 3), "网络", "自然人", "张三"))
    register.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.executescript(change)
    conn.close()
    return path.read_bytes()


RECURSIVE_VIEW = """
ALTER TABLE applications RENAME TO applications_real;
CREATE VIEW applications AS
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
  SELECT a.* , n.i AS deleted_at FROM applications_real a, n;
"""
FOREIGN_TRIGGER = """
CREATE TRIGGER busy AFTER INSERT ON calendar_days BEGIN
  SELECT count(*) FROM calendar_days a, calendar_days b, calendar_days c;
END;
"""


@pytest.mark.parametrize(
    "change", [RECURSIVE_VIEW, FOREIGN_TRIGGER], ids=["recursive_view", "trigger"]
)
def test_a_resealed_package_with_a_foreign_structure_is_refused_at_once(
    tmp_path: Path, change: str
) -> None:
    package = _reseal(tmp_path / "hostile.ogipkg", _hostile_database(tmp_path, change), 1)
    target = tmp_path / "city.ogidb"
    Register.open(target).close()
    done = run_bounded(
        f"""
        from desktop.reports import data_package as dp
        from desktop.store.register import Register
        target = Register.open({str(target)!r})
        try:
            dp.preview_package(target, {str(package)!r})
            print("ACCEPTED")
        except dp.PackageError as exc:
            print("REFUSED", exc)
        """,
        seconds=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("REFUSED") and "不是本程序的登记簿结构" in done.stdout


def test_every_query_on_a_package_has_a_deadline(tmp_path: Path, monkeypatch) -> None:
    """Whatever slips past the structure check still stops: a deadline on every statement."""
    register = Register.open(tmp_path / "town.ogidb")
    for i in range(50):
        register.add(Application(date(2025, 3, 3), "网络", "自然人", f"张三{i}"))
    dp.export_package(register, tmp_path / "town.ogipkg", "某某镇")
    register.close()
    monkeypatch.setattr(dp, "QUERY_SECONDS", 0.0)
    monkeypatch.setattr(dp, "_PROGRESS_STEPS", 1)
    target = Register.open(tmp_path / "city.ogidb")
    try:
        with pytest.raises(dp.PackageError, match="秒仍未完成"):
            dp.preview_package(target, tmp_path / "town.ogipkg")
    finally:
        target.close()


# ------------------------------------------------------------------ F13, F16: nothing left readable
def test_temporary_folders_of_a_killed_run_are_swept_at_the_next_start(tmp_path: Path) -> None:
    import subprocess
    import sys

    from desktop.store import tempfiles

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = tmp_path / f"ogi-pkg-{int(dead.stdout)}-abc"
    stale.mkdir()
    (stale / dp.DATABASE_NAME).write_bytes(b"whole ID numbers")
    mine = tempfiles.private_dir("pkg", base=tmp_path)
    assert oct(mine.stat().st_mode & 0o777) == "0o700"
    assert tempfiles.sweep_stale(tmp_path) == [stale]
    assert not stale.exists() and mine.exists()


def test_a_half_written_output_of_a_killed_run_is_swept_by_the_next_write(tmp_path: Path) -> None:
    import subprocess
    import sys

    from desktop.store import outputs

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    left = tmp_path / f".台账.xlsx.ogi-part-{int(dead.stdout)}-1a2b3c4d"
    left.write_bytes(b"half a ledger with ID numbers")
    outputs.write_text(tmp_path / "r.json", "{}", private=True)
    assert not left.exists()
    assert oct((tmp_path / "r.json").stat().st_mode & 0o777) == "0o600"


def test_letters_are_owner_only_like_exports(tmp_path: Path) -> None:
    import os

    from desktop.domain.letters import OfficeSettings
    from desktop.reports.letters import generate_letter

    old = os.umask(0o022)
    try:
        register = Register.open(tmp_path / "r.ogidb")
        app = register.add(
            Application(date(2025, 3, 3), "网络", "自然人", "张三", content="请公开")
        )
        office = OfficeSettings("某市自然资源和规划局", "某自然资公开〔{年}〕{号}号")
        record = generate_letter(register, app.id, "receipt", tmp_path / "回执.docx", office=office)
        register.close()
    finally:
        os.umask(old)
    assert oct(Path(record.path).stat().st_mode & 0o777) == "0o600"


def test_a_package_whose_manifest_bytes_are_damaged_is_refused_as_damaged(tmp_path: Path) -> None:
    """Found by the fuzzer: a broken deflate stream in the manifest raised zlib.error."""
    import zipfile

    from desktop.reports import data_package as dp

    package = tmp_path / "x.ogipkg"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(dp.MANIFEST_NAME, '{"kind": "x"}' * 50)
        archive.writestr(dp.DATABASE_NAME, b"x")
    info = zipfile.ZipFile(package).getinfo(dp.MANIFEST_NAME)
    raw = bytearray(package.read_bytes())
    start = info.header_offset + 30 + len(info.filename)
    for i in range(start, start + 8):
        raw[i] ^= 0xFF
    package.write_bytes(bytes(raw))
    with pytest.raises(dp.PackageError, match="文件已损坏"):
        dp.read_manifest(package)
