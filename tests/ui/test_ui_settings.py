"""ui.ini: a value set is read back at once, and written to disk by a thread, not the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QByteArray, QSettings

from desktop.ui import ui_settings as module
from desktop.ui.ui_settings import UiSettings, ui_settings


def on_disk(path, key):
    return QSettings(str(path), QSettings.Format.IniFormat).value(key)


def test_a_value_is_read_back_at_once_and_reaches_the_file(tmp_path) -> None:
    settings = UiSettings(tmp_path / "ui.ini")
    settings.set_value("geometry/report", QByteArray(b"\x01\x02"))
    settings.set_value("files/last_folder", str(tmp_path))
    assert settings.value("files/last_folder") == str(tmp_path)  # before any write finished
    settings.flush()
    assert on_disk(tmp_path / "ui.ini", "geometry/report") == QByteArray(b"\x01\x02")
    assert on_disk(tmp_path / "ui.ini", "files/last_folder") == str(tmp_path)
    assert UiSettings(tmp_path / "ui.ini").value("files/last_folder") == str(tmp_path)


def test_the_file_is_written_off_the_calling_thread(tmp_path, monkeypatch) -> None:
    # QSaveFile's fsync took ~1 s on the GUI thread while a backup wrote the disk.
    writers: list[str] = []
    real_sync = QSettings.sync

    def sync(self: QSettings) -> None:
        writers.append(threading.current_thread().name)
        real_sync(self)

    monkeypatch.setattr(QSettings, "sync", sync)
    settings = UiSettings(tmp_path / "ui.ini")
    settings.set_value("a", "1")
    settings.flush()
    assert writers and threading.current_thread().name not in writers
    assert on_disk(tmp_path / "ui.ini", "a") == "1"


def test_values_set_while_writing_are_written_too(tmp_path, monkeypatch) -> None:
    started, release = threading.Event(), threading.Event()
    real_sync = QSettings.sync

    def slow_sync(self: QSettings) -> None:
        started.set()
        release.wait(10)
        real_sync(self)

    monkeypatch.setattr(QSettings, "sync", slow_sync)
    settings = UiSettings(tmp_path / "ui.ini")
    settings.set_value("a", "first")
    assert started.wait(10)
    settings.set_value("a", "second")  # while the first write is on its way
    settings.set_value("b", "new")
    assert settings.value("a") == "second"
    release.set()
    settings.flush()
    assert on_disk(tmp_path / "ui.ini", "a") == "second"
    assert on_disk(tmp_path / "ui.ini", "b") == "new"


def test_one_object_per_data_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("OGI_DATA_DIR", str(tmp_path / "one"))
    one = ui_settings()
    assert ui_settings() is one
    monkeypatch.setenv("OGI_DATA_DIR", str(tmp_path / "two"))
    assert ui_settings() is not one
    assert module.ui_settings().path == tmp_path / "two" / "ui.ini"
