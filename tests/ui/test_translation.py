"""Qt's own texts are Chinese whatever the system language."""

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QCalendarWidget, QMessageBox

from branchdesk.app import create_application
from branchdesk.ui.translation import with_mnemonic

ROOT = Path(__file__).resolve().parents[2]

#: run in a fresh interpreter whose system language is English: what Qt's own dialogs say
_CHILD = r"""
import json
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QCalendarWidget, QFileDialog, QLabel, QMessageBox, QPushButton
system = QLocale.system().name()
from branchdesk.app import create_application
app = create_application()
Std = QMessageBox.StandardButton
box = QMessageBox(QMessageBox.Icon.Question, "t", "x", Std.Ok | Std.Cancel | Std.Yes | Std.No)
files = QFileDialog(None, "t", ".")
files.setOption(QFileDialog.Option.DontUseNativeDialog)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
printer = QPrinter()
printing = QPrintDialog(printer)
texts = lambda w: [c.text() for k in (QLabel, QPushButton) for c in w.findChildren(k) if c.text()]
calendar = QCalendarWidget()
print(json.dumps({
    "system": system,
    "buttons": [box.button(s).text() for s in (Std.Ok, Std.Cancel, Std.Yes, Std.No)],
    "file dialog": texts(files),
    "print dialog": texts(printing),
    "months": [calendar.locale().monthName(m) for m in (1, 6, 12)],
    "day": calendar.locale().dayName(1, QLocale.FormatType.ShortFormat),
}, ensure_ascii=False))
"""


def test_qt_dialogs_speak_chinese_on_an_english_system():
    env = {
        **os.environ,
        "LANG": "en_US.UTF-8",
        "LC_ALL": "en_US.UTF-8",
        "LANGUAGE": "en_US:en",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        [sys.executable, "-c", _CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["system"].startswith("en")  # the system speaks English...
    assert found["buttons"] == ["确定", "取消", "是(&Y)", "否(&N)"]  # ...Qt's buttons do not
    assert found["months"] == ["一月", "六月", "十二月"] and found["day"] == "周一"
    for dialog in ("file dialog", "print dialog"):
        english = [t for t in found[dialog] if any("a" <= c.lower() <= "z" for c in t)]
        english = [t for t in english if "(&" not in t or t.split("(&")[0].isascii()]
        assert english == [], (dialog, found[dialog])
        assert len(found[dialog]) >= 3
    assert "查找范围(&L)：" in found["file dialog"] and "文件类型(&T)：" in found["file dialog"]


def test_standard_buttons_are_chinese_under_an_english_locale(qapp):
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    create_application()
    Std = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "t", "x", Std.Ok | Std.Cancel | Std.Yes | Std.No)
    texts = {box.button(b).text().replace("&", "") for b in (Std.Ok, Std.Cancel, Std.Yes, Std.No)}
    assert texts == {"确定", "取消", "是(Y)", "否(N)"}
    box.deleteLater()


def test_calendar_names_months_in_chinese(app):
    calendar = QCalendarWidget()
    assert calendar.locale().monthName(6) == "六月"
    calendar.deleteLater()


def test_a_label_the_catalogue_knows_without_its_shortcut_gets_one(app):
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    assert QCoreApplication.translate("QPrintSettingsOutput", "Page &Set:") == "页面组(&S)："
    assert QCoreApplication.translate("QFileDialog", "File &name:") == "文件名称(&N)："  # as is
    assert QCoreApplication.translate("NoSuchContext", "&Nothing") == ""
    assert with_mnemonic("文件类型：", "t") == "文件类型(&T)："
    assert with_mnemonic("打印", "p") == "打印(&P)"
    assert with_mnemonic("打印(&P)", "p") == "打印(&P)"
