"""A data package carries 行政复议结果日期 / 行政诉讼结果日期 to the office above (decision 4)."""

from __future__ import annotations

from datetime import date

from desktop.domain.application import Application
from desktop.reports import data_package as dp
from desktop.store.register import Register
from desktop.store.statistics import compute_report


def test_result_dates_travel_in_a_package_and_count_there_as_at_the_unit(register, tmp_path):
    unit = Register.open(tmp_path / "town.ogidb")
    try:
        unit.add(
            Application(
                receipt_date=date(2025, 9, 1),
                channel="网络",
                applicant_type="自然人",
                applicant="甲",
                answer_date=date(2025, 9, 10),
                outcome="grant",
                review_date=date(2025, 11, 10),
                review_result="结果维持",
                review_result_date=date(2026, 1, 20),
                litigation_type="复议后起诉",
                litigation_date=date(2025, 12, 1),
                litigation_result="结果纠正",
                litigation_result_date=date(2025, 12, 30),
            )
        )
        dp.export_package(unit, tmp_path / "town.ogipkg", "某某镇人民政府")
        unit_table4 = compute_report(unit, 2025).table4
    finally:
        unit.close()
    (added,) = dp.import_package(register, tmp_path / "town.ogipkg")
    stored = register.get(added.id)
    assert stored.review_result_date == date(2026, 1, 20)
    assert stored.litigation_result_date == date(2025, 12, 30)
    # 复议 decided in 2026: 尚未审结 in 2025; 复议后起诉 decided 2025-12-30: 结果纠正.
    assert unit_table4 == [0, 0, 0, 1, 1] + [0] * 5 + [0, 1, 0, 0, 1]
    assert compute_report(register, 2025).table4 == unit_table4
