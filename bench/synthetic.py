"""A synthetic register of any size (default 1,000,000 applications over ten years), for the benches.

One generator for the whole project: `build_register(path, n=..., years=..., seed=...)` writes a real
register file (the program's own schema, migrations and calendar) and fills it in one transaction
with `executemany`, so a million rows take well under two minutes. The same seed gives the same
register. `ensure_register()` reuses a file built earlier with the same parameters.

The rows look like a busy city office's: mostly natural persons applying online, outcomes spread
over the 2021 outcome tree, a few corrections, extensions, consultations, reviews and lawsuits, a
small share soft-deleted, the last few weeks still open. `search_text` is exactly what the register
would store (`normalise_for_search`), and the trigram index is built once at the end (FTS5
'rebuild'), which is much faster than a million trigger firings. `answer_due` is receipt + 28
calendar days: close to 20 working days, and a benchmark does not need the exact holiday rules.

Run directly to build one: `.venv/bin/python bench/synthetic.py [--n N] [--years Y] [--out FILE]`.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from desktop.domain import vocab  # noqa: E402
from desktop.domain.application import id_card_check_char  # noqa: E402
from desktop.domain.chinese import normalise_for_search  # noqa: E402
from desktop.store.register import Register  # noqa: E402

DEFAULT_N = 1_000_000
DEFAULT_YEARS = 10
AS_OF = date(2026, 11, 20)  # "today" of the synthetic register: fixed, so a seed gives one register
META_KEY = "synthetic_register"

CHANNEL_WEIGHTS = {
    "网络": 55,
    "当面": 14,
    "邮寄": 15,
    "电子邮件": 5,
    "平常信函": 4,
    "传真": 1,
    "其他": 6,
}
TYPE_WEIGHTS = {
    "自然人": 86,
    "商业企业": 7,
    "科研机构": 1,
    "社会公益组织": 1,
    "法律服务机构": 3,
    "其他": 2,
}
GROUP_WEIGHTS = {"grant": 38, "partial": 14, "deny": 6, "unable": 26, "reject": 9, "other": 7}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂焦向柳邢岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵解强柴华车冉房边"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强志明海燕雪梅晓东春梅红梅玉兰桂芳淑珍凤英德明国华文博子涵浩然梓轩欣怡雨涵佳怡思远俊杰宇航晨曦嘉怡一诺"
PLACES = _words(
    "东城区 西城区 朝阳区 海淀区 丰台区 石景山区 浦东新区 黄浦区 徐汇区 静安区 天河区 越秀区 "
    "福田区 南山区 武侯区 锦江区 江汉区 鼓楼区 玄武区 西湖区 上城区 历下区 市南区 和平区 南开区 "
    "高新区 经开区 开发区 新城区 老城区"
)
STREETS = _words(
    "人民路 解放路 建设路 中山路 和平街 幸福里 光明街 胜利路 长江路 黄河路 滨江路 新华路 文化路 朝阳街 团结路"
)
TOPICS = _words(
    "房屋征收补偿方案 集体土地征收批复 国有土地上房屋征收决定 建设工程规划许可证 建设用地规划许可证 "
    "环境影响评价报告书 拆迁安置补偿协议 棚户区改造项目立项批复 道路拓宽工程可行性研究报告 "
    "财政预算执行情况 三公经费支出明细 政府采购合同 行政处罚决定书 食品安全抽检结果 "
    "最低生活保障名单 农村危房改造补助名单 社会保险基金收支情况 企业环境信息 排污许可证 "
    "公租房分配名单 学区划分方案 养老服务补贴发放情况 耕地占补平衡验收材料 河道整治工程招标文件 "
    "违法建设查处记录 消防验收意见书 信访事项处理意见 会议纪要 专项资金使用情况 安置房分配方案"
)
PURPOSES = ("", "", "", "用于维权", "用于诉讼", "用于科研", "用于了解政策", "以纸质形式提供")
REVIEW_WEIGHTS = {"结果维持": 70, "结果纠正": 10, "其他结果": 8, "尚未审结": 12}

COLUMNS = (
    "number",
    "channel",
    "receipt_date",
    "applicant_type",
    "applicant",
    "id_number",
    "phone",
    "content",
    "correction_notice_date",
    "correction_received_date",
    "consultation_sent_date",
    "consultation_received_date",
    "extended",
    "answer_date",
    "outcome",
    "review_date",
    "review_result",
    "litigation_type",
    "litigation_date",
    "litigation_result",
    "remarks",
    "answer_due",
    "due_confirmed",
    "search_text",
    "created_at",
    "updated_at",
    "deleted_at",
)


def _picker(rng: random.Random, weights: dict[str, int]):  # type: ignore[no-untyped-def]
    """A fast weighted choice: a flat list of 100-ish keys, then one randrange per pick."""
    pool = [key for key, weight in weights.items() for _ in range(weight)]
    return lambda: pool[rng.randrange(len(pool))]


def _outcome_picker(rng: random.Random):  # type: ignore[no-untyped-def]
    by_group: dict[str, list[str]] = {}
    for leaf in vocab.OUTCOME_LEAVES:
        by_group.setdefault(leaf.group, []).append(leaf.code)
    group = _picker(rng, GROUP_WEIGHTS)

    def pick() -> str:
        leaves = by_group[group()]
        return leaves[rng.randrange(len(leaves))]

    return pick


def _person_id(rng: random.Random, birth_year: int) -> str:
    born = date(birth_year, 1, 1) + timedelta(days=rng.randrange(365))
    first17 = f"{rng.choice(('110105', '310104', '440106', '510107', '420103'))}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_card_check_char(first17)


def generate_rows(
    n: int, years: int, seed: int, as_of: date = AS_OF, batch: int = 20_000
) -> Iterator[list[tuple]]:
    """The rows (COLUMNS order) in batches, receipt dates spread over `years` years ending at `as_of`.

    Batches keep memory flat: a million rows as one list would cost over a gigabyte.
    """
    rng = random.Random(seed)
    channel = _picker(rng, CHANNEL_WEIGHTS)
    applicant_type = _picker(rng, TYPE_WEIGHTS)
    outcome = _outcome_picker(rng)
    review_result = _picker(rng, REVIEW_WEIGHTS)
    first = date(as_of.year - years + 1, 1, 1)
    span = (as_of - first).days + 1
    # Receipt dates in order, so numbers run in date order within each year, as a clerk's would.
    receipts = sorted(first + timedelta(days=rng.randrange(span)) for _ in range(n))
    seq_by_year: dict[int, int] = {}
    rows: list[tuple] = []
    texts: list[str] = []
    for received in receipts:
        year = received.year
        seq = seq_by_year.get(year, 0) + 1
        seq_by_year[year] = seq
        number = f"{year}-{seq:04d}"
        kind = applicant_type()
        if kind == "自然人":
            applicant = rng.choice(SURNAMES) + GIVEN[rng.randrange(len(GIVEN) - 1) :][:2]
            ident = _person_id(rng, rng.randrange(1950, 2004)) if rng.random() < 0.8 else ""
        else:
            applicant = f"{rng.choice(PLACES)}{rng.choice(STREETS)}{rng.choice(('商贸有限公司', '律师事务所', '研究院', '公益基金会', '合作社'))}"
            ident = ""
        content = (
            f"申请公开{rng.choice(PLACES)}{rng.choice(STREETS)}{rng.randrange(1, 300)}号"
            f"{year - rng.randrange(3)}年{rng.choice(TOPICS)}{rng.choice(PURPOSES)}"
        )
        correction_notice = correction_received = consult_sent = consult_received = None
        start = received
        r = rng.random()
        if r < 0.05:
            correction_notice = received + timedelta(days=rng.randrange(1, 7))
            correction_received = correction_notice + timedelta(days=rng.randrange(1, 15))
            start = correction_received
        elif r < 0.08:
            consult_sent = received + timedelta(days=rng.randrange(2, 10))
            consult_received = consult_sent + timedelta(days=rng.randrange(5, 16))
        extended = rng.random() < 0.05
        due = start + timedelta(days=56 if extended else 28)
        answered = start + timedelta(days=rng.randrange(2, 40 if extended else 32))
        answer = answered if answered <= as_of else None
        leaf = outcome() if answer else None
        review_date = review = lit_type = lit_date = lit_result = None
        if answer and rng.random() < 0.02:
            review_date = answer + timedelta(days=rng.randrange(10, 60))
            review = review_result() if review_date <= as_of else None
            if review_date > as_of:
                review_date = None
        if answer and rng.random() < 0.006:
            lit_date = (review_date or answer) + timedelta(days=rng.randrange(15, 180))
            if lit_date <= as_of:
                # 复议后起诉 needs a review first (validate() refuses it otherwise).
                lit_type = "复议后起诉" if review_date else "未经复议直接起诉"
                lit_result = review_result()
            else:
                lit_date = None
        stamp = f"{received.isoformat()}T09:{rng.randrange(60):02d}:00"
        deleted = f"{received.isoformat()}T17:00:00" if rng.random() < 0.002 else None
        rows.append(
            (
                number,
                channel(),
                received.isoformat(),
                kind,
                applicant,
                ident,
                f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                content,
                correction_notice and correction_notice.isoformat(),
                correction_received and correction_received.isoformat(),
                consult_sent and consult_sent.isoformat(),
                consult_received and consult_received.isoformat(),
                int(extended),
                answer and answer.isoformat(),
                leaf,
                review_date and review_date.isoformat(),
                review or "",
                lit_type or "",
                lit_date and lit_date.isoformat(),
                lit_result or "",
                "",
                due.isoformat(),
                1,
                "",  # search_text, filled below in batches
                stamp,
                stamp,
                deleted,
            )
        )
        texts.append(f"{number} {applicant} {content}")
        if len(rows) == batch:
            _fill_search_text(rows, texts)
            yield rows
            rows, texts = [], []
    if rows:
        _fill_search_text(rows, texts)
        yield rows


def _fill_search_text(rows: list[tuple], texts: list[str]) -> None:
    """search_text exactly as the register computes it; OpenCC is called once per batch, not per row."""
    index = COLUMNS.index("search_text")
    # normalise_for_search collapses whitespace, so convert the batch joined by a marker that OpenCC
    # leaves alone and that no generated text contains.
    converted = normalise_for_search("\u0001".join(t.replace(" ", "\u0002") for t in texts))
    for offset, text in enumerate(converted.split("\u0001")):
        row = rows[offset]
        rows[offset] = (
            *row[:index],
            " ".join(text.replace("\u0002", " ").split()),
            *row[index + 1 :],
        )


def _signature(n: int, years: int, seed: int) -> str:
    return f"n={n} years={years} seed={seed} as_of={AS_OF.isoformat()}"


def build_register(
    path: str | Path, n: int = DEFAULT_N, years: int = DEFAULT_YEARS, seed: int = 1
) -> Path:
    """Write a fresh register of `n` applications to `path` (replacing any file there)."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    register = Register.open(path)
    conn = register.conn
    marks = ", ".join("?" for _ in COLUMNS)
    with register.transaction():
        # One trigram index build at the end instead of a trigger firing per row.
        trigger_sql = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'applications_fts_ai'"
        ).fetchone()[0]
        conn.execute("DROP TRIGGER applications_fts_ai")
        insert = f"INSERT INTO applications ({', '.join(COLUMNS)}) VALUES ({marks})"
        for rows in generate_rows(n, years, seed):
            conn.executemany(insert, rows)
        conn.execute("INSERT INTO applications_fts (applications_fts) VALUES ('rebuild')")
        conn.execute(trigger_sql)
        conn.execute(
            "INSERT INTO number_counters (year, last) "
            "SELECT CAST(substr(number, 1, 4) AS INTEGER), max(CAST(substr(number, 6) AS INTEGER)) "
            "FROM applications GROUP BY 1 "
            "ON CONFLICT (year) DO UPDATE SET last = excluded.last"
        )
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            (META_KEY, _signature(n, years, seed)),
        )
    # No ANALYZE: the program never runs it, so an office's register has no planner statistics, and
    # with them SQLite plans some queries differently (a channel filter's count took the plain
    # channel index and visited 100,000 rows: ~40 ms → ~600 ms). Bench what offices run.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    register.close()
    return path


def _drop_planner_statistics(path: Path) -> None:
    """Clear the ANALYZE statistics an older version of this script left (see build_register)."""
    conn = sqlite3.connect(path)
    try:
        has_stats = (
            conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
            and conn.execute("SELECT 1 FROM sqlite_stat1 LIMIT 1").fetchone()
        )
        if has_stats:
            conn.execute("DELETE FROM sqlite_stat1")
            conn.commit()
    finally:
        conn.close()


def ensure_register(
    path: str | Path | None = None, n: int = DEFAULT_N, years: int = DEFAULT_YEARS, seed: int = 1
) -> Path:
    """The register at `path` (default: ~/.cache/ogi-bench/…), built if missing or built differently."""
    if path is None:
        folder = Path(os.environ.get("OGI_BENCH_DIR") or Path.home() / ".cache" / "ogi-bench")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"register-{n}-{years}y-s{seed}.ogidb"
    path = Path(path)
    if path.exists():
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
            conn.close()
            if row and row[0] == _signature(n, years, seed):
                _drop_planner_statistics(path)
                return path
        except sqlite3.DatabaseError:
            pass
    return build_register(path, n, years, seed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=DEFAULT_N)
    parser.add_argument("--years", type=int, default=DEFAULT_YEARS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--out", type=Path, help="register file to write (default: the cache in ~/.cache/ogi-bench)"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    if args.out:
        path = build_register(args.out, args.n, args.years, args.seed)
    else:
        path = ensure_register(None, args.n, args.years, args.seed)
    size = path.stat().st_size / 1e6
    print(f"{path}: {args.n:,} applications, {size:.0f} MB, {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
