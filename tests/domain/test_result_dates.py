"""行政复议结果日期 / 行政诉讼结果日期 (decision 4): the rules, each message naming its field."""

from datetime import date

from desktop.domain.application import FIELD_LABELS, Application, validate
from desktop.domain.ledger_columns import EXTRA_COLUMNS, LEDGER_COLUMNS


def make(**kw) -> Application:
    base = dict(
        receipt_date=date(2025, 3, 3), channel="当面", applicant_type="自然人", applicant="张三"
    )
    base.update(kw)
    return Application(**base)


def messages(app: Application) -> dict[str, str]:
    return {e.field: e.message for e in validate(app)}


REVIEWED = dict(review_date=date(2025, 11, 10), review_result="结果维持")
LITIGATED = dict(
    litigation_type="未经复议直接起诉",
    litigation_date=date(2025, 10, 1),
    litigation_result="结果纠正",
)


def test_labels_and_ledger_columns_come_after_every_existing_one():
    assert FIELD_LABELS["review_result_date"] == "行政复议结果日期"
    assert FIELD_LABELS["litigation_result_date"] == "行政诉讼结果日期"
    assert [c.field for c in EXTRA_COLUMNS[-2:]] == ["review_result_date", "litigation_result_date"]
    assert LEDGER_COLUMNS[-1].header == "备注"  # the contract's columns are untouched


def test_result_dates_on_or_after_filing_are_valid_even_in_the_next_year():
    assert validate(make(**REVIEWED, review_result_date=date(2026, 1, 20))) == []
    assert validate(make(**REVIEWED, review_result_date=date(2025, 11, 10))) == []
    assert validate(make(**LITIGATED, litigation_result_date=date(2026, 3, 1))) == []


def test_a_result_without_its_date_is_accepted_for_older_data():
    assert validate(make(**REVIEWED)) == []
    assert validate(make(**LITIGATED)) == []


def test_a_result_date_before_the_filing_date_is_refused_naming_both():
    found = messages(make(**REVIEWED, review_result_date=date(2025, 11, 9)))
    assert found == {
        "review_result_date": "“行政复议结果日期”（2025-11-09）不能早于“行政复议日期”（2025-11-10）"
    }
    found = messages(make(**LITIGATED, litigation_result_date=date(2025, 9, 30)))
    assert found == {
        "litigation_result_date": "“行政诉讼结果日期”（2025-09-30）不能早于“行政诉讼日期”（2025-10-01）"
    }


def test_a_result_date_needs_a_decided_result():
    found = messages(make(review_date=date(2025, 11, 10), review_result_date=date(2026, 1, 20)))
    assert found == {"review_result_date": "“行政复议结果日期”已填写，但“行政复议结果”为空"}
    found = messages(
        make(
            **{**LITIGATED, "litigation_result": "尚未审结"},
            litigation_result_date=date(2026, 1, 5),
        )
    )
    assert found == {
        "litigation_result_date": "“行政诉讼结果日期”已填写，但“行政诉讼结果”为“尚未审结”"
    }
