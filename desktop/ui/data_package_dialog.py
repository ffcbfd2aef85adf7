"""File → 数据包: hand a unit's whole register to the office above, and take one in.

Export asks for the unit's name (remembered in the register) and a file; import shows the package's
manifest (unit, date, number of applications, package id), whether it was merged before and how many
of its applications are already in the register, and merges it all or nothing. All checks and the
numbering decision live in reports.data_package.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.application import Application
from desktop.ops import package
from desktop.reports import data_package as dp
from desktop.store import duplicates, settings
from desktop.store.annual_figures import unit_name
from desktop.ui.context import Workbench
from desktop.ui.i18n import t
from desktop.ui.ops import QueryOp, RegisterOp
from desktop.ui.widgets import fit_to_screen

_RED = "color: #b00020;"


def _path_row(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


class ExportPackageDialog(QDialog):
    def __init__(self, bench: Workbench, parent: QWidget | None = None):
        super().__init__(parent)
        self.bench = bench
        register = self.register = bench.register
        self.manifest: dp.Manifest | None = None
        self.setWindowTitle(t("导出数据包"))
        # The office name (单位设置) first: one name for letters, reports and packages.
        self.unit_edit = QLineEdit(
            settings.get_office_name(register)
            or duplicates.saved_unit_name(register)
            or unit_name(register, date.today().year)
        )
        self.unit_edit.setPlaceholderText(t("例如：某某镇人民政府"))
        self.path_edit = QLineEdit()
        browse = QPushButton(t("浏览…"))
        browse.clicked.connect(self.browse)
        self.result_label = QLabel(
            t(
                f"将把整个登记簿（{register.count()} 件申请，已删除的不含）打包成一个文件，交上级机关导入。"
            )
        )
        self.result_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        # Chinese even where Qt's own translations are not installed (as the backup dialog does).
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("关闭"))
        self.export_button = self.buttons.addButton(
            t("导出"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        # The audit history carries the old value of every edited ID and phone number: it stays
        # at home unless the office chooses to send it (docs/safety.md, F7).
        self.history = QCheckBox(t("同时附上修改记录（含修改前的证件号码和电话，默认不附）"))
        self.history.setChecked(False)
        form.addRow(t("单位名称"), self.unit_edit)
        form.addRow(t("保存到"), _path_row(self.path_edit, browse))
        form.addRow("", self.history)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 640, 200)

    def browse(self) -> None:
        name = f"{self.unit_edit.text().strip() or t('登记簿')}{dp.PACKAGE_SUFFIX}"
        from desktop.ui.files import save_file

        path = save_file(self, "保存数据包", name, f"登记簿数据包 (*{dp.PACKAGE_SUFFIX})")
        if path:
            self.path_edit.setText(path)

    def export(self) -> None:
        """Write the package on the worker (it copies the whole register)."""
        text = self.path_edit.text().strip()
        if not text:
            self._fail(t("请选择保存数据包的位置"))
            return
        path = Path(text)
        if not path.suffix:
            path = path.with_suffix(dp.PACKAGE_SUFFIX)
        unit = self.unit_edit.text()
        self.export_button.setEnabled(False)
        history = self.history.isChecked()
        QueryOp(
            self, lambda reg: package.export_package(reg, path, unit, include_history=history)
        ).with_progress("正在导出数据包…").refusing(dp.PackageError, OSError).success(
            lambda manifest: self._exported(manifest, path)
        ).failure(self._fail).run()

    def _exported(self, manifest: dp.Manifest, path: Path) -> None:
        self.export_button.setEnabled(True)
        self.manifest = manifest
        self.result_label.setStyleSheet("")
        self.result_label.setText(
            t(
                f"已导出 {manifest.rows} 件申请到 {path}。\n"
                f"数据包编号 {manifest.package_id}，校验值 sha256 {manifest.sha256[:16]}…"
            )
        )
        from desktop.ui.files import offer_open

        # A 数据包 is opened by 导入数据包, not by another program: its folder only (a USB stick).
        self.offer = offer_open(
            self, "已导出", f"已导出数据包（{manifest.rows} 件申请）：", path, openable=False
        )

    def _fail(self, text: str) -> None:
        self.export_button.setEnabled(True)
        self.result_label.setStyleSheet(_RED)
        self.result_label.setText(text)


class ImportPackageDialog(QDialog):
    def __init__(self, bench: Workbench, parent: QWidget | None = None):
        super().__init__(parent)
        self.bench = bench
        self.register = bench.register
        self.preview: dp.PackagePreview | None = None
        self.imported: list = []
        self.setWindowTitle(t("导入数据包"))
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        browse = QPushButton(t("浏览…"))
        browse.clicked.connect(self.browse)
        self.details = QLabel(t("选择下级单位交来的数据包（.ogipkg）。导入前会核对校验值和版本。"))
        self.details.setWordWrap(True)
        self.skip = QCheckBox()
        self.skip.hide()
        self.skip.toggled.connect(self._update_button)
        note = QLabel(
            t("导入的申请按本登记簿重新编号，原单位和原编号记在“备注”中；同一数据包不能导入两次。")
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        # Chinese even where Qt's own translations are not installed (as the backup dialog does).
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("关闭"))
        self.import_button = self.buttons.addButton(
            t("全部导入"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button.clicked.connect(self.do_import)
        self.import_button.setEnabled(False)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(t("数据包"), _path_row(self.path_edit, browse))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.details)
        layout.addWidget(self.skip)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 640, 260)

    def browse(self) -> None:
        from desktop.ui.files import open_file

        path = open_file(self, "选择数据包", f"登记簿数据包 (*{dp.PACKAGE_SUFFIX});;所有文件 (*)")
        if path:
            self.load(path)

    def load(self, path: str | Path) -> None:
        """Check the package and show what merging it would do (nothing is written yet)."""
        self.path_edit.setText(str(path))
        self.preview = None
        self.skip.hide()
        QueryOp(self, lambda reg: package.preview_package(reg, path)).with_progress(
            "正在核对数据包…"
        ).refusing(dp.PackageError).success(self._show_preview).failure(self._refused).run()

    def _refused(self, message: str) -> None:
        self.details.setStyleSheet(_RED)
        self.details.setText(t(message))
        self._update_button()

    def _show_preview(self, preview: dp.PackagePreview) -> None:
        self.preview = preview
        m = preview.manifest
        lines = [
            f"单位：{m.unit}",
            f"生成时间：{m.created_at.replace('T', ' ')}",
            f"申请：{m.rows} 件（校验通过）",
            f"规章和规范性文件：{len(preview.documents)} 件",
            f"数据包编号：{m.package_id}",
        ]
        problems = preview.problems
        if problems:
            lines += problems
        elif preview.duplicates or preview.document_duplicates:
            if preview.duplicates:
                lines.append(
                    f"其中 {len(preview.duplicates)} 件已在本登记簿中（申请人、申请内容、收到日期均相同）"
                )
            if preview.document_duplicates:
                lines.append(
                    f"规章和规范性文件中 {len(preview.document_duplicates)} 件的文号已在本登记簿中"
                )
            skipped = len(preview.duplicates) + len(preview.document_duplicates)
            self.skip.setText(t(f"跳过这 {skipped} 件，只导入其余申请和文件"))
            self.skip.setChecked(False)
            self.skip.show()
        self.details.setStyleSheet(_RED if problems else "")
        self.details.setText(t("\n".join(lines)))
        self._update_button()

    def _update_button(self) -> None:
        preview = self.preview
        ok = preview is not None and not preview.problems
        if ok and preview is not None and (preview.duplicates or preview.document_duplicates):
            left = len(preview.applications) - len(preview.duplicates)
            left += len(preview.documents) - len(preview.document_duplicates)
            ok = self.skip.isChecked() and left > 0
        self.import_button.setEnabled(ok and not self.register.readonly)

    def do_import(self) -> None:
        """Merge the package on the worker: all of it, or nothing."""
        preview = self.preview
        if preview is None:
            return
        skip = self.skip.isChecked()
        # Issue 14's year lock: a unit's applications of a submitted year go in with a reason.
        from desktop.ops import year_lock

        candidates = [
            a for i, a in enumerate(preview.applications) if not (skip and i in preview.duplicates)
        ]
        locks = year_lock.locks_moved_by_import(self.register, candidates)
        reason = None
        if locks:
            from desktop.ui.year_lock_dialogs import ask_reason

            reason = ask_reason(self, locks, "导入这个数据包")
            if reason is None:
                return
        self.import_button.setEnabled(False)
        RegisterOp(
            self,
            lambda reg: year_lock.guarded_import(
                reg,
                candidates,
                reason,
                lambda: package.import_package(reg, preview.path, skip_duplicates=skip),
            ),
        ).with_progress("正在导入数据包…").refusing(dp.PackageError).success(
            self._imported
        ).failure(self._import_refused).run()

    def _import_refused(self, message: str) -> None:
        self.details.setStyleSheet(_RED)
        self.details.setText(t(message))
        self.import_button.setEnabled(False)

    def _imported(self, imported: list[Application]) -> None:
        assert self.preview is not None
        self.imported = imported
        preview = self.preview
        # Documents whose 文号 was already here are skipped (only ever with 跳过 ticked).
        documents = len(preview.documents) - len(preview.document_duplicates)
        also = f"和 {documents} 件规章和规范性文件" if documents else ""
        self.details.setStyleSheet("")
        self.details.setText(
            t(f"已从 {preview.manifest.unit} 的数据包导入 {len(self.imported)} 件申请{also}。")
        )
        self.import_button.setEnabled(False)
        self.skip.hide()


def open_export_package(bench: Workbench) -> ExportPackageDialog:
    dialog = bench.dialogs.open(
        ExportPackageDialog,
        lambda: ExportPackageDialog(bench, bench.window),
        show=False,
        reuse_hidden=False,
    )
    dialog.open()
    return dialog


def open_import_package(bench: Workbench) -> ImportPackageDialog:
    dialog = bench.dialogs.open(
        ImportPackageDialog,
        lambda: ImportPackageDialog(bench, bench.window),
        show=False,
        reuse_hidden=False,
    )
    dialog.open()
    return dialog
