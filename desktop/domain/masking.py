"""Personal data shown in part: ID and phone numbers in exports and on the register's screen.

The whole number is shown only in the entry form (and in an export the clerk explicitly asks to
be unmasked). Rules:
- ID numbers of 11 characters or more (身份证 18, old 身份证 15, 统一社会信用代码 18): the first 6
  (the issuing region) and the last 4 are kept: 430104********1234.
- Phone numbers of 11 characters or more: the first 3 and the last 4 are kept: 138****5678.
- Anything shorter: the first and last quarter are kept, the middle half is masked, so a short or
  odd value is never shown whole (a 9-character value keeps 2 + 2).
The masked text has the same length as the (stripped) original; an empty value stays empty.
"""

from __future__ import annotations

MASK = "*"


def _mask(value: str, head: int, tail: int, long_from: int = 11) -> str:
    value = value.strip()
    n = len(value)
    if n == 0:
        return ""
    if n < long_from:
        head = tail = n // 4
    return value[:head] + MASK * (n - head - tail) + value[n - tail :]


def mask_id_number(value: str) -> str:
    """430104199001011234 → 430104********1234."""
    return _mask(value, 6, 4)


def mask_phone(value: str) -> str:
    """13800138000 → 138****8000."""
    return _mask(value, 3, 4)
