"""Use cases of the 期限计算过程 (deadline evidence), Qt-free: `ogi deadline` and the form call these.

The PDF is drawn by Qt (desktop/ui/printing.py: the same page as on paper, offline in the bundle);
this layer gives the evidence, its HTML and its .docx.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.domain.application import Application
from desktop.domain.deadline_evidence import DeadlineEvidence, deadline_evidence
from desktop.reports.evidence_docs import evidence_html, write_evidence_docx
from desktop.store.register import Register
from desktop.store.settings import get_office_name


def find_application(register: Register, number: str) -> Application | None:
    """The application with this 申请编号, verbatim (decision 8), deleted ones included."""
    return register.get_by_number(number)


def evidence_of(
    register: Register, app: Application, today: date | None = None
) -> DeadlineEvidence:
    """The application's 期限计算过程 on the register's calendar."""
    return deadline_evidence(app, register.calendar(), today or date.today())


def office_name(register: Register) -> str:
    return get_office_name(register).strip()


def evidence_page(register: Register, app: Application, today: date | None = None) -> str:
    """The HTML page printed and turned into PDF."""
    today = today or date.today()
    return evidence_html(
        evidence_of(register, app, today), office=office_name(register), today=today
    )


def export_evidence_docx(
    register: Register, app: Application, path: str | Path, today: date | None = None
) -> Path:
    today = today or date.today()
    evidence = evidence_of(register, app, today)
    return write_evidence_docx(evidence, path, office=office_name(register), today=today)
