"""A register writer for the fault suite: it is killed with SIGKILL at a random moment.

Usage: python tests/faults/writer.py REGISTER SEED [restore]
Opens the register the way the program does (lock, integrity check, "in use" marker), prints READY,
then writes for ever: single adds, batches (add_many), field updates, deletes and undeletes, and now
and then a backup. After each COMMIT it prints what was committed, flushed, so the parent knows
every change that must survive:
    A <number>             one application added
    M <number> <number>…   a batch added in one transaction
    U <id> <remarks>       remarks changed (the audit log has the same value)
    D <id> / R <id>        soft-deleted / undeleted
    B <file>               a backup written and verified
With `restore` it instead restores the register from its backups, one after another, for ever:
    S <file>               the register now holds that backup's content
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta

from desktop.domain.application import Application
from desktop.store import backup, lock

WORDS = "申请公开本机关年度预算决算城市道路改造项目立项批复征地补偿安置方案环境影响评价报告"


def application(rng: random.Random) -> Application:
    day = date(2025, 1, 1) + timedelta(days=rng.randrange(600))
    size = rng.choice((5, 20, 80, 400, 1500))  # long texts churn pages and the FTS index
    content = "".join(rng.choice(WORDS) for _ in range(size))
    return Application(day, "网络", "自然人", f"申请人{rng.randrange(10**6)}", content=content)


def restore_for_ever(path: str, rng: random.Random) -> None:
    choices = [b.path for b in backup.list_backups(path) if b.kind == "manual"]
    print("READY", flush=True)
    while True:
        opened = lock.open_register(path, backup_on_open=False)
        chosen = rng.choice(choices)
        backup.restore(opened.register, chosen)
        opened.lock.release()
        print(f"S {chosen}", flush=True)


def main() -> None:
    path, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    if sys.argv[3:] == ["restore"]:
        restore_for_ever(path, rng)
        return
    opened = lock.open_register(path, backup_on_open=False)
    register = opened.register
    ids = [
        r[0]
        for r in register.conn.execute("SELECT id FROM applications ORDER BY id DESC LIMIT 300")
    ]
    print("READY", flush=True)
    step = 0
    while True:
        step += 1
        roll = rng.random()
        if roll < 0.5 or not ids:
            saved = register.add(application(rng))
            ids.append(saved.id)
            print(f"A {saved.number}", flush=True)
        elif roll < 0.65:
            batch = register.add_many(application(rng) for _ in range(rng.randint(2, 8)))
            ids.extend(a.id for a in batch)
            print("M " + " ".join(a.number for a in batch), flush=True)
        elif roll < 0.85:
            app = register.get(rng.choice(ids))
            value = f"s{seed}-{step}"
            register.update(app.replace(remarks=value))
            print(f"U {app.id} {value}", flush=True)
        elif roll < 0.97:
            target = rng.choice(ids)
            if register.is_deleted(target):
                register.undelete(target)
                print(f"R {target}", flush=True)
            else:
                register.delete(target)
                print(f"D {target}", flush=True)
        else:
            info = backup.make_backup(register, kind="manual")
            print(f"B {info.path}", flush=True)


if __name__ == "__main__":
    main()
