"""Start the window: error handler, lock, integrity check (with one-click restore), backup, main window.

The flow itself (network share refusal, lock or read-only, check, marker, daily backup) is
`desktop.store.lock.open_register`, usable without Qt; this module adds the dialogs:
- a damaged register → "恢复最近的备份" restores the newest backup that passes quick_check (the
  damaged file is kept, byte for byte, in the backups folder) and opening goes on;
- another instance holds the register → it opens read-only; the main window's banner shows
  `register.readonly_reason` (who, on which computer, since when);
- an automatic backup that failed is reported, the register still opens;
- the slow steps (quick_check, schema upgrade, daily backup) run on a worker thread behind a busy
  message (`desktop.ui.ops.run_modal`), so the first open of the day on a big register does not freeze.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QTranslator,
)
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop import APP_NAME
from desktop.store import backup
from desktop.store.integrity import CheckResult
from desktop.store.lock import OpenedRegister, RegisterDamaged, open_register
from desktop.store.register import RegisterError
from desktop.ui.fonts import apply_chinese_fonts
from desktop.ui.i18n import t
from desktop.ui.ops import run_modal


def show_problem(parent: QWidget | None, text: str, *, warning: bool = False) -> None:
    """Tell the clerk (a seam for tests)."""
    (QMessageBox.warning if warning else QMessageBox.critical)(parent, t(APP_NAME), text)


def ask_restore(parent: QWidget | None, check: CheckResult, best: backup.BackupInfo) -> bool:
    """The damaged-register dialog: one click restores `best`. Returns True to restore."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(t(APP_NAME) + " — " + t("登记簿已损坏"))
    box.setText(check.problem)
    rows = "" if best.rows is None else t("，{n} 件申请").format(n=f"{best.rows:,}")
    box.setInformativeText(
        t(
            "可以恢复到最近一份完好的备份（{stamp}{rows}）。损坏的文件会先另存到备份文件夹，不会删除。"
        ).format(stamp=best.taken_at.strftime("%Y-%m-%d %H:%M"), rows=rows)
    )
    restore_button = box.addButton(t("恢复最近的备份"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(t("退出"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore_button)
    box.exec()
    return box.clickedButton() is restore_button


def _on_damaged(path: Path, parent: QWidget | None):
    def handle(check: CheckResult) -> bool:
        best = backup.newest_good_backup(path)
        if best is None:
            show_problem(
                parent,
                check.problem
                + "\n\n"
                + t("没有找到可用的备份。文件保持原样，没有做任何改动；请把它交给技术人员处理。"),
            )
            return False
        best = next((b for b in backup.list_backups(path) if b.path == best.path), best)
        if not ask_restore(parent, check, best):
            return False
        try:
            backup.restore_damaged(path, best.path)
        except RegisterError as exc:
            show_problem(parent, t("恢复失败：") + str(exc))
            return False
        return True

    return handle


def open_for_window(
    path: str | Path, parent: QWidget | None = None, *, defer_daily: bool = True
) -> OpenedRegister | None:
    """Open a register for a window, with every dialog of the start-up flow; None if it cannot be.

    With `defer_daily` the day's quick_check and backup are left in `opened.daily`: the caller
    starts them once its window shows (`ui.daily_care.start_daily_care`)."""
    path = Path(path)
    try:
        opened = open_register(
            path,
            on_damaged=_on_damaged(path, parent),
            run_slow=lambda label, step: run_modal(parent, label, step),
            defer_daily=defer_daily,
        )
    except RegisterDamaged:
        return None  # the clerk was told, and chose not to (or could not) restore
    except RegisterError as exc:
        show_problem(parent, str(exc))
        return None
    if opened.backup_problem:
        show_problem(parent, t("今天的自动备份没有成功：") + opened.backup_problem, warning=True)
    return opened


def install_qt_translations(
    app: QApplication, traditional: bool, folder: str | None = None
) -> QTranslator | None:
    """Qt's own dialog texts (确定, 取消, 显示详情…) in Chinese: qtbase_zh_CN.qm / qtbase_zh_TW.qm.

    qtbase, not the qt_zh_CN.qm meta catalogue: that one only lists qtbase and qtmultimedia, and
    refuses to load when qtmultimedia's file is missing, which it is in the bundle (installer.spec
    ships the Chinese qtbase files only): the bundle's buttons stayed English.
    """
    from PySide6.QtCore import QLocale

    # Chinese default locale too: the file dialog's dates and sizes read 2026/12/2 and 11 KB.
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Chinese,
            QLocale.Country.Taiwan if traditional else QLocale.Country.China,
        )
    )
    translator = QTranslator(app)
    if folder is None:
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_TW" if traditional else "qtbase_zh_CN", folder):
        return None  # a bundle without the file: English buttons, nothing worse
    app.installTranslator(translator)
    return translator


def _display_available() -> bool:
    """Linux and other X11/Wayland systems need a display, unless a platform is chosen explicitly."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtGui import QIcon

    from desktop.resources import icon_path
    from desktop.store.location import default_register_path
    from desktop.ui.errors import install_error_handler
    from desktop.ui.i18n import set_traditional

    traditional = bool(getattr(args, "traditional_ui", False))
    set_traditional(traditional)
    if QApplication.instance() is None and not _display_available():
        # Without this Qt aborts with an English message about xcb plugins.
        print(
            "ogi: 没有可用的图形显示（DISPLAY 未设置），无法打开窗口。"
            "请在桌面环境中启动；命令行功能见 ogi --help。",
            file=sys.stderr,
        )
        return 1
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setWindowIcon(QIcon(str(icon_path())))  # every window's title bar and the taskbar
    system_font = app.font()
    apply_chinese_fonts(app)
    translator = install_qt_translations(app, traditional)
    reporter = install_error_handler()
    from desktop.ui.ops import MainThreadCollector

    collector = MainThreadCollector(app)  # no Qt object is ever collected on a worker thread

    path = Path(args.db) if args.db else default_register_path()
    try:
        opened = open_for_window(path)
        if opened is None:
            return 1
        return _show_or_restore(app, path, opened, args, traditional)
    finally:  # leave the QApplication as found (tests run many windows in one process)
        collector.uninstall()
        collector.deleteLater()
        reporter.uninstall()
        app.setFont(system_font)
        if translator is not None:
            app.removeTranslator(translator)


def _show_or_restore(
    app: QApplication,
    path: Path,
    opened: OpenedRegister,
    args: argparse.Namespace,
    traditional: bool,
) -> int:
    """Damage the morning check could not see (a page broken after today's check passed) makes the
    window's first queries fail: then check, offer the restore path and open again (docs/safety.md,
    F3: the window used to exit with a traceback, no restore offered)."""
    from desktop.store import integrity
    from desktop.store.failures import database_failure

    for _attempt in range(2):
        try:
            return _show_window(app, opened, args, traditional)
        except Exception as exc:
            if database_failure(exc) != "damaged":
                raise
            check = integrity.quick_check(path)
            if check.ok:
                raise
            if not _on_damaged(path, None)(check):
                return 1
            reopened = open_for_window(path)
            if reopened is None:
                return 1
            opened = reopened
    return 1


def _show_window(
    app: QApplication, opened: OpenedRegister, args: argparse.Namespace, traditional: bool
) -> int:
    from PySide6.QtCore import QTimer

    from desktop.ui.daily_care import start_daily_care
    from desktop.ui.main_window import MainWindow

    window: MainWindow | None = None
    try:
        window = MainWindow(opened.register, traditional=traditional)
        window.show()
        start_daily_care(window, opened.daily)  # the day's check and backup, in the background
        if args.grab:
            QTimer.singleShot(800, lambda: window.grab().save(args.grab))
        if args.exit_after:
            QTimer.singleShot(args.exit_after, app.quit)
        return int(app.exec())
    finally:
        in_use = None
        if window is not None:
            in_use = window.register  # after a restore, the re-opened register
            # The window lets go of the register first. Closing the last window outside exec()
            # would make Qt quit every later event loop at once (tests run many in one process).
            quit_on_close = app.quitOnLastWindowClosed()
            app.setQuitOnLastWindowClosed(False)
            window.close()
            window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            app.setQuitOnLastWindowClosed(quit_on_close)
        opened.close(in_use)  # clears the "in use" marker, releases the lock
