"""The register table reads off the GUI thread (issue 12): a search typed is counted and paged on the
model's reader, the view keeps the old rows and says 正在查询… meanwhile, an older search overtaken
by a newer one is dropped when its answer comes, and a page scrolled to arrives by itself.

These run the real reader thread (`threaded_ops`); every wait has a timeout that fails the test."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from desktop.domain.application import Application
from desktop.store.queries import RegisterQueries, RegisterQuery
from desktop.store.register import Register
from desktop.ui.main_window import SEARCHING_TEXT, MainWindow
from desktop.ui.register_model import PAGE_SIZE, RegisterModel
from tests.ui.test_register_model import bulk_fill

WAIT_MS = 10_000


def names(n: int, prefix: str) -> list[Application]:
    return [
        Application(date(2025, 3, 1 + i % 28), "网络", "自然人", f"{prefix}{i}", content="预算")
        for i in range(n)
    ]


@pytest.fixture
def blocked(monkeypatch: pytest.MonkeyPatch):
    """Counts of a search for a text in `gates` wait for its event (on the reader's thread);
    records which threads asked the store anything."""
    gates: dict[str, threading.Event] = {}
    threads: list[threading.Thread] = []
    original = RegisterQueries.count

    def count(self, query: RegisterQuery) -> int:  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        gate = gates.get(query.search)
        if gate is not None:
            assert gate.wait(WAIT_MS / 1000), "the test never released the reader"
        return original(self, query)

    monkeypatch.setattr(RegisterQueries, "count", count)
    yield gates, threads
    for gate in gates.values():
        gate.set()


@pytest.fixture
def window(qtbot, register: Register, monkeypatch: pytest.MonkeyPatch, threaded_ops):
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    register.add_many(names(3, "张三") + names(2, "李四") + names(1, "王五"))
    win = MainWindow(register)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.model.status_counts() is not None, timeout=WAIT_MS)
    yield win
    win.bench.close()
    win.model.detach()


def shown_applicants(win: MainWindow) -> set[str]:
    model = win.model
    found = set()
    for row in range(model.rowCount()):
        hit = model.row_at(row)
        assert hit is not None
        found.add(hit.application.applicant)
    return found


def test_a_search_typed_is_answered_off_the_gui_thread(qtbot, window, blocked):
    gates, threads = blocked
    gates["李四"] = threading.Event()
    threads.clear()
    window.search_edit.setText("李四")
    window._search_now()
    # Waiting: the old rows stay, the bar says so, the clerk can go on typing.
    assert window.model.pending
    assert window.model.rowCount() == 6
    assert window.status_label.text() == SEARCHING_TEXT
    gates["李四"].set()
    qtbot.waitUntil(lambda: not window.model.pending, timeout=WAIT_MS)
    assert window.model.rowCount() == 2
    assert shown_applicants(window) == {"李四0", "李四1"}
    qtbot.waitUntil(lambda: "共 2 件" in window.status_label.text(), timeout=WAIT_MS)
    assert threads and all(t is not threading.main_thread() for t in threads)
    # Enter took the clerk to the results: the first row selected.
    assert window.current_application_id() is not None


def test_an_older_search_overtaken_is_dropped(qtbot, window, blocked):
    gates, _threads = blocked
    gates["张三"] = threading.Event()
    model = window.model
    window.search_edit.setText("张三")
    window.apply_filters()  # the reader is now stuck counting 张三
    window.search_edit.setText("王五")
    window.apply_filters()  # the clerk typed on
    assert model.pending and model.query.search == "王五"
    gates["张三"].set()
    qtbot.waitUntil(lambda: not model.pending, timeout=WAIT_MS)
    qtbot.wait(50)  # let any late answer arrive: it must not replace the newer rows
    assert model.loads_dropped >= 1
    assert model.shown_query.search == "王五"
    assert shown_applicants(window) == {"王五0"}
    qtbot.waitUntil(lambda: "共 1 件" in window.status_label.text(), timeout=WAIT_MS)


def test_a_change_is_shown_without_reading_on_the_gui_thread(qtbot, window, register, blocked):
    _gates, threads = blocked
    threads.clear()
    register.add(Application(date(2025, 4, 1), "网络", "自然人", "赵六", content="预算"))
    qtbot.waitUntil(
        lambda: window.model.rowCount() == 7 and not window.model.pending, timeout=WAIT_MS
    )
    assert threads and all(t is not threading.main_thread() for t in threads)


def test_a_page_scrolled_to_arrives_by_itself(qtbot, register, threaded_ops):
    bulk_fill(register, 3 * PAGE_SIZE)
    model = RegisterModel(register)
    try:
        qtbot.waitUntil(lambda: model.total_known, timeout=WAIT_MS)  # counted after page 1
        assert model.rowCount() == 3 * PAGE_SIZE
        last = 3 * PAGE_SIZE - 1
        changed: list[int] = []
        model.dataChanged.connect(lambda top, bottom: changed.append(bottom.row()))
        assert model.row_at(last) is None  # asked for, not waited for
        qtbot.waitUntil(lambda: model.page_reads == 2, timeout=WAIT_MS)
        assert last in changed  # the view was told the rows arrived
        found = model.row_at(last)
        assert found is not None and model.page_reads == 2
    finally:
        model.detach()


def test_a_big_register_opens_on_its_first_page_and_counts_the_rest_on_the_reader(
    qtbot, register: Register, monkeypatch: pytest.MonkeyPatch, threaded_ops, blocked
) -> None:
    # A million rows: counting them read whole indexes on the GUI thread before the first paint
    # (~1.5 s from a cold disk). Now the first page shows, the count and years follow.
    gates, threads = blocked
    gates[""] = threading.Event()  # the start-up count waits until the test lets it go
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    register.add_many(names(PAGE_SIZE + 40, "赵六"))
    register.add(Application(date(2024, 6, 3), "网络", "自然人", "钱七"))
    win = MainWindow(register)
    qtbot.addWidget(win)
    win.show()
    assert win.model.rowCount() == PAGE_SIZE and not win.model.total_known
    assert win.model.index(0, 0).data()  # the first page is there to read
    assert "共 … 件" in win.status_label.text()
    assert threads[-1] is not threading.main_thread()  # counted on the reader, not here
    gates[""].set()
    qtbot.waitUntil(lambda: win.model.total_known, timeout=WAIT_MS)
    assert win.model.rowCount() == PAGE_SIZE + 41
    qtbot.waitUntil(lambda: "共 241 件" in win.status_label.text(), timeout=WAIT_MS)
    years = [win.year_combo.itemData(i) for i in range(win.year_combo.count())]
    assert years == [None, 2025, 2024]
