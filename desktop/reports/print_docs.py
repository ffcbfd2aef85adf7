"""What goes on the printed page: the register list, one application's 登记表, the due board, the
annual-report tables, a letter. Qt-free: each builder returns plain data (a `ListDocument` whose rows
are read lazily) or an HTML string; desktop/ui/printing.py lays them out on A4 with Qt.

The register list is never built whole: `ListDocument.rows(start)` pages through the store from any
row, so a million-row register prints (or prints pages 5–7 of) what the filter shows without holding
it in memory, and the page count is known before anything is read (one fixed-height line per row).
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop.domain import deadlines, vocab
from desktop.domain import report_formats as rf
from desktop.domain.application import FIELD_LABELS, Application
from desktop.domain.letters import chinese_date
from desktop.store.due_queries import SOON_WORKING_DAYS, DueBoard, DueRow
from desktop.store.queries import RegisterQueries, RegisterQuery, RegisterRow

# Rows read from the store at a time while printing the list (keyset pages, like the view's).
PRINT_PAGE_ROWS = 500
DEFAULT_TITLE = "政府信息公开申请登记簿"


@dataclass(frozen=True)
class ListColumn:
    header: str
    weight: float  # share of the page width (fit to width: the weights are scaled to the page)
    centred: bool = False


@dataclass
class ListDocument:
    """A long table printed page by page: title lines, a header row repeated on every page."""

    title: str
    subtitle: str  # what was filtered, and the date printed
    columns: tuple[ListColumn, ...]
    row_count: int
    rows: Callable[[int], Iterator[list[str]]]  # the rows from a 0-based row number on

    def pages(self, rows_per_page: int) -> int:
        return max(1, -(-self.row_count // max(rows_per_page, 1)))


REGISTER_COLUMNS: tuple[ListColumn, ...] = (
    ListColumn(FIELD_LABELS["number"], 9, True),
    ListColumn(FIELD_LABELS["receipt_date"], 8.5, True),
    ListColumn(FIELD_LABELS["channel"], 6),
    ListColumn(FIELD_LABELS["applicant_type"], 8),
    ListColumn(FIELD_LABELS["applicant"], 13),
    ListColumn(FIELD_LABELS["content"], 24),
    ListColumn(FIELD_LABELS["outcome"], 16),
    ListColumn(FIELD_LABELS["answer_due"], 8.5, True),
    ListColumn(FIELD_LABELS["answer_date"], 8.5, True),
    ListColumn("状态", 6, True),
)


def register_line(row: RegisterRow, today: date) -> list[str]:
    """One printed line of the register, in REGISTER_COLUMNS order."""
    app = row.application
    content = app.content.strip().splitlines()[0] if app.content.strip() else ""
    due = ""
    if app.answer_due is not None:
        due = app.answer_due.isoformat() + ("" if app.due_confirmed else " ※")
    state = deadlines.status(app, app.answer_due, today)
    if row.deleted:
        state = "已删除"
    return [
        app.number,
        app.receipt_date.isoformat(),
        app.channel,
        app.applicant_type,
        app.applicant,
        content,
        vocab.outcome_display(app.outcome),
        due,
        app.answer_date.isoformat() if app.answer_date else "",
        state,
    ]


def describe_query(query: RegisterQuery) -> str:
    """The filter in words, for the printed subtitle: 2026年；已超期；搜索“征收”."""
    parts: list[str] = []
    if query.year:
        parts.append(f"{query.year}年收到")
    if query.status:
        parts.append(query.status)
    if query.channel:
        parts.append(query.channel)
    if query.applicant_type:
        parts.append(query.applicant_type)
    if query.outcome:
        leaf = vocab.OUTCOME_BY_CODE.get(query.outcome)
        group = vocab.GROUP_BY_CODE.get(query.outcome)
        parts.append(
            vocab.outcome_display(leaf.code) if leaf else group.family if group else query.outcome
        )
    if query.search:
        parts.append(f"搜索“{query.search}”")
    if query.show_deleted:
        parts.append("含已删除")
    return "；".join(parts) if parts else "全部申请"


def register_list(
    queries: RegisterQueries, query: RegisterQuery, office: str, today: date
) -> ListDocument:
    """The register as filtered on screen, read lazily from the store when printed."""
    count = queries.count(query)

    def rows(start: int) -> Iterator[list[str]]:
        page = queries.page(query, start, PRINT_PAGE_ROWS) if start < count else []
        while page:
            for row in page:
                yield register_line(row, today)
            if len(page) < PRINT_PAGE_ROWS:
                return
            page = queries.page_after(query, page[-1].key, PRINT_PAGE_ROWS)

    return ListDocument(
        title=f"{office}{DEFAULT_TITLE}" if office else DEFAULT_TITLE,
        subtitle=f"{describe_query(query)}，共 {count:,} 件　　打印日期：{chinese_date(today)}",
        columns=REGISTER_COLUMNS,
        row_count=count,
        rows=rows,
    )


# ------------------------------------------------------------------------------ HTML documents
STYLE = """
<style>
body { font-size: 11pt; }
h1 { font-size: 16pt; text-align: center; margin-bottom: 2pt; }
h2 { font-size: 12pt; margin-top: 6pt; margin-bottom: 3pt; }
p.sub { text-align: center; font-size: 10pt; margin-top: 0; }
table.grid { border-collapse: collapse; width: 100%; }
table.grid td, table.grid th { border: 1px solid #000; padding: 1px 2px; }
th { background: #eeeeee; font-weight: bold; }
td.label { width: 22%; background: #f4f4f4; }
td.num { text-align: center; }
p.sign { margin-top: 14pt; font-size: 11pt; }
</style>
"""

# Fields printed on the 登记表 in the form's order; any field the register gains later is appended.
SHEET_ORDER = (
    "number",
    "receipt_date",
    "channel",
    "applicant_type",
    "applicant",
    "id_number",
    "phone",
    "content",
    "correction_notice_date",
    "correction_received_date",
    "consultation_sent_date",
    "consultation_received_date",
    "fee_notice_date",
    "fee_paid_date",
    "extended",
    "due_override_date",
    "due_override_reason",
    "answer_due",
    "answer_date",
    "outcome",
    "fee_amount_cents",
    "review_date",
    "review_result",
    "review_result_date",
    "litigation_type",
    "litigation_date",
    "litigation_result",
    "litigation_result_date",
    "remarks",
)


def _e(text: Any) -> str:
    return html.escape(str(text)).replace("\n", "<br>")


def page_break() -> str:
    return '<p style="page-break-before: always; margin: 0;"></p>'


def field_text(app: Application, name: str, today: date) -> str:
    """A field as the 登记表 prints it: dates in Chinese form, the outcome by name, yuan with 元."""
    value = getattr(app, name, None)
    if name == "outcome":
        return vocab.outcome_display(value)
    if name == "fee_amount_cents":
        return "" if value is None else f"{value / 100:.2f} 元"
    if name == "extended":
        return "是" if value else "否"
    if name == "answer_due":
        if value is None:
            return ""
        state = deadlines.status(app, value, today)
        note = "" if app.due_confirmed else "（未确认：所经年度的节假日安排尚未录入）"
        return f"{chinese_date(value)}　{state}{note}"
    if isinstance(value, date):
        return chinese_date(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else str(value)


def application_sheet(app: Application, office: str, today: date) -> str:
    """One application's 登记表 as HTML: every field, the deadline and its status."""
    names = [n for n in SHEET_ORDER if hasattr(app, n)]
    names += [
        f.name
        for f in dataclasses.fields(app)
        if f.name in FIELD_LABELS and f.name not in names and f.name != "due_confirmed"
    ]
    rows = "".join(
        f'<tr><td class="label">{_e(FIELD_LABELS[n])}</td><td>{_e(field_text(app, n, today))}</td></tr>'
        for n in names
    )
    title = f"{office}政府信息公开申请登记表" if office else "政府信息公开申请登记表"
    return (
        f"<html><head>{STYLE}</head><body><h1>{_e(title)}</h1>"
        f'<p class="sub">申请编号：{_e(app.number)}　　打印日期：{chinese_date(today)}</p>'
        f'<table class="grid" cellspacing="0" cellpadding="4">{rows}</table>'
        '<p class="sign">登记人：__________　　审核人：__________</p></body></html>'
    )


def _due_rows(rows: list[DueRow], today: date) -> str:
    out = []
    for r in rows:
        out.append(
            f"<tr><td>{_e(r.number)}</td><td>{_e(r.applicant)}</td><td>{_e(r.content)}</td>"
            f'<td class="num">{chinese_date(r.answer_due)}</td><td class="num">{_e(r.status)}</td>'
            f"<td>{'期限暂定' if r.provisional else ''}{'' if r.confirmed else '　未确认'}</td></tr>"
        )
    return "".join(out)


def due_board_document(board: DueBoard, office: str) -> str:
    """The 到期提醒 board: overdue, due today, due within SOON_WORKING_DAYS working days."""
    head = (
        "<thead><tr><th>申请编号</th><th>申请人</th><th>申请内容</th><th>答复期限</th><th>状态</th>"
        "<th>说明</th>"
        "</tr></thead>"
    )
    parts = [
        f"<html><head>{STYLE}</head><body><h1>{_e(office)}政府信息公开申请到期提醒</h1>",
        f'<p class="sub">截至{chinese_date(board.today)}</p>',
    ]
    groups = (
        ("已超期", board.overdue, board.overdue_count),
        ("今天到期", board.due_today, board.due_today_count),
        (
            f"{SOON_WORKING_DAYS}个工作日内到期（至{chinese_date(board.horizon)}）",
            board.due_soon,
            board.due_soon_count,
        ),
    )
    for title, rows, count in groups:
        shown = f"，列出前 {len(rows)} 件" if count > len(rows) else ""
        parts.append(f"<h2>{_e(title)}（{count} 件{shown}）</h2>")
        if rows:
            parts.append(
                f'<table class="grid" cellspacing="0" cellpadding="4">{head}'
                f"{_due_rows(rows, board.today)}</table>"
            )
        else:
            parts.append("<p>无</p>")
    # The document register's reminders (issue 16), printed only when there are any.
    doc_head = "<thead><tr><th>文号</th><th>标题</th><th>期限</th><th>说明</th></tr></thead>"
    for title, reminders, what in (
        (
            "制发后逾20个工作日尚未公开的规章和规范性文件",
            board.documents_unpublished,
            "应于此前公开",
        ),
        ("90日内有效期届满的行政规范性文件", board.documents_expiring, "有效期至"),
    ):
        if not reminders:
            continue
        parts.append(f"<h2>{_e(title)}（{len(reminders)} 件）</h2>")
        lines = "".join(
            f"<tr><td>{_e(r.document.number)}</td><td>{_e(r.document.title)}</td>"
            f'<td class="num">{chinese_date(r.due)}</td><td>{_e(what)}</td></tr>'
            for r in reminders
        )
        parts.append(
            f'<table class="grid" cellspacing="0" cellpadding="4">{doc_head}{lines}</table>'
        )
    parts.append("</body></html>")
    return "".join(parts)


# ------------------------------------------------------------------------------ annual report
def _grid(cells: list[rf.Cell], top: int, left: int, grid: dict[tuple[int, int], str]) -> None:
    for c in cells:
        attrs = ""
        if c.rowspan > 1:
            attrs += f' rowspan="{c.rowspan}"'
        if c.colspan > 1:
            attrs += f' colspan="{c.colspan}"'
        grid[(top + c.row, left + c.col)] = f"<th{attrs}>{_e(c.text)}</th>"
        for dr in range(c.rowspan):
            for dc in range(c.colspan):
                if dr or dc:
                    grid[(top + c.row + dr, left + c.col + dc)] = ""


def _table_html(
    grid: dict[tuple[int, int], str],
    rows: int,
    cols: int,
    header_rows: int,
    widths: list[int] | None = None,
) -> str:
    """Rows of cells (merged ones leave "" behind them); widths in % for single-column cells."""

    def sized(r: int, c: int) -> str:
        cell = grid.get((r, c), "<td></td>")
        if widths and cell and "colspan" not in cell:
            return cell[:3] + f' width="{widths[c]}%"' + cell[3:]
        return cell

    lines = []
    for r in range(rows):
        line = "".join(sized(r, c) for c in range(cols))
        lines.append(f"<tr>{line}</tr>")
    head = "".join(lines[:header_rows])
    body = "".join(lines[header_rows:])
    return (
        '<table class="grid" cellspacing="0" cellpadding="3">'
        f"<thead>{head}</thead><tbody>{body}</tbody></table>"
    )


def _number(value: Any) -> str:
    return "" if value is None else _e(value)


def table2_html(report: rf.Report, table: rf.Table2) -> str:
    parts = [f"<h2>{_e(table.title)}</h2>"]
    for block in table.blocks:
        head = "".join(f"<th>{_e(c)}</th>" for c in block.columns)
        body = ""
        for label in block.rows:
            cells = "".join(
                f'<td class="num">{_number(report.table2.get(rf.figure_key(report.format, label, col)))}</td>'
                for col in block.columns[1:]
            )
            body += f"<tr><td>{_e(label)}</td>{cells}</tr>"
        parts.append(
            f'<table class="grid" cellspacing="0" cellpadding="3"><thead>'
            f'<tr><th colspan="{len(block.columns)}">{_e(block.article)}</th></tr>'
            f"<tr>{head}</tr></thead><tbody>{body}</tbody></table><p></p>"
        )
    return "".join(parts)


def table3_html(report: rf.Report, table: rf.Table3) -> str:
    grid: dict[tuple[int, int], str] = {}
    _grid(table.header_cells(), 0, 0, grid)
    _grid(table.label_cells(), table.header_rows, 0, grid)
    for i, row in enumerate(table.rows):
        for j, value in enumerate(report.table3.get(row.key, [0] * len(table.columns))):
            grid[(table.header_rows + i, table.label_columns + j)] = (
                f'<td class="num">{_number(value)}</td>'
            )
    # Label cells are <th> from _grid; in the body they read as plain labels.
    for (r, c), cell in list(grid.items()):
        if r >= table.header_rows and c < table.label_columns and cell:
            grid[(r, c)] = cell.replace("<th", "<td").replace("</th>", "</td>")
    cols = table.label_columns + len(table.columns)
    # The labels on one line each where they can be, the numbers narrow: the table fits one page.
    widths = [8, 13, 44][: table.label_columns] + [5] * len(table.columns)
    return f"<h2>{_e(table.title)}</h2>" + _table_html(
        grid, table.header_rows + len(table.rows), cols, table.header_rows, widths
    )


def table4_html(report: rf.Report, table: rf.Table4) -> str:
    grid: dict[tuple[int, int], str] = {}
    _grid(table.header_cells(), 0, 0, grid)
    for j, value in enumerate(report.table4):
        grid[(table.header_rows, j)] = f'<td class="num">{_number(value)}</td>'
    return f"<h2>{_e(table.title)}</h2>" + _table_html(
        grid, table.header_rows + 1, len(table.columns), table.header_rows
    )


def statistics_html(report: rf.Report, table: rf.StatisticsTable) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in table.columns)
    body = ""
    for item in table.items:
        label = "　" * item.level + item.label
        value = "" if item.source == rf.HEADING else _number(report.statistics.get(item.key))
        weight = "<b>" if item.level == 0 else ""
        end = "</b>" if weight else ""
        body += (
            f"<tr><td>{weight}{_e(label)}{end}</td><td class='num'>{_e(item.unit)}</td>"
            f"<td class='num'>{value}</td></tr>"
        )
    return (
        f"<h2>{_e(table.title)}</h2>"
        f'<table class="grid" cellspacing="0" cellpadding="3"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def report_document(report: rf.Report, today: date) -> str:
    """The annual-report tables in the official layout; 表三 starts a page of its own."""
    spec = report.spec
    parts = [
        f"<html><head>{STYLE}</head><body>",
        f"<h1>{_e(spec.title(report.year, report.unit))}</h1>",
    ]
    if spec.table2 is not None:
        parts.append(table2_html(report, spec.table2))
    if spec.table3 is not None:
        if spec.table2 is not None:
            parts.append(page_break())
        parts.append(table3_html(report, spec.table3))
    if spec.table4 is not None:
        parts.append(page_break())
        parts.append(table4_html(report, spec.table4))
    if spec.statistics is not None:
        parts.append(statistics_html(report, spec.statistics))
    parts.append(
        f'<p class="sign">填报单位：{_e(report.unit)}　　填报人：__________　　'
        f"审核人：__________　　填报日期：{chinese_date(today)}</p></body></html>"
    )
    return "".join(parts)


# ------------------------------------------------------------------------------ letters
def letter_document(path: str | Path) -> str:
    """A generated letter (.docx) as HTML for printing: its paragraphs with their alignment."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document(str(path))
    align = {
        WD_ALIGN_PARAGRAPH.CENTER: "center",
        WD_ALIGN_PARAGRAPH.RIGHT: "right",
        WD_ALIGN_PARAGRAPH.JUSTIFY: "justify",
    }
    parts = [
        "<html><head><style>body { font-size: 14pt; } p { margin: 0 0 6pt 0; line-height: 150%; }"
        "</style></head><body>"
    ]
    for p in doc.paragraphs:
        style = f"text-align: {align.get(p.alignment, 'left') if p.alignment else 'left'};"
        if p.paragraph_format.first_line_indent:
            style += " text-indent: 2em;"
        text = (
            "".join(f"<b>{_e(run.text)}</b>" if run.bold else _e(run.text) for run in p.runs)
            or "&nbsp;"
        )
        parts.append(f'<p style="{style}">{text}</p>')
    parts.append("</body></html>")
    return "".join(parts)
