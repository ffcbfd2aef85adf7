"""Every `ogi` command's output survives a code page without Chinese (Windows cp1252, piped).

On a non-Chinese Windows, Python writes pipes and files in cp1252: `ogi holidays show | more` used to
stop with UnicodeEncodeError. `desktop.cli.make_output_safe` (called first in main) switches such a
stream to UTF-8 and keeps one that can write Chinese (cp936 on a Chinese Windows) as it is. Here the
Windows streams are imitated with TextIOWrappers in those encodings, and once end to end through a
real pipe with PYTHONIOENCODING.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main, make_output_safe
from desktop.store.register import Register

ROOT = Path(__file__).resolve().parents[2]


def windows_pipe(encoding: str) -> tuple[io.TextIOWrapper, io.BytesIO]:
    raw = io.BytesIO()
    return io.TextIOWrapper(raw, encoding=encoding, errors="strict", write_through=True), raw


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "reg.ogidb"
    Register.open(path).close()
    return path


def test_cp1252_pipe_cannot_take_chinese_unless_made_safe() -> None:
    # The failure the fix is for: the plain stream raises on the first Chinese character.
    stream, _raw = windows_pipe("cp1252")
    with pytest.raises(UnicodeEncodeError):
        stream.write("国庆节")


def test_holidays_show_on_cp1252_pipe_writes_utf8(db: Path, monkeypatch) -> None:
    out, raw_out = windows_pipe("cp1252")
    err, _raw_err = windows_pipe("cp1252")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["holidays", "show", "--year", "2026", "--db", str(db)]) == 0
    out.flush()
    text = raw_out.getvalue().decode("utf-8")  # strict: every byte is real UTF-8
    assert "国庆节" in text and "春节" in text
    assert out.encoding == "utf-8" and out.errors == "replace"


def test_error_message_on_cp1252_stderr_names_the_file(tmp_path: Path, monkeypatch) -> None:
    err, raw_err = windows_pipe("cp1252")
    monkeypatch.setattr(sys, "stdout", windows_pipe("cp1252")[0])
    monkeypatch.setattr(sys, "stderr", err)
    missing = tmp_path / "没有 这个.ogidb"
    assert main(["holidays", "show", "--year", "2026", "--db", str(missing)]) == 1
    err.flush()
    assert f"登记簿文件 {missing} 不存在" in raw_err.getvalue().decode("utf-8")


def test_chinese_code_page_is_kept_and_a_character_outside_gbk_is_replaced(monkeypatch) -> None:
    out, raw = windows_pipe("cp936")
    monkeypatch.setattr(sys, "stdout", out)
    make_output_safe()
    print("申请人 张三 \U0001f600")  # an emoji in a name: not in GBK
    out.flush()
    assert out.encoding == "cp936"
    assert raw.getvalue().decode("cp936") == "申请人 张三 ?\n"


def test_no_console_streams_are_left_alone(monkeypatch) -> None:
    # ogiw.exe (the window without a console) has sys.stdout = sys.stderr = None.
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    make_output_safe()
    assert sys.stdout is None and sys.stderr is None


def test_real_pipe_in_cp1252_end_to_end(db: Path) -> None:
    # PYTHONIOENCODING makes Python's own pipe the cp1252 stream a non-Chinese Windows gives it.
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONUTF8", None)
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "holidays", "show", "--year", "2026", "--db", str(db)],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert "国庆节" in proc.stdout.decode("utf-8")
