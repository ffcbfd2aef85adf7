"""Shared test set-up: Qt offscreen (must happen before any QApplication exists), temp registers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.store.register import Register  # noqa: E402
from desktop.ui.widgets import pin_python_singletons  # noqa: E402

# PySide6 6.12 on CPython 3.11 drops references to None/True/False (see the function's docstring);
# without this a long test session aborts with "deallocating None".
pin_python_singletons()

DATA = Path(__file__).parent / "data"


@pytest.fixture
def register(tmp_path: Path):
    """A fresh register file in a temporary folder."""
    reg = Register.open(tmp_path / "register.ogidb")
    yield reg
    reg.close()


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never touch the real user's data folder from a test."""
    monkeypatch.setenv("OGI_DATA_DIR", str(tmp_path_factory.mktemp("ogi-data")))


@pytest.fixture(autouse=True)
def _inline_ops():
    """Window operations run inline (desktop.ui.ops): a test reads the result on the next line.

    Tests of the worker itself, and those that drive a real thread, use the `threaded_ops` fixture.
    """
    from desktop.ui.ops import OpRunner

    OpRunner.inline_default = True
    yield
    OpRunner.inline_default = False


# A test with real worker threads that has not ended after this long is stuck: every thread's
# stack is written to stderr and the run ends with an error, never a CI job hanging for hours.
THREADED_TEST_LIMIT_S = 300


@pytest.fixture
def threaded_ops(_inline_ops):
    """Operations on the real worker thread (wait for them with qtbot.waitUntil).

    As in the program (desktop.ui.ops.MainThreadCollector), Python's cycle collector runs on the
    GUI thread only: the garbage earlier tests left (widgets among it) is collected here first, and
    automatic collection is off while worker threads run, so no Qt object is ever destroyed on a
    worker. The watchdog is faulthandler's own thread: it fires even when the main thread is stuck
    inside Qt, where no Python timeout can run.
    """
    import faulthandler
    import gc
    import sys

    from desktop.ui.ops import OpRunner

    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    faulthandler.dump_traceback_later(THREADED_TEST_LIMIT_S, exit=True, file=sys.__stderr__)
    OpRunner.inline_default = False
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        if was_enabled:
            gc.enable()


# A test that hangs (a modal dialog nobody answers, a deadlock inside Qt) must fail with every
# thread's stack, not hang the run until CI's own limit: faulthandler's watchdog thread fires even
# while the main thread is stuck inside Qt. The bundle/installer/.deb builds take far longer.
HANG_LIMIT_S = 600
BUILD_HANG_LIMIT_S = 3 * 3600


@pytest.fixture(autouse=True)
def _hang_watchdog(request: pytest.FixtureRequest):
    import faulthandler
    import sys

    building = "tests/build/" in Path(str(request.node.fspath)).as_posix()
    limit = BUILD_HANG_LIMIT_S if building else HANG_LIMIT_S
    faulthandler.dump_traceback_later(limit, exit=True, file=sys.__stderr__)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
