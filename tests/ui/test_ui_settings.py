"""ui.json: a value set is read back at once and written by a thread that lets the GIL go."""

from __future__ import annotations

import json
import threading

from PySide6.QtCore import QByteArray, QSettings

from desktop.ui import ui_settings as module
from desktop.ui.ui_settings import UiSettings, ui_settings


def test_a_value_is_read_back_at_once_and_reaches_the_file(tmp_path) -> None:
    path = tmp_path / "ui.json"
    settings = UiSettings(path)
    geometry = QByteArray(b"\x01\xd0\x00geometry")
    settings.set_value("geometry/report", geometry)
    settings.set_value("files/last_folder", str(tmp_path / "导出"))
    assert settings.value("files/last_folder") == str(tmp_path / "导出")
    settings.flush()
    again = UiSettings(path)  # as the next start of the program reads it
    assert again.value("geometry/report") == geometry
    assert again.value("files/last_folder") == str(tmp_path / "导出")
    assert json.loads(path.read_text(encoding="utf-8"))["files/last_folder"].endswith("导出")
    assert not (tmp_path / "ui.json.tmp").exists()


def test_the_file_is_written_by_another_thread(tmp_path, monkeypatch) -> None:
    writers: list[str] = []
    real_replace = module.os.replace

    def replace(src, dst):
        writers.append(threading.current_thread().name)
        real_replace(src, dst)

    monkeypatch.setattr(module.os, "replace", replace)
    settings = UiSettings(tmp_path / "ui.json")
    settings.set_value("a", "1")
    settings.flush()
    assert writers and threading.current_thread().name not in writers
    assert UiSettings(tmp_path / "ui.json").value("a") == "1"


def test_values_set_while_writing_are_written_too(tmp_path, monkeypatch) -> None:
    started, release = threading.Event(), threading.Event()
    real_replace = module.os.replace

    def slow_replace(src, dst):
        started.set()
        release.wait(10)
        real_replace(src, dst)

    monkeypatch.setattr(module.os, "replace", slow_replace)
    settings = UiSettings(tmp_path / "ui.json")
    settings.set_value("a", "first")
    assert started.wait(10)
    settings.set_value("a", "second")  # while the first write is on its way
    settings.set_value("b", "new")
    assert settings.value("a") == "second"
    release.set()
    settings.flush()
    again = UiSettings(tmp_path / "ui.json")
    assert (again.value("a"), again.value("b")) == ("second", "new")


def test_the_sizes_kept_in_an_old_ui_ini_are_read_once(tmp_path) -> None:
    old = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    old.setValue("geometry/ApplicationForm", QByteArray(b"\x01\x02\x03"))
    old.setValue("files/last_folder", "D:/台账")
    old.sync()
    del old
    settings = UiSettings(tmp_path / "ui.json")
    assert settings.value("geometry/ApplicationForm") == QByteArray(b"\x01\x02\x03")
    assert settings.value("files/last_folder") == "D:/台账"


def test_a_damaged_file_gives_the_default_sizes(tmp_path) -> None:
    (tmp_path / "ui.json").write_text("{不是 JSON", encoding="utf-8")
    settings = UiSettings(tmp_path / "ui.json")
    assert settings.value("geometry/report") is None
    settings.set_value("geometry/report", QByteArray(b"x"))
    settings.flush()
    assert UiSettings(tmp_path / "ui.json").value("geometry/report") == QByteArray(b"x")


def test_one_object_per_data_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("OGI_DATA_DIR", str(tmp_path / "one"))
    one = ui_settings()
    assert ui_settings() is one and one.path == tmp_path / "one" / "ui.json"
    monkeypatch.setenv("OGI_DATA_DIR", str(tmp_path / "two"))
    assert ui_settings() is not one
