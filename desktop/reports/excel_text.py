"""Writing typed text into Excel safely: as text, never as a formula (issue 2; formula injection).

Clerks and applicants type free text (names, the content of a request, remarks). A value such as
`=HYPERLINK(...)`, `+86 138…`, `-3` or `@SUM(…)` must reach the workbook as the text it is: openpyxl
would store a string starting with "=" as a formula, and Excel re-reads a cell starting with = + - @
as a formula as soon as someone edits it. Every Excel writer in the project goes through this
module for text that came from a person:

- `text_cell(ws, value)` for write-only worksheets (`ws.append([...])` rows);
- `set_text(cell, value)` for cells of an ordinary worksheet;
- `xlsx_stream.StreamingSheetWriter` (the big ledger export) applies the same `looks_like_formula`
  and `clean_text` rules to the XML it writes itself.

Risky text gets the string type explicitly plus Excel's quote prefix (the hidden apostrophe), so it
stays text even after a user edits the cell. Characters XML cannot hold (control characters pasted
from other programs) are dropped instead of making the whole export fail.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.cell.cell import WriteOnlyCell as _WriteOnlyCell

# Leading characters spreadsheet programs read as the start of a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@")
# Blanks that Excel and LibreOffice skip before looking for a formula trigger.
_SKIPPED_BLANKS = " \t\r\n\u3000"


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet program could take this text for a formula."""
    return text.lstrip(_SKIPPED_BLANKS).startswith(FORMULA_TRIGGERS)


# Also outside XML 1.0 and not caught by openpyxl: lone surrogates and the non-characters U+FFFE/F.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """The text without characters an xlsx file cannot contain (tab, CR and LF are kept)."""
    return _NOT_XML.sub("", ILLEGAL_CHARACTERS_RE.sub("", text))


def text_cell(ws: Any, value: str | None) -> Any:
    """What to put in a write-only row for a person's text: a plain str when harmless, else a
    string-typed cell with the quote prefix. `None` and "" give `None` (an empty cell)."""
    if not value:
        return None
    text = clean_text(str(value))
    if not looks_like_formula(text):
        return text  # openpyxl stores it as a string already: only "=…" would become a formula
    cell = _WriteOnlyCell(ws)
    _force_text(cell, text)
    return cell


def set_text(cell: Cell, value: str | None) -> Cell:
    """Put a person's text into a cell of an ordinary worksheet, as text."""
    if not value:
        cell.value = None
        return cell
    text = clean_text(str(value))
    if looks_like_formula(text):
        _force_text(cell, text)
    else:
        cell.value = text
    return cell


def _force_text(cell: Any, text: str) -> None:
    cell.value = text  # may set data_type "f" for "=…"
    cell.data_type = "s"  # so the file says: this is a string
    cell.quotePrefix = True  # and Excel keeps it a string when the cell is edited
