"""文书 as use cases: which letters fit an application, what the chosen one will say, writing it.

The letters dialog (desktop/ui/letters_dialog.py) only shows what these return and collects what the
clerk types; every decision is here or below (desktop.domain.letters decides what fits and why not,
desktop.reports.letters fills the Word template and records the number). The window runs them on its
worker (desktop.ui.ops): `generate` writes the register (the letter's number) and a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.domain import letters as rules
from desktop.domain.application import Application
from desktop.domain.letters import LetterError, LetterKind, LetterRecord
from desktop.reports import letters as gen
from desktop.store import settings
from desktop.store.letters_store import letters_for
from desktop.store.register import Register

__all__ = [
    "LetterChoice",
    "LetterContext",
    "LetterPreview",
    "context",
    "docx_path",
    "generate",
    "issued",
    "kind_defaults",
    "needs_office_name",
    "preview",
]

PENDING = "（待填写）"  # shown in the preview for a required value not typed yet


@dataclass(frozen=True)
class LetterChoice:
    kind: LetterKind
    reason: str  # why it does not fit the application; "" when it can be issued


@dataclass(frozen=True)
class LetterContext:
    """What the dialog shows on opening: the application, every letter kind, those issued."""

    app: Application
    choices: list[LetterChoice]
    start_kind: str | None  # the letter the clerk most likely needs; None: none fits
    none_fits: str  # why nothing can be issued (when start_kind is None)
    issued: list[LetterRecord]


@dataclass(frozen=True)
class LetterPreview:
    rows: list[tuple[str, str]]  # (label, value) in the order printed
    warnings: list[str]  # statutory date warnings (issued after the deadline, …)
    missing: list[str]  # labels of required values not filled yet
    error: str = ""  # the letter cannot be previewed (the message says why)


def _application(register: Register, application_id: int) -> Application:
    app = register.get(application_id)
    if app is None:
        raise LetterError(f"登记簿中没有这件申请（编号 {application_id}）")
    return app


def context(register: Register, application_id: int) -> LetterContext:
    app = _application(register, application_id)
    choices = [
        LetterChoice(kind, rules.unavailable_reason(kind, app)) for kind in rules.LETTER_KINDS
    ]
    available = rules.available_kinds(app)
    start: str | None = None
    if available:
        # The answer once concluded, else the first that fits.
        start = available[-1].code if app.answer_date else available[0].code
    none_fits = "" if available else rules.unavailable_reason(rules.RECEIPT, app)
    return LetterContext(app, choices, start, none_fits, letters_for(register, application_id))


def kind_defaults(
    app: Application, kind_code: str, folder: Path, today: date | None = None
) -> tuple[date, Path]:
    """The issue date a letter of this kind normally carries, and the file it is saved as."""
    kind = rules.KIND_BY_CODE[kind_code]
    issued_on = rules.default_issue_date(kind, app, today or date.today())
    return issued_on, folder / gen.suggested_file_name(kind, app.number)


def preview(
    register: Register,
    application_id: int,
    kind_code: str,
    issued_on: date,
    extras: Mapping[str, str],
) -> LetterPreview:
    """What the letter will say, with the number it would get (nothing is recorded).

    A required value still being typed shows as （待填写）; an optional one left empty stays empty:
    it changes the letter (e.g. 第三十六条第（五）项). A value not given at all is its default."""
    kind = rules.KIND_BY_CODE[kind_code]
    missing = rules.missing_extras(kind, dict(extras))
    shown = {
        e.key: str(extras.get(e.key, e.default)).strip() or (PENDING if e.required else "")
        for e in kind.extras
    }
    try:
        fields = gen.preview_fields(
            register, application_id, kind, issued_on=issued_on, extras=shown
        )
    except LetterError as exc:
        return LetterPreview([], [], missing, error=str(exc))
    rows = [
        ("标题", fields["标题"]),
        ("机关名称", fields["机关名称"]),
        ("文号（将使用）", fields["文号"]),
        ("致", fields["第三方"] or fields["被征求意见机关"] or fields["申请人"]),
        ("申请编号", fields["申请编号"]),
        ("收到日期", fields["收到日期"]),
        ("申请事项", fields["申请事项"]),
        ("依据条款", "《中华人民共和国政府信息公开条例》" + fields["依据条款"]),
        ("答复期限", fields["答复期限"]),
    ]
    # Every sentence the letter adds, the clerk's typed values included (不予公开理由 was missing).
    for key in (
        "征求意见情况",
        "征求意见事由",
        "补正事项",
        "补正期限",
        "延期理由",
        "延期工作日数",
        "延期至",
        "征求意见期限",
        "答复理由",
        "答复决定",
        "不予公开理由",
    ):
        if fields[key]:
            rows.append((key, fields[key]))
    rows.append(("复议诉讼权利告知", fields["权利告知"] or "无"))
    rows.append(("落款日期", fields["日期"]))
    app = _application(register, application_id)
    warnings = rules.issue_warnings(kind, app, issued_on, register.calendar())
    return LetterPreview(rows, list(warnings), missing)


def needs_office_name(register: Register) -> bool:
    """No office name yet: a letter cannot be signed; the window asks for it first."""
    return not settings.get_office_name(register)


def docx_path(text: str) -> Path | None:
    """The file the clerk named, with .docx added when missing; None when no file was named."""
    path = Path(text.strip())
    if not path.name:
        return None
    if path.suffix.lower() != ".docx":
        path = path.with_name(path.name + ".docx")
    return path


def generate(
    register: Register,
    application_id: int,
    kind_code: str,
    path: Path,
    *,
    issued_on: date,
    extras: Mapping[str, str],
) -> LetterRecord:
    """Write the letter and record its number on the application (one transaction); LetterError
    names what is wrong (no office name, a value missing, the template, the file)."""
    if needs_office_name(register):
        raise LetterError("请先填写机关名称：文书的落款和文号需要它")
    return gen.generate_letter(
        register,
        application_id,
        rules.KIND_BY_CODE[kind_code],
        path,
        issued_on=issued_on,
        extras=dict(extras),
    )


def issued(register: Register, application_id: int) -> list[LetterRecord]:
    """The letters already issued for the application, oldest first."""
    return letters_for(register, application_id)
