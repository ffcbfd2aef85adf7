"""Letters as .docx files: fill an office's template with the values the letter rules give.

The wording rules (which letter, which article, which sentences, the rights notice) are in
desktop.domain.letters; this module only opens the template, substitutes every `{{占位符}}`, takes the
letter's number from the register and saves the file, all in one transaction, so a letter that could
not be written never uses up a number.

Templates: the office's own copies in `<data folder>/letters/` (edited in Word), else the bundled ones
in resources/letters/. Word often splits text typed into a template over several runs
(`{{申`, `请人}}`); the filler works on the paragraph's whole text and keeps the formatting of the run
where each placeholder starts.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

from desktop.domain import letters as rules
from desktop.domain.letters import LetterError, LetterKind, LetterRecord, OfficeSettings
from desktop.resources import resource_path
from desktop.store import settings
from desktop.store.changes import Changes
from desktop.store.letters_store import record_letter
from desktop.store.location import data_dir
from desktop.store.outputs import atomic_output, check_output
from desktop.store.register import Register

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class LetterTemplateError(LetterError):
    """A template that cannot be filled (missing, unreadable, or with an unknown placeholder)."""


# ------------------------------------------------------------------------------ templates


# python-docx takes ~0.5 s to import: it is loaded when a letter is written (on the worker), not
# when the letters dialog opens on the GUI thread.
def qn(tag: str) -> str:
    from docx.oxml.ns import qn as docx_qn

    return docx_qn(tag)


def OxmlElement(tag: str):  # noqa: N802 (python-docx's name)
    from docx.oxml import OxmlElement as docx_element

    return docx_element(tag)


def bundled_templates_dir() -> Path:
    return resource_path("letters")


def office_templates_dir() -> Path:
    """Where the office keeps its edited templates (copied from the bundled ones on request)."""
    return data_dir() / "letters"


def ensure_office_templates() -> Path:
    """Copy every bundled template the office does not have yet; never overwrite an edited one."""
    target = office_templates_dir()
    target.mkdir(parents=True, exist_ok=True)
    for kind in rules.LETTER_KINDS:
        source = bundled_templates_dir() / kind.template
        if source.exists() and not (target / kind.template).exists():
            shutil.copy2(source, target / kind.template)
    return target


def template_path(kind: LetterKind, template_dir: Path | None = None) -> Path:
    """The template a letter is filled from: given folder, the office's copy, else the bundled one."""
    folders = [template_dir] if template_dir else [office_templates_dir(), bundled_templates_dir()]
    for folder in folders:
        candidate = folder / kind.template
        if candidate.exists():
            return candidate
    raise LetterTemplateError(f"找不到信函模板 {folders[-1] / kind.template}")


# ------------------------------------------------------------------------------ the filler
def _paragraph_elements(doc) -> Iterator:
    """Every w:p of the body (tables included), the headers and the footers."""
    yield from doc.element.body.iter(qn("w:p"))
    for section in doc.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
        ):
            if not part.is_linked_to_previous:
                yield from part._element.iter(qn("w:p"))


def _texts_of(p) -> list:
    """The w:t elements of this paragraph itself (not of a text box nested inside it)."""
    return [t for t in p.iter(qn("w:t")) if next(t.iterancestors(qn("w:p"))) is p]


def _split_lines(t) -> None:
    """A value with line breaks: one w:t per line, separated by w:br in the same run."""
    lines = (t.text or "").split("\n")
    t.text = lines[0]
    anchor = t
    for line in lines[1:]:
        br = OxmlElement("w:br")
        anchor.addnext(br)
        new_t = OxmlElement("w:t")
        new_t.set(_XML_SPACE, "preserve")
        new_t.text = line
        br.addnext(new_t)
        anchor = new_t


def fill_paragraph(p, values: Mapping[str, str]) -> set[str]:
    """Substitute the placeholders of one paragraph, even when split over runs.

    Returns the names found that `values` does not know (left in place).
    """
    texts = _texts_of(p)
    full = "".join(t.text or "" for t in texts)
    if "{{" not in full:
        return set()
    starts: list[int] = []
    position = 0
    for t in texts:
        starts.append(position)
        position += len(t.text or "")

    lengths = [len(t.text or "") for t in texts]

    def locate(index: int) -> tuple[int, int]:
        """(w:t number, offset) of the character at a position of the paragraph's text."""
        for number, start in enumerate(starts):
            if start <= index < start + lengths[number]:
                return number, index - start
        raise IndexError(index)

    unknown: set[str] = set()
    touched: set[int] = set()
    # Right to left, so the offsets of the earlier placeholders stay valid.
    for match in reversed(list(PLACEHOLDER.finditer(full))):
        name = match.group(1)
        if name not in values:
            unknown.add(name)
            continue
        first, first_off = locate(match.start())
        last, last_off = locate(match.end() - 1)
        last_off += 1
        value = values[name]
        if first == last:
            text = texts[first].text or ""
            texts[first].text = text[:first_off] + value + text[last_off:]
        else:
            head = texts[first].text or ""
            texts[first].text = head[:first_off] + value
            for middle in range(first + 1, last):
                texts[middle].text = ""
            tail = texts[last].text or ""
            texts[last].text = tail[last_off:]
            touched.add(last)
        touched.add(first)
    for number in touched:
        texts[number].set(_XML_SPACE, "preserve")
        if "\n" in (texts[number].text or ""):
            _split_lines(texts[number])
    return unknown


def fill_document(doc, values: Mapping[str, str], *, source: str = "") -> None:
    """Fill every placeholder of a document; refuses (LetterTemplateError) an unknown one."""
    unknown: set[str] = set()
    for p in _paragraph_elements(doc):
        unknown |= fill_paragraph(p, values)
    if unknown:
        names = "、".join("{{" + n + "}}" for n in sorted(unknown))
        raise LetterTemplateError(f"信函模板 {source} 中有无法识别的占位符：{names}")


# ------------------------------------------------------------------------------ one page if it can
# GB/T 9704-2012 (7.3.5): when the signature and 成文日期 do not fit under the text, the line and
# character spacing are adjusted rather than letting them stand alone on a page. The bundled templates
# set an exact 28 pt line; a letter that runs a few lines over one page gets a tighter line (down to
# 24 pt, 1.5 times the 16 pt type) so that it ends on page 1. A longer one keeps its 28 pt line, and
# the templates keep the closing and the signature with the last lines of the text (keep with next,
# widow control), so page 2 never holds 特此告知 and the signature alone.
TIGHTEST_LINE_TWIPS = 440  # 22 pt
_BODY_LINE_TWIPS = 560  # 28 pt, the bundled templates' body line
_SAFETY_LINES = 0.6  # estimation slack: punctuation that cannot start a line, wider Latin glyphs


def _twips(element, tag: str, attribute: str) -> int | None:
    found = element.find(qn(tag)) if element is not None else None
    value = found.get(qn(attribute)) if found is not None else None
    return int(value) if value is not None and value.lstrip("-").isdigit() else None


def _text_units(text: str) -> float:
    """Width in em: a CJK character or full-width mark is 1, ASCII about half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def _paragraph_lines(p, text_width: int) -> tuple[int, int] | None:
    """(lines, exact line height in twips) of a body paragraph, or None when not estimable."""
    ppr = p.find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing")) if ppr is not None else None
    if spacing is None or spacing.get(qn("w:lineRule")) != "exact":
        return None
    line = int(spacing.get(qn("w:line")) or 0)
    size = None
    for run in p.iter(qn("w:r")):
        size = _twips(run.find(qn("w:rPr")), "w:sz", "w:val")
        if size:
            break
    em = (size or 32) * 10  # half-points → twips
    indent = ppr.find(qn("w:ind"))
    first = int(indent.get(qn("w:firstLine")) or 0) if indent is not None else 0
    right = int(indent.get(qn("w:right")) or 0) if indent is not None else 0
    per_line = max(1, (text_width - right) // em)
    # Lines broken inside the paragraph (a value typed over several lines) each start afresh.
    segments: list[str] = [""]
    for node in p.iter(qn("w:t"), qn("w:br")):
        if node.tag == qn("w:br"):
            segments.append("")
        else:
            segments[-1] += node.text or ""
    lines = 0
    for number, segment in enumerate(segments):
        units = _text_units(segment) + (first / em if number == 0 else 0)
        lines += max(1, -int(-units // per_line))
    return lines, line


def fit_on_one_page(doc) -> bool:
    """Tighten the body line of a letter that runs just over one page; True when it now fits.

    Works on the estimated layout of the bundled templates (exact line heights); an office's own
    template without them is left as it is (False).
    """
    section = doc.sections[0]
    sect = section._sectPr
    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    if size is None or margins is None:
        return False
    height = (
        int(size.get(qn("w:h"))) - int(margins.get(qn("w:top"))) - int(margins.get(qn("w:bottom")))
    )
    width = (
        int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
    )
    measured = []
    for p in doc.element.body.iter(qn("w:p")):
        estimate = _paragraph_lines(p, width)
        if estimate is None:
            return False
        measured.append((p, *estimate))
    total = sum(lines * line for _p, lines, line in measured)
    body_lines = sum(lines for _p, lines, line in measured if line == _BODY_LINE_TWIPS)
    fixed = total - body_lines * _BODY_LINE_TWIPS
    available = height - _SAFETY_LINES * _BODY_LINE_TWIPS
    if total <= available:
        return True
    if not body_lines:
        return False
    pitch = int((available - fixed) // body_lines) // 10 * 10
    if pitch < TIGHTEST_LINE_TWIPS:
        return False  # a letter of two pages: the templates keep the signature with the text
    for p, _lines, line in measured:
        if line == _BODY_LINE_TWIPS:
            p.find(qn("w:pPr")).find(qn("w:spacing")).set(qn("w:line"), str(pitch))
    return True


def leftover_placeholders(doc) -> list[str]:
    """Placeholders still present in a document (for checks: a filled letter has none)."""
    found: list[str] = []
    for p in _paragraph_elements(doc):
        text = "".join(t.text or "" for t in _texts_of(p))
        found.extend(m.group(0) for m in PLACEHOLDER.finditer(text))
    return found


# ------------------------------------------------------------------------------ generating
def _kind(kind: str | LetterKind) -> LetterKind:
    if isinstance(kind, LetterKind):
        return kind
    if kind not in rules.KIND_BY_CODE:
        raise LetterError(f"未知的信函种类：{kind}")
    return rules.KIND_BY_CODE[kind]


def preview_fields(
    register: Register,
    application_id: int,
    kind: str | LetterKind,
    *,
    office: OfficeSettings | None = None,
    issued_on: date | None = None,
    extras: Mapping[str, str] | None = None,
    today: date | None = None,
) -> dict[str, str]:
    """The values the letter would carry, with the number it would get (nothing is recorded)."""
    letter = _kind(kind)
    app = _application(register, application_id)
    office = office or settings.office_settings(register)
    issued_on = issued_on or rules.default_issue_date(letter, app, today or date.today())
    number = rules.format_letter_number(
        office.number_format,
        issued_on.year,
        settings.peek_letter_sequence(register, issued_on.year),
    )
    return rules.letter_fields(
        letter,
        app,
        register.calendar(),
        office_name=office.name,
        review_body=office.review_body,
        court=office.court,
        number=number,
        issued_on=issued_on,
        extras=extras,
    )


def _application(register: Register, application_id: int):
    app = register.get(application_id)
    if app is None or register.is_deleted(application_id):
        raise LetterError(f"登记簿中没有这件申请（编号 {application_id}），或已被删除")
    return app


def generate_letter(
    register: Register,
    application_id: int,
    kind: str | LetterKind,
    out_path: str | Path,
    *,
    office: OfficeSettings | None = None,
    issued_on: date | None = None,
    extras: Mapping[str, str] | None = None,
    template_dir: Path | None = None,
    today: date | None = None,
) -> LetterRecord:
    """Write the letter to out_path and record its number and date on the application.

    Raises LetterError (message in Chinese) when the letter does not fit the application, a required
    value is missing, or the template cannot be filled; nothing is recorded then.
    """
    letter = _kind(kind)
    if register.readonly:
        raise LetterError(
            register.readonly_reason or "登记簿以只读方式打开，不能出具文书（文号须记入登记簿）"
        )
    app = _application(register, application_id)
    office = office or settings.office_settings(register)
    issued_on = issued_on or rules.default_issue_date(letter, app, today or date.today())
    rules.format_letter_number(
        office.number_format, issued_on.year, 1
    )  # refuses a bad format early
    source = template_path(letter, template_dir)
    fields = rules.letter_fields(
        letter,
        app,
        register.calendar(),
        office_name=office.name,
        review_body=office.review_body,
        court=office.court,
        number="",
        issued_on=issued_on,
        extras=extras,
    )
    try:
        from docx import Document

        doc = Document(str(source))
    except Exception as exc:  # a damaged or non-Word file
        raise LetterTemplateError(f"信函模板 {source} 无法打开：{exc}") from exc
    out_path = Path(out_path)
    with register.transaction():
        record = record_letter(
            register, application_id, letter.code, issued_on, office.number_format
        )
        fields["文号"] = record.number
        fill_document(doc, fields, source=str(source))
        fit_on_one_page(doc)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            check_output(out_path, register=register.path)
            # Owner-only like the exports: a letter names the applicant and the request (F16).
            with atomic_output(out_path, private=True) as temporary:
                doc.save(str(temporary))
        except OSError as exc:
            raise LetterError(f"无法写入文件 {out_path}：{exc}") from exc
    register.notify(Changes(letters=True))
    return dataclasses.replace(record, path=str(out_path))


def suggested_file_name(kind: str | LetterKind, application_number: str) -> str:
    """A file name a clerk recognises: 2026-0012-补正告知书.docx."""
    name = rules.KIND_NAMES[_kind(kind).code]
    # 申请编号 is the office's own text (decision 8): 〔〕 are fine in a file name, / or : are not.
    number = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "-", application_number).strip(" .")
    return f"{number}-{name}.docx"
