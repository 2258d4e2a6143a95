"""Qt's own texts in Chinese on every OS language: standard buttons, file, print and colour
dialogs, the calendar's month and day names, context menus of text fields."""

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

#: Qt's catalogue, shipped in the PySide6 wheel's Qt/translations (PyInstaller's Qt hooks copy it)
CATALOGUE = "qtbase_zh_CN"
_installed: list[QTranslator] = []


def chinese_locale() -> QLocale:
    return QLocale(QLocale.Language.Chinese, QLocale.Country.China)


def install_chinese(app) -> bool:
    """Make Chinese the default locale and load Qt's zh_CN catalogue once; False if none found."""
    QLocale.setDefault(chinese_locale())
    if _installed:
        return True
    translator = QTranslator(app)
    if not translator.load(CATALOGUE, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
