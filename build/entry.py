"""The bundle's entry point: the same as `python -m desktop` / the `ogi` command.

A file of its own (rather than desktop/__main__.py) so PyInstaller runs it as a plain script while
`desktop` stays an ordinary package inside the bundle.

With OGI_BUNDLE_SELFTEST=1 it instead checks the frozen bundle itself and exits (build/smoke_bundle.py
uses it): every module of `desktop` imports (the CLI and the window import most of them lazily, so a
module PyInstaller missed would otherwise only fail when a clerk clicks), QtCharts and the image
plugins load, OpenCC finds its tables, the bundled SQLite searches (FTS5 trigram, fts5vocab), and the
shipped resources are where desktop.resources says.
"""

import os
import sys


def selftest() -> int:
    import importlib
    import pkgutil

    import desktop
    from desktop.resources import icon_path, resources_root

    failures = []
    # desktop.__main__ would run the program itself.
    modules = [
        m.name
        for m in pkgutil.walk_packages(desktop.__path__, "desktop.")
        if not m.name.endswith("__main__")
    ]
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # report every missing piece, not just the first
            failures.append(f"import {name}: {exc!r}")

    from PySide6.QtCharts import QChart  # noqa: F401  (the statistics charts window)
    from PySide6.QtGui import QGuiApplication, QImageReader

    from desktop.domain.chinese import to_simplified, to_traditional

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if to_traditional("政府信息公开") != "政府信息公開" or to_simplified("條例") != "条例":
        failures.append("OpenCC conversion is wrong (tables missing?)")
    if not icon_path().is_file():
        failures.append(f"icon missing: {icon_path()}")
    # The bundled SQLite must have FTS5 with the trigram tokenizer and fts5vocab (search).
    from datetime import date as _date

    from desktop.domain.application import Application
    from desktop.store.queries import RegisterQueries, RegisterQuery
    from desktop.store.register import Register

    register = Register.memory()
    register.add(
        Application(_date(2025, 3, 3), "网络", "自然人", "张三", content="申请公开征收补偿方案")
    )
    queries = RegisterQueries(register.conn)
    found = [queries.count(RegisterQuery(search=text)) for text in ("征收", "補償方案", "李四")]
    if found != [1, 1, 0]:
        failures.append(f"search in the bundled SQLite gave {found}, expected [1, 1, 0]")
    register.close()
    formats = {bytes(f).decode() for f in QImageReader.supportedImageFormats()}
    if not {"png", "ico", "jpg"} <= formats:
        failures.append(f"image format plugins missing: {sorted(formats)}")
    print(f"selftest: {len(modules)} modules of desktop, resources at {resources_root()}")
    print(f"selftest: platform {app.platformName()}, image formats {len(formats)}")
    for failure in failures:
        print(f"selftest FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    if os.environ.get("OGI_BUNDLE_SELFTEST") == "1":
        sys.exit(selftest())
    from desktop.cli import main

    sys.exit(main())
