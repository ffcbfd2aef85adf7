"""mypy over the whole package, with the project's settings (pyproject.toml [tool.mypy]): strict for
desktop.domain and desktop.ops, default elsewhere. CI runs pytest, so a type error fails CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_errors(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_the_strict_layers_are_checked_strictly() -> None:
    """The configuration holds what the project promises (not just "mypy ran")."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text[text.index("[tool.mypy]") :]
    assert 'module = ["desktop.domain.*", "desktop.ops.*"]' in section
    for flag in ("disallow_untyped_defs", "disallow_any_generics", "warn_return_any"):
        assert f"{flag} = true" in section
    assert "warn_unused_ignores = true" in section
    assert "ignore_errors" not in section  # no module is switched off
