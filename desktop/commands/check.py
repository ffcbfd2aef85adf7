"""`ogi check REPORT.xlsx`: every logic error of a statistics workbook, ours or another unit's.

Exit 0 with one line when every rule holds; exit 1 with one line per error (file, sheet, cell, row
label and column) when any fails, or when the file cannot be read as a statistics workbook.
"""

from __future__ import annotations

import argparse
import sys

from desktop.reports.consolidate import examine

EXIT_OK, EXIT_REFUSED = 0, 1


def run(args: argparse.Namespace) -> int:
    status = examine(args.workbook)
    if status.ok:
        print(f"OK {status.summary()}")
        return EXIT_OK
    for line in status.errors:
        print(line, file=sys.stderr)
    print(status.summary(), file=sys.stderr)
    return EXIT_REFUSED
