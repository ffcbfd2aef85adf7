"""Printing on A4 (QPrinter, QPrintDialog, QPrintPreviewDialog): Qt lays out what
desktop.reports.print_docs says goes on the page.

Two kinds of job:
- `ListJob`: a long list (the register as filtered). One fixed-height line per row, columns fitted to
  the page width, long text elided, the title on page 1, the header row on every page, 第 n 页 共 m
  页 at the foot. Rows are read page by page as they are drawn, so a million-row register prints
  what the filter shows without loading it, honours the dialog's page range, and can be cancelled.
- `HtmlJob`: a document (登记表, due board, report tables, letter) laid out by QTextDocument, with
  page breaks where the HTML asks and the page number at the foot; table header rows (<thead>)
  repeat on every page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from desktop.reports.print_docs import ListDocument
from desktop.store.outputs import atomic_output, check_output
from desktop.ui.i18n import t

if TYPE_CHECKING:
    from desktop.domain.report_formats import Report
    from desktop.store.due_queries import DueBoard
    from desktop.store.register import Register
    from desktop.ui.main_window import MainWindow

MARGIN_MM = 12.0
LIST_FONT_PT = 9.0
TITLE_FONT_PT = 14.0
FOOTER_FONT_PT = 8.0
# Above this many pages the clerk is asked first (a whole big register is rarely meant).
HUGE_PAGES = 100
# The preview draws every page up front: it shows at most this many.
PREVIEW_MAX_PAGES = 60


def new_printer(landscape: bool = False) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    return printer


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def page_label(page: int, pages: int) -> str:
    return t(f"第 {page} 页，共 {pages} 页")


def _page_range(printer: QPrinter, pages: int) -> tuple[int, int]:
    """The 1-based pages to print: the dialog's range, or all."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0:
        return 1, pages
    return max(1, first), min(pages, last if last > 0 else pages)


@dataclass
class ListJob:
    document: ListDocument
    landscape: bool = True
    max_pages: int | None = None  # the preview's cap
    # Called after each page with (pages done, pages to do); False cancels.
    progress: Callable[[int, int], bool] | None = None
    printed_pages: int = field(default=0, init=False)

    @property
    def title(self) -> str:
        return self.document.title

    def geometry(self, printer: QPrinter) -> tuple[QRectF, float, float, float, int]:
        """(page rect, title block height, row height, footer height, rows on a full page)."""
        rect = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
        rect.moveTo(0, 0)
        body = QFontMetricsF(_font(LIST_FONT_PT), printer)
        title = QFontMetricsF(_font(TITLE_FONT_PT, True), printer)
        row_h = body.height() * 1.6
        title_h = title.height() * 1.4 + body.height() * 1.6
        footer_h = body.height() * 2
        usable = rect.height() - footer_h - row_h  # the header row on every page
        rows_first = int((usable - title_h) // row_h)
        return rect, title_h, row_h, footer_h, max(rows_first, 1)

    def rows_per_page(self, printer: QPrinter) -> int:
        # Every page has the title lines (the same height), so every page holds the same rows and
        # the page of any row is known without laying anything out.
        return self.geometry(printer)[4]

    def page_count(self, printer: QPrinter) -> int:
        return self.document.pages(self.rows_per_page(printer))

    def paint(self, printer: QPrinter) -> None:
        doc = self.document
        rect, title_h, row_h, footer_h, per_page = self.geometry(printer)
        pages = doc.pages(per_page)
        first, last = _page_range(printer, pages)
        if self.max_pages is not None:
            last = min(last, first + self.max_pages - 1)
        total_weight = sum(c.weight for c in doc.columns)
        widths = [rect.width() * c.weight / total_weight for c in doc.columns]
        body_font, head_font = _font(LIST_FONT_PT), _font(LIST_FONT_PT, True)
        metrics = QFontMetricsF(body_font, printer)
        pad = metrics.horizontalAdvance("中") * 0.3
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError(t("无法开始打印（打印机不可用或文件无法写入）"))
        self.printed_pages = 0
        try:
            rows = doc.rows((first - 1) * per_page)
            pen = QPen(Qt.GlobalColor.black)
            pen.setWidthF(max(printer.resolution() / 150, 1.0))
            for page in range(first, last + 1):
                if page > first:
                    printer.newPage()
                painter.setPen(pen)
                y = 0.0
                painter.setFont(_font(TITLE_FONT_PT, True))
                painter.drawText(
                    QRectF(0, y, rect.width(), title_h * 0.55),
                    Qt.AlignmentFlag.AlignCenter,
                    t(doc.title),
                )
                painter.setFont(body_font)
                painter.drawText(
                    QRectF(0, y + title_h * 0.55, rect.width(), title_h * 0.45),
                    Qt.AlignmentFlag.AlignCenter,
                    t(doc.subtitle),
                )
                y += title_h
                self._draw_row(
                    painter,
                    printer,
                    [c.header for c in doc.columns],
                    widths,
                    y,
                    row_h,
                    pad,
                    head_font,
                    header=True,
                )
                y += row_h
                for _ in range(per_page):
                    line = next(rows, None)
                    if line is None:
                        break
                    self._draw_row(painter, printer, line, widths, y, row_h, pad, body_font)
                    y += row_h
                painter.setFont(_font(FOOTER_FONT_PT))
                painter.drawText(
                    QRectF(0, rect.height() - footer_h, rect.width(), footer_h),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    page_label(page, pages),
                )
                self.printed_pages += 1
                if self.progress is not None and not self.progress(
                    page - first + 1, last - first + 1
                ):
                    printer.abort()
                    return
        finally:
            if painter.isActive():
                painter.end()

    def _draw_row(
        self,
        painter: QPainter,
        printer: QPrinter,
        cells: list[str],
        widths: list[float],
        y: float,
        height: float,
        pad: float,
        font: QFont,
        header: bool = False,
    ) -> None:
        painter.setFont(font)
        metrics = QFontMetricsF(font, printer)
        x = 0.0
        for i, (text, width) in enumerate(zip(cells, widths, strict=True)):
            cell = QRectF(x, y, width, height)
            if header:
                painter.fillRect(cell, Qt.GlobalColor.lightGray)
            painter.drawRect(cell)
            inner = cell.adjusted(pad, 0, -pad, 0)
            shown = metrics.elidedText(t(text), Qt.TextElideMode.ElideRight, inner.width())
            centred = header or self.document.columns[i].centred
            align = Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft
            painter.drawText(inner, align | Qt.AlignmentFlag.AlignVCenter, shown)
            x += width


@dataclass
class HtmlJob:
    title: str
    html: str
    landscape: bool = False
    font_pt: float = 11.0
    page_count_printed: int = field(default=0, init=False)

    def layout(self, printer: QPrinter) -> tuple[QTextDocument, QRectF, float]:
        rect = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
        rect.moveTo(0, 0)
        footer_h = QFontMetricsF(_font(FOOTER_FONT_PT), printer).height() * 2
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(printer)
        doc.setDefaultFont(_font(self.font_pt))
        doc.setHtml(self.html)
        doc.setPageSize(QSizeF(rect.width(), rect.height() - footer_h))
        return doc, rect, footer_h

    def page_count(self, printer: QPrinter) -> int:
        return self.layout(printer)[0].pageCount()

    def paint(self, printer: QPrinter) -> None:
        doc, rect, footer_h = self.layout(printer)
        pages = doc.pageCount()
        first, last = _page_range(printer, pages)
        body_h = rect.height() - footer_h
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError(t("无法开始打印（打印机不可用或文件无法写入）"))
        self.page_count_printed = 0
        try:
            for page in range(first, last + 1):
                if page > first:
                    printer.newPage()
                painter.save()
                painter.translate(0, -(page - 1) * body_h)
                clip = QRectF(0, (page - 1) * body_h, rect.width(), body_h)
                painter.setClipRect(clip)
                doc.drawContents(painter, clip)
                painter.restore()
                painter.setFont(_font(FOOTER_FONT_PT))
                painter.drawText(
                    QRectF(QPointF(0, rect.height() - footer_h), QSizeF(rect.width(), footer_h)),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    page_label(page, pages),
                )
                self.page_count_printed += 1
        finally:
            painter.end()


PrintJob = ListJob | HtmlJob


def print_to_pdf(job: PrintJob, path: str | Path) -> Path:
    """Write the job as a PDF file (tests; the same drawing as on paper)."""
    path = Path(path)
    check_output(path)  # never over a register (F4); written whole or not at all (F12)
    with atomic_output(path) as temporary:
        printer = new_printer(job.landscape)
        printer.setOutputFileName(str(temporary))
        # After the name: a name without .pdf would otherwise leave the format to Qt's guess.
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setDocName(t(job.title))
        job.paint(printer)
    return path


def _fit_to_screen(dialog: QWidget) -> None:
    """Nine tenths of the screen the first time, then the size the clerk left it at."""
    from desktop.ui.widgets import fit_to_screen

    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        fit_to_screen(dialog, int(area.width() * 0.9), int(area.height() * 0.9), "print_preview")


def _with_progress(parent: QWidget | None, job: PrintJob) -> QProgressDialog | None:
    if not isinstance(job, ListJob):
        return None
    progress = QProgressDialog(t("正在打印…"), t("取消"), 0, 100, parent)
    progress.setWindowTitle(t("打印"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(500)

    def step(done: int, todo: int) -> bool:
        progress.setMaximum(todo)
        progress.setValue(done)
        QApplication.processEvents()
        return not progress.wasCanceled()

    job.progress = step
    return progress


def _paint_reporting(parent: QWidget | None, job: PrintJob, printer: QPrinter) -> None:
    try:
        job.paint(printer)
    except OSError as exc:
        QMessageBox.warning(parent, t("打印失败"), str(exc))


def print_job(parent: QWidget | None, job: PrintJob, *, preview: bool = False) -> bool:
    """The print dialog (or the preview) for a job; True when something was sent to print."""
    printer = new_printer(job.landscape)
    printer.setDocName(t(job.title))
    if preview:
        capped = isinstance(job, ListJob) and job.page_count(printer) > PREVIEW_MAX_PAGES
        if capped:
            assert isinstance(job, ListJob)
            QMessageBox.information(
                parent,
                t("打印预览"),
                t(
                    f"共 {job.page_count(printer):,} 页，预览只显示前 {PREVIEW_MAX_PAGES} 页。"
                    "打印全部或其中几页，请用“文件 → 打印”（Ctrl+P）并选择页码范围。"
                ),
            )
            job.max_pages = PREVIEW_MAX_PAGES
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(t("打印预览") + " — " + t(job.title))
        dialog.paintRequested.connect(lambda p: _paint_reporting(parent, job, p))
        _fit_to_screen(dialog)
        accepted = dialog.exec() == QPrintPreviewDialog.DialogCode.Accepted
        if isinstance(job, ListJob):
            job.max_pages = None
        return accepted
    chooser = QPrintDialog(printer, parent)
    chooser.setWindowTitle(t("打印") + " — " + t(job.title))
    chooser.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    if chooser.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    progress = _with_progress(parent, job)
    try:
        _paint_reporting(parent, job, printer)
    finally:
        if progress is not None:
            progress.close()
    return True


def confirm_huge(parent: QWidget | None, job: ListJob) -> bool:
    """Ask before a list of more than HUGE_PAGES pages is sent to print."""
    pages = job.page_count(new_printer(job.landscape))
    if pages <= HUGE_PAGES:
        return True
    answer = QMessageBox.question(
        parent,
        t("打印"),
        t(
            f"当前列表有 {job.document.row_count:,} 件，约 {pages:,} 页。\n"
            "建议先按年度、状态等筛选，或在打印对话框中选择页码范围。\n仍要继续吗？"
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


# ------------------------------------------------------------------------------ what the menus call
def office_name(register: Register) -> str:
    from desktop.store.settings import get_office_name

    try:
        return get_office_name(register)
    except Exception:  # an old register without the setting prints without a name
        return ""


def register_job(main_window: MainWindow) -> ListJob:
    """The register list as the main window shows it (filters, search, 显示已删除)."""
    from datetime import date

    from desktop.reports.print_docs import register_list

    model = main_window.model
    query = model.query
    today = query.today or date.today()
    return ListJob(register_list(model.queries, query, office_name(model.register), today))


def print_register(main_window: MainWindow, *, preview: bool = False) -> bool:
    """文件 → 打印 / 打印预览: the list as filtered on screen."""
    job = register_job(main_window)
    if not preview and not confirm_huge(main_window, job):
        return False
    return print_job(main_window, job, preview=preview)


def application_job(register: Register, application_id: int) -> HtmlJob | None:
    from datetime import date

    from desktop.reports.print_docs import application_sheet

    app = register.get(application_id)
    if app is None:
        return None
    html = application_sheet(app, office_name(register), date.today())
    return HtmlJob(t("申请登记表") + " " + app.number, html)


def print_application(
    parent: QWidget, register: Register, application_id: int, *, preview: bool = False
) -> bool:
    job = application_job(register, application_id)
    return job is not None and print_job(parent, job, preview=preview)


def due_board_job(register: Register, board: DueBoard) -> HtmlJob:
    from desktop.reports.print_docs import due_board_document

    return HtmlJob(t("到期提醒"), due_board_document(board, office_name(register)))


def report_job(report: Report) -> HtmlJob:
    """The annual-report tables, landscape so 表三 fits one page at a readable 9 pt."""
    from datetime import date

    from desktop.reports.print_docs import report_document

    title = t("年度报告统计表")
    return HtmlJob(title, report_document(report, date.today()), landscape=True, font_pt=9)


def letter_job(path: str | Path) -> HtmlJob:
    from desktop.reports.print_docs import letter_document

    return HtmlJob(Path(path).stem, letter_document(path), font_pt=14)
