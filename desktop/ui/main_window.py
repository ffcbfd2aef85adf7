"""The main window (placeholder until the register view lands)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from desktop import APP_NAME
from desktop.store.register import Register


class MainWindow(QMainWindow):
    def __init__(self, register: Register):
        super().__init__()
        self.register = register
        self.setWindowTitle(f"{APP_NAME} — {register.path}")
        self.setCentralWidget(QLabel(f"共 {register.count()} 件申请"))
