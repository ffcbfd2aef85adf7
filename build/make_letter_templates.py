"""Write the initial letter templates, resources/letters/*.docx, with python-docx.

Run from the project folder: `.venv/bin/python build/make_letter_templates.py`. The generated files are
committed; an office edits its copies in Word (its name, wording, seal line) and the program fills the
`{{占位符}}` values listed in desktop.domain.letters.PLACEHOLDERS. Each placeholder is written as a run of
its own here so that a fresh template fills reliably; the filler also copes when Word later splits one.

Layout follows the usual 公文 conventions (GB/T 9704-2012): A4, margins 37/35/28/26 mm, title centred in
宋体 bold 二号 (22 pt), body 仿宋 三号 (16 pt) on a fixed 28 pt line with a two-character first-line
indent, signature and 成文日期 right-aligned, 页码 “— N —” centred in the footer.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.domain import letters as L  # noqa: E402

OUT = ROOT / "resources" / "letters"
BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
BODY_SIZE = Pt(16)
TITLE_SIZE = Pt(22)
_PLACEHOLDER = re.compile(r"(\{\{[^{}]+\}\})")


def _set_font(run, name: str, size, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(
    doc,
    text: str,
    *,
    align=None,
    indent: bool = True,
    title: bool = False,  # type: ignore[no-untyped-def]
    right_indent_chars: int = 0,
):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(36 if title else 28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        fmt.first_line_indent = BODY_SIZE * 2
    if right_indent_chars:
        fmt.right_indent = BODY_SIZE * right_indent_chars
    # Every placeholder in a run of its own: filling never has to stitch runs in a fresh template.
    for part in _PLACEHOLDER.split(text):
        if part:
            run = p.add_run(part)
            if title:
                _set_font(run, TITLE_FONT, TITLE_SIZE, bold=True)
            else:
                _set_font(run, BODY_FONT, BODY_SIZE)
    return p


def _page_number_footer(section) -> None:  # type: ignore[no-untyped-def]
    """页码 as GB/T 9704 prints it: “— 1 —” in 4号 (14 pt) 宋体, so a two-page letter is numbered."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run(text: str = ""):  # type: ignore[no-untyped-def]
        r = p.add_run(text)
        _set_font(r, TITLE_FONT, Pt(14))
        return r

    run("— ")
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        r = run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._element.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._element.append(instr)
        else:
            r.text = text
    run(" —")


def _new_document():  # type: ignore[no-untyped-def]
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number_footer(section)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    return doc


def _letter(kind: L.LetterKind, salutation: str, body: list[str], *, closing: str = "") -> None:
    doc = _new_document()
    _paragraph(doc, "{{机关名称}}", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, title=True)
    _paragraph(doc, "{{标题}}", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, title=True)
    _paragraph(doc, "{{文号}}", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, salutation, indent=False)
    paragraphs = [_paragraph(doc, text) for text in body]
    if closing:
        paragraphs.append(_paragraph(doc, closing))
    tail = [_paragraph(doc, "", indent=False)]
    # Signature block: the seal is pressed over the office name and the date (右空四字).
    tail += [
        _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right_indent_chars=4)
        for text in ("{{机关名称}}", "（盖章）", "{{日期}}")
    ]
    # The date never stands alone on a page, nor with 特此告知 only: the closing and the signature
    # keep with the last paragraph of the text, whose last lines (widow control) go along.
    # (The filler first tightens the line pitch when that brings the letter onto one page.)
    text_end = paragraphs[-2] if closing else paragraphs[-1]
    text_end.paragraph_format.widow_control = True
    for p in [text_end, *paragraphs[-1:], *tail[:-1]]:
        p.paragraph_format.keep_with_next = True
    doc.core_properties.title = kind.title
    doc.core_properties.author = "政府信息公开申请登记簿"
    doc.save(OUT / kind.template)


# {{申请事项}} is 申请获取“…”, or 申请内容为“…” when the request begins with its own 申请公开….
RECEIVED = "本机关于{{收到日期}}收到{{称谓}}提出的政府信息公开申请（申请编号：{{申请编号}}），{{申请事项}}。"
# Answers say whether a consultation was held, worded for 第三方 (第三十二条) or 其他机关 (第三十四条).
ANSWER_RECEIVED = RECEIVED + "{{征求意见情况}}"
ANSWER = (
    "经审查，{{答复理由}}根据《中华人民共和国政府信息公开条例》{{依据条款}}的规定，{{答复决定}}"
)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    _letter(
        L.RECEIPT,
        "{{申请人}}：",
        [
            "本机关于{{收到日期}}收到{{称谓}}以{{申请方式}}方式提出的政府信息公开申请，"
            "{{申请事项}}。该申请已登记，申请编号为{{申请编号}}。",
            "根据《中华人民共和国政府信息公开条例》{{依据条款}}的规定，本机关将自收到申请之日起"
            "20个工作日内予以答复，即不迟于{{答复期限}}；需要延长答复期限的，本机关将另行告知。",
        ],
        closing="特此回执。",
    )
    _letter(
        L.CORRECTION,
        "{{申请人}}：",
        [
            RECEIVED,
            "经审查，{{称谓}}的申请内容不明确。根据《中华人民共和国政府信息公开条例》{{依据条款}}的规定，"
            "请{{称谓}}对以下事项作出补正：{{补正事项}}",
            "请{{称谓}}{{补正期限}}向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。"
            "{{称谓}}无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。",
        ],
        closing="特此告知。",
    )
    _letter(
        L.EXTENSION,
        "{{申请人}}：",
        [
            RECEIVED,
            "因{{延期理由}}，本机关不能在{{答复期限}}前作出答复。经本机关政府信息公开工作机构负责人同意，"
            "根据《中华人民共和国政府信息公开条例》{{依据条款}}的规定，答复期限延长{{延期工作日数}}个工作日，"
            "本机关将于{{延期至}}前作出答复。",
        ],
        closing="特此告知。",
    )
    _letter(
        L.CONSULTATION,
        "{{第三方}}：",
        [
            "本机关于{{收到日期}}收到一份政府信息公开申请（申请编号：{{申请编号}}），{{申请事项}}。"
            "经审查，该政府信息公开后可能损害贵方的合法权益。根据《中华人民共和国政府信息公开条例》"
            "{{依据条款}}的规定，现书面征求贵方意见。",
            "请贵方自收到本意见书之日起{{征求意见期限}}内向本机关提出书面意见；不同意公开的，请说明理由。"
            "贵方逾期未提出意见的，本机关将依照《中华人民共和国政府信息公开条例》的规定决定是否公开。"
            "贵方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，"
            "可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。",
        ],
        closing="特此函询。",
    )
    _letter(
        L.CONSULTATION_ORGAN,
        "{{被征求意见机关}}：",
        [
            "本机关于{{收到日期}}收到一份政府信息公开申请（申请编号：{{申请编号}}），{{申请事项}}。"
            "经审查，{{征求意见事由}}。根据《中华人民共和国政府信息公开条例》{{依据条款}}的规定，"
            "现征求贵机关意见。",
            "请贵机关自收到本意见书之日起{{征求意见期限}}内向本机关提出意见；"
            "逾期未提出意见的，视为同意公开。",
        ],
        closing="特此函询。",
    )
    _letter(
        L.ANSWER_GRANT,
        "{{申请人}}：",
        [ANSWER_RECEIVED, ANSWER, "{{权利告知}}"],
        closing="特此告知。",
    )
    _letter(
        L.ANSWER_PARTIAL,
        "{{申请人}}：",
        [ANSWER_RECEIVED, ANSWER, "对不予公开的内容，理由如下：{{不予公开理由}}", "{{权利告知}}"],
        closing="特此告知。",
    )
    for kind in (L.ANSWER_DENY, L.ANSWER_UNABLE, L.ANSWER_REJECT):
        _letter(
            kind, "{{申请人}}：", [ANSWER_RECEIVED, ANSWER, "{{权利告知}}"], closing="特此告知。"
        )
    for kind in L.LETTER_KINDS:
        print(OUT / kind.template)


if __name__ == "__main__":
    main()
