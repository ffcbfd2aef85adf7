"""The feature windows the main window's menus open: typed references, imported on first use.

Each function takes the window's `Workbench` and opens (or brings forward) its window. The import
sits inside the function so that start-up does not load every feature (QtCharts, openpyxl, docx);
the checker and the IDE still follow every call, which the old dotted-name strings did not allow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.ui.context import Workbench


def import_wizard(bench: Workbench) -> QWidget:
    from desktop.ui.import_wizard import open_import_wizard

    return open_import_wizard(bench)


def export_package(bench: Workbench) -> QWidget:
    from desktop.ui.data_package_dialog import open_export_package

    return open_export_package(bench)


def import_package(bench: Workbench) -> QWidget:
    from desktop.ui.data_package_dialog import open_import_package

    return open_import_package(bench)


def backup_dialog(bench: Workbench) -> QWidget:
    from desktop.ui.backup_dialog import open_backup_dialog

    return open_backup_dialog(bench)


def backup_elsewhere(bench: Workbench) -> object:
    from desktop.ui.backup_dialog import backup_elsewhere

    return backup_elsewhere(bench)


def user_guide(bench: Workbench) -> QWidget:
    from desktop.ui.help import open_user_guide

    return open_user_guide(bench.window)


def due_board(bench: Workbench) -> QWidget | None:
    from desktop.ui.due_board import open_due_board

    return open_due_board(bench)


def maybe_due_board(bench: Workbench) -> QWidget | None:
    from desktop.ui.due_board import maybe_show_due_board

    return maybe_show_due_board(bench)


def holiday_dialog(bench: Workbench) -> QWidget:
    from desktop.ui.holiday_dialog import open_holiday_dialog

    return open_holiday_dialog(bench)


def report_window(bench: Workbench) -> QWidget:
    from desktop.ui.report_window import open_report_window
    from desktop.ui.unit_settings import ask_office_name_once

    window = open_report_window(bench)
    ask_office_name_once(bench.register, window)  # the 填报单位, the first time it is needed
    return window


def table2_dialog(bench: Workbench) -> QWidget:
    from desktop.ui.table2_dialog import open_table2_dialog
    from desktop.ui.unit_settings import ask_office_name_once

    dialog = open_table2_dialog(bench)
    asked = ask_office_name_once(bench.register, dialog)
    if asked is not None:
        asked.accepted.connect(dialog.refresh_unit)
    return dialog


def documents_window(bench: Workbench) -> QWidget:
    from desktop.ui.documents_window import open_documents_window

    return open_documents_window(bench)


def consolidate_window(bench: Workbench) -> QWidget:
    from desktop.ui.consolidate_window import open_consolidate_window

    return open_consolidate_window(bench)


def charts_window(bench: Workbench) -> QWidget:
    from desktop.ui.charts_window import open_charts_window

    return open_charts_window(bench)


def report_draft_dialog(bench: Workbench) -> QWidget:
    from desktop.ui.report_draft_dialog import open_report_draft_dialog

    return open_report_draft_dialog(bench)


def letters_dialog(bench: Workbench, application_id: int) -> QWidget:
    from desktop.ui.letters_dialog import open_letters_dialog

    return open_letters_dialog(bench, application_id)


def office_settings(bench: Workbench) -> QWidget:
    """单位设置: 机关名称/填报单位, 申请编号格式, 文书."""
    from desktop.ui.letters_dialog import open_office_settings

    return open_office_settings(bench)
