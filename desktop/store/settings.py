"""Office settings (单位设置) kept in the register file's `meta` table (key → value).

The office's name (机关名称 on letters, and by default the 填报单位 of every annual report), its
letters' document-number format, the pattern of automatic 申请编号 (decision 8) and the optional
行政复议机关 / 管辖法院 named in the answer letters' rights notice travel with the register, so every
clerk who opens the file prints the same letterhead and numbers the same way. Letter numbers run per year from a counter that only goes up
(`next_letter_sequence`), like application numbers: a number once issued is never issued again.
"""

from __future__ import annotations

import sqlite3

from desktop.domain import numbering
from desktop.domain.letters import (
    DEFAULT_NUMBER_FORMAT,
    LetterError,
    OfficeSettings,
    number_format_error,
)
from desktop.domain.report_formats import UNIT_NAME_KEY
from desktop.store.changes import Changes
from desktop.store.duplicates import UNIT_NAME_KEY as PACKAGE_UNIT_KEY
from desktop.store.register import NUMBER_PATTERN_KEY, Register

OFFICE_NAME = "office.name"
NUMBER_FORMAT = "letters.number_format"
REVIEW_BODY = "office.review_body"  # 行政复议机关, e.g. 某某县人民政府 (optional)
COURT = "office.court"  # 管辖法院, e.g. 某某区人民法院 (optional)
SEQUENCE_PREFIX = "letters.sequence."  # + year
NAME_ASKED = "office.name_asked"  # set once the clerk was asked for the name (ask_office_name_once)
# The office name changes the letters and, by default, every report's 填报单位.
SETTINGS_CHANGED = Changes(letters=True, figures=True)


def _get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _put(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def get_office_name(register: Register) -> str:
    return _get(register.conn, OFFICE_NAME) or ""


def set_office_name(register: Register, name: str) -> None:
    with register.transaction():
        _put(register.conn, OFFICE_NAME, name.strip())
    register.notify(SETTINGS_CHANGED)


def guess_office_name(register: Register) -> str:
    """A name to offer when the office name was never set: the 填报单位 typed for the latest year,
    else the unit named in an imported data package; "" when the register knows none."""
    row = register.conn.execute(
        "SELECT value FROM annual_figures WHERE key = ? AND value != '' ORDER BY year DESC LIMIT 1",
        (UNIT_NAME_KEY,),
    ).fetchone()
    if row:
        return str(row[0]).strip()
    return (_get(register.conn, PACKAGE_UNIT_KEY) or "").strip()


def take_office_name_question(register: Register) -> bool:
    """True the first time only: the clerk is asked for the office name once per register."""
    if _get(register.conn, NAME_ASKED):
        return False
    with register.transaction():
        _put(register.conn, NAME_ASKED, "1")
    return True


def get_number_format(register: Register) -> str:
    return _get(register.conn, NUMBER_FORMAT) or DEFAULT_NUMBER_FORMAT


def set_number_format(register: Register, fmt: str) -> None:
    """Store the 文号 format; refuses one without the {号} sequence token."""
    fmt = fmt.strip()
    error = number_format_error(fmt)
    if error:
        raise LetterError(error)
    with register.transaction():
        _put(register.conn, NUMBER_FORMAT, fmt)


def get_number_pattern(register: Register) -> str:
    """The pattern of automatic 申请编号 as the office typed it (default {年}-{序号:4})."""
    return register.number_pattern().text


def set_number_pattern(register: Register, pattern: str) -> None:
    """Store the pattern; refuses (NumberPatternError, naming 申请编号格式) a pattern that cannot be used."""
    checked = numbering.parse_pattern(pattern)
    with register.transaction():
        _put_pattern(register, checked)
    register.notify(SETTINGS_CHANGED)


def _put_pattern(register: Register, pattern: numbering.NumberPattern) -> None:
    before = register.number_pattern().text
    if before == pattern.text:
        return
    _put(register.conn, NUMBER_PATTERN_KEY, pattern.text)
    register._audit(None, "setting", NUMBER_PATTERN_KEY, before, pattern.text)


def office_settings(register: Register) -> OfficeSettings:
    return OfficeSettings(
        get_office_name(register),
        get_number_format(register),
        _get(register.conn, REVIEW_BODY) or "",
        _get(register.conn, COURT) or "",
    )


def save_office_settings(
    register: Register, office: OfficeSettings, number_pattern: str | None = None
) -> None:
    """All settings in one transaction: a refused format leaves the others unchanged too.

    number_pattern (the 申请编号 pattern) is left as it is when None; a bad one raises
    NumberPatternError, a bad letter-number format LetterError, before anything is written.
    """
    fmt = office.number_format.strip()
    error = number_format_error(fmt)
    if error:
        raise LetterError(error)
    pattern = None if number_pattern is None else numbering.parse_pattern(number_pattern)
    with register.transaction():
        if pattern is not None:
            _put_pattern(register, pattern)
        _put(register.conn, OFFICE_NAME, office.name.strip())
        _put(register.conn, NUMBER_FORMAT, fmt)
        _put(register.conn, REVIEW_BODY, office.review_body.strip())
        _put(register.conn, COURT, office.court.strip())
    register.notify(SETTINGS_CHANGED)


def peek_letter_sequence(register: Register, year: int) -> int:
    """The sequence number the next letter of that year will get (nothing is reserved)."""
    return int(_get(register.conn, f"{SEQUENCE_PREFIX}{year}") or 0) + 1


def next_letter_sequence(conn: sqlite3.Connection, year: int) -> int:
    """Take the next sequence number of the year. Call inside `Register.transaction()`."""
    key = f"{SEQUENCE_PREFIX}{year}"
    last = int(_get(conn, key) or 0) + 1
    _put(conn, key, str(last))
    return last
