"""文书 and the report draft as use cases without Qt (desktop.ops.letters, desktop.ops.report_draft):
what the dialogs show and write is decided here, so it is tested here, without a window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document

from desktop.domain import letters as L
from desktop.domain.application import Application
from desktop.ops import letters as letter_ops
from desktop.ops import report_draft as draft_ops
from desktop.reports.report_draft import ReportDraftError, compose
from desktop.store import settings
from desktop.store.letters_store import letters_for
from desktop.store.register import Register
from tests.store.test_chart_queries import add_sample


def make(**kw) -> Application:  # type: ignore[no-untyped-def]
    base = dict(
        receipt_date=date(2026, 3, 2),
        channel="邮寄",
        applicant_type="自然人",
        applicant="赵六",
        content="2025年度某某专项资金分配结果",
    )
    base.update(kw)
    return Application(**base)  # type: ignore[arg-type]


def office(register: Register) -> None:
    settings.save_office_settings(register, L.OfficeSettings("某县财政局", "某财信〔{年}〕{号}号"))


def test_the_letters_that_fit_and_where_the_dialog_starts(register: Register) -> None:
    open_app = register.add(make())
    found = letter_ops.context(register, open_app.id)
    fits = [c.kind.code for c in found.choices if not c.reason]
    assert fits[:4] == ["receipt", "correction", "extension", "consultation"]
    assert not any(code.startswith("answer") for code in fits)  # not concluded yet
    refused = {c.kind.code: c.reason for c in found.choices if c.reason}
    assert "answer.grant" in refused and refused["answer.grant"]  # says why not
    assert found.start_kind == "receipt" and found.issued == []
    concluded = register.add(make(answer_date=date(2026, 3, 27), outcome="unable.none"))
    assert letter_ops.context(register, concluded.id).start_kind == "answer.unable"


def test_kind_defaults_date_and_file(register: Register, tmp_path: Path) -> None:
    app = register.add(make(answer_date=date(2026, 3, 27), outcome="unable.none"))
    issued_on, path = letter_ops.kind_defaults(app, "answer.unable", tmp_path, date(2026, 4, 1))
    assert issued_on == date(2026, 3, 27)  # the answer is dated the day it was given
    assert path.parent == tmp_path and path.name.endswith(".docx") and app.number in path.name


def test_preview_shows_the_next_number_a_pending_value_and_warnings(register: Register) -> None:
    office(register)
    app = register.add(make())
    shown = letter_ops.preview(register, app.id, "consultation", date(2026, 3, 9), {})
    rows = dict(shown.rows)
    assert rows["文号（将使用）"] == "某财信〔2026〕1号"
    assert rows["致"] == letter_ops.PENDING and shown.missing == ["第三方名称"]
    late = letter_ops.preview(register, app.id, "correction", date(2026, 3, 20), {})
    assert any("7个工作日内" in w for w in late.warnings)
    assert not letter_ops.preview(register, app.id, "correction", date(2026, 3, 10), {}).warnings
    assert letter_ops.preview(register, 999, "receipt", date(2026, 3, 9), {}).error


def test_generate_writes_the_file_and_records_the_number(register: Register, tmp_path) -> None:
    app = register.add(make(answer_date=date(2026, 3, 27), outcome="unable.none"))
    assert letter_ops.needs_office_name(register)
    with pytest.raises(L.LetterError, match="机关名称"):
        letter_ops.generate(
            register,
            app.id,
            "answer.unable",
            tmp_path / "a.docx",
            issued_on=date(2026, 3, 27),
            extras={},
        )
    office(register)
    path = letter_ops.docx_path(str(tmp_path / "答复"))
    assert path == tmp_path / "答复.docx" and letter_ops.docx_path("  ") is None
    record = letter_ops.generate(
        register, app.id, "answer.unable", path, issued_on=date(2026, 3, 27), extras={}
    )
    assert record.number == "某财信〔2026〕1号"
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "某财信〔2026〕1号" in text and "赵六：" in text
    assert [r.number for r in letter_ops.issued(register, app.id)] == ["某财信〔2026〕1号"]
    assert letters_for(register, app.id)[0].number == record.number


def test_report_draft_preview_and_file(register: Register, tmp_path: Path) -> None:
    add_sample(register, count=150)
    assert draft_ops.default_year(date(2026, 1, 15)) == 2025
    shown = draft_ops.draft(register, 2025, " 某区某局 ")
    expected = compose(register, 2025, unit="某区某局")
    assert shown.ok and shown.title == expected.title
    [(_, section3), (_, section4)] = shown.sections
    assert list(section3) == expected.section3 and list(section4) == expected.section4
    traditional = draft_ops.draft(register, 2025, "某区某局", traditional=True)
    assert "政府信息公開申請" in "".join(traditional.sections[0][1])
    old = draft_ops.draft(register, 2018, "某区某局")  # the 2014 format has no sections 三/四
    assert not old.ok and "2018" in old.error
    out = draft_ops.write(register, 2025, str(tmp_path / "年度报告"), "某区某局")
    assert out == tmp_path / "年度报告.docx" and out.exists()
    with pytest.raises(ReportDraftError, match="保存位置"):
        draft_ops.write(register, 2025, "  ", "某区某局")
