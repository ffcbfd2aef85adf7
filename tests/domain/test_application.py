from datetime import date

import pytest

from desktop.domain.application import (
    Application,
    id_card_check_char,
    is_valid_credit_code,
    is_valid_id_card,
    validate,
)


def make(**kw) -> Application:
    base = dict(
        receipt_date=date(2025, 3, 3), channel="当面", applicant_type="自然人", applicant="张三"
    )
    base.update(kw)
    return Application(**base)


def fields(app: Application) -> set[str]:
    return {e.field for e in validate(app)}


def test_a_minimal_application_is_valid():
    assert validate(make()) == []


@pytest.mark.parametrize(
    "number, ok",
    [
        ("11010519491231002X", True),
        ("110105194912310021", False),
        ("110105194902300021", False),
        ("11010519491231002", False),
    ],
)
def test_id_card_check_digit(number, ok):
    assert is_valid_id_card(number) is ok


def test_check_char_of_known_number():
    assert id_card_check_char("11010519491231002") == "X"


def test_credit_code_check_character():
    assert is_valid_credit_code("91350100M000100Y43")
    assert not is_valid_credit_code("91350100M000100Y44")


def test_bad_id_card_names_the_field():
    errors = validate(make(id_number="110105194912310021"))
    assert [e.field for e in errors] == ["id_number"]
    assert "证件号码" in errors[0].message


def test_answer_before_receipt_is_refused():
    errors = validate(make(answer_date=date(2025, 3, 1), outcome="grant"))
    assert "answer_date" in {e.field for e in errors}
    assert any("答复日期" in e.message and "收到日期" in e.message for e in errors)


def test_answer_date_requires_an_outcome_and_outcome_requires_answer_date():
    assert "outcome" in fields(make(answer_date=date(2025, 3, 10)))
    assert "answer_date" in fields(make(outcome="grant"))


def test_correction_received_must_follow_notice():
    assert "correction_received_date" in fields(
        make(correction_notice_date=date(2025, 3, 5), correction_received_date=date(2025, 3, 4))
    )
    assert "correction_received_date" in fields(make(correction_received_date=date(2025, 3, 6)))
    assert (
        validate(
            make(correction_notice_date=date(2025, 3, 5), correction_received_date=date(2025, 3, 6))
        )
        == []
    )


def test_choice_fields_are_checked():
    assert {"channel", "applicant_type"} <= fields(make(channel="飞鸽", applicant_type="外星人"))
    assert "review_result" in fields(make(review_result="胜诉", review_date=date(2025, 4, 1)))


def test_litigation_after_review_needs_a_review_date():
    assert "review_date" in fields(
        make(litigation_type="复议后起诉", litigation_date=date(2025, 6, 1))
    )


def test_override_needs_a_reason():
    assert "due_override_reason" in fields(make(due_override_date=date(2025, 6, 1)))
