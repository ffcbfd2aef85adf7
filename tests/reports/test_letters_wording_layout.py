"""The letters as the applicant and the consulted party read them: 第三方 and 其他机关 worded apart
(decision 5 v2, 第三十二条 / 第三十四条), the request quoted without a doubled 申请, the extension the office
stated, and the layout: a letter that runs just over a page is tightened onto one, a longer one never
leaves 特此告知 and the signature alone on page 2 (read back from LibreOffice's PDF where installed)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from desktop.domain import letters as L
from desktop.domain.application import Application
from desktop.reports import letters as gen

OFFICE = L.OfficeSettings(
    "某县人民政府办公室", "某县政办信〔{年}〕{号}号", "某县人民政府", "某区人民法院"
)
REASON = {
    "不予公开理由": "其中涉及被征收人姓名、身份证号码和银行账号的内容属于个人隐私，公开后会对第三方"
    "合法权益造成损害，根据第十五条不予公开。"
}
# The newcomer review's letter (shots/09): a 部分公开 answer that spilled 特此告知 onto page 2.
REVIEW_CONTENT = "申请公开本县2025年度道路拓宽工程的征收补偿方案及资金拨付明细"


def make(**kw) -> Application:
    base = dict(
        receipt_date=date(2026, 10, 9),
        channel="网络",
        applicant_type="自然人",
        applicant="张三",
        content=REVIEW_CONTENT,
    )
    base.update(kw)
    return Application(**base)


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def write(register, tmp_path, app, kind, extras=None, name=None) -> Path:
    saved = register.add(app)
    out = tmp_path / f"{name or kind}.docx"
    gen.generate_letter(register, saved.id, kind, out, office=OFFICE, extras=extras or {})
    return out


# ------------------------------------------------------------------ 第三方 / 其他机关
def test_the_two_consultation_letters_read_differently(register, tmp_path):
    third = "\n".join(
        paragraphs(
            write(register, tmp_path, make(), "consultation", {"第三方": "某某建设有限公司"})
        )
    )
    organ = "\n".join(
        paragraphs(
            write(
                register,
                tmp_path,
                make(consultation_party="其他机关"),
                "consultation.organ",
                {"被征求意见机关": "某县自然资源局"},
            )
        )
    )
    assert "政府信息公开征求第三方意见书" in third
    assert "某某建设有限公司：" in third
    assert "《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求贵方意见" in third
    assert (
        "贵方逾期未提出意见的，本机关将依照《中华人民共和国政府信息公开条例》的规定决定是否公开"
        in third
    )
    assert "视为同意公开" not in third

    assert "政府信息公开征求相关行政机关意见书" in organ
    assert "某县自然资源局：" in organ
    assert "经审查，该政府信息由本机关与贵机关共同制作。" in organ
    assert "《中华人民共和国政府信息公开条例》第三十四条的规定，现征求贵机关意见" in organ
    assert (
        "请贵机关自收到本意见书之日起15个工作日内向本机关提出意见；逾期未提出意见的，视为同意公开。"
        in organ
    )
    assert "第三方" not in organ and "贵方" not in organ
    # Neither names the applicant to the consulted party.
    assert "张三" not in third and "张三" not in organ


@pytest.mark.parametrize(
    ("party", "article", "words"),
    [
        ("第三方", "第三十二条", "书面征求了第三方的意见"),
        ("", "第三十二条", "书面征求了第三方的意见"),  # blank = 第三方
        ("其他机关", "第三十四条", "征求了相关行政机关的意见"),
    ],
)
def test_the_answer_letter_words_the_consultation_by_party(
    register, tmp_path, party, article, words
):
    app = make(
        consultation_sent_date=date(2026, 10, 12),
        consultation_received_date=date(2026, 10, 28),
        consultation_party=party,
        answer_date=date(2026, 11, 20),
        outcome="partial",
    )
    first = paragraphs(write(register, tmp_path, app, "answer.partial", REASON))[5]
    assert first.endswith(
        f"本机关于2026年10月12日依照《中华人民共和国政府信息公开条例》{article}的规定{words}，"
        "并于2026年10月28日收到其意见。征求意见所需时间依照该条例第三十三条第三款的规定不计算在答复期限内。"
    )


def test_an_answer_without_consultation_says_nothing_of_one(register, tmp_path):
    app = make(answer_date=date(2026, 11, 3), outcome="partial")
    text = "\n".join(paragraphs(write(register, tmp_path, app, "answer.partial", REASON)))
    assert "征求" not in text


# ------------------------------------------------------------------ wording minors
def test_the_request_is_quoted_without_a_doubled_shenqing(register, tmp_path):
    review = "\n".join(
        paragraphs(
            write(
                register,
                tmp_path,
                make(answer_date=date(2026, 11, 3), outcome="partial"),
                "answer.partial",
                REASON,
            )
        )
    )
    assert "申请申请" not in review and "申请获取“申请" not in review
    assert f"（申请编号：2026-0001），申请内容为“{REVIEW_CONTENT}”。" in review
    plain = "\n".join(
        paragraphs(write(register, tmp_path, make(content="本县2025年财政预算"), "receipt"))
    )
    assert "申请获取“本县2025年财政预算”。该申请已登记" in plain


def test_the_extension_letter_states_the_days_the_office_chose(register, tmp_path):
    text = "\n".join(
        paragraphs(write(register, tmp_path, make(extended=True, extension_days=10), "extension"))
    )
    assert "答复期限延长10个工作日" in text and "延长20个工作日" not in text


# ------------------------------------------------------------------ layout
def body_lines(path: Path) -> set[int]:
    """The exact line heights (twips) of the text paragraphs (the title lines are 720)."""
    doc = Document(str(path))
    heights = set()
    for p in doc.element.body.iter(qn("w:p")):
        spacing = p.find(qn("w:pPr")).find(qn("w:spacing"))
        heights.add(int(spacing.get(qn("w:line"))))
    return heights - {720}


def test_a_letter_just_over_a_page_gets_a_tighter_line(register, tmp_path):
    review = write(
        register,
        tmp_path,
        make(answer_date=date(2026, 11, 3), outcome="partial"),
        "answer.partial",
        REASON,
        name="review",
    )
    (pitch,) = body_lines(review)
    assert gen.TIGHTEST_LINE_TWIPS <= pitch < 560
    short = write(register, tmp_path, make(content="预算"), "receipt", name="short")
    assert body_lines(short) == {560}  # fits as it is


def test_a_long_letter_keeps_its_line_and_the_signature_with_the_text(register, tmp_path):
    long = write(
        register,
        tmp_path,
        make(
            content="申请公开" + "本县2025年度道路拓宽工程的征收补偿方案、资金拨付明细、" * 12,
            answer_date=date(2026, 11, 3),
            outcome="partial",
        ),
        "answer.partial",
        REASON,
        name="long",
    )
    assert body_lines(long) == {560}
    doc = Document(str(long))
    texts = [p.text for p in doc.paragraphs]
    closing = texts.index("特此告知。")
    notice = doc.paragraphs[closing - 1]
    assert notice.text.startswith("如对本答复不服")
    # The rights notice, 特此告知, the blank line, the office and 盖章 each keep with the next.
    assert all(p.paragraph_format.keep_with_next for p in doc.paragraphs[closing - 1 : -1])
    assert notice.paragraph_format.widow_control


def test_an_office_template_without_exact_lines_is_left_alone():
    doc = Document()
    doc.add_paragraph("特此告知。")
    assert gen.fit_on_one_page(doc) is False


def _pdf_pages(docx: Path, tmp_path: Path) -> list[str]:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(docx.with_suffix(".pdf")), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler not installed",
)
def test_rendered_the_review_letter_is_one_page_and_a_long_one_carries_text_to_page_2(
    register, tmp_path
):
    review = write(
        register,
        tmp_path,
        make(answer_date=date(2026, 11, 3), outcome="partial"),
        "answer.partial",
        REASON,
        name="review",
    )
    pages = _pdf_pages(review, tmp_path)
    assert len(pages) == 1
    assert "特此告知" in pages[0] and "2026 年 11 月 3 日" in pages[0]

    consulted = write(
        register,
        tmp_path,
        make(
            consultation_sent_date=date(2026, 10, 12),
            consultation_received_date=date(2026, 10, 28),
            answer_date=date(2026, 11, 20),
            outcome="partial",
        ),
        "answer.partial",
        REASON,
        name="consulted",
    )
    pages = _pdf_pages(consulted, tmp_path)
    assert len(pages) == 2
    last = pages[1]
    assert "特此告知" in last and "某县人民政府办公室" in last
    # Page 2 carries the end of the text, not the closing and the signature alone.
    assert "提起" in last and "行政诉讼" in last
    assert "特此告知" not in pages[0]


@pytest.mark.parametrize(
    ("number", "name"),
    [
        ("2026-0012", "2026-0012-补正告知书.docx"),
        ("某政信〔2026〕012号", "某政信〔2026〕012号-补正告知书.docx"),
        ("依申请2026/12:甲", "依申请2026-12-甲-补正告知书.docx"),
    ],
)
def test_a_letter_s_file_name_keeps_the_office_s_number_safe_for_windows(number, name):
    assert gen.suggested_file_name("correction", number) == name
