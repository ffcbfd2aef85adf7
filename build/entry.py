"""The bundle's entry point: the same as `python -m desktop` / the `ogi` command.

A file of its own (rather than desktop/__main__.py) so PyInstaller runs it as a plain script while
`desktop` stays an ordinary package inside the bundle.

With OGI_BUNDLE_SELFTEST=1 it instead checks the frozen bundle itself and exits (build/smoke_bundle.py
uses it): every module of `desktop` imports (the CLI and the window import most of them lazily, so a
module PyInstaller missed would otherwise only fail when a clerk clicks), QtCharts loads and paints a chart, the image
plugins load, OpenCC finds its tables, the bundled SQLite searches (FTS5 trigram, fts5vocab), and the
shipped resources are where desktop.resources says.

With OGI_BUNDLE_SELFTEST=documents and arguments `REGISTER OUT_DIR` it adds one application to that
register the way the entry form does (Register.add), then writes the documents a clerk produces that
read files at run time: the registration receipt from the bundled letter template
(resources/letters/) and the annual report draft (python-docx's default template). It prints the
paths it wrote; smoke_bundle.py reads them back.
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

    from PySide6.QtCharts import QBarSeries, QBarSet, QChart, QChartView
    from PySide6.QtGui import QImageReader
    from PySide6.QtWidgets import QApplication

    from desktop.domain.chinese import to_simplified, to_traditional

    app = QApplication.instance() or QApplication(sys.argv[:1])
    # A chart painted as the statistics window paints it (QPainter, no OpenGL: the Windows bundle
    # ships no software OpenGL, installer.spec).
    bars = QBarSet("件")
    bars.append([3, 1, 2])
    series = QBarSeries()
    series.append(bars)
    chart = QChart()
    chart.addSeries(series)
    view = QChartView(chart)
    view.resize(320, 200)
    if view.grab().toImage().isNull():
        failures.append("QtCharts did not paint a chart")
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
    # Qt's own buttons in Chinese: the bundled qtbase translation loads (desktop/ui/app.py).
    from PySide6.QtCore import QCoreApplication

    from desktop.ui.app import install_qt_translations

    translator = install_qt_translations(app, False)  # type: ignore[arg-type]
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    if translator is None or cancel != "取消":
        failures.append(f"Qt's Chinese translation is not loaded (Cancel → {cancel!r})")
    formats = {bytes(f).decode() for f in QImageReader.supportedImageFormats()}
    if not {"png", "ico", "jpg"} <= formats:
        failures.append(f"image format plugins missing: {sorted(formats)}")
    print(f"selftest: {len(modules)} modules of desktop, resources at {resources_root()}")
    print(f"selftest: platform {app.platformName()}, image formats {len(formats)}")
    for failure in failures:
        print(f"selftest FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


def documents(register_path: str, out_dir: str) -> int:
    from datetime import date
    from pathlib import Path

    from desktop.domain.application import Application
    from desktop.domain.letters import RECEIPT, OfficeSettings
    from desktop.reports.letters import generate_letter, template_path
    from desktop.reports.report_draft import build_report_draft
    from desktop.resources import resources_root
    from desktop.store.register import Register

    out = Path(out_dir)
    register = Register.open(register_path)
    try:
        app = register.add(
            Application(
                date(2025, 11, 3), "当面", "自然人", "王小明", content="申请公开某小区规划许可证"
            )
        )
        # No office copies in the (temporary) data folder: the letter must come from the bundle.
        source = template_path(RECEIPT)
        if resources_root() not in source.parents:
            print(f"documents FAILED: template {source} is not the bundled one", file=sys.stderr)
            return 1
        office = OfficeSettings("某市某局", "某公开〔{年}〕{号}号")
        letter = generate_letter(
            register, app.id, RECEIPT, out / "receipt.docx", office=office, today=date(2025, 11, 3)
        )
        draft = build_report_draft(register, 2025, out / "report-draft.docx", unit="某市某局")
    finally:
        register.close()
    print(f"added: {app.id} {app.number}")
    print(f"letter: {letter.path} {letter.number} (template {source})")
    print(f"draft: {draft.path} {draft.title}")
    return 0


if __name__ == "__main__":
    from desktop.cli import make_output_safe

    make_output_safe()  # the self-test prints Chinese paths too (a cp1252 pipe under Wine)
    if os.environ.get("OGI_BUNDLE_SELFTEST") == "1":
        sys.exit(selftest())
    if os.environ.get("OGI_BUNDLE_SELFTEST") == "documents":
        sys.exit(documents(*sys.argv[1:3]))
    from desktop.cli import main

    sys.exit(main())
