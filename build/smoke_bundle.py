"""Smoke-test the built bundle (dist/ogi) the way an office would use it, offscreen, on a temp register.

Steps, each must exit 0: the version; the bundle's self-test (every module imports frozen, QtCharts,
OpenCC tables, resources); the window opens on a new register and quits (`--exit-after`), with a
screenshot; a small ledger is imported (`ogi import-ledger`, the way applications arrive in bulk);
the annual report is produced (`ogi report --json --xlsx`) and its figures match the ledger; the
ledger is exported again (`ogi export-ledger --traditional`); one application is added the way the
entry form adds it and its registration receipt is written from the bundled letter template, with the
annual report draft (`OGI_BUNDLE_SELFTEST=documents`, build/entry.py); the window opens again on the
rows. Prints each step's time and the bundle's
size (on disk and as a .tar.gz, what gets copied to an office PC).

Run: `.venv/bin/python build/smoke_bundle.py [--bundle dist/ogi] [--keep DIR]` (build_bundle.sh runs it).
Exit 0 when every step passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop import __version__  # noqa: E402
from desktop.domain.ledger_columns import LEDGER_COLUMNS  # noqa: E402

YEAR = 2025
# (申请方式, 收到日期, 申请人类型, 申请人, 申请内容, 答复日期, 办理结果): three concluded, one open.
LEDGER_ROWS = [
    (
        "网络",
        date(2025, 3, 3),
        "自然人",
        "张三",
        "申请公开某路道路拓宽工程的立项批复",
        date(2025, 3, 20),
        "予以公开",
    ),
    (
        "邮寄",
        date(2025, 6, 9),
        "商业企业",
        "某某科技有限公司",
        "申请公开环境影响评价报告",
        date(2025, 7, 1),
        "部分公开",
    ),
    (
        "当面",
        date(2025, 9, 1),
        "自然人",
        "李四",
        "申请公開徵收補償方案",
        date(2025, 9, 10),
        "本机关不掌握相关政府信息",
    ),
    (
        "网络",
        date(2025, 12, 22),
        "法律服务机构",
        "某律师事务所",
        "申请公开行政处罚决定书",
        None,
        None,
    ),
]


class Step:
    def __init__(self) -> None:
        self.results: list[tuple[str, float, bool, str]] = []

    def run(self, name: str, argv: list[str], env: dict[str, str], check=None) -> bool:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        # errors="replace": on a non-Chinese Windows code page `ogi` writes UTF-8 to pipes
        # (desktop.cli.make_output_safe), which the ANSI decoding here cannot always read.
        proc = subprocess.run(
            argv, env=env, capture_output=True, text=True, errors="replace", timeout=120
        )
        elapsed = time.perf_counter() - started
        ok = proc.returncode == 0
        note = f"exit {proc.returncode}"
        if ok and check is not None:
            try:
                note = check(proc) or note
            except AssertionError as exc:
                ok, note = False, f"check failed: {exc}"
        if not ok:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-8:]
            note += "\n      " + "\n      ".join(tail)
        self.results.append((name, elapsed, ok, note))
        print(f"{'ok  ' if ok else 'FAIL'} {elapsed:6.2f} s  {name}: {note}", flush=True)
        return ok


def write_ledger(path: Path) -> None:
    """A ledger as a clerk would keep it: the contract's headers, one application a row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    headers = [column.header for column in LEDGER_COLUMNS]
    ws.append(headers)
    for channel, received, kind, applicant, content, answered, outcome in LEDGER_ROWS:
        values = {
            "申请方式": channel,
            "收到日期": received,
            "申请人类型": kind,
            "申请人": applicant,
            "申请内容": content,
            "延期": "否",
            "答复日期": answered,
            "办理结果": outcome,
        }
        ws.append([values.get(h) for h in headers])
    wb.save(path)


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def archive_size(folder: Path, work: Path) -> int:
    target = work / "ogi.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=folder.name)
    return target.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "ogi")
    parser.add_argument(
        "--keep", type=Path, help="keep the temp register and outputs in this folder"
    )
    parser.add_argument("--no-archive", action="store_true", help="skip measuring the .tar.gz size")
    args = parser.parse_args()

    exe = args.bundle / ("ogi.exe" if sys.platform == "win32" else "ogi")
    if not exe.is_file():
        print(f"smoke: no bundle at {exe}; build it first (bash build/build_bundle.sh)")
        return 1
    work = args.keep or Path(tempfile.mkdtemp(prefix="ogi-smoke-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "register.ogidb"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "OGI_DATA_DIR": str(work / "data"),  # never the real user's folder
    }
    env.pop("PYTHONPATH", None)  # the bundle must not lean on the source tree
    ledger = work / "ledger.xlsx"
    write_ledger(ledger)
    report_json, report_xlsx = work / "report.json", work / "report.xlsx"
    exported = work / "exported.xlsx"
    shot = work / "window.png"
    steps = Step()
    exe_s = str(exe)

    def version_ok(proc):  # type: ignore[no-untyped-def]
        assert __version__ in proc.stdout, (
            f"printed {proc.stdout.strip()!r}, source is {__version__}"
        )
        return proc.stdout.strip()

    def window_ok(_proc):  # type: ignore[no-untyped-def]
        assert db.is_file(), "the register file was not created"
        assert shot.is_file() and shot.stat().st_size > 1000, "no screenshot"
        return f"register created, screenshot {shot.stat().st_size // 1024} KB"

    def import_ok(proc):  # type: ignore[no-untyped-def]
        return proc.stdout.strip().splitlines()[-1][:90]

    def report_ok(_proc):  # type: ignore[no-untyped-def]
        data = json.loads(report_json.read_text(encoding="utf-8"))
        rows = {row["label"]: row["values"] for row in data["table3"]["rows"]}
        received = next(v for label, v in rows.items() if label.startswith("一、"))
        carried = next(v for label, v in rows.items() if label.startswith("四、"))
        assert received[-1] == len(LEDGER_ROWS), f"本年新收 总计 {received[-1]}"
        assert carried[-1] == 1, f"结转下年度 总计 {carried[-1]}"
        from openpyxl import load_workbook

        # The statistics workbook the bundle wrote: its sheets, and table 三's first row totals 4.
        workbook = load_workbook(report_xlsx, read_only=True)
        assert {"表二", "表三", "表四"} <= set(workbook.sheetnames), workbook.sheetnames
        new_row = next(
            row
            for row in workbook["表三"].iter_rows(values_only=True)
            if row and str(row[0]).startswith("一、本年新收")
        )
        assert [v for v in new_row if v is not None][-1] == len(LEDGER_ROWS), new_row
        failed = [c["rule"] for c in data["checks"] if not c["ok"]]
        assert not failed, f"checks failed: {failed}"
        return f"本年新收 {received[-1]}, 结转 {carried[-1]}, {len(data['checks'])} checks ok"

    def export_ok(_proc):  # type: ignore[no-untyped-def]
        from openpyxl import load_workbook

        ws = load_workbook(exported, read_only=True).active
        rows = list(ws.iter_rows(values_only=True))
        assert len(rows) == 1 + len(LEDGER_ROWS), f"{len(rows) - 1} rows"
        assert "公開" in "".join(str(v) for v in rows[1] if v), "not traditional"
        return f"{len(rows) - 1} rows, traditional"

    started = time.perf_counter()
    steps.run("version", [exe_s, "--version"], env, version_ok)
    steps.run("self-test", [exe_s], {**env, "OGI_BUNDLE_SELFTEST": "1"})
    steps.run(
        "open the window",
        [exe_s, "--db", str(db), "--grab", str(shot), "--exit-after", "1500"],
        env,
        window_ok,
    )
    steps.run(
        "import a ledger", [exe_s, "import-ledger", str(ledger), "--db", str(db)], env, import_ok
    )
    steps.run(
        "annual report",
        [exe_s, "report", "--db", str(db), "--year", str(YEAR), "--json", str(report_json),
         "--xlsx", str(report_xlsx)],
        env,
        report_ok,
    )  # fmt: skip
    steps.run(
        "export the ledger",
        [exe_s, "export-ledger", "--db", str(db), "--out", str(exported), "--traditional"],
        env,
        export_ok,
    )
    documents = work / "documents"
    documents.mkdir(exist_ok=True)

    def documents_ok(_proc):  # type: ignore[no-untyped-def]
        from docx import Document

        letter = "\n".join(p.text for p in Document(str(documents / "receipt.docx")).paragraphs)
        assert "王小明" in letter and "某公开〔2025〕1号" in letter, (
            "receipt lacks applicant/number"
        )
        assert "{{" not in letter, "placeholders left in the receipt"
        draft = "\n".join(p.text for p in Document(str(documents / "report-draft.docx")).paragraphs)
        assert "共收到政府信息公开申请5件" in draft, (
            "report draft does not count the added application"
        )
        return (
            "application 5 added; receipt 某公开〔2025〕1号 from the bundled template; report draft"
        )

    steps.run(
        "add an application, its receipt letter and the report draft",
        [exe_s, str(db), str(documents)],
        {**env, "OGI_BUNDLE_SELFTEST": "documents"},
        documents_ok,
    )
    shot = work / "window-with-rows.png"
    steps.run(
        "reopen the window on the imported rows",
        [exe_s, "--db", str(db), "--grab", str(shot), "--exit-after", "1500"],
        env,
        lambda _proc: f"screenshot {shot.stat().st_size // 1024} KB",
    )
    total = time.perf_counter() - started

    size, files = folder_size(args.bundle)
    print(f"bundle: {args.bundle}  {size / 1e6:.0f} MB on disk, {files} files")
    if not args.no_archive:
        print(f"bundle: {archive_size(args.bundle, work) / 1e6:.0f} MB as .tar.gz")
    failed = [name for name, _t, ok, _n in steps.results if not ok]
    print(f"smoke: {len(steps.results) - len(failed)}/{len(steps.results)} steps passed in {total:.1f} s"
          + (f"; FAILED: {', '.join(failed)}" if failed else ""))  # fmt: skip
    print(f"smoke: outputs in {work}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
