"""Export then import gives the same register, field by field (issue 2, ledger round trip)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from desktop.domain import vocab
from desktop.domain.application import Application
from desktop.reports.ledger_io import import_ledger, read_ledger, write_ledger
from desktop.store.register import Register
from tests.reports.test_ledger_io import CREDIT_CODE, VALID_ID, VALID_ID_2

FORMULA_TEXTS = (
    "=1+1",
    "+8613800138000",
    "-3",
    "@SUM(A1:A3)",
    ' =HYPERLINK("http://x")',
    "\t=cmd",
    "\r\n+1",
)


def _app(**kw) -> Application:
    base = dict(
        receipt_date=date(2025, 3, 3), channel="当面", applicant_type="自然人", applicant="张三"
    )
    base.update(kw)
    return Application(**base)


def varied_applications() -> list[Application]:
    """Every field used at least once; every channel, applicant type and outcome leaf."""
    apps = [
        _app(  # every field of the ledger filled in
            number="2025-0100",
            channel="网络",
            applicant="王小明",
            id_number=VALID_ID,
            phone="13800138000",
            content="第一行\n第二行：某某项目的批复文件",
            correction_notice_date=date(2025, 3, 5),
            correction_received_date=date(2025, 3, 10),
            consultation_sent_date=date(2025, 3, 12),
            consultation_received_date=date(2025, 3, 20),
            fee_notice_date=date(2025, 3, 21),
            fee_paid_date=date(2025, 3, 24),
            extended=True,
            due_override_date=date(2025, 6, 30),
            due_override_reason="申请内容涉及大量档案，按第三十五条确定合理期限",
            answer_date=date(2025, 5, 6),
            outcome="partial",
            fee_amount_cents=38010,
            review_date=date(2025, 6, 1),
            review_result="结果维持",
            review_result_date=date(2025, 6, 20),
            litigation_type="复议后起诉",
            litigation_date=date(2025, 7, 1),
            litigation_result="尚未审结",
            remarks="已电话告知",
        ),
        _app(applicant_type="商业企业", applicant="某某建设有限公司", id_number=CREDIT_CODE),
        _app(  # received under the 2008 rules, litigation without review
            receipt_date=date(2018, 12, 28),
            channel="邮寄",
            applicant="陳大文",  # traditional text is kept as written
            id_number=VALID_ID_2,
            answer_date=date(2019, 1, 10),
            outcome="deny.security",
            litigation_type="未经复议直接起诉",
            litigation_date=date(2019, 2, 1),
            litigation_result="结果纠正",
            litigation_result_date=date(2019, 5, 10),
            fee_amount_cents=1,
        ),
        _app(
            receipt_date=date(2026, 1, 5), channel="传真", phone="010-12345678", fee_amount_cents=0
        ),
    ]
    for text in FORMULA_TEXTS:
        # Names are stored trimmed; long texts keep their blanks exactly.
        apps.append(_app(applicant=text.strip(), content=text, remarks=text, phone="+86 10 1234"))
    # A long text of blanks only (a stray space in 备注) comes back as typed, not emptied.
    apps.append(_app(content=" ", remarks="\u3000\n", due_override_reason="  "))
    for i, leaf in enumerate(vocab.OUTCOME_LEAVES):
        apps.append(
            _app(
                receipt_date=date(2024, 1 + i % 12, 2 + i),
                channel=vocab.CHANNELS[i % len(vocab.CHANNELS)],
                applicant_type=vocab.APPLICANT_TYPES[i % len(vocab.APPLICANT_TYPES)],
                applicant=f"申请人{i}",
                answer_date=date(2024, 12, 31),
                outcome=leaf.code,
                review_date=date(2025, 1, 15) if i % 3 == 0 else None,
                review_result=vocab.REVIEW_RESULTS[i % 4] if i % 3 == 0 else "",
            )
        )
    return apps


def comparable(app: Application) -> Application:
    return dataclasses.replace(app, id=None)


@pytest.fixture
def source(register) -> Register:
    register.add_many(varied_applications())
    deleted = register.add(_app(applicant="已删除的申请"))
    register.delete(deleted.id)
    return register


def test_export_then_import_gives_the_same_applications(source, tmp_path):
    path = tmp_path / "台账.xlsx"
    written = write_ledger(source, path, masked=False)
    assert written == source.count() == len(varied_applications())

    target = Register.open(tmp_path / "copy.ogidb")
    try:
        result = import_ledger(target, path)
        assert result.errors == []
        assert result.added == written
        before = {a.number: comparable(a) for a in source.all_applications()}
        after = {a.number: comparable(a) for a in target.all_applications()}
        assert after.keys() == before.keys()
        for number, app in before.items():
            for f in dataclasses.fields(Application):
                assert getattr(after[number], f.name) == getattr(app, f.name), (number, f.name)
        assert "已删除的申请" not in {a.applicant for a in target.all_applications()}
    finally:
        target.close()


def test_export_import_export_writes_identical_cells(source, tmp_path):
    first = tmp_path / "first.xlsx"
    write_ledger(source, first, masked=False, today=date(2025, 8, 1))
    target = Register.open(tmp_path / "copy.ogidb")
    try:
        assert import_ledger(target, first).ok
        second = tmp_path / "second.xlsx"
        write_ledger(target, second, masked=False, today=date(2025, 8, 1))
    finally:
        target.close()
    assert _cells(first) == _cells(second)


def test_traditional_export_imports_back_to_the_same_applications(source, tmp_path):
    path = tmp_path / "繁體.xlsx"
    write_ledger(source, path, masked=False, traditional=True)
    result = read_ledger(path)
    assert result.errors == []
    expected = sorted((comparable(a) for a in source.all_applications()), key=lambda a: a.number)
    got = sorted((comparable(a) for a in result.applications), key=lambda a: a.number)
    assert got == expected


def _cells(path) -> list[tuple]:
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    return [tuple((c.value, c.data_type, c.number_format) for c in row) for row in ws.iter_rows()]


# Text as people type it: any printable character, line breaks and tabs, formula-looking starts.
TYPED = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\t\n\r=+-@ "),
    max_size=60,
)
NAMES = TYPED.map(str.strip).filter(bool)
DAYS = st.dates(min_value=date(2019, 6, 1), max_value=date(2026, 6, 30))


@st.composite
def applications(draw) -> Application:
    received = draw(DAYS)
    answered = draw(st.none() | st.integers(0, 60).map(lambda d: received + timedelta(days=d)))
    return _app(
        receipt_date=received,
        channel=draw(st.sampled_from(vocab.CHANNELS)),
        applicant_type=draw(st.sampled_from(vocab.APPLICANT_TYPES)),
        applicant=draw(NAMES),
        phone=draw(st.sampled_from(["", "13800138000", "010-1234 5678"])),
        content=draw(TYPED),
        remarks=draw(TYPED),
        extended=draw(st.booleans()),
        answer_date=answered,
        outcome=draw(st.sampled_from(vocab.OUTCOME_LEAVES)).code if answered else None,
        fee_amount_cents=draw(st.none() | st.integers(0, 10**7)),
    )


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(applications(), min_size=1, max_size=8))
def test_any_applications_survive_export_and_import(tmp_path_factory, apps):
    folder = tmp_path_factory.mktemp("prop")
    source, target = Register.memory(), Register.memory()
    try:
        source.add_many(apps)
        write_ledger(source, folder / "l.xlsx", masked=False, traditional=len(apps) % 2 == 0)
        result = import_ledger(target, folder / "l.xlsx")
        assert result.errors == []
        before = sorted((comparable(a) for a in source.all_applications()), key=lambda a: a.number)
        after = sorted((comparable(a) for a in target.all_applications()), key=lambda a: a.number)
        assert after == before
    finally:
        source.close()
        target.close()
