"""Fault-injection suite: a short version of each test runs by default, the long one with `-m slow`.

`pytest` (CI) runs the quick versions (a few seconds each). `pytest -m slow tests/faults` runs the
long ones (200 kill -9 runs, more fuzzing examples); they are skipped unless `-m` names `slow`,
because pyproject's addopts cannot deselect them without affecting everyone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="long fault-injection run: pytest -m slow tests/faults")
    for item in items:
        if "slow" in item.keywords and HERE in Path(str(item.fspath)).parents:
            item.add_marker(skip)
