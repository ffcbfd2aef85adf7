"""The report window of a submitted year in the 差异 view (docs/annual-report.md, issue 14's year lock).

Run: QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python docs/screenshots/make_year_lock_screenshot.py
The hand-counted scenario of the statistics tests; 2024 marked 已报送, then an applicant type
corrected and a table 二 figure typed, each with its reason; the window at 1024×768.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.ops import year_lock
from desktop.store.register import Register
from desktop.ui.context import Workbench
from desktop.ui.ops import OpRunner
from desktop.ui.report_window import VIEW_DIFF, open_report_window
from tests.store.test_statistics_scenario import build_scenario

HERE = Path(__file__).parent


class _Main(QWidget):
    def __init__(self, register: Register):
        super().__init__()
        self.bench = Workbench(register, self, open_application=lambda _id: None)


def main() -> None:
    app = QApplication(sys.argv)
    OpRunner.inline_default = True
    folder = Path(tempfile.mkdtemp())
    register = Register.open(folder / "shot.ogidb")
    build_scenario(register)
    year_lock.mark_submitted(register, 2024)
    answered = next(
        a
        for a in register.all_applications()
        if a.receipt_date.year == 2024 and a.answer_date and a.answer_date.year == 2024
    )
    year_lock.save_application(
        register,
        answered.replace(applicant_type="法律服务机构"),
        "申请人为律师事务所，登记时误选自然人",
    )
    year_lock.set_figures(
        register, 2024, {"2021.二.行政许可.本年处理决定数量": "37"}, "补填行政许可处理决定数"
    )
    window = _Main(register)
    report = open_report_window(window.bench)
    report.select(2024)
    report.resize(1024, 768)
    report.show()
    report.set_view(VIEW_DIFF)
    report.lower_tabs.setCurrentIndex(3)
    for _ in range(20):
        app.processEvents()
    report.grab().save(str(HERE / "report-window-submitted.png"))


if __name__ == "__main__":
    main()
