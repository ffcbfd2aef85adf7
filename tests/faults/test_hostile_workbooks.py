"""F1, F10, F15 (docs/safety.md): hostile workbooks are read only as far as their real cells go.

Each reader runs in a child process with a 1.5 GB address-space cap and a time-out: before the
bounded reader, the 2 KB dimension bomb made the importer run for ≈27 minutes and `ogi check`
take 5.8 GB, so these tests failed by time-out or MemoryError.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.domain.application import TEXT_LIMITS
from desktop.reports import legacy_ledger
from desktop.reports.ledger_io import read_ledger
from desktop.reports.stats_reader import StatsReadError, read_stats_workbook
from desktop.reports.workbook_reader import (
    SheetLimits,
    SheetTooLarge,
    iter_sheet_rows,
    open_workbook,
)
from tests.faults.hostile import (
    LEDGER_HEADERS,
    dimension_bomb,
    ledger_rows,
    row_gap,
    run_bounded,
    write_ledger,
)


@pytest.mark.parametrize("build", [dimension_bomb, row_gap], ids=["dimension", "row_gap"])
def test_import_of_a_2kb_hostile_ledger_answers_in_bounded_memory(tmp_path: Path, build) -> None:
    path = build(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 8192  # a few KB
    done = run_bounded(
        f"""
        from desktop.reports.ledger_io import read_ledger
        r = read_ledger({str(path)!r})
        print(len(r.applications), r.rows, len(r.errors))
        """,
        seconds=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    applications, rows, errors = map(int, done.stdout.split())
    if build is dimension_bomb:  # the phantom grid is not there: the 3 real rows are read
        assert (applications, rows, errors) == (3, 3, 0)
    else:  # the stray cell in XFD1048576 is past the column limit: refused whole, one message
        assert (applications, errors) == (0, 1)


def test_stray_far_cell_is_named_with_its_row_and_column(tmp_path: Path) -> None:
    result = read_ledger(row_gap(tmp_path / "gap.xlsx"))
    assert not result.ok and not result.applications
    [error] = result.errors
    assert "第1048576行XFD列有内容" in str(error) and "超出本程序读取的范围" in str(error)
    assert "最多 1,048,576 行、256 列" in str(error)  # Excel's own sheet limit (streamed import)


@pytest.mark.parametrize("build", [dimension_bomb, row_gap], ids=["dimension", "row_gap"])
def test_check_of_a_2kb_hostile_workbook_answers_in_bounded_memory(tmp_path: Path, build) -> None:
    path = build(tmp_path / "统计表.xlsx")
    done = run_bounded(
        f"""
        from desktop.reports.consolidate import examine
        status = examine({str(path)!r})
        print("ERRORS", len(status.errors))
        """,
        seconds=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "ERRORS" in done.stdout and "ERRORS 0" not in done.stdout  # not a statistics workbook


@pytest.mark.parametrize("build", [dimension_bomb, row_gap], ids=["dimension", "row_gap"])
def test_old_ledger_wizard_reads_a_hostile_sheet_in_bounded_memory(tmp_path: Path, build) -> None:
    path = build(tmp_path / "旧台账.xlsx")
    done = run_bounded(
        f"""
        from desktop.reports import legacy_ledger as ll
        try:
            sheet = ll.read_sheet(ll.open_source({str(path)!r}))
            print(sheet.header_row, len(sheet.rows), len(sheet.headers))
        except ll.LegacyLedgerError as exc:
            print("REFUSED", exc)
        """,
        seconds=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    if build is dimension_bomb:
        assert done.stdout.split() == ["1", "3", str(len(LEDGER_HEADERS))]
    else:
        assert done.stdout.startswith("REFUSED") and "第1048576行XFD列" in done.stdout


def test_a_sheet_past_the_limits_is_refused_whole_naming_the_limit(tmp_path: Path) -> None:
    path = write_ledger(tmp_path / "big.xlsx", ledger_rows(30))
    workbook = open_workbook(path)
    try:
        with pytest.raises(SheetTooLarge, match="超过 20 行"):
            list(
                iter_sheet_rows(workbook.worksheets[0], path.name, SheetLimits(rows=20, columns=50))
            )
        with pytest.raises(SheetTooLarge, match="F列有内容"):
            list(
                iter_sheet_rows(workbook.worksheets[0], path.name, SheetLimits(rows=99, columns=5))
            )
    finally:
        workbook.close()


def test_statistics_workbook_past_its_row_limit_is_refused(tmp_path: Path, monkeypatch) -> None:
    from desktop.reports import stats_reader

    monkeypatch.setattr(stats_reader, "STATS_LIMITS", SheetLimits(rows=10, columns=50))
    path = write_ledger(tmp_path / "stats.xlsx", ledger_rows(30))
    with pytest.raises(StatsReadError, match="超过 10 行"):
        read_stats_workbook(path)


def test_hidden_first_sheet_is_skipped_and_the_read_sheet_named(tmp_path: Path) -> None:
    wb = Workbook()
    hidden = wb.active
    hidden.title = "草稿"
    hidden.append(LEDGER_HEADERS)
    for row in ledger_rows(3, start=101):
        hidden.append(row)
    hidden.sheet_state = "hidden"
    shown = wb.create_sheet("台账")
    shown.append(LEDGER_HEADERS)
    shown.append(ledger_rows(1)[0])
    path = tmp_path / "hidden.xlsx"
    wb.save(path)

    result = read_ledger(path)
    assert result.ok and result.sheet == "台账"
    assert [a.number for a in result.applications] == ["2025-0001"]
    assert any(
        "读取的是工作表“台账”" in n and "隐藏的工作表（“草稿”）未读取" in n for n in result.notes
    )
    asked = read_ledger(path, include_hidden=True)
    assert asked.sheet == "草稿" and len(asked.applications) == 3
    # The old-ledger wizard offers only the sheets the clerk can see.
    assert legacy_ledger.open_source(path).sheets == ["台账"]


def test_import_ledger_cli_says_which_sheet_it_read(tmp_path: Path, capsys) -> None:
    from desktop.cli import main

    path = write_ledger(tmp_path / "台账.xlsx")
    assert main(["import-ledger", str(path), "--db", str(tmp_path / "r.ogidb")]) == 0
    assert "读取的是工作表“台账”" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("column", "field", "length"),
    [("申请人", "applicant", 100_000), ("申请内容", "content", 2_000_000)],
)
def test_text_past_its_limit_is_refused_naming_the_field(
    tmp_path: Path, column: str, field: str, length: int
) -> None:
    row = ledger_rows(1)[0]
    row[LEDGER_HEADERS.index(column)] = "长" * length
    result = read_ledger(write_ledger(tmp_path / "long.xlsx", [row]))
    assert not result.applications
    [error] = result.errors
    assert error.row == 2 and column in error.column
    assert (
        f"“{column}”太长" in error.message
        and f"最多 {TEXT_LIMITS[field]:,} 个字符" in error.message
    )


def test_text_at_its_limit_is_accepted(tmp_path: Path) -> None:
    row = ledger_rows(1)[0]
    row[LEDGER_HEADERS.index("申请人")] = "长" * TEXT_LIMITS["applicant"]
    row[LEDGER_HEADERS.index("申请内容")] = "长" * TEXT_LIMITS["content"]
    assert read_ledger(write_ledger(tmp_path / "ok.xlsx", [row])).ok
