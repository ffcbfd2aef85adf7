"""Hand-kept ledgers: merged title rows, messy and traditional headers, dates typed as text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.domain import ledger_mapping
from desktop.domain.application import Application
from desktop.reports import legacy_ledger as ll

HEADERS = [
    "序號",
    "受理日期",
    "來件方式",
    "申請人姓名/名稱",
    "申请人类别",
    "申請內容",
    "答覆日期",
    "答复结果",
    "是否延期",
    "收费（元）",
    "备注",
]


def messy_ledger(
    path: Path, rows: list[list[object]], *, headers=HEADERS, title_rows: int = 2
) -> Path:
    """A ledger as offices keep it: a merged title, a 填报单位 line, then the headers."""
    wb = Workbook()
    ws = wb.active
    ws.title = "2025年台账"
    if title_rows:
        ws.append(["某某县住建局2025年政府信息公开申请登记台账"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    if title_rows > 1:
        ws.append(["填报单位：办公室", None, None, None, None, None, "填报日期：2026年1月5日"])
    ws.append(list(headers))
    for row in rows:
        ws.append(row)
    wb.create_sheet("说明").append(["本表由办公室维护"])
    wb.save(path)
    return path


ROWS = [
    [
        1,
        "2025.3.1",
        "網上申請",
        "张三",
        "公民",
        "2024年预算执行情况",
        "2025年3月20日",
        "同意公开",
        "否",
        None,
        "",
    ],
    [
        2,
        "2025年3月5日",
        "现场",
        "某某科技有限公司",
        "企业",
        "规划许可证",
        45748,
        "信息不存在",
        "",
        "",
        "",
    ],
    [3, 45730, "信函", "李四", "个人", "拆迁补偿方案", None, "办理中", None, None, ""],
    [
        4,
        datetime(2025, 4, 2),
        "电子邮件",
        "王五律师事务所",
        "律所",
        "会议纪要",
        "2025/4/30",
        "涉及过程性信息",
        "是",
        "380.00元",
        "",
    ],
    [None, None, None, None, None, None, None, None, None, None, None],
    [5, "2025-05-06", "其他", "赵六", "公民", "某项目环评", "2025-05-20", "申请人撤回", "", "", ""],
    ["填表人：张某", None, None, None, None, None, None, None, None, None, None],
]


def _prepare(tmp_path, rows=ROWS, **kw):
    path = messy_ledger(tmp_path / "旧台账.xlsx", rows, **kw)
    source = ll.open_source(path)
    sheet = ll.read_sheet(source)
    return source, sheet


def test_header_row_is_found_below_merged_titles_and_mapped(tmp_path):
    source, sheet = _prepare(tmp_path)
    assert source.sheets == ["2025年台账", "说明"]
    assert sheet.sheet == "2025年台账" and sheet.header_row == 3
    mapping = sheet.proposed_mapping()
    assert [mapping[i] for i in range(11)] == [
        None,
        "receipt_date",
        "channel",
        "applicant",
        "applicant_type",
        "content",
        "answer_date",
        "outcome",
        "extended",
        "fee_amount_cents",
        "remarks",
    ]
    assert [n for n, _ in sheet.rows] == [4, 5, 6, 7, 9, 10]


def test_distinct_outcomes_are_proposed_for_confirmation(tmp_path):
    _, sheet = _prepare(tmp_path)
    texts = ll.distinct_values(sheet, 7)
    assert texts == ["同意公开", "信息不存在", "办理中", "涉及过程性信息", "申请人撤回"]
    proposed = {p.text: p.leaf for p in ledger_mapping.propose_outcomes(texts)}
    assert proposed == {
        "同意公开": "grant",
        "信息不存在": "unable.none",
        "办理中": "",
        "涉及过程性信息": "deny.process",
        "申请人撤回": "other.other",
    }


def test_convert_reads_dates_as_text_serials_and_datetimes(tmp_path, register):
    _, sheet = _prepare(tmp_path)
    outcomes = {
        p.text: p.leaf for p in ledger_mapping.propose_outcomes(ll.distinct_values(sheet, 7))
    }
    result = ll.convert(sheet, sheet.proposed_mapping(), outcomes, register=register)
    assert result.problems == []
    assert result.row_numbers == [4, 5, 6, 7, 9]
    apps = result.applications
    assert [a.receipt_date for a in apps] == [
        date(2025, 3, 1),
        date(2025, 3, 5),
        date(2025, 3, 14),
        date(2025, 4, 2),
        date(2025, 5, 6),
    ]
    assert apps[1].answer_date == date(2025, 4, 1)  # Excel serial 45748
    assert [a.channel for a in apps] == ["网络", "当面", "平常信函", "电子邮件", "其他"]
    assert [a.applicant_type for a in apps] == [
        "自然人",
        "商业企业",
        "自然人",
        "法律服务机构",
        "自然人",
    ]
    assert [a.outcome for a in apps] == [
        "grant",
        "unable.none",
        None,
        "deny.process",
        "other.other",
    ]
    assert apps[3].extended is True and apps[3].fee_amount_cents == 38000
    assert "第10行既无收到日期也无申请人" in result.notes[0]

    added = ll.import_converted(register, result)
    assert [a.number for a in added] == [
        "2025-0001",
        "2025-0002",
        "2025-0003",
        "2025-0004",
        "2025-0005",
    ]
    assert register.count() == 5


def test_every_problem_row_is_named_and_nothing_is_imported(tmp_path, register):
    rows = [
        [1, "2025.13.1", "网上", "张三", "公民", "预算", None, None, None, None, ""],
        [2, "2025-03-02", "飞鸽传书", "李四", "公民", "决算", None, None, None, None, ""],
        [3, "2025-03-03", "网上", "", "公民", "决算", "2025-03-01", "同意公开", None, None, ""],
        [4, "2025-03-04", "网上", "王五", "公民", "决算", "2025-03-10", "不予公开", None, None, ""],
        [5, "2025-03-05", "网上", "赵六", "公民", "决算", None, None, None, None, ""],
    ]
    _, sheet = _prepare(tmp_path, rows)
    outcomes = {
        p.text: p.leaf for p in ledger_mapping.propose_outcomes(ll.distinct_values(sheet, 7))
    }
    assert outcomes == {"同意公开": "grant", "不予公开": None}  # a bare refusal is the clerk's call
    result = ll.convert(sheet, sheet.proposed_mapping(), outcomes, register=register)
    shown = [str(p) for p in result.problems]
    assert shown[0].startswith("第4行，B列“受理日期”：“2025.13.1”不是有效的日期")
    assert shown[1].startswith("第5行，C列“來件方式”：“飞鸽传书”不是可选的值")
    assert "第6行，D列“申請人姓名/名稱”：“申请人”不能为空" in shown
    assert any(
        s.startswith("第6行，G列“答覆日期”：“答复日期”（2025-03-01）不能早于") for s in shown
    )
    assert "第7行，H列“答复结果”：“不予公开”尚未确认对应表三的哪一项办理结果" in shown
    assert {p.row for p in result.problems} == {4, 5, 6, 7}
    with pytest.raises(ValueError, match="有 5 处问题，未导入任何申请"):
        ll.import_converted(register, result)
    assert register.count() == 0
    # Once the clerk picks the ground, row 7 converts.
    outcomes["不予公开"] = "deny.law"
    again = ll.convert(sheet, sheet.proposed_mapping(), outcomes)
    assert 7 in again.row_numbers


def test_duplicates_against_register_and_within_file(tmp_path, register):
    register.add(
        Application(
            receipt_date=date(2025, 3, 1),
            channel="网络",
            applicant_type="自然人",
            applicant="张三",
            content="2024年预算执行情况",
        )
    )
    rows = [
        ROWS[0],
        ROWS[1],
        [
            9,
            "2025-03-05",
            "现场",
            "某某科技有限公司",
            "企业",
            "规划许可证",
            None,
            None,
            None,
            None,
            "",
        ],
    ]
    _, sheet = _prepare(tmp_path, rows)
    outcomes = {"同意公开": "grant", "信息不存在": "unable.none"}
    result = ll.convert(sheet, sheet.proposed_mapping(), outcomes, register=register)
    assert result.duplicates == {0: "2025-0001"} and result.repeats == {2: 1}
    assert result.duplicate_rows() == [(4, "与登记簿中的 2025-0001 相同"), (6, "与本表第5行相同")]
    added = ll.import_converted(register, result, skip_duplicates=True)
    assert [a.applicant for a in added] == ["某某科技有限公司"]


def test_missing_applicant_type_column_takes_the_clerks_default(tmp_path):
    headers = ["收件日期", "申请渠道", "申请人", "申请事项"]
    rows = [["2025年3月1日", "网络", "张三", "预算"]]
    _, sheet = _prepare(tmp_path, rows, headers=headers, title_rows=1)
    assert sheet.header_row == 2
    refused = ll.convert(sheet, sheet.proposed_mapping(), {})
    assert "没有对应“申请人类型”的列" in refused.problems[0].message
    result = ll.convert(sheet, sheet.proposed_mapping(), {}, defaults={"applicant_type": "自然人"})
    assert result.ok and result.applications[0].applicant_type == "自然人"
    assert result.notes == ["表中没有“申请人类型”列：一律记为“自然人”"]


def test_the_office_s_own_numbers_are_kept_verbatim(tmp_path, register):
    """Decision 8: any numbering scheme is kept as it is; only a number that cannot be one (taken,
    repeated, broken over lines) goes to 备注, and the register numbers that row."""
    register.add(
        Application(
            receipt_date=date(2025, 1, 2),
            channel="网络",
            applicant_type="自然人",
            applicant="甲",
            number="2025-0001",
        )
    )
    headers = ["编号", "登记日期", "申请方式", "申请人", "申请人类型"]
    rows = [
        ["依申请〔2025〕3号", "2025-03-01", "网络", "张三", "自然人"],
        ["2025-0001", "2025-03-02", "网络", "李四", "自然人"],
        ["2025-0042", "2025-03-03", "网络", "王五", "自然人"],
        [" 县政信〔2025〕第7号 ", "2025-03-04", "网络", "赵六", "自然人"],
        ["依申请〔2025〕3号", "2025-03-05", "网络", "钱七", "自然人"],
        ["依申请\n〔2025〕8号", "2025-03-06", "网络", "孙八", "自然人"],
        ["", "2025-03-07", "网络", "周九", "自然人"],
    ]
    _, sheet = _prepare(tmp_path, rows, headers=headers, title_rows=0)
    result = ll.convert(sheet, sheet.proposed_mapping(), {}, register=register)
    assert [a.number for a in result.applications] == [
        "依申请〔2025〕3号",
        "",
        "2025-0042",
        "县政信〔2025〕第7号",
        "",
        "",
        "",
    ]
    assert [a.remarks for a in result.applications] == [
        "",
        "原编号：2025-0001",
        "",
        "",
        "原编号：依申请〔2025〕3号",
        "原编号：依申请\n〔2025〕8号",
        "",
    ]
    added = ll.import_converted(register, result)
    assert sorted(a.number for a in added) == [
        "2025-0042",
        "2025-0043",
        "2025-0044",
        "2025-0045",
        "2025-0046",
        "依申请〔2025〕3号",
        "县政信〔2025〕第7号",
    ]


def test_numbers_in_the_office_s_pattern_move_its_counter(tmp_path, register):
    from desktop.store import settings

    settings.set_number_pattern(register, "县政信〔{年}〕第{序号}号")
    headers = ["编号", "登记日期", "申请方式", "申请人", "申请人类型"]
    rows = [
        ["县政信〔2025〕第7号", "2025-03-04", "网络", "赵六", "自然人"],
        ["", "2025-03-07", "网络", "周九", "自然人"],
    ]
    _, sheet = _prepare(tmp_path, rows, headers=headers, title_rows=0)
    result = ll.convert(sheet, sheet.proposed_mapping(), {}, register=register)
    added = ll.import_converted(register, result)
    assert sorted(a.number for a in added) == ["县政信〔2025〕第7号", "县政信〔2025〕第8号"]


def test_unreadable_files_are_refused_with_the_file_name(tmp_path):
    bad = tmp_path / "台账.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ll.LegacyLedgerError, match="台账.xls 是 .xls 格式"):
        ll.open_source(bad)
    junk = tmp_path / "junk.xlsx"
    junk.write_text("hello")
    with pytest.raises(ll.LegacyLedgerError, match="junk.xlsx 不是 Excel 工作簿"):
        ll.open_source(junk)
    wb = Workbook()
    wb.active.append(["随便写的", "一行字"])
    wb.save(tmp_path / "no_header.xlsx")
    with pytest.raises(ll.LegacyLedgerError, match="找不到表头行"):
        ll.read_sheet(ll.open_source(tmp_path / "no_header.xlsx"))


def test_sample_ledger_file_with_merged_titles(register):
    from tests.data.consolidation.make_samples import LEDGER_SAMPLE

    sheet = ll.read_sheet(ll.open_source(LEDGER_SAMPLE))
    assert sheet.header_row == 3 and sheet.headers[3] == "申請人姓名/名稱"
    outcomes = {
        p.text: p.leaf for p in ledger_mapping.propose_outcomes(ll.distinct_values(sheet, 7))
    }
    result = ll.convert(sheet, sheet.proposed_mapping(), outcomes, register=register)
    assert result.ok and len(result.applications) == 5
    assert result.applications[0].receipt_date == date(2025, 3, 1)


def test_two_line_header_with_merged_parent(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["政府信息公开申请登记表"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "收件日期", "申请人", "申请方式", "申请人类型", "办理情况", None])
    ws.append([None, None, None, None, None, "答复日期", "答复结果"])
    ws.merge_cells("F2:G2")
    ws.append([1, "2025.3.1", "张三", "网络", "自然人", "2025.3.10", "同意公开"])
    ws.append([2, "2025.3.2", "李四", "当面", "自然人", None, None])
    wb.save(tmp_path / "two.xlsx")
    sheet = ll.read_sheet(ll.open_source(tmp_path / "two.xlsx"))
    assert (sheet.header_row, sheet.header_end) == (2, 3)
    mapping = sheet.proposed_mapping()
    assert (mapping[5], mapping[6]) == ("answer_date", "outcome")
    result = ll.convert(sheet, mapping, {"同意公开": "grant"})
    assert result.ok and [a.outcome for a in result.applications] == ["grant", None]
    assert result.row_numbers == [4, 5]


@pytest.mark.parametrize(
    ("text", "extended"),
    [
        ("是", True),
        ("否", False),
        ("已延期", True),
        ("延长20个工作日", True),
        ("未延期", False),
        ("", False),
    ],
)
def test_extension_wordings(text, extended):
    assert ll._convert_cell("extended", text, {}) is extended


def test_extension_nonsense_is_a_problem():
    with pytest.raises(ll.CellValueError, match="应为“是”或“否”"):
        ll._convert_cell("extended", "看情况", {})
