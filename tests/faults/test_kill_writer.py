"""kill -9 a register writer at random moments; every committed change must be there afterwards.

The writer (writer.py) prints each change after its COMMIT. The parent kills it with SIGKILL at a
random moment (15 % of runs while it is still starting: imports, lock, integrity check, migration;
the rest while it writes), then checks that the file passes `PRAGMA integrity_check` and that every
printed change is in the register: each added number, each update (by its audit row), each delete
and undelete, each backup (which must pass quick_check). The same register is used for every run,
so each run also starts from the previous crash: lock left behind, WAL not checkpointed, the "in use"
marker still set. The figures are printed (pytest -s) and written to $OGI_FAULT_REPORT if set.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import pytest

from desktop.store import integrity

WRITER = Path(__file__).with_name("writer.py")
ROOT = Path(__file__).resolve().parents[2]
QUICK_RUNS = 12
LONG_RUNS = int(os.environ.get("OGI_FAULT_RUNS", "200"))


@dataclass
class Figures:
    runs: int = 0
    killed_while_starting: int = 0
    killed_while_writing: int = 0
    survived: int = 0  # runs after which the file passed integrity_check with nothing lost
    committed_applications: int = 0
    committed_updates: int = 0
    committed_deletes: int = 0
    committed_backups: int = 0
    rows_lost: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def _parse(out: str) -> list[list[str]]:
    lines = out.split("\n")
    complete = lines[
        :-1
    ]  # the last piece has no newline: cut by the kill, never committed-and-told
    return [line.split() for line in complete if line and line != "READY"]


def kill_runs(
    path: Path,
    runs: int,
    seed: int,
    *,
    early: float = 0.15,
    window: tuple[float, float] = (0.0, 0.4),
    tamper=None,
    after_first_commit: bool = False,
) -> Figures:
    """`tamper(path)` runs after each kill, before the checks (to prove the checks can fail).

    `after_first_commit`: the window starts when the writer has told of its first new
    application, so a loaded machine cannot make a run commit nothing.
    """
    rng = random.Random(seed)
    figures = Figures()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    numbers: set[str] = set()
    toggles: Counter[tuple[str, int]] = Counter()
    started = time.perf_counter()
    for run in range(runs):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(path), str(seed * 10_000 + run)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        told = ""  # lines read before the kill (waiting for the first commit)
        if rng.random() < early:
            time.sleep(rng.uniform(0.0, 0.5))
            figures.killed_while_starting += 1
        else:
            ready = proc.stdout.readline()
            if ready.strip() != "READY":
                proc.kill()
                _, err = proc.communicate()
                figures.problems.append(f"run {run}: writer did not start: {err[-800:]}")
                continue
            while after_first_commit:
                line = proc.stdout.readline()
                told += line
                if not line or line.startswith(("A ", "M ")):
                    break
            time.sleep(rng.uniform(*window))
            figures.killed_while_writing += 1
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
        out = told + out
        figures.runs += 1
        if proc.returncode != -signal.SIGKILL:
            figures.problems.append(
                f"run {run}: writer ended by itself ({proc.returncode}): {err[-800:]}"
            )
        lost_before = figures.rows_lost
        if tamper is not None:
            tamper(path)
        if not numbers and path.exists() and path.stat().st_size == 0 and not _parse(out):
            # Killed while the very first start was creating the file: nothing was ever
            # committed, and the next start treats an empty file without backups as new.
            figures.survived += 1
            continue
        check = integrity.full_check(path)
        if not check.ok:
            figures.problems.append(f"run {run}: {check.problem}")
            continue
        conn = sqlite3.connect(path)
        try:
            for parts in _parse(out):
                kind, args = parts[0], parts[1:]
                if kind in ("A", "M"):
                    numbers.update(args)
                    figures.committed_applications += len(args)
                    for number in args:
                        if not conn.execute(
                            "SELECT 1 FROM applications WHERE number = ?", (number,)
                        ).fetchone():
                            figures.rows_lost += 1
                elif kind == "U":
                    figures.committed_updates += 1
                    found = conn.execute(
                        "SELECT 1 FROM audit_log WHERE application_id = ? AND action = 'update' "
                        "AND field = 'remarks' AND after = ?",
                        (int(args[0]), args[1]),
                    ).fetchone()
                    figures.rows_lost += found is None
                elif kind in ("D", "R"):
                    figures.committed_deletes += 1
                    action = "delete" if kind == "D" else "undelete"
                    toggles[(action, int(args[0]))] += 1
                    have = conn.execute(
                        "SELECT count(*) FROM audit_log WHERE application_id = ? AND action = ?",
                        (int(args[0]), action),
                    ).fetchone()[0]
                    figures.rows_lost += have < toggles[(action, int(args[0]))]
                elif kind == "B":
                    figures.committed_backups += 1
                    if not integrity.quick_check(args[0]).ok:
                        figures.problems.append(f"run {run}: backup {args[0]} fails quick_check")
        finally:
            conn.close()
        if figures.rows_lost == lost_before:
            figures.survived += 1
    # At the end, everything ever committed is still there (not only each run's own changes).
    conn = sqlite3.connect(path)
    have = {r[0] for r in conn.execute("SELECT number FROM applications")}
    conn.close()
    figures.rows_lost += len(numbers - have)
    figures.seconds = round(time.perf_counter() - started, 1)
    return figures


def _report(figures: Figures, label: str) -> None:
    text = json.dumps({"suite": label, **asdict(figures)}, ensure_ascii=False)
    print("\n" + text)
    target = os.environ.get("OGI_FAULT_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")


def _assert_nothing_lost(figures: Figures, runs: int) -> None:
    assert figures.problems == []
    assert figures.runs == runs and figures.survived == runs
    assert figures.rows_lost == 0
    assert figures.committed_applications > 0 and figures.committed_updates > 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_9_writer_quick(tmp_path):
    figures = kill_runs(tmp_path / "register.ogidb", QUICK_RUNS, seed=7)
    _report(figures, "kill -9 (quick)")
    _assert_nothing_lost(figures, QUICK_RUNS)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_the_checks_do_see_a_lost_row(tmp_path):
    def lose_newest(path: Path) -> None:
        conn = sqlite3.connect(path)
        conn.execute("DELETE FROM applications WHERE id = (SELECT max(id) FROM applications)")
        conn.commit()
        conn.close()

    figures = kill_runs(
        tmp_path / "register.ogidb",
        3,
        seed=11,
        early=0.0,
        window=(0.0, 0.1),
        tamper=lose_newest,
        after_first_commit=True,
    )
    assert figures.rows_lost >= 1 and figures.survived < 3


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_9_writer_long(tmp_path):
    figures = kill_runs(tmp_path / "register.ogidb", LONG_RUNS, seed=2026)
    _report(figures, f"kill -9 ({LONG_RUNS} runs)")
    _assert_nothing_lost(figures, LONG_RUNS)


# ----------------------------------------------------------------------------- during a restore
def kill_restores(path: Path, runs: int, seed: int) -> Figures:
    """Kill a process that restores backups over and over; the register is always one whole state."""
    from desktop.domain.application import Application
    from desktop.store import backup, lock

    opened = lock.open_register(path, backup_on_open=False)
    states: dict[str, int] = {}  # backup file name -> applications in it
    for n in (3, 5, 8):
        while opened.register.count() < n:
            opened.register.add(Application(date(2026, 1, 5), "网络", "自然人", "张三"))
        info = backup.make_backup(opened.register, kind="manual")
        states[info.path.name] = n
    opened.close()
    rng = random.Random(seed)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    figures = Figures()
    started = time.perf_counter()
    for run in range(runs):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(path), str(seed * 10_000 + run), "restore"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        if proc.stdout.readline().strip() != "READY":
            proc.kill()
            figures.problems.append(
                f"run {run}: restorer did not start: {proc.communicate()[1][-800:]}"
            )
            continue
        time.sleep(rng.uniform(0.0, 0.5))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
        figures.runs += 1
        figures.killed_while_writing += 1
        if proc.returncode != -signal.SIGKILL:
            figures.problems.append(f"run {run}: restorer ended by itself: {err[-800:]}")
        check = integrity.full_check(path)
        if not check.ok:
            figures.problems.append(f"run {run}: {check.problem}")
            continue
        conn = sqlite3.connect(path)
        rows = conn.execute("SELECT count(*) FROM applications").fetchone()[0]
        conn.close()
        restored = [Path(parts[1]).name for parts in _parse(out) if parts[0] == "S"]
        figures.committed_backups += len(restored)
        # Whole states only: exactly the rows of one of the backups, never a mixture or nothing.
        if rows not in states.values():
            figures.rows_lost += 1
            figures.problems.append(f"run {run}: {rows} rows is no backup's state")
        else:
            figures.survived += 1
    for info in backup.list_backups(path, with_rows=False):
        if not integrity.quick_check(info.path).ok:
            figures.problems.append(f"backup {info.path.name} fails quick_check")
    figures.seconds = round(time.perf_counter() - started, 1)
    return figures


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_9_during_restore_quick(tmp_path):
    figures = kill_restores(tmp_path / "register.ogidb", 6, seed=5)
    _report(figures, "kill -9 during restore (quick)")
    assert figures.problems == [] and figures.survived == 6 and figures.committed_backups > 0


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_9_during_restore_long(tmp_path):
    figures = kill_restores(tmp_path / "register.ogidb", 60, seed=6)
    _report(figures, "kill -9 during restore (60 runs)")
    assert figures.problems == [] and figures.survived == 60
