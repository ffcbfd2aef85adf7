"""Register-level checks before a report: applications whose data would make the tables wrong.

Each check is one SQL condition over live (not soft-deleted) applications and a Chinese sentence;
the result names the application numbers at fault, so the clerk can open and fix them. The entry
form's validation prevents most of these, but registers also arrive by import, by restore from an
older version, or by hand edits of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain import vocab
from desktop.store import statistics
from desktop.store.register import Register

SHOWN_NUMBERS = 50  # numbers listed per problem; the count is always complete
TODAY = "date('now', 'localtime')"  # the clerk's calendar day


def _in(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


@dataclass(frozen=True)
class RegisterCheck:
    code: str
    message: str  # what is wrong, in Chinese
    condition: str  # SQL condition over applications


CHECKS: tuple[RegisterCheck, ...] = (
    RegisterCheck(
        "open_with_outcome",
        "未填写答复日期，却已选择办理结果",
        "answer_date IS NULL AND outcome IS NOT NULL AND outcome != ''",
    ),
    RegisterCheck(
        "concluded_without_outcome",
        "已填写答复日期，但未选择办理结果（不能计入表三的任何一行）",
        "answer_date IS NOT NULL AND (outcome IS NULL OR outcome = '')",
    ),
    RegisterCheck(
        "unknown_outcome",
        "办理结果不是表三中的任何一项",
        f"outcome IS NOT NULL AND outcome != '' AND outcome NOT IN ({_in(tuple(vocab.OUTCOME_BY_CODE))})",
    ),
    RegisterCheck(
        "answer_before_receipt",
        "答复日期早于收到日期",
        "answer_date IS NOT NULL AND answer_date < receipt_date",
    ),
    RegisterCheck(
        # A mistyped year (2052 for 2025) would open a report year of its own and leave this one short.
        "date_after_today",
        "收到日期、答复日期、行政复议或行政诉讼的日期（含结果日期）晚于今天（多为录入错误）",
        f"receipt_date > {TODAY} OR answer_date > {TODAY} OR review_date > {TODAY} "
        f"OR litigation_date > {TODAY} OR review_result_date > {TODAY} "
        f"OR litigation_result_date > {TODAY}",
    ),
    RegisterCheck(
        "unknown_applicant_type",
        "申请人类型不是表三的六类之一",
        f"applicant_type NOT IN ({_in(vocab.APPLICANT_TYPES)})",
    ),
    RegisterCheck(
        "unknown_channel",
        "申请方式不在规定的几种之内",
        f"channel NOT IN ({_in(vocab.CHANNELS)})",
    ),
    RegisterCheck(
        "review_result_without_date",
        "填写了行政复议结果，但没有行政复议日期（无法确定计入哪一年）",
        "review_result != '' AND review_date IS NULL",
    ),
    RegisterCheck(
        "unknown_review_result",
        "行政复议结果不是“结果维持、结果纠正、其他结果、尚未审结”之一",
        f"review_result != '' AND review_result NOT IN ({_in(vocab.REVIEW_RESULTS)})",
    ),
    RegisterCheck(
        "litigation_incomplete",
        "行政诉讼的类型与日期须同时填写",
        "(litigation_type != '' AND litigation_date IS NULL) "
        "OR (litigation_type = '' AND (litigation_date IS NOT NULL OR litigation_result != ''))",
    ),
    RegisterCheck(
        "unknown_litigation",
        "行政诉讼类型或结果不在规定范围之内",
        f"(litigation_type != '' AND litigation_type NOT IN ({_in(vocab.LITIGATION_TYPES)})) "
        f"OR (litigation_result != '' AND litigation_result NOT IN ({_in(vocab.REVIEW_RESULTS)}))",
    ),
    RegisterCheck(
        "litigation_after_review_without_review",
        "行政诉讼类型为“复议后起诉”，但没有行政复议日期",
        "litigation_type = '复议后起诉' AND review_date IS NULL",
    ),
    RegisterCheck(
        "litigation_before_review",
        "行政诉讼日期早于行政复议日期",
        "litigation_date IS NOT NULL AND review_date IS NOT NULL AND litigation_date < review_date",
    ),
    RegisterCheck(
        "review_before_receipt",
        "行政复议或行政诉讼日期早于收到日期",
        "(review_date IS NOT NULL AND review_date < receipt_date) "
        "OR (litigation_date IS NOT NULL AND litigation_date < receipt_date)",
    ),
    RegisterCheck(
        # Decision 4: the result date decides the year a case leaves 尚未审结.
        "result_date_inconsistent",
        "行政复议或行政诉讼的结果日期早于其复议、起诉日期，或填写了结果日期却没有审结结果",
        "(review_result_date IS NOT NULL AND (review_result_date < review_date "
        f"OR review_result NOT IN ({_in(vocab.DECIDED_RESULTS)}))) "
        "OR (litigation_result_date IS NOT NULL AND (litigation_result_date < litigation_date "
        f"OR litigation_result NOT IN ({_in(vocab.DECIDED_RESULTS)})))",
    ),
)


@dataclass
class RegisterProblem:
    code: str
    message: str
    count: int
    numbers: list[str] = field(default_factory=list)  # the first SHOWN_NUMBERS 申请编号

    def __str__(self) -> str:
        shown = "、".join(self.numbers)
        more = f"等 {self.count} 件" if self.count > len(self.numbers) else f"共 {self.count} 件"
        return f"{self.message}：{shown}（{more}）"


def _year_scope(register: Register, year: int) -> tuple[str, list]:
    """Applications the year's report counts: received, concluded or open across the year, or with a
    review or lawsuit filed in it. A UNION of index-served conditions, not a scan of the register."""
    lag = statistics.max_lag_days(register)
    parts = [
        statistics.received_in(year),
        statistics.concluded_in(year),
        *statistics.open_on(f"{year - 1}-12-31", lag),
        *statistics.open_on(f"{year}-12-31", lag),
        statistics.reviewed_in(year),
        statistics.litigated_in(year),
    ]
    union = " UNION ".join(f"SELECT id FROM applications WHERE {where}" for where, _ in parts)
    return f"id IN ({union})", [p for _, params in parts for p in params]


def check_register(register: Register, year: int | None = None) -> list[RegisterProblem]:
    """Every problem found, each with the numbers at fault; with `year`, among the applications that
    year's report counts (see `_year_scope`), else in the whole register.

    One pass counts every check at once; numbers are then fetched only for the checks that failed.
    """
    scope, params = "deleted_at IS NULL", list[object]()
    if year is not None:
        where, params = _year_scope(register, year)
        scope += f" AND {where}"
    sums = ", ".join(f"total(CASE WHEN {c.condition} THEN 1 ELSE 0 END)" for c in CHECKS)
    counts = register.conn.execute(
        f"SELECT {sums} FROM applications WHERE {scope}", params
    ).fetchone()
    problems: list[RegisterProblem] = []
    for check, count in zip(CHECKS, counts, strict=True):
        if not count:
            continue
        numbers = [
            r[0]
            for r in register.conn.execute(
                f"SELECT number FROM applications WHERE ({check.condition}) AND {scope} "
                f"ORDER BY receipt_date, number LIMIT {SHOWN_NUMBERS}",
                params,
            )
        ]
        problems.append(RegisterProblem(check.code, check.message, int(count), numbers))
    return problems
