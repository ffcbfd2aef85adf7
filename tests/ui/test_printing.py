"""Printing, read back from the PDF the same drawing produces: pages, title, header row on every page,
page numbers, only the filtered rows; the 登记表, the due board, the report tables and a letter."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.domain import letters as L
from desktop.domain.application import Application
from desktop.reports import print_docs
from desktop.reports.letters import generate_letter
from desktop.store import settings, statistics
from desktop.store.due_queries import due_board
from desktop.store.queries import RegisterQueries, RegisterQuery
from desktop.ui import printing
from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils needed")

TODAY = date(2026, 3, 10)


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def fill(register, n2025: int, n2026: int) -> None:
    apps = [
        Application(
            receipt_date=date(2025, 1, 2) + timedelta(days=i % 300),
            channel="网络",
            applicant_type="自然人",
            applicant=f"甲{i:04d}",
            content="申请公开道路拓宽工程的征收补偿方案",
        )
        for i in range(n2025)
    ] + [
        Application(
            receipt_date=date(2026, 1, 5) + timedelta(days=i % 60),
            channel="邮寄",
            applicant_type="商业企业",
            applicant=f"乙{i:04d}",
            content="财政预算执行情况",
        )
        for i in range(n2026)
    ]
    register.add_many(apps)
    settings.save_office_settings(
        register, L.OfficeSettings("某县人民政府办公室", "某政信〔{年}〕{号}号")
    )


def test_register_list_prints_what_is_filtered_with_header_on_every_page(qtbot, register, tmp_path):
    fill(register, 130, 7)
    query = RegisterQuery(year=2025, today=TODAY)
    doc = print_docs.register_list(
        RegisterQueries(register.conn), query, "某县人民政府办公室", TODAY
    )
    job = printing.ListJob(doc)
    out = printing.print_to_pdf(job, tmp_path / "list.pdf")

    pages = pdf_pages(out)
    per_page = job.rows_per_page(printing.new_printer(True))
    assert len(pages) == job.printed_pages == -(-130 // per_page) > 1
    for number, page in enumerate(pages, start=1):
        assert "某县人民政府办公室政府信息公开申请登记簿" in page
        assert "申请编号" in page and "答复期限" in page and "状态" in page
        assert f"第 {number} 页，共 {len(pages)} 页" in page
    assert "2025年收到，共 130 件" in pages[0] and "2026年3月10日" in pages[0]
    text = "".join(pages)
    assert text.count("甲0") == 130 and "乙0" not in text  # the filter, every row once


def test_page_range_reads_only_the_pages_printed():
    """A million-row list: pages 3–4 are drawn from rows read from there on, nothing before."""
    read: list[int] = []

    def rows(start: int):
        read.append(start)
        for i in range(start, 1_000_000):
            yield [str(i)] + [""] * 9

    doc = print_docs.ListDocument(
        "登记簿", "全部申请", print_docs.REGISTER_COLUMNS, 1_000_000, rows
    )
    job = printing.ListJob(doc)
    printer = printing.new_printer(True)
    per_page = job.rows_per_page(printer)
    assert job.page_count(printer) == -(-1_000_000 // per_page)
    printer.setOutputFormat(printer.OutputFormat.PdfFormat)
    printer.setOutputFileName("/dev/null")
    printer.setFromTo(3, 4)
    job.paint(printer)
    assert read == [2 * per_page] and job.printed_pages == 2


def test_huge_list_asks_first(qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(
        printing.QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or printing.QMessageBox.StandardButton.No,
    )
    doc = print_docs.ListDocument("登记簿", "", print_docs.REGISTER_COLUMNS, 1_000_000, iter)
    assert not printing.confirm_huge(None, printing.ListJob(doc))
    assert "1,000,000 件" in asked[0]
    small = print_docs.ListDocument("登记簿", "", print_docs.REGISTER_COLUMNS, 20, iter)
    assert printing.confirm_huge(None, printing.ListJob(small))
    assert len(asked) == 1


def test_ctrl_p_prints_the_filtered_list(qtbot, register, monkeypatch):
    fill(register, 3, 2)
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    jobs = []
    monkeypatch.setattr(
        printing, "print_job", lambda parent, job, preview=False: jobs.append((job, preview))
    )
    win = MainWindow(register)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.table.setFocus()
    win.year_combo.setCurrentIndex(win.year_combo.findData(2026))
    qtbot.keyClick(win.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(jobs) == 1 and not jobs[0][1]
    doc = jobs[0][0].document
    assert doc.row_count == 2 and "2026年收到" in doc.subtitle
    assert [line[4] for line in doc.rows(0)] == ["乙0001", "乙0000"]
    win.preview_action.trigger()
    assert jobs[1][1] is True


def test_application_sheet_has_every_field_and_the_deadline(qtbot, register, tmp_path):
    app = register.add(
        Application(
            receipt_date=date(2026, 3, 2),
            channel="邮寄",
            applicant_type="自然人",
            applicant="赵六",
            phone="13800000000",
            content="2025年度某某专项资金分配结果",
            remarks="电话沟通过",
        )
    )
    job = printing.application_job(register, app.id)
    assert job is not None
    pages = pdf_pages(printing.print_to_pdf(job, tmp_path / "sheet.pdf"))
    assert len(pages) == 1
    page = pages[0]
    for label in ("申请编号", "收到日期", "申请内容", "答复期限", "办理结果", "备注", "联系电话"):
        assert label in page
    assert app.number in page and "赵六" in page and "13800000000" in page
    assert "2026年3月2日" in page and "电话沟通过" in page
    assert f"{app.answer_due.year}年{app.answer_due.month}月{app.answer_due.day}日" in page


def test_due_board_prints_its_groups(qtbot, register, tmp_path):
    register.add(
        Application(
            receipt_date=date(2026, 1, 5),
            channel="网络",
            applicant_type="自然人",
            applicant="钱七",
            content="申请公开征地补偿标准",
        )
    )
    board = due_board(register, TODAY)
    pages = pdf_pages(
        printing.print_to_pdf(printing.due_board_job(register, board), tmp_path / "d.pdf")
    )
    text = "".join(pages)
    assert "到期提醒" in text and "已超期（1 件）" in text and "钱七" in text
    assert "申请内容" in text and "申请公开征地补偿标准" in text  # whole on paper
    assert "截至2026年3月10日" in text and "第 1 页，共 1 页" in text


def test_report_tables_print_with_table_three_on_its_own_page(qtbot, register, tmp_path):
    fill(register, 40, 0)
    report = statistics.compute_report(register, 2025, None)
    pages = pdf_pages(printing.print_to_pdf(printing.report_job(report), tmp_path / "r.pdf"))
    assert len(pages) == 3
    assert "二、主动公开政府信息情况" in pages[0] and "三、" not in pages[0]
    assert pages[1].lstrip().startswith("三、收到和处理政府信息公开申请情况")
    # The whole of 表三 on that page: first row to the carried-over row.
    assert "一、本年新收政府信息公开申请数量" in pages[1] and "四、结转下年度继续办理" in pages[1]
    assert "四、政府信息公开行政复议、行政诉讼情况" in pages[2]
    assert "填报人" in pages[2] and "审核人" in pages[2] and "填报日期" in pages[2]


def test_a_generated_letter_prints(qtbot, register, tmp_path):
    settings.save_office_settings(register, L.OfficeSettings("某县财政局", "某财信〔{年}〕{号}号"))
    app = register.add(
        Application(
            receipt_date=date(2026, 3, 2),
            channel="邮寄",
            applicant_type="自然人",
            applicant="赵六",
            content="2025年度某某专项资金分配结果",
            answer_date=date(2026, 3, 27),
            outcome="unable.none",
        )
    )
    path = tmp_path / "答复.docx"
    generate_letter(register, app.id, "answer.unable", path, issued_on=date(2026, 3, 27))
    pages = pdf_pages(printing.print_to_pdf(printing.letter_job(path), tmp_path / "l.pdf"))
    text = "".join(pages)
    assert "赵六：" in text and "某财信〔2026〕1号" in text and "第 1 页" in text
