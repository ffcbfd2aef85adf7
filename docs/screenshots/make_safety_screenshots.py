"""Screenshots for docs/safety.md: 备份与恢复, the read-only banner, the damaged-register dialogs.

Run: xvfb-run -a env PYTHONPATH=. .venv/bin/python docs/screenshots/make_safety_screenshots.py
(or QT_QPA_PLATFORM=offscreen). Works on throw-away registers in a temporary folder.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.store import backup, lock
from desktop.store.register import Register
from desktop.ui import app as app_module
from desktop.ui.backup_dialog import BackupDialog
from desktop.ui.errors import install_error_handler
from desktop.ui.main_window import MainWindow

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from make_screenshots import sample_register  # noqa: E402


def file_register(path: Path) -> None:
    memory = sample_register(date.today())
    target = sqlite3.connect(path)
    memory.conn.backup(target)
    target.close()
    memory.close()
    Register.open(path).close()  # WAL mode, as the program leaves it


def grab_next_message_box(name: str, button_text: str) -> None:
    """When the next message box shows: save it as `name`, then press `button_text`."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, look)
            return
        QApplication.processEvents()
        box.grab().save(str(HERE / name))
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return
        box.reject()

    QTimer.singleShot(50, look)


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app_module.install_qt_translations(app, traditional=False)  # 确定, not OK, as in run_gui
    MainWindow.show_due_board_on_start = False
    folder = Path(tempfile.mkdtemp(prefix="ogi-safety-shots-"))
    (HERE / "background-error.png").unlink(missing_ok=True)
    path = folder / "登记簿.ogidb"
    file_register(path)

    # 备份与恢复, with a month of automatic backups, a manual one and a before-restore copy.
    opened = lock.open_register(path, backup_on_open=False)
    now = datetime.now().replace(hour=8, minute=57, second=3, microsecond=0)
    for days in (40, 9, 8, 7, 3, 2, 1):
        backup.make_backup(opened.register, kind="auto", now=now - timedelta(days=days))
    backup.make_backup(
        opened.register, kind="before-restore", now=now - timedelta(days=2, hours=-3)
    )
    backup.make_backup(opened.register, kind="auto", now=now)
    backup.make_backup(opened.register, kind="manual", now=now + timedelta(hours=2, minutes=11))
    window = MainWindow(opened.register)
    window.resize(1280, 640)
    window.show()
    dialog = BackupDialog(window)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(HERE / "backup-dialog.png"))
    dialog.close()

    # A second instance: read-only, with the banner saying who holds the register.
    second = lock.open_register(path)
    reader = MainWindow(second.register)
    reader.resize(1280, 420)
    reader.show()
    app.processEvents()
    reader.grab().save(str(HERE / "readonly-banner.png"))
    reader.close()
    second.close()

    # A bug in a background task: a short Chinese message, the traceback in the log file.
    reporter = install_error_handler(folder / "logs")
    grab_next_message_box("background-error.png", "确定")
    window.run_in_background("正在导出台账…", lambda: {}["表头"], lambda result: None)
    while not (HERE / "background-error.png").exists() or QApplication.activeModalWidget():
        app.processEvents()
    reporter.uninstall()
    window.close()
    opened.close()

    # A damaged register (cut in half, as by a copy that did not finish): the restore dialog.
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    grab_next_message_box("damaged-dialog.png", "退出")
    assert app_module.open_for_window(path) is None

    # The same without any backup: the file is left alone and the clerk is told what to do.
    lonely = folder / "没有备份" / "登记簿.ogidb"
    lonely.parent.mkdir()
    lonely.write_bytes(b"\x00" * 100 + b"not a register" * 300)
    grab_next_message_box("damaged-no-backup.png", "OK")
    assert app_module.open_for_window(lonely) is None
    print("saved in", HERE)


if __name__ == "__main__":
    main()
