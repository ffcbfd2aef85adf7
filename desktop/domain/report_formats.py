"""The official annual-report tables, declared once as data.

Each report format (2021: 国办公开办函〔2021〕30号; 2019: 国办公开办函〔2019〕60号; 2014: the national
《政府信息公开情况统计表》 of 国办发〔2014〕32号) is one `ReportFormat`: its tables, their rows and columns with
the verbatim labels of formats.md, and the merged header/label layout. The on-screen table, the Excel
sheet, the JSON, the logic checks and the label-based workbook reader (`ogi check` / `ogi consolidate`)
are all generated from these declarations; nothing else types a label.

Layout is declared as *paths*: a row label path such as ("三、本年度办理结果", "（三）不予公开",
"1.属于国家秘密") or a column path such as ("申请人情况", "法人或其他组织", "商业企业"). Consecutive
entries that share a prefix are merged into one cell (`span_cells`), and a path shorter than the depth
spans the remaining levels — exactly how the official tables print.

`Report` is the filled-in form: plain numbers keyed by the declared keys, so the checks can run on
numbers read from another unit's workbook as well as on numbers computed from our register.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from desktop.domain import vocab

# ---------------------------------------------------------------------------- layout building blocks


@dataclass(frozen=True)
class Cell:
    """One (possibly merged) cell of a header or label block; row/col are 0-based within the block."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def span_cells(paths: list[tuple[str, ...]], depth: int, *, transpose: bool = False) -> list[Cell]:
    """Merge label paths into cells, the way the official tables merge their headings.

    `paths[i]` labels line i (a data row, or a data column when `transpose`); level j of the path sits
    in label column j (or header row j). Equal prefixes on consecutive lines become one cell spanning
    them; the last element of a path shorter than `depth` spans the remaining levels.
    """
    cells: list[Cell] = []
    for level in range(depth):
        i = 0
        while i < len(paths):
            path = paths[i]
            if len(path) <= level:
                i += 1
                continue
            j = i + 1
            while (
                j < len(paths)
                and len(paths[j]) > level
                and paths[j][: level + 1] == path[: level + 1]
            ):
                # A leaf (last element) never merges with a following line, only headings do.
                if len(path) == level + 1 or len(paths[j]) == level + 1:
                    break
                j += 1
            along = j - i
            across = depth - level if len(path) == level + 1 else 1
            if transpose:
                cells.append(Cell(path[level], level, i, rowspan=across, colspan=along))
            else:
                cells.append(Cell(path[level], i, level, rowspan=along, colspan=across))
            i = j
    return cells


@dataclass(frozen=True)
class Column:
    key: str  # stable key: the applicant type, "total", or "review.结果维持" …
    name: str  # the column's name in the JSON and in messages, e.g. "自然人", "行政复议-结果维持"
    path: tuple[str, ...]  # verbatim header cells from the top header row down


@dataclass(frozen=True)
class DataRow:
    key: str  # stable key: "new", "carried_in", a leaf code, "other", "total", "carried_out"
    path: tuple[
        str, ...
    ]  # verbatim label cells from the outer heading in; path[-1] is the row label
    # Outcome rows: the 2021 leaf codes (vocab.OUTCOME_LEAVES) counted in this row.
    outcomes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.path[-1]


# Row kinds of table 三 that are not outcome rows (contract decision 2).
NEW, CARRIED_IN, TOTAL, CARRIED_OUT = "new", "carried_in", "total", "carried_out"
TOTAL_COLUMN = "total"


@dataclass(frozen=True)
class Table3:
    """三、收到和处理政府信息公开申请情况: rows × (six applicant columns + 总计)."""

    title: str
    corner: str  # the 勾稽关系 note in the corner cell
    columns: tuple[Column, ...]
    rows: tuple[DataRow, ...]
    label_columns: int = 3
    header_rows: int = 3

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def row(self, key: str) -> DataRow:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    @property
    def outcome_rows(self) -> tuple[DataRow, ...]:
        return tuple(r for r in self.rows if r.outcomes)

    def header_cells(self) -> list[Cell]:
        """The header block (header_rows × label_columns + len(columns)), corner note included."""
        corner = Cell(self.corner, 0, 0, rowspan=self.header_rows, colspan=self.label_columns)
        cols = span_cells([c.path for c in self.columns], self.header_rows, transpose=True)
        return [corner] + [
            Cell(c.text, c.row, c.col + self.label_columns, c.rowspan, c.colspan) for c in cols
        ]

    def label_cells(self) -> list[Cell]:
        """The label block beside the numbers: row i = data row i, label_columns wide."""
        return span_cells([r.path for r in self.rows], self.label_columns)


@dataclass(frozen=True)
class Table4:
    """四、政府信息公开行政复议、行政诉讼情况: one line of 15 numbers under a 3-row header."""

    title: str
    columns: tuple[Column, ...]
    header_rows: int = 3

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def header_cells(self) -> list[Cell]:
        return span_cells([c.path for c in self.columns], self.header_rows, transpose=True)

    def groups(self) -> list[tuple[str, list[int], int]]:
        """(group name, indexes of the four results, index of its 总计) for each group of five."""
        found: list[tuple[str, list[int], int]] = []
        for start in range(0, len(self.columns), 5):
            group = self.columns[start].name.split("-")[0]
            found.append((group, list(range(start, start + 4)), start + 4))
        return found


@dataclass(frozen=True)
class Table2Block:
    """One sub-table of table 二 (主动公开), headed by the article it reports on; figures are typed in."""

    article: str  # e.g. "第二十条第（一）项"
    columns: tuple[str, ...]  # "信息内容" then the value columns, verbatim
    rows: tuple[str, ...]  # the row labels, verbatim
    units: tuple[str, ...] = ()  # per value column: "件", "万元" … ("" = a count)

    def unit(self, column: str) -> str:
        """The unit of a value column ("" = a count)."""
        index = self.columns.index(column) - 1
        return self.units[index] if 0 <= index < len(self.units) else ""

    def figure_keys(self, fmt: str) -> list[tuple[str, str, str]]:
        """(key, row label, column label) of every figure; the key is what annual_figures stores."""
        return [
            (figure_key(fmt, row, col), row, col) for row in self.rows for col in self.columns[1:]
        ]


def figure_key(fmt: str, row: str, col: str) -> str:
    """Storage key of one typed-in figure of table 二, e.g. "2021.二.规章.本年制发件数"."""
    return f"{fmt}.二.{row}.{col}"


@dataclass(frozen=True)
class Table2:
    title: str
    blocks: tuple[Table2Block, ...]
    width: int = 4  # columns of the printed table (the widest block)

    def figure_keys(self, fmt: str) -> list[tuple[str, str, str]]:
        return [k for b in self.blocks for k in b.figure_keys(fmt)]

    def figure_units(self, fmt: str) -> dict[str, str]:
        """figure key -> unit of its column."""
        return {k: b.unit(col) for b in self.blocks for k, _row, col in b.figure_keys(fmt)}


# The 2014 统计表: 统计指标 | 单位 | 统计数. Where each value comes from:
REGISTER, MANUAL, HEADING = "register", "manual", "heading"


@dataclass(frozen=True)
class StatItem:
    key: str
    label: str  # verbatim 统计指标
    unit: str  # 条 件 次 篇 个 人 人次 万元, or "—" for a heading
    source: (
        str  # REGISTER (computed), MANUAL (typed in, stored in annual_figures), HEADING (no value)
    )
    level: int = 0  # indentation: 0 part heading, 1 （一）, 2 1．, 3 其中


@dataclass(frozen=True)
class StatisticsTable:
    title: str
    columns: tuple[str, ...]
    items: tuple[StatItem, ...]

    def item(self, key: str) -> StatItem:
        for it in self.items:
            if it.key == key:
                return it
        raise KeyError(key)


def manual_key_2014(item_key: str) -> str:
    """Storage key of a typed-in item of the 2014 统计表 in annual_figures."""
    return f"2014.{item_key}"


@dataclass(frozen=True)
class ReportFormat:
    code: str  # "2021", "2019", "2014"
    name: str  # what the window's format picker shows
    basis: str  # the document that issued it
    report_title: str  # "{unit}{year}年度…" title, with {year}
    table2: Table2 | None
    table3: Table3 | None
    table4: Table4 | None
    statistics: StatisticsTable | None = None

    def title(self, year: int, unit: str = "") -> str:
        return self.report_title.format(year=year, unit=unit)


# ---------------------------------------------------------------------------- table 三 (2021, 2019)

TABLE3_TITLE = "三、收到和处理政府信息公开申请情况"
TABLE3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS_HEADING = "申请人情况"
ORGANISATIONS_HEADING = "法人或其他组织"
TOTAL_LABEL = "总计"

TABLE3_COLUMNS: tuple[Column, ...] = (
    Column(vocab.NATURAL_PERSON, vocab.NATURAL_PERSON, (APPLICANTS_HEADING, vocab.NATURAL_PERSON)),
    *(
        Column(t, t, (APPLICANTS_HEADING, ORGANISATIONS_HEADING, t))
        for t in vocab.ORGANISATION_TYPES
    ),
    Column(TOTAL_COLUMN, TOTAL_LABEL, (APPLICANTS_HEADING, TOTAL_LABEL)),
)

ROW_NEW_LABEL = "一、本年新收政府信息公开申请数量"
ROW_CARRIED_IN_LABEL = "二、上年结转政府信息公开申请数量"
RESULTS_HEADING = "三、本年度办理结果"
ROW_TOTAL_LABEL = "（七）总计"
ROW_CARRIED_OUT_LABEL = "四、结转下年度继续办理"
OTHER_GROUP = "other"


def _outcome_rows(split_other: bool) -> list[DataRow]:
    """Rows under 三、本年度办理结果, generated from the outcome tree of vocab (one row per leaf).

    A group whose only leaf is itself ((一), (二)) is one row spanning two label columns. In the 2019
    format （六）其他处理 is one row holding all three 2021 leaves (formats.md §2.2).
    """
    rows: list[DataRow] = []
    for group in vocab.OUTCOME_GROUPS:
        leaves = [leaf for leaf in vocab.OUTCOME_LEAVES if leaf.group == group.code]
        if len(leaves) == 1 and leaves[0].label == group.label:
            rows.append(DataRow(leaves[0].code, (RESULTS_HEADING, group.label), (leaves[0].code,)))
        elif group.code == OTHER_GROUP and not split_other:
            rows.append(
                DataRow(
                    OTHER_GROUP, (RESULTS_HEADING, group.label), tuple(lf.code for lf in leaves)
                )
            )
        else:
            rows.extend(
                DataRow(lf.code, (RESULTS_HEADING, group.label, lf.label), (lf.code,))
                for lf in leaves
            )
    return rows


def _table3(split_other: bool) -> Table3:
    rows = (
        DataRow(NEW, (ROW_NEW_LABEL,)),
        DataRow(CARRIED_IN, (ROW_CARRIED_IN_LABEL,)),
        *_outcome_rows(split_other),
        DataRow(TOTAL, (RESULTS_HEADING, ROW_TOTAL_LABEL)),
        DataRow(CARRIED_OUT, (ROW_CARRIED_OUT_LABEL,)),
    )
    return Table3(TABLE3_TITLE, TABLE3_CORNER, TABLE3_COLUMNS, rows)


# ---------------------------------------------------------------------------- table 四 (2021 = 2019)

TABLE4_TITLE = "四、政府信息公开行政复议、行政诉讼情况"
REVIEW_HEADING = "行政复议"
LITIGATION_HEADING = "行政诉讼"
# Column-key prefixes of the three groups of five; the litigation ones follow vocab.LITIGATION_TYPES.
REVIEW_GROUP, DIRECT_GROUP, AFTER_REVIEW_GROUP = "review", "direct", "after_review"
LITIGATION_GROUP_BY_TYPE = dict(
    zip(vocab.LITIGATION_TYPES, (DIRECT_GROUP, AFTER_REVIEW_GROUP), strict=True)
)


def _table4() -> Table4:
    columns: list[Column] = []
    results = (*vocab.REVIEW_RESULTS, TOTAL_LABEL)
    for result in results:
        columns.append(
            Column(
                f"{REVIEW_GROUP}.{result}", f"{REVIEW_HEADING}-{result}", (REVIEW_HEADING, result)
            )
        )
    for kind in vocab.LITIGATION_TYPES:
        prefix = LITIGATION_GROUP_BY_TYPE[kind]
        for result in results:
            columns.append(
                Column(f"{prefix}.{result}", f"{kind}-{result}", (LITIGATION_HEADING, kind, result))
            )
    return Table4(TABLE4_TITLE, tuple(columns))


# ---------------------------------------------------------------------------- table 二 (manual figures)

TABLE2_TITLE = "二、主动公开政府信息情况"
CONTENT = "信息内容"

TABLE2_2021 = Table2(
    TABLE2_TITLE,
    (
        Table2Block(
            "第二十条第（一）项",
            (CONTENT, "本年制发件数", "本年废止件数", "现行有效件数"),
            ("规章", "行政规范性文件"),
        ),
        Table2Block("第二十条第（五）项", (CONTENT, "本年处理决定数量"), ("行政许可",)),
        Table2Block("第二十条第（六）项", (CONTENT, "本年处理决定数量"), ("行政处罚", "行政强制")),
        Table2Block(
            "第二十条第（八）项",
            (CONTENT, "本年收费金额（单位：万元）"),
            ("行政事业性收费",),
            ("万元",),
        ),
    ),
)

TABLE2_2019 = Table2(
    TABLE2_TITLE,
    (
        Table2Block(
            "第二十条第（一）项",
            (CONTENT, "本年新制作数量", "本年新公开数量", "对外公开总数量"),
            ("规章", "规范性文件"),
        ),
        Table2Block(
            "第二十条第（五）项",
            (CONTENT, "上一年项目数量", "本年增/减", "处理决定数量"),
            ("行政许可", "其他对外管理服务事项"),
        ),
        Table2Block(
            "第二十条第（六）项",
            (CONTENT, "上一年项目数量", "本年增/减", "处理决定数量"),
            ("行政处罚", "行政强制"),
        ),
        Table2Block(
            "第二十条第（八）项", (CONTENT, "上一年项目数量", "本年增/减"), ("行政事业性收费",)
        ),
        Table2Block(
            "第二十条第（九）项",
            (CONTENT, "采购项目数量", "采购总金额"),
            ("政府集中采购",),
            ("", "万元"),
        ),
    ),
)

# ---------------------------------------------------------------------------- the 2014 统计表

STATISTICS_2014_TITLE = "政府信息公开情况统计表"

_I = StatItem
STATISTICS_2014 = StatisticsTable(
    STATISTICS_2014_TITLE,
    ("统计指标", "单位", "统计数"),
    (
        _I("proactive", "一、主动公开情况", "—", HEADING, 0),
        _I(
            "proactive.count",
            "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）",
            "条",
            MANUAL,
            1,
        ),
        _I("proactive.normative", "其中：主动公开规范性文件数", "条", MANUAL, 3),
        _I("proactive.normative_issued", "制发规范性文件总数", "件", MANUAL, 3),
        _I("proactive.channels", "（二）通过不同渠道和方式公开政府信息的情况", "—", HEADING, 1),
        _I("proactive.gazette", "1．政府公报公开政府信息数", "条", MANUAL, 2),
        _I("proactive.website", "2．政府网站公开政府信息数", "条", MANUAL, 2),
        _I("proactive.weibo", "3．政务微博公开政府信息数", "条", MANUAL, 2),
        _I("proactive.wechat", "4．政务微信公开政府信息数", "条", MANUAL, 2),
        _I("proactive.other", "5．其他方式公开政府信息数", "条", MANUAL, 2),
        _I("response", "二、回应解读情况", "—", HEADING, 0),
        _I(
            "response.count",
            "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）",
            "次",
            MANUAL,
            1,
        ),
        _I("response.channels", "（二）通过不同渠道和方式回应解读的情况", "—", HEADING, 1),
        _I("response.press", "1．参加或举办新闻发布会总次数", "次", MANUAL, 2),
        _I("response.press_leader", "其中：主要负责同志参加新闻发布会次数", "次", MANUAL, 3),
        _I("response.interview", "2．政府网站在线访谈次数", "次", MANUAL, 2),
        _I(
            "response.interview_leader",
            "其中：主要负责同志参加政府网站在线访谈次数",
            "次",
            MANUAL,
            3,
        ),
        _I("response.interpretation", "3．政策解读稿件发布数", "篇", MANUAL, 2),
        _I("response.social", "4．微博微信回应事件数", "次", MANUAL, 2),
        _I("response.other", "5．其他方式回应事件数", "次", MANUAL, 2),
        _I("request", "三、依申请公开情况", "—", HEADING, 0),
        _I("received", "（一）收到申请数", "件", REGISTER, 1),
        _I("received.in_person", "1．当面申请数", "件", REGISTER, 2),
        _I("received.fax", "2．传真申请数", "件", REGISTER, 2),
        _I("received.online", "3．网络申请数", "件", REGISTER, 2),
        _I("received.letter", "4．信函申请数", "件", REGISTER, 2),
        _I("concluded", "（二）申请办结数", "件", REGISTER, 1),
        _I("concluded.on_time", "1．按时办结数", "件", REGISTER, 2),
        _I("concluded.extended", "2．延期办结数", "件", REGISTER, 2),
        _I("answered", "（三）申请答复数", "件", REGISTER, 1),
        _I("answered.published", "1．属于已主动公开范围数", "件", REGISTER, 2),
        _I("answered.grant", "2．同意公开答复数", "件", REGISTER, 2),
        _I("answered.partial", "3．同意部分公开答复数", "件", REGISTER, 2),
        _I("answered.deny", "4．不同意公开答复数", "件", REGISTER, 2),
        _I("answered.deny.secret", "其中：涉及国家秘密", "件", REGISTER, 3),
        _I("answered.deny.commercial", "涉及商业秘密", "件", REGISTER, 3),
        _I("answered.deny.privacy", "涉及个人隐私", "件", REGISTER, 3),
        _I(
            "answered.deny.security",
            "危及国家安全、公共安全、经济安全和社会稳定",
            "件",
            REGISTER,
            3,
        ),
        _I("answered.deny.not_gov_info", "不是《条例》所指政府信息", "件", REGISTER, 3),
        _I("answered.deny.other_law", "法律法规规定的其他情形", "件", REGISTER, 3),
        _I("answered.not_ours", "5．不属于本行政机关公开数", "件", REGISTER, 2),
        _I("answered.not_exist", "6．申请信息不存在数", "件", REGISTER, 2),
        _I("answered.amend", "7．告知作出更改补充数", "件", REGISTER, 2),
        _I("answered.other_route", "8．告知通过其他途径办理数", "件", REGISTER, 2),
        _I("review", "四、行政复议数量", "件", REGISTER, 0),
        _I("review.upheld", "（一）维持具体行政行为数", "件", REGISTER, 1),
        _I("review.corrected", "（二）被依法纠错数", "件", REGISTER, 1),
        _I("review.other", "（三）其他情形数", "件", REGISTER, 1),
        _I("litigation", "五、行政诉讼数量", "件", REGISTER, 0),
        _I("litigation.upheld", "（一）维持具体行政行为或者驳回原告诉讼请求数", "件", REGISTER, 1),
        _I("litigation.corrected", "（二）被依法纠错数", "件", REGISTER, 1),
        _I("litigation.other", "（三）其他情形数", "件", REGISTER, 1),
        _I("complaints", "六、举报投诉数量", "件", MANUAL, 0),
        _I("complaints.upheld", "（一）维持具体行政行为数", "件", MANUAL, 1),
        _I("complaints.corrected", "（二）被纠错数", "件", MANUAL, 1),
        _I("complaints.other", "（三）其他情形数", "件", MANUAL, 1),
        _I("fees", "七、依申请公开信息收取的费用", "万元", REGISTER, 0),
        _I("staffing", "八、机构建设和保障经费情况", "—", HEADING, 0),
        _I("staffing.bodies", "（一）政府信息公开工作专门机构数", "个", MANUAL, 1),
        _I("staffing.reading_points", "（二）设置政府信息公开查阅点数", "个", MANUAL, 1),
        _I("staffing.people", "（三）从事政府信息公开工作人员数", "人", MANUAL, 1),
        _I(
            "staffing.full_time",
            "1．专职人员数（不包括政府公报及政府网站工作人员数）",
            "人",
            MANUAL,
            2,
        ),
        _I("staffing.part_time", "2．兼职人员数", "人", MANUAL, 2),
        _I(
            "staffing.budget",
            "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
            "万元",
            MANUAL,
            1,
        ),
        _I("training", "九、政府信息公开会议和培训情况", "—", HEADING, 0),
        _I("training.meetings", "（一）召开政府信息公开工作会议或专题会议数", "次", MANUAL, 1),
        _I("training.classes", "（二）举办各类培训班数", "次", MANUAL, 1),
        _I("training.trainees", "（三）接受培训人员数", "人次", MANUAL, 1),
    ),
)

# How the register's seven intake channels fold into the four of the 2014 table (docs/annual-report.md).
# 其他 (an oral request written down by the clerk, a request handed over at a service window) is
# received in person, so it counts as 当面; the 2008 Regulation art. 20 knows no fifth channel.
CHANNEL_TO_2014: dict[str, str] = {
    "当面": "received.in_person",
    "其他": "received.in_person",
    "传真": "received.fax",
    "网络": "received.online",
    "电子邮件": "received.online",
    "邮寄": "received.letter",
    "平常信函": "received.letter",
}

# How each 2021 outcome leaf is counted under （三）申请答复数 of the 2014 table ([I]; docs/annual-report.md).
# Leaves left out (重复申请, 大量反复申请, 要求确认或重新出具, 逾期未缴费, 其他/撤回) are counted as 办结
# but not as an answer of any listed kind; 属于已主动公开范围数 and 不属于本行政机关公开数 have no leaf of
# their own in the register (both are recorded as 予以公开 / 本机关不掌握) and stay 0.
OUTCOME_TO_2014: dict[str, tuple[str, ...]] = {
    "grant": ("answered.grant",),
    "partial": ("answered.partial",),
    "deny.secret": ("answered.deny", "answered.deny.secret"),
    "deny.law": ("answered.deny", "answered.deny.other_law"),
    "deny.security": ("answered.deny", "answered.deny.security"),
    # Art. 15 covers 商业秘密 and 个人隐私 together; the register cannot tell them apart, and the
    # third parties of OGI requests are mostly private persons, so they count as 个人隐私.
    "deny.third_party": ("answered.deny", "answered.deny.privacy"),
    # Internal-affairs, process and case-file information: 国办发〔2010〕5号 treated these as not
    # being 《条例》所指政府信息.
    "deny.internal": ("answered.deny", "answered.deny.not_gov_info"),
    "deny.process": ("answered.deny", "answered.deny.not_gov_info"),
    "deny.enforcement": ("answered.deny", "answered.deny.not_gov_info"),
    # 行政查询事项: the applicant is told to use the specific inquiry procedure.
    "deny.inquiry": ("answered.other_route",),
    "unable.none": ("answered.not_exist",),
    "unable.create": ("answered.not_exist",),
    "unable.unclear": ("answered.amend",),
    "other.no_correction": ("answered.amend",),
    "reject.petition": ("answered.other_route",),
    "reject.publication": ("answered.other_route",),
}

# Decision 7 v2: the 2014 answer items an application may name itself (ledger column 2014格式办理结果),
# where its 2021 outcome cannot tell them apart (属于已主动公开范围, 涉及商业秘密, 不属于本行政机关公开…).
OUTCOME_ITEMS_2014: tuple[str, ...] = (
    "answered.published",
    "answered.grant",
    "answered.partial",
    "answered.deny.secret",
    "answered.deny.commercial",
    "answered.deny.privacy",
    "answered.deny.security",
    "answered.deny.not_gov_info",
    "answered.deny.other_law",
    "answered.not_ours",
    "answered.not_exist",
    "answered.amend",
    "answered.other_route",
)


def outcome_2014_targets(item_key: str) -> tuple[str, ...]:
    """The items an application named with `item_key` counts under (a refusal also under 4．)."""
    return ("answered.deny", item_key) if item_key.startswith("answered.deny.") else (item_key,)


def outcome_2014_label(item_key: str) -> str:
    """The item's 统计指标 as printed, e.g. "1．属于已主动公开范围数", "其中：涉及国家秘密"."""
    return STATISTICS_2014.item(item_key).label


def _bare_2014_label(label: str) -> str:
    # "1．属于…" / "1.属于…" / "其中：涉及…" all name the same item.
    text = label.strip().replace("．", ".").replace(":", "：")
    if text.startswith("其中："):
        text = text[3:]
    head, dot, tail = text.partition(".")
    return tail if dot and head.isdigit() else text


_OUTCOME_2014_BY_LABEL = {_bare_2014_label(outcome_2014_label(k)): k for k in OUTCOME_ITEMS_2014}


def parse_outcome_2014(label: str) -> str | None:
    """The item key a 2014格式办理结果 cell names (verbatim label, with or without its number)."""
    return _OUTCOME_2014_BY_LABEL.get(_bare_2014_label(label))


# ---------------------------------------------------------------------------- the three formats

TABLE4 = _table4()

FORMAT_2021 = ReportFormat(
    "2021",
    "2021年格式（国办公开办函〔2021〕30号）",
    "国办公开办函〔2021〕30号",
    "{unit}{year}年度政府信息公开工作年度报告统计表",
    TABLE2_2021,
    _table3(split_other=True),
    TABLE4,
)
FORMAT_2019 = ReportFormat(
    "2019",
    "2019年格式（国办公开办函〔2019〕60号）",
    "国办公开办函〔2019〕60号",
    "{unit}{year}年度政府信息公开工作年度报告统计表",
    TABLE2_2019,
    _table3(split_other=False),
    TABLE4,
)
FORMAT_2014 = ReportFormat(
    "2014",
    "2014年全国统计表（国办发〔2014〕32号）",
    "国办发〔2014〕32号",
    "{unit}{year}年度政府信息公开情况统计表",
    None,
    None,
    None,
    STATISTICS_2014,
)
FORMATS: dict[str, ReportFormat] = {f.code: f for f in (FORMAT_2021, FORMAT_2019, FORMAT_2014)}


def default_format(year: int) -> str:
    """Contract decision 7: 2021 format from 2021 on, 2019 format for 2019–2020, 2014 table before."""
    if year >= 2021:
        return "2021"
    if year >= 2019:
        return "2019"
    return "2014"


def get_format(code: str | None, year: int) -> ReportFormat:
    return FORMATS[code or default_format(year)]


# ---------------------------------------------------------------------------- the filled-in report

Number = int | Decimal


@dataclass
class Report:
    """The numbers of one year's report in one format, keyed by the declared keys.

    table3: row key -> 7 values (six applicant columns, then 总计), every row of the format's table 三.
    table4: the 15 values of table 四. statistics: 2014 item key -> value (register items and typed-in
    ones). table2: figure_key -> value (None = not filled in): counted from the document register
    for the figures in `table2_counted` (table 二's first block, domain.documents), typed otherwise.
    """

    year: int
    format: str
    table3: dict[str, list[int]] = field(default_factory=dict)
    table4: list[int] = field(default_factory=lambda: [0] * 15)
    statistics: dict[str, Number | None] = field(default_factory=dict)
    table2: dict[str, Decimal | None] = field(default_factory=dict)
    unit: str = ""
    table2_counted: set[str] = field(default_factory=set)

    def table2_source(self, key: str) -> str | None:
        """Where a table 二 figure comes from: "register", "typed", or None (not filled in)."""
        if key in self.table2_counted:
            return "register"
        return "typed" if self.table2.get(key) is not None else None

    @property
    def spec(self) -> ReportFormat:
        return FORMATS[self.format]

    def table3_rows(self) -> list[tuple[str, list[int]]]:
        """(verbatim label, 7 values) in table order: the rows of the JSON."""
        table = self.spec.table3 or FORMAT_2021.table3
        assert table is not None
        return [(r.label, self.table3.get(r.key, [0] * 7)) for r in table.rows]


def all_labels(fmt: ReportFormat) -> list[str]:
    """Every verbatim label a format prints (titles, headers, rows): for --traditional and the reader."""
    labels: list[str] = []
    if fmt.table2:
        labels.append(fmt.table2.title)
        for block in fmt.table2.blocks:
            labels += [block.article, *block.columns, *block.rows]
    if fmt.table3:
        labels += [fmt.table3.title, fmt.table3.corner]
        labels += [c.text for c in fmt.table3.header_cells()] + [
            c.text for c in fmt.table3.label_cells()
        ]
    if fmt.table4:
        labels += [fmt.table4.title] + [c.text for c in fmt.table4.header_cells()]
    if fmt.statistics:
        labels += [fmt.statistics.title, *fmt.statistics.columns]
        labels += [i.label for i in fmt.statistics.items] + [i.unit for i in fmt.statistics.items]
    return list(dict.fromkeys(labels))


# ---------------------------------------------------------------------------- typed-in figures

UNIT_NAME_KEY = "unit"  # annual_figures key of the reporting unit's name (e.g. 某某市某某局)


def allows_negative(column: str) -> bool:
    """Only a change column (2019 表二 “本年增/减”) may be negative."""
    return "增/减" in column


def parse_figure(text: str, column: str, unit: str = "") -> Decimal | None:
    """A figure as typed into table 二 or the 2014 统计表; empty = not filled in.

    Raises ValueError with a Chinese message naming the column. Counts must be whole numbers;
    amounts in 万元 may have up to four decimals (one yuan).
    """
    text = text.strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise ValueError(f"“{column}”须填写数字，而不是“{text}”") from None
    if not value.is_finite():
        raise ValueError(f"“{column}”须填写数字，而不是“{text}”")
    if value < 0 and not allows_negative(column):
        raise ValueError(f"“{column}”不能为负数")
    if "万元" in (unit + column):
        if value != value.quantize(Decimal("0.0001")):
            raise ValueError(f"“{column}”以万元为单位，最多保留四位小数")
    elif value != value.to_integral_value():
        raise ValueError(f"“{column}”须为整数")
    return value
