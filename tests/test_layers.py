"""The layers import one way only (docs/architecture.md): a module that imports across them the wrong
way fails here, whatever else it does.

- desktop.domain: pure Python rules. Nothing of ours above it, no Qt, no SQL, no file formats.
- desktop.store, desktop.reports, desktop.ops, desktop.commands: no window code, no Qt.
- desktop.ui: no sqlite3 (SQL belongs to the store; the window asks it).

Every import is counted, also those inside functions (the lazy ones).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop"

QT = ("PySide6", "shiboken6")
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": (
        *QT,
        "sqlite3",
        "sqlite_utils",
        "openpyxl",
        "docx",
        "desktop.store",
        "desktop.reports",
        "desktop.ops",
        "desktop.ui",
        "desktop.commands",
        "desktop.cli",
    ),
    "store": (*QT, "desktop.ui", "desktop.commands", "desktop.cli"),
    "reports": (*QT, "desktop.ui", "desktop.commands", "desktop.cli"),
    "ops": (*QT, "desktop.ui", "desktop.commands", "desktop.cli"),
    "commands": (*QT, "desktop.ui"),
    "ui": ("sqlite3", "sqlite_utils"),
}


def imported_names(path: Path) -> list[tuple[int, list[str]]]:
    """Each import statement of the file: its line and the modules it may load (relative ones
    resolved; `from desktop import ui` loads the subpackage too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: list[tuple[int, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, [alias.name]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, [module, *(f"{module}.{a.name}" for a in node.names)]))
    return sorted(found)


def violations(layer: str) -> list[str]:
    bad = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for line, modules in imported_names(path):
            hit = next(
                (
                    m
                    for m in modules
                    for banned in FORBIDDEN[layer]
                    if m == banned or m.startswith(banned + ".")
                ),
                None,
            )
            if hit is not None:
                bad.append(f"{path.relative_to(ROOT).as_posix()}:{line} imports {modules[0]}")
    return bad


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_downwards(layer: str) -> None:
    assert (PACKAGE / layer).is_dir()
    assert violations(layer) == []


def test_the_rule_catches_a_wrong_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself works: a domain module importing the store or Qt is reported."""
    fake_root = tmp_path
    domain = fake_root / "desktop" / "domain"
    domain.mkdir(parents=True)
    (domain / "rule.py").write_text(
        "from desktop.store.register import Register\n"
        "def f():\n    from PySide6.QtWidgets import QWidget\n    from . import vocab\n",
        encoding="utf-8",
    )
    module = sys.modules[__name__]
    monkeypatch.setattr(module, "ROOT", fake_root)
    monkeypatch.setattr(module, "PACKAGE", fake_root / "desktop")
    found = violations("domain")
    assert found == [
        "desktop/domain/rule.py:1 imports desktop.store.register",
        "desktop/domain/rule.py:3 imports PySide6.QtWidgets",
    ]
