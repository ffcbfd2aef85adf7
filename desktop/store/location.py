"""Where the default register lives: the user's data folder, no admin rights needed.

Computed without Qt so the command line works the same; it matches what QStandardPaths'
AppDataLocation gives on Windows (%APPDATA%) and Linux (XDG data home).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "OGIRegister"
DEFAULT_REGISTER_NAME = "register.ogidb"


def data_dir() -> Path:
    override = os.environ.get("OGI_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME


def default_register_path() -> Path:
    return data_dir() / DEFAULT_REGISTER_NAME


def log_dir() -> Path:
    return data_dir() / "logs"
