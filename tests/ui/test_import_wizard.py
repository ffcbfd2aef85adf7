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
