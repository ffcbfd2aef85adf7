"""The register data package: one file that carries a unit's whole register to the office above.

A package is a zip holding two members:
- `register.ogidb` — an online SQLite backup of the unit's register (consistent even while it is open);
- `manifest.json` — what the office checks before merging: the unit's name, a package id (uuid4),
  the schema version, the number of live (not deleted) applications, and the sha256 of the backup.

On import the package is refused, with a Chinese message and nothing changed, when the file is not a
package, the checksum or the row count does not match (damaged or edited in transit), the schema is
newer than this program, its id was merged before (the `imported_packages` table), or — unless the
clerk chose to skip them — some of its applications are already in the register (a unit that sends a
fresh package of the same rows: a new id, the same applications).

Numbers (decision, see docs/consolidation.md): every unit numbers from 2025-0001, so numbers clash.
Merged applications are renumbered by the receiving register's own counter (by receipt year, as for any
new application) and keep their origin in 备注: “〔来自 <单位>，原编号 <编号>，数据包 <id 前 8 位>〕”.
The 申请编号 format stays the one the register validates, and every application stays findable by its
original number through search (备注 is shown in the form; the number text is searchable in 备注 via the
ledger export).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import time
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop import __version__
from desktop.domain.application import Application
from desktop.domain.documents import Document, number_key
from desktop.store import documents as store_documents
from desktop.store import duplicates, tempfiles
from desktop.store.lock import make_private
from desktop.store.outputs import OutputRefused, atomic_output, check_output
from desktop.store.register import Register, RegisterError, ValidationError
from desktop.store.schema import SCHEMA_VERSION

PACKAGE_KIND = "ogi-register-package"
PACKAGE_VERSION = 1
PACKAGE_SUFFIX = ".ogipkg"
MANIFEST_NAME = "manifest.json"
DATABASE_NAME = "register.ogidb"


class PackageError(Exception):
    """A package that cannot be merged; the message is for the user, in Chinese, naming the file."""


@dataclass(frozen=True)
class Manifest:
    unit: str
    package_id: str
    created_at: str
    schema_version: int
    rows: int
    sha256: str
    program_version: str = ""
    # Live documents of the 规章/规范性文件 register (issue 16); None in packages made before it.
    documents: int | None = None

    def fields(self) -> dict[str, object]:
        extra: dict[str, object] = {} if self.documents is None else {"documents": self.documents}
        return {
            **extra,
            "kind": PACKAGE_KIND,
            "package_version": PACKAGE_VERSION,
            "unit": self.unit,
            "package_id": self.package_id,
            "created_at": self.created_at,
            "schema_version": self.schema_version,
            "rows": self.rows,
            "sha256": self.sha256,
            "database": DATABASE_NAME,
            "program_version": self.program_version,
        }

    def to_json(self) -> str:
        body = self.fields()
        body["seal"] = _seal(body)
        return json.dumps(body, ensure_ascii=False, indent=2)


def _seal(body: dict[str, object]) -> str:
    """A checksum of the manifest's own fields, so a hand edit of the unit, the id or the row count
    (to pass a package off as another, or merge it twice) is refused. It is not a signature: it
    catches damage and edits by hand, not someone who rebuilds the package with this code."""
    fields = {k: v for k, v in body.items() if k != "seal"}
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _strip_private(db_path: Path, *, include_history: bool) -> None:
    """Leave in the package copy only what the office above should get (docs/safety.md, F7).

    Soft-deleted applications (entered by mistake, with their ID and phone numbers) and their letters
    are removed; the audit log, which holds the old value of every edited ID or phone field, is
    emptied unless the office chose to send its history (`include_history`; then only the live
    applications' history goes). VACUUM with secure_delete rewrites the file, so nothing removed
    survives in free pages.
    """
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("BEGIN")
        deleted = "SELECT id FROM applications WHERE deleted_at IS NOT NULL"
        conn.execute(f"DELETE FROM letters WHERE application_id IN ({deleted})")
        # The audit log refuses DELETE in a register; in this copy its history is being cut.
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        if include_history:
            conn.execute(f"DELETE FROM audit_log WHERE application_id IN ({deleted})")
        else:
            conn.execute("DELETE FROM audit_log")
        conn.execute("DELETE FROM applications WHERE deleted_at IS NOT NULL")
        # The search index keeps deleted rows' text until it is rebuilt.
        conn.execute("INSERT INTO applications_fts (applications_fts) VALUES ('rebuild')")
        conn.execute(
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    finally:
        conn.close()


def export_package(
    register: Register, out: str | Path, unit: str, *, include_history: bool = False
) -> Manifest:
    """Write the register's live applications as one package file; returns its manifest.

    Deleted applications never travel; the audit history only when `include_history` (F7).
    """
    unit = unit.strip()
    if not unit:
        raise PackageError("请填写单位名称：上级机关按单位名称识别数据包的来源")
    out = Path(out)
    try:
        check_output(out, register=register.path)
    except OutputRefused as exc:
        raise PackageError(str(exc)) from exc
    tmp = tempfiles.private_dir("pkg")
    try:
        db_path = tmp / DATABASE_NAME
        make_private(db_path, create=True)
        target = sqlite3.connect(db_path)
        try:
            register.conn.backup(target)  # SQLite online backup: a consistent copy, WAL included
        finally:
            target.close()
        _strip_private(db_path, include_history=include_history)
        manifest = Manifest(
            unit=unit,
            package_id=str(uuid.uuid4()),
            created_at=datetime.now().isoformat(timespec="seconds"),
            schema_version=register.schema_version(),
            rows=register.count(),
            sha256=_sha256(db_path),
            program_version=__version__,
            documents=store_documents.count(register),
        )
        # Whole ID and phone numbers travel in a package: owner-only from the first byte, written
        # beside its final name and renamed when complete (store.outputs, F12).
        with (
            atomic_output(out) as partial,
            zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            archive.writestr(MANIFEST_NAME, manifest.to_json())
            archive.write(db_path, DATABASE_NAME)
    finally:
        tempfiles.remove_dir(tmp)
    return manifest


def read_manifest(path: str | Path) -> Manifest:
    """The manifest of a package file, after checking it is one."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if MANIFEST_NAME not in names or DATABASE_NAME not in names:
                raise PackageError(
                    f"{path.name} 不是登记簿数据包：缺少 {MANIFEST_NAME} 或 {DATABASE_NAME}"
                )
            body = json.loads(archive.read(MANIFEST_NAME).decode("utf-8"))
    except (zipfile.BadZipFile, OSError, zlib.error, EOFError, RuntimeError) as exc:
        # zlib.error/EOFError: the manifest's compressed bytes are damaged (fuzzed packages)
        raise PackageError(f"{path.name} 不是登记簿数据包，或文件已损坏：{exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(f"{path.name} 的清单 {MANIFEST_NAME} 无法读取：{exc}") from exc
    if not isinstance(body, dict) or body.get("kind") != PACKAGE_KIND:
        raise PackageError(f"{path.name} 不是登记簿数据包（清单类型不符）")
    if int(body.get("package_version", 0)) > PACKAGE_VERSION:
        raise PackageError(f"{path.name} 由更新版本的程序生成，请升级本程序后再导入")
    if body.get("seal") != _seal(body):
        raise PackageError(
            f"{path.name} 校验失败：清单 {MANIFEST_NAME} 被改动过（单位、编号或件数与封记不符），"
            "请向报送单位重新索取数据包"
        )
    try:
        return Manifest(
            unit=str(body["unit"]),
            package_id=str(uuid.UUID(str(body["package_id"]))),
            created_at=str(body["created_at"]),
            schema_version=int(body["schema_version"]),
            rows=int(body["rows"]),
            sha256=str(body["sha256"]).lower(),
            program_version=str(body.get("program_version", "")),
            documents=None if body.get("documents") is None else int(body["documents"]),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise PackageError(f"{path.name} 的清单缺少或写错了字段：{exc}") from exc


def origin_note(manifest: Manifest, number: str) -> str:
    """The 备注 note a merged application carries (the numbering decision in the module docstring)."""
    return f"〔来自{manifest.unit}，原编号{number}，数据包{manifest.package_id[:8]}〕"


@dataclass
class PackagePreview:
    """What merging a package would do; nothing is written until `import_package` is called."""

    path: Path
    manifest: Manifest
    applications: list[Application]  # ready to add: renumbered, origin in 备注
    duplicates: dict[int, str] = field(default_factory=dict)  # position → number already here
    already_imported: sqlite3.Row | None = None
    # The unit's 规章 and 规范性文件 (issue 16), origin in 备注; and those whose 文号 is already here.
    documents: list[Document] = field(default_factory=list)
    document_duplicates: dict[int, str] = field(default_factory=dict)  # position → 文号 here

    @property
    def problems(self) -> list[str]:
        found = []
        if self.already_imported is not None:
            rec = self.already_imported
            found.append(
                f"{self.path.name}：数据包 {self.manifest.package_id} 已于 "
                f"{str(rec['imported_at']).replace('T', ' ')} "
                f"导入（{rec['unit']}，{rec['rows']} 件），不能重复导入"
            )
        return found


# A register compresses a few times (text, indexes); a member inflating more than this per byte of
# the package is a zip bomb (a 399 KB package held a 400 MB member, F8).
MAX_INFLATION = 100
# Reading the package's database: every query is stopped after this long (a resealed package may
# define `applications` as a recursive view, which would never finish, F8).
QUERY_SECONDS = 60.0
# SQLite calls the progress handler every this many virtual-machine steps.
_PROGRESS_STEPS = 10_000


def _known_schema() -> tuple[set[str], set[str]]:
    """The tables and triggers this program's own register has (a package may hold no others)."""
    known = Register.memory()
    try:
        rows = known.conn.execute("SELECT type, name FROM sqlite_master").fetchall()
    finally:
        known.close()
    return {r[1] for r in rows if r[0] == "table"}, {r[1] for r in rows if r[0] == "trigger"}


def _check_member(
    path: Path, info: zipfile.ZipInfo, manifest: Manifest, archive: zipfile.ZipFile
) -> None:
    """Size and checksum of the database member, read as a stream before anything is written."""
    limit = max(info.compress_size * MAX_INFLATION, 64 << 20)
    if info.file_size > limit:
        raise PackageError(
            f"{path.name} 校验失败：其中的登记簿数据解压后有 {info.file_size:,} 字节，"
            f"是压缩后的 {info.file_size // max(info.compress_size, 1):,} 倍，不像是登记簿，已拒绝"
        )
    digest = hashlib.sha256()
    seen = 0
    with archive.open(info) as src:
        for block in iter(lambda: src.read(1 << 20), b""):
            seen += len(block)
            if seen > info.file_size or seen > limit:
                raise PackageError(f"{path.name} 校验失败：登记簿数据比清单所记的长，已拒绝")
            digest.update(block)
    if digest.hexdigest() != manifest.sha256:
        raise PackageError(
            f"{path.name} 校验失败：登记簿数据的 sha256 与清单不符，文件在传递中被改动或损坏，请重新索取"
        )


def _guard(conn: sqlite3.Connection, path: Path, seconds: float) -> None:
    """No views, no foreign triggers, and a deadline on every statement of this connection."""
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), _PROGRESS_STEPS)
    tables, triggers = _known_schema()
    rows = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
    views = [r[1] for r in rows if r[0] == "view"]
    foreign = [r[1] for r in rows if r[0] == "trigger" and r[1] not in triggers]
    if views or foreign or "applications" not in {r[1] for r in rows if r[0] == "table"}:
        what = "、".join([*views, *foreign]) or "applications 表"
        raise PackageError(
            f"{path.name} 中的数据不是本程序的登记簿结构（{what}），可能被人改动过，已拒绝"
        )


def _unreadable(path: Path, exc: BaseException) -> PackageError:
    if "interrupt" in str(exc):
        return PackageError(
            f"{path.name} 中的数据读取超过 {QUERY_SECONDS:.0f} 秒仍未完成，可能被人改动过，已停止"
        )
    return PackageError(f"{path.name} 中的登记簿数据无法读取：{exc}")


def _with_package_db(path: Path, manifest: Manifest, work: Callable[[Register], object]) -> object:
    """Check the database member while streaming it, extract it into a private folder, open it with
    its structure checked and a deadline on every query, and run `work` on it."""
    if manifest.schema_version > SCHEMA_VERSION:
        raise PackageError(
            f"{path.name} 的登记簿版本为 {manifest.schema_version}，高于本程序（{SCHEMA_VERSION}），"
            "请升级本程序后再导入"
        )
    tmp = tempfiles.private_dir("pkg-in")
    try:
        db_path = tmp / DATABASE_NAME
        try:
            with zipfile.ZipFile(path) as archive:
                info = archive.getinfo(DATABASE_NAME)
                _check_member(path, info, manifest, archive)
                free = shutil.disk_usage(tmp).free
                if info.file_size + (16 << 20) > free:
                    raise PackageError(
                        f"临时文件夹 {tmp.parent} 空间不足：解开 {path.name} 需要 "
                        f"{info.file_size:,} 字节，只剩 {free:,} 字节"
                    )
                make_private(db_path, create=True)
                with archive.open(info) as src, db_path.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
        except (zipfile.BadZipFile, KeyError, EOFError, zlib.error) as exc:
            raise PackageError(f"{path.name} 不是登记簿数据包，或文件已损坏：{exc}") from exc
        except OSError as exc:
            raise PackageError(
                f"{path.name} 无法解开到临时文件夹 {tmp.parent}：{exc.strerror or exc}"
            ) from exc
        try:
            probe = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
            try:
                _guard(probe, path, QUERY_SECONDS)
            finally:
                probe.close()
            source = Register.open(db_path)  # an older schema is brought forward on the copy
        except sqlite3.DatabaseError as exc:
            raise _unreadable(path, exc) from exc
        except RegisterError as exc:
            if "interrupt" in str(exc):
                raise _unreadable(path, exc) from exc
            raise PackageError(f"{path.name}：{exc}") from exc
        try:
            deadline = time.monotonic() + QUERY_SECONDS
            source.conn.set_progress_handler(
                lambda: int(time.monotonic() > deadline), _PROGRESS_STEPS
            )
            if source.schema_version() != SCHEMA_VERSION:
                raise PackageError(f"{path.name} 的登记簿版本无法识别")
            count = source.count()
            if count != manifest.rows:
                raise PackageError(
                    f"{path.name} 校验失败：清单记载 {manifest.rows} 件申请，数据中有 {count} 件"
                )
            documents = store_documents.count(source)
            if manifest.documents is not None and documents != manifest.documents:
                raise PackageError(
                    f"{path.name} 校验失败：清单记载 {manifest.documents} 件规章和规范性文件，"
                    f"数据中有 {documents} 件"
                )
            return work(source)
        except sqlite3.DatabaseError as exc:
            raise _unreadable(path, exc) from exc
        finally:
            source.close()
    finally:
        tempfiles.remove_dir(tmp)


def preview_package(register: Register, path: str | Path) -> PackagePreview:
    """Read and check a package; say what merging it into `register` would add and what it clashes with."""
    path = Path(path)
    manifest = read_manifest(path)

    def collect(source: Register) -> tuple[list[Application], list[Document]]:
        apps = []
        for app in source.all_applications():  # soft-deleted rows stay behind (never counted)
            note = origin_note(manifest, app.number)
            remarks = f"{app.remarks} {note}".strip() if app.remarks else note
            apps.append(app.replace(id=None, number="", remarks=remarks))
        docs = []
        for doc in store_documents.all_documents(source):  # 文号 are the issuing organ's: kept
            note = f"〔来自{manifest.unit}，数据包{manifest.package_id[:8]}〕"
            docs.append(doc.replace(id=None, remarks=f"{doc.remarks} {note}".strip()))
        return apps, docs

    collected = _with_package_db(path, manifest, collect)
    assert isinstance(collected, tuple)
    apps, docs = collected
    keys = [duplicates.DuplicateKey.of(a) for a in apps]
    here = store_documents.existing_numbers(register, (d.number for d in docs))
    return PackagePreview(
        path=path,
        manifest=manifest,
        applications=apps,
        duplicates=duplicates.find_duplicates(register, keys),
        already_imported=duplicates.imported_package(register, manifest.package_id),
        documents=docs,
        document_duplicates={
            i: here[number_key(d.number)]
            for i, d in enumerate(docs)
            if number_key(d.number) in here
        },
    )


def import_package(
    register: Register, path: str | Path, *, skip_duplicates: bool = False
) -> list[Application]:
    """Merge a package into the register, all or nothing; returns the applications added.

    Refused (PackageError, register unchanged) when the package was merged before, or when some of
    its applications are already in the register and the clerk did not choose to skip them.
    """
    preview = preview_package(register, path)
    if preview.problems:
        raise PackageError("；".join(preview.problems))
    apps = preview.applications
    docs = preview.documents
    if preview.document_duplicates:
        if not skip_duplicates:
            shown = "、".join(sorted(preview.document_duplicates.values())[:5])
            raise PackageError(
                f"{preview.path.name} 中有 {len(preview.document_duplicates)} 件规章和规范性文件的文号"
                f"已在本登记簿中：{shown}。未导入任何数据；如确认只导入其余数据，请选择“跳过重复的申请”"
            )
        docs = [d for i, d in enumerate(docs) if i not in preview.document_duplicates]
    if preview.duplicates:
        if not skip_duplicates:
            first = sorted(preview.duplicates.items())[:5]
            shown = "；".join(
                f"{apps[i].applicant}（{apps[i].receipt_date.isoformat()}）已有编号 {n}"
                for i, n in first
            )
            raise PackageError(
                f"{preview.path.name} 中有 {len(preview.duplicates)} 件申请已在本登记簿中"
                f"（申请人、申请内容、收到日期均相同）：{shown}。未导入任何数据；"
                "如确认只导入其余申请，请选择“跳过重复的申请”"
            )
        apps = [a for i, a in enumerate(apps) if i not in preview.duplicates]
    try:
        return duplicates.add_package_rows(
            register, apps, preview.manifest.package_id, preview.manifest.unit, docs
        )
    except (ValidationError, store_documents.DocumentValidationError) as exc:
        raise PackageError(
            f"{preview.path.name} 中有不合规则的申请或文件，未导入任何数据：{exc}"
        ) from exc
    except store_documents.DuplicateDocumentError as exc:  # entered meanwhile by another clerk
        raise PackageError(f"{preview.path.name}：{exc}，未导入任何数据") from exc
    except sqlite3.IntegrityError as exc:
        # Another clerk merged the same package a moment ago: the primary key refused it.
        raise PackageError(f"{preview.path.name}：数据包已导入过，不能重复导入（{exc}）") from exc
