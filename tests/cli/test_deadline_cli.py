"""`ogi deadline`: the 期限计算过程 printed, and written as Word and PDF for a 复议/诉讼 answer."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from desktop.cli import main
from desktop.domain.application import Application
from desktop.store.register import Register

D = date
NUMBER = "某政信〔2025〕7号"  # the office's own numbering, kept verbatim (decision 8)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "登记簿.ogidb"
    register = Register.open(path)
    register.add(
        Application(
            D(2025, 3, 3),
            "网络",
            "自然人",
            "张三",
            number=NUMBER,
            correction_notice_date=D(2025, 3, 14),
            correction_received_date=D(2025, 3, 20),
            consultation_sent_date=D(2025, 3, 25),
            consultation_received_date=D(2025, 5, 6),
            extended=True,
            extension_days=10,
            answer_date=D(2025, 5, 20),
            outcome="grant",
        )
    )
    register.close()
    return path


def test_prints_every_step_and_writes_word(db: Path, tmp_path: Path, capsys) -> None:
    docx = tmp_path / "过程.docx"
    assert main(["deadline", NUMBER, "--db", str(db), "--docx", str(docx)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"政府信息公开申请答复期限计算过程（申请编号：{NUMBER}）"
    assert "2025-03-21（周五）  第1个工作日  工作日" in out
    assert "2025-04-27（周日）  第11个工作日  调休上班日（劳动节）" in out
    assert "2025-04-04（周五）  不计  放假：清明节" in out
    assert any(
        line.startswith("2025-03-26（周三）  不计  暂停：征求第三方意见期间") for line in out
    )
    assert "2025-05-27（周二）  答复期限：2025-05-27" in out
    # Word: the same lines, one table row each, the header repeated on every page.
    document = Document(str(docx))
    (table,) = document.tables
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["日期", "计入", "说明"]
    assert ["2025-05-27（周二）", "第30个工作日", "工作日；延长期限第10个工作日"] in rows
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    assert any("第三十条" in p.text for p in document.paragraphs)  # the late 补正告知 flag


@pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("soffice") is None,
    reason="LibreOffice or poppler-utils not installed",
)
def test_the_pdf_reads_as_the_evidence(db: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "过程.pdf"
    assert main(["deadline", NUMBER, "--db", str(db), "--pdf", str(pdf)]) == 0
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = "".join(text.split())  # pdftotext spaces digits off from Chinese, and wraps lines
    assert "答复期限计算过程" in text and "共计30个工作日，期限2025-05-27" in text


def test_without_libreoffice_the_pdf_is_refused_naming_the_window(
    db, tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert main(["deadline", NUMBER, "--db", str(db), "--pdf", str(tmp_path / "x.pdf")]) == 1
    assert "期限计算过程" in capsys.readouterr().err and not (tmp_path / "x.pdf").exists()


def test_refusals(db: Path, tmp_path: Path, capsys) -> None:
    assert main(["deadline", "2025-9999", "--db", str(db)]) == 1
    assert "没有申请编号为“2025-9999”的申请" in capsys.readouterr().err
    assert main(["deadline", NUMBER, "--db", str(tmp_path / "无.ogidb")]) == 1
    assert main(["deadline", NUMBER, "--db", str(db), "--pdf", str(tmp_path / "x.txt")]) == 2
