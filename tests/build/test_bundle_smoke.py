"""The PyInstaller bundle builds and passes its smoke test (opt-in: OGI_BUNDLE_TEST=1).

Building takes about a minute on a 2-core machine and needs PyInstaller, so it is not part of the
ordinary run; `bash build/build_bundle.sh` is the pre-release check (docs/packaging.md).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    os.environ.get("OGI_BUNDLE_TEST") != "1", reason="bundle build is opt-in: set OGI_BUNDLE_TEST=1"
)


def test_bundle_builds_and_every_smoke_step_passes(tmp_path: Path):
    proc = subprocess.run(
        ["bash", str(ROOT / "build" / "build_bundle.sh"), "--no-archive", "--keep", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "FAIL" not in proc.stdout
    summary = [line for line in proc.stdout.splitlines() if line.startswith("smoke:")][0]
    passed, total = summary.split()[1].split("/")
    assert passed == total and int(total) >= 7, summary
    # The register the bundle wrote is a real one, with the imported applications in it.
    assert (tmp_path / "register.ogidb").is_file()
    assert (tmp_path / "report.json").is_file()
