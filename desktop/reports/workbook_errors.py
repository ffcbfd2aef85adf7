"""What openpyxl raises on a file that is not a workbook or is damaged.

One list for every reader, so a damaged .xlsx always gets "文件已损坏" and never the generic
error dialog. openpyxl reads the zip lazily: a damaged compressed part surfaces as zlib.error,
a damaged sheet as an XML ParseError, a truncated member as EOFError, a damaged header as
RuntimeError, possibly only while rows
are read (read-only mode), so callers wrap the reading of rows too, not only load_workbook.
"""

from __future__ import annotations

import zipfile
import zlib

from openpyxl.utils.exceptions import InvalidFileException

DAMAGED_WORKBOOK_ERRORS: tuple[type[BaseException], ...] = (
    InvalidFileException,
    zipfile.BadZipFile,
    zlib.error,
    # Damaged sheet XML: xml.etree's ParseError and lxml's XMLSyntaxError are both SyntaxErrors.
    SyntaxError,
    EOFError,
    # zipfile: a damaged compression-method field (NotImplementedError, a RuntimeError) or an
    # encrypted member ("password required").
    RuntimeError,
    # Damaged XML that still parses: openpyxl then trips over missing parts, bad indexes (a
    # style number beyond the list) and wrong types.
    LookupError,
    AttributeError,
    ValueError,
    TypeError,
)
