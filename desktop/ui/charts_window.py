"""统计图表: the year at a glance, drawn with QtCharts, each chart exportable as PNG for the report.

Six charts for the chosen year: received and concluded per month, received by 申请方式, by 申请人类型,
concluded by outcome family, the on-time rate per month, and received per month against the year
before. Every number comes from the SQL aggregates in desktop.store.chart_queries; this window only
draws them. The figures are read on the window's worker (desktop.ui.ops), never on the GUI thread,
and again when applications or the calendar change (Workbench events; a letter changes nothing here).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QByteArray, QMargins, QPointF, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QColor, QFont, QImage, QImageWriter, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.on_time import default_year
from desktop.store import chart_queries as cq
from desktop.store.changes import Changes
from desktop.store.outputs import atomic_output, check_output
from desktop.store.register import Register
from desktop.ui.context import Workbench
from desktop.ui.i18n import t
from desktop.ui.ops import QueryOp
from desktop.ui.widgets import ElidedLabel, fit_to_screen

MONTH_LABELS = [f"{m}月" for m in range(1, 13)]
EXPORT_SIZE = QSize(1200, 700)  # pixels of an exported PNG: sharp on an A4 page at full width
BLUE, ORANGE, GREEN, GREY = (
    QColor("#2f6db5"),
    QColor("#e08a2c"),
    QColor("#3a9a5b"),
    QColor("#9aa4ae"),
)


YearFigures = cq.YearFigures


# ------------------------------------------------------------------------------ chart builders
def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setPointSize(13)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(8, 8, 8, 8))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _bar_set(name: str, values: list[int], color: QColor) -> QBarSet:
    bars = QBarSet(name)
    bars.append([float(v) for v in values])
    bars.setColor(color)
    bars.setBorderColor(color)
    bars.setLabelColor(
        QColor("#333333")
    )  # the default label colour is white, invisible outside the bar
    return bars


def _value_axis(top: float, *, percent: bool = False) -> QValueAxis:
    axis = QValueAxis()
    if percent:
        # Head room above 100 % so that a point at 100 % keeps its label; ticks stay 0, 20 … 100.
        axis.setRange(0, 112)
        axis.setTickType(QValueAxis.TickType.TicksDynamic)
        axis.setTickAnchor(0)
        axis.setTickInterval(20)
        axis.setLabelFormat("%d%%")
    else:
        # Whole numbers of applications on a 1-2-5 step, with head room for the value labels.
        step = nice_step(top * 1.12 / 5)
        ticks = max(1, -(-int(top * 1.12) // step))
        axis.setRange(0, step * ticks)
        axis.setTickCount(ticks + 1)
        axis.setLabelFormat("%d")
    return axis


def nice_step(raw: float) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ step that is at least raw (and at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= raw:
                return step * factor
        step *= 10


def _bars(
    title: str, categories: list[str], sets: list[QBarSet], *, horizontal: bool = False
) -> QChart:
    chart = _chart(title)
    if horizontal:
        # Qt draws the first category at the bottom; a reader expects the list's order top down.
        categories = categories[::-1]
        for bar_set in sets:
            values = [bar_set.at(i) for i in range(bar_set.count())][::-1]
            bar_set.remove(0, bar_set.count())
            bar_set.append(values)
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    for bar_set in sets:
        series.append(bar_set)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value")
    chart.addSeries(series)
    top = max([bar_set.at(i) for bar_set in sets for i in range(bar_set.count())] + [1.0])
    category_axis = QBarCategoryAxis()
    category_axis.append(categories)
    value_axis = _value_axis(top)
    if horizontal:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(category_axis)
    series.attachAxis(value_axis)
    chart.legend().setVisible(len(sets) > 1)
    return chart


def monthly_chart(f: YearFigures) -> QChart:
    return _bars(
        t(f"{f.year}年每月收到和办结的申请（件）"),
        [t(m) for m in MONTH_LABELS],
        [_bar_set(t("收到"), f.received, BLUE), _bar_set(t("办结"), f.concluded, GREEN)],
    )


def channel_chart(f: YearFigures) -> QChart:
    return _bars(
        t(f"{f.year}年收到的申请：按申请方式（件）"),
        [t(c) for c in f.channels],
        [_bar_set(t("申请数"), list(f.channels.values()), BLUE)],
        horizontal=True,
    )


def applicant_type_chart(f: YearFigures) -> QChart:
    return _bars(
        t(f"{f.year}年收到的申请：按申请人类型（件）"),
        [t(c) for c in f.applicant_types],
        [_bar_set(t("申请数"), list(f.applicant_types.values()), ORANGE)],
        horizontal=True,
    )


def outcome_chart(f: YearFigures) -> QChart:
    return _bars(
        t(f"{f.year}年办结的申请：按办理结果（件）"),
        [t(c) for c in f.families],
        [_bar_set(t("办结数"), list(f.families.values()), GREEN)],
        horizontal=True,
    )


# What the rate counts, for the chart's tooltip and the user guide (domain.on_time).
RATE_RULE = (
    "按时办结率 = 按期答复件数 ÷（本期办结件数 + 本期超期仍未办结件数）。"
    "超过答复期限仍未答复的申请计为未按时，不因尚未办结而不计。"
)


def rate_text(on_time: cq.OnTime) -> str:
    if on_time.rate is None:
        return t("无办结或超期申请")
    text = f"按时办结率 {on_time.rate * 100:.1f}%：办结 {on_time.concluded} 件，按时 {on_time.on_time} 件"
    if on_time.open_overdue:
        text += f"，超期未办结 {on_time.open_overdue} 件计为未按时"
    return t(text)


def on_time_chart(f: YearFigures) -> QChart:
    """Per month, the share answered by their due date (第三十三条) of the applications concluded in
    the month and of those that fell overdue in it and were still open at its end (domain.on_time)."""
    chart = _chart(t(f"{f.year}年各月按时办结率（全年") + rate_text(f.on_time_year) + "）")
    series = QLineSeries()
    series.setName(t("按时办结率（%）"))
    series.setPointsVisible(True)
    series.setPointLabelsVisible(True)
    series.setPointLabelsFormat("@yPoint%")
    series.setPen(QPen(BLUE, 2.5))
    for index, figures in enumerate(f.on_time_months):
        if figures.rate is not None:  # a month that judges nothing has no rate, not 0 %
            series.append(QPointF(index, round(figures.rate * 100, 1)))
    chart.addSeries(series)
    x_axis = QBarCategoryAxis()  # a line on a category axis: x = month index 0–11
    x_axis.append([t(m) for m in MONTH_LABELS])
    y_axis = _value_axis(100, percent=True)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)
    chart.legend().setVisible(False)
    return chart


def yoy_chart(f: YearFigures) -> QChart:
    yoy = f.yoy
    change = (
        ""
        if yoy.change is None
        else t(f"，同比{'增长' if yoy.change >= 0 else '下降'} {abs(yoy.change) * 100:.1f}%")
    )
    return _bars(
        t(f"每月收到的申请：{yoy.year}年与{yoy.year - 1}年对比（件）") + change,
        [t(m) for m in MONTH_LABELS],
        [
            _bar_set(t(f"{yoy.year - 1}年"), yoy.last_year, GREY),
            _bar_set(t(f"{yoy.year}年"), yoy.this_year, BLUE),
        ],
    )


# key, tab name, builder, file name stem of the exported PNG
CHARTS: tuple[tuple[str, str, Callable[[YearFigures], QChart], str], ...] = (
    ("monthly", "每月收到与办结", monthly_chart, "每月收到与办结"),
    ("channel", "申请方式", channel_chart, "申请方式"),
    ("applicant_type", "申请人类型", applicant_type_chart, "申请人类型"),
    ("outcome", "办理结果", outcome_chart, "办理结果"),
    ("on_time", "按时办结率", on_time_chart, "按时办结率"),
    ("yoy", "同比", yoy_chart, "同比"),
)
_BUILDERS = {key: builder for key, _, builder, _ in CHARTS}


def render_image(chart: QChart, size: QSize = EXPORT_SIZE) -> QImage:
    """Draw a chart into a picture of a fixed size, whatever the window's size (GUI thread)."""
    # A picture for a report page: square white background, no grey frame around a rounded card.
    chart.setBackgroundRoundness(0)
    view = QChartView(chart)
    view.setBackgroundBrush(QColor("white"))
    view.setStyleSheet("background: white; border: 0")
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.resize(size)
    chart.resize(size.width(), size.height())
    return view.grab().toImage()


def write_png(image: QImage, path: str | Path) -> Path:
    """Encode and write the picture (any thread: the window's worker does it, ~25 ms a chart)."""
    path = Path(path)
    check_output(path)  # never over a register (F4); written whole or not at all (F12)
    with atomic_output(path) as temporary:
        writer = QImageWriter(str(temporary), QByteArray(b"PNG"))
        if not writer.write(image):
            raise OSError(f"无法写入 {path}：{writer.errorString()}")
    return path


def render_png(chart: QChart, path: str | Path, size: QSize = EXPORT_SIZE) -> Path:
    """Draw a chart into a PNG of a fixed size, at once."""
    return write_png(render_image(chart, size), path)


# ------------------------------------------------------------------------------ the window
class ChartsWindow(QMainWindow):
    def __init__(self, bench: Workbench, parent: QWidget | None = None):
        super().__init__(parent)
        self.bench = bench
        self.setWindowTitle(t("统计图表"))
        fit_to_screen(self, 1100, 720)
        self.figures: YearFigures | None = None
        self.views: dict[str, QChartView] = {}
        self.offer: QWidget | None = None  # the last export's 已导出 message

        self.year_combo = QComboBox()
        self.year_combo.setObjectName("year")
        self._fill_years()
        self.year_combo.currentIndexChanged.connect(self.refresh)
        self.summary = ElidedLabel()  # cut with … on a narrow screen, whole in the tooltip
        self.export_button = QPushButton(t("导出当前图表为 PNG…"))
        self.export_button.clicked.connect(self.export_current)
        self.export_all_button = QPushButton(t("全部导出为 PNG…"))
        self.export_all_button.clicked.connect(self.export_all_dialog)
        self.draft_button = QPushButton(t("生成年度报告文字稿…"))
        self.draft_button.clicked.connect(self.open_report_draft)

        top = QHBoxLayout()
        top.addWidget(QLabel(t("年度：")))
        top.addWidget(self.year_combo)
        top.addWidget(self.summary, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.export_all_button)
        top.addWidget(self.draft_button)

        self.tabs = QTabWidget()
        for key, name, _, _ in CHARTS:
            view = QChartView()
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setObjectName(key)
            self.views[key] = view
            index = self.tabs.addTab(view, t(name))
            if key == "on_time":
                self.tabs.setTabToolTip(index, t(RATE_RULE))

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self._to_draw: list[str] = []  # the charts of `figures` not drawn yet, next first
        self._draw_timer = QTimer(self)  # one chart per turn of the event loop
        self._draw_timer.setSingleShot(True)
        self._draw_timer.setInterval(0)
        self._draw_timer.timeout.connect(self._draw_next)
        self.tabs.currentChanged.connect(self._tab_shown)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(200)
        self._pending.timeout.connect(self.refresh)
        bench.events.changed.connect(self._register_changed)  # Qt disconnects on destroy
        self.refresh()

    @property
    def register(self) -> Register:
        return self.bench.register

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._pending.stop()
        self._draw_timer.stop()
        super().closeEvent(event)

    def _fill_years(self) -> None:
        from datetime import date

        today = date.today()
        years = cq.years_with_data(self.register)
        default = default_year(today, years)  # the same year the 年度报告 window opens on
        if default not in years:
            years = sorted({*years, default}, reverse=True)
        for year in years:
            self.year_combo.addItem(t(f"{year}年"), year)
        self.year_combo.setCurrentIndex(self.year_combo.findData(default))

    @property
    def charts(self) -> dict[str, QChart]:
        """The charts on show, by key (owned by their views: no Python reference is kept)."""
        return {key: view.chart() for key, view in self.views.items()}

    @property
    def year(self) -> int:
        return int(self.year_combo.currentData())

    def set_year(self, year: int) -> None:
        index = self.year_combo.findData(year)
        if index < 0:
            self.year_combo.addItem(t(f"{year}年"), year)
            index = self.year_combo.count() - 1
        if index == self.year_combo.currentIndex():
            self.refresh()
        else:
            self.year_combo.setCurrentIndex(index)  # read once, through currentIndexChanged

    def _register_changed(self, changes: Changes) -> None:
        if changes.touches("applications", "calendar"):
            self._pending.start()

    def refresh(self) -> None:
        """Read the year's figures again (on the worker) and redraw every chart."""
        # Two grouped queries over the year: about a second for 100 000 applications a year.
        year = self.year
        QueryOp(self, lambda reg: cq.year_figures(reg, year)).success(self._draw).run()

    def _draw(self, figures: YearFigures) -> None:
        """The summary at once, then the charts one per turn of the event loop, the one on show
        first: building and laying out six charts at once stalled the window ~30–50 ms."""
        self.figures = figures
        self.summary.setText(
            t(f"收到 {sum(figures.received)} 件；") + rate_text(figures.on_time_year)
        )
        self.summary.setToolTip(self.summary.full_text() + "\n" + t(RATE_RULE))
        shown = CHARTS[max(self.tabs.currentIndex(), 0)][0]
        self._to_draw = [shown] + [key for key, _, _, _ in CHARTS if key != shown]
        self._draw_next()

    def _draw_next(self) -> None:
        if not self._to_draw or self.figures is None:
            return
        key = self._to_draw.pop(0)
        chart = _BUILDERS[key](self.figures)
        old = self.views[key].chart()
        self.views[key].setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()
        if self._to_draw:
            self._draw_timer.start()

    def _tab_shown(self, index: int) -> None:
        """A chart the clerk turns to before its turn came is drawn now, not left empty."""
        key = CHARTS[index][0] if 0 <= index < len(CHARTS) else None
        if key in self._to_draw:
            self._to_draw.remove(key)
            self._to_draw.insert(0, key)
            self._draw_next()

    @property
    def drawing(self) -> bool:
        """True while charts of the last figures read are still to be drawn."""
        return bool(self._to_draw)

    # ------------------------------------------------------------------ export
    def export_png(self, key: str, path: str | Path) -> Path:
        """One chart of the shown year as a PNG of EXPORT_SIZE."""
        assert self.figures is not None
        return render_png(_BUILDERS[key](self.figures), path)

    def export_all(self, folder: str | Path) -> list[Path]:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        return [
            self.export_png(key, folder / f"{self.year}年{stem}.png") for key, _, _, stem in CHARTS
        ]

    def export_current(self) -> None:
        key, _, _, stem = CHARTS[self.tabs.currentIndex()]
        from desktop.ui.files import save_file

        path = save_file(self, "导出图表", f"{self.year}年{stem}.png", "PNG 图片 (*.png)")
        if path:
            self._export([(key, Path(path))], Path(path))

    def export_all_dialog(self) -> None:
        from desktop.ui.files import choose_folder

        folder = choose_folder(self, "选择保存图表的文件夹")
        if folder:
            where = Path(folder)
            try:
                where.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                QMessageBox.critical(self, t("导出失败"), str(exc))
                return
            jobs = [(key, where / f"{self.year}年{stem}.png") for key, _, _, stem in CHARTS]
            self._export(jobs, where)

    def _export(self, jobs: list[tuple[str, Path]], where: Path) -> None:
        """Write the charts, then offer 打开文件 (one chart) or 打开文件夹 (all six), as every export
        does. Each chart is drawn on a turn of its own (~15 ms); the worker encodes and writes it
        (~25 ms), then the next is drawn."""
        if self.figures is None:
            return
        self.offer = None
        figures, written = self.figures, list[Path]()

        def next_chart() -> None:
            key, path = jobs[len(written)]
            image = render_image(_BUILDERS[key](figures))
            QueryOp(self, lambda _reg: write_png(image, path)).refusing(OSError).success(
                done
            ).failure(failed).run()

        def failed(message: str) -> None:
            QMessageBox.critical(self, t("导出失败"), message)

        def done(path: Path) -> None:
            written.append(path)
            if len(written) < len(jobs):
                next_chart()
            elif where.is_dir():
                self.offer = offer_open(
                    self, "已导出", f"已导出 {len(written)} 张图表到文件夹：", where
                )
            else:
                self.offer = offer_open(self, "已导出", "已导出图表：", written[0])

        from desktop.ui.files import offer_open

        next_chart()

    def open_report_draft(self) -> QWidget:
        from desktop.ui.report_draft_dialog import open_report_draft_dialog

        return open_report_draft_dialog(self.bench, parent=self, year=self.year)


def open_charts_window(bench: Workbench) -> ChartsWindow:
    """Open (or bring forward) the 统计图表 window (menu 统计 → 统计图表…)."""

    def make() -> ChartsWindow:
        window = ChartsWindow(bench, bench.window)
        window.setWindowFlag(Qt.WindowType.Window, True)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return window

    return bench.dialogs.open(ChartsWindow, make)
