"""Resource lookup works from source and inside a PyInstaller bundle (sys._MEIPASS)."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

from desktop import resources

REPO = Path(__file__).resolve().parents[2]


def test_from_source_resources_are_the_repository_folder():
    assert resources.resources_root() == REPO / "resources"
    assert resources.resource_path("letters", "x.docx") == REPO / "resources" / "letters" / "x.docx"


def test_in_a_bundle_resources_are_under_meipass(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("icon.png") == tmp_path / "resources" / "icon.png"


def test_icon_files_are_committed_and_well_formed():
    png = resources.icon_path().read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (256, 256)
    ico = resources.resource_path("icon.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sides = {ico[6 + 16 * i] or 256 for i in range(count)}
    # Windows picks from these: the taskbar (16/24/32), Explorer (48/256).
    assert {16, 32, 48, 256} <= sides
