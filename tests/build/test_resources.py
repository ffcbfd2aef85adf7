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


def test_no_module_finds_files_from_its_own_location():
    # In the bundle a module's __file__ points into the PYZ, not at the shipped files: every run-time
    # file must come through desktop.resources (installer.spec ships resources/ whole).
    package = REPO / "desktop"
    offenders = [
        str(path.relative_to(REPO))
        for path in package.rglob("*.py")
        if path != package / "resources.py" and "__file__" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_every_letter_template_the_rules_name_is_shipped():
    from desktop.domain.letters import LETTER_KINDS

    missing = [
        k.template
        for k in LETTER_KINDS
        if not resources.resource_path("letters", k.template).is_file()
    ]
    assert missing == []
