"""汇总: several units' statistics workbooks added up (reports.consolidate); `ogi consolidate` and the
汇总各单位报表 window call these."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop.ops.progress import Progress
from desktop.reports import consolidate as cons


def examine_all(paths: Sequence[Path], progress: Progress | None = None) -> list[cons.UnitStatus]:
    """Read and check each file in turn; after a cancel, the files checked so far (not an error)."""
    statuses: list[cons.UnitStatus] = []
    for i, path in enumerate(paths):
        if progress is not None:
            if progress.cancelled:
                break
            progress.done, progress.total = i, len(paths)
            progress.text = f"正在检查 {path.name}（{i + 1}/{len(paths)}）…"
        statuses.append(cons.examine(path))
    return statuses


def consolidate(paths: Sequence[Path], unit: str = "") -> cons.Consolidation:
    """Examine every file and add them up when all are valid and agree (else say why)."""
    return cons.consolidate(list(paths), unit=unit)


def write_total(result: cons.Consolidation, out: str | Path) -> Path:
    """The total in the official layout, with a 各单位数据 sheet."""
    return cons.write_total(result, out)
