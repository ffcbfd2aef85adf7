"""Make the screenshots of docs/user-guide.md: the main window with a dozen applications, the form,
and 单位设置.

Run: QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python docs/screenshots/make_screenshots.py
(or under `xvfb-run -a` without QT_QPA_PLATFORM). Needs a CJK font (fonts-wqy-microhei).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.domain.application import Application, id_card_check_char
from desktop.store.register import Register
from desktop.ui.main_window import MainWindow

HERE = Path(__file__).parent


def sample_register(today: date) -> Register:
    register = Register.memory()
    id17 = "43010419880512301"
    rows = [
        (
            -2,
            "网络",
            "自然人",
            "张建国",
            "申请公开本区2026年道路拓宽工程征收补偿方案及补偿标准",
            None,
            None,
        ),
        (-5, "当面", "自然人", "李秀英", "申请公开某小区加装电梯项目的审批文件", None, None),
        (
            -12,
            "邮寄",
            "商业企业",
            "长沙市星沙建材有限公司",
            "申请公开2025年度政府采购项目中标结果",
            None,
            None,
        ),
        (-24, "网络", "自然人", "陳大文", "申請公開某河段環境影響評價報告全文", None, None),
        (
            -30,
            "电子邮件",
            "法律服务机构",
            "湖南正言律师事务所",
            "申请公开某地块土地征收批复文件",
            None,
            None,
        ),
        (-41, "网络", "自然人", "王五", "申请公开2024年度财政预算执行情况", -15, "grant"),
        (-50, "平常信函", "自然人", "赵丽华", "申请公开辖区内学校招生计划", -20, "partial"),
        (
            -58,
            "网络",
            "科研机构",
            "湖南大学城市规划研究所",
            "申请公开控制性详细规划调整的论证材料",
            -30,
            "deny.process",
        ),
        (-66, "当面", "自然人", "刘志强", "申请公开本人房屋拆迁补偿协议", -25, "unable.none"),
        (
            -75,
            "邮寄",
            "社会公益组织",
            "湘江环保志愿者协会",
            "申请公开企业排污许可证及监测数据",
            -10,
            "grant",
        ),
        (-90, "网络", "自然人", "周敏", "要求确认已获取的信息真实性", -40, "reject.confirm"),
        (-120, "传真", "其他", "某村民委员会", "申请公开土地承包经营权确权登记资料", -60, "grant"),
    ]
    apps = []
    for days, channel, kind, who, content, answered, outcome in rows:
        receipt = today + timedelta(days=days)
        apps.append(
            Application(
                receipt_date=receipt,
                channel=channel,
                applicant_type=kind,
                applicant=who,
                id_number=id17 + id_card_check_char(id17) if kind == "自然人" else "",
                phone="13807310000" if kind == "自然人" else "",
                content=content,
                answer_date=receipt + timedelta(days=-answered) if answered else None,
                outcome=outcome,
            )
        )
    register.add_many(sorted(apps, key=lambda a: a.receipt_date))  # numbers follow receipt order
    return register


def unit_settings_shot(register: Register) -> Path:
    """单位设置 with an office name and a pattern typed: the next number shown live."""
    from desktop.store import settings
    from desktop.ui.unit_settings import UnitSettingsDialog

    settings.set_office_name(register, "某某县人民政府办公室")
    dialog = UnitSettingsDialog(register)
    dialog.pattern_edit.setText("某政信〔{年}〕{序号:3}号")
    dialog.show()
    QApplication.processEvents()
    path = HERE / "unit-settings.png"
    dialog.grab().save(str(path))
    dialog.close()
    return path


def messy_ledger(path: Path, today: date) -> Path:
    """A hand-kept ledger: a merged title row, the office's own column names, one mistyped year."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = f"{today.year}年台账"
    sheet.append([f"{today.year}年政府信息公开申请登记台账"])
    sheet.merge_cells("A1:H1")
    sheet.append(
        ["序号", "收件日期", "申请渠道", "申请人", "申请人身份", "申请事项", "答复时间", "办理结果"]
    )
    rows = [
        (-40, "网上", "钱七", "个人", "征地补偿标准", -25, "同意公开"),
        (-35, "信函", "孙八", "公司", "政府采购合同", -20, "部分公开，部分涉及商业秘密"),
        (-20, "当面", "周九", "律所", "行政处罚决定书", -6, "信息不存在"),
    ]
    for i, (days, channel, who, kind, what, answered, result) in enumerate(rows, start=1):
        received, answer = today + timedelta(days=days), today + timedelta(days=answered)
        sheet.append([i, received, channel, who, kind, what, answer, result])
    mistyped = today.replace(year=today.year + 36)  # 2026 typed as 2062
    sheet.append([4, mistyped, "网上", "吴十", "个人", "拆迁安置方案", None, ""])
    book.save(path)
    return path


def shoot(widget, name: str) -> Path:
    app = QApplication.instance()
    widget.show()
    for _ in range(3):
        app.processEvents()
    path = HERE / name
    widget.grab().save(str(path))
    print(f"saved {path} ({widget.width()}×{widget.height()})")
    return path


def main() -> None:
    os.environ["OGI_DATA_DIR"] = tempfile.mkdtemp(prefix="ogi-shots-")  # no remembered sizes
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from desktop.ui.ops import OpRunner

    OpRunner.inline_default = True  # each window's figures are there when it is grabbed
    screen = app.primaryScreen().availableGeometry()
    print(f"screen {screen.width()}×{screen.height()}")
    today = date.today()
    register = sample_register(today)
    MainWindow.show_due_board_on_start = False
    window = MainWindow(register)
    window.table.selectRow(1)
    shoot(window, "main-window.png")

    window.open_application(window.current_application_id())
    form = window.form
    shoot(form, "form.png")
    form.close()

    from desktop.ui.charts_window import open_charts_window
    from desktop.ui.due_board import open_due_board
    from desktop.ui.import_wizard import open_import_wizard
    from desktop.ui.report_window import open_report_window

    board = open_due_board(window.bench, today)
    shoot(board, "due-board.png")
    board.close()

    report = open_report_window(window.bench)
    report.select(today.year)
    report.show()
    app.processEvents()
    report.drill("grant", "自然人")  # as a click on （一）予以公开 · 自然人 does
    index = report.table3_view.find_key(("grant", "自然人"))
    if index is not None:
        report.table3_view.setCurrentIndex(index)
    shoot(report, "report-window.png")
    report.close()

    charts = open_charts_window(window.bench)
    charts.tabs.setCurrentIndex(4)  # 按时办结率
    shoot(charts, "charts-window.png")
    charts.close()

    ledger = messy_ledger(Path(tempfile.mkdtemp()) / "旧台账.xlsx", today)
    wizard = open_import_wizard(window.bench, ledger)
    for _ in range(3):
        wizard.next()
        app.processEvents()
    shoot(wizard, "import-wizard.png")
    wizard.reject()

    unit_settings_shot(register)
    print("saved", HERE / "unit-settings.png")


if __name__ == "__main__":
    main()
