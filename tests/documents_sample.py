"""A hand-kept register of 规章 and 行政规范性文件 spanning 2019–2025, with its counts worked out by hand.

Shared by the domain, store, report and window tests. Each document notes what it exercises.
"""

from __future__ import annotations

from datetime import date

from desktop.domain.documents import NORMATIVE, REGULATION, Document

D = date
SAMPLE: tuple[Document, ...] = (
    # D1 a 规章 in force for years
    Document(
        "益政令〔2023〕1号", "益阳市城市绿化管理办法", REGULATION, D(2023, 3, 1), D(2023, 3, 10)
    ),
    # D2 issued in December 2024, published later (January 2025)
    Document(
        "益政发〔2024〕5号", "关于加强农村建房管理的通知", NORMATIVE, D(2024, 12, 20), D(2025, 1, 8)
    ),
    # D3 repealed on 31 Dec 2025
    Document(
        "益政发〔2020〕2号",
        "益阳市住房公积金管理办法",
        NORMATIVE,
        D(2020, 5, 1),
        D(2020, 5, 10),
        repealed=D(2025, 12, 31),
    ),
    # D4 valid until 31 Dec 2025 (still in force that day)
    Document(
        "益政办发〔2023〕7号",
        "益阳市养犬管理规定",
        NORMATIVE,
        D(2023, 1, 5),
        D(2023, 1, 10),
        valid_until=D(2025, 12, 31),
    ),
    # D5 expired before (valid until 30 June 2024)
    Document(
        "益政办发〔2020〕9号",
        "益阳市临时救助实施办法",
        NORMATIVE,
        D(2020, 2, 1),
        D(2020, 2, 5),
        valid_until=D(2024, 6, 30),
    ),
    # D6 issued, not yet published
    Document("益政发〔2025〕11号", "益阳市公共数据管理办法", NORMATIVE, D(2025, 11, 20)),
    # D7 a 规章 issued and published in 2025
    Document(
        "益政令〔2025〕2号", "益阳市烟花爆竹燃放管理规定", REGULATION, D(2025, 2, 1), D(2025, 2, 10)
    ),
    # D8 a 规章 of 2019 repealed in mid-2025
    Document(
        "益政令〔2019〕3号",
        "益阳市城市管理办法",
        REGULATION,
        D(2019, 6, 1),
        D(2019, 6, 5),
        repealed=D(2025, 6, 30),
    ),
)
# Entered then deleted: never counted.
DELETED = Document("益政令〔2025〕9号", "误录的文件", REGULATION, D(2025, 3, 1), D(2025, 3, 2))

# (format, year) -> (row label, column label) -> count, worked out by hand from the notes above.
EXPECTED: dict[tuple[str, int], dict[tuple[str, str], int]] = {
    ("2021", 2025): {
        ("规章", "本年制发件数"): 1,  # D7
        ("规章", "本年废止件数"): 1,  # D8
        ("规章", "现行有效件数"): 2,  # D1 D7
        ("行政规范性文件", "本年制发件数"): 1,  # D6
        ("行政规范性文件", "本年废止件数"): 1,  # D3 (31 Dec)
        ("行政规范性文件", "现行有效件数"): 2,  # D2 (published 2025) D4 (valid to 31 Dec)
    },
    ("2021", 2024): {
        ("规章", "本年制发件数"): 0,
        ("规章", "本年废止件数"): 0,
        ("规章", "现行有效件数"): 2,  # D1 D8
        ("行政规范性文件", "本年制发件数"): 1,  # D2
        ("行政规范性文件", "本年废止件数"): 0,
        ("行政规范性文件", "现行有效件数"): 2,  # D3 D4 (D2 unpublished on 31 Dec, D5 expired)
    },
    ("2019", 2025): {
        ("规章", "本年新制作数量"): 1,  # D7
        ("规章", "本年新公开数量"): 1,  # D7
        ("规章", "对外公开总数量"): 3,  # D1 D7 D8
        ("规范性文件", "本年新制作数量"): 1,  # D6
        ("规范性文件", "本年新公开数量"): 1,  # D2
        ("规范性文件", "对外公开总数量"): 4,  # D2 D3 D4 D5
    },
    ("2019", 2020): {
        ("规章", "本年新制作数量"): 0,
        ("规章", "本年新公开数量"): 0,
        ("规章", "对外公开总数量"): 1,  # D8
        ("规范性文件", "本年新制作数量"): 2,  # D3 D5
        ("规范性文件", "本年新公开数量"): 2,  # D3 D5
        ("规范性文件", "对外公开总数量"): 2,  # D3 D5
    },
}
