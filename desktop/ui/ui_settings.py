"""ui.json in the data folder: each window's size and place, the last folder used. Written on a thread.

These were kept in ui.ini through QSettings, written on the GUI thread: every window that closed
ended in QSaveFile's fsync, 1.0–1.2 s of a frozen window while the day's backup was writing the disk
(bench_gui_stall.py --stacks). QSettings cannot simply move to a thread: its sync() keeps Python's
GIL through the fsync, so the window froze just the same (measured: the GUI thread's longest gap
equalled the longest sync). So the values are kept here, in memory, and a short-lived thread writes
them with Python's own file calls, which let the GIL go while the disk works. The file is replaced
whole (written beside it, then renamed): a crash leaves the old sizes, never half a file. An old
ui.ini is read once, the first time, so nobody's window sizes are lost by the change.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

FILE_NAME = "ui.json"
OLD_FILE_NAME = "ui.ini"


class UiSettings:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._values: dict[str, Any] | None = None  # read on first use
        self._version = 0  # bumped by every set_value
        self._written = 0  # the version on disk
        self._writer: threading.Thread | None = None

    def value(self, key: str) -> Any:
        with self._lock:
            return self._loaded().get(key)

    def set_value(self, key: str, value: Any) -> None:
        with self._lock:
            self._loaded()[key] = value
            self._version += 1
            if self._writer is None:
                # Not a daemon: a size set just before the program quits is still written.
                self._writer = threading.Thread(target=self._write, name="ogi-ui-settings")
                self._writer.start()

    def flush(self) -> None:
        """Wait until every value set is on disk (tests; the program needs not)."""
        with self._lock:
            writer = self._writer
        if writer is not None:
            writer.join()

    # ------------------------------------------------------------------ the file
    def _loaded(self) -> dict[str, Any]:
        if self._values is None:
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
                self._values = (
                    {k: _decode(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
                )
            except FileNotFoundError:
                self._values = _read_old_ini(self.path.with_name(OLD_FILE_NAME))
            except (
                OSError,
                ValueError,
                TypeError,
            ):  # damaged: the windows take their default sizes
                self._values = {}
        return self._values

    def _write(self) -> None:
        while True:
            with self._lock:
                if self._written == self._version:
                    self._writer = None
                    return
                version, values = self._version, dict(self._loaded())
            text = json.dumps(
                {k: _encode(v) for k, v in values.items()}, ensure_ascii=False, indent=1
            )
            spare = self.path.with_name(self.path.name + ".tmp")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                spare.write_text(text, encoding="utf-8")
                os.replace(spare, self.path)
            except OSError:
                pass  # a read-only data folder just forgets the sizes
            with self._lock:
                self._written = version


def _encode(value: Any) -> Any:
    if isinstance(value, QByteArray):  # a window's saveGeometry()
        return {"bytes": base64.b64encode(value.data()).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"bytes"}:
        return QByteArray(base64.b64decode(value["bytes"]))
    return value


def _read_old_ini(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    old = QSettings(str(path), QSettings.Format.IniFormat)  # reading: no fsync
    return {key: old.value(key) for key in old.allKeys()}


_by_path: dict[Path, UiSettings] = {}
_by_path_lock = threading.Lock()


def ui_settings() -> UiSettings:
    """The settings of the current data folder (one object per file, shared by every window)."""
    from desktop.store.location import data_dir

    path = data_dir() / FILE_NAME
    with _by_path_lock:
        found = _by_path.get(path)
        if found is None:
            found = _by_path[path] = UiSettings(path)
        return found
