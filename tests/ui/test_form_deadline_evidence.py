"""The form's contract-v2 fields and its 期限计算过程 tab (shown live, exported as Word and PDF)."""

from __future__ import annotations

from datetime import date

from docx import Document

from desktop.domain.application import Application
from desktop.ui.application_form import ApplicationForm

D = date
TODAY = D(2025, 6, 1)


def _form(qtbot, register, app=None) -> ApplicationForm:
    form = ApplicationForm(register, app, today=TODAY)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def test_consultation_party_and_extension_days_move_the_live_due_date(qtbot, register) -> None:
    saved = register.add(
        Application(
            D(2025, 3, 3),
            "网络",
            "自然人",
            "张三",
            consultation_sent_date=D(2025, 3, 10),
            consultation_received_date=D(2025, 4, 30),
        )
    )
    form = _form(qtbot, register, saved)
    # Blank = 第三方: capped at 3/31 → due 4/22, and the cap is flagged (tests/domain).
    assert form.answer_due_text.startswith("2025-04-22")
    assert "征求第三方意见超过15个工作日" in form.deadline_label.text()
    form.editors["consultation_party"].set_value("其他机关")
    assert form.answer_due_text.startswith("2025-05-26")
    assert "超过15个工作日" not in form.deadline_label.text()
    form.editors["extended"].setChecked(True)
    form.editors["extension_days"].setText("5")
    # 5/26 + 5 working days: 5/27–30:4, off 5/31–6/2, 6/3:5.
    assert form.answer_due_text.startswith("2025-06-03")
    form.editors["outcome_2014"].set_value("answered.deny.commercial")
    assert form.save()
    again = register.get(saved.id)
    assert (again.consultation_party, again.extension_days) == ("其他机关", 5)
    assert again.outcome_2014 == "answered.deny.commercial"
    assert again.answer_due == D(2025, 6, 3)


def test_a_bad_extension_is_named_and_nothing_saved(qtbot, register) -> None:
    form = _form(qtbot, register, register.add(Application(D(2026, 3, 2), "网络", "自然人", "甲")))
    form.editors["extension_days"].setText("5")  # 延期 not ticked
    assert not form.save()
    assert "“延期”为“否”" in form.errors()["extension_days"]
    form.editors["extended"].setChecked(True)
    form.editors["extension_days"].setText("二十")
    assert not form.save()
    assert "工作日数" in form.errors()["extension_days"]


def test_the_evidence_tab_lists_every_counted_day_and_exports(qtbot, register, tmp_path) -> None:
    saved = register.add(
        Application(
            D(2025, 3, 3),
            "网络",
            "自然人",
            "张三",
            number="某政信〔2025〕7号",
            correction_notice_date=D(2025, 3, 14),
            correction_received_date=D(2025, 3, 20),
            consultation_sent_date=D(2025, 3, 25),
            consultation_received_date=D(2025, 5, 6),
            extended=True,
            extension_days=10,
        )
    )
    form = _form(qtbot, register, saved)
    titles = [form.tabs.tabText(i) for i in range(form.tabs.count())]
    assert "期限计算过程" in titles
    view = form.evidence_view
    counted = view.counted_rows()
    assert len(counted) == 30
    assert counted[0] == ("2025-03-21（周五）", "第1个工作日", "工作日")
    assert counted[10] == ("2025-04-27（周日）", "第11个工作日", "调休上班日（劳动节）")
    assert counted[-1][0] == "2025-05-27（周二）"
    assert "期限2025-05-27" in view.summary.text()
    # Typing a later corrected-application date moves the evidence live.
    form.editors["correction_received_date"].set_date(D(2025, 3, 21))
    assert view.counted_rows()[0][0] == "2025-03-24（周一）"
    form.editors["correction_received_date"].set_date(D(2025, 3, 20))
    docx = view.export_docx(tmp_path / "过程.docx")
    rows = [[c.text for c in r.cells] for r in Document(str(docx)).tables[0].rows]
    assert ["2025-03-21（周五）", "第1个工作日", "工作日"] in rows
    pdf = view.export_pdf(tmp_path / "过程.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
