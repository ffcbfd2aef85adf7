"""Reading statistics workbooks by their labels: hand-typed ones, traditional, extra columns, text."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from desktop.domain import report_formats as rf
from desktop.domain.checks import run_checks
from desktop.domain.chinese import to_traditional
from desktop.reports import stats_reader as sr


# ------------------------------------------------------------------------------ helpers (shared)
def consistent_report(year: int = 2025, fmt: str = "2021", seed: int = 1) -> rf.Report:
    """A report whose every identity holds: random leaves, carry-overs, then 一 worked out."""
    rng = random.Random(seed)
    spec = rf.FORMATS[fmt]
    table = spec.table3
    report = rf.Report(year=year, format=fmt)
    n = len(table.columns) - 1
    for row in table.outcome_rows:
        report.table3[row.key] = [rng.randint(0, 6) for _ in range(n)]
    total = [sum(report.table3[r.key][i] for r in table.outcome_rows) for i in range(n)]
    carried_in = [rng.randint(0, 3) for _ in range(n)]
    carried_out = [rng.randint(0, 3) for _ in range(n)]
    new = [max(0, total[i] + carried_out[i] - carried_in[i]) for i in range(n)]
    carried_in = [total[i] + carried_out[i] - new[i] for i in range(n)]
    report.table3[rf.NEW], report.table3[rf.CARRIED_IN] = new, carried_in
    report.table3[rf.TOTAL], report.table3[rf.CARRIED_OUT] = total, carried_out
    for key, values in report.table3.items():
        report.table3[key] = values + [sum(values)]
    values4 = []
    for _ in range(3):
        group = [rng.randint(0, 3) for _ in range(4)]
        values4 += group + [sum(group)]
    report.table4 = values4
    assert all(r.ok for r in run_checks(report))
    return report


def hand_typed_workbook(
    path: Path,
    report: rf.Report,
    *,
    unit: str | None = None,
    traditional: bool = False,
    subtotal: bool = False,
    blank_rows: tuple[int, ...] = (),
    as_text: tuple[str, ...] = (),
    top: int = 4,
    left: int = 2,
    title: str | None = None,
    group_subtotals: bool = False,
    relabel: Callable[[str], str] | None = None,
) -> Path:
    """Table 三 and 四 laid out as another unit types them on the official layout.

    Labels come from the format declaration; `traditional` converts them; `subtotal` adds the
    法人或其他组织小计 column some templates carry; `blank_rows` inserts an empty line before those
    data rows; `as_text` row keys are typed as text (" 12 "); empty cells stand for 0;
    `group_subtotals` gives （三）（四）（五）（六） a line of their own with their sums, as some templates do;
    `relabel` rewrites every row label and applicant header the way a unit retyped it.
    """
    # Each file its own 填报单位 by default: consolidate refuses one unit twice (decision 7 v2).
    unit = unit if unit is not None else f"{path.stem}人民政府"
    script = to_traditional if traditional else (lambda s: s)
    conv = (lambda s: script(relabel(s))) if relabel else script
    spec = report.spec
    table = spec.table3
    wb = Workbook()
    ws = wb.active
    ws.title = conv("表三")
    ws.cell(
        1, left, title if title is not None else f"{unit}{report.year}年度政府信息公开工作年度报告"
    )
    ws.cell(2, left, conv(rf.TABLE3_TITLE))
    first = left + table.label_columns
    col_of: dict[str, int] = {}
    col = first
    sub_col = None
    for column in table.columns:
        if subtotal and column.key == rf.TOTAL_COLUMN:
            sub_col, col = col, col + 1
        col_of[column.key] = col
        col += 1
    last = col - 1
    ws.cell(top, left, conv(table.corner))
    ws.merge_cells(start_row=top, start_column=left, end_row=top + 2, end_column=first - 1)
    ws.cell(top, first, conv(rf.APPLICANTS_HEADING))
    ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=last)
    orgs = [c for c in table.columns if len(c.path) == 3]
    ws.cell(top + 1, col_of[orgs[0].key], conv(rf.ORGANISATIONS_HEADING))
    ws.merge_cells(
        start_row=top + 1,
        start_column=col_of[orgs[0].key],
        end_row=top + 1,
        end_column=col_of[orgs[-1].key],
    )
    for column in table.columns:
        c = col_of[column.key]
        ws.cell(top + (2 if len(column.path) == 3 else 1), c, conv(column.path[-1]))
        if len(column.path) == 2:
            ws.merge_cells(start_row=top + 1, start_column=c, end_row=top + 2, end_column=c)
    if sub_col:
        ws.cell(top + 1, sub_col, conv("法人或其他组织小计"))
        ws.merge_cells(start_row=top + 1, start_column=sub_col, end_row=top + 2, end_column=sub_col)
    row = top + 3
    seen_headings: set[str] = set()
    for index, data_row in enumerate(table.rows):
        if index in blank_rows:
            row += 1
        path_ = data_row.path
        if len(path_) == 1:
            ws.cell(row, left, conv(path_[0]))
            ws.merge_cells(start_row=row, start_column=left, end_row=row, end_column=left + 2)
        else:
            if path_[0] not in seen_headings:
                seen_headings.add(path_[0])
                ws.cell(row, left, conv(path_[0]))
            if len(path_) == 2:
                ws.cell(row, left + 1, conv(path_[1]))
                ws.merge_cells(
                    start_row=row, start_column=left + 1, end_row=row, end_column=left + 2
                )
            else:
                if path_[1] not in seen_headings:
                    seen_headings.add(path_[1])
                    ws.cell(row, left + 1, conv(path_[1]))
                    if group_subtotals:  # the heading on a line of its own with the group's sums
                        group = [r for r in table.rows if r.path[:2] == path_[:2]]
                        for i, column in enumerate(table.columns):
                            total = sum(report.table3[r.key][i] for r in group)
                            ws.cell(row, col_of[column.key], total)
                        row += 1
                ws.cell(row, left + 2, conv(path_[2]))
        values = report.table3[data_row.key]
        for column, value in zip(table.columns, values, strict=True):
            if value == 0:
                continue  # empty = 0, as units leave them
            ws.cell(row, col_of[column.key], f" {value} " if data_row.key in as_text else value)
        if sub_col:
            ws.cell(row, sub_col, sum(values[1:6]))
        row += 1
    # Table 四 on its own sheet, a blank line between header and numbers.
    ws4 = wb.create_sheet(conv("表四"))
    ws4.cell(1, 1, conv(rf.TABLE4_TITLE))
    t4 = spec.table4
    for cell in t4.header_cells():
        ws4.cell(3 + cell.row, 1 + cell.col, conv(cell.text))
        if cell.rowspan > 1 or cell.colspan > 1:
            ws4.merge_cells(
                start_row=3 + cell.row,
                start_column=1 + cell.col,
                end_row=3 + cell.row + cell.rowspan - 1,
                end_column=1 + cell.col + cell.colspan - 1,
            )
    for i, value in enumerate(report.table4):
        ws4.cell(3 + t4.header_rows + 1, 1 + i, str(value) if i % 2 else value)
    wb.save(path)
    return path


def _cell_of(path: Path, sheet: str, coordinate: str):
    return load_workbook(path)[sheet][coordinate].value


# ------------------------------------------------------------------------------ tests
def test_hand_typed_traditional_workbook_with_subtotal_and_blank_rows(tmp_path):
    report = consistent_report(seed=7)
    path = hand_typed_workbook(
        tmp_path / "乙鎮.xlsx",
        report,
        unit="乙鎮人民政府",
        traditional=True,
        subtotal=True,
        blank_rows=(2, 10, 24),
        as_text=("deny.secret", rf.TOTAL),
        left=3,
        top=5,
    )
    book = sr.read_stats_workbook(path)
    assert book.problems == []
    got = book.report
    assert (got.year, got.format) == (2025, "2021")
    assert got.table3 == report.table3 and got.table4 == report.table4
    assert book.unit == "乙鎮人民政府"
    # Every number knows its cell: 总计 sits one column right of the 小计 column.
    ref = book.cells[(sr.T3, "deny.secret", rf.TOTAL_COLUMN)]
    assert ref.sheet == "表三" and ref.row == "1.属于国家秘密" and ref.column == "总计"
    assert str(_cell_of(path, "表三", ref.coordinate)).strip() == str(
        report.table3["deny.secret"][6]
    )
    assert ref.coordinate == "M13" and _cell_of(path, "表三", "L6") == "法人或其他組織小計"


def test_2019_format_is_recognised_by_its_single_other_row(tmp_path):
    report = consistent_report(year=2020, fmt="2019", seed=3)
    book = sr.read_stats_workbook(hand_typed_workbook(tmp_path / "b.xlsx", report))
    assert book.ok and book.report.format == "2019" and book.report.year == 2020
    assert book.report.table3[rf.OTHER_GROUP] == report.table3[rf.OTHER_GROUP]


def test_year_from_sheet_or_file_name_or_none(tmp_path):
    report = consistent_report()
    path = hand_typed_workbook(tmp_path / "甲局2024.xlsx", report, title="政府信息公开统计")
    book = sr.read_stats_workbook(path)
    assert book.report.year == 2024 and "文件名" in book.year_source
    nameless = hand_typed_workbook(tmp_path / "甲局.xlsx", report, title="政府信息公开统计")
    book = sr.read_stats_workbook(nameless)
    assert book.ok and book.year is None and book.report.table3 == report.table3


def test_text_that_is_not_a_number_is_named_by_cell(tmp_path):
    report = consistent_report()
    path = hand_typed_workbook(tmp_path / "c.xlsx", report)
    wb = load_workbook(path)
    book = sr.read_stats_workbook(path)
    ref = book.cells[(sr.T3, "grant", "商业企业")]
    wb["表三"][ref.coordinate] = "十二"
    wb.save(path)
    book = sr.read_stats_workbook(path)
    assert [str(p) for p in book.problems] == [
        f"c.xlsx，工作表“表三”，{ref.coordinate}单元格：“十二”不是数字（表三“（一）予以公开”行“商业企业”列）"
    ]


def test_missing_rows_and_unrelated_workbooks(tmp_path):
    report = consistent_report()
    path = hand_typed_workbook(tmp_path / "d.xlsx", report)
    wb = load_workbook(path)
    ws = wb["表三"]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "4.保护第三方合法权益":
                cell.value = None
    wb.save(path)
    book = sr.read_stats_workbook(path)
    assert "表三中找不到“4.保护第三方合法权益”行" in str(book.problems[0])
    other = Workbook()
    other.active.append(["姓名", "电话"])
    other.save(tmp_path / "e.xlsx")
    book = sr.read_stats_workbook(tmp_path / "e.xlsx")
    assert book.report is None and "不是政府信息公开年度报告统计表" in str(book.problems[0])
    (tmp_path / "f.xlsx").write_text("nope")
    with pytest.raises(sr.StatsReadError, match="f.xlsx 不是 Excel 工作簿"):
        sr.read_stats_workbook(tmp_path / "f.xlsx")


def test_label_keys_agree_across_scripts_and_widths():
    assert sr.label_key("（二）部分公開（區分處理的，只計這一情形，不計其他情形）") == sr.label_key(
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"
    )
    assert sr.label_key("3．危及「三安全一穩定」") == sr.label_key("3.危及“三安全一稳定”")
    assert sr.label_key("1、属于国家秘密") == sr.label_key("1.属于国家秘密")
    assert sr.core_key("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == "部分公开"


def test_sample_typed_by_another_unit_on_one_sheet():
    """tests/data/consolidation/丙鎮_手填繁體.xlsx: half-width brackets, 1、 ordinals, a shortened 部分公开
    label, 總　計 with a space, 小计 and spacer columns, full-width text numbers, 表四 below 表三."""
    from tests.conftest import DATA
    from tests.data.consolidation.make_samples import SAMPLE_SEED, STATS_SAMPLE

    assert STATS_SAMPLE.parent == DATA / "consolidation"
    book = sr.read_stats_workbook(STATS_SAMPLE)
    assert book.ok, book.problems
    expected = consistent_report(seed=SAMPLE_SEED)
    assert book.report.table3 == expected.table3 and book.report.table4 == expected.table4
    assert (book.report.year, book.report.format, book.unit) == (2025, "2021", "丙鎮人民政府")
    assert book.cells[(sr.T3, "partial", rf.TOTAL_COLUMN)].coordinate == "L12"
    assert book.cells[(sr.T4, "", "review.结果维持")].sheet == "附表"


def _with_total_formulas(path: Path) -> Path:
    """Replace table 三's 总计 cells with =SUM(…) of the six applicant cells, as templates do."""
    book = sr.read_stats_workbook(path)
    wb = load_workbook(path)
    ws = wb["表三"]
    for row in rf.FORMAT_2021.table3.rows:
        total = book.cells[(sr.T3, row.key, rf.TOTAL_COLUMN)].coordinate
        first = book.cells[(sr.T3, row.key, rf.vocab.NATURAL_PERSON)].coordinate
        last = book.cells[(sr.T3, row.key, "其他")].coordinate
        ws[total] = f"=SUM({first}:{last})"
    wb.save(path)
    return path


def test_formulas_without_saved_values_are_named_not_read_as_zero(tmp_path):
    path = _with_total_formulas(hand_typed_workbook(tmp_path / "公式.xlsx", consistent_report()))
    book = sr.read_stats_workbook(path)
    assert len(book.problems) == len(rf.FORMAT_2021.table3.rows)
    coordinate = book.cells[(sr.T3, rf.NEW, rf.TOTAL_COLUMN)].coordinate
    assert str(book.problems[0]) == (
        f"公式.xlsx，工作表“表三”，{coordinate}单元格：是公式，但文件中没有保存计算结果"
        "（表三“一、本年新收政府信息公开申请数量”行“总计”列）；请在 Excel 或 WPS 中打开并保存后再检查"
    )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_formulas_with_values_saved_by_an_office_program_are_read(tmp_path):
    report = consistent_report(seed=4)
    (tmp_path / "src").mkdir()
    path = _with_total_formulas(hand_typed_workbook(tmp_path / "src" / "公式.xlsx", report))
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    book = sr.read_stats_workbook(out / "公式.xlsx")
    assert book.ok, book.problems
    assert book.report.table3 == report.table3


def test_qita_variant_of_other_is_accepted():
    assert sr.label_key("其它") == sr.label_key("其他")
    assert sr.label_key("（六）其它处理") == sr.label_key("（六）其他处理")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10_000),
    fmt=st.sampled_from(["2021", "2019"]),
    traditional=st.booleans(),
    subtotal=st.booleans(),
    blank_rows=st.sets(st.integers(1, 22), max_size=4),
    top=st.integers(2, 7),
    left=st.integers(1, 4),
)
def test_any_layout_reads_back_exactly(
    tmp_path, seed, fmt, traditional, subtotal, blank_rows, top, left
):
    """Whatever the offsets, script, extra column and blank lines, the numbers come back exactly."""
    report = consistent_report(year=2024, fmt=fmt, seed=seed)
    path = hand_typed_workbook(
        tmp_path / f"u{seed}.xlsx",
        report,
        traditional=traditional,
        subtotal=subtotal,
        blank_rows=tuple(sorted(blank_rows)),
        top=top + 1,
        left=left,
    )
    book = sr.read_stats_workbook(path)
    assert book.ok, book.problems
    assert (book.report.year, book.report.format) == (2024, fmt)
    assert book.report.table3 == report.table3 and book.report.table4 == report.table4


def test_group_subtotal_lines_of_some_templates_are_ignored(tmp_path):
    report = consistent_report(seed=8)
    path = hand_typed_workbook(tmp_path / "g.xlsx", report, group_subtotals=True, traditional=True)
    book = sr.read_stats_workbook(path)
    assert book.ok and book.report.table3 == report.table3
    assert sr.read_stats_workbook(path).cells[(sr.T3, "deny.secret", "自然人")].coordinate == "E12"


RETYPED_LABELS = {  # id: how the unit retyped the labels
    "space-ordinal": lambda s: re.sub(r"^(\d)\.", r"\1 ", s),  # 1 属于国家秘密
    "bracket-ordinal": lambda s: re.sub(r"^(\d)\.", r"（\1）", s),  # （1）属于国家秘密
    "no-ordinal": lambda s: re.sub(r"^\d\.", "", s),  # 属于国家秘密
    "dot-after-numeral": lambda s: re.sub(r"^([一二四])、", r"\1.", s),  # 一.本年新收…
    "shortened": lambda s: s.removesuffix("数量"),  # 一、本年新收政府信息公开申请
    "heji": lambda s: s.replace("总计", "合计"),  # （七）合计 and a 合计 column
    "unit-in-header": lambda s: f"{s}（件）" if s in rf.vocab.APPLICANT_TYPES else s,
}


@pytest.mark.parametrize("retype", RETYPED_LABELS.values(), ids=RETYPED_LABELS.keys())
def test_labels_retyped_by_a_unit_are_still_found(tmp_path, retype):
    """Ordinals as 1 / （1） / none / 一., a shortened label, 合计 for 总计: each row and column found."""
    report = consistent_report(seed=9)
    path = hand_typed_workbook(tmp_path / "retyped.xlsx", report, relabel=retype, traditional=True)
    book = sr.read_stats_workbook(path)
    assert book.ok, book.problems
    assert book.report.table3 == report.table3 and book.report.table4 == report.table4
    # The leaves sit in the third label column (D), right of 一、二、四 which span B:D.
    assert book.cells[(sr.T3, "deny.secret", "自然人")].coordinate == "E11"


def test_a_label_that_is_ambiguous_is_not_guessed(tmp_path):
    """Two cells both reading 属于国家秘密: neither is taken; the row is reported missing."""
    report = consistent_report(seed=9)
    path = hand_typed_workbook(tmp_path / "two.xlsx", report, relabel=RETYPED_LABELS["no-ordinal"])
    wb = load_workbook(path)
    book = sr.read_stats_workbook(path)
    twin = book.cells[(sr.T3, "deny.law", "自然人")].coordinate.replace("E", "D")
    wb["表三"][twin] = "属于国家秘密"
    wb.save(path)
    problems = [str(p) for p in sr.read_stats_workbook(path).problems]
    assert any("找不到“1.属于国家秘密”行" in p for p in problems), problems
