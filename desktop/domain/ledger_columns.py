"""The ledger (台账) workbook columns of contract.md, declared once.

The ledger importer and exporter, the entry form's labels and the register view's headers all read
this list. The order is the contract's order; never rename or drop a column, only add at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain import vocab


@dataclass(frozen=True)
class LedgerColumn:
    header: str  # verbatim header of contract.md (simplified)
    field: str  # Application attribute
    kind: str  # text | date | choice | bool | money | outcome
    choices: tuple[str, ...] = ()
    required: bool = False
    computed: bool = False  # written on export, ignored on import


LEDGER_COLUMNS: tuple[LedgerColumn, ...] = (
    LedgerColumn("申请编号", "number", "text"),
    LedgerColumn("申请方式", "channel", "choice", vocab.CHANNELS, required=True),
    LedgerColumn("收到日期", "receipt_date", "date", required=True),
    LedgerColumn("申请人类型", "applicant_type", "choice", vocab.APPLICANT_TYPES, required=True),
    LedgerColumn("申请人", "applicant", "text", required=True),
    LedgerColumn("证件号码", "id_number", "text"),
    LedgerColumn("联系电话", "phone", "text"),
    LedgerColumn("申请内容", "content", "text"),
    LedgerColumn("补正告知日期", "correction_notice_date", "date"),
    LedgerColumn("补正收到日期", "correction_received_date", "date"),
    LedgerColumn("征求意见发出日期", "consultation_sent_date", "date"),
    LedgerColumn("征求意见收到日期", "consultation_received_date", "date"),
    LedgerColumn("延期", "extended", "bool", (vocab.YES, vocab.NO)),
    LedgerColumn("答复日期", "answer_date", "date"),
    LedgerColumn(
        "办理结果", "outcome", "outcome", tuple(leaf.short for leaf in vocab.OUTCOME_LEAVES)
    ),
    LedgerColumn("收费金额", "fee_amount_cents", "money"),
    LedgerColumn("行政复议日期", "review_date", "date"),
    LedgerColumn("行政复议结果", "review_result", "choice", vocab.REVIEW_RESULTS),
    LedgerColumn("行政诉讼类型", "litigation_type", "choice", vocab.LITIGATION_TYPES),
    LedgerColumn("行政诉讼日期", "litigation_date", "date"),
    LedgerColumn("行政诉讼结果", "litigation_result", "choice", vocab.REVIEW_RESULTS),
    LedgerColumn("备注", "remarks", "text"),
)

# Appended on export (contract.md): derived from the rules, ignored on import.
COMPUTED_COLUMNS: tuple[LedgerColumn, ...] = (
    LedgerColumn("答复期限", "answer_due", "date", computed=True),
    LedgerColumn("期限已确认", "due_confirmed", "bool", (vocab.YES, vocab.NO), computed=True),
    LedgerColumn("状态", "status", "text", computed=True),
)

# Columns this program adds after the contract's (contract: add only). Imported when present.
EXTRA_COLUMNS: tuple[LedgerColumn, ...] = (
    LedgerColumn("收费通知日期", "fee_notice_date", "date"),
    LedgerColumn("缴费日期", "fee_paid_date", "date"),
    LedgerColumn("延迟答复期限", "due_override_date", "date"),
    LedgerColumn("延迟答复理由", "due_override_reason", "text"),
    # Decision 4: when a 复议/诉讼 was decided. Optional on import (older ledgers lack them).
    LedgerColumn("行政复议结果日期", "review_result_date", "date"),
    LedgerColumn("行政诉讼结果日期", "litigation_result_date", "date"),
)

# Contract v2 (2026-12): after the existing ones; blank keeps the v1 meaning (第三方; the maximum
# extension; the 2014 item derived from the outcome).
V2_COLUMNS: tuple[LedgerColumn, ...] = (
    LedgerColumn("征求意见对象", "consultation_party", "choice", vocab.CONSULTATION_PARTIES),
    LedgerColumn("延期工作日数", "extension_days", "days"),
    LedgerColumn("2014格式办理结果", "outcome_2014", "outcome_2014"),
)

# The one-line 期限计算过程 (desktop.domain.deadline_evidence), the last column of an export.
EVIDENCE_COLUMNS: tuple[LedgerColumn, ...] = (
    LedgerColumn("期限计算过程", "deadline_summary", "text", computed=True),
)

ALL_COLUMNS: tuple[LedgerColumn, ...] = (
    LEDGER_COLUMNS + COMPUTED_COLUMNS + EXTRA_COLUMNS + V2_COLUMNS + EVIDENCE_COLUMNS
)
COLUMN_BY_FIELD: dict[str, LedgerColumn] = {c.field: c for c in ALL_COLUMNS}
COLUMN_BY_HEADER: dict[str, LedgerColumn] = {c.header: c for c in ALL_COLUMNS}
