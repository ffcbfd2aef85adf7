"""Reading and importing ledger (台账) workbooks: what is accepted, and every refusal named.

Helpers here (`write_sheet`, `HEADERS`, `row_of`) are shared by the other ledger tests.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.domain.chinese import to_traditional
from desktop.domain.ledger_columns import LEDGER_COLUMNS
from desktop.reports.ledger_io import import_ledger, read_ledger
from tests.conftest import DATA

HEADERS = [c.header for c in LEDGER_COLUMNS]
VALID_ID = "430104198503151239"
VALID_ID_2 = "11010519491231002X"
CREDIT_CODE = "91350100M000100Y43"
SAMPLES = DATA / "ledgers"


def write_sheet(
    path: Path, headers: list, rows: list[list], *, title: str = "台账", before: list | None = None
) -> Path:
    """A ledger as a clerk's Excel would hold it (ordinary openpyxl workbook)."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for extra in before or []:
        ws.append(extra)
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def row_of(**values) -> list:
    """A full-width ledger row in contract order; unspecified columns empty."""
    base = {
        "申请方式": "网络",
        "收到日期": date(2025, 3, 3),
        "申请人类型": "自然人",
        "申请人": "张三",
    }
    base.update(values)
    return [base.get(h) for h in HEADERS]


def snapshot(register) -> tuple:
    """Everything an import could change: applications, counters and the audit trail."""
    conn = register.conn
    return (
        [tuple(r) for r in conn.execute("SELECT * FROM applications ORDER BY id")],
        [tuple(r) for r in conn.execute("SELECT * FROM number_counters ORDER BY year")],
        conn.execute("SELECT count(*) FROM audit_log").fetchone()[0],
    )


def messages(result) -> list[str]:
    return [str(e) for e in result.errors]


# ------------------------------------------------------------------------------------ accepted


def test_a_minimal_ledger_is_read(tmp_path):
    path = write_sheet(
        tmp_path / "台账.xlsx",
        HEADERS,
        [row_of(申请编号="2025-0007", 证件号码=VALID_ID, 联系电话="13800138000", 延期="是")],
    )
    result = read_ledger(path)
    assert result.errors == []
    assert result.rows == 1
    assert result.row_numbers == [2]
    app = result.applications[0]
    assert (app.number, app.channel, app.receipt_date, app.applicant) == (
        "2025-0007",
        "网络",
        date(2025, 3, 3),
        "张三",
    )
    assert (app.id_number, app.phone, app.extended) == (VALID_ID, "13800138000", True)
    assert result.columns["receipt_date"] == ("C", "收到日期")


def test_columns_in_any_order_and_only_the_required_ones(tmp_path):
    headers = ["申请人", "收到日期", "申请人类型", "申请方式"]
    path = write_sheet(tmp_path / "l.xlsx", headers, [["李四", "2025/4/1", "商业企业", "邮寄"]])
    result = read_ledger(path)
    assert result.errors == []
    app = result.applications[0]
    assert (app.applicant, app.receipt_date, app.applicant_type, app.channel) == (
        "李四",
        date(2025, 4, 1),
        "商业企业",
        "邮寄",
    )
    assert app.number == "" and app.extended is False and app.outcome is None


def test_traditional_headers_and_values_are_read_as_simplified(tmp_path):
    headers = [to_traditional(h) for h in HEADERS]
    assert headers != HEADERS  # the test means something only if the script differs
    row = row_of(
        申请方式="郵寄",
        申请人类型="社會公益組織",
        申请人="陳大文",
        答复日期="2025年3月20日",
        办理结果="屬於國家秘密",
        延期="否",
        行政复议日期="2025.4.1",
        行政复议结果="結果維持",
    )
    path = write_sheet(tmp_path / "繁體.xlsx", headers, [row])
    result = read_ledger(path)
    assert result.errors == []
    app = result.applications[0]
    assert (app.channel, app.applicant_type, app.outcome, app.review_result) == (
        "邮寄",
        "社会公益组织",
        "deny.secret",
        "结果维持",
    )
    assert app.applicant == "陳大文"  # free text is kept exactly as written
    assert app.answer_date == date(2025, 3, 20)


def test_headers_with_blanks_and_required_marks_still_match(tmp_path):
    headers = [" 申请方式 ", "*收到日期", "申请人类型（必填）", "申请\n人"]
    path = write_sheet(tmp_path / "l.xlsx", headers, [["当面", 45717, "其他", "王五"]])
    result = read_ledger(path)
    assert result.errors == []
    assert result.applications[0].receipt_date == date(2025, 3, 1)


def test_empty_rows_are_skipped_and_row_numbers_stay_excel_rows(tmp_path):
    rows = [row_of(申请人="甲"), [None] * len(HEADERS), ["  "] * len(HEADERS), row_of(申请人="乙")]
    result = read_ledger(write_sheet(tmp_path / "l.xlsx", HEADERS, rows))
    assert result.errors == []
    assert result.rows == 2
    assert [a.applicant for a in result.applications] == ["甲", "乙"]
    assert result.row_numbers == [2, 5]


def test_computed_columns_and_a_serial_column_are_ignored_with_a_note(tmp_path):
    headers = ["序号", *HEADERS, "答复期限", "期限已确认", "状态"]
    rows = [[1, *row_of(), date(2025, 3, 31), "是", "办理中"]]
    result = read_ledger(write_sheet(tmp_path / "l.xlsx", headers, rows))
    assert result.errors == []
    assert len(result.applications) == 1
    assert any("答复期限" in n and "状态" in n for n in result.notes)


def test_ledger_sample_files_read_as_documented():
    good = read_ledger(SAMPLES / "good_simplified.xlsx")
    assert good.errors == [] and good.rows == len(good.applications) == 4
    traditional = read_ledger(SAMPLES / "good_traditional.xlsx")
    assert traditional.errors == [] and traditional.rows == 3
    bad = read_ledger(SAMPLES / "bad_rows.xlsx")
    assert {e.row for e in bad.errors} == {3, 4, 5, 6, 7, 8}
    assert bad.applications and all(r == 2 for r in bad.row_numbers)


# ------------------------------------------------------------------------------------ refused


def test_a_missing_required_header_names_the_file_and_the_header_row(tmp_path):
    headers = ["申请编号", "申请方式", "收到时间", "申请人类型", "申请人"]
    path = write_sheet(
        tmp_path / "台账.xlsx", headers, [["", "当面", "2025-03-03", "自然人", "张三"]]
    )
    result = read_ledger(path)
    assert result.applications == []
    (error,) = result.errors
    assert error.row == 1 and error.file == "台账.xlsx" and error.sheet == "台账"
    assert "缺少必需的列 “收到日期”" in str(error)
    assert str(error).startswith("台账.xlsx，工作表“台账”，第1行（表头）")


def test_a_title_row_above_the_headers_is_explained(tmp_path):
    path = write_sheet(
        tmp_path / "l.xlsx", HEADERS, [row_of()], before=[["2025年政府信息公开申请台账"], []]
    )
    (error,) = read_ledger(path).errors
    assert "表头现在在第3行" in error.message and "删除第3行以上的标题行" in error.message


def test_an_unknown_header_is_refused_with_its_column_letter(tmp_path):
    headers = [*HEADERS, "经办人"]
    result = read_ledger(write_sheet(tmp_path / "l.xlsx", headers, [[*row_of(), "小王"]]))
    (error,) = result.errors
    assert (error.row, error.letter, error.header) == (1, "W", "经办人")
    assert "W列“经办人”" in str(error) and "不是台账的列" in str(error)


def test_a_duplicated_header_is_refused(tmp_path):
    headers = [*HEADERS, "备注"]
    (error,) = read_ledger(write_sheet(tmp_path / "l.xlsx", headers, [[*row_of(), "x"]])).errors
    assert (
        "“备注”出现了 2 次" in error.message and "V列" in error.message and "W列" in error.message
    )


def test_data_under_an_empty_header_is_refused(tmp_path):
    headers = [*HEADERS, None]
    (error,) = read_ledger(write_sheet(tmp_path / "l.xlsx", headers, [[*row_of(), "备忘"]])).errors
    assert (error.row, error.letter) == (2, "W") and "没有表头却有内容" in error.message


@pytest.mark.parametrize(
    "values, letter, header, reason",
    [
        ({"收到日期": "2025-02-30"}, "C", "收到日期", "2025年2月没有30日"),
        ({"收到日期": None}, "C", "收到日期", "不能为空"),
        ({"申请人": "  "}, "E", "申请人", "不能为空"),
        ({"申请方式": "微信"}, "B", "申请方式", "须为以下之一"),
        ({"答复日期": "2025-03-10", "办理结果": "已办"}, "O", "办理结果", "不是表三中的办理结果"),
        ({"答复日期": "2025-03-01", "办理结果": "予以公开"}, "N", "答复日期", "不能早于“收到日期”"),
        ({"答复日期": "2025-03-10"}, "O", "办理结果", "须选择办理结果"),
        ({"证件号码": "430104198503151238"}, "F", "证件号码", "不是有效的居民身份证号码"),
        ({"证件号码": "430104********1239"}, "F", "证件号码", "遮蔽后的号码"),
        ({"收费金额": "三百元"}, "P", "收费金额", "不是金额"),
        ({"延期": "也许"}, "M", "延期", "应为“是”或“否”"),
        ({"补正收到日期": "2025-03-05"}, "J", "补正收到日期", "“补正告知日期”为空"),
        (
            {"行政诉讼类型": "复议后起诉", "行政诉讼日期": "2025-05-01"},
            "Q",
            "行政复议日期",
            "不能为空",
        ),
    ],
)
def test_a_bad_cell_is_refused_naming_row_column_and_reason(
    tmp_path, values, letter, header, reason
):
    rows = [row_of(申请人="好的一行"), row_of(**values)]
    result = read_ledger(write_sheet(tmp_path / "台账.xlsx", HEADERS, rows))
    assert result.errors, "the bad row must be refused"
    error = result.errors[0]
    assert (error.row, error.letter, error.header) == (3, letter, header)
    assert reason in error.message
    text = str(error)
    assert text.startswith(f"台账.xlsx，工作表“台账”，第3行，{letter}列“{header}”：")
    assert [a.applicant for a in result.applications] == ["好的一行"]  # valid rows stay readable


def test_every_refused_row_is_listed_not_only_the_first(tmp_path):
    rows = [
        row_of(收到日期="2025-13-01"),
        row_of(),
        row_of(证件号码="110105194912310021", 办理结果="不知道", 答复日期="2025-03-04"),
    ]
    result = read_ledger(write_sheet(tmp_path / "l.xlsx", HEADERS, rows))
    assert [(e.row, e.letter) for e in result.errors] == [(2, "C"), (4, "F"), (4, "O")]
    assert result.row_numbers == [3]


def test_duplicate_numbers_in_the_file_name_both_rows(tmp_path):
    rows = [
        row_of(申请编号="2025-0001"),
        row_of(申请编号="2025-0002"),
        row_of(申请编号="2025-0001"),
    ]
    result = read_ledger(write_sheet(tmp_path / "l.xlsx", HEADERS, rows))
    assert [(e.row, e.letter) for e in result.errors] == [(2, "A"), (4, "A")]
    assert all("“2025-0001”在本表中重复（第2、4行）" in e.message for e in result.errors)
    assert result.row_numbers == [3]


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("旧台账.xls", b"\xd0\xcf\x11\xe0", "另存为"),
        ("台账.xlsx", b"not a zip file", "不是 Excel 工作簿"),
        ("台账.csv", "申请方式,收到日期\n".encode(), "另存为"),
        ("加密.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "去掉密码"),
    ],
)
def test_files_that_are_not_xlsx_are_refused_clearly(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    (error,) = read_ledger(path).errors
    assert error.file == name and error.row is None and reason in error.message


def test_a_missing_file_is_refused(tmp_path):
    (error,) = read_ledger(tmp_path / "没有.xlsx").errors
    assert "找不到文件" in str(error)


# ------------------------------------------------------------------------------------ import


def test_import_adds_every_row_and_numbers_the_empty_ones(register, tmp_path):
    rows = [
        row_of(申请人="甲"),  # no number: the register numbers it
        row_of(申请编号="2025-0001", 申请人="乙"),
        row_of(申请人="丙", 收到日期="2024-12-30"),
        row_of(申请编号="2025-0002", 申请人="丁"),
    ]
    result = import_ledger(register, write_sheet(tmp_path / "l.xlsx", HEADERS, rows))
    assert result.errors == [] and result.added == 4
    numbers = {a.applicant: a.number for a in register.all_applications()}
    # Numbers from the file are kept; generated ones never take a number the file uses later.
    assert numbers == {"乙": "2025-0001", "丁": "2025-0002", "甲": "2025-0003", "丙": "2024-0001"}
    assert register.count() == 4
    assert "已导入 4 条申请" in result.summary()


def test_the_office_s_numbers_are_kept_verbatim_and_its_pattern_followed(register, tmp_path):
    """Decision 8: any scheme, character for character (full-width brackets and digits included);
    numbers in the office's pattern keep its counter ahead of them."""
    from desktop.store import settings

    settings.set_number_pattern(register, "某政信〔{年}〕{序号}号")
    rows = [
        row_of(申请编号="某政信（2025）第３号", 申请人="甲"),
        row_of(申请编号="某政信〔2025〕41号", 申请人="乙"),
        row_of(申请人="丙"),
    ]
    result = import_ledger(register, write_sheet(tmp_path / "l.xlsx", HEADERS, rows))
    assert result.errors == [] and result.added == 3
    numbers = {a.applicant: a.number for a in register.all_applications()}
    assert numbers == {
        "甲": "某政信（2025）第３号",
        "乙": "某政信〔2025〕41号",
        "丙": "某政信〔2025〕42号",
    }


def test_import_derives_the_answer_due_date(register, tmp_path):
    result = import_ledger(register, write_sheet(tmp_path / "l.xlsx", HEADERS, [row_of()]))
    (app,) = result.applications
    # Received Mon 2025-03-03: 20 working days from the next day end on 2025-03-31.
    assert app.answer_due == date(2025, 3, 31)


def test_nothing_is_written_when_any_row_is_bad(register, tmp_path):
    register.add(_application("先有的"))
    before = snapshot(register)
    rows = [row_of(申请人="好"), row_of(收到日期="2025-02-29")]
    result = import_ledger(register, write_sheet(tmp_path / "l.xlsx", HEADERS, rows))
    assert result.added == 0 and [e.row for e in result.errors] == [3]
    assert snapshot(register) == before
    assert "未导入任何申请" in result.summary()


def test_numbers_already_in_the_register_are_refused_by_row(register, tmp_path):
    kept = register.add(_application("在册", number="2025-0003"))
    gone = register.add(_application("已删", number="2025-0004"))
    register.delete(gone.id)
    before = snapshot(register)
    rows = [
        row_of(申请编号="2025-0003"),
        row_of(申请编号="2025-0009"),
        row_of(申请编号="2025-0004"),
    ]
    result = import_ledger(register, write_sheet(tmp_path / "l.xlsx", HEADERS, rows))
    assert [(e.row, e.letter) for e in result.errors] == [(2, "A"), (4, "A")]
    assert "“2025-0003”已在登记簿中" in result.errors[0].message
    assert "已删除" in result.errors[1].message
    assert snapshot(register) == before
    assert register.get(kept.id).applicant == "在册"


def test_register_clashes_and_bad_cells_are_reported_together(register, tmp_path):
    register.add(_application("在册", number="2025-0003"))
    rows = [row_of(申请编号="2025-0003"), row_of(收到日期="昨天")]
    result = import_ledger(register, write_sheet(tmp_path / "l.xlsx", HEADERS, rows))
    assert [e.row for e in result.errors] == [2, 3]


def test_a_read_only_register_refuses_the_import(tmp_path):
    from desktop.store.register import Register

    path = tmp_path / "r.ogidb"
    Register.open(path).close()
    register = Register.open(path, readonly=True)
    try:
        result = import_ledger(register, write_sheet(tmp_path / "l.xlsx", HEADERS, [row_of()]))
        assert result.added == 0 and "只读" in str(result.errors[0])
    finally:
        register.close()


def test_the_preview_result_can_be_imported_without_reading_again(register, tmp_path):
    path = write_sheet(tmp_path / "l.xlsx", HEADERS, [row_of()])
    preview = read_ledger(path)
    path.unlink()  # the import must use the preview, not the file
    result = import_ledger(register, path, read=preview)
    assert result.added == 1


def _application(applicant: str, number: str = ""):
    from desktop.domain.application import Application

    return Application(
        receipt_date=date(2025, 3, 3),
        channel="当面",
        applicant_type="自然人",
        applicant=applicant,
        number=number,
    )


def test_data_right_of_the_last_header_is_refused(tmp_path):
    result = read_ledger(
        write_sheet(tmp_path / "l.xlsx", HEADERS, [row_of(), [*row_of(), "多出来的"]])
    )
    (error,) = result.errors
    assert (error.row, error.letter) == (3, "W") and "没有表头却有内容" in error.message


def test_progress_is_reported_every_thousand_rows(tmp_path):
    path = write_sheet(tmp_path / "l.xlsx", HEADERS, [row_of() for _ in range(2500)])
    seen: list[int] = []
    result = read_ledger(path, progress=seen.append)
    assert result.rows == 2500 and seen == [1000, 2000]
