"""The main window: the register as a table, a filter bar and search, menus into every other tool.

The table is a QTableView over the lazy `RegisterModel` (pages through desktop.store.queries; never
loads the whole register). Keyboard first: Ctrl+N new, Enter or double-click edit, Del deletes (soft,
after asking), Ctrl+Z brings the last deleted application back, Ctrl+F jumps to the search box.

Menus open the feature windows through typed references (`features.py`): each feature module is
imported when its menu item is first used (start-up stays quick), gets the window's `Workbench`,
and an error in it is logged and told without taking the register down.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.domain import deadlines, vocab
from desktop.store.changes import Changes
from desktop.store.queries import RegisterQuery
from desktop.store.register import Register
from desktop.ui import due_board as _due_board  # noqa: F401 (see below)
from desktop.ui import features
from desktop.ui.context import Workbench
from desktop.ui.errors import failure_message, report_exception
from desktop.ui.i18n import set_traditional, t
from desktop.ui.idle import STEP_GAP_MS
from desktop.ui.ops import RegisterOp, freeze_start_up_objects
from desktop.ui.register_model import COLUMN_INDEX, COLUMNS, ApplicationIdRole, RegisterModel
from desktop.ui.warmup import Warmup, prefetch_module_files, warm_up
from desktop.ui.widgets import (
    ElidedLabel,
    fit_to_screen,
    pin_python_singletons,
)

# due_board above: the board opens just after the first paint; its import (~40 ms, the notice
# parser's patterns) is done with the window's, before the paint, not as a stall just after it.

if TYPE_CHECKING:
    from desktop.store.lock import OpenedRegister
    from desktop.ui.application_form import FormSpare

T = TypeVar("T")
WARM_UP_AFTER_MS = 500  # after the first paint (desktop/ui/warmup.py)
FORM_AHEAD_MS = 1500  # after the first show: the first page, the due board and the day's check
FORM_MODULE = "desktop.ui.application_form"

pin_python_singletons()  # the window lives for hours of setText calls (PySide6 6.12 on Python 3.11)

SEARCH_DELAY_MS = 250  # wait for the clerk to stop typing before searching
# 申请内容 takes the spare width but never less than this (at the usual font size): in a narrow
# window the table scrolls sideways instead of squeezing the content down to two characters.
CONTENT_MIN_WIDTH = 180
EMPTY_REGISTER_TEXT = (
    "登记簿中还没有申请。\n按 Ctrl+N 登记一件新申请，或用“文件 → 导入台账…”导入 Excel 台账。"
)
SEARCHING_TEXT = "正在查询…"
NO_MATCH_TEXT = "没有符合条件的申请。\n请放宽上方的筛选条件，或修改搜索内容。"


class MainWindow(QMainWindow):
    _form_spare: FormSpare | None = None  # the next 申请 form, built ahead (`prepare_form`)
    # Tests switch this off so no reminder board pops up over the window under test.
    show_due_board_on_start = True

    def __init__(self, register: Register, traditional: bool = False):
        super().__init__()
        if traditional:
            set_traditional(True)
        self.register = register
        self.traditional = traditional
        # The register's opening (lock, marker) when this window opened it itself (文件 → 打开登记簿).
        self.opened: OpenedRegister | None = None
        self.undo_stack: list[int] = []  # ids of applications deleted in this session, last on top
        self.form: QWidget | None = None  # the entry form, while it is open
        self.warmup: QObject | None = None  # loads the windows' modules after the first paint
        self._counted_callbacks: list[Callable[[], None]] = []  # `when_counted`
        self._shown_once = False
        self._fitting = False  # while the window sets 申请内容's width itself
        # What every feature window works with: the register, its events, the worker, the dialogs.
        self.bench = Workbench(
            register,
            self,
            open_application=lambda application_id: self.open_application(application_id),
            show_error=lambda title, text: self.show_error(title, text),
            inform=lambda text: self.inform(text),
            reopen_register=lambda path: self.reopen_register(path),
            traditional=traditional,
        )
        self._set_title()
        # 单位设置 saved (a letters change): the title names the office.
        self.bench.events.changed.connect(self._settings_changed)

        self.model = RegisterModel(register, self)
        self.bench.register_closing.connect(self.model.suspend)
        self._build_actions()
        self._build_menus()
        self.setCentralWidget(self._build_central())
        # Connected after the view's own handlers, so the view has cleared its selection by the
        # time we put it back.
        self._selected_before_reset: int | None = None
        self.model.modelAboutToBeReset.connect(self._before_reset)
        self.model.modelReset.connect(self._after_reset)
        self.model.registerChanged.connect(self._register_changed)
        # The table's reads run on the model's reader: the status bar says 正在查询… meanwhile
        # and fills in the counts when they arrive; the load keeps the selected application.
        self.model.keep_selection = self.current_application_id
        self.model.pendingChanged.connect(lambda _pending: self._update_status())
        self.model.statusCountsChanged.connect(self._update_status)
        self.model.totalArrived.connect(self._after_total)
        self.status_label = ElidedLabel("", self)
        self.statusBar().addPermanentWidget(self.status_label, 1)
        self._update_status()
        self._apply_readonly()
        fit_to_screen(self, 1280, 760, "main")  # and the size the clerk left it at

    # ------------------------------------------------------------------ layout
    def _build_central(self) -> QWidget:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(6)

        self.banner = QLabel(central)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel { background: #fff3b0; border: 1px solid #e0c040; color: #5a4500;"
            " padding: 6px; font-weight: bold; }"
        )
        self.banner.hide()
        layout.addWidget(self.banner)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.year_combo = QComboBox(central)
        self.status_combo = QComboBox(central)
        self.channel_combo = QComboBox(central)
        self.type_combo = QComboBox(central)
        self.outcome_combo = QComboBox(central)
        self._fill_filters()
        self.deleted_check = QCheckBox(t("显示已删除"), central)
        self.deleted_check.toggled.connect(self._deleted_toggled)
        self.search_edit = QLineEdit(central)
        self.search_edit.setPlaceholderText(t("搜索申请人、申请内容或编号（简体繁体均可）  Ctrl+F"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(200)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self._search_now)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search_edit)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self._search_escaped)
        for label, combo in (
            ("年度", self.year_combo),
            ("状态", self.status_combo),
            ("申请方式", self.channel_combo),
            ("申请人类型", self.type_combo),
            ("办理结果", self.outcome_combo),
        ):
            caption = QLabel(t(label), central)
            caption.setBuddy(combo)
            bar.addWidget(caption)
            bar.addWidget(combo)
            combo.currentIndexChanged.connect(self.apply_filters)
        bar.addStretch(1)
        # Search and 显示已删除 on a line of their own: the filters alone fit a 1024-px screen.
        search_bar = QHBoxLayout()
        search_bar.addWidget(self.search_edit, 1)
        search_bar.addWidget(self.deleted_check)
        layout.addLayout(search_bar)
        layout.addLayout(bar)

        self.table = QTableView(central)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure a million rows
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        scale = max(self.fontMetrics().horizontalAdvance("申") / 14.0, 1.0)
        for i, column in enumerate(COLUMNS):
            self.table.setColumnWidth(i, int(column.width * scale))
        # 申请内容 takes the spare width (down to a floor); the other columns keep theirs.
        self._content_min_width = int(CONTENT_MIN_WIDTH * scale)
        header.sectionResized.connect(self._other_column_resized)
        self.table.viewport().installEventFilter(self)
        # Said in the empty table: a new register, or filters that match nothing.
        self.empty_label = QLabel(self.table.viewport())
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("QLabel { color: #666; font-size: 11pt; }")
        self.empty_label.hide()
        # Enter (activated) and double-click; either may fire first depending on style and
        # platform, and edit_current opens one form at a time.
        self.table.activated.connect(lambda index: self.edit_current())
        self.table.doubleClicked.connect(lambda index: self.edit_current())
        # selectionChanged, not currentRowChanged: the current row moves before the selection does.
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        layout.addWidget(self.table, 1)
        return central

    def _fill_filters(self) -> None:
        self.year_combo.blockSignals(True)
        current_year = self.year_combo.currentData()
        self.year_combo.clear()
        self.year_combo.addItem(t("全部"), None)
        years = set(self.model.years)  # read with the rows (RegisterModel's load)
        if current_year is not None:
            years.add(current_year)  # keep the clerk's choice even if its last row went away
        for year in sorted(years, reverse=True):
            self.year_combo.addItem(str(year), year)
        index = self.year_combo.findData(current_year)
        self.year_combo.setCurrentIndex(max(index, 0))
        self.year_combo.blockSignals(False)
        if self.status_combo.count() == 0:
            self.status_combo.addItem(t("全部"), None)
            for status in deadlines.STATUSES:
                self.status_combo.addItem(t(status), status)
            self.channel_combo.addItem(t("全部"), None)
            for channel in vocab.CHANNELS:
                self.channel_combo.addItem(t(channel), channel)
            self.type_combo.addItem(t("全部"), None)
            for kind in vocab.APPLICANT_TYPES:
                self.type_combo.addItem(t(kind), kind)
            self.outcome_combo.addItem(t("全部"), None)
            for group in vocab.OUTCOME_GROUPS:
                leaves = [leaf for leaf in vocab.OUTCOME_LEAVES if leaf.group == group.code]
                self.outcome_combo.addItem(t(group.family), group.code)
                if len(leaves) > 1:
                    for leaf in leaves:
                        self.outcome_combo.addItem("　" + t(leaf.short), leaf.code)
            self.outcome_combo.setMaxVisibleItems(26)
            # The bar shows a short width; the list opens as wide as its longest leaf.
            self.outcome_combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            self.outcome_combo.setMinimumContentsLength(9)
            view = self.outcome_combo.view()
            view.setMinimumWidth(view.sizeHintForColumn(0) + 30)

    # ------------------------------------------------------------------ actions and menus
    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(t(text), self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("新增申请(&N)…", self.new_application, "Ctrl+N")
        self.edit_action = self._action("修改(&E)…", self.edit_current)
        self.edit_action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        # Only while the table has focus: elsewhere Enter belongs to the focused widget.
        self.edit_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action = self._action(
            "删除(&D)…", self.delete_current, QKeySequence.StandardKey.Delete
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.undo_action = self._action(
            "撤销删除(&U)", self.undo_delete, QKeySequence.StandardKey.Undo
        )
        # Ctrl+Z only remembers this session's deletions; a deletion from an earlier day is found
        # with 显示已删除 and brought back here.
        self.restore_action = self._action("恢复选中的已删除申请(&R)", self.restore_current)
        self.show_deleted_action = QAction(t("显示已删除(&S)"), self)
        self.show_deleted_action.setCheckable(True)
        self.show_deleted_action.toggled.connect(self._show_deleted_from_menu)
        self.search_action = self._action(
            "搜索(&F)", self.focus_search, QKeySequence.StandardKey.Find
        )
        self.addAction(self.search_action)
        self.print_action = self._action(
            "打印(&P)…", self.print_list, QKeySequence.StandardKey.Print
        )
        self.preview_action = self._action("打印预览(&V)…", lambda: self.print_list(preview=True))
        self.print_sheet_action = self._action("打印登记表(&P)…", self.print_sheet, "Ctrl+Shift+P")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(t("文件(&F)"))
        file_menu.addAction(self._action("打开登记簿(&O)…", self.open_register_file))
        file_menu.addSeparator()
        self.import_ledger_action = self._action("导入台账(&I)…", self.import_ledger)
        file_menu.addAction(self.import_ledger_action)
        self.export_ledger_action = self._action("导出台账(&E)…", self.export_ledger)
        file_menu.addAction(self.export_ledger_action)
        # One 导入: a hand-kept ledger goes to the wizard by itself (ledger_dialogs); the action is
        # kept for read-only mode and for the preview's 改用导入向导 button.
        self.import_wizard_action = self._feature_action("导入向导…", features.import_wizard)
        package_menu = file_menu.addMenu(t("数据包(&K)"))
        package_menu.addAction(self._feature_action("导出数据包(&E)…", features.export_package))
        self.import_package_action = self._feature_action(
            "导入数据包(&I)…", features.import_package
        )
        package_menu.addAction(self.import_package_action)
        file_menu.addSeparator()
        file_menu.addActions([self.print_action, self.preview_action])
        file_menu.addSeparator()
        file_menu.addAction(self._feature_action("备份与恢复(&B)…", features.backup_dialog))
        file_menu.addAction(
            self._feature_action("备份到其他位置（U盘）(&U)…", features.backup_elsewhere)
        )
        file_menu.addSeparator()
        file_menu.addAction(self._action("退出(&X)", self.close, QKeySequence.StandardKey.Quit))

        entry_menu = bar.addMenu(t("登记(&E)"))
        for action in (
            self.new_action,
            self.edit_action,
            self.delete_action,
            self.undo_action,
            self.restore_action,
            self.print_sheet_action,
        ):
            entry_menu.addAction(action)
        entry_menu.addSeparator()
        entry_menu.addAction(self.show_deleted_action)
        entry_menu.addAction(self.search_action)

        due_menu = bar.addMenu(t("期限(&D)"))
        due_menu.addAction(self._feature_action("到期提醒(&R)…", features.due_board))
        self.holiday_action = self._feature_action("节假日安排(&H)…", features.holiday_dialog)
        due_menu.addAction(self.holiday_action)

        stats_menu = bar.addMenu(t("统计(&S)"))
        for text, opener in (
            ("年度报告(&R)…", features.report_window),
            ("主动公开数据(&T)…", features.table2_dialog),
            ("规章和规范性文件登记(&G)…", features.documents_window),
            ("汇总各单位报表(&C)…", features.consolidate_window),
            ("统计图表(&H)…", features.charts_window),
            ("生成年度报告文字稿(&W)…", features.report_draft_dialog),
        ):
            stats_menu.addAction(self._feature_action(text, opener))

        letters_menu = bar.addMenu(t("文书(&L)"))
        self.letters_action = self._action("生成文书(&G)…", self.open_letters)
        letters_menu.addAction(self.letters_action)
        self.office_action = self._action("单位设置(&O)…", self.open_office_settings)
        letters_menu.addAction(self.office_action)

        help_menu = bar.addMenu(t("帮助(&H)"))
        guide = self._feature_action("使用说明(&U)", features.user_guide)
        guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        help_menu.addAction(guide)
        help_menu.addAction(self._action("关于(&A)", self.about))

        # The daily habits one click away: 新增, 修改, 删除, 打印, 导出.
        toolbar = self.addToolBar(t("常用"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.edit_action, self.delete_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addActions([self.print_action, self.export_ledger_action])
        self.toolbar = toolbar

        # The table's own shortcuts (Enter edits, Del deletes) are bound to the table widget.
        self._table_actions = [self.edit_action, self.delete_action, self.restore_action]

    # ------------------------------------------------------------------ feature windows
    def _feature_action(self, text: str, opener: Callable[[Workbench], object]) -> QAction:
        return self._action(text, lambda: self.open_when_warm(opener))

    def open_when_warm(self, opener: Callable[[Workbench], object]) -> None:
        """The menus' way to open a feature window. While the warm-up is still importing the
        windows' modules (the first second or so after start-up), the window opens once it is
        done, one module per turn meanwhile (started now if it was still waiting for its turn):
        importing them all at the click was a 40–70 ms stall. Otherwise at once, and so for a
        window never shown (no warm-up)."""
        if not self._shown_once or (isinstance(self.warmup, Warmup) and self.warmup.done):
            self.open_feature(opener)
            return
        if not isinstance(self.warmup, Warmup):
            self._warm_up()
        warmup = self.warmup
        assert isinstance(warmup, Warmup)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

        def open_now() -> None:
            QApplication.restoreOverrideCursor()
            self.open_feature(opener)

        warmup.when_done(open_now)

    def open_feature(self, opener: Callable[[Workbench], T]) -> T | None:
        """Open a feature window on this window's Workbench. An error in it (or in importing its
        module) is logged and told in Chinese; the register stays open. None after an error."""
        try:
            return opener(self.bench)
        except Exception as exc:  # logged with its traceback; the clerk gets a Chinese message
            self.show_error(t("功能出错"), failure_message(exc))
            return None

    def _set_title(self) -> None:
        """政府信息公开申请登记簿 — the office (or the file, when it is not the usual register);
        the full path is in 帮助 → 关于."""
        from desktop.store.location import default_register_path
        from desktop.store.settings import get_office_name

        parts = [t(APP_NAME)]
        try:  # not through desktop.ui.printing: importing it cost ~140 ms of the window's opening
            office = get_office_name(self.register)
        except Exception:  # an old register without the setting: the title goes without
            office = ""
        if office:
            parts.append(office)
        try:
            usual = self.register.path.resolve() == default_register_path().resolve()
        except OSError:
            usual = False
        if not usual:
            parts.append(self.register.path.name)
        self.setWindowTitle(" — ".join(parts))

    def _register_changed(self) -> None:
        self._changed_since_open = True

    def _settings_changed(self, changes: Changes) -> None:
        if changes.touches("letters"):
            self._set_title()

    def _backup_on_close(self) -> None:
        """A day's work is backed up when the window closes, not only the next morning."""
        if not getattr(self, "_changed_since_open", False) or self.register.readonly:
            return
        self._changed_since_open = False
        from desktop.store import backup
        from desktop.ui.ops import run_modal

        path = self.register.path
        try:  # its own read connection on the thread (backup_file): the window's stays here
            run_modal(self, "正在备份登记簿…", lambda: backup.backup_file(path, kind="on-close"))
            backup.prune(path)
        except Exception as exc:  # closing goes on; the morning's backup still exists
            report_exception(exc)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.table.setFocus()
            from desktop.ui.first_paint import after_first_paint

            if self.show_due_board_on_start:
                # After the first page is on screen and counted: the board's rows are worked out
                # in Python on the worker, and beside them the table's repaint once the count came
                # waited for the GIL at each of its ~1,900 data() calls (12 → 42 ms).
                after_first_paint(
                    self.table.viewport(), lambda: self.when_counted(self._maybe_show_due_board)
                )
            # What start-up made is kept out of the collections from the first paint on (a full
            # one at ~1 s took ~30 ms), and each module the warm-up imports (ops.freeze_...).
            after_first_paint(self.table.viewport(), freeze_start_up_objects)
            # The warm-up's files read ahead on a thread (a cold disk cache in the morning).
            after_first_paint(self.table.viewport(), prefetch_module_files)
            # Then the windows' modules, one per idle turn, once the first page's counts, the board
            # and the day's check have come in (WARM_UP_AFTER_MS): the first 年度报告 opens at once.
            after_first_paint(
                self.table.viewport(),
                lambda: QTimer.singleShot(WARM_UP_AFTER_MS, self, self._warm_up),
            )
            # And the first 申请 form, built ahead once start-up has settled (FORM_AHEAD_MS).
            QTimer.singleShot(FORM_AHEAD_MS, self, self.prepare_form)

    def _warm_up(self) -> None:
        if self.warmup is None:  # (a menu may have started it early: open_when_warm)
            self.warmup = warm_up(self)

    def _maybe_show_due_board(self) -> None:
        try:
            features.maybe_due_board(self.bench)
        except Exception as exc:  # a reminder must never stop the register from opening
            report_exception(exc)

    # ------------------------------------------------------------------ messages (tests replace)
    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, text: str) -> None:
        QMessageBox.information(self, t(APP_NAME), text)

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    # ------------------------------------------------------------------ filters
    def current_query(self) -> RegisterQuery:
        return RegisterQuery(
            year=self.year_combo.currentData(),
            status=self.status_combo.currentData(),
            channel=self.channel_combo.currentData(),
            applicant_type=self.type_combo.currentData(),
            outcome=self.outcome_combo.currentData(),
            search=self.search_edit.text().strip(),
            show_deleted=self.deleted_check.isChecked(),
            today=self.model.query.today,
        )

    def apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.current_query()
        if query != self.model.query:
            # The reset handlers keep the selection and refresh the counts. Doing both again here
            # doubled a search's cost at a million rows (row position + status counts, ~150 ms).
            self.model.set_query(query)
            return
        selected = self.current_application_id()
        if selected is not None:
            self.select_application(selected)
        self._update_status()

    def _search_now(self) -> None:
        self.apply_filters()
        self.model.when_loaded(self._go_to_results)

    def _go_to_results(self) -> None:
        if self.model.rowCount() > 0:
            self.table.setFocus()
            if self.current_application_id() is None:
                self.table.selectRow(0)

    def _search_escaped(self) -> None:
        self.search_edit.clear()
        self.apply_filters()
        self.table.setFocus()

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _deleted_toggled(self, checked: bool) -> None:
        if self.show_deleted_action.isChecked() != checked:
            self.show_deleted_action.setChecked(checked)
        self.apply_filters()

    def _show_deleted_from_menu(self, checked: bool) -> None:
        if self.deleted_check.isChecked() != checked:
            self.deleted_check.setChecked(checked)

    # ------------------------------------------------------------------ selection
    def current_application_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.data(index, ApplicationIdRole)

    def select_application(
        self, application_id: int, then: Callable[[bool], None] | None = None
    ) -> None:
        """Select the application's row once the model has found it (at once if it knows);
        `then(found)` after, found False when the filters hide it."""

        def place(row: int | None) -> None:
            if row is not None:
                self.table.selectRow(row)
                self.table.scrollTo(
                    self.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible
                )
                self._update_actions()
            if then is not None:
                then(row is not None)

        self.model.locate(application_id, place)

    def refresh(self) -> None:
        """Re-read the register (counts, pages, years) keeping the selected application."""
        self.model.refresh()  # the reset handlers keep the selection and refill the year list

    def _before_reset(self) -> None:
        self._selected_before_reset = self.current_application_id()

    def reopen_register(self, path: Any) -> None:
        """Open the register file at `path` in this window (the backup dialog, after a restore).

        The register the window held was closed by the restore; the selection and filters stay.
        """
        register = Register.open(path)
        self.register = register
        self.bench.replace_register(register)
        self.undo_stack.clear()  # ids of the old file mean nothing in the restored one
        self.model.set_register(register)
        self._set_title()
        self.refresh()

    def _after_reset(self) -> None:
        """After any reset (a filter, or a change the register announced): same row, fresh counts."""
        self._fill_filters()  # a new receipt year may have arrived
        selected, self._selected_before_reset = self._selected_before_reset, None
        if selected is not None:
            self.select_application(selected)
        self._update_status()
        self._update_actions()

    def _after_total(self) -> None:
        """Start-up on a big register: the count and years came after the first page."""
        self._fill_filters()
        self._update_status()
        waiting, self._counted_callbacks = self._counted_callbacks, []
        for callback in waiting:  # on a later turn: the table repaints for its new rows first
            QTimer.singleShot(STEP_GAP_MS, self, callback)

    def when_counted(self, callback: Callable[[], None]) -> None:
        """`callback()` once the list's count is known (at once if it is)."""
        if self.model.total_known:
            callback()
        else:
            self._counted_callbacks.append(callback)

    def _update_status(self) -> None:
        # The counts come with the rows from the model's reader; until then the bar says so.
        total = self.model.rowCount()
        self._show_status(total, self.model.status_counts())
        if not self.model.pending:
            self._show_empty_state(total)

    def _show_empty_state(self, total: int) -> None:
        if total:
            self.empty_label.hide()
            return
        query = self.model.query
        filtered = any(
            (query.year, query.status, query.channel, query.applicant_type, query.outcome)
        ) or bool(query.search)
        self.empty_label.setText(t(NO_MATCH_TEXT if filtered else EMPTY_REGISTER_TEXT))
        self._place_empty_label()
        self.empty_label.show()

    def _place_empty_label(self) -> None:
        self.empty_label.setGeometry(self.table.viewport().rect().adjusted(20, 20, -20, -20))

    def _fit_content_column(self) -> None:
        """申请内容 gets the width the other columns leave, but at least its floor."""
        header = self.table.horizontalHeader()
        content = COLUMN_INDEX["content"]
        others = sum(header.sectionSize(i) for i in range(header.count()) if i != content)
        spare = self.table.viewport().width() - others
        width = max(self._content_min_width, spare)
        if header.sectionSize(content) != width:
            self._fitting = True
            try:
                header.resizeSection(content, width)
            finally:
                self._fitting = False

    def _other_column_resized(self, index: int, _old: int, _new: int) -> None:
        if index != COLUMN_INDEX["content"] and not self._fitting:
            self._fit_content_column()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_content_column()
            self._place_empty_label()
        return super().eventFilter(watched, event)

    def _show_status(self, total: int, counts: dict[str, int] | None) -> None:
        if self.model.pending:
            self.status_label.setText(t(SEARCHING_TEXT))
            return
        shown = str(total) if self.model.total_known else "…"  # start-up: counted after paint
        parts = [t("共 {n} 件").replace("{n}", shown)]
        for status in deadlines.STATUSES:
            if self.model.query.status in (None, status):
                parts.append(f"{t(status)} {counts[status] if counts else '…'}")
        text = "　|　".join(parts)
        if self.register.readonly:
            text += "　|　" + t("只读")
        self.status_label.setText(text)

    def _update_actions(self) -> None:
        writable = not self.register.readonly
        has_row = self.current_application_id() is not None
        # From the row already on screen: no query on every arrow key.
        shown = self.model.row_at(self.table.currentIndex().row()) if has_row else None
        deleted = shown is not None and shown.deleted
        self.delete_action.setEnabled(writable and has_row and not deleted)
        self.restore_action.setEnabled(writable and deleted)
        self.undo_action.setEnabled(writable and bool(self.undo_stack))
        self.edit_action.setEnabled(has_row)
        self.letters_action.setEnabled(has_row)
        self.print_sheet_action.setEnabled(has_row)

    def _apply_readonly(self) -> None:
        if self.register.readonly:
            reason = t(self.register.readonly_reason or "登记簿以只读方式打开")
            self.banner.setText(t("只读：") + reason + t("　不能新增、修改或删除。"))
            self.banner.show()
            self.edit_action.setText(t("查看…"))
            for action in (
                self.new_action,
                self.import_ledger_action,
                self.import_wizard_action,
                self.import_package_action,
            ):
                action.setEnabled(False)
        self._update_actions()
        self.table.addActions(self._table_actions)
        for action in self._table_actions:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

    # ------------------------------------------------------------------ entry
    def new_application(self) -> None:
        if self.register.readonly:
            return
        self._open_form(None)

    def edit_current(self) -> None:
        if self.form is not None and self.form.isVisible():
            return  # one form at a time (Enter and double-click can both arrive)
        application_id = self.current_application_id()
        if application_id is not None:
            self.open_application(application_id)

    def open_application(self, application_id: int) -> None:
        """Show one application in the entry form (other windows call this, e.g. the due board)."""
        app = self.register.get(application_id)
        if app is None:
            self.inform(t("找不到这件申请。"))
            return

        def placed(found: bool) -> None:
            if not found and not self.deleted_check.isChecked():
                # Filtered out: clear the filters so the clerk sees the row the form is about.
                self.clear_filters()
                self.model.when_loaded(lambda: self.select_application(application_id))

        self.select_application(application_id, placed)
        self._open_form(app)

    def clear_filters(self) -> None:
        for combo in (
            self.year_combo,
            self.status_combo,
            self.channel_combo,
            self.type_combo,
            self.outcome_combo,
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.apply_filters()

    def prepare_form(self) -> None:
        """Build the next 申请 form ahead on idle turns (application_form.FormSpare): 新增 and 修改
        then only load the application into it and paint, well under the 50 ms a clerk notices."""
        warmup = self.warmup
        if isinstance(warmup, Warmup) and not warmup.done:
            # After the warm-up: its imports (and its thread's) beside the form's pieces made
            # both slower, the paint of the form's off-screen show up to 60–100 ms.
            warmup.when_done(self.prepare_form)
            return
        if FORM_MODULE not in sys.modules and not isinstance(warmup, Warmup):
            # The warm-up imports the form's modules one per turn: importing them here at once
            # would be the ~65 ms stall it avoids. Asked again a little later.
            QTimer.singleShot(FORM_AHEAD_MS // 3, self, self.prepare_form)
            return
        from desktop.ui.application_form import FormSpare

        if self._form_spare is None:
            self._form_spare = FormSpare(self)
        self._form_spare.prepare(self.register)

    def _known_years(self) -> list[int] | None:
        """The receipt years the list has read (None: not yet, at start-up on a big register)."""
        return list(self.model.years) if self.model.total_known else None

    def _open_form(self, app: Any) -> None:
        from desktop.ui.application_form import ApplicationForm

        form = self._form_spare.take(self.register) if self._form_spare is not None else None
        if form is None:  # none built ahead (yet): made now, as it always was
            form = ApplicationForm(self.register, app, self)
        else:
            form.load(app)
        form.register_years = self._known_years
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.accepted.connect(lambda: self._form_saved(form))
        form.finished.connect(lambda _result: self._form_closed(form))
        self.form = form
        form.open()
        form.activateWindow()  # keys go to the form at once, not to the table behind it

    def _form_saved(self, form: Any) -> None:
        saved = form.saved
        if saved is not None and saved.id is not None:
            self.refresh()

            def told(found: bool) -> None:
                text = "已保存 {n}" if found else "已保存 {n}（不在当前筛选结果中）"
                self.statusBar().showMessage(
                    t(text).replace("{n}", saved.number), 4000 if found else 6000
                )

            self.model.when_loaded(lambda: self.select_application(saved.id, told))

    def _form_closed(self, form: Any) -> None:
        if self.form is form:
            self.form = None
        self.table.setFocus()
        if self._form_spare is not None:
            self._form_spare.prepare(self.register)  # the next one, while the clerk reads the list

    def delete_current(self) -> None:
        application_id = self.current_application_id()
        if application_id is None or self.register.readonly:
            return
        app = self.register.get(application_id)
        if app is None or self.register.is_deleted(application_id):
            return
        question = t("删除申请 {n}（{who}）？\n删除后不计入统计，可用 Ctrl+Z 撤销。")
        question = question.replace("{n}", app.number).replace("{who}", app.applicant)
        if not self.confirm(t("删除申请"), question):
            return
        row = self.table.currentIndex().row()
        from desktop.ops import year_lock

        reason = self._lock_reason(year_lock.locks_moved_by_delete(self.register, application_id))
        if reason is None:
            return

        def deleted(_: object) -> None:
            self.undo_stack.append(application_id)
            self.refresh()

            def select_next() -> None:
                if self.model.rowCount():
                    self.table.selectRow(min(row, self.model.rowCount() - 1))
                self._update_actions()

            self.model.when_loaded(select_next)
            message = t("已删除 {n}，Ctrl+Z 撤销").replace("{n}", app.number)
            self.statusBar().showMessage(message, 6000)

        # Writes run on the worker (desktop.ui.ops): the GUI thread never waits for a commit.
        RegisterOp(
            self, lambda reg: year_lock.delete_application(reg, application_id, reason or None)
        ).success(deleted).failure(lambda message: self.show_error(t("无法删除"), message)).run()

    def undo_delete(self) -> None:
        if not self.undo_stack or self.register.readonly:
            return
        self._undelete(self.undo_stack.pop(), t("无法撤销删除"))

    def restore_current(self) -> None:
        application_id = self.current_application_id()
        if application_id is None or self.register.readonly:
            return
        if self.register.is_deleted(application_id):
            self._undelete(application_id, t("无法恢复"))

    def _lock_reason(self, locks: list[Any]) -> str | None:
        """Issue 14's year lock: the reason a change of a submitted year's figures is made with;
        "" when none is needed, None when the clerk cancelled."""
        if not locks:
            return ""
        from desktop.ui.year_lock_dialogs import ask_reason

        return ask_reason(self, locks, "删除或恢复这件申请")

    def _undelete(self, application_id: int, error_title: str) -> None:
        from desktop.ops import year_lock

        reason = self._lock_reason(year_lock.locks_moved_by_restore(self.register, application_id))
        if reason is None:
            return

        def restored(app: Any) -> None:
            if application_id in self.undo_stack:
                self.undo_stack.remove(application_id)
            self.refresh()
            self.model.when_loaded(lambda: self.select_application(application_id))
            self._update_actions()
            if app is not None:
                self.statusBar().showMessage(t("已恢复 {n}").replace("{n}", app.number), 4000)

        def write(reg: Register) -> Any:
            year_lock.restore_application(reg, application_id, reason or None)
            return reg.get(application_id)

        RegisterOp(self, write).success(restored).failure(
            lambda message: self.show_error(error_title, message)
        ).run()

    def print_list(self, preview: bool = False) -> None:
        """The register as filtered on screen (desktop.ui.printing)."""
        from desktop.ui.printing import print_register

        print_register(self, preview=preview)

    def print_sheet(self) -> None:
        application_id = self.current_application_id()
        if application_id is None:
            self.inform(t("请先在登记簿中选择一件申请。"))
            return
        from desktop.ui.printing import print_application

        print_application(self, self.register, application_id)

    def open_office_settings(self) -> None:
        if self.register.readonly:
            self.inform(t("登记簿以只读方式打开，不能修改单位设置。"))
            return
        self.open_feature(features.office_settings)

    def open_letters(self) -> None:
        application_id = self.current_application_id()
        if application_id is None:
            self.inform(t("请先在登记簿中选择一件申请。"))
            return
        self.open_feature(lambda bench: features.letters_dialog(bench, application_id))

    # ------------------------------------------------------------------ files
    def open_register_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self,
            t("打开登记簿"),
            str(self.register.path.parent),
            t("登记簿 (*.ogidb *.sqlite *.db);;所有文件 (*)"),
        )
        if not path:
            return
        self.open_register_window(path)

    def open_register_window(self, path: Any) -> MainWindow | None:
        """Another register in a window of its own, opened the way the program starts (the lock, the
        check with its restore dialog, the daily backup, behind a busy message: app.open_for_window);
        read-only if another clerk holds it."""
        from pathlib import Path

        from desktop.ui.app import open_for_window

        if Path(path).resolve() == Path(self.register.path).resolve():
            self.inform(t("这个登记簿已经在本窗口中打开。"))
            return None
        opened = open_for_window(path, self)  # None: the clerk was told why
        if opened is None:
            return None
        window = MainWindow(opened.register, self.traditional)
        window.opened = opened  # released when that window closes
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        from desktop.ui.daily_care import start_daily_care

        start_daily_care(window, opened.daily)  # the day's check and backup, in the background
        self._other_windows = [*getattr(self, "_other_windows", []), window]
        return window

    def import_ledger(self) -> None:
        if self.register.readonly:
            return
        from desktop.ui.ledger_dialogs import open_import_ledger

        open_import_ledger(self)

    def export_ledger(self) -> None:
        from desktop.ui.ledger_dialogs import open_export_ledger

        open_export_ledger(self)

    def about(self) -> None:
        """Version, the data file and its backups, the holiday calendar's years (desktop.ui.help)."""
        from desktop.ui.help import show_about

        show_about(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Nothing more is built or imported ahead for a window that is going away.
        if isinstance(self.warmup, Warmup):
            self.warmup.stop()
        if self._form_spare is not None:
            self._form_spare.discard()
        self._backup_on_close()
        self.model.detach()
        self.bench.close()
        opened = self.opened
        if opened is not None:  # a window opened from 文件 → 打开登记簿: let go of file and lock
            self.opened = None
            opened.close(self.register)
        super().closeEvent(event)
