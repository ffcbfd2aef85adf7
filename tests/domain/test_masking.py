"""Masking of ID and phone numbers: what the register table and masked exports show."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.masking import mask_id_number, mask_phone


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("430104199001011234", "430104********1234"),  # 身份证, 18
        ("43010419900101123X", "430104********123X"),  # check digit X kept
        ("430104900101123", "430104*****1123"),  # old 15-digit 身份证
        ("91430100MA4L1234XY", "914301********34XY"),  # 统一社会信用代码
        ("  430104199001011234 ", "430104********1234"),  # surrounding spaces dropped
        ("12345678901", "123456*8901"),  # 11: the shortest long form, one star
        ("123456789", "12*****89"),  # 9 used to come out whole
        ("1234", "1**4"),
        ("12", "**"),
        ("7", "*"),
        ("", ""),
    ],
)
def test_id_numbers(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13800138000", "138****8000"),  # mobile
        ("010-12345678", "010*****5678"),  # landline with area code
        ("0731-88886666", "073******6666"),
        ("88886666", "88****66"),  # landline without area code used to come out whole
        ("1234567", "1*****7"),
        ("13800138000，13900139000", "138" + "*" * 16 + "9000"),  # two numbers: both hidden
        ("", ""),
    ],
)
def test_phone_numbers(value, masked):
    assert mask_phone(value) == masked


@given(st.text(alphabet="0123456789Xx-", min_size=1, max_size=30).filter(lambda s: s.strip()))
def test_never_shown_whole_and_length_kept(value):
    for mask in (mask_id_number, mask_phone):
        out = mask(value)
        assert len(out) == len(value.strip())
        assert "*" in out
        hidden = out.count("*")
        assert hidden >= len(out) // 2 or hidden >= len(out) - 10  # at least half, or all but 10


def test_masking_is_stable():
    once = mask_id_number("430104199001011234")
    assert mask_id_number(once) == once


# ------------------------------------------------- where the rules apply (other layers, checked here)
ID = "430104199001011230"  # a valid check digit
PHONE = "13800138000"


def _stored(register):
    from datetime import date

    from desktop.domain.application import Application

    return register.add(
        Application(
            date(2026, 3, 2),
            "网络",
            "自然人",
            "张三",
            id_number=ID,
            phone=PHONE,
            content="申请公开",
        )
    )


def test_ledger_export_masks_by_default(register, tmp_path):
    from openpyxl import load_workbook

    from desktop.reports.ledger_io import write_ledger

    _stored(register)
    write_ledger(register, tmp_path / "masked.xlsx")
    write_ledger(register, tmp_path / "whole.xlsx", masked=False)
    masked = [c.value for row in load_workbook(tmp_path / "masked.xlsx").active for c in row]
    whole = [c.value for row in load_workbook(tmp_path / "whole.xlsx").active for c in row]
    assert mask_id_number(ID) in masked and mask_phone(PHONE) in masked
    assert not any(ID in str(v) or PHONE in str(v) for v in masked)
    assert ID in whole and PHONE in whole  # only when explicitly asked for


def test_register_table_never_shows_the_whole_numbers(qapp, register):
    from PySide6.QtCore import Qt

    from desktop.ui.register_model import RegisterModel

    _stored(register)
    model = RegisterModel(register)
    try:
        assert model.rowCount() == 1
        roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        shown = [
            str(model.data(model.index(0, c), role))
            for c in range(model.columnCount())
            for role in roles
        ]
        assert any("张三" in text for text in shown)  # the row is really there
        assert not any(ID in text or PHONE in text for text in shown)
    finally:
        model.detach()
