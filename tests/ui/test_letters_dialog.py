"""The 文书 dialog: only fitting letters can be chosen, generating writes the file and lists it."""

from __future__ import annotations

from datetime import date

from docx import Document
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from desktop.domain import letters as L
from desktop.domain.application import Application
from desktop.store import settings
from desktop.store.letters_store import letters_for
from desktop.ui import letters_dialog as ld
from desktop.ui.context import Workbench


def make(**kw) -> Application:
    base = dict(
        receipt_date=date(2026, 3, 2),
        channel="邮寄",
        applicant_type="自然人",
        applicant="赵六",
        content="2025年度某某专项资金分配结果",
    )
    base.update(kw)
    return Application(**base)


def office(register) -> None:
    settings.save_office_settings(register, L.OfficeSettings("某县财政局", "某财信〔{年}〕{号}号"))


def test_generates_the_answer_letter_and_lists_it(qtbot, register, tmp_path, monkeypatch):
    office(register)
    app = register.add(make(answer_date=date(2026, 3, 27), outcome="unable.none"))
    dialog = ld.LettersDialog(register, app.id)
    qtbot.addWidget(dialog)
    assert dialog.enabled_kinds() == ["receipt", "answer.unable"]
    assert dialog.kind.code == "answer.unable"  # a concluded application starts on its answer
    assert dialog.date_field.text() == "2026-03-27"
    preview = dialog.preview.toPlainText()
    assert "某财信〔2026〕1号" in preview and "第三十六条第（四）项" in preview

    opened = []
    monkeypatch.setattr(
        dialog, "_offer_to_open", lambda path, record: opened.append((path, record))
    )
    out = tmp_path / "答复.docx"
    dialog.path_edit.setText(str(out))
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)

    assert out.exists() and opened and opened[0][0] == out
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "赵六：" in text and "某财信〔2026〕1号" in text and L.RIGHTS_NOTICE in text
    assert [r.number for r in letters_for(register, app.id)] == ["某财信〔2026〕1号"]
    assert dialog.issued.rowCount() == 1 and dialog.issued.item(0, 1).text() == "某财信〔2026〕1号"
    # The preview now announces the next number.
    assert "某财信〔2026〕2号" in dialog.preview.toPlainText()


def test_typed_extras_reach_the_letter_and_disabled_kinds_cannot_be_chosen(
    qtbot, register, tmp_path, monkeypatch
):
    office(register)
    app = register.add(make())
    dialog = ld.LettersDialog(register, app.id)
    qtbot.addWidget(dialog)
    assert dialog.enabled_kinds() == [
        "receipt",
        "correction",
        "extension",
        "consultation",
        "consultation.organ",
    ]
    dialog.select_kind("answer.grant")
    assert dialog.kind is None or dialog.kind.code != "answer.grant"

    dialog.select_kind("consultation")
    editor = dialog.extra_editors["第三方"]
    monkeypatch.setattr(ld.QMessageBox, "warning", lambda *a, **k: None)
    monkeypatch.setattr(dialog, "_offer_to_open", lambda *a: None)
    dialog.path_edit.setText(str(tmp_path / "意见书"))
    # Without the third party's name nothing is written and no number is used.
    assert dialog.generate() is None
    assert letters_for(register, app.id) == []
    editor.insert("某某科技有限公司")  # keyClicks sends only ASCII keys
    dialog.date_field.set_date(date(2026, 3, 9))
    record = dialog.generate()
    assert record is not None and record.issued_on == date(2026, 3, 9)
    out = tmp_path / "意见书.docx"  # the .docx suffix is added
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "某某科技有限公司：" in text and "第三十二条" in text and "2026年3月9日" in text


def test_late_correction_notice_is_warned_in_the_preview(qtbot, register):
    office(register)
    app = register.add(make())
    dialog = ld.LettersDialog(register, app.id)
    qtbot.addWidget(dialog)
    dialog.select_kind("correction")
    dialog.date_field.set_date(date(2026, 3, 20))
    assert "7个工作日内" in dialog.preview.toPlainText()
    dialog.date_field.set_date(date(2026, 3, 10))
    assert "7个工作日内" not in dialog.preview.toPlainText()


def test_office_settings_dialog_saves_and_refuses_a_format_without_sequence(qtbot, register):
    dialog = ld.OfficeSettingsDialog(register)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("")
    dialog.name_edit.insert("某区人民政府办公室")
    dialog.format_edit.setText("某区政办〔{年}〕号")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "{号}" in dialog.error.text()
    assert settings.get_office_name(register) == ""
    dialog.format_edit.setText("某区政办〔{年}〕{号}号")
    assert dialog.sample.text().endswith("〕1号")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert settings.office_settings(register) == L.OfficeSettings(
        "某区人民政府办公室", "某区政办〔{年}〕{号}号"
    )


def test_review_body_and_court_typed_in_office_settings_are_saved_and_printed(
    qtbot, register, tmp_path, monkeypatch
):
    office(register)
    app = register.add(make(answer_date=date(2026, 3, 27), outcome="deny.internal"))
    dialog = ld.LettersDialog(register, app.id)
    qtbot.addWidget(dialog)
    assert dialog.kind.code == "answer.deny"
    assert L.RIGHTS_NOTICE_REVIEW_FIRST in dialog.preview.toPlainText()  # nothing set yet

    seen: list[QWidget | None] = []

    def type_and_save() -> None:
        # Runs inside the modal 单位设置 dialog opened by the 单位设置… button below.
        box = QApplication.activeModalWidget()
        seen.append(box)
        try:
            assert isinstance(box, ld.OfficeSettingsDialog)
            assert box.review_body_edit.text() == "" and box.court_edit.text() == ""
            box.review_body_edit.insert("某某县人民政府")  # keyClicks sends only ASCII keys
            box.court_edit.insert("某某区人民法院")
            save = box.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        finally:
            if box is not None and box.isVisible():  # never leave the test blocked in exec()
                box.reject()

    QTimer.singleShot(0, type_and_save)
    assert dialog.edit_office() is True
    assert isinstance(seen[0], ld.OfficeSettingsDialog)

    stored = settings.office_settings(register)
    assert (stored.review_body, stored.court) == ("某某县人民政府", "某某区人民法院")
    assert stored.name == "某县财政局"  # the other settings are kept
    preview = dialog.preview.toPlainText()
    assert "60日内依法向某某县人民政府申请行政复议" in preview
    assert "15日内依法向某某区人民法院提起行政诉讼" in preview

    monkeypatch.setattr(dialog, "_offer_to_open", lambda *a: None)
    out = tmp_path / "不予公开.docx"
    dialog.path_edit.setText(str(out))
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert (
        "应当先自收到本答复之日起60日内依法向某某县人民政府申请行政复议；对行政复议决定不服的，"
        "可以自收到行政复议决定书之日起15日内依法向某某区人民法院提起行政诉讼。"
    ) in text

    # Reopened, the dialog shows what was saved; emptied and saved, the notice is generic again.
    again = ld.OfficeSettingsDialog(register)
    qtbot.addWidget(again)
    assert again.review_body_edit.text() == "某某县人民政府"
    assert again.court_edit.text() == "某某区人民法院"
    again.review_body_edit.clear()
    again.court_edit.clear()
    save = again.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    dialog.update_preview()
    assert L.RIGHTS_NOTICE_REVIEW_FIRST in dialog.preview.toPlainText()


def test_open_letters_dialog_from_main_window(qtbot, register):
    app = register.add(make())
    host = QWidget()
    qtbot.addWidget(host)
    dialog = ld.open_letters_dialog(Workbench(register, host), app.id)
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.destroyed, timeout=2000):
        dialog.close()


def test_application_under_the_2008_regulation_offers_no_letter(qtbot, register):
    app = register.add(make(receipt_date=date(2018, 6, 1)))
    dialog = ld.LettersDialog(register, app.id)
    qtbot.addWidget(dialog)
    assert dialog.enabled_kinds() == []
    assert not dialog.generate_button.isEnabled()
    assert "2008年" in dialog.preview.toPlainText()


def test_naming_the_responsible_organ_turns_the_answer_into_article_36_5(
    qtbot, register, tmp_path, monkeypatch
):
    office(register)
    app = register.add(make(answer_date=date(2026, 3, 27), outcome="unable.none"))
    dialog = ld.LettersDialog(register, app.id)
    qtbot.addWidget(dialog)
    # Left empty, the optional field does not stand in as “（待填写）”: the answer is 第（四）项.
    preview = dialog.preview.toPlainText()
    assert "第三十六条第（四）项" in preview and "（待填写）" not in preview
    organ = dialog.findChild(QWidget, "负责公开机关")
    organ.setText("某县教育局")  # keyClicks types ASCII only; this fires textChanged alike
    preview = dialog.preview.toPlainText()
    assert "第三十六条第（五）项" in preview and "某县教育局" in preview

    monkeypatch.setattr(dialog, "_offer_to_open", lambda path, record: None)
    out = tmp_path / "答复.docx"
    dialog.path_edit.setText(str(out))
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "第三十六条第（五）项" in text and "负责公开该政府信息的行政机关为：某县教育局" in text
    assert L.RIGHTS_NOTICE in text


def test_office_settings_from_the_main_menu(qtbot, register, monkeypatch):
    from desktop.ui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "show_due_board_on_start", False)
    window = MainWindow(register)
    qtbot.addWidget(window)
    window.office_action.trigger()
    dialog = window.findChild(ld.OfficeSettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.name_edit.setText("某县人民政府办公室")
    dialog.review_body_edit.setText("某县人民政府")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    office_now = settings.office_settings(register)
    assert (office_now.name, office_now.review_body) == ("某县人民政府办公室", "某县人民政府")


def test_the_preview_shows_the_typed_reason_and_the_quoted_request(qtbot, register):
    office(register)
    app = register.add(
        make(
            content="申请公开某路拓宽工程补偿方案", answer_date=date(2026, 3, 27), outcome="partial"
        )
    )
    dialog = ld.LettersDialog(register, app.id)
    qtbot.addWidget(dialog)
    assert dialog.kind.code == "answer.partial"
    assert "（待填写）" in dialog.preview.toPlainText()
    dialog.extra_editors["不予公开理由"].setPlainText("其中涉及他人身份证号码（第十五条）。")
    preview = dialog.preview.toPlainText()
    assert "不予公开理由" in preview and "其中涉及他人身份证号码（第十五条）。" in preview
    assert "申请内容为“申请公开某路拓宽工程补偿方案”" in preview


def test_the_organ_consultation_in_the_dialog(qtbot, register, tmp_path, monkeypatch):
    office(register)
    app = register.add(make(consultation_party="其他机关"))
    dialog = ld.LettersDialog(register, app.id)
    qtbot.addWidget(dialog)
    assert "consultation" not in dialog.enabled_kinds()
    dialog.select_kind("consultation.organ")
    dialog.extra_editors["被征求意见机关"].insert("某县财政局")
    preview = dialog.preview.toPlainText()
    assert "某县财政局" in preview and "第三十四条" in preview
    assert "该政府信息由本机关与贵机关共同制作" in preview
    monkeypatch.setattr(dialog, "_offer_to_open", lambda *a: None)
    dialog.path_edit.setText(str(tmp_path / "函.docx"))
    record = dialog.generate()
    assert record is not None and record.kind_name == "征求其他机关意见书"
    text = "\n".join(p.text for p in Document(str(tmp_path / "函.docx")).paragraphs)
    assert "某县财政局：" in text and "视为同意公开" in text
