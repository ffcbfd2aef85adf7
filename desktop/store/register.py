"""The register: one SQLite file holding every application, the calendar, the audit trail.

All writes go through `Register`, each in one IMMEDIATE transaction, so a crash or a power cut leaves
either the whole change or none of it (WAL journal). Every change to an application is written to the
append-only audit log in the same transaction. Listeners are told after each commit what kind of data
changed (`desktop.store.changes.Changes`), so each open view refreshes only what it shows.
"""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain import numbering
from desktop.domain.application import Application, FieldError, validate
from desktop.domain.chinese import normalise_for_search
from desktop.domain.deadlines import answer_deadline
from desktop.domain.workcalendar import WorkCalendar, bundled_days
from desktop.store import rows as rowmap
from desktop.store.changes import APPLICATIONS, EVERYTHING, Changes
from desktop.store.schema import MIGRATIONS, SCHEMA_VERSION, V2_RULES_VERSION
from desktop.store.year_lock import ADDED, DELETED, EDITED, RESTORED, LockNote, record_change

if TYPE_CHECKING:
    import sqlite_utils

    from desktop.store.lock import OpenedRegister

BUNDLED_SOURCE = "chinese-calendar 1.11.0"
# meta key of the office's pattern for automatic 申请编号 (decision 8; desktop.domain.numbering).
NUMBER_PATTERN_KEY = "numbering.pattern"
# + year: the pattern whose numbers in use that year's counter has taken in (Register._next_number).
NUMBERS_READ_PREFIX = "numbering.read."


class RegisterError(Exception):
    """A register file that cannot be used; the message is for the user, in Chinese."""


def is_disk_full(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "disk is full" in text or "no space left" in text or getattr(exc, "errno", None) == 28


DISK_FULL = "磁盘空间已满，刚才的操作没有保存；请清理磁盘后再试"


def _little_space(path: Path) -> bool:
    """SQLite reports a full disk as "disk I/O error" when the -shm cannot grow: look."""
    import shutil

    try:
        return shutil.disk_usage(path.parent if str(path.parent) else ".").free < (1 << 20)
    except OSError:
        return False


def describe_sqlite_error(path: Path, exc: BaseException) -> str:
    """An SQLite error met while opening, in the clerk's words: full disk, read-only, damage."""
    text = str(exc).lower()
    if is_disk_full(exc) or ("disk i/o error" in text and _little_space(path)):
        return f"{DISK_FULL}（登记簿 {path}）"
    if "readonly" in text or "read-only" in text:
        return f"登记簿 {path} 不能写入（文件或所在文件夹是只读的）"
    if "unable to open" in text:
        return f"无法打开登记簿文件 {path}：{exc}"
    return f"登记簿文件 {path} 已损坏或不是登记簿：{exc}"


class ValidationError(Exception):
    def __init__(self, errors: list[FieldError]):
        super().__init__("；".join(str(e) for e in errors))
        self.errors = errors


class DuplicateNumberError(Exception):
    def __init__(self, number: str):
        super().__init__(f"申请编号 {number} 已存在")
        self.number = number


def now_text() -> str:
    return datetime.now().isoformat(timespec="seconds")


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (service accounts, odd containers)
        return "unknown"


def search_text_of(app: Application) -> str:
    return normalise_for_search(f"{app.number} {app.applicant} {app.content}")


class Register:
    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool = False):
        self.conn = conn
        self.path = path
        self.readonly = readonly
        # Why a register is read-only (e.g. another clerk holds it); shown as a banner in the window.
        self.readonly_reason = ""
        self.user = os_user()
        self._calendar: WorkCalendar | None = None
        self._listeners: list[Callable[[Changes], None]] = []
        self._private_dir: Path | None = None  # a private read-only copy, removed on close
        # (pattern, year) whose numbers in use were already read in this transaction (_next_number).
        self._numbers_read: set[tuple[str, int]] = set()

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, built on first use: importing sqlite_utils costs
        about 70 ms of start-up (click, dateutil, pluggy), and the window does not need it."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Register:
        """Open (creating if need be) a register file and bring its schema up to date.

        No lock, no integrity check: the program's writers use `open_writer`. Read-only opens
        never write anything, even in a folder the user may not write (integrity.readonly_uri).
        """
        from desktop.store import integrity, tempfiles

        path = Path(path)
        private_dir: Path | None = None
        if path.is_dir():
            raise RegisterError(f"{path} 是文件夹，不是登记簿文件")
        if readonly:
            source = path
            if integrity.needs_private_copy(path):
                # A pending WAL in a folder we cannot write: SQLite would need a -shm beside it.
                private_dir = tempfiles.private_dir("readonly")
                source = private_dir / path.name
                tempfiles.copy_private(path, source)
                tempfiles.copy_private(path.with_name(path.name + "-wal"), Path(f"{source}-wal"))
            uri = integrity.readonly_uri(source)
            try:
                conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            except sqlite3.Error as exc:
                tempfiles.remove_dir(private_dir)
                raise RegisterError(f"无法读取登记簿文件 {path}：{exc}") from exc
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                # Owner-only (POSIX); SQLite gives the -wal and -shm files the same mode.
                path.touch(mode=0o600)
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                # FULL: a saved application survives a power cut too, not only a crash (NORMAL may
                # roll back the last commits). One fsync per save: ~3 ms here, see docs/safety.md.
                conn.execute("PRAGMA synchronous = FULL")
            register = cls(conn, path, readonly=readonly)
            register._private_dir = private_dir
            if not readonly:
                register._migrate()
            elif register.schema_version() != SCHEMA_VERSION:
                raise RegisterError(f"登记簿 {path} 的版本与本程序不符，无法以只读方式打开")
        except sqlite3.DatabaseError as exc:
            conn.close()
            tempfiles.remove_dir(private_dir)
            raise RegisterError(describe_sqlite_error(path, exc)) from exc
        except BaseException:
            conn.close()
            tempfiles.remove_dir(private_dir)
            raise
        return register

    @classmethod
    def open_writer(
        cls,
        path: str | Path,
        *,
        wait_seconds: float = 0.0,
        on_damaged: Callable[..., bool] | None = None,
        backup_on_open: bool = False,
        full_check: bool = True,
        today: date | None = None,
    ) -> OpenedRegister:
        """The register for writing: ALWAYS the one-writer lock and the integrity check.

        Every command that writes (`import-ledger`, `holidays import`, …) opens through here, never
        through `open`: another holder makes it raise RegisterError naming who (RegisterBusy), a
        read-only file or folder raises RegisterError saying so, and a damaged file raises
        RegisterDamaged (nothing is ever written into it). `full_check` runs `PRAGMA quick_check`
        whatever today's check said, so a page damaged after the morning check is found before
        a command writes (docs/safety.md, F3, F9). Close with `opened.close()` (or `with`).
        """
        from desktop.store.lock import open_register

        return open_register(
            path,
            wait_seconds=wait_seconds,
            on_damaged=on_damaged,
            backup_on_open=backup_on_open,
            today=today,
            writer=True,
            always_quick_check=full_check,
        )

    @classmethod
    def memory(cls) -> Register:
        """An in-memory register, for tests and previews."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        register = cls(conn, Path(":memory:"))
        register._migrate()
        return register

    def sibling(self) -> Register:
        """A second connection to the same file, for the window's background worker.

        No lock and no migration: this process already holds the register (the lock, the schema).
        SQLite serialises the two connections' writes (BEGIN IMMEDIATE, busy timeout); in WAL each
        reader sees the last commit. An in-memory register has no file: it is its own sibling.
        """
        if str(self.path) == ":memory:":
            return self
        if self.readonly:
            from desktop.store import integrity

            # The same way this register was opened: a read-only folder, a private copy.
            source = self.path
            if self._private_dir is not None:
                source = self._private_dir / self.path.name
            uri = integrity.readonly_uri(source)
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=10
            )
            conn.execute("PRAGMA synchronous = FULL")
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        other = type(self)(conn, self.path, readonly=self.readonly)
        other.readonly_reason = self.readonly_reason
        other.user = self.user
        return other

    def close(self) -> None:
        self.conn.close()
        if self._private_dir is not None:
            from desktop.store import tempfiles

            tempfiles.remove_dir(self._private_dir)
            self._private_dir = None

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise RegisterError(
                f"登记簿 {self.path} 由更新版本的程序创建（版本 {version}），请升级本程序后再打开"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                MIGRATIONS[target - 1](self.conn)
                if target == 1:
                    self._seed_bundled_calendar()
                if target == V2_RULES_VERSION and version >= 1:
                    self._rederive_for_v2_rules()
                self.conn.execute(f"PRAGMA user_version = {target}")

    def _rederive_for_v2_rules(self) -> None:
        """Contract v2 moved the due dates of exactly these rows: a consultation (now capped, or
        not pausing under 2008 rules), a fee notice (now pausing only from 2021 under 2019 rules),
        or a date counted through an unknown year (statutory holidays now off, decision 6)."""
        self._rederive(
            "consultation_sent_date IS NOT NULL OR fee_notice_date IS NOT NULL "
            "OR due_confirmed = 0",
            [],
            None,
        )

    def _seed_bundled_calendar(self) -> None:
        off, work, years = bundled_days()
        stamp = now_text()
        self.conn.executemany(
            "INSERT INTO calendar_days (day, kind, name) VALUES (?, 'off', ?)",
            [(d.isoformat(), n) for d, n in sorted(off.items())],
        )
        self.conn.executemany(
            "INSERT INTO calendar_days (day, kind, name) VALUES (?, 'work', ?)",
            [(d.isoformat(), n) for d, n in sorted(work.items())],
        )
        self.conn.executemany(
            "INSERT INTO calendar_years (year, source, added_at) VALUES (?, ?, ?)",
            [(y, BUNDLED_SOURCE, stamp) for y in sorted(years)],
        )

    # ------------------------------------------------------------ transactions
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: all of it commits, or none of it."""
        if self.readonly:
            raise RegisterError("登记簿以只读方式打开，不能修改")
        self.conn.execute("BEGIN IMMEDIATE")
        self._numbers_read.clear()
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def add_listener(self, callback: Callable[[Changes], None]) -> None:
        self._listeners.append(callback)

    def remove_listener(self, callback: Callable[[Changes], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def notify(self, changes: Changes = EVERYTHING) -> None:
        """Tell the listeners what a commit changed (called after the commit, never inside it)."""
        if changes.calendar or changes.register_replaced:
            self.invalidate_calendar()  # another connection may have written it
        for callback in list(self._listeners):
            callback(changes)

    # ---------------------------------------------------------------- calendar
    def calendar(self) -> WorkCalendar:
        if self._calendar is None:
            off: dict[date, str] = {}
            work: dict[date, str] = {}
            for row in self.conn.execute("SELECT day, kind, name FROM calendar_days"):
                (off if row["kind"] == "off" else work)[date.fromisoformat(row["day"])] = row[
                    "name"
                ]
            years = frozenset(r[0] for r in self.conn.execute("SELECT year FROM calendar_years"))
            self._calendar = WorkCalendar(off, work, years)
        return self._calendar

    def invalidate_calendar(self) -> None:
        self._calendar = None

    # ------------------------------------------------------------ applications
    def derive(self, app: Application, today: date | None = None) -> Application:
        """The application with its deadline columns worked out from the rules (never typed)."""
        deadline = answer_deadline(app, self.calendar(), today or date.today())
        return app.replace(answer_due=deadline.due, due_confirmed=deadline.confirmed)

    # ---------------------------------------------------------------- numbering
    def number_pattern(self) -> numbering.NumberPattern:
        """The office's pattern for automatic 申请编号 (default 年份-序号, 2026-0001)."""
        row = self.conn.execute(
            "SELECT value FROM meta WHERE key = ?", (NUMBER_PATTERN_KEY,)
        ).fetchone()
        if row is None:
            return numbering.DEFAULT
        try:
            return numbering.parse_pattern(str(row[0]))
        except numbering.NumberPatternError:
            return numbering.DEFAULT  # a setting damaged outside the program: number as before

    def _counter(self, year: int) -> int:
        row = self.conn.execute(
            "SELECT last FROM number_counters WHERE year = ?", (year,)
        ).fetchone()
        return int(row["last"]) if row else 0

    def _highest_in_use(self, pattern: numbering.NumberPattern, year: int) -> int:
        """The highest sequence of the year among the register's numbers that match the pattern.

        Numbers typed by hand or imported, deleted applications included, and numbers made under
        this pattern before the counter knew it (the pattern chosen after they were entered).
        The fixed text before the sequence bounds an index range; SQL reads the digits between
        the fixed texts, so only that year's numbers are visited.
        """
        before, after = pattern.affixes(year)
        b, a = len(before), len(after)
        digits = f"substr(number, {b + 1}, length(number) - {b + a})"
        sql = (
            f"SELECT max(CAST({digits} AS INTEGER)) FROM applications "
            f"WHERE length(number) > {b + a} "
            f"AND substr(number, length(number) - {a} + 1) = ? "
            f"AND {digits} NOT GLOB '*[^0-9]*' "
            f"AND length(ltrim({digits}, '0')) <= {numbering.MAX_SEQ_DIGITS}"
        )
        params: tuple[str, ...] = (after,)
        if before:
            # Every number starting with `before` sorts in [before, before + U+10FFFF).
            sql += " AND number >= ? AND number < ?"
            params += (before, before + "\U0010ffff")
        row = self.conn.execute(sql, params).fetchone()
        return int(row[0] or 0)

    def peek_number(self, year: int, pattern: numbering.NumberPattern | None = None) -> str:
        """The 申请编号 the next application received in `year` would get (nothing is reserved)."""
        pattern = pattern or self.number_pattern()
        last = max(self._counter(year), self._highest_in_use(pattern, year))
        return pattern.format(year, last + 1)

    def _next_number(self, year: int) -> str:
        """Take the next number of the year. The counter only goes up: a number once issued, typed
        or imported is never issued again, whatever pattern the office chose meanwhile."""
        pattern = self.number_pattern()
        last = self._counter(year)
        if (pattern.text, year) not in self._numbers_read:
            # Once per pattern and year: from then on every number stored goes through _note_number,
            # so the counter stays ahead. The mark is in the file (a new pattern reads again) and in
            # the transaction (a rollback forgets both the counter and the mark).
            key = f"{NUMBERS_READ_PREFIX}{year}"
            marked = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            if marked is None or marked[0] != pattern.text:
                last = max(last, self._highest_in_use(pattern, year))
                self.conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, pattern.text),
                )
            self._numbers_read.add((pattern.text, year))
        while True:  # a taken number is skipped (the scan reads every number it could clash with)
            last += 1
            number = pattern.format(year, last)
            taken = "SELECT 1 FROM applications WHERE number = ?"
            if not self.conn.execute(taken, (number,)).fetchone():
                break
        self.conn.execute(
            "INSERT INTO number_counters (year, last) VALUES (?, ?) "
            "ON CONFLICT (year) DO UPDATE SET last = excluded.last",
            (year, last),
        )
        return number

    def _note_number(self, number: str) -> None:
        """Keep the counter ahead of a number given by hand, so it is never issued again."""
        read = self.number_pattern().parse(number)
        if read is None:
            return
        year, seq = read
        self.conn.execute(
            "INSERT INTO number_counters (year, last) VALUES (?, ?) "
            "ON CONFLICT (year) DO UPDATE SET last = max(last, excluded.last)",
            (year, seq),
        )

    def _audit(
        self, application_id: int | None, action: str, field: str = "", before=None, after=None
    ) -> None:
        self.conn.execute(
            "INSERT INTO audit_log (at, user, application_id, action, field, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (now_text(), self.user, application_id, action, field, before, after),
        )

    def _insert(self, app: Application) -> Application:
        errors = validate(app)
        if errors:
            raise ValidationError(errors)
        if app.number:
            exists = self.conn.execute(
                "SELECT 1 FROM applications WHERE number = ?", (app.number,)
            ).fetchone()
            if exists:
                raise DuplicateNumberError(app.number)
            self._note_number(app.number)
        else:
            app = app.replace(number=self._next_number(app.receipt_date.year))
        app = self.derive(app)
        row = rowmap.to_row(app)
        stamp = now_text()
        row.update(search_text=search_text_of(app), created_at=stamp, updated_at=stamp)
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self.conn.execute(
            f"INSERT INTO applications ({columns}) VALUES ({marks})", tuple(row.values())
        )
        app = app.replace(id=cursor.lastrowid)
        for name in rowmap.STORED_FIELDS:
            value = row[name]
            if value not in (None, "", 0) and name not in ("answer_due", "due_confirmed"):
                self._audit(app.id, "create", name, None, str(value))
        return app

    def _note_lock(
        self, note: LockNote | None, action: str, subject: str, application_id: int | None
    ) -> None:
        """A write that moves submitted figures (issue 14's year lock) logs its reason with it."""
        if note is not None and note.locks:
            record_change(self.conn, self.user, note, action, subject, application_id)

    def add(self, app: Application, *, lock_note: LockNote | None = None) -> Application:
        """Validate, number and store a new application. Raises ValidationError, DuplicateNumberError."""
        with self.transaction():
            saved = self._insert(app)
            self._note_lock(lock_note, ADDED, saved.number, saved.id)
        self.notify(APPLICATIONS)
        return saved

    def add_many(self, apps: Iterable[Application]) -> list[Application]:
        """Store many applications in one transaction: all of them, or none."""
        with self.transaction():
            saved = [self._insert(app) for app in apps]
        self.notify(APPLICATIONS)
        return saved

    def update(self, app: Application, *, lock_note: LockNote | None = None) -> Application:
        """Save changes to an existing application; each changed field goes into the audit log."""
        if app.id is None:
            raise ValueError("update() needs an application that has an id")
        errors = validate(app)
        if errors:
            raise ValidationError(errors)
        with self.transaction():
            old = self.get(app.id)
            if old is None:
                raise KeyError(app.id)
            if app.number != old.number:
                clash = self.conn.execute(
                    "SELECT 1 FROM applications WHERE number = ? AND id != ?", (app.number, app.id)
                ).fetchone()
                if clash:
                    raise DuplicateNumberError(app.number)
                self._note_number(app.number)
            app = self.derive(app)
            new_row, old_row = rowmap.to_row(app), rowmap.to_row(old)
            changed = {k: v for k, v in new_row.items() if v != old_row[k]}
            if changed:
                changed["search_text"] = search_text_of(app)
                changed["updated_at"] = now_text()
                sets = ", ".join(f"{k} = ?" for k in changed)
                self.conn.execute(
                    f"UPDATE applications SET {sets} WHERE id = ?", (*changed.values(), app.id)
                )
                for name in changed:
                    if name in rowmap.STORED_FIELDS and name not in ("answer_due", "due_confirmed"):
                        before, after = old_row[name], new_row[name]
                        self._audit(
                            app.id,
                            "update",
                            name,
                            None if before is None else str(before),
                            None if after is None else str(after),
                        )
            self._note_lock(lock_note, EDITED, app.number, app.id)
        self.notify(APPLICATIONS)
        return app

    def get(self, application_id: int) -> Application | None:
        row = self.conn.execute(
            f"SELECT {rowmap.SELECT_COLUMNS} FROM applications WHERE id = ?", (application_id,)
        ).fetchone()
        return rowmap.from_row(row) if row else None

    def get_by_number(self, number: str) -> Application | None:
        row = self.conn.execute(
            f"SELECT {rowmap.SELECT_COLUMNS} FROM applications WHERE number = ?", (number,)
        ).fetchone()
        return rowmap.from_row(row) if row else None

    def is_deleted(self, application_id: int) -> bool:
        row = self.conn.execute(
            "SELECT deleted_at FROM applications WHERE id = ?", (application_id,)
        ).fetchone()
        return bool(row and row["deleted_at"])

    def _number_of(self, application_id: int) -> str:
        row = self.conn.execute(
            "SELECT number FROM applications WHERE id = ?", (application_id,)
        ).fetchone()
        return row["number"] if row else ""

    def delete(self, application_id: int, *, lock_note: LockNote | None = None) -> None:
        """Soft delete: the row stays, marked, and can be restored; statistics ignore it."""
        with self.transaction():
            self.conn.execute(
                "UPDATE applications SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (now_text(), application_id),
            )
            self._audit(application_id, "delete")
            self._note_lock(lock_note, DELETED, self._number_of(application_id), application_id)
        self.notify(APPLICATIONS)

    def undelete(self, application_id: int, *, lock_note: LockNote | None = None) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE applications SET deleted_at = NULL WHERE id = ?", (application_id,)
            )
            self._audit(application_id, "undelete")
            self._note_lock(lock_note, RESTORED, self._number_of(application_id), application_id)
        self.notify(APPLICATIONS)

    def all_applications(self, *, include_deleted: bool = False) -> Iterator[Application]:
        """Every application in number order, streamed (never a list of the whole register)."""
        where = "" if include_deleted else "WHERE deleted_at IS NULL"
        for row in self.conn.execute(
            f"SELECT {rowmap.SELECT_COLUMNS} FROM applications {where} ORDER BY receipt_date, number"
        ):
            yield rowmap.from_row(row)

    def count(self) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM applications WHERE deleted_at IS NULL"
        ).fetchone()[0]

    def recompute_deadlines(self, today: date | None = None, *, year: int | None = None) -> int:
        """Re-derive stored due dates (after the calendar changed). Returns rows changed.

        With `year` (a notice was imported), only rows whose counting can touch the days that notice
        governs are re-derived: received by 31 Dec of that year and due (or undated) on or after
        25 Dec of the year before. Every other row counted none of the changed days.
        """
        with self.transaction():
            changed = self.rederive_in_transaction(today, year=year)
        self.notify(APPLICATIONS)
        return changed

    def rederive_in_transaction(self, today: date | None = None, *, year: int | None = None) -> int:
        """The work of `recompute_deadlines`, inside a transaction the caller already holds."""
        where, params = "1", []
        if year is not None:
            where = "receipt_date <= ? AND (answer_due IS NULL OR answer_due >= ?)"
            params = [f"{year:04d}-12-31", f"{year - 1:04d}-12-25"]
        return self._rederive(where, params, today)

    def refresh_provisional_deadlines(self, today: date | None = None) -> int:
        """Bring forward the due dates that depend on today (docs/deadlines.md): open applications
        with a consultation or fee notice unanswered, or a 补正 awaited. Call on open and daily."""
        if self.readonly:
            return 0
        where = (
            "answer_date IS NULL AND deleted_at IS NULL AND ("
            "(consultation_sent_date IS NOT NULL AND consultation_received_date IS NULL) OR "
            "(fee_notice_date IS NOT NULL AND fee_paid_date IS NULL) OR "
            "(correction_notice_date IS NOT NULL AND correction_received_date IS NULL))"
        )
        with self.transaction():
            changed = self._rederive(where, [], today)
        if changed:
            self.notify(APPLICATIONS)
        return changed

    def _rederive(self, where: str, params: list, today: date | None) -> int:
        changed: list[tuple[str | None, int, int]] = []
        for row in self.conn.execute(
            f"SELECT {rowmap.SELECT_COLUMNS} FROM applications WHERE {where}", params
        ):
            app = rowmap.from_row(row)
            derived = self.derive(app, today)
            due = (derived.answer_due, derived.due_confirmed)
            if due != (app.answer_due, app.due_confirmed) and app.id is not None:
                changed.append((rowmap.iso(derived.answer_due), int(derived.due_confirmed), app.id))
        self.conn.executemany(
            "UPDATE applications SET answer_due = ?, due_confirmed = ? WHERE id = ?", changed
        )
        return len(changed)

    def audit_entries(self, application_id: int) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT at, user, action, field, before, after FROM audit_log "
            "WHERE application_id = ? ORDER BY id",
            (application_id,),
        ).fetchall()
