"""Fuzzed ledgers and statistics workbooks (hypothesis): never a crash, never a partial import.

- Ledgers built cell by cell from the contract's headers with hostile values (formula-looking text,
  real formulas, wrong types, dates out of range, control characters, very long text):
  `import_ledger` returns a result and never raises; when it reports any error the register is
  exactly as before (rows, audit trail, number counters); when it succeeds every row is there, and
  text that looks like a formula is stored as that text and exported as text, never as a formula.
- Byte-level damage to a real ledger and a real statistics workbook (flipped bytes, truncation):
  the ledger import refuses with a message; `read_stats_workbook` returns or raises only its own
  StatsReadError; `consolidate.examine` never raises.
The quick versions run by default; `-m slow` runs many more examples.
"""

from __future__ import annotations

import contextlib
import os
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.utils import get_column_letter

from desktop.domain import report_formats as rf
from desktop.domain import vocab
from desktop.domain.ledger_columns import LEDGER_COLUMNS
from desktop.reports import consolidate
from desktop.reports.ledger_io import import_ledger, write_ledger
from desktop.reports.stats_reader import StatsReadError, read_stats_workbook
from desktop.reports.stats_workbook import build_workbook
from desktop.store.register import Register

DATA = Path(__file__).parents[1] / "data"
QUICK = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The long campaign (-m slow): OGI_FUZZ_EXAMPLES=2000 for a longer one (docs/safety.md).
LONG = settings(
    max_examples=int(os.environ.get("OGI_FUZZ_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FORMULA_TEXT = [
    "=1+1",
    '=HYPERLINK("http://example.com","点我")',
    "+8613800138000",
    "-3",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    "　=2*3",  # ideographic space first: still a formula to Excel
]
HEADERS = [c.header for c in LEDGER_COLUMNS]
REQUIRED = ["申请方式", "收到日期", "申请人类型", "申请人"]
VOCAB = (
    list(vocab.CHANNELS)
    + list(vocab.APPLICANT_TYPES)
    + ["是", "否", "予以公开", "部分公开", "其他", "结果维持", "复议后起诉"]
)


def texts() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=30),
        st.text(alphabet="申请公开政府信息北京市人民政府办公厅张三李四王五〇一二三", max_size=20),
        st.integers(3000, 32767).map(lambda n: "长" * n),  # up to Excel's longest cell
    )


def cell_values() -> st.SearchStrategy[object]:
    return st.one_of(
        st.none(),
        st.sampled_from(VOCAB),
        st.sampled_from(FORMULA_TEXT).map(lambda s: ("text", s)),
        st.sampled_from(["=1+1", "=NOW()", "=A1"]).map(lambda s: ("formula", s)),
        texts(),
        st.dates(date(1900, 1, 1), date(2100, 12, 31)),
        st.datetimes(datetime(1990, 1, 1), datetime(2030, 1, 1)),
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.sampled_from(
            ["2026-02-30", "2025/13/01", "二〇二五年三月一日", "2025年3月1日", "43900"]
        ),
    )


TEXT_HEADERS = {"申请人", "申请内容", "备注", "联系电话"}


def valid_value(header: str) -> st.SearchStrategy[object]:
    """A value the import should accept for this column (empty for most optional ones)."""
    if header == "申请方式":
        return st.sampled_from(list(vocab.CHANNELS))
    if header == "申请人类型":
        return st.sampled_from(list(vocab.APPLICANT_TYPES))
    if header == "收到日期":
        return st.dates(date(2020, 1, 1), date(2026, 6, 30))
    if header == "申请人":
        return st.one_of(
            st.text(alphabet="张三李四王五赵六某某有限公司", min_size=1, max_size=12),
            st.sampled_from(FORMULA_TEXT).map(lambda s: ("text", s)),
        )
    if header in TEXT_HEADERS:
        return st.one_of(
            st.none(), texts(), st.sampled_from(FORMULA_TEXT).map(lambda s: ("text", s))
        )
    return st.none()


@st.composite
def ledgers(draw) -> tuple[list[str], list[list[object]]]:
    optional = [h for h in HEADERS if h not in REQUIRED]
    chosen = REQUIRED + draw(
        st.lists(st.sampled_from(optional), unique=True, max_size=len(optional))
    )
    headers = list(draw(st.permutations(chosen)))
    if draw(st.booleans()):
        headers.append(draw(st.sampled_from(["序号", "答复期限", "状态", "经办人", ""])))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):  # a row that should go in (hostile text in the text columns)
            rows.append([draw(valid_value(h)) for h in headers])
        else:  # anything at all
            rows.append([draw(cell_values()) for _ in headers])
    return headers, rows


def save_ledger(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, tuple):
                kind, text = value
                cell.value = text
                if kind == "text":
                    cell.data_type = "s"  # typed text that merely looks like a formula
            elif isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            else:
                cell.value = value
    wb.save(path)
    return path


def snapshot(register: Register) -> tuple:
    conn = register.conn
    return (
        conn.execute("SELECT count(*), max(id) FROM applications").fetchone()[:],
        conn.execute("SELECT count(*), max(id) FROM audit_log").fetchone()[:],
        conn.execute("SELECT year, last FROM number_counters ORDER BY year").fetchall(),
    )


def _rows_of(register: Register) -> tuple:
    return tuple(tuple(r) for r in register.conn.execute("SELECT * FROM number_counters"))


OUTCOMES = {"imported": 0, "refused": 0}


def check_import(register: Register, path: Path) -> None:
    before = snapshot(register)
    count_before = register.count()
    result = import_ledger(register, path)  # must not raise, whatever the file holds
    after = snapshot(register)
    if result.errors:
        assert str(result.errors[0])  # a message for the clerk
        assert after == before, "a refused import changed the register"
        OUTCOMES["refused"] += 1
        return
    OUTCOMES["imported"] += 1
    assert register.count() == count_before + result.added == count_before + result.rows
    for app in result.applications:
        for text in (app.applicant, app.content, app.remarks, app.phone):
            stored = register.get(app.id)
            assert stored is not None
            if text and text.lstrip(" \t\u3000").startswith(("=", "+", "-", "@")):
                assert text in (stored.applicant, stored.content, stored.remarks, stored.phone)


def check_ledger_example(tmp_path: Path, register: Register, ledger) -> None:
    headers, rows = ledger
    path = save_ledger(tmp_path / "fuzz.xlsx", headers, rows)
    check_import(register, path)


@QUICK
@given(ledger=ledgers())
def test_fuzzed_ledgers_never_crash_or_import_in_part(tmp_path, register, ledger):
    check_ledger_example(tmp_path, register, ledger)


@pytest.mark.slow
@LONG
@given(ledger=ledgers())
def test_fuzzed_ledgers_long(tmp_path, register, ledger):
    check_ledger_example(tmp_path, register, ledger)


# ----------------------------------------------------------------- formula-looking text stays text
@pytest.mark.parametrize("text", FORMULA_TEXT)
def test_formula_looking_text_is_stored_and_exported_as_text(tmp_path, register, text):
    headers = ["申请方式", "收到日期", "申请人类型", "申请人", "申请内容", "备注"]
    row = ["网络", date(2026, 3, 2), "自然人", ("text", text), ("text", text), ("text", text)]
    result = import_ledger(register, save_ledger(tmp_path / "in.xlsx", headers, [row]))
    assert result.errors == [] and result.added == 1
    stored = register.get(result.applications[0].id)
    # Names are trimmed (a leading ideographic space is not part of a name); the rest is kept.
    assert (stored.applicant, stored.content, stored.remarks) == (text.strip(), text, text)

    out = tmp_path / "out.xlsx"
    write_ledger(register, out)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    for name in ("申请人", "申请内容", "备注"):
        cell = ws.cell(row=2, column=header.index(name) + 1)
        expected = text.strip() if name == "申请人" else text
        assert cell.data_type == "s" and cell.value == expected, (name, cell.data_type, cell.value)


def test_a_real_formula_in_a_ledger_is_not_taken_as_data(tmp_path, register):
    headers = ["申请方式", "收到日期", "申请人类型", "申请人"]
    row = ["网络", date(2026, 3, 2), "自然人", ("formula", '=HYPERLINK("http://x","张三")')]
    before = snapshot(register)
    result = import_ledger(register, save_ledger(tmp_path / "in.xlsx", headers, [row]))
    # No cached value: the cell reads as empty, the row is refused (申请人 is required).
    assert result.errors and snapshot(register) == before


# ------------------------------------------------------------------------- byte-level damage
def damaged_copies() -> st.SearchStrategy:
    return st.one_of(
        st.tuples(
            st.just("flip"),
            st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=40),
        ),
        st.tuples(st.just("truncate"), st.floats(0, 1)),
    )


def damage(source: Path, target: Path, how) -> Path:
    data = bytearray(source.read_bytes())
    kind, arg = how
    if kind == "truncate":
        data = data[: int(len(data) * arg)]
    else:
        for where, byte in arg:
            data[min(int(where * len(data)), len(data) - 1)] = byte
    target.write_bytes(bytes(data))
    return target


def check_damaged_ledger(tmp_path: Path, register: Register, how) -> None:
    path = damage(DATA / "ledgers" / "good_simplified.xlsx", tmp_path / "damaged.xlsx", how)
    check_import(register, path)


def test_regression_ledger_with_one_zeroed_byte(tmp_path, register):
    check_damaged_ledger(tmp_path, register, ("flip", [(0.5, 0)]))


def test_regression_statistics_workbook_with_one_zeroed_byte(tmp_path, stats_workbook):
    check_damaged_stats(tmp_path, stats_workbook, ("flip", [(0.5, 0)]))


@QUICK
@given(how=damaged_copies())
def test_damaged_ledger_files_never_crash_the_import(tmp_path, register, how):
    check_damaged_ledger(tmp_path, register, how)


@pytest.mark.slow
@LONG
@given(how=damaged_copies())
def test_damaged_ledger_files_long(tmp_path, register, how):
    check_damaged_ledger(tmp_path, register, how)


@pytest.fixture(scope="module")
def stats_workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("stats") / "2025年度统计表.xlsx"
    build_workbook(rf.Report(year=2025, format="2021", unit="某县人民政府办公室")).save(path)
    return path


def check_stats(path: Path) -> None:
    try:
        book = read_stats_workbook(path)
    except StatsReadError as exc:
        assert str(exc)
    else:
        for problem in book.problems:
            assert str(problem)
    status = consolidate.examine(path)  # what `ogi check` and `ogi consolidate` run
    assert status.ok or status.errors


def check_damaged_stats(tmp_path: Path, source: Path, how) -> None:
    check_stats(damage(source, tmp_path / "damaged.xlsx", how))


@QUICK
@given(how=damaged_copies())
def test_damaged_statistics_workbooks_never_crash_the_reader(tmp_path, stats_workbook, how):
    check_damaged_stats(tmp_path, stats_workbook, how)


@st.composite
def cell_edits(draw):
    return draw(
        st.lists(
            st.tuples(st.integers(0, 2), st.integers(1, 35), st.integers(1, 12), cell_values()),
            min_size=1,
            max_size=25,
        )
    )


def check_edited_stats(tmp_path: Path, source: Path, edits) -> None:
    wb = load_workbook(source)
    for sheet, row, column, value in edits:
        ws = wb.worksheets[sheet % len(wb.worksheets)]
        cell = ws.cell(row=row, column=column)
        if isinstance(cell, MergedCell):
            continue
        if isinstance(value, tuple):
            value = value[1]
        if isinstance(value, str):
            # What Excel itself cannot store either: control characters and U+FFFE/U+FFFF.
            value = ILLEGAL_CHARACTERS_RE.sub("", value).replace("\ufffe", "").replace("\uffff", "")
        cell.value = value
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    check_stats(path)


@settings(QUICK, max_examples=10)
@given(edits=cell_edits())
def test_hand_edited_statistics_workbooks_never_crash_the_reader(tmp_path, stats_workbook, edits):
    check_edited_stats(tmp_path, stats_workbook, edits)


@pytest.mark.slow
@LONG
@given(how=damaged_copies())
def test_damaged_statistics_workbooks_long(tmp_path, stats_workbook, how):
    check_damaged_stats(tmp_path, stats_workbook, how)


@pytest.mark.slow
@LONG
@given(edits=cell_edits())
def test_hand_edited_statistics_workbooks_long(tmp_path, stats_workbook, edits):
    check_edited_stats(tmp_path, stats_workbook, edits)


def test_zz_fuzzing_reached_both_outcomes():
    """The ledger fuzzing above saw imports that went in and imports that were refused."""
    if OUTCOMES["imported"] + OUTCOMES["refused"] == 0:
        pytest.skip("run together with the fuzz tests")
    assert OUTCOMES["imported"] > 0 and OUTCOMES["refused"] > 0, OUTCOMES


# ---------------------------------------------------------------- hostile structures (F1, F8, F9b)
# The bounded reader, the notice parser and the package check, fuzzed with the structures the
# reliability review used: a <dimension> claiming any range, stray cells and empty row elements far
# away, rows without numbers, hidden sheets; notices built of dates, keywords, brackets and blanks;
# packages with edited members. Each must answer (a result or its own refusal), never crash.
@st.composite
def sheet_changes(draw) -> list[str]:
    far_row = st.integers(min_value=2, max_value=1_048_576)
    far_col = st.integers(min_value=1, max_value=16_384)
    changes: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["dimension", "stray", "empty_row", "no_r", "blank_text"]))
        if kind == "dimension":
            changes.append(
                f'<dimension ref="A1:{get_column_letter(draw(far_col))}{draw(far_row)}"/>'
            )
        elif kind == "stray":
            ref = f"{get_column_letter(draw(far_col))}{draw(far_row)}"
            changes.append(
                f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
            )
        elif kind == "empty_row":
            changes.append(f'<row r="{draw(far_row)}" spans="1:16384"/>')
        elif kind == "no_r":
            changes.append('<row><c t="inlineStr"><is><t>无行号</t></is></c></row>')
        else:
            changes.append('<row><c t="inlineStr"><is><t>   </t></is></c></row>')
    return changes


def _apply(xml: str, changes: list[str]) -> str:
    import re

    rows = []
    for change in changes:
        if change.startswith("<dimension"):
            xml = re.sub(r'<dimension ref="[^"]*"/>', change, xml)
        else:
            rows.append(change)
    # Rows must stay in order for Excel; a reader must survive them in any order.
    return xml.replace("</sheetData>", "".join(rows) + "</sheetData>")


def check_hostile_sheet(tmp_path: Path, register: Register, changes: list[str]) -> None:
    from tests.faults.hostile import ledger_rows, patch_sheet_xml, write_ledger

    path = write_ledger(tmp_path / "hostile.xlsx", ledger_rows(3))
    patch_sheet_xml(path, lambda xml: _apply(xml, changes))
    before, count = snapshot(register), register.count()
    result = import_ledger(register, path)  # answers: a result, never an exception or a hang
    if result.ok:
        assert result.added == 3 and register.count() == count + 3
    else:
        assert snapshot(register) == before
    consolidate.examine(path)  # never raises either


@QUICK
@given(changes=sheet_changes())
def test_fuzzed_sheet_structures_are_read_in_bounds(tmp_path, register, changes):
    check_hostile_sheet(tmp_path, register, changes)


@pytest.mark.slow
@LONG
@given(changes=sheet_changes())
def test_fuzzed_sheet_structures_long(tmp_path, register, changes):
    check_hostile_sheet(tmp_path, register, changes)


# ------------------------------------------------- the fast row parser reads what openpyxl reads
# workbook_reader parses a sheet's rows with expat (issue 12: the streamed import). Whatever the
# sheet XML holds (every cell type, dates by style, inline rich text with phonetic runs, formulas
# with and without a cached value, rows and cells without numbers, other namespaces, blanks,
# entities), its values must be openpyxl's, or both must refuse the sheet.
_TEXTS = st.text(
    alphabet=st.sampled_from(list("甲乙申请人 \t&<>\"'=+-@0123456789.eE#NA/")), max_size=8
)


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


@st.composite
def fuzzed_cells(draw) -> str:
    kind = draw(
        st.sampled_from(
            [
                "n",
                "n_date",
                "s",
                "inline",
                "rich",
                "b",
                "str",
                "e",
                "d",
                "formula",
                "empty",
                "other_ns",
            ]
        )
    )
    ref = draw(st.one_of(st.none(), st.sampled_from(["A", "B", "C", "D", "AA", "Z"])))
    attrs = ""
    if ref is not None:
        attrs += f' r="{ref}{draw(st.integers(1, 30))}"'
    number = draw(
        st.one_of(
            st.integers(-(10**6), 10**7).map(str),
            st.floats(-1e6, 3e6, allow_nan=False).map(repr),
            st.sampled_from(["45000", "45000.5", "0.25", "1E3", "2958466", "-1", ""]),
        )
    )
    runs = "".join(f"<r><rPr><b/></rPr><t>{_esc(draw(_TEXTS))}</t></r>" for _ in range(2))
    phonetic = '<rPh sb="0" eb="1"><t>ふりがな</t></rPh>' if draw(st.booleans()) else ""
    cached = f"<v>{number}</v>" if draw(st.booleans()) else ""
    templates = {
        "n": "<c{a}><v>{number}</v></c>",
        "n_date": '<c{a} s="1"><v>{number}</v></c>',
        "s": '<c{a} t="s"><v>{index}</v></c>',
        "inline": '<c{a} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>',
        "rich": '<c{a} t="inlineStr"><is>{runs}{phonetic}</is></c>',
        "b": '<c{a} t="b"><v>{flag}</v></c>',
        "str": '<c{a} t="str"><f>A1&amp;"x"</f><v>{text}</v></c>',
        "e": '<c{a} t="e"><v>#N/A</v></c>',
        "d": '<c{a} t="d"><v>2025-03-0{day}T00:00:00</v></c>',
        "formula": "<c{a}><f>SUM(A1:A2)</f>{cached}</c>",
        "other_ns": '<x:c xmlns:x="urn:other"{a}><x:v>1</x:v></x:c>',
        "empty": "<c{a}/>",
    }
    return templates[kind].format(
        a=attrs,
        number=number,
        index=draw(st.integers(0, 1)),
        text=_esc(draw(_TEXTS)),
        runs=runs,
        phonetic=phonetic,
        flag=draw(st.sampled_from(["0", "1"])),
        day=draw(st.integers(1, 9)),
        cached=cached,
    )


@st.composite
def fuzzed_sheet_data(draw) -> str:
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        number = draw(st.one_of(st.none(), st.integers(1, 40).map(str), st.just("7.0")))
        r = "" if number is None else f' r="{number}"'
        cells = "".join(draw(st.lists(fuzzed_cells(), max_size=5)))
        rows.append(f"<row{r}>{cells}</row>")
    return "".join(rows)


def _parsed_by_openpyxl(ws, file: str) -> object:
    from desktop.reports.workbook_reader import SheetLimits, _iter_parsed

    limits = SheetLimits(rows=10_000, columns=16_384)
    try:
        out = []
        for row, cells in _iter_parsed(ws, file, limits, data_only=True):
            values = [None] * max(c["column"] for c in cells)
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
            out.append((row, tuple(values)))
        return out
    except Exception as exc:  # noqa: BLE001 - both readers must refuse alike
        return type(exc).__name__


def _parsed_fast(ws, file: str) -> object:
    from desktop.reports.workbook_reader import SheetLimits, iter_sheet_rows

    try:
        return list(iter_sheet_rows(ws, file, SheetLimits(rows=10_000, columns=16_384)))
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__


def check_fast_rows(tmp_path: Path, sheet_data: str, expected: object = None) -> None:
    import re
    import warnings

    from desktop.reports.workbook_reader import open_workbook
    from tests.faults.hostile import patch_sheet_xml

    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["A2"] = "共享一", date(2025, 3, 3)  # a shared string table; style 1 is a date
    path = tmp_path / "fast.xlsx"
    wb.save(path)
    patch_sheet_xml(
        path,
        lambda xml: re.sub(
            r"<sheetData>.*</sheetData>|<sheetData/>", f"<sheetData>{sheet_data}</sheetData>", xml
        ),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = open_workbook(path)
        try:
            old = _parsed_by_openpyxl(book.worksheets[0], path.name)
            new = _parsed_fast(book.worksheets[0], path.name)
        finally:
            book.close()
    if isinstance(old, str) or isinstance(new, str):
        # Both refuse, or openpyxl fails where the fast reader reads (a tolerated difference
        # only for a damaged sheet: the fast reader must never fail where openpyxl reads).
        assert isinstance(new, str) <= isinstance(old, str), (old, new)
        return
    assert new == old
    if expected is not None:
        assert new == expected


@pytest.mark.parametrize(
    ("sheet_data", "expected"),
    [
        # Found by the fuzzing (12-02): openpyxl takes every child of a <row> as a cell, whatever
        # its namespace, so the foreign element takes column A and 0 stands in column B.
        ('<row><x:c xmlns:x="urn:other"><x:v>1</x:v></x:c><c><v>0</v></c></row>', [(1, (None, 0))]),
        # An inline string: its own <t> first, then the runs' <t>, the phonetic run left out.
        (
            '<row r="3"><c r="B3" t="inlineStr"><is><r><t>乙</t></r><t>甲</t>'
            '<rPh sb="0" eb="1"><t>こう</t></rPh></is></c></row>',
            [(3, (None, "甲乙"))],
        ),
        # A number with a date style; a row without r follows the one before.
        ('<row r="4"><c s="1"><v>45719</v></c></row><row><c><v>2.5</v></c></row>', None),
    ],
    ids=["foreign-element-is-a-cell", "inline-plain-then-runs", "date-style-and-row-numbers"],
)
def test_regression_fast_row_parser(tmp_path, sheet_data, expected):
    check_fast_rows(tmp_path, sheet_data, expected)


@QUICK
@given(sheet_data=fuzzed_sheet_data())
def test_the_fast_row_parser_reads_what_openpyxl_reads(tmp_path, sheet_data):
    check_fast_rows(tmp_path, sheet_data)


@pytest.mark.slow
@LONG
@given(sheet_data=fuzzed_sheet_data())
def test_the_fast_row_parser_reads_what_openpyxl_reads_long(tmp_path, sheet_data):
    check_fast_rows(tmp_path, sheet_data)


NOTICE_PARTS = [
    "国务院办公厅关于2026年部分节假日安排的通知",
    "一、元旦：",
    "二、春节：",
    "1月1日",
    "2月17日（周二）",
    "至",
    "放假",
    "上班",
    "共8天",
    "（",
    "(",
    "。",
    "\n",
    " " * 50,
    "\u3000",
    "13月40日",
    "1日(",
    "現將2026年",
]


def check_notice(text: str) -> None:
    from desktop.domain.holiday_notice import NoticeError, parse_notice

    with contextlib.suppress(NoticeError):
        parse_notice(text)


@QUICK
@given(parts=st.lists(st.sampled_from(NOTICE_PARTS), max_size=400))
def test_fuzzed_notices_answer_or_refuse(parts):
    check_notice("".join(parts))


@pytest.mark.slow
@LONG
@given(parts=st.lists(st.sampled_from(NOTICE_PARTS), max_size=4000))
def test_fuzzed_notices_long(parts):
    check_notice("".join(parts))


@pytest.fixture(scope="module")
def package_file(tmp_path_factory) -> Path:
    from desktop.domain.application import Application
    from desktop.reports import data_package as dp

    folder = tmp_path_factory.mktemp("pkg")
    town = Register.open(folder / "town.ogidb")
    town.add(Application(date(2025, 3, 3), "网络", "自然人", "张三", content="预算"))
    dp.export_package(town, folder / "town.ogipkg", "某某镇")
    town.close()
    return folder / "town.ogipkg"


def check_package(tmp_path: Path, source: Path, how) -> None:
    from desktop.reports import data_package as dp

    target = damage(source, tmp_path / "damaged.ogipkg", how)
    register = Register.open(tmp_path / f"city-{len(list(tmp_path.iterdir()))}.ogidb")
    try:
        before = snapshot(register)
        try:
            dp.import_package(register, target)
        except dp.PackageError:
            assert snapshot(register) == before
    finally:
        register.close()


@QUICK
@given(how=damaged_copies())
def test_damaged_packages_are_refused_with_a_message(tmp_path, package_file, how):
    check_package(tmp_path, package_file, how)


@pytest.mark.slow
@LONG
@given(how=damaged_copies())
def test_damaged_packages_long(tmp_path, package_file, how):
    check_package(tmp_path, package_file, how)
