"""The register's schema as an ordered list of migrations; `PRAGMA user_version` records how far a file is.

A migration is appended, never edited: a register written by an older program is brought forward on
open, inside one transaction. Dates are ISO text (YYYY-MM-DD), so text order is date order and the
year/date indexes serve range queries.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    receipt_date TEXT NOT NULL,
    applicant_type TEXT NOT NULL,
    applicant TEXT NOT NULL,
    id_number TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL DEFAULT '',
    correction_notice_date TEXT,
    correction_received_date TEXT,
    consultation_sent_date TEXT,
    consultation_received_date TEXT,
    fee_notice_date TEXT,
    fee_paid_date TEXT,
    extended INTEGER NOT NULL DEFAULT 0,
    due_override_date TEXT,
    due_override_reason TEXT NOT NULL DEFAULT '',
    answer_date TEXT,
    outcome TEXT,
    fee_amount_cents INTEGER,
    review_date TEXT,
    review_result TEXT NOT NULL DEFAULT '',
    litigation_type TEXT NOT NULL DEFAULT '',
    litigation_date TEXT,
    litigation_result TEXT NOT NULL DEFAULT '',
    remarks TEXT NOT NULL DEFAULT '',
    answer_due TEXT,
    due_confirmed INTEGER NOT NULL DEFAULT 1,
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX ix_app_receipt ON applications (receipt_date, id);
CREATE INDEX ix_app_answer ON applications (answer_date);
CREATE INDEX ix_app_open_due ON applications (answer_due) WHERE answer_date IS NULL;
CREATE INDEX ix_app_channel ON applications (channel, receipt_date);
CREATE INDEX ix_app_type ON applications (applicant_type, receipt_date);
CREATE INDEX ix_app_outcome ON applications (outcome, answer_date);
CREATE INDEX ix_app_review ON applications (review_date) WHERE review_date IS NOT NULL;
CREATE INDEX ix_app_litigation ON applications (litigation_date) WHERE litigation_date IS NOT NULL;

-- Application numbers never repeat: the counter only goes up, even when rows are deleted.
CREATE TABLE number_counters (year INTEGER PRIMARY KEY, last INTEGER NOT NULL);

-- Search: simplified-Chinese text of applicant and content, trigram-indexed (3+ characters).
CREATE VIRTUAL TABLE applications_fts USING fts5(
    search_text, content='applications', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER applications_fts_ai AFTER INSERT ON applications BEGIN
    INSERT INTO applications_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER applications_fts_ad AFTER DELETE ON applications BEGIN
    INSERT INTO applications_fts (applications_fts, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER applications_fts_au AFTER UPDATE OF search_text ON applications BEGIN
    INSERT INTO applications_fts (applications_fts, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
    INSERT INTO applications_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

-- The working-day calendar: bundled years and years the office added from a notice.
CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
    name TEXT NOT NULL DEFAULT ''
);
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    added_at TEXT NOT NULL
);

-- Append-only audit trail: who changed which field of which application, before and after.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    application_id INTEGER,
    action TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    before TEXT,
    after TEXT
);
CREATE INDEX ix_audit_app ON audit_log (application_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Figures entered by hand per report year (table 二 主动公开, and the like): key -> value.
CREATE TABLE annual_figures (
    year INTEGER NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (year, key)
);

-- Letters issued for an application (登记回执, 补正告知书, …): their number and date.
CREATE TABLE letters (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_letters_app ON letters (application_id);

-- Data packages taken in from other units, so the same package is never merged twice.
CREATE TABLE imported_packages (
    package_id TEXT PRIMARY KEY,
    unit TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    rows INTEGER NOT NULL
);
"""


def statements(script: str) -> list[str]:
    """Split a script into statements (triggers keep their inner semicolons).

    executescript() would COMMIT first, breaking the one-transaction rule for migrations.
    """
    found: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending!r}")
    return found


def run_script(conn: sqlite3.Connection, script: str) -> None:
    for statement in statements(script):
        conn.execute(statement)


def _v1(conn: sqlite3.Connection) -> None:
    run_script(conn, _V1)


# v2 (issue 4, annual statistics): covering indexes over live rows, so one year's report is read from
# the indexes alone, and an index on the answer lag, so the longest time any application took is one
# lookup — carry-over (上年结转/结转下年) then scans only receipts within that lag of 1 January instead of
# every earlier year. About 8 s to build on a register of a million applications, once.
_V2 = """
CREATE INDEX IF NOT EXISTS ix_app_received_stats
    ON applications (receipt_date, answer_date, applicant_type, channel)
    WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_app_answered_stats
    ON applications (answer_date, applicant_type, outcome, extended, fee_amount_cents)
    WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_app_lag
    ON applications ((julianday(answer_date) - julianday(receipt_date)));
"""


def _v2(conn: sqlite3.Connection) -> None:
    run_script(conn, _V2)


# v3: the register view's counts at a million rows (bench/bench_register.py, docs/performance.md).
# Live rows only (deleted_at IS NULL), as every count and the default view ask. ix_app_late holds
# just the 逾期办结 rows (about a tenth), with the view's filter columns, so the status bar's
# late count reads it alone instead of every concluded row. The channel and applicant-type indexes
# carry the dates the status counts need, so a filtered count never visits the table.
_V3 = """
CREATE INDEX IF NOT EXISTS ix_app_late
    ON applications (receipt_date, channel, applicant_type, outcome)
    WHERE deleted_at IS NULL AND answer_date > answer_due;
CREATE INDEX IF NOT EXISTS ix_app_live_channel
    ON applications (channel, receipt_date, answer_date, answer_due) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_app_live_type
    ON applications (applicant_type, receipt_date, answer_date, answer_due) WHERE deleted_at IS NULL;
"""


def _v3(conn: sqlite3.Connection) -> None:
    run_script(conn, _V3)


# v4: the soft-deleted rows alone (a handful), so a search-only count can be read off the trigram
# index and the deleted hits subtracted, instead of visiting every hit's row (queries.count).
_V4 = """
CREATE INDEX IF NOT EXISTS ix_app_deleted ON applications (deleted_at) WHERE deleted_at IS NOT NULL;
"""


def _v4(conn: sqlite3.Connection) -> None:
    run_script(conn, _V4)


# v5: live rows in view order, nothing else (about 20 MB at a million rows). The default view walks
# it without visiting deleted rows, the total count reads it alone, and a page deep in the register
# (OFFSET 500,000: dragging the scroll bar to the middle) skips index entries, not table rows:
# ~190 ms → ~17 ms.
_V5 = """
CREATE INDEX IF NOT EXISTS ix_app_live ON applications (receipt_date) WHERE deleted_at IS NULL;
"""


def _v5(conn: sqlite3.Connection) -> None:
    run_script(conn, _V5)


# v6: the outcome filter's counts, like channel and applicant type in v3 (不予公开, a group of eight
# leaves, at a million rows: ~120 ms visiting 60,000 rows → ~10 ms in the index).
_V6 = """
CREATE INDEX IF NOT EXISTS ix_app_live_outcome
    ON applications (outcome, receipt_date, answer_date, answer_due) WHERE deleted_at IS NULL;
"""


def _v6(conn: sqlite3.Connection) -> None:
    run_script(conn, _V6)


# v7: the last two characters of each search text. A two-character search finds the places its pair
# occurs inside a text through the trigram index (every such place begins a trigram) and the texts
# that end with it here (queries.search_hits): ~15 ms instead of a LIKE scan of every row (~400 ms).
_V7 = """
CREATE INDEX IF NOT EXISTS ix_app_tail ON applications (substr(search_text, -2));
"""


def _v7(conn: sqlite3.Connection) -> None:
    run_script(conn, _V7)


# v8 (decision 4): the date a 行政复议 / 行政诉讼 was decided, so table 四 of the filing year counts a
# case decided after 31 December as 尚未审结 even once its result is entered. Existing rows keep NULL
# (a result without a date counts as decided). The audit trail is written field by field from
# rows.STORED_FIELDS, so it covers the new columns without a trigger.
# ALTER TABLE has no IF NOT EXISTS: a column already there (a file whose version was set back) is
# left alone, as the CREATE INDEX IF NOT EXISTS of v2–v7 are.
_V8_COLUMNS = ("review_result_date", "litigation_result_date")


def _v8(conn: sqlite3.Connection) -> None:
    present = {row[1] for row in conn.execute("PRAGMA table_info(applications)")}
    for column in _V8_COLUMNS:
        if column not in present:
            conn.execute(f"ALTER TABLE applications ADD COLUMN {column} TEXT")


# v9 (issue 16): the 规章 and 行政规范性文件 register (contract.md, last section), from which table 二's
# first block is counted. 文号 are compared in a folded form (number_key: 〔〕/[]/【】, full/half width,
# traditional) and unique among live documents only, so a document deleted by mistake can be entered
# again. Its audit trail is a table of its own, append-only like audit_log. The partial indexes serve
# table 二's counts (by category and date) and the due board's two reminders.
_V9 = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    number_key TEXT NOT NULL,
    title TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('规章', '行政规范性文件')),
    issued_date TEXT NOT NULL,
    published_date TEXT,
    repealed_date TEXT,
    valid_until TEXT,
    channel TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    remarks TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_doc_number ON documents (number_key) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_doc_issued ON documents (category, issued_date) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_doc_published
    ON documents (category, published_date) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_doc_repealed
    ON documents (category, repealed_date) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_doc_valid ON documents (valid_until)
    WHERE deleted_at IS NULL AND valid_until IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_doc_unpublished ON documents (issued_date)
    WHERE deleted_at IS NULL AND published_date IS NULL;
CREATE TABLE IF NOT EXISTS document_audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    document_id INTEGER,
    action TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    before TEXT,
    after TEXT
);
CREATE INDEX IF NOT EXISTS ix_doc_audit ON document_audit (document_id, id);
CREATE TRIGGER IF NOT EXISTS document_audit_no_update BEFORE UPDATE ON document_audit BEGIN
    SELECT RAISE(ABORT, 'document_audit is append-only');
END;
CREATE TRIGGER IF NOT EXISTS document_audit_no_delete BEFORE DELETE ON document_audit BEGIN
    SELECT RAISE(ABORT, 'document_audit is append-only');
END;
"""


def _v9(conn: sqlite3.Connection) -> None:
    run_script(conn, _V9)


# v10 (contract v2, decisions 5 and 7): 征求意见对象, 延期工作日数 and 2014格式办理结果. Existing rows keep
# their meaning: '' = 第三方, NULL = the regime's maximum extension, '' = 2014 item from the outcome.
# The due dates the v2 rules move are re-derived on open (Register._migrate, V2_RULES_VERSION).
_V10_COLUMNS = (
    ("consultation_party", "TEXT NOT NULL DEFAULT ''"),
    ("extension_days", "INTEGER"),
    ("outcome_2014", "TEXT NOT NULL DEFAULT ''"),
)


def _v10(conn: sqlite3.Connection) -> None:
    present = {row[1] for row in conn.execute("PRAGMA table_info(applications)")}
    for column, declaration in _V10_COLUMNS:
        if column not in present:
            conn.execute(f"ALTER TABLE applications ADD COLUMN {column} {declaration}")


# v11 (issue 14, the year lock): the reports an office submitted (exported and marked 已报送), with
# their figures as computed then, and an append-only log of what happened to each afterwards: marked,
# withdrawn (撤销报送, with a reason), and every later change of the register that moved one of its
# figures, with the reason the clerk gave. A submission is never deleted or rewritten; withdrawing
# fills its withdrawn_* columns once (the trigger allows nothing else), and submitting again adds a
# new row: at most one live submission per (year, format).
_V11 = """
CREATE TABLE IF NOT EXISTS submitted_reports (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    format TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    cells TEXT NOT NULL,
    report TEXT NOT NULL,
    withdrawn_at TEXT,
    withdrawn_by TEXT,
    withdraw_reason TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_submitted_live
    ON submitted_reports (year, format) WHERE withdrawn_at IS NULL;
CREATE TRIGGER IF NOT EXISTS submitted_reports_no_delete BEFORE DELETE ON submitted_reports BEGIN
    SELECT RAISE(ABORT, 'submitted_reports is append-only');
END;
CREATE TRIGGER IF NOT EXISTS submitted_reports_withdraw_once BEFORE UPDATE ON submitted_reports
WHEN old.withdrawn_at IS NOT NULL OR new.withdrawn_at IS NULL
    OR new.year IS NOT old.year OR new.format IS NOT old.format
    OR new.submitted_at IS NOT old.submitted_at OR new.submitted_by IS NOT old.submitted_by
    OR new.cells IS NOT old.cells OR new.report IS NOT old.report
BEGIN
    SELECT RAISE(ABORT, 'submitted_reports is append-only');
END;
CREATE TABLE IF NOT EXISTS submitted_changes (
    id INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submitted_reports (id),
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS ix_submitted_changes ON submitted_changes (submission_id, id);
CREATE TRIGGER IF NOT EXISTS submitted_changes_no_update BEFORE UPDATE ON submitted_changes BEGIN
    SELECT RAISE(ABORT, 'submitted_changes is append-only');
END;
CREATE TRIGGER IF NOT EXISTS submitted_changes_no_delete BEFORE DELETE ON submitted_changes BEGIN
    SELECT RAISE(ABORT, 'submitted_changes is append-only');
END;
"""


def _v11(conn: sqlite3.Connection) -> None:
    run_script(conn, _V11)


# Append only. The index + 1 is the schema version the migration brings a file to.
MIGRATIONS: list[Migration] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _v9, _v10, _v11]
# The schema version from which stored due dates follow the v2 deadline rules (see _v10).
V2_RULES_VERSION = 10
SCHEMA_VERSION = len(MIGRATIONS)
