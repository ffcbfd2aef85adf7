"""What a database error means, in the store's terms, so the window can word it without SQL.

The window (ui/errors.py) turns the kind into a sentence for the clerk; it never imports sqlite3.
"""

from __future__ import annotations

import sqlite3
from typing import Literal

DatabaseFailure = Literal["disk full", "locked", "damaged"]


def database_failure(exc: BaseException) -> DatabaseFailure | None:
    """The kind of a database error, or None if `exc` is not one."""
    if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc):
        return "disk full"
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return "locked"
    if isinstance(exc, sqlite3.DatabaseError):
        return "damaged"
    return None
