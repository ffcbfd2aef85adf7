"""Which fonts draw the Chinese: the system's UI font first, then named Chinese fonts in order.

Qt starts with the system's UI font: "Microsoft YaHei UI" on a Chinese Windows, but "Segoe UI" (no
Chinese) on an English one, whose fallback for Han characters may then be a Japanese font (the same
code points, Japanese glyph shapes) or, on a PC without the Chinese language pack, SimSun only. So the
application font lists Chinese fonts after the system's, in the order we prefer: 微软雅黑 (on every
Windows 10/11), then 宋体, then the usual Chinese fonts of Linux desktops (统信UOS/麒麟 ship Noto
CJK or WenQuanYi). A font that is not installed is skipped; Latin text keeps the system font.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

CHINESE_FONT_FALLBACKS: tuple[str, ...] = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",  # 微软雅黑
    "SimSun",  # 宋体
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
)


def ui_font_families(system_family: str) -> list[str]:
    """The system's UI font, then the Chinese fallbacks (without repeating it)."""
    return [system_family, *(f for f in CHINESE_FONT_FALLBACKS if f != system_family)]


def apply_chinese_fonts(app: QApplication) -> None:
    font = app.font()
    font.setFamilies(ui_font_families(font.family()))
    app.setFont(font)
