"""ui.ini in the data folder: each window's size and place, the last folder used. Written on a thread.

Written through QSettings on the GUI thread, every window that closed ended in QSaveFile's fsync:
1.0–1.2 s of a frozen window while the day's backup was writing the disk (bench_gui_stall.py
--stacks). A value set is kept here at once (so reading it back needs no disk) and written by a
short-lived thread; the thread is not a daemon, so a value set just before the program quits is
still written.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings


class UiSettings:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._pending: dict[str, Any] = {}  # set and not yet on disk
        self._writer: threading.Thread | None = None

    def value(self, key: str) -> Any:
        with self._lock:
            if key in self._pending:
                return self._pending[key]
        return self._qsettings().value(key)  # a read: no fsync, and Qt caches the parsed file

    def set_value(self, key: str, value: Any) -> None:
        with self._lock:
            self._pending[key] = value
            if self._writer is None:
                self._writer = threading.Thread(target=self._write, name="ogi-ui-settings")
                self._writer.start()

    def flush(self) -> None:
        """Wait until every value set is on disk (tests; the program needs not)."""
        with self._lock:
            writer = self._writer
        if writer is not None:
            writer.join()

    def _qsettings(self) -> QSettings:
        return QSettings(str(self.path), QSettings.Format.IniFormat)

    def _write(self) -> None:
        while True:
            with self._lock:
                batch = dict(self._pending)
                if not batch:
                    self._writer = None
                    return
            settings = self._qsettings()
            for key, value in batch.items():
                settings.setValue(key, value)
            settings.sync()  # QSettings never raises: a read-only folder just forgets
            del settings
            with self._lock:
                for key, value in batch.items():
                    if self._pending.get(key) is value:
                        del self._pending[key]


_by_path: dict[Path, UiSettings] = {}
_by_path_lock = threading.Lock()


def ui_settings() -> UiSettings:
    """The settings of the current data folder (one object per file, shared by every window)."""
    from desktop.store.location import data_dir

    path = data_dir() / "ui.ini"
    with _by_path_lock:
        found = _by_path.get(path)
        if found is None:
            found = _by_path[path] = UiSettings(path)
        return found
