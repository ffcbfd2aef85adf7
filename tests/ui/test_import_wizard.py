"""The 导入旧台账 wizard driven page by page on a messy traditional ledger."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QWizard

from desktop.domain.application import Application
from desktop.ui import features
from desktop.ui.import_wizard import open_import_wizard
from desktop.ui.main_window import MainWindow
from tests.reports.test_legacy_ledger import ROWS, messy_ledger


@pytest.fixture(autouse=True)
def _no_due_board_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    # The start-up board is tested in test_main_window; restored after each test (no leak).
    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)


@pytest.fixture
def window(qtbot, register):
    win = MainWindow(register)
    win.messages = []
    win.inform = win.messages.append
    qtbot.addWidget(win)
    return win


def _next(qtbot, wizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    button.click()


def test_wizard_imports_a_messy_ledger_after_confirmations(qtbot, window, register, tmp_path):
    register.add(
        Application(
            receipt_date=date(2025, 3, 1),
            channel="网络",
            applicant_type="自然人",
            applicant="张三",
            content="2024年预算执行情况",
        )
    )
    rows = [
        *ROWS[:4],
        [6, "2025-05-07", "网上", "钱七", "公民", "征地", "2025-05-20", "不予公开", "", "", ""],
    ]
    path = messy_ledger(tmp_path / "舊台賬.xlsx", rows)
    # Through the main window's menu (文件 → 导入旧台账（向导）…), as the clerk opens it.
    wizard = window.open_feature(features.import_wizard)
    qtbot.addWidget(wizard)

    wizard.file_page.load(path)
    assert wizard.file_page.sheet_combo.currentText() == "2025年台账"
    assert "表头在第 3 行" in wizard.file_page.info.text()
    top = wizard.file_page.top_table
    assert top.verticalHeaderItem(2).text() == "3" and top.item(2, 1).text() == "受理日期"
    assert top.item(2, 1).font().bold() and not top.item(3, 1).font().bold()
    _next(qtbot, wizard)

    page = wizard.mapping_page
    assert page.mapping()[1] == "receipt_date" and page.mapping()[7] == "outcome"
    page.set_field(10, "receipt_date")  # a wrong choice: two columns for 收到日期
    assert not page.isComplete() and "多列对应了同一项：收到日期" in page.status.text()
    page.set_field(10, "remarks")
    assert page.isComplete()
    _next(qtbot, wizard)

    outcomes = wizard.outcome_page
    assert list(outcomes.outcome_map()) == [
        "同意公开",
        "信息不存在",
        "办理中",
        "涉及过程性信息",
        "不予公开",
    ]
    assert outcomes.outcome_map()["不予公开"] is None and not outcomes.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    # The page says why 下一步 waits, naming the wording to choose for.
    assert outcomes.note.text() == "共 5 种写法。还有 1 种须选择对应表三的哪一项：不予公开"
    outcomes.choose("不予公开", "deny.law")
    assert outcomes.isComplete() and outcomes.note.text() == "共 5 种写法。"
    _next(qtbot, wizard)

    preview = wizard.preview_page
    assert preview.isComplete()
    assert preview.summary.text().startswith("表中共 5 件申请，其中 1 件重复")
    assert preview.summary.text().endswith("将跳过。将导入 4 件申请。")
    assert preview.problems.item(0, 2).text() == "重复：与登记簿中的 2025-0001 相同"
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert register.count() == 5
    assert window.messages == ["已从 舊台賬.xlsx 导入 4 件申请。"]
    outcomes_in_register = sorted(str(a.outcome) for a in register.all_applications())
    assert outcomes_in_register == ["None", "None", "deny.law", "deny.process", "unable.none"]


def test_problem_rows_block_the_import(qtbot, window, register, tmp_path):
    rows = [
        [1, "2025.2.30", "网上", "张三", "公民", "预算", None, None, None, None, ""],
        [2, "2025.3.2", "飞鸽", "李四", "公民", "决算", None, None, None, None, ""],
    ]
    path = messy_ledger(tmp_path / "坏台账.xlsx", rows)
    wizard = open_import_wizard(window.bench)
    qtbot.addWidget(wizard)
    wizard.file_page.load(path)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    preview = wizard.preview_page
    assert not preview.isComplete()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "有 2 行存在问题" in preview.summary.text()
    cells = [
        (preview.problems.item(i, 0).text(), preview.problems.item(i, 1).text())
        for i in range(preview.problems.rowCount())
    ]
    assert cells == [("4", "B列“受理日期”"), ("5", "C列“來件方式”")]
    assert register.count() == 0


def test_unreadable_file_keeps_the_first_page(qtbot, window, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("no")
    wizard = open_import_wizard(window.bench)
    qtbot.addWidget(wizard)
    wizard.file_page.load(bad)
    assert "x.xlsx 不是 Excel 工作簿" in wizard.file_page.info.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_ledger_without_applicant_type_needs_a_default(qtbot, window, register, tmp_path):
    path = messy_ledger(
        tmp_path / "简表.xlsx",
        [["2025年3月1日", "网络", "张三", "预算"]],
        headers=["收件日期", "申请渠道", "申请人", "申请事项"],
        title_rows=1,
    )
    wizard = open_import_wizard(window.bench)
    qtbot.addWidget(wizard)
    wizard.file_page.load(path)
    _next(qtbot, wizard)
    page = wizard.mapping_page
    assert not page.isComplete() and "申请人类型" in page.status.text()
    page.set_default("applicant_type", "自然人")
    assert page.isComplete()
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert [a.applicant_type for a in register.all_applications()] == ["自然人"]
    assert "申请人类型" not in page.status.text()  # the red line goes once a value is chosen


def test_the_same_ledger_again_has_nothing_to_import(qtbot, window, register, tmp_path):
    """Imported once; the second time every row is a duplicate (one also repeats an earlier row):
    never a negative count, 全部导入 stays disabled, the register is unchanged."""
    rows = [*ROWS[:3], ROWS[0]]
    path = messy_ledger(tmp_path / "台账.xlsx", rows)

    def to_preview():
        wizard = open_import_wizard(window.bench)
        qtbot.addWidget(wizard)
        wizard.file_page.load(path)
        _next(qtbot, wizard)
        _next(qtbot, wizard)
        _next(qtbot, wizard)
        return wizard

    first = to_preview()
    first.button(QWizard.WizardButton.FinishButton).click()
    assert register.count() == 3
    second = to_preview()
    preview = second.preview_page
    assert preview.summary.text() == (
        "表中共 4 件申请，其中 4 件重复（与登记簿中已有的申请或本表前面的行，申请人、申请内容、"
        "收到日期均相同），将跳过。没有可导入的申请。"
    )
    assert not second.button(QWizard.WizardButton.FinishButton).isEnabled()
    last = preview.problems.item(preview.problems.rowCount() - 1, 2).text()
    assert last == "重复：与登记簿中的 2025-0001 相同，与本表第4行相同"
    preview.skip_duplicates.setChecked(False)  # the clerk insists: then all 4 would go in
    assert second.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert preview.summary.text().endswith("仍将导入。将导入 4 件申请。")
    assert register.count() == 3


def test_one_import_sends_a_hand_kept_ledger_to_the_wizard(qtbot, window, register, tmp_path):
    from desktop.ui import ledger_dialogs

    path = messy_ledger(tmp_path / "手工台账.xlsx", ROWS[:4])  # title rows, its own headers
    window.show()
    dialog = ledger_dialogs.open_import_ledger(window, str(path))
    qtbot.waitUntil(lambda: getattr(dialog, "wizard", None) is not None, timeout=10_000)
    wizard = dialog.wizard
    qtbot.addWidget(wizard)
    assert wizard.isVisible() and wizard.file_page.path_edit.text() == str(path)
    assert "表头在第 3 行" in wizard.file_page.info.text()
    assert "第1行不是标准台账的表头，已转到导入向导" in window.statusBar().currentMessage()
    # The refusal itself names the row it looked at.
    assert dialog.read_result.errors[0].row == 1


def test_the_last_page_shows_the_mappings_and_a_fixed_file_is_read_again(
    qtbot, window, register, tmp_path
):
    import os

    rows = [
        [1, "2025.2.30", "网上", "张三", "个人", "预算", None, None, None, None, ""],
        [2, "2025.3.2", "网上", "李四", "律所", "决算", None, None, None, None, ""],
    ]
    path = messy_ledger(tmp_path / "台账.xlsx", rows)
    wizard = open_import_wizard(window.bench, path)
    qtbot.addWidget(wizard)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    preview = wizard.preview_page
    # Before importing: what each good row becomes (律所 → 法律服务机构), and the column mapping.
    assert preview.mapped.rowCount() == 1
    cells = [preview.mapped.item(0, c).text() for c in range(preview.mapped.columnCount())]
    assert cells[0] == "5" and "法律服务机构" in cells and "李四" in cells
    assert "B列“受理日期” → 收到日期" in preview.notes.toPlainText()
    # The good row alone may go in, the bad one stays listed.
    assert not preview.isComplete() and preview.skip_problems.isVisibleTo(wizard)
    preview.skip_problems.setChecked(True)
    assert preview.isComplete() and "有问题的 1 行不导入" in preview.summary.text()
    preview.skip_problems.setChecked(False)

    # The clerk fixes the date in Excel and comes back: 上一步, 下一步 reads the file again.
    fixed = [[1, "2025.2.28", *rows[0][2:]], rows[1]]
    messy_ledger(path, fixed)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    wizard.back()
    _next(qtbot, wizard)
    assert "文件已修改，已重新读取" in preview.notes.toPlainText()
    assert preview.isComplete() and preview.mapped.rowCount() == 2
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert register.count() == 2


def test_doubtful_dates_are_shown_before_importing_and_asked_about(
    qtbot, window, register, tmp_path
):
    """A receipt year 2062 (for 2026): listed on the last page as 请核对 with the row, asked about at
    全部导入 with the ledger import's words; 返回修改 imports nothing, 确认 imports."""
    path = messy_ledger(
        tmp_path / "简表.xlsx",
        [
            ["2026年3月2日", "网络", "张三", "预算", "自然人"],
            ["2062年3月4日", "网络", "李四", "决算", "自然人"],
        ],
        headers=["收件日期", "申请渠道", "申请人", "申请事项", "申请人类型"],
        title_rows=1,
    )
    wizard = open_import_wizard(window.bench)
    qtbot.addWidget(wizard)
    wizard.file_page.load(path)
    for _ in range(3):
        if wizard.currentPage() is not wizard.preview_page:
            _next(qtbot, wizard)
    page = wizard.preview_page
    table = page.problems
    assert page.problems.isVisibleTo(wizard)
    cells = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    today = date.today()
    today_text = f"{today.year}年{today.month}月{today.day}日"
    assert cells == [["4", "收到日期", f"请核对：“收到日期”2062年3月4日晚于今天（{today_text}）"]]
    assert "有 1 个日期看起来不对（见下表“请核对”），导入前会再次确认。" in page.summary.text()

    asked: list[str] = []
    wizard.confirm_doubts = lambda: asked.append("asked") or False  # 返回修改
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert asked and list(register.all_applications()) == [] and wizard.isVisible()
    wizard.confirm_doubts = lambda: True  # 确认无误
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert sorted(a.receipt_date.year for a in register.all_applications()) == [2026, 2062]


def test_the_question_has_the_ledger_imports_words():
    from desktop.domain.date_doubts import DateDoubt, import_question

    text = import_question([(4, DateDoubt("receipt_date", "“收到日期”2062年3月4日晚于今天"))])
    assert text == (
        "下面的日期看起来不对：\n第4行：“收到日期”2062年3月4日晚于今天\n\n确认无误，仍要导入吗？"
    )
