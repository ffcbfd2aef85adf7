"""The lazy register model: pages on demand, never the whole register; colours; refresh on change."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from desktop.domain import deadlines
from desktop.domain.application import Application, id_card_check_char
from desktop.store.queries import RegisterQuery
from desktop.store.register import Register
from desktop.ui.register_model import (
    COLUMN_INDEX,
    DUE_SOON_BG,
    LATE_BG,
    OVERDUE_BG,
    PAGE_SIZE,
    UNCONFIRMED_MARK,
    RegisterModel,
)

BIG = 200_000
GOOD_ID = "43010419900307123" + id_card_check_char("43010419900307123")


def bulk_fill(register: Register, rows: int) -> None:
    """Many applications at once, by SQL (a test fixture, not how clerks add them)."""
    stamp = "2026-01-01T00:00:00"
    data = (
        (
            f"{2020 + i % 6}-{i:07d}",
            ("网络", "邮寄", "当面")[i % 3],
            f"{2020 + i % 6}-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            "自然人",
            f"申请人{i}",
            f"{2020 + i % 6}-12-31",
            stamp,
            stamp,
        )
        for i in range(rows)
    )
    with register.transaction() as conn:
        conn.executemany(
            "INSERT INTO applications (number, channel, receipt_date, applicant_type, applicant, "
            "answer_due, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            data,
        )


@pytest.fixture(scope="module")
def big_register():
    register = Register.memory()
    bulk_fill(register, BIG)
    yield register
    register.close()


def test_a_large_register_is_never_materialised(qtbot, big_register):
    model = RegisterModel(big_register)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    assert model.rowCount() == BIG
    # Showing the window reads the first page only.
    assert model.fetched_rows <= PAGE_SIZE
    # Scroll to the very end and to the middle: a page each, read by offset from the nearer end.
    view.scrollToBottom()
    qtbot.wait(10)
    last = model.index(BIG - 1, COLUMN_INDEX["number"]).data()
    view.scrollTo(model.index(BIG // 2, 0))
    qtbot.wait(10)
    assert last is not None
    assert model.fetched_rows <= 6 * PAGE_SIZE
    assert model.cached_rows() <= 6 * PAGE_SIZE
    # Walking down row by row reads one page per PAGE_SIZE rows (keyset after the cached page).
    before = model.page_reads
    for row in range(0, 3 * PAGE_SIZE):
        model.index(row, 0).data()
    assert model.page_reads - before <= 3
    model.detach()


def test_last_row_by_offset_equals_last_row_by_keyset_walk(big_register):
    model = RegisterModel(big_register)
    model.set_query(RegisterQuery(year=2024, channel="邮寄"))
    count = model.rowCount()
    assert 0 < count < BIG
    tail = model.index(count - 1, COLUMN_INDEX["number"]).data()
    fresh = RegisterModel(big_register)
    fresh.set_query(RegisterQuery(year=2024, channel="邮寄"))
    walked = [fresh.index(r, COLUMN_INDEX["number"]).data() for r in range(count)]
    assert walked[-1] == tail
    assert len(set(walked)) == count
    model.detach()
    fresh.detach()


def make(**kw) -> Application:
    base = dict(
        receipt_date=date(2026, 2, 13), channel="网络", applicant_type="自然人", applicant="李四"
    )
    base.update(kw)
    return Application(**base)


def cell(model: RegisterModel, row: int, key: str, role=Qt.ItemDataRole.DisplayRole):
    return model.index(row, COLUMN_INDEX[key]).data(role)


def row_of_applicant(model: RegisterModel, name: str) -> int:
    for row in range(model.rowCount()):
        if cell(model, row, "applicant") == name:
            return row
    raise AssertionError(name)


def test_columns_show_what_a_clerk_reads_and_never_the_id_number(qtbot, register):
    register.add(
        make(
            applicant="张三",
            id_number=GOOD_ID,
            phone="13800138000",
            content="第一行\n第二行",
            answer_date=date(2026, 3, 2),
            outcome="deny.secret",
        )
    )
    model = RegisterModel(register)
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers == [
        "申请编号",
        "收到日期",
        "答复期限",
        "状态",
        "申请方式",
        "申请人类型",
        "申请人",
        "申请内容",
        "办理结果",
        "答复日期",
    ]
    values = [model.index(0, c).data() for c in range(model.columnCount())]
    assert values == [
        "2026-0001",
        "2026-02-13",
        "2026-03-19",
        "已办结",
        "网络",
        "自然人",
        "张三",
        "第一行",
        "不予公开／属于国家秘密",
        "2026-03-02",
    ]
    shown = " ".join(values)
    assert GOOD_ID not in shown and "430104" not in shown and "13800138000" not in shown
    model.detach()


def test_rows_are_coloured_by_urgency(qtbot, register):
    today = date(2026, 3, 16)  # Monday
    register.add(make(applicant="超期", receipt_date=date(2026, 1, 5)))  # due 2026-02-02
    register.add(make(applicant="将到期"))  # due 2026-03-19: 3 working days ahead
    register.add(make(applicant="宽裕", receipt_date=date(2026, 3, 10)))
    register.add(
        make(
            applicant="逾期办结",
            receipt_date=date(2026, 1, 5),
            answer_date=date(2026, 2, 10),
            outcome="grant",
        )
    )
    model = RegisterModel(register)
    model.set_query(RegisterQuery(today=today))
    bg = Qt.ItemDataRole.BackgroundRole

    def colour(name: str):
        brush = cell(model, row_of_applicant(model, name), "applicant", bg)
        return brush.color() if brush is not None else None

    assert colour("超期") == OVERDUE_BG
    assert colour("将到期") == DUE_SOON_BG
    assert colour("宽裕") is None
    assert colour("逾期办结") == LATE_BG
    assert cell(model, row_of_applicant(model, "超期"), "status") == deadlines.OVERDUE
    assert cell(model, row_of_applicant(model, "逾期办结"), "status") == deadlines.CONCLUDED_LATE
    model.detach()


def test_unconfirmed_due_date_is_marked(qtbot, register):
    register.add(
        make(receipt_date=date(2027, 3, 1))
    )  # 2027's holiday notice is not in the calendar
    model = RegisterModel(register)
    assert cell(model, 0, "answer_due").endswith(UNCONFIRMED_MARK)
    assert "未确认" in cell(model, 0, "answer_due", Qt.ItemDataRole.ToolTipRole)
    model.detach()


def test_model_refreshes_when_the_register_changes(qtbot, register):
    model = RegisterModel(register)
    assert model.rowCount() == 0
    with qtbot.waitSignal(model.modelReset, timeout=2000):
        register.add(make(applicant="新来的"))
    assert model.rowCount() == 1
    assert cell(model, 0, "applicant") == "新来的"
    model.detach()
    register.add(make(applicant="没人听"))
    qtbot.wait(20)
    assert model.rowCount() == 1  # detached: no longer listening


def test_deleted_rows_show_struck_out_only_when_asked(qtbot, register):
    app = register.add(make(applicant="删掉的"))
    register.add(make(applicant="留下的"))
    register.delete(app.id)
    model = RegisterModel(register)
    assert model.rowCount() == 1
    model.set_query(RegisterQuery(show_deleted=True))
    row = row_of_applicant(model, "删掉的")
    assert cell(model, row, "applicant", Qt.ItemDataRole.FontRole).strikeOut()
    model.detach()


def test_amber_ends_where_the_due_boards_horizon_ends(qtbot, register):
    today = date(2026, 3, 16)  # Monday; the 5th working day after it is Monday 2026-03-23
    for name, due in (("第5个工作日", date(2026, 3, 23)), ("第6个工作日", date(2026, 3, 24))):
        register.add(
            make(applicant=name, due_override_date=due, due_override_reason="第三十五条 合理期限")
        )
    model = RegisterModel(register)
    model.set_query(RegisterQuery(today=today))
    bg = Qt.ItemDataRole.BackgroundRole
    fifth = cell(model, row_of_applicant(model, "第5个工作日"), "applicant", bg)
    sixth = cell(model, row_of_applicant(model, "第6个工作日"), "applicant", bg)
    assert fifth is not None and fifth.color() == DUE_SOON_BG
    assert sixth is None
    model.detach()
