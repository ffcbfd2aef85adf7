"""Start the window: one QApplication, the register opened, the main window shown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop import APP_NAME
    from desktop.store.location import default_register_path
    from desktop.store.register import Register, RegisterError

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    path = Path(args.db) if args.db else default_register_path()
    try:
        register = Register.open(path)
    except RegisterError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1

    from desktop.ui.main_window import MainWindow

    window = MainWindow(register)
    window.show()
    if args.grab:
        QTimer.singleShot(800, lambda: window.grab().save(args.grab))
    if args.exit_after:
        QTimer.singleShot(args.exit_after, app.quit)
    code = app.exec()
    register.close()
    return int(code)
