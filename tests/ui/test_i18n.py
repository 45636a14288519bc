"""The Simplified Chinese translation: complete (every string the ui writes, checked against
what pyside6-lupdate finds in the sources now), compiled (the committed .qm is the committed
.ts), faithful to its placeholders, and switched on and off at the sign-in screen without
restarting; Chinese patient names are shown as written."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QMessageBox

from labtracker.domain.lot_states import STATUS_LABELS
from labtracker.domain.permissions import ROLE_LABELS
from labtracker.services.queries import lot_row
from labtracker.services.signatures import Meaning
from labtracker.settings import StationSettings
from ui import i18n, messages
from ui.forms.deviations import RaiseDeviationForm
from ui.forms.patients import ConsentForm
from ui.lot_actions import step_forms
from ui.main_window import MainWindow
from ui.navigation import build_pages
from ui.tasks import running_tasks
from ui.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "labtracker_zh_CN.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"</?[a-zA-Z]+[^>]*>")
ZHANG_WEI_MRN = "MRN0010003"  # 张伟 in the demonstration site


def messages_of(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation element) for every message of a .ts file."""
    root = ET.parse(ts).getroot()
    return [
        (
            context.findtext("name") or "",
            message.findtext("source") or "",
            message.find("translation"),
        )
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def tool(name: str) -> str:
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed (it comes with PySide6)")
    return found


@pytest.fixture
def chinese(qapp):
    assert i18n.install_language(qapp, "zh_CN")
    yield
    i18n.install_language(qapp, "en")


# --- the catalogue ----------------------------------------------------------------------------


def test_every_message_is_translated_and_keeps_its_placeholders():
    found = messages_of(TS)
    assert len(found) > 1000
    problems = []
    for context, source, translation in found:
        kind = translation.get("type")
        text = translation.text or ""
        if kind is not None or not text.strip():
            problems.append(f"[{context}] {source!r}: {kind or 'empty'}")
            continue
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"[{context}] {source!r} → {text!r}: placeholders differ")
        if sorted(TAG.findall(source)) != sorted(TAG.findall(text)):
            problems.append(f"[{context}] {source!r} → {text!r}: markup differs")
        if source.count("\n") != text.count("\n"):
            problems.append(f"[{context}] {source!r} → {text!r}: line breaks differ")
        mnemonic = re.search(r"&([^&\s])", source.replace("&&", ""))
        if mnemonic and f"&{mnemonic.group(1)}".casefold() not in text.casefold():
            problems.append(f"[{context}] {source!r} → {text!r}: shortcut &{mnemonic.group(1)}")
    assert not problems, "\n".join(problems)


def test_the_catalogue_holds_exactly_what_the_sources_say(tmp_path):
    """A string added to the ui without running `make translations` (or one whose context
    changed) fails here, so nothing untranslated reaches the bench unnoticed."""
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [tool("pyside6-lupdate"), "-extensions", "py", str(ROOT / "ui"), "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    in_sources = {(context, source) for context, source, _ in messages_of(fresh)}
    in_catalogue = {(context, source) for context, source, _ in messages_of(TS)}
    missing = sorted(in_sources - in_catalogue)
    vanished = sorted(in_catalogue - in_sources)
    assert not missing, f"not in the .ts (run `make translations`): {missing}"
    assert not vanished, f"in the .ts but gone from the ui: {vanished}"


def test_the_committed_qm_is_the_committed_ts_compiled(tmp_path):
    compiled = tmp_path / "labtracker_zh_CN.qm"
    subprocess.run(
        [tool("pyside6-lrelease"), str(TS), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == QM.read_bytes(), "run `make translations` and commit the .qm"


def test_the_domain_words_shown_are_all_marked():
    """Lot statuses, roles and signature meanings come from the core in English; the ui
    translates them through i18n.DOMAIN_WORDS, which must name every one."""
    words = set(STATUS_LABELS.values()) | set(ROLE_LABELS.values())
    words |= {meaning.label for meaning in Meaning}
    assert words <= set(i18n.DOMAIN_WORDS), words - set(i18n.DOMAIN_WORDS)


def test_domain_words_and_colons_follow_the_language(qapp):
    assert i18n.domain_text("Verified") == "Verified"
    assert i18n.with_colon("Volume") == "Volume:"
    assert i18n.install_language(qapp, "zh_CN")
    try:
        assert i18n.domain_text("Verified") == "复核"  # as the batch record capitalises it
        assert i18n.domain_text("In culture") == "培养中"
        assert i18n.domain_text("Heparin sodium") == "Heparin sodium"  # data stays as written
        assert i18n.with_colon("体积") == "体积："
    finally:
        i18n.install_language(qapp, "en")
    assert i18n.domain_text("In culture") == "In culture"


def test_the_catalogue_ships_inside_the_package():
    assert i18n.catalogue("zh_CN") == QM.resolve()
    assert QM.stat().st_size > 10_000


# --- choosing and remembering -----------------------------------------------------------------


def test_a_remembered_choice_wins_over_the_system_language(qapp):
    assert i18n.remembered_language() == i18n.system_language()
    i18n.remember_language("zh_CN")
    assert i18n.remembered_language() == "zh_CN"
    i18n.remember_language("en")
    assert i18n.remembered_language() == "en"
    with pytest.raises(ValueError, match="unknown language"):
        i18n.remember_language("fr")


def test_the_station_files_language_applies_until_someone_chooses(qapp, tmp_path, monkeypatch):
    settings = tmp_path / "settings.toml"
    settings.write_text('language = "zh_CN"\n')
    monkeypatch.setenv("LABTRACKER_SETTINGS_FILE", str(settings))
    assert i18n.system_language() == "en"
    assert i18n.remembered_language() == "zh_CN"
    i18n.remember_language("en")  # chosen on the sign-in screen: wins from now on
    assert i18n.remembered_language() == "en"
    settings.write_text('language = "klingon"\n')  # unreadable: the choice still stands
    assert i18n.remembered_language() == "en"


def test_chinese_system_locale_is_the_default(monkeypatch):
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("zh_CN")))
    assert i18n.system_language() == "zh_CN"
    assert i18n.remembered_language() == "zh_CN"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("zh_TW")))
    assert i18n.system_language() == "en"


def test_qt_standard_buttons_follow_the_language(qtbot, qapp, chinese):
    parent = QLabel()
    qtbot.addWidget(parent)
    box = messages.information(parent, "x", "y")
    assert box.button(QMessageBox.StandardButton.Ok).text() == "确定"
    box.close()


# --- on screen --------------------------------------------------------------------------------


def demo_settings(tmp_path: Path) -> StationSettings:
    """The demonstration site's database (the `demo` fixture's copy) as a station's database."""
    return StationSettings(
        database_url=f"sqlite:///{tmp_path / 'labtracker.sqlite3'}",
        database_url_source="environment",
        data_dir=tmp_path,
        settings_file=tmp_path / "settings.toml",
    )


def choose(window: MainWindow, code: str) -> None:
    """As at the bench: pick the language in the sign-in screen's chooser."""
    window.language_box.setCurrentIndex(window.language_box.findData(code))


def label_texts(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]


def test_sign_in_screen_switches_to_chinese_and_back(qtbot, demo, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_station(demo_settings(tmp_path))
    assert window.language_box.currentText() == "English"
    assert window.login_panel.sign_in_button.text() == "Sign in"

    choose(window, "zh_CN")
    panel = window.login_panel
    assert panel.isVisible()
    assert panel.sign_in_button.text() == "登录"
    assert {"登录", "用户名(&U)", "密码(&P)"} <= set(label_texts(panel))
    assert window.lock_screen.unlock_button.text() == "解锁"
    assert window.subtitle.text().startswith("自体组织工程骨")
    assert i18n.remembered_language() == "zh_CN"
    assert window.focusWidget() is panel.user_id

    # Whoever signs in next gets their work area in Chinese.
    panel.user_id.setText("tech")
    panel.password.setText(demo.password)
    panel.submit()
    assert window.signed_in_label.text().startswith("当前用户")
    assert "技术员" in window.signed_in_label.text()
    navigation = window.workspace.navigation
    assert navigation.item(0).text() == "首页"
    assert window.sign_out_button.text() == "退出登录"
    assert not window.language_row.isVisible()  # a session keeps its language

    window.sign_out()
    assert window.language_row.isVisible()
    window.language_box.setFocus()
    qtbot.keyClick(window.language_box, Qt.Key.Key_Up)  # English is first
    assert window.focusWidget() is window.language_box  # still choosing
    assert window.login_panel.sign_in_button.text() == "Sign in"
    assert window.lock_screen.unlock_button.text() == "Unlock"
    assert window.subtitle.text().startswith("Autologous")
    assert i18n.remembered_language() == "en"
    window.close_station()


def test_first_run_and_a_failed_database_switch_too(qtbot, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    new = StationSettings(
        database_url=f"sqlite:///{tmp_path / 'new.sqlite3'}",
        database_url_source="environment",
        data_dir=tmp_path,
        settings_file=tmp_path / "settings.toml",
    )
    assert window.open_station(new)
    assert window.first_run_panel is not None
    choose(window, "zh_CN")
    assert "设置本实验室" in label_texts(window.first_run_panel)
    assert window.first_run_panel.set_up_button.text() == "设置中心"
    assert window.login_panel.isHidden()
    assert window.statusBar().currentMessage().startswith("新数据库：请设置中心")
    window.close_station()

    broken = MainWindow()
    qtbot.addWidget(broken)
    assert not broken.open_station(
        StationSettings(
            database_url="postgresql://lab@127.0.0.1:1/labtracker",
            database_url_source="environment",
            data_dir=tmp_path,
            settings_file=tmp_path / "settings.toml",
        )
    )
    assert broken.language_box.currentData() == "zh_CN"  # the window made after the switch
    choose(broken, "en")
    choose(broken, "zh_CN")
    assert broken.station_panel.state.text().startswith("无法打开数据库")
    assert "127.0.0.1" in broken.station_panel.state.text()
    assert broken.statusBar().currentMessage() == "数据库不可用"


def test_step_forms_speak_chinese_in_base_and_subclass_strings(qtbot, demo, chinese):
    """self.tr in a base class (StepForm, PatientStepForm) is found for a subclass: PySide6
    looks a string up in each class of the instance's MRO, the context lupdate files it in."""
    ctx = demo.ctx("tech")
    form = ConsentForm(ctx, ZHANG_WEI_MRN)
    qtbot.addWidget(form)
    form.show()
    texts = label_texts(form)
    assert form.save_button.text() == "保存"  # StepForm
    assert form.cancel_button.text() == "取消"  # StepForm
    assert "扫描患者腕带，或输入医院病历号。" in texts  # PatientStepForm
    assert form.windowTitle() == "知情同意"  # ConsentForm's own title
    assert "知情同意日期:" in texts or "知情同意日期" in " ".join(texts)  # ConsentForm's field
    assert "张伟 (Zhang Wei)" in form.patient_line.text()
    assert "病历号 MRN0010003" in form.patient_line.text()


def test_a_lot_header_shows_the_chinese_name_as_written(qtbot, demo, chinese):
    ctx = demo.ctx("tech")
    din = next(
        din for din, _ in demo.site.lots if lot_row(ctx.db, ctx.actor, din).mrn == ZHANG_WEI_MRN
    )
    form = RaiseDeviationForm(ctx, din)
    qtbot.addWidget(form)
    form.resize(1000, 700)
    form.show()
    assert form.header_patient.text() == "张伟 (Zhang Wei) · 病历号 MRN0010003"
    assert form.windowTitle() == "发起偏差"
    assert form.save_button.text() == "保存"
    # Drawn, not as boxes: the station has a font for Simplified Chinese (the Makefile
    # installs fonts-wqy-microhei) for Qt to fall back on.
    assert QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


class LookupRecorder(QTranslator):
    """Consulted first, finds nothing: records every (context, source) the app asks for."""

    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.looked: dict[str, set[str]] = defaultdict(set)

    def translate(self, context, source, disambiguation=None, n=-1):
        self.looked[source].add(context)
        return None  # a null string: Qt asks the next translator

    def isEmpty(self) -> bool:
        return False


def test_every_string_is_looked_up_where_lupdate_filed_it(qtbot, qapp, demo, chinese):
    """A string marked in one context and looked up in another (`page.tr(...)` in a helper
    function, a title declared on a base class) is in the .ts, translated, and never shown
    translated. Every screen of every role and every step form is built to catch it."""
    recorder = LookupRecorder(qapp)
    qapp.installTranslator(recorder)
    try:
        for username in ("tech", "qa", "surgeon", "admin"):
            ctx = demo.ctx(username)
            workspace = Workspace(ctx)
            qtbot.addWidget(workspace)
            build_pages(workspace, ctx)
            for key in workspace.page_keys():
                workspace.show_page(key)
            if workspace.lot_page_factory is not None:
                for din, _stage in demo.site.lots:
                    workspace.open_lot(din)
                    workspace.open_review(din)
            qtbot.waitUntil(lambda: running_tasks() == 0, timeout=30_000)
        tech = demo.ctx("tech")
        for form in step_forms():
            qtbot.addWidget(form(tech, demo.din("in culture")))
    finally:
        qapp.removeTranslator(recorder)
    catalogue: dict[str, set[str]] = defaultdict(set)
    for context, source, _ in messages_of(TS):
        catalogue[source].add(context)
    ours = {
        source: contexts
        for source, contexts in recorder.looked.items()
        if not all(re.match(r"Q[A-Z]", context) for context in contexts)  # Qt's own lookups
    }
    assert len(ours) > 400
    lost = {
        source: sorted(contexts)
        for source, contexts in ours.items()
        if source in catalogue and not contexts & catalogue[source]
    }
    assert not lost, f"looked up in a context lupdate did not file it under: {lost}"
