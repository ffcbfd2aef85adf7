"""Decision 7 v2: a register re-keyed from a published 2014–2018 report reproduces its 统计表.

The published figures are those of ../shared/seeds/ (real annual reports):
- 荷塘区人民政府 2016 (003_…): 受理 4, 依申请公开 3, 因涉及商业秘密不同意公开 1. Without its own
  2014格式办理结果 the 商业秘密 refusal (a 2021 第三方合法权益 leaf) would count as 个人隐私.
- 湘潭市 2018 (000_…): 受理 1084 (当面 310); 申请办结数 1080, 按时办结 1060, 延期办结 20; 申请答复数 1081:
  已主动公开 132, 同意公开 420, 同意部分公开 49, 不同意公开 155, 不属于本行政机关公开 110, 申请信息不存在 72,
  告知作出更改补充 64, 告知通过其他途径办理 79. The published table is not consistent with itself (1081
  answers but 1080 conclusions); the register concludes the 1081 it answered, one of them late, which the
  v2 rule keeps out of both 按时 and 延期: every other figure is the published one.
- 珠海市 2017 (004_…): 申请总数 3561 = 当面 3101 + 传真 0 + 网络 367 + 信函 93. Its 答复 items are a provincial
  variant (a “5.其他” item; the items add up to 4851 > 3561) and cannot be re-keyed one application each.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from desktop.domain.checks import run_checks
from desktop.domain.ledger_columns import LEDGER_COLUMNS, V2_COLUMNS
from desktop.reports.ledger_io import import_ledger
from desktop.store.register import Register
from desktop.store.statistics import applications_behind, compute_report

HEADERS = [c.header for c in LEDGER_COLUMNS + V2_COLUMNS]
D = date


def _ledger(path: Path, rows: list[dict[str, object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(HEADERS)
    for values in rows:
        ws.append([values.get(h) for h in HEADERS])
    wb.save(path)
    return path


def _row(receipt: date, channel: str, outcome: str | None, answered: int | None, **more) -> dict:
    row: dict[str, object] = {
        "申请方式": channel,
        "收到日期": receipt,
        "申请人类型": "自然人",
        "申请人": "申请人",
    }
    if answered is not None:
        row["答复日期"] = receipt + timedelta(days=answered)
        row["办理结果"] = outcome
    row.update(more)
    return row


def _import(register: Register, tmp_path: Path, rows: list[dict]) -> None:
    result = import_ledger(register, _ledger(tmp_path / "台账.xlsx", rows))
    assert not result.errors, result.errors[:3]


def test_hetang_2016_commercial_secret_needs_its_2014_item(register: Register, tmp_path) -> None:
    rows = [_row(D(2016, m, 8), "当面", "予以公开", 10) for m in (3, 6, 9)]
    rows.append(_row(D(2016, 10, 10), "当面", "保护第三方合法权益", 10))
    _import(register, tmp_path, rows)
    s = compute_report(register, 2016, "2014").statistics
    # Without its 2014 item the refusal counts as 个人隐私 (report_formats.OUTCOME_TO_2014).
    assert (s["answered.deny.privacy"], s["answered.deny.commercial"]) == (1, 0)

    app = next(a for a in register.all_applications() if a.outcome == "deny.third_party")
    register.update(app.replace(outcome_2014="answered.deny.commercial"))
    s = compute_report(register, 2016, "2014").statistics
    assert (s["received"], s["received.in_person"]) == (4, 4)
    assert (s["answered"], s["answered.grant"], s["answered.deny"]) == (4, 3, 1)
    assert (s["answered.deny.commercial"], s["answered.deny.privacy"]) == (1, 0)
    assert applications_behind(register, 2016, "2014", "answered.deny.commercial", "value") == [
        app.id
    ]


def _xiangtan_rows() -> list[dict]:
    """1084 applications of 2018, re-keyed: (2021 outcome, 2014格式办理结果 or None, count)."""
    answers = [
        ("予以公开", "属于已主动公开范围数", 132),  # no 2021 leaf of its own
        ("予以公开", None, 420),
        ("部分公开", None, 49),
        ("属于国家秘密", None, 30),
        ("保护第三方合法权益", "涉及商业秘密", 25),
        ("保护第三方合法权益", None, 40),
        ("危及“三安全一稳定”", None, 10),
        ("属于三类内部事务信息", None, 50),  # 不是《条例》所指政府信息
        ("本机关不掌握相关政府信息", "不属于本行政机关公开数", 110),
        ("本机关不掌握相关政府信息", None, 72),
        ("补正后申请内容仍不明确", None, 64),
        ("属于行政查询事项", "8．告知通过其他途径办理数", 79),
    ]
    assert sum(n for *_, n in answers) == 1081
    rows: list[dict] = []
    i = 0
    for outcome, item, count in answers:
        for _ in range(count):
            receipt = D(2018, 1, 2) + timedelta(days=i % 280)
            i += 1
            channel = "当面" if i <= 310 else "网络"
            if len(rows) < 20:  # extended, answered within the extended period
                row = _row(receipt, channel, outcome, 30, 延期="是")
            elif (
                len(rows) == 20
            ):  # answered after its due date, no extension: neither 按时 nor 延期
                row = _row(receipt, channel, outcome, 60)
            else:
                row = _row(receipt, channel, outcome, 10)
            if item:
                row["2014格式办理结果"] = item
            rows.append(row)
    # Three received in December and not concluded in 2018 (the report's 撤消 came later).
    rows += [_row(D(2018, 12, 20 + k), "网络", None, None) for k in range(3)]
    return rows


def test_xiangtan_2018_table_is_reproduced(register: Register, tmp_path) -> None:
    _import(register, tmp_path, _xiangtan_rows())
    report = compute_report(register, 2018, "2014")
    s = report.statistics
    assert (s["received"], s["received.in_person"]) == (1084, 310)
    assert (s["concluded.on_time"], s["concluded.extended"]) == (1060, 20)
    assert s["concluded"] == 1081  # published 1080: see the module docstring
    published = {
        "answered": 1081,
        "answered.published": 132,
        "answered.grant": 420,
        "answered.partial": 49,
        "answered.deny": 155,
        "answered.not_ours": 110,
        "answered.not_exist": 72,
        "answered.amend": 64,
        "answered.other_route": 79,
    }
    assert {k: s[k] for k in published} == published
    assert s["answered.deny.commercial"] == 25 and s["answered.deny.privacy"] == 40
    assert all(c.ok for c in run_checks(report)), [c for c in run_checks(report) if not c.ok]
    late = applications_behind(register, 2018, "2014", "concluded", "value")
    on_time = applications_behind(register, 2018, "2014", "concluded.on_time", "value")
    extended = applications_behind(register, 2018, "2014", "concluded.extended", "value")
    (late_one,) = set(late) - set(on_time) - set(extended)
    app = register.get(late_one)
    assert app.answer_date > app.answer_due and not app.extended


def test_zhuhai_2017_channels_are_reproduced(register: Register, tmp_path) -> None:
    counts = {"当面": 3101, "传真": 0, "网络": 367, "邮寄": 93}
    rows = [
        _row(D(2017, 1, 3) + timedelta(days=k % 300), channel, "予以公开", 10)
        for channel, n in counts.items()
        for k in range(n)
    ]
    _import(register, tmp_path, rows)
    s = compute_report(register, 2017, "2014").statistics
    assert (s["received"], s["received.in_person"], s["received.fax"]) == (3561, 3101, 0)
    assert (s["received.online"], s["received.letter"]) == (367, 93)
