"""F9b (docs/safety.md): the holiday-notice parser is linear; a huge paste answers at once.

Each parse runs in a child process with a time-out well above what a linear parser needs (the
quadratic one took 211 s for a 79 KB line of blanks, 68 s for a 430 KB line of dates), so a
regression fails here instead of freezing the 节假日 dialog.
"""

from __future__ import annotations

import pytest

from desktop.domain.holiday_notice import MAX_NOTICE_CHARS, NoticeError, decode_notice, parse_notice
from tests.faults.hostile import run_bounded

HEAD = "国务院办公厅关于2025年部分节假日安排的通知 "


@pytest.mark.parametrize(
    "body",
    [
        "HEAD + '元旦' + ' ' * 1_000_000 + '。'",
        "HEAD + '一、元旦：' + '1月1日 ' * 170_000",
        "HEAD + '元旦' + ' ' * 190_000 + '。'",
        "HEAD + '一、元旦：' + '1月1日 ' * 30_000",
        "HEAD + '一、元旦：' + '1日(' * 45_000",
        "HEAD + '\\n'.join(['一、元旦：1月1日'] + ['1月'] * 60_000)",
        "HEAD + '。 ' * 90_000",
    ],
    ids=[
        "megabyte_of_blanks",
        "megabyte_of_dates",
        "blanks",
        "dates_without_keyword",
        "open_brackets",
        "continuation_lines",
        "sentences",
    ],
)
def test_a_huge_pasted_notice_answers_within_seconds(body: str) -> None:
    done = run_bounded(
        f"""
        from desktop.domain.holiday_notice import NoticeError, parse_notice
        HEAD = {HEAD!r}
        text = {body}
        try:
            parse_notice(text)
            print("PARSED")
        except NoticeError as exc:
            print("REFUSED", str(exc)[:80])
        """,
        seconds=20,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith(("PARSED", "REFUSED"))


def test_a_notice_past_the_size_limit_is_refused_saying_so() -> None:
    with pytest.raises(NoticeError, match="太长"):
        parse_notice(HEAD + "x" * (MAX_NOTICE_CHARS + 1))
    with pytest.raises(NoticeError, match="太长"):
        decode_notice(b"x" * (4 * MAX_NOTICE_CHARS + 1))
