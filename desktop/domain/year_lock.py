"""The year lock (issue 14): a submitted report's figures, cell by cell, and what a change does to them.

Once a year's report is submitted (exported and marked 已报送), its figures are kept as a snapshot. An
office that later corrects the register must explain every published figure that moves. This module
holds the two pure rules of that:

- `report_cells` flattens a report into its printed figures (table, row label, column label, value),
  in the order the format prints them; `compare` lines up the figures as submitted with the figures
  now, cell by cell (报送时, 现在, 差).
- `changed_locks` tells whether replacing some applications by others (an edit, a deletion, an
  import) changes the figures of a submitted (year, format). It does not restate which years an
  application counts in: it fills each locked format from `counting.tally` of the applications before
  and after (the very rules the statistics are held equal to) and compares the cells. Counts are sums
  over applications, so the change of one application's contribution is the change of the report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain import counting
from desktop.domain import report_formats as rf
from desktop.domain.application import Application

Lock = tuple[int, str]  # (report year, format code) of a submitted report
ROW_SEPARATOR = "／"  # between the levels of a row label: （三）不予公开／1.属于国家秘密
STATISTICS_COLUMN = "统计数"  # the 2014 统计表's one value column


@dataclass(frozen=True)
class FigureCell:
    """One printed figure: where it sits (verbatim labels) and its value (None = left empty)."""

    key: str  # stable: "表三.new.自然人", "表四.review.结果维持", "2021.二.规章.本年制发件数", "统计表.received"
    table: str  # 表二, 表三, 表四, 统计表
    row: str
    column: str
    value: rf.Number | None


@dataclass(frozen=True)
class CellDifference:
    """A figure that is not what was submitted: 报送时, 现在 and 差 (None where either is empty)."""

    key: str
    table: str
    row: str
    column: str
    submitted: rf.Number | None
    now: rf.Number | None

    @property
    def difference(self) -> rf.Number | None:
        if self.submitted is None or self.now is None:
            return None
        return self.now - self.submitted


def _row_label(path: tuple[str, ...]) -> str:
    # Table 三's outcome rows sit under 三、本年度办理结果: name them from the group down.
    return ROW_SEPARATOR.join(path[1:]) if len(path) > 1 else path[0]


def report_cells(report: rf.Report) -> list[FigureCell]:
    """Every figure the report's format prints, in print order (table 二, 三, 四, or the 统计表)."""
    spec = report.spec
    cells: list[FigureCell] = []
    if spec.table2 is not None:
        for block in spec.table2.blocks:
            for row in block.rows:
                for column in block.columns[1:]:
                    key = rf.figure_key(spec.code, row, column)
                    cells.append(FigureCell(key, "表二", row, column, report.table2.get(key)))
    if spec.table3 is not None:
        for data_row in spec.table3.rows:
            values = report.table3.get(data_row.key, [0] * len(spec.table3.columns))
            for col, value in zip(spec.table3.columns, values, strict=True):
                key = f"表三.{data_row.key}.{col.key}"
                cells.append(FigureCell(key, "表三", _row_label(data_row.path), col.name, value))
    if spec.table4 is not None:
        for col, value in zip(spec.table4.columns, report.table4, strict=True):
            row = ROW_SEPARATOR.join(col.path[:-1])
            cells.append(FigureCell(f"表四.{col.key}", "表四", row, col.path[-1], value))
    if spec.statistics is not None:
        for item in spec.statistics.items:
            if item.source != rf.HEADING:
                figure = report.statistics.get(item.key)
                key = f"统计表.{item.key}"
                cells.append(FigureCell(key, "统计表", item.label, STATISTICS_COLUMN, figure))
    return cells


def _same(a: rf.Number | None, b: rf.Number | None) -> bool:
    if a is None or b is None:
        return a is b
    return Decimal(a) == Decimal(b)


def compare(submitted: Sequence[FigureCell], now: Sequence[FigureCell]) -> list[CellDifference]:
    """The figures that differ, in the submitted print order (then any cell only the new one has)."""
    current = {cell.key: cell for cell in now}
    known = {cell.key for cell in submitted}
    differences: list[CellDifference] = []
    for cell in submitted:
        value = current[cell.key].value if cell.key in current else None
        if not _same(cell.value, value):
            differences.append(
                CellDifference(cell.key, cell.table, cell.row, cell.column, cell.value, value)
            )
    for cell in now:
        if cell.key not in known and cell.value is not None:
            differences.append(
                CellDifference(cell.key, cell.table, cell.row, cell.column, None, cell.value)
            )
    return differences


def counted_cells(applications: Sequence[Application], lock: Lock) -> list[FigureCell]:
    """The figures of `lock` the given (live) applications account for, by the counting rules."""
    year, fmt = lock
    return report_cells(counting.fill_counted(year, fmt, counting.tally(applications, year)))


def changed_locks(
    before: Iterable[Application], after: Iterable[Application], locks: Iterable[Lock]
) -> list[Lock]:
    """The submitted (year, format)s whose figures change when the live applications `before`
    become `after` (an edit: [old], [new]; a deletion: [old], []; an import: [], the new ones).

    Only application figures are concerned (tables 三, 四, the 2014 items counted from the
    register); pass the application as the register would store it (its due date derived), since
    the 2014 统计表's 按时办结 reads it.
    """
    old, new = list(before), list(after)
    return [
        lock for lock in sorted(set(locks)) if counted_cells(old, lock) != counted_cells(new, lock)
    ]


def describe(locks: Iterable[Lock]) -> str:
    """The locks as a clerk reads them: 2024年度、2025年度 (a format named only when not the year's own)."""
    parts = []
    for year, fmt in sorted(set(locks)):
        own = fmt == rf.default_format(year)
        parts.append(f"{year}年度" if own else f"{year}年度（{fmt}年格式）")
    return "、".join(parts)
