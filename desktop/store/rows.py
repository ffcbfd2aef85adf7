"""Conversion between an `Application` and its row in the `applications` table."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.domain.application import Application

DATE_FIELDS = (
    "receipt_date",
    "correction_notice_date",
    "correction_received_date",
    "consultation_sent_date",
    "consultation_received_date",
    "fee_notice_date",
    "fee_paid_date",
    "due_override_date",
    "answer_date",
    "review_date",
    "litigation_date",
    "answer_due",
    "review_result_date",
    "litigation_result_date",
)
TEXT_FIELDS = (
    "number",
    "channel",
    "applicant_type",
    "applicant",
    "id_number",
    "phone",
    "content",
    "due_override_reason",
    "review_result",
    "litigation_type",
    "litigation_result",
    "remarks",
    "consultation_party",
    "outcome_2014",
)
# Every column the register stores for an application, except bookkeeping (id, timestamps, search).
STORED_FIELDS: tuple[str, ...] = (
    *TEXT_FIELDS,
    *DATE_FIELDS,
    "outcome",
    "extended",
    "fee_amount_cents",
    "due_confirmed",
    "extension_days",
)
SELECT_COLUMNS = ", ".join(("id", *STORED_FIELDS))


def iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def parse_iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def to_row(app: Application) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(app, name) for name in TEXT_FIELDS}
    row.update({name: iso(getattr(app, name)) for name in DATE_FIELDS})
    row["outcome"] = app.outcome or None
    row["extended"] = int(app.extended)
    row["fee_amount_cents"] = app.fee_amount_cents
    row["due_confirmed"] = int(app.due_confirmed)
    row["extension_days"] = app.extension_days
    return row


def from_row(row: dict[str, Any] | Any) -> Application:
    """Build an Application from a row (sqlite3.Row or dict) selected with SELECT_COLUMNS."""
    get = row.__getitem__
    values: dict[str, Any] = {name: get(name) or "" for name in TEXT_FIELDS}
    values.update({name: parse_iso(get(name)) for name in DATE_FIELDS})
    values["outcome"] = get("outcome") or None
    values["extended"] = bool(get("extended"))
    values["fee_amount_cents"] = get("fee_amount_cents")
    values["due_confirmed"] = bool(get("due_confirmed"))
    values["extension_days"] = get("extension_days")
    values["id"] = get("id")
    return Application(**values)
