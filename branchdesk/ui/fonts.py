"""Register the bundled CJK font so Chinese renders on a PC (or a test machine) without one."""

from PySide6.QtGui import QFont, QFontDatabase

from branchdesk.core.paths import resource

BUNDLED_FONT = ("fonts", "wqy-microhei.ttc")
_families: list[str] = []


def register_bundled_fonts() -> list[str]:
    if not _families:
        font_id = QFontDatabase.addApplicationFont(str(resource(*BUNDLED_FONT)))
        if font_id >= 0:
            _families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return _families


def apply_cjk_fallback(app) -> None:
    """Use the system UI font first and the bundled CJK font as a fallback for missing glyphs."""
    families = register_bundled_fonts()
    if not families:
        return
    font = QFont(app.font())
    preferred = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC"]
    font.setFamilies([*preferred, families[0]])
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
