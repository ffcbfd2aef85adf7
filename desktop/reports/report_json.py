"""The report as JSON (contract.md, “The report as JSON”): year, format, table3, table4, checks.

The contract's keys and shapes are kept verbatim; keys are only ever added (title, unit, table2 for
the 2021/2019 formats with each figure's source — counted from the document register or typed —, statistics for the 2014 统计表, failures in each check). Labels are the
declared verbatim ones, always in simplified characters (the JSON is a data interface).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from desktop.domain import report_formats as rf
from desktop.domain.checks import CheckResult
from desktop.domain.report_formats import Report


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def report_to_dict(report: Report, checks: list[CheckResult]) -> dict[str, Any]:
    spec = report.spec
    table3 = spec.table3 or rf.FORMAT_2021.table3
    assert table3 is not None
    data: dict[str, Any] = {
        "year": report.year,
        "format": spec.code,
        "title": spec.title(report.year, report.unit),
        "unit": report.unit,
        "table3": {
            "columns": table3.column_names,
            "rows": [
                {"label": label, "values": list(values)} for label, values in report.table3_rows()
            ],
        },
        "table4": {"columns": rf.TABLE4.column_names, "values": list(report.table4)},
        "checks": [c.as_json() for c in checks],
    }
    if spec.table2 is not None:
        data["table2"] = {
            "title": spec.table2.title,
            "blocks": [
                {
                    "article": block.article,
                    "columns": list(block.columns),
                    "rows": [
                        {
                            "label": row,
                            "values": [
                                _plain(report.table2.get(rf.figure_key(spec.code, row, col)))
                                for col in block.columns[1:]
                            ],
                            # Added (issue 16): "register" (counted), "typed", or null (empty).
                            "sources": [
                                report.table2_source(rf.figure_key(spec.code, row, col))
                                for col in block.columns[1:]
                            ],
                        }
                        for row in block.rows
                    ],
                }
                for block in spec.table2.blocks
            ],
        }
    if spec.statistics is not None:
        data["statistics"] = {
            "title": spec.statistics.title,
            "columns": list(spec.statistics.columns),
            "rows": [
                {
                    "key": item.key,
                    "label": item.label,
                    "unit": item.unit,
                    "value": None
                    if item.source == rf.HEADING
                    else _plain(report.statistics.get(item.key)),
                }
                for item in spec.statistics.items
            ],
        }
    return data


def report_to_json(report: Report, checks: list[CheckResult]) -> str:
    return json.dumps(report_to_dict(report, checks), ensure_ascii=False, indent=2)
