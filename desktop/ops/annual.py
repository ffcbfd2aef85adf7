"""The annual report as one use case: the numbers, the checks (勾稽关系) and the register's problems.

`ogi report` and the report window both call `build`; the window calls `with_new_figures` when only
the typed 表二 figures or the document register changed, which keeps the application counts (the
expensive part: several grouped scans of the year) and re-reads only table 二.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from desktop.domain.checks import CheckResult, run_checks
from desktop.domain.report_formats import Report
from desktop.store import statistics
from desktop.store.annual_figures import figures_for_report
from desktop.store.register import Register
from desktop.store.register_checks import RegisterProblem, check_register


@dataclass(frozen=True)
class AnnualReport:
    report: Report
    checks: list[CheckResult]  # the format's rules, then the carry-over check when it applies
    problems: list[RegisterProblem]  # applications to fix before the report can be trusted

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks) and not self.problems


def build(register: Register, year: int, fmt: str | None = None) -> AnnualReport:
    """One year's report in `fmt` (None: by year, contract decision 7), checked."""
    report = statistics.compute_report(register, year, fmt)
    checks = statistics.report_checks(register, report)
    problems = check_register(register, year)
    return AnnualReport(report, checks, problems)


def with_new_figures(register: Register, annual: AnnualReport) -> AnnualReport:
    """The same report after the typed figures (表二, the 2014 typed items, the unit) or the
    documents (table 二's first block) changed.

    The counts do not depend on them, nor does the carry-over check or the register's problems:
    only the figures are read again and the format's rules re-run (pure).
    """
    old = annual.report
    figures = figures_for_report(register, old.year, old.spec)
    report = dataclasses.replace(
        old,
        table2=figures.table2,
        table2_counted=set(),
        unit=figures.unit,
        # Typed 2014 items replace their old values; the counted items stay as they were.
        statistics={**old.statistics, **figures.statistics} if old.statistics else {},
    )
    statistics.count_table2(register, report)  # table 二's first block from the documents
    rules = run_checks(report)
    carried = annual.checks[len(rules) :]  # the same format has the same rules: the rest is carry
    return AnnualReport(report, rules + carried, annual.problems)
