"""The window's Chinese on Windows: Qt's own buttons translated in the bundle, Chinese fonts named.

The bundle ships only the Chinese qtbase translations (installer.spec); the qt_zh_CN.qm meta
catalogue would refuse to load there (it also names qtmultimedia), so the buttons stayed English.
Fonts: after the system's UI font come 微软雅黑 then 宋体 (desktop/ui/fonts.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo

from desktop.ui import app as app_module
from desktop.ui.fonts import CHINESE_FONT_FALLBACKS, apply_chinese_fonts, ui_font_families


def qt_translations() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def test_buttons_in_chinese_from_only_the_files_the_bundle_ships(qapp, tmp_path: Path) -> None:
    # What installer.spec keeps of PySide6/translations (KEEP_TRANSLATION): the Chinese qtbase files.
    for name in ("qtbase_zh_CN.qm", "qtbase_zh_TW.qm"):
        shutil.copy(qt_translations() / name, tmp_path / name)
    translator = app_module.install_qt_translations(qapp, False, str(tmp_path))
    assert translator is not None
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert QCoreApplication.translate("QPlatformTheme", "Save") == "保存"
    finally:
        qapp.removeTranslator(translator)


def test_traditional_buttons(qapp) -> None:
    translator = app_module.install_qt_translations(qapp, True)
    assert translator is not None
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert QCoreApplication.translate("QPlatformTheme", "Open") == "開啟"
    finally:
        qapp.removeTranslator(translator)


def test_without_translation_files_buttons_stay_english(qapp, tmp_path: Path) -> None:
    assert app_module.install_qt_translations(qapp, False, str(tmp_path)) is None
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_english_windows_ui_font_is_followed_by_yahei_then_simsun() -> None:
    families = ui_font_families("Segoe UI")
    assert families[0] == "Segoe UI"
    assert families.index("Microsoft YaHei") < families.index("SimSun")
    # On a Chinese Windows the system font is already 微软雅黑 UI: not listed twice.
    assert ui_font_families("Microsoft YaHei UI").count("Microsoft YaHei UI") == 1


def test_application_font_gets_the_fallbacks(qapp) -> None:
    before = qapp.font()
    try:
        apply_chinese_fonts(qapp)
        families = qapp.font().families()
        assert families[0] == before.family()
        assert [f for f in families if f in CHINESE_FONT_FALLBACKS][:3] == [
            "Microsoft YaHei UI",
            "Microsoft YaHei",
            "SimSun",
        ]
        assert qapp.font().pointSizeF() == before.pointSizeF()
    finally:
        qapp.setFont(before)
