"""Draw the application icon: a red seal with 公开 in white. Writes resources/icon.png and icon.ico.

Run `.venv/bin/python build/make_icon.py` after changing the design and commit both files; the build
does not redraw them (the drawing depends on the fonts installed, the committed files do not).
The .ico holds PNG-compressed images at the sizes Windows asks for (16 to 256 px); sizes up to 32 px carry
the single character 公, which stays legible at 16 px where two characters would not.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)

ROOT = Path(__file__).resolve().parent.parent
SEAL_RED = QColor("#c8161d")  # 中国红, the colour of an official seal
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Bold sans CJK faces, in order of preference (Linux build machines, then Windows).
FONT_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
)


def cjk_family() -> str:
    installed = set(QFontDatabase.families())
    for family in FONT_FAMILIES:
        if family in installed:
            return family
    sys.exit(f"make_icon: no CJK font installed (tried {', '.join(FONT_FAMILIES)})")


def draw(size: int, family: str) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = size * 0.04
    outer = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(SEAL_RED)
    p.drawRoundedRect(outer, size * 0.14, size * 0.14)
    text = "公" if size <= 32 else "公开"
    if size >= 32:  # the seal's inner white border; lost in noise below 32 px
        inset = size * 0.055
        pen = QPen(QColor("white"), max(1.0, size * 0.025))
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(outer.adjusted(inset, inset, -inset, -inset), size * 0.06, size * 0.06)
    font = QFont(family)
    font.setPixelSize(round(size * (0.62 if len(text) == 1 else 0.35)))
    # The text as an outline, filled and stroked: a seal's characters are heavier than any regular
    # face, and not every CJK font has a bold weight to ask for.
    path = QPainterPath()
    path.addText(0, 0, font, text)
    box = path.boundingRect()
    path.translate(outer.center() - box.center())
    p.setPen(QPen(QColor("white"), size * 0.018))
    p.setBrush(QColor("white"))
    p.drawPath(path)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: list[QImage]) -> bytes:
    """An .ico of PNG entries (Windows Vista and later read these; PyInstaller embeds it as is)."""
    pngs = [png_bytes(image) for image in images]
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries = b""
    for image, png in zip(images, pngs, strict=True):
        side = image.width() % 256  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    return header + entries + b"".join(pngs)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    family = cjk_family()
    out = ROOT / "resources"
    out.mkdir(exist_ok=True)
    draw(256, family).save(str(out / "icon.png"), "PNG")
    (out / "icon.ico").write_bytes(ico_bytes([draw(s, family) for s in ICO_SIZES]))
    print(f"make_icon: wrote {out / 'icon.png'} and {out / 'icon.ico'} ({family})")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
