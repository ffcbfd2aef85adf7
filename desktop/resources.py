"""Where the program's bundled files (icon, letter templates, …) are, from source and in the bundle.

Everything under the top-level `resources/` folder is shipped by installer.spec as `resources/` inside
the bundle. A PyInstaller bundle sets `sys._MEIPASS` to the folder it unpacked to (in a onedir bundle:
`ogi/_internal`); running from source, the folder sits next to the `desktop` package. Always ask this
module rather than building paths from `__file__`, which points elsewhere in the bundle.
"""

from __future__ import annotations

import sys
from pathlib import Path

RESOURCES_DIR_NAME = "resources"


def resources_root() -> Path:
    """The folder holding the shipped resources."""
    bundle_dir = getattr(sys, "_MEIPASS", None)
    if bundle_dir:
        return Path(bundle_dir) / RESOURCES_DIR_NAME
    return Path(__file__).resolve().parent.parent / RESOURCES_DIR_NAME


def guide_candidates(name: str) -> list[Path]:
    """Where the user guide may be: the bundle's copy (installer.spec puts docs/ files in
    resources/help), else the source tree's docs/ beside the package."""
    return [resource_path("help", name), Path(__file__).resolve().parent.parent / "docs" / name]


def resource_path(*parts: str) -> Path:
    """The path of a shipped file, e.g. `resource_path("letters", "登记回执.docx")`.

    Does not check that the file exists: callers decide whether a missing file is an error.
    """
    return resources_root().joinpath(*parts)


def icon_path() -> Path:
    """The application icon (PNG; Qt reads it on every platform, the .ico is for the Windows exe)."""
    return resource_path("icon.png")
