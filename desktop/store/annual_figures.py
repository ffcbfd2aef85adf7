"""Figures typed in by hand per report year: table 二 (主动公开), the typed-in items of the 2014 统计表, and
the reporting unit's name. They live in the `annual_figures` table (year, key, value as typed).

Keys come from the format declarations (`report_formats.figure_key`, `manual_key_2014`,
`UNIT_NAME_KEY`), so the form, the export and the checker agree on them. Saving is one transaction
and every changed figure is written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from desktop.domain import report_formats as rf
from desktop.store import settings
from desktop.store.changes import Changes
from desktop.store.register import Register
from desktop.store.year_lock import FIGURES, LockNote, record_change


def get_figures(register: Register, year: int) -> dict[str, str]:
    """Every figure stored for `year`, as typed (key -> text)."""
    return {
        key: value
        for key, value in register.conn.execute(
            "SELECT key, value FROM annual_figures WHERE year = ? ORDER BY key", (year,)
        )
    }


def set_figures(
    register: Register,
    year: int,
    figures: dict[str, str | None],
    *,
    lock_note: LockNote | None = None,
) -> int:
    """Store figures for `year`; an empty or None value removes the figure. Returns figures changed.

    Validation is the caller's (the form parses with report_formats.parse_figure first), so a refused
    form changes nothing.
    """
    old = get_figures(register, year)
    changed = 0
    with register.transaction() as conn:
        for key, value in figures.items():
            value = (value or "").strip()
            before = old.get(key)
            if (before or "") == value:
                continue
            if value:
                conn.execute(
                    "INSERT INTO annual_figures (year, key, value) VALUES (?, ?, ?) "
                    "ON CONFLICT (year, key) DO UPDATE SET value = excluded.value",
                    (year, key, value),
                )
            else:
                conn.execute("DELETE FROM annual_figures WHERE year = ? AND key = ?", (year, key))
            register._audit(None, "figure", f"{year}:{key}", before, value or None)
            changed += 1
        if changed and lock_note is not None and lock_note.locks:
            # A typed figure of a submitted report (issue 14): its reason, in this transaction.
            keys = [k for k in figures if (figures[k] or "").strip() != (old.get(k) or "")]
            subject = "、".join(_figure_name(k) for k in keys)
            record_change(conn, register.user, lock_note, FIGURES, subject)
    if changed:
        register.notify(Changes(figures=True))
    return changed


def _figure_name(key: str) -> str:
    """A stored key as the clerk reads it: 2021.二.规章.本年制发件数 -> 规章·本年制发件数."""
    parts = key.split(".")
    if len(parts) == 4 and parts[1] == "二":
        return f"{parts[2]}·{parts[3]}"
    if key.startswith("2014."):
        try:
            return rf.STATISTICS_2014.item(key.removeprefix("2014.")).label
        except KeyError:
            return key
    return "填报单位" if key == rf.UNIT_NAME_KEY else key


def year_unit_name(register: Register, year: int) -> str:
    """The 填报单位 typed for that year itself ("" when the year has none of its own)."""
    row = register.conn.execute(
        "SELECT value FROM annual_figures WHERE year = ? AND key = ?", (year, rf.UNIT_NAME_KEY)
    ).fetchone()
    return str(row[0]) if row else ""


def unit_name(register: Register, year: int) -> str:
    """The year's 填报单位: the year's own value if typed, else the office name (单位设置), else
    (a register whose office name was never set) the name typed for the latest earlier year."""
    own = year_unit_name(register, year)
    if own:
        return own
    office = settings.get_office_name(register)
    if office:
        return office
    # Fall back to the name given for the most recent earlier year: a unit rarely changes its name.
    row = register.conn.execute(
        "SELECT value FROM annual_figures WHERE key = ? AND year < ? ORDER BY year DESC LIMIT 1",
        (rf.UNIT_NAME_KEY, year),
    ).fetchone()
    return row[0] if row else ""


@dataclass
class ReportFigures:
    table2: dict[str, Decimal | None] = field(default_factory=dict)
    statistics: dict[str, rf.Number | None] = field(default_factory=dict)
    unit: str = ""


def _parsed(text: str | None, column: str, unit: str = "") -> Decimal | None:
    if text is None:
        return None
    try:
        return rf.parse_figure(text, column, unit)
    except ValueError:
        return None  # a figure stored by an older version that no longer parses shows as empty


def figures_for_report(register: Register, year: int, spec: rf.ReportFormat) -> ReportFigures:
    stored = get_figures(register, year)
    figures = ReportFigures(unit=unit_name(register, year))
    if spec.table2 is not None:
        units = spec.table2.figure_units(spec.code)
        for key, _row, column in spec.table2.figure_keys(spec.code):
            figures.table2[key] = _parsed(stored.get(key), column, units[key])
    if spec.statistics is not None:
        for item in spec.statistics.items:
            if item.source == rf.MANUAL:
                figures.statistics[item.key] = _parsed(
                    stored.get(rf.manual_key_2014(item.key)), item.label, item.unit
                )
    return figures
