"""Use cases of the 规章 and 行政规范性文件 register (contract.md, last section), Qt-free.

`ogi import-documents` / `ogi export-documents` and the document window call these same functions.
"""

from __future__ import annotations

from pathlib import Path

from desktop.reports import documents_io
from desktop.reports.documents_io import DocumentImportResult, DocumentReadResult
from desktop.store.register import Register


def preview_documents(path: str | Path) -> DocumentReadResult:
    """Read a document list (title rows, dates in every form, 类别 written loosely): what would be
    imported and every refused cell, naming row and column. Nothing is written."""
    return documents_io.read_documents(path)


def import_documents(
    register: Register,
    path: str | Path,
    *,
    read: DocumentReadResult | None = None,
    reason: str | None = None,
) -> DocumentImportResult:
    """Add a document list to the register, all or nothing; a 文号 already in the register is refused.
    `read` may be the preview of the same file, so it is not read twice. Issue 14's year lock: a
    list that changes table 二 of a submitted report needs a `reason` (year_lock.ReasonRequired,
    nothing stored), logged with the import."""
    from desktop.ops import year_lock

    guard = year_lock.document_guard(register, reason, f"导入文件清单 {Path(path).name}")
    return documents_io.import_documents(register, path, read=read, before_commit=guard)


def export_documents(register: Register, out: str | Path, *, traditional: bool = False) -> int:
    """Write the register's live documents as the contract's workbook; returns how many."""
    return documents_io.write_documents(register, out, traditional=traditional)
