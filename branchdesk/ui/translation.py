"""Qt's own texts in Chinese on every OS language: standard buttons, file, print and colour
dialogs, the calendar's month and day names, context menus of text fields.

Qt's zh_CN catalogue is older than some of Qt 6's labels: the file dialog asks for "&Look in:"
and "Files of &type:", the print dialog for "Page &Set:", while the catalogue holds them without
the shortcut marker ("Look in:" → 查找范围：). `MnemonicFallback` answers those from the same
catalogue, adding the shortcut the Chinese way (查找范围(&L)：).
"""

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

#: Qt's catalogue, shipped in the PySide6 wheel's Qt/translations (PyInstaller's Qt hooks copy it)
CATALOGUE = "qtbase_zh_CN"
_installed: list[QTranslator] = []


def chinese_locale() -> QLocale:
    return QLocale(QLocale.Language.Chinese, QLocale.Country.China)


def with_mnemonic(translated: str, key: str) -> str:
    """查找范围： and "L" → 查找范围(&L)： (the marker before a trailing colon, as Qt's zh_CN does)."""
    if not key or "&" in translated:
        return translated
    for colon in ("：", ":"):
        if translated.endswith(colon):
            return f"{translated[: -len(colon)]}(&{key.upper()}){colon}"
    return f"{translated}(&{key.upper()})"


class MnemonicFallback(QTranslator):
    """Asked only after the catalogue found nothing (installed before it): a label with a
    shortcut marker is looked up without it."""

    def __init__(self, catalogue: QTranslator, parent=None):
        super().__init__(parent)
        self.catalogue = catalogue

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def translate(self, context, source, disambiguation=None, n=-1) -> str:
        at = source.find("&") if source else -1
        if at < 0 or at + 1 >= len(source) or source[at + 1] == "&":
            return ""
        plain = source[:at] + source[at + 1 :]
        found = self.catalogue.translate(context, plain, disambiguation, n)
        return with_mnemonic(found, source[at + 1]) if found else ""


def install_chinese(app) -> bool:
    """Make Chinese the default locale and load Qt's zh_CN catalogue once; False if none found."""
    QLocale.setDefault(chinese_locale())
    if _installed:
        return True
    translator = QTranslator(app)
    if not translator.load(CATALOGUE, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        return False
    fallback = MnemonicFallback(translator, app)
    # the newest translator is asked first: the catalogue, then (when it has nothing) the fallback
    app.installTranslator(fallback)
    app.installTranslator(translator)
    _installed.extend((translator, fallback))
    return True
