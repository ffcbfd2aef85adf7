"""F4/F12 for the outputs added after the attack: the 期限计算过程 Word and PDF files and the charts'
PNG never overwrite a register, and a refused or failed write leaves the old file and no part file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCharts import QChart

from desktop.domain.application import Application
from desktop.ops.deadline_evidence import evidence_of, export_evidence_docx
from desktop.store.outputs import OutputRefused
from desktop.store.register import Register
from desktop.ui.charts_window import render_png
from desktop.ui.printing import HtmlJob, print_to_pdf


@pytest.fixture
def register_with_one(tmp_path: Path):
    register = Register.open(tmp_path / "r.ogidb")
    app = register.add(Application(date(2025, 3, 3), "网络", "自然人", "张三", content="请公开"))
    yield register, app
    register.close()


def _untouched(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_evidence_word_file_refuses_the_register_and_writes_whole(register_with_one, tmp_path):
    register, app = register_with_one
    target = tmp_path / "r.ogidb"
    before = target.read_bytes()
    with pytest.raises(OutputRefused, match="登记簿"):
        export_evidence_docx(register, app, target, date(2025, 4, 1))
    _untouched(target, before)
    out = export_evidence_docx(register, app, tmp_path / "过程.docx", date(2025, 4, 1))
    assert out.read_bytes()[:2] == b"PK"
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_pdf_refuses_the_register_and_a_good_one_is_a_pdf(qapp, register_with_one, tmp_path):
    register, app = register_with_one
    target = tmp_path / "r.ogidb"
    before = target.read_bytes()
    job = HtmlJob("期限计算过程", f"<p>{evidence_of(register, app, date(2025, 4, 1)).title}</p>")
    with pytest.raises(OutputRefused):
        print_to_pdf(job, target)
    _untouched(target, before)
    out = print_to_pdf(job, tmp_path / "过程.pdf")
    assert out.read_bytes()[:5] == b"%PDF-"


def test_chart_png_refuses_the_register(qapp, register_with_one, tmp_path):
    target = tmp_path / "r.ogidb"
    before = target.read_bytes()
    with pytest.raises(OutputRefused):
        render_png(QChart(), target)
    _untouched(target, before)
    out = render_png(QChart(), tmp_path / "图.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
