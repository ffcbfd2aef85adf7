"""Letters written as .docx from the bundled templates and read back with python-docx."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

from desktop.domain import letters as L
from desktop.domain.application import Application
from desktop.reports import letters as gen
from desktop.store import settings
from desktop.store.letters_store import all_letter_numbers, letters_for

OFFICE = L.OfficeSettings("某市自然资源和规划局", "某自然资公开〔{年}〕{号}号")
EXTRAS = {
    "第三方": "某某置业有限公司",
    "不予公开理由": "其中涉及他人身份证号码的内容属于个人隐私（第十五条）。",
    "补正事项": "请写明所需文件的名称或文号。",
    "被征求意见机关": "某市住房和城乡建设局",
}


def make(**kw) -> Application:
    base = dict(
        receipt_date=date(2026, 3, 2),
        channel="当面",
        applicant_type="自然人",
        applicant="王小明",
        content="某某路拓宽工程征收补偿方案",
    )
    base.update(kw)
    return Application(**base)


def text_of(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join(p.text for p in doc.paragraphs)


# (kind, outcome, expected article text in the letter)
CASES = [
    ("receipt", None, "第三十三条第二款"),
    ("correction", None, "第三十条"),
    ("extension", None, "第三十三条第二款"),
    ("consultation", None, "第三十二条"),
    ("consultation.organ", None, "第三十四条"),
    ("answer.grant", "grant", "第三十六条第（二）项"),
    ("answer.partial", "partial", "第三十七条"),
    ("answer.deny", "deny.third_party", "第十五条、第三十六条第（三）项"),
    ("answer.unable", "unable.create", "第三十八条"),
    ("answer.reject", "reject.petition", "第三十九条第一款"),
]


@pytest.mark.parametrize(("kind", "outcome", "article"), CASES)
def test_each_letter_carries_applicant_number_dates_article_and_notice(
    register, tmp_path, kind, outcome, article
):
    answered = {"answer_date": date(2026, 3, 25), "outcome": outcome} if outcome else {}
    app = register.add(make(**answered))
    out = tmp_path / f"{kind}.docx"
    record = gen.generate_letter(
        register, app.id, kind, out, office=OFFICE, extras=EXTRAS, today=date(2026, 3, 6)
    )
    text = text_of(out)
    assert "{{" not in text and "}}" not in text
    assert gen.leftover_placeholders(Document(str(out))) == []
    assert record.number == "某自然资公开〔2026〕1号" and record.number in text
    assert OFFICE.name in text
    if kind == "consultation":
        # Addressed to the third party; the applicant's name is not disclosed to it.
        assert "某某置业有限公司：" in text and "王小明" not in text
    elif kind == "consultation.organ":
        assert "某市住房和城乡建设局：" in text and "王小明" not in text
    else:
        assert "王小明：" in text
    assert app.number in text
    assert "2026年3月2日" in text  # 收到日期
    assert f"《中华人民共和国政府信息公开条例》{article}的规定" in text
    kind_rule = L.KIND_BY_CODE[kind]
    notice = kind_rule.rights_notice_text(record.issued_on)
    assert bool(notice) == kind_rule.rights_notice
    if notice:
        assert notice in text
    if kind in ("answer.deny", "answer.partial"):
        assert notice == L.RIGHTS_NOTICE_REVIEW_FIRST  # 行政复议法第二十三条 (2024-)
    issued = (
        date(2026, 3, 25)
        if outcome
        else (date(2026, 3, 2) if kind == "receipt" else date(2026, 3, 6))
    )
    assert record.issued_on == issued
    assert text.rstrip().endswith(L.chinese_date(issued))
    assert [r.number for r in letters_for(register, app.id)] == [record.number]


def test_kind_specific_sentences(register, tmp_path):
    app = register.add(make())
    gen.generate_letter(
        register, app.id, "extension", tmp_path / "e.docx", office=OFFICE, today=date(2026, 3, 20)
    )
    assert "本机关将于2026年4月28日前作出答复" in text_of(tmp_path / "e.docx")
    gen.generate_letter(
        register,
        app.id,
        "correction",
        tmp_path / "c.docx",
        office=OFFICE,
        extras=EXTRAS,
        today=date(2026, 3, 5),
    )
    text = text_of(tmp_path / "c.docx")
    assert "请写明所需文件的名称或文号。" in text and "自收到本告知书之日起15个工作日内" in text
    gen.generate_letter(register, app.id, "receipt", tmp_path / "r.docx", office=OFFICE)
    assert "即不迟于2026年3月30日" in text_of(tmp_path / "r.docx")


def test_letter_layout_title_centred_signature_right_body_fangsong(register, tmp_path):
    app = register.add(make(answer_date=date(2026, 3, 25), outcome="grant"))
    out = tmp_path / "g.docx"
    gen.generate_letter(register, app.id, "answer.grant", out, office=OFFICE)
    paragraphs = [p for p in Document(str(out)).paragraphs if p.text.strip()]
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    assert paragraphs[1].text == "政府信息公开申请答复告知书"
    assert paragraphs[1].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert (
        paragraphs[-1].text == "2026年3月25日"
        and paragraphs[-1].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    )
    body = next(p for p in paragraphs if p.text.startswith("经审查"))
    run = body.runs[0]
    assert run.font.size == Pt(16)
    assert (
        run._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "仿宋"
    )


def test_numbers_are_recorded_and_never_repeat(register, tmp_path):
    a = register.add(make())
    b = register.add(make(applicant="李四"))
    numbers = []
    for i, (app, kind) in enumerate(
        [(a, "receipt"), (b, "receipt"), (a, "extension"), (b, "consultation")]
    ):
        rec = gen.generate_letter(
            register,
            app.id,
            kind,
            tmp_path / f"{i}.docx",
            office=OFFICE,
            extras=EXTRAS,
            today=date(2026, 3, 10),
        )
        numbers.append(rec.number)
    assert numbers == [f"某自然资公开〔2026〕{n}号" for n in (1, 2, 3, 4)]
    # Someone sets the counter back: the next letter still gets a number never issued before.
    register.conn.execute("UPDATE meta SET value = '1' WHERE key = 'letters.sequence.2026'")
    rec = gen.generate_letter(register, a.id, "receipt", tmp_path / "again.docx", office=OFFICE)
    assert rec.number == "某自然资公开〔2026〕5号"
    issued = all_letter_numbers(register, 2026)
    assert len(issued) == len(set(issued)) == 5
    # Each year has its own sequence.
    c = register.add(make(receipt_date=date(2025, 12, 29)))
    assert gen.generate_letter(
        register, c.id, "receipt", tmp_path / "y.docx", office=OFFICE
    ).number == ("某自然资公开〔2025〕1号")
    # The issue is in the application's audit trail.
    assert any(e["action"] == "letter" for e in register.audit_entries(a.id))


def test_a_letter_that_fails_uses_no_number(register, tmp_path):
    app = register.add(make())
    bad = tmp_path / "bad"
    bad.mkdir()
    doc = Document()
    doc.add_paragraph("{{申请人}}：{{申请人名称}}")
    doc.save(str(bad / L.RECEIPT.template))
    with pytest.raises(gen.LetterTemplateError, match="申请人名称"):
        gen.generate_letter(
            register, app.id, "receipt", tmp_path / "x.docx", office=OFFICE, template_dir=bad
        )
    assert letters_for(register, app.id) == []
    assert not (tmp_path / "x.docx").exists()
    assert settings.peek_letter_sequence(register, 2026) == 1


def test_refusals_change_nothing(register, tmp_path):
    app = register.add(make())
    with pytest.raises(L.LetterError, match="尚未办结"):
        gen.generate_letter(register, app.id, "answer.grant", tmp_path / "g.docx", office=OFFICE)
    with pytest.raises(L.LetterError, match="机关名称"):
        gen.generate_letter(register, app.id, "receipt", tmp_path / "r.docx")  # no office name yet
    register.delete(app.id)
    with pytest.raises(L.LetterError, match="已被删除"):
        gen.generate_letter(register, app.id, "receipt", tmp_path / "r.docx", office=OFFICE)
    assert letters_for(register, app.id) == []


def test_office_settings_live_in_meta(register, tmp_path):
    assert settings.office_settings(register) == L.OfficeSettings("", L.DEFAULT_NUMBER_FORMAT)
    settings.save_office_settings(
        register, L.OfficeSettings(" 某县人民政府办公室 ", "某政办告〔{年}〕{号}号")
    )
    assert settings.office_settings(register) == L.OfficeSettings(
        "某县人民政府办公室", "某政办告〔{年}〕{号}号"
    )
    with pytest.raises(L.LetterError):
        settings.save_office_settings(register, L.OfficeSettings("别的名字", "没有序号"))
    assert settings.get_office_name(register) == "某县人民政府办公室"
    app = register.add(make())
    rec = gen.generate_letter(register, app.id, "receipt", tmp_path / "r.docx")
    assert rec.number == "某政办告〔2026〕1号"
    assert "某县人民政府办公室" in text_of(tmp_path / "r.docx")


def test_stored_review_body_and_court_are_named_in_the_letters_notice(register, tmp_path):
    settings.save_office_settings(
        register,
        L.OfficeSettings(
            "某县自然资源局", "某自然资公开〔{年}〕{号}号", " 某某县人民政府 ", "某某区人民法院"
        ),
    )
    assert settings.office_settings(register) == L.OfficeSettings(
        "某县自然资源局", "某自然资公开〔{年}〕{号}号", "某某县人民政府", "某某区人民法院"
    )
    deny = register.add(make(answer_date=date(2026, 3, 25), outcome="deny.process"))
    grant = register.add(make(answer_date=date(2026, 3, 25), outcome="grant"))
    gen.generate_letter(register, deny.id, "answer.deny", tmp_path / "deny.docx")
    gen.generate_letter(register, grant.id, "answer.grant", tmp_path / "grant.docx")

    deny_text = text_of(tmp_path / "deny.docx")  # read back with python-docx
    assert (
        "应当先自收到本答复之日起60日内依法向某某县人民政府申请行政复议；对行政复议决定不服的，"
        "可以自收到行政复议决定书之日起15日内依法向某某区人民法院提起行政诉讼。"
    ) in deny_text
    grant_text = text_of(tmp_path / "grant.docx")
    assert (
        "可以自收到本答复之日起60日内依法向某某县人民政府申请行政复议，"
        "或者自收到本答复之日起6个月内依法向某某区人民法院提起行政诉讼。"
    ) in grant_text
    assert L.RIGHTS_NOTICE not in grant_text
    # A receipt carries no notice, so the names do not appear on it.
    gen.generate_letter(register, grant.id, "receipt", tmp_path / "receipt.docx")
    assert "某某县人民政府" not in text_of(tmp_path / "receipt.docx")

    # Emptied again: the generic wording comes back.
    settings.save_office_settings(
        register, L.OfficeSettings("某县自然资源局", "某自然资公开〔{年}〕{号}号")
    )
    gen.generate_letter(register, grant.id, "answer.grant", tmp_path / "grant2.docx")
    grant_text = text_of(tmp_path / "grant2.docx")
    assert L.RIGHTS_NOTICE in grant_text and "某某县人民政府" not in grant_text


def test_office_copy_of_a_template_is_used_before_the_bundled_one(register, tmp_path):
    folder = gen.ensure_office_templates()
    assert sorted(p.name for p in folder.glob("*.docx")) == sorted(
        k.template for k in L.LETTER_KINDS
    )
    doc = Document(str(folder / L.RECEIPT.template))
    doc.add_paragraph("联系电话：0000-12345678（{{机关名称}}办公室）")
    doc.save(str(folder / L.RECEIPT.template))
    app = register.add(make())
    gen.generate_letter(register, app.id, "receipt", tmp_path / "r.docx", office=OFFICE)
    assert "联系电话：0000-12345678（某市自然资源和规划局办公室）" in text_of(tmp_path / "r.docx")
    gen.ensure_office_templates()  # never overwrites the edited copy
    assert "联系电话" in text_of(folder / L.RECEIPT.template)


def _split_run_document(path: Path) -> None:
    """What Word leaves after an office edits a template: placeholders cut over several runs."""
    doc = Document()
    p = doc.add_paragraph()
    for piece in ("尊敬的{", "{申", "请"):
        p.add_run(piece).bold = True
    p.add_run("人}").italic = True
    p.add_run("}：您的编号是{{申请编号}}，{{日期}}")
    p.add_run("。")
    table = doc.add_table(rows=1, cols=1)
    cell = table.cell(0, 0).paragraphs[0]
    cell.add_run("内容：{{申请")
    cell.add_run("内容}}")
    doc.add_paragraph("").add_run("{{机关名称}}")
    doc.sections[0].footer.paragraphs[0].add_run("{{文")
    doc.sections[0].footer.paragraphs[0].add_run("号}}")
    doc.save(str(path))


def test_filler_handles_placeholders_split_across_runs(tmp_path):
    _split_run_document(tmp_path / "t.docx")
    doc = Document(str(tmp_path / "t.docx"))
    values = {
        "申请人": "王小明",
        "申请编号": "2026-0001",
        "日期": "2026年3月2日",
        "申请内容": "第一行\n第二行",
        "机关名称": "某局",
        "文号": "〔2026〕9号",
    }
    gen.fill_document(doc, values)
    doc.save(str(tmp_path / "out.docx"))
    back = Document(str(tmp_path / "out.docx"))
    first = back.paragraphs[0]
    assert first.text == "尊敬的王小明：您的编号是2026-0001，2026年3月2日。"
    # The value takes the formatting of the run where the placeholder began.
    assert first.runs[0].text == "尊敬的王小明" and first.runs[0].bold
    assert [r.text for r in first.runs[1:4]] == ["", "", ""]
    assert first.runs[4].text.startswith("：")
    assert back.tables[0].cell(0, 0).paragraphs[0].text == "内容：第一行\n第二行"
    assert back.paragraphs[1].text == "某局"
    assert back.sections[0].footer.paragraphs[0].text == "〔2026〕9号"
    assert gen.leftover_placeholders(back) == []


def test_filler_refuses_unknown_placeholder(tmp_path):
    doc = Document()
    doc.add_paragraph("{{申请人}}{{经办人}}")
    with pytest.raises(gen.LetterTemplateError, match="经办人"):
        gen.fill_document(doc, {"申请人": "甲"})


def test_bundled_templates_use_only_known_placeholders_each_in_one_run():
    for kind in L.LETTER_KINDS:
        doc = Document(str(gen.bundled_templates_dir() / kind.template))
        for p in doc.paragraphs:
            for run in p.runs:
                for name in gen.PLACEHOLDER.findall(run.text):
                    assert name in L.PLACEHOLDERS
            # A single-run placeholder: the paragraph's placeholders all sit inside runs.
            assert len(gen.PLACEHOLDER.findall(p.text)) == sum(
                len(gen.PLACEHOLDER.findall(r.text)) for r in p.runs
            )


def test_read_only_register_issues_no_letter(register, tmp_path):
    from desktop.store.register import Register

    app = register.add(make())
    settings.save_office_settings(register, OFFICE)
    viewer = Register.open(register.path, readonly=True)
    try:
        with pytest.raises(L.LetterError, match="只读"):
            gen.generate_letter(viewer, app.id, "receipt", tmp_path / "r.docx")
    finally:
        viewer.close()
    assert not (tmp_path / "r.docx").exists()


def test_filler_sees_through_words_proofing_marks_bookmarks_and_hyperlinks(tmp_path):
    """Word puts w:proofErr, w:bookmarkStart/End and w:hyperlink between the pieces of a placeholder."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc = Document()
    body = doc.element.body
    body.insert(
        0,
        parse_xml(
            f'<w:p {w}><w:r><w:t>致{{{{申</w:t></w:r><w:proofErr w:type="spellStart"/>'
            f'<w:bookmarkStart w:id="0" w:name="x"/><w:r><w:rPr><w:b/></w:rPr><w:t>请</w:t></w:r>'
            f'<w:bookmarkEnd w:id="0"/><w:proofErr w:type="spellEnd"/>'
            f"<w:hyperlink><w:r><w:t>人}}}}：</w:t></w:r></w:hyperlink><w:r><w:tab/><w:t>{{{{日期}}}}</w:t></w:r></w:p>"
        ),
    )
    gen.fill_document(doc, {"申请人": "王小明", "日期": "2026年3月2日"})
    doc.save(str(tmp_path / "w.docx"))
    first = Document(str(tmp_path / "w.docx")).paragraphs[0]
    text = "".join(
        t.text or ""
        for t in first._p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
    )
    assert text == "致王小明：2026年3月2日"
    assert gen.leftover_placeholders(Document(str(tmp_path / "w.docx"))) == []


def test_in_a_bundle_the_templates_are_read_from_the_unpacked_resources(
    register, tmp_path, monkeypatch
):
    """PyInstaller sets sys._MEIPASS; the templates must come from there, not from the source tree."""
    import shutil
    import sys

    bundle = tmp_path / "_internal"
    shutil.copytree(gen.bundled_templates_dir(), bundle / "resources" / "letters")
    marked = Document(str(bundle / "resources" / "letters" / L.RECEIPT.template))
    marked.add_paragraph("（本件取自安装包）")
    marked.save(str(bundle / "resources" / "letters" / L.RECEIPT.template))
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)

    assert gen.bundled_templates_dir() == bundle / "resources" / "letters"
    app = register.add(make())
    gen.generate_letter(register, app.id, "receipt", tmp_path / "r.docx", office=OFFICE)
    assert "（本件取自安装包）" in text_of(tmp_path / "r.docx")
    # The office's copies are made from the bundle's templates too.
    assert (gen.ensure_office_templates() / L.RECEIPT.template).exists()


def test_committed_templates_are_what_the_build_script_writes(tmp_path, monkeypatch):
    """Wording changed in build/make_letter_templates.py must be regenerated and committed."""
    import importlib.util
    import zipfile

    script = Path(__file__).resolve().parents[2] / "build" / "make_letter_templates.py"
    spec = importlib.util.spec_from_file_location("make_letter_templates", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path)
    module.main()
    for kind in L.LETTER_KINDS:
        committed = zipfile.ZipFile(gen.bundled_templates_dir() / kind.template)
        fresh = zipfile.ZipFile(tmp_path / kind.template)
        # The body, the footer (页码) and the styles; docProps hold a timestamp.
        parts = sorted(n for n in fresh.namelist() if n.startswith("word/") and n.endswith(".xml"))
        assert "word/footer1.xml" in parts or any("footer" in n for n in parts)
        assert sorted(n for n in committed.namelist() if n in parts) == parts, kind.template
        for name in parts:
            assert committed.read(name) == fresh.read(name), (kind.template, name)


def test_letters_carry_a_page_number_in_the_footer(register, tmp_path):
    """GB/T 9704 页码 “— N —”: a PAGE field, kept through the filling."""
    app = register.add(make(answer_date=date(2026, 3, 25), outcome="reject.petition"))
    out = tmp_path / "a.docx"
    gen.generate_letter(register, app.id, "answer.reject", out, office=OFFICE)
    footer = Document(str(out)).sections[0].footer
    xml = footer._element.xml
    assert "PAGE" in xml and 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
