"""Consolidation: three units' workbooks add up to the statistics of the union of their registers."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.domain import report_formats as rf
from desktop.domain import vocab
from desktop.domain.application import Application
from desktop.domain.chinese import to_traditional
from desktop.reports import consolidate as cons
from desktop.reports.stats_reader import read_stats_workbook
from desktop.reports.stats_workbook import write_workbook
from desktop.store.annual_figures import set_figures
from desktop.store.register import Register
from desktop.store.statistics import compute_report
from tests.reports.test_stats_reader import consistent_report, hand_typed_workbook


def random_applications(seed: int, count: int = 60) -> list[Application]:
    """Applications over 2024–2026: open and concluded, every applicant type, 复议 then 诉讼."""
    rng = random.Random(seed)
    apps = []
    for _ in range(count):
        received = date(2024, 1, 2) + timedelta(days=rng.randint(0, 760))
        app = Application(
            receipt_date=received,
            channel=rng.choice(vocab.CHANNELS),
            applicant_type=rng.choice(vocab.APPLICANT_TYPES),
            applicant=f"申请人{rng.randint(1, 10_000)}",
            content=f"内容{rng.randint(1, 10_000)}",
        )
        if rng.random() < 0.8:
            answered = received + timedelta(days=rng.randint(1, 50))
            app = app.replace(answer_date=answered, outcome=rng.choice(vocab.OUTCOME_LEAVES).code)
            if rng.random() < 0.3:
                review = answered + timedelta(days=rng.randint(1, 60))
                app = app.replace(
                    review_date=review, review_result=rng.choice(vocab.REVIEW_RESULTS)
                )
                if rng.random() < 0.5:
                    app = app.replace(
                        litigation_type="复议后起诉",
                        litigation_date=review + timedelta(days=rng.randint(1, 30)),
                        litigation_result=rng.choice(vocab.REVIEW_RESULTS),
                    )
            elif rng.random() < 0.15:
                app = app.replace(
                    litigation_type="未经复议直接起诉",
                    litigation_date=answered + timedelta(days=rng.randint(1, 90)),
                    litigation_result=rng.choice(("", *vocab.REVIEW_RESULTS)),
                )
        apps.append(app)
    return apps


UNITS = ("甲镇人民政府", "乙街道办事处", "丙县教育局")


@pytest.fixture
def three_units(tmp_path: Path):
    """Three unit registers, their 2025 workbooks (our writer), and one register holding all rows."""
    union = Register.open(tmp_path / "union.ogidb")
    books = []
    for i, unit in enumerate(UNITS):
        reg = Register.open(tmp_path / f"unit{i}.ogidb")
        apps = random_applications(seed=100 + i)
        reg.add_many(apps)
        union.add_many(a.replace(number="") for a in apps)
        set_figures(reg, 2025, {rf.UNIT_NAME_KEY: unit})
        report = compute_report(reg, 2025)
        # One unit writes its workbook in traditional characters, as a unit may.
        books.append(write_workbook(report, tmp_path / f"{unit}.xlsx", traditional=i == 1))
        reg.close()
    yield books, union
    union.close()


def test_our_workbook_reads_back_exactly(tmp_path, register):
    register.add_many(random_applications(seed=5))
    set_figures(register, 2025, {rf.UNIT_NAME_KEY: "丁镇人民政府"})
    report = compute_report(register, 2025)
    path = write_workbook(report, tmp_path / "丁镇.xlsx", traditional=True)
    book = read_stats_workbook(path)
    assert book.ok, book.problems
    assert (book.report.year, book.report.format, book.unit) == (2025, "2021", "丁鎮人民政府")
    assert book.report.table3 == report.table3 and book.report.table4 == report.table4


def test_three_units_add_up_to_the_union_of_their_registers(three_units, tmp_path):
    books, union = three_units
    result = cons.consolidate(books, unit="某某县")
    assert result.ok, result.refusals
    expected = compute_report(union, 2025)
    assert result.total.table3 == expected.table3
    assert result.total.table4 == expected.table4
    # The scenario is not empty: new, carried-over, open at year end, reviews and suits all occur.
    for key in (rf.NEW, rf.CARRIED_IN, rf.TOTAL, rf.CARRIED_OUT):
        assert expected.table3[key][-1] > 0, key
    assert all(expected.table4[i] > 0 for i in (4, 14)), expected.table4
    # Each unit contributes: the total is not one unit's figures.
    assert all(s.report.table3[rf.NEW][-1] > 0 for s in result.units)

    out = cons.write_total(result, tmp_path / "汇总.xlsx")
    again = read_stats_workbook(out)
    assert again.ok and again.report.table3 == expected.table3
    assert again.report.table4 == expected.table4 and again.unit == "某某县"
    sheet = load_workbook(out)[cons.CONTRIBUTIONS_SHEET]
    names = [UNITS[0], to_traditional(UNITS[1]), UNITS[2]]  # each unit as its workbook says
    assert [c.value for c in sheet[1]] == ["表", "行", "列", *names, "合计"]
    row = next(
        r for r in sheet.iter_rows(values_only=True) if r[1] == rf.ROW_NEW_LABEL and r[2] == "总计"
    )
    assert list(row[3:]) == [
        *(s.report.table3[rf.NEW][-1] for s in result.units),
        expected.table3[rf.NEW][-1],
    ]
    assert sum(row[3:6]) == row[6]


def test_2019_format_units_consolidate_too(tmp_path):
    books = []
    for i in range(3):
        report = consistent_report(year=2020, fmt="2019", seed=20 + i)
        books.append(hand_typed_workbook(tmp_path / f"u{i}.xlsx", report, traditional=i == 1))
    result = cons.consolidate(books)
    assert result.ok and result.format == "2019" and result.year == 2020
    assert result.total.table3[rf.OTHER_GROUP] == [
        sum(v) for v in zip(*(s.report.table3[rf.OTHER_GROUP] for s in result.units), strict=True)
    ]


def test_refusals_name_file_and_cell_and_leave_no_total(tmp_path):
    good = [
        hand_typed_workbook(tmp_path / f"ok{i}.xlsx", consistent_report(seed=i)) for i in range(2)
    ]
    old_year = hand_typed_workbook(tmp_path / "去年.xlsx", consistent_report(year=2024, seed=3))
    other_format = hand_typed_workbook(
        tmp_path / "旧格式.xlsx", consistent_report(fmt="2019", seed=4)
    )
    failing_report = consistent_report(seed=5)
    failing_report.table4[0] += 1
    failing = hand_typed_workbook(tmp_path / "错表.xlsx", failing_report)
    result = cons.consolidate([*good, old_year, other_format, failing])
    assert not result.ok and result.total is None
    text = "\n".join(result.refusals)
    assert "去年.xlsx：统计年度为 2024（见工作表“表三”B1单元格“去年人民政府2024年度" in text
    assert "与其他单位的 2025 年度不同" in text
    assert "旧格式.xlsx：为 2019 年格式（依据工作表“表三”第" in text
    assert "行“（六）其他处理”），与其他单位的 2021 年格式不同" in text
    assert "错表.xlsx，工作表“表四”A7单元格（表四“行政复议-总计”列）" not in text
    assert (
        "错表.xlsx，工作表“表四”E7单元格（表四“行政复议-总计”列）：表四“行政复议”：总计为" in text
    )
    assert not any(
        line.startswith("ok0.xlsx") or line.startswith("ok1.xlsx") for line in result.refusals
    )
    with pytest.raises(ValueError):
        cons.write_total(result, tmp_path / "total.xlsx")
    assert not (tmp_path / "total.xlsx").exists()


def test_same_file_twice_is_refused(tmp_path):
    path = hand_typed_workbook(tmp_path / "a.xlsx", consistent_report())
    result = cons.consolidate([path, path])
    assert result.refusals == ["a.xlsx：与 a.xlsx 是同一个文件，不能重复汇总"]


def test_2014_tables_consolidate_to_the_union(tmp_path):
    union = Register.open(tmp_path / "union.ogidb")
    books = []
    for i in range(3):
        reg = Register.open(tmp_path / f"u{i}.ogidb")
        rng = random.Random(300 + i)
        apps = []
        for n in range(25):
            received = date(2016, 1, 4) + timedelta(days=rng.randint(0, 340))
            app = Application(
                receipt_date=received,
                channel=rng.choice(vocab.CHANNELS),
                applicant_type=rng.choice(vocab.APPLICANT_TYPES),
                applicant=f"申请人{n}",
                content=f"内容{rng.randint(1, 999)}",
            )
            if n % 2:  # half concluded, every leaf in turn, with a fee
                app = app.replace(
                    answer_date=received + timedelta(days=9),
                    outcome=vocab.OUTCOME_LEAVES[n % 21].code,
                    fee_amount_cents=1000 * n,
                )
            apps.append(app)
        reg.add_many(apps)
        union.add_many(a.replace(number="") for a in apps)
        books.append(write_workbook(compute_report(reg, 2016, "2014"), tmp_path / f"u{i}.xlsx"))
        reg.close()
    result = cons.consolidate(books)
    assert result.ok, result.refusals
    assert result.format == "2014" and result.year == 2016
    expected = compute_report(union, 2016, "2014")
    register_items = [i.key for i in rf.STATISTICS_2014.items if i.source == rf.REGISTER]
    assert {k: result.total.statistics[k] for k in register_items} == {
        k: expected.statistics[k] for k in register_items
    }
    assert expected.statistics["received"] > 0 and expected.statistics["fees"] > 0
    union.close()


def test_workbook_without_a_year_is_checked_but_not_consolidated(tmp_path):
    report = consistent_report()
    nameless = hand_typed_workbook(tmp_path / "甲局.xlsx", report, title="政府信息公开统计")
    status = cons.examine(nameless)
    assert status.ok and status.summary().startswith("甲局.xlsx：甲局，统计年度不明，2021年格式")
    other = hand_typed_workbook(tmp_path / "乙局.xlsx", consistent_report(seed=2))
    result = cons.consolidate([other, nameless])
    assert not result.ok
    assert result.refusals[0].startswith("甲局.xlsx：无法确定统计年度")


def test_a_2014_table_among_2021_ones_is_refused_naming_its_sheet(tmp_path):
    from tests.cli.test_check_cli import XIANGTAN_2018, _stats_2014_workbook

    good = [
        hand_typed_workbook(tmp_path / f"ok{i}.xlsx", consistent_report(seed=i)) for i in range(2)
    ]
    old = _stats_2014_workbook(tmp_path / "湘潭.xlsx", XIANGTAN_2018)
    result = cons.consolidate([*good, old])
    assert not result.ok
    assert (
        "湘潭.xlsx：为 2014 年格式（依据工作表“统计表”的“（一）收到申请数”等统计指标），"
        "与其他单位的 2021 年格式不同"
    ) in result.refusals


def test_contributions_sheet_cells_are_bordered_and_wrapped(tmp_path):
    books = [
        hand_typed_workbook(tmp_path / f"u{i}.xlsx", consistent_report(seed=i), unit=f"单位{i}")
        for i in range(3)
    ]
    result = cons.consolidate(books)
    sheet = load_workbook(cons.write_total(result, tmp_path / "t.xlsx"))[cons.CONTRIBUTIONS_SHEET]
    last = 1 + len(cons.contribution_rows(result)[1])
    for row in (2, last):
        label, number = sheet.cell(row=row, column=2), sheet.cell(row=row, column=6)
        assert label.border.left.style == "thin" and label.alignment.wrap_text
        assert number.border.bottom.style == "thin" and not number.alignment.wrap_text
        assert isinstance(number.value, int)
    assert sheet.cell(row=last + 1, column=2).border.left.style is None  # the table ends there


# ----------------------------------------------------------------- decision 7 v2 refusals


def test_a_workbook_in_a_format_not_prescribed_for_its_year_is_refused(tmp_path):
    # 2025 must be reported in the 2021 format; a 2019-format table of 2025 is refused by itself.
    wrong = hand_typed_workbook(tmp_path / "乙局.xlsx", consistent_report(fmt="2019", seed=2))
    status = cons.examine(wrong)
    assert not status.ok
    (message,) = [e for e in status.errors if "应使用" in e]
    assert message.startswith("乙局.xlsx：为 2019 年格式（依据工作表“表三”第")
    assert "但 2025 年度（见工作表“表三”B1单元格“乙局人民政府2025年度" in message
    assert "应使用2021年格式（国办公开办函〔2021〕30号）" in message and "决定7" in message
    # The same table for 2020 is in its prescribed format.
    right = hand_typed_workbook(
        tmp_path / "丙局.xlsx", consistent_report(year=2020, fmt="2019", seed=2)
    )
    assert cons.examine(right).ok


def test_two_workbooks_of_one_unit_are_refused_naming_both_files(tmp_path):
    first = hand_typed_workbook(
        tmp_path / "甲镇.xlsx", consistent_report(seed=1), unit="甲镇人民政府"
    )
    again = hand_typed_workbook(
        tmp_path / "甲镇（修改后）.xlsx", consistent_report(seed=2), unit="甲镇人民政府"
    )
    other = hand_typed_workbook(tmp_path / "乙镇.xlsx", consistent_report(seed=3))
    result = cons.consolidate([first, again, other])
    assert not result.ok and result.total is None
    assert result.refusals == [
        "甲镇（修改后）.xlsx：填报单位“甲镇人民政府”与 甲镇.xlsx 相同，同一单位的统计表只能汇总一份"
    ]
