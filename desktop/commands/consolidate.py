"""`ogi consolidate A.xlsx B.xlsx … --out TOTAL.xlsx`: add up several units' statistics workbooks.

Each input is checked first (reports.consolidate.examine). Any input that fails a check, cannot be
read, or is of another year or format than the others is refused, naming the file and the cell; then
nothing is written and the exit status is 1. Otherwise the total is written in the official layout
with a 各单位数据 sheet, and one line per unit plus the total's line are printed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.ops.consolidation import consolidate, write_total

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    # A wrong --out is a usage error (exit 2), as for `ogi export-ledger`.
    if out.suffix.lower() != ".xlsx":
        print(f"ogi consolidate: 用法错误: 汇总表须保存为 .xlsx 文件：{out}", file=sys.stderr)
        return EXIT_USAGE
    inputs = [Path(p) for p in args.workbooks]
    if any(p.resolve() == out.resolve() for p in inputs):
        print(
            f"ogi consolidate: 用法错误: 输出文件 {out.name} 不能是输入的统计表之一",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not out.parent.is_dir():
        print(f"{out}：文件夹 {out.parent} 不存在，未生成汇总表", file=sys.stderr)
        return EXIT_REFUSED
    result = consolidate(inputs, unit=(getattr(args, "unit", "") or "").strip())
    if not result.ok:
        for line in result.refusals:
            print(line, file=sys.stderr)
        print(f"未生成汇总表 {out.name}：{len(result.refusals)} 处问题", file=sys.stderr)
        return EXIT_REFUSED
    try:
        write_total(result, out)
    except OSError as exc:
        print(f"{out.name}：无法写入（{exc.strerror or exc}）", file=sys.stderr)
        return EXIT_REFUSED
    for status in result.units:
        print(status.summary())
    total = result.total
    assert total is not None
    print(
        f"已汇总 {len(result.units)} 个单位的 {result.year}年度统计表（{result.format}年格式）到 {out}"
    )
    return EXIT_OK
