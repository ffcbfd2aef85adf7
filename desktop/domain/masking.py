"""Personal data shown in part: ID and phone numbers in exports and on the register's screen.

The whole number is shown only in the entry form. 430104********1234: first 6 and last 4 kept.
"""

from __future__ import annotations


def mask_id_number(value: str) -> str:
    value = value.strip()
    if len(value) <= 8:
        return "*" * len(value) if len(value) > 4 else value
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    digits = value.strip()
    if len(digits) < 7:
        return digits
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
